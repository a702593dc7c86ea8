// LINKTYPE_* values as registered by tcpdump.org (the numbers stored in pcap and pcapng files).

export const enum LinkType {
  Null = 0,
  Ethernet = 1,
  Ppp = 9,
  /** DLT_RAW as BSD/Linux numbered it before LINKTYPE_RAW existed; OpenBSD used 14. */
  RawLegacy12 = 12,
  RawLegacy14 = 14,
  PppHdlc = 50,
  Raw = 101,
  Loop = 108,
  LinuxSll = 113,
  Ipv4 = 228,
  Ipv6 = 229,
  LinuxSll2 = 276,
}

/** Captured length above which libpcap and Wireshark refuse a record (their common maximum snapshot length). */
export const MAX_RECORD_CAPLEN = 262144;
