#!/usr/bin/env python3
"""Record one capture-lab scenario with other capture options than its own run uses.

    sudo CORPUS_OUT=/tmp/lab-out python3 scripts/lab/record-variant.py zero-window-sndbuf-full \
        [--side srv] [--sll2] [--ipv6] [--name OUT_NAME]

--side srv   tcpdump runs in the server's namespace (the capture sees the other end of the path)
--sll2       capture on `-i any` with link type LINUX_SLL2
--ipv6       fd99::1 / fd99::2 instead of 10.99.0.x (only scenarios whose roles take {"ipv6": true})

The scenario itself (its applications, timing and truth analysis) is the lab's, loaded from
$CAPTURE_LAB (default ../shared/tools/capture-lab next to the repository); this script only picks
the options of the lab's standard_run. Recordings go to $CORPUS_OUT/<name>.
"""
import argparse
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAB = os.environ.get("CAPTURE_LAB", os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "tools", "capture-lab")))


def load_scenario(name):
    path = os.path.join(LAB, "scenarios", name + ".py")
    if not os.path.exists(path):
        sys.exit("no scenario %s in %s" % (name, LAB))
    sys.path.insert(0, os.path.join(LAB, "lib"))
    spec = importlib.util.spec_from_file_location("scenario_" + name.replace("-", "_"), path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return path, mod


def run_parts(mod):
    """(body, analyze, readme) of the scenario's default run, or None."""
    if all(hasattr(mod, n) for n in ("body", "analyze", "README")):
        return mod.body, mod.analyze, mod.README
    # Scenarios whose runs are built from factories: the Nagle one (delayed ACK on, no TCP_NODELAY)
    # and the stuck-direction one (its configuration object).
    if hasattr(mod, "body_factory") and hasattr(mod, "README_NAGLE"):
        return mod.body_factory(False), mod.analyze_factory(False, mod.NAME), mod.README_NAGLE
    if hasattr(mod, "sc") and hasattr(mod, "CFG"):
        return mod.sc.body_factory(mod.CFG), mod.sc.analyze_factory(mod.CFG, (mod.__doc__ or "").strip()), mod.README
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario")
    ap.add_argument("--side", choices=("cli", "srv"), default="cli")
    ap.add_argument("--sll2", action="store_true")
    ap.add_argument("--ipv6", action="store_true")
    ap.add_argument("--name", help="output directory name (default: scenario plus the options)")
    a = ap.parse_args()

    path, mod = load_scenario(a.scenario)
    parts = run_parts(mod)
    if parts is None:
        sys.exit("%s: no single body/analyze pair found; this script records single-run scenarios and the "
                 "default run of nagle-delayed-ack and stuck-direction-after-outage" % a.scenario)
    body, analyze, readme = parts
    import corpus  # the lab's library, on sys.path after load_scenario

    if a.ipv6:
        # The roles read {"ipv6": true} from their parameters; the scenario's body does not pass
        # it, so every role it spawns gets it added.
        zw = getattr(mod, "zw", None)
        if zw is None:
            sys.exit("%s: its roles do not take an IPv6 option" % a.scenario)
        spawn = zw.spawn_role

        def spawn_v6(topo, script, role, ns_key, params, log_name=None):
            return spawn(topo, script, role, ns_key, {**params, "ipv6": True}, log_name)

        zw.spawn_role = spawn_v6

    suffix = ("-srvside" if a.side == "srv" else "") + ("-sll2" if a.sll2 else "") + ("-ipv6" if a.ipv6 else "")
    name = a.name or a.scenario + suffix
    corpus.standard_run(
        mod.NAME, path, body, analyze, readme,
        out_name=name, capture_side=a.side,
        capture_iface="any" if a.sll2 else None,
        capture_linktype="LINUX_SLL2" if a.sll2 else None,
        ipv6=a.ipv6,
    )


if __name__ == "__main__":
    main()
