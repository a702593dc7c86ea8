#!/usr/bin/env python3
"""Records connect() calls into a dead path, for the unanswered-connect detector.

Two network namespaces joined by a veth pair; the capture runs on the client's end, so every SYN
the client sends is on the wire before the peer's nftables rules drop (or reject) it. Four
attempts, one after the other, each from its own fixed source port:

  timeout   SYNs dropped for good: tcp_syn_retries=3, no linear phase -> 1, 2, 4 s, ETIMEDOUT at ~15 s
  icmp      SYNs dropped for 2.5 s, then rejected with ICMP host-unreachable -> EHOSTUNREACH
  recovers  SYNs dropped for 6 s, then let through to a listener -> the handshake completes at ~7 s
  linear    tcp_syn_retries=2 with tcp_syn_linear_timeouts=4 (Linux >= 6.6): SYNs 1 s apart, then ETIMEDOUT

After each attempt a UDP datagram marks the time on the wire, so the capture visibly runs past the
moment the client gave up. Writes capture.pcap, capture.txt, app-log.jsonl and truth.json.

Usage (root): scripts/lab/record-syn-blackhole.py OUTDIR
"""
import json
import os
import subprocess
import sys
import time

CLI_NS = "sockscope-syn"
SRV_NS = "sockscope-syn-peer"
CLI_IP = "10.201.0.1"
SRV_IP = "10.201.0.2"
MARK_PORT = 9999

CLIENT = r"""
import json, socket, sys, time
sport, dport = int(sys.argv[1]), int(sys.argv[2])
def log(event, **details):
    print(json.dumps({"t": time.time(), "event": event, "details": details}), flush=True)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("%s", sport))
log("connect_call", sport=sport, dport=dport)
try:
    s.connect(("%s", dport))
    log("connected")
    s.close()
except OSError as e:
    log("connect_failed", errno=e.errno, error=str(e))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
time.sleep(2.0)
u.sendto(b"mark", ("%s", %d))
log("marker_sent")
""" % (CLI_IP, SRV_IP, SRV_IP, MARK_PORT)

LISTENER = r"""
import socket, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("%s", 5012))
s.listen(4)
c, _ = s.accept()
time.sleep(0.5)
c.close()
""" % SRV_IP


def sh(*args: str, check: bool = True) -> None:
    subprocess.run(args, check=check)


def ns(name: str, *args: str, check: bool = True) -> None:
    sh("ip", "netns", "exec", name, *args, check=check)


def sysctl(name: str, value: int) -> None:
    ns(CLI_NS, "sysctl", "-q", "-w", f"{name}={value}")


def nft(rules: str) -> None:
    subprocess.run(["ip", "netns", "exec", SRV_NS, "nft", "-f", "-"], input=rules.encode(), check=True)


def setup() -> None:
    teardown()
    sh("ip", "netns", "add", CLI_NS)
    sh("ip", "netns", "add", SRV_NS)
    sh("ip", "-n", CLI_NS, "link", "add", "sc0", "type", "veth", "peer", "name", "ss0", "netns", SRV_NS)
    sh("ip", "-n", CLI_NS, "addr", "add", f"{CLI_IP}/24", "dev", "sc0")
    sh("ip", "-n", SRV_NS, "addr", "add", f"{SRV_IP}/24", "dev", "ss0")
    for n, dev in ((CLI_NS, "sc0"), (SRV_NS, "ss0")):
        # IPv4 only: IPv6 neighbour discovery would only add noise to the capture.
        ns(n, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1")
        ns(n, "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=1")
        sh("ip", "-n", n, "link", "set", "lo", "up")
        sh("ip", "-n", n, "link", "set", dev, "up")
        # Segments as the kernel sent them, not merged by offloads.
        ns(n, "ethtool", "-K", dev, "tso", "off", "gso", "off", "gro", "off", check=False)
    nft(
        "table inet syn { chain input { type filter hook input priority 0; policy accept;\n"
        "  tcp dport { 5010, 5011, 5012, 5013 } tcp flags & (syn | ack) == syn drop; }; }\n"
    )


def teardown() -> None:
    for n in (CLI_NS, SRV_NS):
        subprocess.run(["ip", "netns", "del", n], stderr=subprocess.DEVNULL)


def attempt(name: str, sport: int, dport: int, log: list, during=None) -> None:
    """Runs one connect() in the client namespace; `during(t0)` changes the peer's rules meanwhile."""
    proc = subprocess.Popen(
        ["ip", "netns", "exec", CLI_NS, "python3", "-c", CLIENT, str(sport), str(dport)],
        stdout=subprocess.PIPE,
        text=True,
    )
    t0 = time.time()
    if during:
        during(t0)
    out, _ = proc.communicate(timeout=60)
    for line in out.splitlines():
        rec = json.loads(line)
        rec["attempt"] = name
        log.append(rec)


def sleep_until(t: float) -> None:
    time.sleep(max(0.0, t - time.time()))


def main() -> None:
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    log: list = []
    pcap = os.path.join(out, "capture.pcap")
    dump = None
    try:
        setup()
        dump = subprocess.Popen(["ip", "netns", "exec", CLI_NS, "tcpdump", "-i", "sc0", "-nn", "-s", "200", "-U", "-w", pcap, "ip"],
                                stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        sysctl("net.ipv4.tcp_syn_retries", 3)
        sysctl("net.ipv4.tcp_syn_linear_timeouts", 0)
        attempt("timeout", 41010, 5010, log)

        def reject_later(t0: float) -> None:
            sleep_until(t0 + 2.5)
            nft("insert rule inet syn input tcp dport 5011 reject with icmp type host-unreachable\n")

        attempt("icmp", 41011, 5011, log, reject_later)

        listener = subprocess.Popen(["ip", "netns", "exec", SRV_NS, "python3", "-c", LISTENER])
        time.sleep(0.3)

        def accept_later(t0: float) -> None:
            sleep_until(t0 + 6.0)
            nft("insert rule inet syn input tcp dport 5012 accept\n")

        attempt("recovers", 41012, 5012, log, accept_later)
        listener.wait(timeout=10)

        sysctl("net.ipv4.tcp_syn_retries", 2)
        sysctl("net.ipv4.tcp_syn_linear_timeouts", 4)
        attempt("linear", 41013, 5013, log)
        time.sleep(1.0)
    finally:
        if dump:
            dump.terminate()
            dump.wait()
        teardown()
    with open(os.path.join(out, "app-log.jsonl"), "w") as f:
        for rec in log:
            f.write(json.dumps(rec) + "\n")
    text = subprocess.run(["tcpdump", "-nn", "-r", pcap], capture_output=True, text=True, check=True).stdout
    with open(os.path.join(out, "capture.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth(pcap, log), f, indent=1)
    print(f"recorded {pcap}; kernel {os.uname().release}")


def truth(pcap: str, log: list) -> dict:
    """Flows and labelled events, from the SYNs on the wire and what each connect() returned."""
    syns: dict = {}
    for line in subprocess.run(["tcpdump", "-tt", "-nn", "-r", pcap, "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn"],
                               capture_output=True, text=True, check=True).stdout.splitlines():
        fields = line.split()
        syns.setdefault(int(fields[2].rsplit(".", 1)[1]), []).append(float(fields[0]))
    flows, events = [], []
    for sport, dport in ((41010, 5010), (41011, 5011), (41012, 5012), (41013, 5013)):
        recs = [r for r in log if r["details"].get("sport") == sport]
        name = recs[0]["attempt"]
        outcome = next(r for r in log if r["attempt"] == name and r["event"] in ("connected", "connect_failed"))
        times = syns[sport]
        flows.append({"proto": "tcp", "client": {"ip": CLI_IP, "port": sport, "host": "cli"},
                      "server": {"ip": SRV_IP, "port": dport, "host": "srv"}, "attempt": name})
        n = len(flows) - 1
        events.append({"label": "rto_backoff", "side": "cli", "t_start": times[0], "t_end": times[-1], "flow": n,
                       "evidence": {"segment": "SYN", "times": times, "retransmissions": len(times) - 1,
                                    "outcome": outcome["event"], "errno": outcome["details"].get("errno")}})
        if outcome["details"].get("errno") == 110:
            events.append({"label": "connection_timeout", "side": "cli", "t_start": times[0], "t_end": outcome["t"], "flow": n,
                           "evidence": {"app_error": outcome["details"], "last_syn_to_error_s": round(outcome["t"] - times[-1], 4)}})
    return {"scenario": "syn-unanswered-blackhole", "kernel": os.uname().release,
            "clock": "CLOCK_REALTIME seconds since the epoch, the capture's clock",
            "capture_point": {"host": "cli", "interface": "sc0", "note": "client end of a veth pair; the peer's nftables drop or reject the SYNs"},
            "sysctls": {"timeout": {"net.ipv4.tcp_syn_retries": 3, "net.ipv4.tcp_syn_linear_timeouts": 0},
                        "icmp": {"net.ipv4.tcp_syn_retries": 3, "net.ipv4.tcp_syn_linear_timeouts": 0},
                        "recovers": {"net.ipv4.tcp_syn_retries": 3, "net.ipv4.tcp_syn_linear_timeouts": 0},
                        "linear": {"net.ipv4.tcp_syn_retries": 2, "net.ipv4.tcp_syn_linear_timeouts": 4}},
            "flows": flows, "events": events}


if __name__ == "__main__":
    main()
