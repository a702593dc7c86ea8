// Port names tcpdump prints without -n (from the resolver's services table). The common ones
// only; both historical spellings are kept (`www` in old tables, `http` in current ones).
// Where TCP and UDP use one name for different ports, the table entry applies to both.

const SERVICES: Record<string, number> = {
  'ftp-data': 20, ftp: 21, ssh: 22, telnet: 23, smtp: 25, time: 37, nameserver: 42, whois: 43,
  tacacs: 49, domain: 53, bootps: 67, bootpc: 68, tftp: 69, gopher: 70, finger: 79,
  http: 80, www: 80, 'www-http': 80, kerberos: 88, 'kerberos5': 88, pop2: 109, pop3: 110,
  sunrpc: 111, portmapper: 111, auth: 113, ident: 113, nntp: 119, ntp: 123, epmap: 135,
  'loc-srv': 135, 'netbios-ns': 137, 'netbios-dgm': 138, 'netbios-ssn': 139, imap: 143,
  imap2: 143, snmp: 161, 'snmp-trap': 162, snmptrap: 162, xdmcp: 177, bgp: 179, irc: 194,
  ldap: 389, https: 443, 'microsoft-ds': 445, kpasswd: 464, isakmp: 500, exec: 512,
  biff: 512, login: 513, who: 513, shell: 514, syslog: 514, printer: 515, talk: 517,
  ntalk: 518, route: 520, router: 520, efs: 520, timed: 525, ripng: 521, uucp: 540,
  rtsp: 554, submission: 587, ipp: 631, ldaps: 636, rsync: 873, 'domain-s': 853,
  ftps: 990, telnets: 992, imaps: 993, pop3s: 995, socks: 1080, openvpn: 1194,
  'ms-sql-s': 1433, 'ms-sql-m': 1434, radius: 1812, 'radius-acct': 1813, nfs: 2049,
  svn: 3690, mysql: 3306, 'ms-wbt-server': 3389, sip: 5060, 'sip-tls': 5061,
  postgresql: 5432, amqp: 5672, x11: 6000, 'http-alt': 8080, webcache: 8080,
  afs3: 7000, 'afs3-fileserver': 7000, 'afs3-callback': 7001, 'afs3-prserver': 7002,
  'afs3-vlserver': 7003, 'afs3-kaserver': 7004, 'afs3-volser': 7005, 'afs3-errors': 7006,
  'afs3-bos': 7007, 'afs3-update': 7008, 'afs3-rmtsys': 7009, mdns: 5353, llmnr: 5355,
  'dhcpv6-client': 546, 'dhcpv6-server': 547, ldp: 646, openflow: 6653, 'http-alt2': 8008,
  squid: 3128, 'iso-tsap': 102, vxlan: 4789, geneve: 6081,
};

const BY_NAME = new Map<string, number>(Object.entries(SERVICES));

/** Port number of a service name as tcpdump prints it, or -1 when the name is not known. */
export function servicePort(name: string): number {
  return BY_NAME.get(name) ?? -1;
}
