"""What each long task of the page's main thread did during a traced load.

    python3 bench/long_tasks.py TRACE.json [--over MS]

TRACE.json is a Chromium trace written by `node bench/browser.mjs --trace FILE`. For every task
of the page's main thread (the renderer's `CrRendererMain` whose frames hold the app)
longer than --over ms (default 50), prints its start (ms after the first traced event), its
length, and the events inside it that took 2 ms or more, by name with their total time: script
(`FunctionCall`, `EventDispatch`, `v8.callFunction`), garbage collection (`MajorGC`, `MinorGC`,
`V8.GC_*`), style, layout and paint.
"""

import json
import sys
from collections import defaultdict


def main():
    args = sys.argv[1:]
    over = float(args[args.index("--over") + 1]) if "--over" in args else 50.0
    with open(args[0]) as f:
        trace = json.load(f)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"}
    mains = {key for key, name in names.items() if name == "CrRendererMain"}
    complete = [e for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) in mains and "dur" in e]
    start = min(e["ts"] for e in events if "ts" in e and e.get("ph") != "M")
    by_thread = defaultdict(list)
    for e in complete:
        by_thread[(e["pid"], e["tid"])].append(e)
    for key, thread in by_thread.items():
        thread.sort(key=lambda e: e["ts"])
        # A task is an event not inside another (`RunTask` when the trace has the toplevel
        # category, else the outermost script, message or frame event).
        tasks, end = [], 0
        for e in thread:
            if e["ts"] >= end:
                end = e["ts"] + e["dur"]
                if e["dur"] > over * 1000:
                    tasks.append(e)
        for task in tasks:
            end = task["ts"] + task["dur"]
            inside = defaultdict(float)
            for e in thread:
                if task["ts"] <= e["ts"] < end and e is not task and e["dur"] >= 2000:
                    inside[e["name"]] += e["dur"] / 1000
            parts = ", ".join(f"{name} {ms:.0f}" for name, ms in sorted(inside.items(), key=lambda kv: -kv[1]))
            print(f"at {(task['ts'] - start) / 1000:.0f} ms, {task['name']} {task['dur'] / 1000:.1f} ms: {parts}")


if __name__ == "__main__":
    main()
