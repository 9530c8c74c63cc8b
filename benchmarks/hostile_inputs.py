"""Peak memory and time of `provenance analyze` on pathological inputs
(issue 13 §5), each case in a fresh process of its own:

- a line without spaces (one "word" of N random letters),
- N quotation marks (a pseudo-random mix of „ “ " » «, so no two pieces are alike),
- N quotation marks in runs of 1 to 200 with a word of random letters between
  two runs (the marks never reach the parser, the words and the runs shorter
  than chunking.SYMBOL_RUN_TOKENS do),
- a 10 MB article in paragraphs (refused while reading: limits.max_chars),
- a 1 GB sparse JSON lines file (two records around a 1 GB hole of NUL bytes),
- a 130,000-character article of quotations, analysed from the parse cache
  (parsed once first, so the figure is the rule layer's),
- lookups:N — N speaker mentions (unresolved pronouns, distinct officials and
  anonymous sources, six recurring persons) matched to sources, and N claims each
  followed by a "does a claim cover this" question, through the scans the tests
  keep as reference and through the indexes (seconds of each, no analysis).

Usage: python benchmarks/hostile_inputs.py [--cases a,b] [--quick]
Prints one line per case: wall seconds, peak resident memory of the process
(ru_maxrss), exit code, the load average at the end, and the command's first and
last stderr lines. The machine is
shared and the figures are of one run: read them as orders of magnitude.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUOTES = "„“\"»«"


def quotations_article(chars: int, seed: int = 7) -> str:
    """Invented paragraphs of quotations and reported speech, ``chars`` long."""
    rng = random.Random(seed)
    names = ["Anna Berger", "Jonas Keller", "Miriam Vogt", "Paul Hartmann", "Lea Schuster", "Tobias Brandt"]
    roles = ["die Ministerin", "der Sprecher", "ein Polizeisprecher", "die Bürgermeisterin", "der Abgeordnete"]
    claims = ["Wir werden das prüfen", "Die Lage ist ernst", "Es gibt keinen Grund zur Sorge",
              "Das Gesetz kommt im Herbst", "Die Zahlen sprechen für sich", "Wir haben nichts zu verbergen"]
    verbs = ["sagte", "erklärte", "betonte", "meinte", "sagte am Montag"]
    out, n = [], 0
    while n < chars:
        k = len(out)
        p = (f"„{rng.choice(claims)}, {k}“, {rng.choice(verbs)} {rng.choice(names)}. "
             f"Laut {rng.choice(roles)} {rng.choice(names)} sei die Sitzung {k} ohne Ergebnis geblieben. "
             f"{rng.choice(names)} sagte, man werde {k} Wochen warten.")
        out.append(p)
        n += len(p) + 2
    return "\n\n".join(out)


def make_input(case: str, directory: Path) -> tuple[Path, list[str]]:
    """The input file of ``case`` and the extra options of its command."""
    kind, _, size = case.partition(":")
    n = int(float(size)) if size else 0
    if kind == "nospace":
        path = directory / "nospace.txt"
        rng = random.Random(n)  # letters at random: no two pieces alike, none parsed from another's
        path.write_text("".join(rng.choice("abcdefghijklmnopqrstuvwxyzäöüß") for _ in range(n)), encoding="utf-8")
        return path, ["--no-cache", "--force"]
    if kind == "quotes":
        rng = random.Random(n)
        path = directory / "quotes.txt"
        path.write_text("".join(rng.choice(QUOTES) for _ in range(n)), encoding="utf-8")
        return path, ["--no-cache", "--force"]
    if kind == "mixed":
        rng = random.Random(n)
        path = directory / "mixed.txt"
        parts, marks = [], 0
        while marks < n:
            run = min(rng.randint(1, 200), n - marks)
            parts.append("".join(rng.choice(QUOTES) for _ in range(run)))
            parts.append(" " + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 10))) + " ")
            marks += run
        path.write_text("".join(parts), encoding="utf-8")
        return path, ["--no-cache", "--force"]
    if kind == "paragraphs":
        path = directory / "big.txt"
        paragraph = quotations_article(2_000, seed=1)
        with path.open("w", encoding="utf-8") as out:
            written = 0
            while written < n:
                written += out.write(paragraph + "\n\n")
        return path, ["--no-cache"]
    if kind == "sparse":
        path = directory / "sparse.jsonl"
        record = json.dumps({"text": quotations_article(300, seed=2)}).encode() + b"\n"
        with path.open("wb") as out:
            out.write(record)
            out.seek(n, os.SEEK_CUR)
            out.write(b"\n" + record)
        return path, []
    if kind == "cached":
        path = directory / "quotations.txt"
        path.write_text(quotations_article(n), encoding="utf-8")
        return path, []
    raise SystemExit(f"unknown case {case!r}")


def lookups(n: int) -> dict:
    """Seconds of the source and claim lookups, scanned (the reference the tests
    compare with) and indexed, for ``n`` mentions and claims."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_hostile_input import ScanningIndex

    from provenance.records import Span
    from provenance.rules.context import Finding, Findings, _ClaimCoverage
    from provenance.sources import Mention, SourceIndex

    text, rng = "x" * (20 * n), random.Random(n)
    persons = ["Anna Berger", "Berger", "Jonas Keller", "Keller", "Miriam Vogt", "Vogt"]
    mentions = [
        [Mention(span, "unresolved reference", "unspecified", True, resolved=False),
         Mention(span, f"ein Sprecher der Behörde {k}", "official", False),
         Mention(span, rng.choice(persons), "person", False),
         Mention(span, f"Quelle {k}", "anonymous", True)][k % 4]
        for k in range(n) for span in [Span.of(text, 20 * k, 20 * k + 5)]]
    figures = {}
    for name, index in (("sources_scan", ScanningIndex()), ("sources_index", SourceIndex())):
        start = time.perf_counter()
        for mention in mentions:
            index.add(mention)
        figures[name] = round(time.perf_counter() - start, 2)
    for name in ("covered_scan", "covered_index"):
        findings, start = Findings(_ClaimCoverage(len(text))), time.perf_counter()
        for k in range(n):
            findings.append(Finding("r", "direct", None, None, None, Span.of(text, 20 * k, 20 * k + 15), 1.0, ""))
            query = Span.of(text, 20 * k + 16, 20 * k + 19)
            _ = any(f.claim.overlaps(query) for f in findings) if name == "covered_scan" else findings.covers(query)
        figures[name] = round(time.perf_counter() - start, 2)
    return figures


def child(case: str, directory: str) -> None:
    """Run the command in this process and report its own figures."""
    import contextlib
    import io

    if case.startswith("lookups:"):
        figures = lookups(int(float(case.partition(":")[2])))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"case": case, "seconds": round(sum(figures.values()), 1), "peak_mb": round(peak), "exit": 0,
                          "input_bytes": 0, "load": Path("/proc/loadavg").read_text().split()[0],
                          "stderr": ", ".join(f"{k} {v} s" for k, v in figures.items())}))
        return

    from provenance.cli import app

    path, options = make_input(case, Path(directory))
    args = ["analyze", str(path), "-f", "jsonl", "-o", str(Path(directory) / "out.jsonl"), *options]
    if case.startswith("cached"):  # parse once into the cache, then measure the analysis alone
        with contextlib.redirect_stderr(io.StringIO()):
            with contextlib.suppress(SystemExit):
                app(args)
    err = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(err):
        try:
            app(args)
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    lines = err.getvalue().strip().splitlines() or [""]
    last = " | ".join(dict.fromkeys([lines[0][:110], lines[-1][:60]]))  # the first problem, the summary
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(json.dumps({"case": case, "seconds": round(seconds, 1), "peak_mb": round(peak), "exit": code,
                      "input_bytes": path.stat().st_size, "load": load, "stderr": last}))


CASES = ["nospace:1e5", "nospace:1e6", "quotes:1e4", "quotes:1e6", "mixed:1e5", "mixed:1e6", "paragraphs:2e5",
         "paragraphs:1e7", "sparse:1073741824", "cached:130000", "lookups:8000"]
QUICK = ["nospace:1e5", "quotes:1e4", "paragraphs:1e7", "sparse:1073741824", "cached:130000", "lookups:8000"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", help=f"comma-separated, of {', '.join(CASES)}")
    parser.add_argument("--quick", action="store_true", help="the smaller sizes only")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "DIR"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(*options.child)
        return
    cases = options.cases.split(",") if options.cases else (QUICK if options.quick else CASES)
    print(f"{'case':<20} {'input':>12} {'seconds':>8} {'peak MB':>8} {'exit':>4} {'load':>5}  stderr (first | last line)")
    for case in cases:
        with tempfile.TemporaryDirectory() as directory:
            done = subprocess.run([sys.executable, __file__, "--child", case, directory], capture_output=True,
                                  text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
        try:
            figures = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            print(f"{case:<20} failed: {done.stderr.strip()[-300:]}")
            continue
        print(f"{case:<20} {figures['input_bytes']:>12,} {figures['seconds']:>8} {figures['peak_mb']:>8} "
              f"{figures['exit']:>4} {figures['load']:>5}  {figures['stderr']}", flush=True)


if __name__ == "__main__":
    main()
