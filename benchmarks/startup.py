"""Start-up: `provenance analyze` on the 150 WIKINEWS dev articles as a whole
process, cold (an empty, throw-away parse cache) and again with the cache
filled, and which heavy modules each run imported.

    python benchmarks/startup.py [--limit N]

Prints wall and CPU seconds (user + sys of the child) of both runs, the
ratio, and checks that both outputs are byte for byte the same. The cold run
parses with one torch thread; CPU time is the figure to trust on a busy
machine, wall time on an idle one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "wikinews-quotes" / "dev.jsonl"
HEAVY = ("torch", "stanza", "dask", "distributed", "duckdb", "datasketch", "pyarrow", "scipy", "numpy",
         "provenance.evaluate", "provenance.learned")


def run(args: list[str], env: dict) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def imported(env: dict, source: Path) -> list[str]:
    code = ("import sys, runpy; sys.argv = ['provenance', 'analyze', %r, '--format', 'jsonl', '-o', '/dev/null'];"
            "\ntry:\n    runpy.run_module('provenance', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(' '.join(m for m in %r if m in sys.modules), file=sys.__stdout__)") % (str(source), HEAVY)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=150, help="dev articles (default all 150)")
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "dev.jsonl"
        with DEV.open(encoding="utf-8") as lines, source.open("w", encoding="utf-8") as out:
            for k, line in zip(range(args.limit), lines):
                out.write(line)
        # a throw-away parse cache: platformdirs puts it under XDG_CACHE_HOME
        env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        command = [sys.executable, "-m", "provenance", "analyze", str(source), "--format", "jsonl", "-o"]
        cold = run(command + [str(Path(tmp) / "cold.jsonl")], env)
        warm = run(command + [str(Path(tmp) / "warm.jsonl")], env)
        same = (Path(tmp) / "cold.jsonl").read_bytes() == (Path(tmp) / "warm.jsonl").read_bytes()
        modules = imported(env, source)
    print(json.dumps({"articles": args.limit, "cold_wall_s": round(cold[0], 2), "cold_cpu_s": round(cold[1], 2),
                      "cached_wall_s": round(warm[0], 2), "cached_cpu_s": round(warm[1], 2),
                      "speedup_wall": round(cold[0] / warm[0], 1), "speedup_cpu": round(cold[1] / warm[1], 1),
                      "outputs_identical": same, "heavy_modules_in_cached_run": modules}, indent=2))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
