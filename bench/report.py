#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn one bench/suite.sh run into tables of medians and ratios.

    bench/report.py RUNDIR [RESULTSDIR]
    bench/report.py --rst RESULTS.json...

RUNDIR holds results.jsonl (the suite's figures) and marks.txt (the
insncount plugin's marks). Prints the tables; with RESULTSDIR, also writes
RESULTSDIR/KERNEL-DATE-COMMIT.json (every figure, raw and summarised) and
RESULTSDIR/KERNEL.png (the ratios to plain veth, drawn by gnuplot).
With --rst, prints the summary tables of Documentation/performance.rst
for saved results, one column per file.
"""
import datetime
import json
import os
import statistics
import subprocess
import sys

CANDS = ["veth", "linux", "ovsdp", "ovs", "vsw", "vswflow"]
NAMES = {
    "veth": "veth",
    "linux": "Linux bridge",
    "ovsdp": "OVS (dpctl flow)",
    "ovs": "OVS (vswitchd NORMAL)",
    "vsw": "vswitch",
    "vswflow": "vswitch (1 flow)",
}
PEERS = ["veth", "linux", "ovsdp", "ovs"]
SMALL, BIG = 10000, 30000


def load(rundir):
    rows = []
    for line in open(os.path.join(rundir, "results.jsonl")):
        try:
            rows.append(json.loads(line))
        except ValueError:
            print("unreadable result: %s" % line.strip(), file=sys.stderr)
    marks = []
    path = os.path.join(rundir, "marks.txt")
    if os.path.exists(path):
        marks = [int(line.split()[2]) for line in open(path) if line.startswith("MARK")]
    return rows, marks


def summarise(rows, marks):
    """{(section, case, metric): {cand: [values]}}, insn per frame included."""
    out = {}
    lost = {(r["section"], r["case"], r["cand"]): r["value"] or 0
            for r in rows if r["metric"] == "insn_lost"}
    for r in rows:
        if r["section"] == "meta" or r["metric"] == "error":
            continue
        v = r["value"]
        if r["metric"] == "insn":
            if len(marks) < max(v):
                continue
            m = [marks[i - 1] for i in v]
            v = ((m[3] - m[2]) - (m[1] - m[0])) / (BIG - SMALL)
        if v is None:
            continue
        if r["metric"] == "insn" and lost.get((r["section"], r["case"], r["cand"]), 0) > 0:
            # Frames that never arrived make the cost per frame a guess.
            print("insn of %s %s %s left out: %d frames lost while counting"
                  % (r["section"], r["case"], r["cand"],
                     lost[(r["section"], r["case"], r["cand"])]), file=sys.stderr)
            continue
        key = (r["section"], r["case"], r["metric"])
        out.setdefault(key, {}).setdefault(r["cand"], []).append(v)
    return out


def stat(values):
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def fmt(v):
    if v >= 100:
        return "%.0f" % v
    if v >= 10:
        return "%.1f" % v
    return "%.2f" % v


def cell(s):
    if s is None:
        return "-"
    if s["n"] > 1 and s["max"] > s["min"]:
        spread = 100 * (s["max"] - s["min"]) / s["median"] if s["median"] else 0
        return "%s ±%.0f%%" % (fmt(s["median"]), spread / 2)
    return fmt(s["median"])


def table(title, rows, cands, note=None):
    """rows: [(label, {cand: stat})]"""
    print()
    print(title)
    if note:
        print("  " + note)
    w = 13
    print("  %-26s" % "" + "".join("%*s" % (w, c) for c in cands))
    for label, stats in rows:
        print("  %-26s" % label + "".join("%*s" % (w, cell(stats.get(c))) for c in cands))


def veth_table(title, rows):
    """Each candidate's figure over plain veth's, for each row."""
    print()
    print(title)
    print("  %-26s" % "" + "".join("%13s" % c for c in CANDS[1:]))
    out = {}
    for label, stats in rows:
        line = "  %-26s" % label
        for c in CANDS[1:]:
            if c in stats and "veth" in stats and stats["veth"]["median"]:
                r = stats[c]["median"] / stats["veth"]["median"]
                out.setdefault(label, {})[c] = r
                line += "%13.2f" % r
            else:
                line += "%13s" % "-"
        print(line)
    return out


def one_ratio(ratios, key, title, st, cand, case):
    """CAND's median over ovs-vswitchd's, printed and kept as ratios[KEY]."""
    if cand not in st or "ovs" not in st or not st["ovs"]["median"]:
        return
    r = st[cand]["median"] / st["ovs"]["median"]
    print()
    print("%s, %s / ovs-vswitchd (>1: vswitch ahead)" % (title, cand))
    print("  %-26s%15.2f" % (case, r))
    ratios[key] = {case: {"%s/ovs" % cand: r}}


def ratio_table(title, rows, higher_better=True):
    """vswitch's figure over each peer's, for each row."""
    print()
    print(title + (" (>1: vswitch ahead)" if higher_better else " (<1: vswitch ahead)"))
    cols = [(a, b) for a in ("vsw", "vswflow") for b in PEERS]
    print("  %-26s" % "" + "".join("%15s" % ("%s/%s" % (a, b)) for a, b in cols))
    out = {}
    for label, stats in rows:
        line = "  %-26s" % label
        for a, b in cols:
            if a in stats and b in stats and stats[b]["median"]:
                r = stats[a]["median"] / stats[b]["median"]
                out.setdefault(label, {})["%s/%s" % (a, b)] = r
                line += "%15.2f" % r
            else:
                line += "%15s" % "-"
        print(line)
    return out


def main():
    rundir = sys.argv[1]
    resdir = sys.argv[2] if len(sys.argv) > 2 else None
    rows, marks = load(rundir)
    meta = {r["metric"]: r["value"] for r in rows if r["section"] == "meta"}
    errors = [r for r in rows if r["metric"] == "error"]
    s = {k: {c: stat(v) for c, v in d.items()} for k, d in summarise(rows, marks).items()}

    def get(section, case, metric):
        return s.get((section, case, metric), {})

    def with_veth(stats, metric, case):
        # Tunnels have no veth candidate of their own: the limit is the
        # plain veth pair of the switching section.
        stats = dict(stats)
        if "veth" not in stats:
            v = get("l2", case, metric).get("veth")
            if v:
                stats["veth"] = v
        return stats

    print("vswitch benchmark: kernel %s, %s vCPUs, single-threaded TCG"
          % (meta.get("kernel"), meta.get("cpus")))
    ratios = {}
    for metric, title, cases in (
        ("pps", "64-byte frames per second (median ±half the spread)",
         ["pps 1 flow", "pps 10k flows"]),
        ("insn", "guest instructions per 64-byte frame (exact)",
         ["pps 1 flow", "pps 10k flows"]),
        ("gbps", "TCP, Gbit/s (iperf3)", ["tcp 1", "tcp 4"]),
    ):
        trows = []
        for section in ("l2", "vxlan", "gre"):
            for case in cases:
                st = with_veth(get(section, case, metric), metric, case)
                if st:
                    trows.append(("%s %s" % (section, case), st))
        table(title, trows, CANDS)
        if metric == "insn":
            # What the switch itself costs: above the veth pair.
            above = []
            for label, st in trows:
                if "veth" in st:
                    v = st["veth"]["median"]
                    above.append((label, {c: {"median": x["median"] - v, "min": x["min"] - v,
                                              "max": x["max"] - v, "n": 1}
                                          for c, x in st.items() if c != "veth"}))
            table("guest instructions per frame above plain veth", above, CANDS[1:])
            ratios["insn_above_veth"] = ratio_table("instructions above veth, vswitch / peer",
                                                    above, higher_better=False)
        else:
            ratios[metric + "_over_veth"] = veth_table(
                "%s, each candidate / plain veth" % metric, trows)
            ratios[metric] = ratio_table("%s, vswitch / peer" % metric, trows)

    trows = []
    for kind, label in (("5tuple", "new 5-tuples"), ("mac", "new source MACs")):
        for metric in ("fps", "delivered", "sent", "upcalls", "lost"):
            st = get("newflow", kind, metric)
            if st:
                trows.append(("%s: %s" % (label, metric), st))
    table("new flows from a cold start (fps: flows delivered per second)", trows, CANDS[1:])
    ratios["newflow"] = ratio_table("new flows per second, vswitch / peer",
                                    [r for r in trows if r[0].endswith("fps")])

    for metric, title in (("pps", "flow-table scaling, 64-byte frames per second, 10k random ports"),
                          ("insn", "flow-table scaling, instructions per frame")):
        trows = []
        for n in (1, 1000, 100000):
            for m in (1, 8, 32):
                st = get("scale", "%d flows %d masks" % (n, m), metric)
                if st:
                    trows.append(("%d flows, %d masks" % (n, m), st))
        table(title, trows, ["ovsdp", "vswflow"])
        ratios["scale_" + metric] = ratio_table(
            "scaling %s, vswitch / OVS" % metric, trows, higher_better=(metric == "pps"))

    trows = []
    for key, st in sorted(s.items()):
        if key[0] in ("program", "memory"):
            trows.append(("%s: %s" % (key[1], key[2]), st))
    table("flow programming and memory (vswitch, ovs-dpctl, ovs-ofctl to ovs-vswitchd"
          " and to vswagent)",
          trows, ["linux", "ovsdp", "ovs", "vsw", "vswflow", "vswagent"],
          "slab_*: kernel slab growth; rss_*: ovs-vswitchd's resident memory growth")
    # The same ovs-ofctl add-flows, through vswagent and through ovs-vswitchd.
    one_ratio(ratios, "program_openflow", "OpenFlow flow programming",
              get("program", "100000 flows 32 masks", "flows_per_s"),
              "vswagent", "100000 flows 32 masks")

    trows = []
    for metric in ("fps", "delivered", "sent", "flows", "upcalls", "upcall_limited",
                   "upcall_lost"):
        st = get("reactive", "5tuple", metric)
        if st:
            trows.append(("new 5-tuples: %s" % metric, st))
    if trows:
        table("reactive flow setup, ovs-testcontroller (fps: flows delivered per second)",
              trows, ["ovs", "vsw"])
    one_ratio(ratios, "reactive", "reactive new flows per second",
              get("reactive", "5tuple", "fps"), "vsw", "5tuple")

    if errors:
        print()
        for e in errors:
            print("not measured: %s %s %s: %s" % (e["section"], e["case"], e["cand"], e["value"]))

    if not resdir:
        return
    os.makedirs(resdir, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    date = datetime.date.today().isoformat()
    kernel = meta.get("kernel", "unknown")
    doc = {
        "kernel": kernel,
        "date": date,
        "commit": commit + ("-dirty" if dirty else ""),
        "cpus": meta.get("cpus"),
        "summary": {" | ".join(k): v for k, v in sorted(s.items())},
        "ratios": ratios,
        "errors": errors,
        "raw": rows,
        "marks": marks,
    }
    base = os.path.join(resdir, "%s-%s-%s" % (kernel, date, commit))
    with open(base + ".json", "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
    print()
    print("saved %s.json" % base)
    plot(s, get, with_veth, os.path.join(resdir, kernel + ".png"), kernel, date, commit)


def plot(s, get, with_veth, png, kernel, date, commit):
    """A clustered bar chart of each candidate's figure over plain veth's."""
    series = []
    for section in ("l2", "vxlan", "gre"):
        for case, metric in (("pps 1 flow", "pps"), ("pps 10k flows", "pps"),
                             ("tcp 1", "gbps"), ("tcp 4", "gbps")):
            st = with_veth(get(section, case, metric), metric, case)
            if "veth" in st:
                series.append(("%s %s" % (section, case),
                               [st[c]["median"] / st["veth"]["median"] if c in st else 0
                                for c in CANDS[1:]]))
    if not series:
        return
    data = png[:-4] + ".dat"
    with open(data, "w") as f:
        f.write("case " + " ".join('"%s"' % NAMES[c] for c in CANDS[1:]) + "\n")
        for label, vals in series:
            f.write('"%s" ' % label + " ".join("%.4f" % v for v in vals) + "\n")
    script = """
set terminal pngcairo size 1400,600 noenhanced
set output '%s'
set title 'vswitch and its peers, as a ratio to plain veth (kernel %s, %s, %s)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key outside right top
set grid ytics
set yrange [0:*]
set xtics rotate by -30
set ylabel 'candidate / veth'
plot for [i=2:%d] '%s' using i:xtic(1) title columnheader(i)
""" % (png, kernel, date, commit, len(CANDS), data)
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        os.unlink(data)
        print("saved %s" % png)
    except (OSError, subprocess.CalledProcessError) as e:
        print("no chart: %s" % e)


def rst_table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    rule = "  ".join("=" * w for w in widths)
    out = [rule, "  ".join(str(h).ljust(w) for h, w in zip(header, widths)), rule]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
    out.append(rule)
    return "\n".join(line.rstrip() for line in out)


def rst(paths):
    """The summary tables for saved results, a column per file."""
    docs = [json.load(open(p)) for p in paths]
    kernels = [d["kernel"].split("-")[0] + " " + d["commit"] for d in docs]

    def med(d, key, cand):
        st = d["summary"].get(key, {}).get(cand)
        return st["median"] if st else None

    def veth_ratio(d, section, case, metric, cand):
        v = med(d, "l2 | %s | %s" % (case, metric), "veth")
        x = med(d, "%s | %s | %s" % (section, case, metric), cand)
        return "%.2f" % (x / v) if x is not None and v else "-"

    cases = [(sec, case, metric) for sec in ("l2", "vxlan", "gre")
             for case, metric in (("pps 1 flow", "pps"), ("pps 10k flows", "pps"),
                                  ("tcp 1", "gbps"), ("tcp 4", "gbps"))]
    for d, k in zip(docs, kernels):
        print("Each candidate over plain veth, medians (%s)::" % k)
        print()
        rows = []
        for sec, case, metric in cases:
            rows.append(["%s %s" % (sec, case)] +
                        [veth_ratio(d, sec, case, metric, c) for c in CANDS[1:]])
        print("\n".join("    " + l for l in
                        rst_table(["figure"] + CANDS[1:], rows).split("\n")))
        print()
    rows = []
    for sec in ("l2", "vxlan", "gre"):
        for case in ("pps 1 flow", "pps 10k flows"):
            row = ["%s %s" % (sec, case)]
            for d in docs:
                v = med(d, "l2 | %s | insn" % case, "veth")
                row.append(" / ".join("-" if med(d, "%s | %s | insn" % (sec, case), c) is None
                                      else "%.0f" % (med(d, "%s | %s | insn" % (sec, case), c) - v)
                                      for c in CANDS[1:]))
            rows.append(row)
    print("Instructions per frame above plain veth (%s)::" % " / ".join(CANDS[1:]))
    print()
    print("\n".join("    " + l for l in rst_table(["figure"] + kernels, rows).split("\n")))
    print()
    rows = []
    for key, label, cands in (
            ("newflow | 5tuple | fps", "new 5-tuples/s", ["linux", "ovs", "vsw"]),
            ("newflow | 5tuple | upcalls", "  OVS upcalls", ["ovs"]),
            ("newflow | mac | fps", "new MACs/s", ["linux", "ovs", "vsw"]),
            ("newflow | mac | upcalls", "  OVS upcalls", ["ovs"]),
            ("program | 100000 flows 32 masks | flows_per_s", "flows added/s",
             ["vswflow", "ovsdp", "ovs"]),
            ("program | 100000 flows 32 masks | flows_per_s", "  by OpenFlow",
             ["vswagent", "ovs"]),
            ("reactive | 5tuple | fps", "reactive new 5-tuples/s", ["vsw", "ovs"]),
            ("program | 100000 flows 32 masks | slab_bytes_per_flow", "slab B/flow",
             ["vswflow", "ovsdp"]),
            ("program | 100000 flows 32 masks | rss_bytes_per_flow", "ovs-vswitchd B/flow",
             ["ovs"]),
            ("memory | 8192 MACs | slab_bytes_per_mac", "slab B/MAC", ["linux", "ovs", "vsw"]),
    ):
        rows.append([label, " / ".join(cands)] +
                    [" / ".join("-" if med(d, key, c) is None else "%.0f" % med(d, key, c)
                                for c in cands) for d in docs])
    print("New flows, programming and memory::")
    print()
    print("\n".join("    " + l for l in
                    rst_table(["figure", "candidates"] + kernels, rows).split("\n")))
    print()
    rows = []
    for n in (1, 1000, 100000):
        for m in (1, 8, 32):
            key = "scale | %d flows %d masks | insn" % (n, m)
            if key not in docs[0]["summary"]:
                continue
            rows.append(["%d flows, %d masks" % (n, m)] +
                        ["%.0f / %.0f" % (med(d, key, "vswflow") or 0, med(d, key, "ovsdp") or 0)
                         for d in docs])
    print("Flow-table scaling, instructions per frame, vswitch / openvswitch.ko::")
    print()
    print("\n".join("    " + l for l in rst_table(["table"] + kernels, rows).split("\n")))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--rst":
        rst(sys.argv[2:])
    else:
        main()
