"""Faults (issue 13 §4): a full disk, a closed pipe, read-only or missing
targets, a kill in the middle of a write, a damaged parse cache. Each is one
line and a non-zero exit; the previous output stays intact; no temporary file
is left, not even after SIGKILL (the next run removes it). Fault injection is
real: /dev/full for ENOSPC, RLIMIT_FSIZE for a disk that fills up under a
regular file, a pipe whose reader is gone for EPIPE, and a process without
root's capabilities (setpriv) for EACCES."""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import provenance
from provenance import atomic, output
from provenance.cache import FORMAT, LEGACY_FORMAT, TEMPORARY, ParseCache
from provenance.errors import InputError
from provenance.records import ParsedDocument

from corpus_helpers import ENGLISH, GERMAN, config_dir, write

ROOT = Path(__file__).resolve().parent.parent


def cli(*args, cwd=None, stdout=subprocess.PIPE, preexec=None, user=None, timeout=300) -> subprocess.CompletedProcess:
    """``python -m provenance ARGS`` in a process of its own (so a closed pipe
    and the interpreter's own exit are real), as ``user`` when given."""
    command = [sys.executable, "-m", "provenance", *map(str, args)]
    if user is not None:
        command = [*user, *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run(command, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=timeout,
                          preexec_fn=preexec, check=False)


def one_line(done: subprocess.CompletedProcess, *expected: str) -> str:
    """The error output: exactly one line, no traceback, holding ``expected``."""
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode != 0, err
    # one error line; a run of several articles may say how far it got before
    lines = [line for line in err.strip().splitlines() if not re.fullmatch(r"\d+ processed, .*", line)]
    assert "Traceback" not in err and len(lines) == 1, err
    for text in expected:
        assert text in err, err
    return err


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    """A German article, parsed once into a private cache by the first command."""
    directory = tmp_path_factory.mktemp("faults")
    return write(directory / "a.txt", GERMAN)


@pytest.fixture(scope="module")
def configs(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("configs")
    return config_dir(directory, cache={"dir": str(directory / "cache")})


def leftovers(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.name.endswith(".tmp")]


# --- full disk ------------------------------------------------------------------------

@pytest.mark.parametrize("format", ["json", "jsonl", "text"])
def test_a_full_device_is_one_line(article, configs, format):
    done = cli("analyze", article, "-f", format, "-o", "/dev/full", "--config", configs)
    one_line(done, "/dev/full: cannot write (No space left on device)")


def test_graph_to_a_full_device_is_one_line(article, configs, tmp_path):
    target = tmp_path / "g.graphml"
    target.symlink_to("/dev/full")  # the extension picks the format, the device refuses the bytes
    one_line(cli("graph", article, "-o", target, "--config", configs), "No space left on device")


def _small_disk(size: int = 4096):
    # a disk with room for ``size`` bytes under any file this process writes: EFBIG where ENOSPC would be
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.parametrize("command, name", [
    (("analyze", "-f", "json", "-o"), "out.json"),
    (("analyze", "-f", "text", "-o"), "out.txt"),
    (("graph", "-o"), "out.graphml"),
    (("graph", "-o"), "out.html"),
])
def test_a_disk_that_fills_up_leaves_the_previous_output_and_no_temporary_file(article, configs, tmp_path,
                                                                              command, name):
    target = tmp_path / name
    target.write_text("previous output\n", encoding="utf-8")
    # enough articles that the output outgrows the 4 kB
    inputs = [article] * 6
    done = cli(*command[:1], *inputs, *command[1:], target, "--config", configs, preexec=_small_disk)
    one_line(done, f"{target}: cannot write (File too large)")
    assert target.read_text(encoding="utf-8") == "previous output\n"
    assert leftovers(tmp_path) == []


# --- closed pipe --------------------------------------------------------------------------

@pytest.mark.parametrize("args", [("analyze",), ("analyze", "-f", "jsonl"), ("sources",), ("trace",)])
def test_a_closed_pipe_is_one_line(article, configs, args):
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: every write is EPIPE
    try:
        done = cli(*args, article, "--config", configs, stdout=writer)
    finally:
        os.close(writer)
    one_line(done, "standard output: cannot write (Broken pipe)")


# --- read-only and missing targets, checked before any analysis ------------------------------

def test_a_missing_directory_fails_before_any_analysis(tmp_path, configs):
    # the input does not exist: had the command analysed first, it would say so
    for args in (("analyze", "-f", "json", "-o"), ("graph", "-o")):
        target = tmp_path / "absent" / ("x.json" if args[0] == "analyze" else "x.graphml")
        one_line(cli(args[0], tmp_path / "nothing.txt", *args[1:], target, "--config", configs),
                 f"{target}: cannot write (No such file or directory)")
    gold = tmp_path / "nothing.jsonl"
    one_line(cli("eval", gold, "--json", tmp_path / "absent" / "x.json"), "cannot write (No such file or directory)")


# root without its capabilities: file permissions hold for it as for anyone (no
# CAP_DAC_OVERRIDE), while it still reads the checkout and its virtualenv, which
# another user could not where they lie in a private directory (a CI clone in mktemp -d)
DROP_CAPABILITIES = ["setpriv", "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all"]


def _unprivileged() -> list[str]:
    if os.geteuid() != 0:
        pytest.skip("needs root to drop its capabilities (tests run as root in CI)")
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed")
    probe = subprocess.run([*DROP_CAPABILITIES, "true"], check=False)
    if probe.returncode != 0:
        pytest.skip("cannot drop privileges here")
    return DROP_CAPABILITIES


def test_a_read_only_directory_is_one_line_before_any_analysis(open_dir):
    user = _unprivileged()
    readable = write(open_dir / "a.txt", GERMAN)
    readable.chmod(0o644)
    locked = open_dir / "locked"
    locked.mkdir(mode=0o555)
    previous = locked / "out.graphml"
    for command, target in ((("graph", readable, "-o"), previous),
                            (("analyze", readable, "-f", "json", "-o"), locked / "out.json"),
                            (("eval", readable, "--json"), locked / "figures.json")):
        done = cli(*command, target, cwd=open_dir, user=user, timeout=120)
        one_line(done, f"{target}: cannot write (Permission denied)")
    assert list(locked.iterdir()) == []


def test_json_lines_into_a_read_only_directory_is_one_line(open_dir, article):
    user = _unprivileged()
    directory = open_dir / "out"
    directory.mkdir(mode=0o555)  # JSON lines grow in place: the file cannot even be created
    shutil.copy(article, open_dir / "a.txt")
    (open_dir / "a.txt").chmod(0o644)
    done = cli("analyze", open_dir / "a.txt", "--no-cache", "-f", "jsonl", "-o", directory / "x.jsonl",
               user=user, timeout=120)
    one_line(done, "cannot write (Permission denied)")


# --- a kill in the middle of a write -------------------------------------------------------

KILLED_WRITER = """
import os, sys
from provenance import output
writer = output.open_writer("json", sys.argv[1])
writer.target.stream.write("half an output")
writer.target.stream.flush()
os.kill(os.getpid(), 9)
"""


def test_a_temporary_file_left_by_sigkill_is_removed_by_the_next_run(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous\n", encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], env={**os.environ, "PYTHONPATH": str(ROOT)},
                            check=False)
    assert killed.returncode == -signal.SIGKILL
    [stale] = leftovers(tmp_path)
    assert stale.name.startswith(".out.json.")
    assert target.read_text(encoding="utf-8") == "previous\n"
    writer = output.open_writer("json", target)  # the next run to write there
    assert leftovers(tmp_path) == [Path(writer.target.temporary)]
    writer.discard()
    assert leftovers(tmp_path) == [] and target.read_text(encoding="utf-8") == "previous\n"


def test_stale_files_of_live_writers_stay(tmp_path):
    mine = tmp_path / f".out.json.{os.getpid()}.abc.tmp"
    mine.write_text("in progress", encoding="utf-8")
    gone = tmp_path / ".out.json.999999999.abc.tmp"
    gone.write_text("killed", encoding="utf-8")
    older_version = tmp_path / ".out.json.k3j2h1.tmp"  # no pid: removed only once old
    older_version.write_text("x", encoding="utf-8")
    assert atomic.remove_stale(tmp_path, ".out.json.") == 1
    assert mine.exists() and not gone.exists() and older_version.exists()
    os.utime(older_version, (0, 0))
    assert atomic.remove_stale(tmp_path, ".out.json.") == 1 and not older_version.exists()


def test_write_atomic_leaves_nothing_when_the_write_fails(tmp_path):
    target = tmp_path / "x.bin"
    target.write_bytes(b"old")
    pid = os.fork()
    if pid == 0:  # the child writes on a 4 kB disk
        _small_disk()
        try:
            atomic.write_atomic(target, b"x" * 10_000)
        except atomic.OutputError:
            os._exit(7)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 7
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


# --- the parse cache ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def parsed() -> ParsedDocument:
    from provenance import parsing

    return parsing.parse_many([GERMAN])[0]


def test_a_damaged_entry_is_parsed_again(tmp_path, parsed):
    cache = ParseCache(tmp_path)
    cache.put(parsed)
    [entry] = tmp_path.glob("??/*.json")
    assert cache.get(parsed.text, parsed.model) == parsed
    data = entry.read_bytes()
    entry.write_bytes(data.replace(b'"sagte"', b'"sagtX"', 1))  # a flipped letter: the checksum fails
    assert cache.get(parsed.text, parsed.model) is None and not entry.exists()


def test_an_entry_of_the_wrong_shape_is_refused_even_with_a_right_checksum(tmp_path, parsed):
    cache = ParseCache(tmp_path)
    cache.put(parsed)
    [entry] = tmp_path.glob("??/*.json")
    payload = json.loads(entry.read_bytes().partition(b"\n")[2])
    for damage in (lambda p: p[0][3][0].__setitem__(1, p[0][3][0][1] + 1),  # a token out of place
                   lambda p: p[0][4][0].__setitem__(0, "one"),  # a word index that is no number
                   lambda p: p[0].pop(),  # a sentence row cut short
                   lambda p: p.__setitem__(0, {"a": 1})):
        broken = json.loads(json.dumps(payload))
        damage(broken)
        body = json.dumps(broken).encode()
        entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        assert cache.get(parsed.text, parsed.model) is None


def test_a_legacy_entry_is_checked_and_migrated(tmp_path, parsed):
    cache = ParseCache(tmp_path)
    cache.put(parsed)
    [entry] = tmp_path.glob("??/*.json")
    payload = entry.read_bytes().partition(b"\n")[2]
    entry.unlink()
    legacy = cache._path(parsed.text, parsed.model, LEGACY_FORMAT)
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(payload)  # format 4: the JSON alone
    assert cache.get(parsed.text, parsed.model) == parsed
    assert cache._path(parsed.text, parsed.model, FORMAT).exists() and legacy.exists()
    legacy.write_bytes(payload.replace(b'"sagte"', b'"sagtX"', 1).replace(b"[0,", b"[9,", 1))
    cache._path(parsed.text, parsed.model, FORMAT).unlink()
    assert cache.get(parsed.text, parsed.model) is None  # a damaged legacy entry is no parse


def test_a_failed_cache_write_leaves_nothing(tmp_path, parsed):
    pid = os.fork()
    if pid == 0:
        _small_disk(256)  # the entry (some kB) does not fit
        ParseCache(tmp_path).put(parsed)
        os._exit(0)
    os.waitpid(pid, 0)
    assert list(tmp_path.glob("??/*.json")) == [] and leftovers(tmp_path) == []


def test_a_killed_cache_writer_leaves_a_file_the_next_run_removes(tmp_path, parsed):
    stale = tmp_path / TEMPORARY / "999999999.deadbeef.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"half")
    import provenance.cache as cache_module

    cache_module._cleaned.discard(tmp_path)
    ParseCache(tmp_path).get(parsed.text, parsed.model)
    assert not stale.exists()


# --- the Python API and non-German text ---------------------------------------------------

def test_the_api_refuses_non_german_text_as_the_cli_does():
    with pytest.raises(InputError, match="not German"):
        provenance.analyze(ENGLISH)
    forced = provenance.analyze(ENGLISH, force=True)
    assert forced.language == "und" and provenance.analyze(GERMAN).language == "de"


# --- a batch in which one article breaks the parser ----------------------------------------

def test_one_article_that_breaks_the_parser_costs_a_few_batches_not_one_per_article(monkeypatch, tmp_path):
    from provenance import corpus, parsing
    from provenance.analysis import Article
    from provenance.config import load_config
    from provenance.output import to_json

    names = ["Berger", "Keller", "Vogt", "Hartmann", "Schuster", "Brandt", "Krause", "Lorenz"]
    days = ["Montag", "Dienstag"]
    articles = [Article(f"Die Ministerin {name} sagte am {day}, die Lage sei ernst.", id=f"a{k}")
                for k, (name, day) in enumerate((n, d) for n in names for d in days)]
    bad = articles[11]
    batches: list[list[str]] = []
    real = parsing.parse_many

    def parse_many(texts, *args, **kwargs):
        """The real parser, every batch written down; it breaks on the bad article, as
        a parser bug hit by one text does (the whole batch raises)."""
        batches.append(list(texts))
        if bad.text in texts:
            raise RuntimeError("index out of range in self")
        return real(texts, *args, **kwargs)

    config = corpus.with_cache(load_config(), True, tmp_path / "cache")  # the run without the bad one reads it
    monkeypatch.setattr(parsing, "parse_many", parse_many)
    outcomes = corpus.analyze_docs(articles, config)
    # every other article analysed as it is on its own, the bad one failed alone
    assert [o.id if isinstance(o, corpus.Failed) else o.result.id for o in outcomes] == [a.id for a in articles]
    assert outcomes[11] == corpus.Failed("a11", "a11: parsing failed (RuntimeError: index out of range in self)")
    good = [a for a in articles if a is not bad]
    expected = corpus.analyze_docs(good, config)
    assert [to_json(o.result) for o in outcomes if not isinstance(o, corpus.Failed)] == \
        [to_json(o.result) for o in expected]
    del batches[-1]  # the batch of the run without the bad article
    # 16 articles: the whole batch, then two halves of each failing half down to the bad
    # article, 1 + 2·4 = 9 batches (one per article after the first was 17); no article
    # is parsed more often than the bisection is deep
    assert len(batches) == 1 + 2 * 4
    assert sorted(map(len, batches)) == [1, 1, 2, 2, 4, 4, 8, 8, 16]
    assert max(sum(a.text in batch for batch in batches) for a in articles) == 1 + 4
    assert sum(bad.text in batch for batch in batches) == 1 + 4


def test_a_file_name_that_is_not_utf8_goes_into_the_store_and_parquet_escaped(tmp_path):
    # Arrow and DuckDB text is UTF-8: the lone surrogate the name decodes to is
    # written as its escape, as the terminal shows it, and the other article stays
    import duckdb
    import pyarrow.parquet as pq

    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs / "gut.txt", GERMAN)
    with open(os.fsencode(inputs) + b"/schlecht\xff.txt", "wb") as out:
        out.write(GERMAN.replace("Minister", "Sprecher").encode())
    store, dataset, table = tmp_path / "s.duckdb", tmp_path / "ds", tmp_path / "a.parquet"
    for args in (["--store", store], ["--parquet", dataset], ["-f", "parquet", "-o", table]):
        done = cli("analyze", inputs, *args, stdout=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    ids = sorted(r[0] for r in duckdb.connect(str(store), read_only=True).execute("SELECT id FROM articles").fetchall())
    assert ids == ["gut", "schlecht\\udcff"]
    assert sorted(pq.read_table(dataset / "articles").column("id").to_pylist()) == ids
    assert sorted(set(pq.read_table(table).column("article_id").to_pylist())) == ids
