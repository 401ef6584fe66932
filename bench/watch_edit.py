#!/usr/bin/env python3
"""bench/watch_edit.py - time `concord watch` from save to last byte written.

  watch_edit.py [--runs N] [--json] -- CONCORD [watch options] -o OUT SOURCE.md ...

Starts `CONCORD watch ...` (it builds first, taking as long as it takes),
then N times: edits one clause of the middle source as bench/edit_clause.py
does (" the " <-> " the very ", written in place and closed: one save),
and waits for watch's line `concord: built ...`, which it prints after the
build's commit (the rename that puts the new output in place) returns: the
time from just before the save to that line is the save-to-last-byte
figure, debounce included. Also reports, per edit, what watch says it did
(sources read, files written), the CPU time watch used (user + system,
from /proc) and, when watch is given -v, its phase line (where the time
went). Prints a JSON object with --json.
Measures only; asserts nothing.
"""
import json
import os
import re
import select
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edit_clause import edit  # noqa: E402  the same edit bench/run times


PHASES = []  # watch -v's "concord: phases ..." lines, as seen


def cpu_seconds(pid):
    """User + system CPU time of process PID so far (Linux /proc)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def read_until(proc, pattern, timeout):
    """Lines of PROC's stderr until one matches PATTERN; (line, time seen)."""
    end = time.monotonic() + timeout
    buf = b""
    while time.monotonic() < end:
        r, _, _ = select.select([proc.stderr], [], [], max(0.0, end - time.monotonic()))
        if not r:
            break
        chunk = os.read(proc.stderr.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            s = line.decode("utf-8", "replace")
            if s.startswith("concord: phases"):
                PHASES.append(s)
            if re.search(pattern, s):
                return s, time.monotonic()
    return None, None


def main():
    args = sys.argv[1:]
    runs, as_json = 5, False
    while args and args[0] != "--":
        if args[0] == "--runs":
            runs = int(args[1])
            args = args[2:]
        elif args[0] == "--json":
            as_json = True
            args = args[1:]
        else:
            sys.exit(__doc__)
    cmd = args[1:]
    sources = [a for a in cmd if a.endswith(".md")]
    victim = sources[len(sources) // 2]
    proc = subprocess.Popen([cmd[0], "watch"] + cmd[1:], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL)
    res = {"councils": len(sources), "edited_file": os.path.basename(victim), "runs": []}
    try:
        t = time.monotonic()
        line, _ = read_until(proc, r"^concord: watching", 1800)
        if not line:
            res["failed"] = "watch did not start"
            return res
        res["first_build"] = time.monotonic() - t
        for _ in range(runs):
            time.sleep(0.5)  # a separate save, not part of the last one's burst
            c0 = cpu_seconds(proc.pid)
            del PHASES[:]
            t0 = time.monotonic()
            edit(victim)
            line, t1 = read_until(proc, r"^concord: (built|\d+ error)", 600)
            if not line:
                res["failed"] = "no rebuild seen"
                break
            m = re.search(r"read (\d+) sources?, wrote (\d+) files?", line)
            c1 = cpu_seconds(proc.pid)
            run = {"seconds": t1 - t0, "line": line,
                   "read": int(m.group(1)) if m else None,
                   "written": int(m.group(2)) if m else None,
                   "cpu": c1 - c0 if c0 is not None and c1 is not None else None}
            if PHASES:
                run["phases"] = PHASES[-1]
            res["runs"].append(run)
    finally:
        proc.send_signal(2)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
    if res["runs"]:
        s = [r["seconds"] for r in res["runs"]]
        res["median"], res["min"], res["max"] = statistics.median(s), min(s), max(s)
    return res


if __name__ == "__main__":
    r = main()
    if "--json" in sys.argv:
        print(json.dumps(r))
    else:
        for x in r.get("runs", []):
            print("%.3f s  %s" % (x["seconds"], x["line"]))
            if x.get("cpu") is not None:
                print("        cpu %.3f s" % x["cpu"])
            if x.get("phases"):
                print("        " + x["phases"])
        if "median" in r:
            print("median %.3f s (min %.3f, max %.3f) over %d edits of %s, %d councils"
                  % (r["median"], r["min"], r["max"], len(r["runs"]), r["edited_file"], r["councils"]))
        if "failed" in r:
            print("failed:", r["failed"])
