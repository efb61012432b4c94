#!/usr/bin/env python3
"""Measures how long `planportal serve` takes from saving a file to telling open pages
to reload: the latency a person editing a plan feels.

    scripts/bench-serve.py PLANPORTAL_BINARY SITE_ROOT [RUNS] [text|plan]

Starts serve on a free port, listens to its server-sent events like an open page does,
edits one file RUNS times (waiting for each reload event), and prints the median
milliseconds from the write to the event. `text` (the default) edits the first chapter's
first paragraph; `plan` edits a target's text in that chapter's plan's front matter,
which links the plan again. The edit is undone at the end.
"""
import http.client
import os
import re
import statistics
import subprocess
import sys
import time


def chapter_of(root):
    for base, _dirs, files in sorted(os.walk(os.path.join(root, "content", "kommuner"))):
        for name in sorted(files):
            if name.endswith(".md") and name != "_index.md":
                return os.path.join(base, name)
    raise SystemExit("no chapter found")


def main():
    binary, root = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    kind = sys.argv[4] if len(sys.argv) > 4 else "text"
    chapter = chapter_of(root)
    if kind == "plan":
        chapter = os.path.join(os.path.dirname(chapter), "_index.md")
    elif kind != "text":
        raise SystemExit(f"unknown kind of edit: {kind} (text or plan)")
    original = open(chapter, encoding="utf-8").read()
    server = subprocess.Popen(
        [binary, "--root", root, "serve", "--port", "0"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    try:
        url = None
        for line in server.stderr:
            m = re.search(r"http://([\d.]+):(\d+)/", line)
            if m:
                url = (m.group(1), int(m.group(2)))
                break
        if not url:
            raise SystemExit("serve did not start")
        conn = http.client.HTTPConnection(*url, timeout=120)
        conn.request("GET", "/__planportal/events")
        events = conn.getresponse()

        def next_build():
            while True:
                line = events.fp.readline().decode()
                if not line:
                    raise SystemExit("the event stream ended")
                if line.startswith("data:"):
                    return int(line[5:].strip())

        next_build()  # the current build
        times = []
        for i in range(runs):
            if kind == "plan":
                body = original.replace('text = "', f'text = "Rettelse {i}: ', 1)
            else:
                # The first paragraph changes; the headings stay: what an editor does
                # most.
                body = original.replace("\n+++\n", f"\n+++\nRettelse nummer {i}.\n\n", 1)
            start = time.perf_counter()
            with open(chapter, "w", encoding="utf-8") as f:
                f.write(body)
            next_build()
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.3)
        print(f"{statistics.median(times):.0f}")
        print("runs (ms): " + ", ".join(f"{t:.0f}" for t in times), file=sys.stderr)
    finally:
        with open(chapter, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
