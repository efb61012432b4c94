"""Cold builds of the bench corpus with each tool in turn, RUNS rounds; prints each
tool's times as `name=t1,t2,…` (seconds), for scripts/bench.

The machine's speed drifts from minute to minute, so a ratio of two tools is taken from
builds made next to each other, not from blocks of runs minutes apart.
"""
import os
import shutil
import subprocess
import time

w = os.environ["WORK"]
tools = {
    "planportal": ([os.environ["PP"], "--root", f"{w}/corpus", "build", "-q", "-o", f"{w}/out"], f"{w}/out"),
    "hugo": (["hugo", "--quiet", "--source", f"{w}/hugo", "--destination", f"{w}/hugo-out"], f"{w}/hugo-out"),
}
if os.environ.get("ZOLA") and os.path.isdir(f"{w}/zola"):
    tools["zola"] = ([os.environ["ZOLA"], "--root", f"{w}/zola", "build", "-o", f"{w}/zola-out"], f"{w}/zola-out")
times = {name: [] for name in tools}
for _ in range(int(os.environ["RUNS"])):
    for name, (cmd, out) in tools.items():
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[name].append(time.perf_counter() - start)
for _, out in tools.values():
    shutil.rmtree(out, ignore_errors=True)
for name, ts in times.items():
    print(f"{name}=" + ",".join(f"{t:.3f}" for t in ts))
