"""The command line over every input form, with every kind of bad input
answered by one line (never a traceback), streamed and resumed output, and
no network access at any point."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from provenance.config import load_config
from provenance.parsing import pipeline

from corpus_helpers import ENGLISH, GERMAN, GERMAN_2, GERMAN_3, PAGE, UMLAUTS, config_dir, jsonl, write
from conftest import SEED


@pytest.fixture()
def cache_config(tmp_path):
    """A configuration whose parse cache is this test's own."""
    return config_dir(tmp_path, cache={"dir": str(tmp_path / "cache")})


def invoke(*args, input: bytes | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def records(text: str) -> dict[str, dict]:
    return {r["article"]["id"]: r for r in map(json.loads, lines(text))}


def assert_one_line_failure(done, *fragments):
    assert done.exit_code == 1, done.output
    assert "Traceback" not in done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)
    errors = [line for line in lines(done.stderr) if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, done.stderr


def spans_of(record: dict):
    for a in record["attributions"]:
        for key in ("claim", "frame", "addressee", "source"):
            if a[key] and a[key]["start"] is not None:
                yield a[key]
        for span in a["cue"]["spans"] if a["cue"] else ():
            yield span
    for source in record["sources"]:
        yield from source["mentions"]


def test_every_input_form_in_one_run(tmp_path, cache_config):
    legacy = write(tmp_path / "legacy.txt", UMLAUTS + "\r\n\r\n" + GERMAN + "\r\n", "cp1252")
    page = write(tmp_path / "page.html", PAGE)
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "f1", "text": GERMAN_2, "url": "https://x.de/1",
                                            "title": "Unfall", "published": "2025-03-04", "publisher": "Taz"}])
    write(tmp_path / "dir" / "sub" / "d1.txt", GERMAN_3)
    done = invoke("analyze", legacy, page, feed, tmp_path / "dir", "-", "-f", "jsonl", "--config", cache_config,
                  input=json.dumps({"id": "s1", "text": GERMAN}).encode())
    assert done.exit_code == 0, done.output
    out = records(done.stdout)
    assert list(out) == ["legacy", "page", "f1", "sub/d1", "s1"]
    assert out["f1"]["article"]["metadata"] == {"url": "https://x.de/1", "title": "Unfall",
                                                "published": "2025-03-04", "publisher": "Taz"}
    assert out["f1"]["article"]["publisher"]["name"] == "Taz"
    assert out["page"]["article"]["metadata"]["publisher"] == "Beispiel-Zeitung"
    assert out["page"]["article"]["publisher"]["name"] == "Beispiel-Zeitung"
    # offsets index the decoded text, CRLF included
    decoded = UMLAUTS + "\r\n\r\n" + GERMAN + "\r\n"
    spans = list(spans_of(out["legacy"]))
    assert spans and all(decoded[s["start"]:s["end"]] == s["text"] for s in spans)
    assert any("sagte" == s["text"] for s in spans)
    assert "5 processed, 0 skipped, 0 failed" in done.stderr


@pytest.mark.parametrize("make, fragment", [
    (lambda d: write(d / "empty.txt", ""), "empty.txt: empty file"),
    (lambda d: write(d / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01"), "image.txt: binary file"),
    (lambda d: d / "absent.txt", "absent.txt: no such file or directory"),
    (lambda d: write(d / "english.txt", ENGLISH), "english.txt: not German"),
    (lambda d: jsonl(d / "bad.jsonl", ["{not json"]), "bad.jsonl:1: malformed JSON"),
])
def test_a_bad_input_alone_is_one_line_and_a_failure(tmp_path, make, fragment):
    done = invoke("analyze", make(tmp_path), "-f", "jsonl")
    assert_one_line_failure(done, fragment, "no article could be read or analysed")
    assert done.stdout == ""
    skipped = [line for line in lines(done.stderr) if line.startswith("skipped:")]
    assert len(skipped) == 1 and fragment in skipped[0]


def test_bad_inputs_are_skipped_and_the_rest_kept(tmp_path, cache_config):
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": GERMAN}, "{broken", {"id": "b", "text": GERMAN_2}])
    empty = write(tmp_path / "empty.txt", "")
    english = write(tmp_path / "english.txt", ENGLISH)
    done = invoke("analyze", feed, empty, english, "-f", "jsonl", "--config", cache_config)
    assert done.exit_code == 0, done.output
    assert list(records(done.stdout)) == ["a", "b"]
    assert "feed.jsonl:2: malformed JSON" in done.stderr
    assert lines(done.stderr)[-1] == "2 processed, 3 skipped, 0 failed"
    forced = invoke("analyze", english, "--force", "-f", "jsonl", "--config", cache_config)
    assert forced.exit_code == 0 and list(records(forced.stdout)) == ["english"]


def test_size_limit_comes_from_the_configuration(tmp_path):
    configs = config_dir(tmp_path, limits={"max_chars": 40})
    done = invoke("analyze", write(tmp_path / "a.txt", GERMAN), "--config", configs)
    assert_one_line_failure(done, "a.txt: article too long (76 characters; limits.max_chars is 40)")


@pytest.mark.parametrize("edit, fragment", [
    (lambda text: text + "limits: [unclosed\n", "default.yaml: malformed YAML (line"),
    (lambda text: text + "colour: blue\n", "default.yaml: key 'colour': unknown key"),
    (lambda text: text.replace("max_chars: 2000000", "max_chars: lots"), "default.yaml: key 'limits.max_chars'"),
])
def test_configuration_errors_are_one_line(tmp_path, edit, fragment):
    configs = config_dir(tmp_path)
    path = configs / "default.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    load_config.cache_clear()
    done = invoke("analyze", SEED, "--config", configs)
    assert_one_line_failure(done, fragment)


def test_configuration_cannot_run_code(tmp_path):
    configs = config_dir(tmp_path)
    marker = tmp_path / "ran"
    path = configs / "default.yaml"
    path.write_text(f"publisher: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    load_config.cache_clear()
    done = invoke("analyze", SEED, "--config", configs)
    assert_one_line_failure(done, "default.yaml: malformed YAML")
    assert not marker.exists()


@pytest.mark.parametrize("target", ["missing/out.jsonl", "missing/out.json", "."])
def test_unwritable_output_fails_before_analysing(tmp_path, target):
    format = "json" if target.endswith(".json") else "jsonl"
    done = invoke("analyze", SEED, "-f", format, "-o", tmp_path / target)
    assert_one_line_failure(done, "cannot write (")
    assert "processed" not in done.stderr  # refused before any article was read


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("format", ["jsonl", "json"])
def test_a_full_disk_is_one_line_and_the_device_stays(format):
    done = invoke("analyze", SEED, "-f", format, "-o", "/dev/full")
    assert_one_line_failure(done, "/dev/full: cannot write (No space left on device)")
    assert not os.path.isfile("/dev/full")  # written to, never replaced


def test_jsonl_output_streams_to_a_file_and_resumes(tmp_path, cache_config):
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": GERMAN}, {"id": "b", "text": GERMAN_2}])
    out = tmp_path / "out.jsonl"
    done = invoke("analyze", feed, "-f", "jsonl", "-o", out, "--config", cache_config)
    assert done.exit_code == 0, done.output
    assert done.stdout == "" and list(records(out.read_text(encoding="utf-8"))) == ["a", "b"]
    more = jsonl(tmp_path / "more.jsonl", [{"id": "b", "text": GERMAN_2}, {"id": "c", "text": GERMAN_3}])
    done = invoke("analyze", more, "-f", "jsonl", "-o", out, "--resume", "--config", cache_config)
    assert done.exit_code == 0, done.output
    assert "1 processed, 0 skipped, 0 failed, 1 already in the output" in done.stderr
    assert list(records(out.read_text(encoding="utf-8"))) == ["a", "b", "c"]
    # a finished run resumed again has nothing to do, and that is no failure
    done = invoke("analyze", more, "-f", "jsonl", "-o", out, "--resume", "--config", cache_config)
    assert done.exit_code == 0 and "0 processed, 0 skipped, 0 failed, 2 already in the output" in done.stderr
    done = invoke("analyze", more, "-f", "json", "--resume")
    assert_one_line_failure(done, "--resume needs --format jsonl")


def test_a_refused_resume_leaves_the_output_file_as_it_was(tmp_path, cache_config):
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": GERMAN}])
    # an interrupted jsonl run: one finished line, one cut off
    out = tmp_path / "out.jsonl"
    assert invoke("analyze", feed, "-f", "jsonl", "-o", out, "--config", cache_config).exit_code == 0
    interrupted = out.read_bytes() + b'{"schema": "provenance.article/1", "article": {"id": "b'
    out.write_bytes(interrupted)
    done = invoke("analyze", feed, "-f", "json", "-o", out, "--resume", "--config", cache_config)
    assert_one_line_failure(done, "--resume needs --format jsonl and an output file (-o FILE)")
    assert out.read_bytes() == interrupted  # the cut-off line is still there: nothing was resumed
    # the output of a --format json run is no jsonl output to append to
    document = tmp_path / "out.json"
    assert invoke("analyze", feed, "-f", "json", "-o", document, "--config", cache_config).exit_code == 0
    before = document.read_bytes()
    done = invoke("analyze", feed, "-f", "jsonl", "-o", document, "--resume", "--config", cache_config)
    assert_one_line_failure(done, f"{document}:1: not a line of provenance JSON lines output")
    assert document.read_bytes() == before
    # nor is a file another program wrote, even one whose only line is cut off
    for foreign in (b"id,text\na,Der Minister sagte\n", b"notes without a newline"):
        other = write(tmp_path / "other.jsonl", foreign)
        done = invoke("analyze", feed, "-f", "jsonl", "-o", other, "--resume", "--config", cache_config)
        assert_one_line_failure(done, f"{other}:1: not a line of provenance JSON lines output")
        assert other.read_bytes() == foreign


def test_json_output_file_is_atomic(tmp_path, cache_config):
    out = tmp_path / "out.json"
    out.write_text("earlier\n", encoding="utf-8")
    done = invoke("analyze", write(tmp_path / "english.txt", ENGLISH), "-f", "json", "-o", out)
    assert done.exit_code == 1 and out.read_text(encoding="utf-8") == "earlier\n"
    done = invoke("analyze", write(tmp_path / "a.txt", GERMAN), write(tmp_path / "b.txt", GERMAN_2),
                  "-f", "json", "-o", out, "--config", cache_config)
    assert done.exit_code == 0, done.output
    assert [r["article"]["id"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["a", "b"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left
    assert out.stat().st_mode == (tmp_path / "a.txt").stat().st_mode  # not the temporary file's 0600


def test_text_report_and_no_progress_bar_off_a_terminal(tmp_path, cache_config):
    files = [write(tmp_path / f"{k}.txt", text) for k, text in enumerate([GERMAN, GERMAN_2, GERMAN_3, UMLAUTS])]
    done = invoke("analyze", *files, "--config", cache_config)
    assert done.exit_code == 0, done.output
    assert "Claims and their chains" in done.stdout
    assert "words/s" not in done.output and "\x1b[" not in done.output


def test_graph_trace_and_sources_read_every_input_form(tmp_path, cache_config):
    seed = SEED.read_text(encoding="utf-8")
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "seed-record", "text": seed}])
    write(tmp_path / "dir" / "page.html", PAGE)
    graph = tmp_path / "graph.json"
    done = invoke("graph", feed, tmp_path / "dir", "-", "-o", graph, "--config", cache_config,
                  input=GERMAN_3.encode())
    assert done.exit_code == 0, done.output
    nodes = {n["id"]: n for n in json.loads(graph.read_text(encoding="utf-8"))["nodes"]}
    assert {n for n, d in nodes.items() if d.get("type") == "article"} == {
        "article:seed-record", "article:page", "article:stdin"}
    # all three say "Die Agentur Reuters berichtete" / "Wie die Agentur Reuters … berichtet": one node
    assert nodes["outlet:reuters"]["articles"] == ["seed-record", "page", "stdin"]
    done = invoke("trace", feed, "--source", "Reuters", "--config", cache_config)
    assert done.exit_code == 0, done.output
    # the seed's three claims through Reuters (see test_seed.py), each with its offsets, and no other
    for claim in ("planen Trump und Putin „in naher Zukunft“ kein persönliches Treffen",
                  "dass Außenminister Rubio und der russische Außenminister Lawrow keine Pläne hätten, "
                  "sich persönlich zu treffen",
                  "„in naher Zukunft“"):
        assert f"[{seed.index(claim)}–{seed.index(claim) + len(claim)}]" in done.stdout, claim
    assert lines(done.stdout)[-1] == "3 claims in 1 article"
    assert "möglicherweise" not in done.stdout  # CNN's claim
    done = invoke("sources", "-", "--config", cache_config, input=PAGE.encode())
    assert done.exit_code == 0, done.output
    # the page's two claims: Reuters's, and the government spokesman's (an official)
    assert lines(done.stdout)[-1] == "official: 1 source, 1 claim; outlet: 1 source, 1 claim"


def test_no_cache_leaves_the_cache_alone_and_models_info_shows_it(tmp_path, cache_config):
    article = write(tmp_path / "a.txt", GERMAN_3)
    assert invoke("analyze", article, "--no-cache", "--config", cache_config).exit_code == 0
    assert not (tmp_path / "cache").exists()
    assert invoke("analyze", article, "--config", cache_config).exit_code == 0
    info = json.loads(invoke("models", "info", "--config", cache_config).stdout)
    # one entry, the parse of one short sentence: a few kB, 0.0 MB to one decimal
    [entry] = (tmp_path / "cache").glob("??/*.json")
    assert 1_000 < entry.stat().st_size < 50_000
    assert info["cache"] == {"enabled": True, "directory": str(tmp_path / "cache"), "entries": 1, "size_mb": 0.0}


def test_a_corpus_run_never_touches_the_network(tmp_path, no_network):
    pipeline.cache_clear()  # the model is loaded again, with the network gone
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": GERMAN}, {"id": "b", "text": GERMAN_2,
                                                                          "url": "https://example.de/b"}])
    write(tmp_path / "page.html", PAGE)
    done = invoke("analyze", feed, tmp_path / "page.html", SEED, "--no-cache", "-f", "jsonl", "--jobs", "1")
    assert done.exit_code == 0, done.output
    assert list(records(done.stdout)) == ["a", "b", "page", SEED.stem]
    assert "network access attempted" not in done.output


def test_glob_picks_the_files_of_a_directory(tmp_path, cache_config):
    corpus_dir = tmp_path / "corpus"
    write(corpus_dir / "a.txt", GERMAN)
    write(corpus_dir / "b.html", PAGE)
    jsonl(corpus_dir / "c.jsonl", [{"id": "c1", "text": GERMAN_2}])
    write(corpus_dir / "deep" / "er" / "d.txt", GERMAN_3)
    write(corpus_dir / "notes.md", GERMAN_3)  # no article file by default, but by --glob '*.md'
    everything = invoke("analyze", corpus_dir, "-f", "jsonl", "--config", cache_config)
    assert everything.exit_code == 0, everything.output
    assert list(records(everything.stdout)) == ["a", "b", "c1", "deep/er/d"]
    # the pattern matches in every subdirectory; the id is the path below the directory
    texts = invoke("analyze", corpus_dir, "--glob", "*.txt", "-f", "jsonl", "--config", cache_config)
    assert texts.exit_code == 0, texts.output
    assert list(records(texts.stdout)) == ["a", "deep/er/d"]
    assert lines(texts.stderr) == ["2 processed, 0 skipped, 0 failed"]
    notes = invoke("analyze", corpus_dir, "--glob", "*.md", "-f", "jsonl", "--config", cache_config)
    assert list(records(notes.stdout)) == ["notes"]
    # a pattern nothing matches is one line naming the directory and the pattern
    done = invoke("analyze", corpus_dir, "--glob", "*.pdf", "-f", "jsonl", "--config", cache_config)
    assert_one_line_failure(done, f"{corpus_dir}: no article files matching '*.pdf'")


def test_batch_size_sets_the_articles_per_parser_call(tmp_path, cache_config, monkeypatch):
    # a spy on the real parsing call (the parser still runs): how many texts each call gets
    from provenance import chunking

    calls: list[int] = []
    real = chunking.parse_texts

    def parse_texts(texts, settings):
        calls.append(len(texts))
        return real(texts, settings)

    monkeypatch.setattr(chunking, "parse_texts", parse_texts)
    texts = [GERMAN, GERMAN_2, GERMAN_3, UMLAUTS, GERMAN + " Das ist alles."]
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": f"a{k}", "text": t} for k, t in enumerate(texts)])
    batched = invoke("analyze", feed, "--batch-size", "2", "-f", "jsonl", "--config", cache_config)
    assert batched.exit_code == 0, batched.output
    assert calls == [2, 2, 1]
    calls.clear()
    default = invoke("analyze", feed, "-f", "jsonl", "--config", cache_config)
    assert calls == [5]  # the default of 16 holds all five
    assert default.stdout == batched.stdout  # batches change no result
    done = invoke("analyze", feed, "--batch-size", "0", "--config", cache_config)
    assert done.exit_code == 2 and "Traceback" not in done.output and "--batch-size" in done.output


def test_threads_sets_torch_threads_and_defaults_to_one(tmp_path, cache_config):
    import torch

    article = write(tmp_path / "a.txt", GERMAN)
    before = torch.get_num_threads()
    try:
        assert invoke("analyze", article, "--threads", "2", "--config", cache_config).exit_code == 0
        assert torch.get_num_threads() == 2
        assert invoke("analyze", article, "--config", cache_config).exit_code == 0
        assert torch.get_num_threads() == 1  # the default, whatever torch had before
    finally:
        torch.set_num_threads(before)
    done = invoke("analyze", article, "--threads", "0", "--config", cache_config)
    assert done.exit_code == 2 and "Traceback" not in done.output and "--threads" in done.output


def test_the_default_publisher_of_the_configuration(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "plain", "text": GERMAN_3},
                                           {"id": "meta", "text": GERMAN_3, "publisher": "Taz"},
                                           {"id": "footer", "text": GERMAN_3 + "\n\n© 2024 Tagesspiegel\n"}])
    shipped = invoke("analyze", feed, "-f", "jsonl", "--config", config_dir(tmp_path / "shipped"))
    assert shipped.exit_code == 0, shipped.output
    # configs/default.yaml ships "publisher: null": an article nothing names has no publisher
    assert records(shipped.stdout)["plain"]["article"]["publisher"] is None
    configs = config_dir(tmp_path / "own", publisher="Beispiel-Kurier")
    done = invoke("analyze", feed, "-f", "jsonl", "--config", configs)
    assert done.exit_code == 0, done.output
    out = records(done.stdout)
    # the configured one only where neither metadata nor a footer names the outlet
    assert {k: r["article"]["publisher"]["name"] for k, r in out.items()} == {
        "plain": "Beispiel-Kurier", "meta": "Taz", "footer": "Tagesspiegel"}
    assert out["plain"]["article"]["publisher"]["evidence"] is None  # it is nowhere in the text
    plain = out["plain"]
    names = {s["id"]: s["name"] for s in plain["sources"]}
    assert [[names[i] for i in c["path"]] for c in plain["chains"]] == [["Beispiel-Kurier", "Reuters"]]


SHARE = ("Ein Ministeriumsbeamter, der nicht namentlich genannt werden wollte, sagte, die Verhandlungen seien "
         "gescheitert. Informierten Kreisen zufolge wird der Vertrag im Herbst unterzeichnet. Bürgermeisterin "
         "Anna Weber sagte, die Straße bleibe bis Freitag gesperrt. Die Agentur Reuters berichtete, das Treffen "
         "sei abgesagt worden.")


def test_the_report_gives_the_share_of_claims_resting_on_no_one_named(tmp_path, cache_config):
    done = invoke("analyze", write(tmp_path / "share.txt", SHARE), "--config", cache_config)
    assert done.exit_code == 0, done.output
    # four claims: an unnamed official's and "informierten Kreisen"'s rest on no one named,
    # Anna Weber's and Reuters's do: 2 of 4
    summary = " ".join(done.stdout.split("┘")[-1].split())
    assert summary.split(". ", 1)[-1].startswith("4 claims, 4 sources, 2 entities (anonymous: 2, outlet: 1, person: 1); "
                              "50% of claims rest on anonymous or unspecified sources or on none (share of claims")


READING_OPTIONS = ("--glob", "--force", "--no-cache", "--batch-size", "--jobs", "--threads", "--config")


@pytest.mark.parametrize("command", ["analyze", "graph", "trace", "sources", "stories"])
def test_every_command_that_reads_articles_has_the_same_input_options(command):
    import typer.main

    cli = typer.main.get_command(app)
    params = {p.name: p for p in cli.commands[command].params}
    names = {o for p in params.values() for o in p.opts}
    assert set(READING_OPTIONS) <= names, command
    inputs = params["inputs"]
    # optional for typer (trace, sources, graph, stories may answer from --store instead),
    # so the command itself refuses a call with neither, in one line
    assert inputs.param_type_name == "argument" and inputs.nargs == -1
    args = [command] + (["-o", "never-written.graphml"] if command == "graph" else [])
    refused = invoke(*args)
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    assert "INPUT" in refused.output and len(refused.output.strip().splitlines()) == 1, refused.output
    # the help says what is read, not "UTF-8 text"
    help_text = invoke(command, "--help").stdout
    for form in (".txt", ".html", ".jsonl", "directories", "standard input"):
        assert form in " ".join(help_text.split()), (command, form)
    # flags are shown as flags: no "<bool>" and no "--no-…" twin for any of ours
    for p in params.values():
        if p.param_type_name == "option" and p.is_flag and p.name != "help":
            assert not p.secondary_opts, (command, p.name)
    assert help_text.count("<bool>") <= 1  # typer's own --help only


def test_trace_and_sources_take_the_input_options(tmp_path, cache_config):
    corpus_dir = tmp_path / "corpus"
    write(corpus_dir / "a.txt", GERMAN_3)
    write(corpus_dir / "b.html", PAGE)
    write(corpus_dir / "english.txt", ENGLISH)
    done = invoke("trace", corpus_dir, "--glob", "*.html", "--no-cache", "--jobs", "1", "--threads", "1",
                  "--config", cache_config)
    assert done.exit_code == 0, done.output
    assert lines(done.stdout)[-1] == "2 claims in 1 article"  # the page only
    assert not (tmp_path / "cache").exists()  # --no-cache: parsed, not stored
    # without --force the English file is skipped; with it, it is read
    skipped = invoke("sources", corpus_dir, "--glob", "*.txt", "--config", cache_config)
    assert skipped.exit_code == 0 and "english.txt: not German" in skipped.stderr
    forced = invoke("sources", corpus_dir, "--glob", "*.txt", "--force", "--config", cache_config)
    assert forced.exit_code == 0 and "not German" not in forced.stderr
    assert "2 processed, 0 skipped, 0 failed" in forced.stderr


def test_version_and_shell_completion():
    import provenance
    import tomllib
    from conftest import ROOT

    expected = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert provenance.__version__ == expected
    done = invoke("--version")
    assert done.exit_code == 0 and done.stdout == f"provenance {expected}\n"
    help_text = invoke("--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text


# --- machine-readable outputs, parsed back -------------------------------------------

def test_analyze_csv_and_parquet_are_the_attribution_table(tmp_path, cache_config):
    import pandas as pd

    from provenance.table import COLUMN_NAMES

    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": GERMAN, "url": "https://x.de/a", "title": "Steuern",
                                            "published": "2025-03-04", "publisher": "Taz"},
                                           {"id": "b", "text": GERMAN_3}])
    done = invoke("analyze", feed, "-f", "csv", "--config", cache_config)
    assert done.exit_code == 0, done.output
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == list(COLUMN_NAMES)
    by_article = {r["article_id"]: r for r in rows}
    assert set(by_article) == {"a", "b"}
    a = by_article["a"]
    assert (a["url"], a["title"], a["published"], a["publisher"]) == ("https://x.de/a", "Steuern", "2025-03-04", "Taz")
    assert GERMAN[int(a["claim_start"]):int(a["claim_end"])] == a["claim"] and a["cue"] == "sagte"
    assert by_article["b"]["chain"].endswith("Reuters") and by_article["b"]["source_kind"] == "outlet"
    target = tmp_path / "out.parquet"
    done = invoke("analyze", feed, "-f", "parquet", "-o", target, "--config", cache_config)
    assert done.exit_code == 0, done.output
    frame = pd.read_parquet(target)
    assert list(frame.columns) == list(COLUMN_NAMES) and len(frame) == len(rows)
    assert frame["claim"].tolist() == [r["claim"] for r in rows]
    done = invoke("analyze", feed, "-f", "parquet", "--config", cache_config)
    assert_one_line_failure(done, "--format parquet needs an output file")


def test_trace_and_sources_csv_have_stable_columns(tmp_path, cache_config):
    import csv
    import io

    from provenance.queries import SOURCE_COLUMNS, TRACE_COLUMNS

    page = write(tmp_path / "page.html", PAGE)
    done = invoke("trace", page, "-f", "csv", "--config", cache_config)
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert tuple(rows[0]) == TRACE_COLUMNS and len(rows) == 2
    assert {r["origin_name"] for r in rows} >= {"Reuters"}
    assert all(r["chain"].startswith("Beispiel-Zeitung → ") for r in rows)
    out = tmp_path / "sources.csv"
    done = invoke("sources", page, "-f", "csv", "-o", out, "--config", cache_config)
    assert done.exit_code == 0 and done.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == SOURCE_COLUMNS and [r["rank"] for r in rows] == ["1", "2"]
    assert {r["kind"] for r in rows} == {"official", "outlet"}
    # text to a file is the plain rendering
    text = tmp_path / "trace.txt"
    assert invoke("trace", page, "-o", text, "--config", cache_config).exit_code == 0
    assert "2 claims in 1 article" in text.read_text(encoding="utf-8")
    done = invoke("trace", page, "-f", "json", "-o", tmp_path / "missing" / "t.json", "--config", cache_config)
    assert_one_line_failure(done, "cannot write")
    assert "processed" not in done.stderr  # refused before reading


LONG_NAMES = ("Die Staatssekretärin im Bundesministerium für Wirtschaft und Klimaschutz Franziska Brantner-Hofmann "
              "sagte am Montag, die Förderung werde verlängert. Ein namentlich nicht genannter hochrangiger Beamter "
              "des Innenministeriums sagte, die Lieferung verzögere sich. Die Agentur Reuters "
              "berichtete unter Berufung auf informierte Kreise, das Treffen sei abgesagt worden.")


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_the_report_never_cuts_a_name(tmp_path, cache_config, columns):
    import provenance
    from provenance.cli import _config

    article = write(tmp_path / "long.txt", LONG_NAMES)
    done = CliRunner().invoke(app, ["analyze", str(article), "--config", str(cache_config)],
                              env={"COLUMNS": str(columns)})
    assert done.exit_code == 0, done.output
    lines_out = done.stdout.splitlines()
    assert max(len(line) for line in lines_out) <= columns
    result = next(provenance.analyze_corpus(article, _config(cache_config)))
    cells = [part.strip() for line in lines_out for part in line.split("│")]
    # every source name stands whole on one line of the report; one longer than half the terminal
    # may wrap at its spaces, never inside a word, and reads in order down its cell
    cap = max(12, columns // 2 - 4)
    names = {s.name for s in result.sources}
    assert any(len(name) > 38 for name in names)  # the premise: long names
    for name in names:
        if len(name) <= cap:
            assert any(name in line for line in lines_out), (columns, name)
        else:
            words = name.split()
            assert all(any(w in cell.split() for cell in cells) for w in words), (columns, name)
    claims_part, _, rest = done.stdout.partition("Sources")
    # a rule is shown whole, or its column is left out and named; nothing is cut with "…"
    left_out = claims_part.split("Left out at this width:")[-1]
    # (a chain's row shows the rule of its first attribution, the one the publisher reports)
    for chain in result.chains:
        assert result.attribution(chain.attributions[0]).rule in claims_part or "rule" in left_out
    assert "…" not in done.stdout
    header = next(line for line in lines_out if "claim" in line and "origin" in line)
    assert "#" in header
    assert "marks the 2 of 3 claims that rest on no one named" in " ".join(done.stdout.split())
    # every column is shown, or named as left out
    for label in ("kind", "anonymous", "chain", "cue", "rule", "conf.", "form"):
        assert label in header or label in left_out, (columns, label)
    assert ("Left out at this width:" in claims_part) == (columns < 300)


def test_the_report_marks_each_claim_the_share_counts(tmp_path, cache_config):
    from provenance.report import COUNTED

    done = CliRunner().invoke(app, ["analyze", str(write(tmp_path / "share.txt", SHARE)), "--config",
                                    str(cache_config)], env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    # 2 of the 4 claims rest on no one named: two marks in the table, and the figure says 50%
    table_part = done.stdout.split(f"{COUNTED} marks the")[0]
    assert table_part.count(COUNTED) == 2
    assert "marks the 2 of 4 claims that rest on no one named" in " ".join(done.stdout.split())
    assert "50% of claims" in done.stdout


def test_full_prints_whole_claims_with_offsets(tmp_path, cache_config):
    import provenance
    from provenance.cli import _config

    text = ("„Wir werden die Steuern in den kommenden Jahren trotz der gestiegenen Ausgaben für Verteidigung, "
            "Bildung, Gesundheit, Forschung, Digitalisierung, Verkehr, Wohnungsbau und Infrastruktur sowie der "
            "höheren Schulden des Bundes und der Länder und der Kreditkosten nicht erhöhen“, sagte der Minister.")
    article = write(tmp_path / "long.txt", text)
    [chain] = next(provenance.analyze_corpus(article, _config(cache_config))).chains
    claim = chain.claim
    assert len(claim.text) > 200  # the premise: longer than the report shows by default
    def flat(out: str) -> str:  # the claim column of the claims table, read down
        table = out.split("Sources")[0]
        cells = [line.split("│")[2] for line in table.splitlines() if line.count("│") > 3]
        return " ".join(" ".join(cells).split())

    runs = {}
    for options in ((), ("--full",)):
        done = CliRunner().invoke(app, ["analyze", str(article), *options, "--config", str(cache_config)],
                                  env={"COLUMNS": "160"})
        assert done.exit_code == 0, done.output
        assert f"[{claim.start}–{claim.end}]" in done.stdout  # the offsets, with or without --full
        runs[options] = done.stdout
    assert " ".join(claim.text.split()) not in flat(runs[()]) and "…" in runs[()]
    assert " ".join(claim.text.split()) in flat(runs[("--full",)])


@pytest.mark.parametrize("args, fragment", [
    # a distributed run writes JSON lines, a store and a dataset: any other format would go nowhere
    (["analyze", "{article}", "--engine", "dask", "-f", "csv"], "--engine dask writes --format jsonl"),
    (["analyze", "{article}", "--engine", "dask"], "--engine dask writes --format jsonl"),
    (["analyze", "{article}", "--parquet", "{file}"], "--parquet needs a directory"),
    (["graph", "{article}", "-o", "{tmp}/g.graphml", "--level", "sources", "--stories"], "needs --level claims"),
    (["eval", "{tmp}/absent.jsonl"], "absent.jsonl: cannot read"),
    (["eval", "{empty}"], "no gold article in it"),
    (["eval", "{empty}", "--split", "held-out"], "--split chooses SpkAtt-2023 speeches"),
])
def test_a_request_that_cannot_be_met_is_refused_before_any_work(tmp_path, args, fragment):
    article = write(tmp_path / "a.txt", GERMAN)
    file = write(tmp_path / "not-a-directory", "x")
    empty = write(tmp_path / "empty.jsonl", "")
    done = invoke(*[a.format(article=article, file=file, tmp=tmp_path, empty=empty) for a in args])
    assert_one_line_failure(done, fragment)
    assert file.read_text() == "x"  # nothing written over what was there


def test_a_full_disk_behind_the_schema_is_one_line():
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "provenance", "schema"], stdout=full, stderr=subprocess.PIPE,
                              text=True)
    assert done.returncode == 1
    assert lines(done.stderr) == ["error: standard output: cannot write (No space left on device)"]


@pytest.mark.parametrize("command", [[], ["analyze"], ["trace"], ["models"], ["models", "info"], ["eval"], ["train"]])
def test_help_shows_flags_as_flags(command):
    # typer's own --help and completion options too, not only ours
    done = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert done.exit_code == 0, done.output
    assert "--help" in done.output and "<bool>" not in done.output


def test_parquet_never_clears_a_directory_of_other_files(tmp_path, cache_config):
    article = write(tmp_path / "a.txt", GERMAN)
    theirs = tmp_path / "theirs"
    (theirs / "sources").mkdir(parents=True)
    notes = write(theirs / "sources" / "notes.txt", "keep me")
    done = invoke("analyze", article, "--parquet", theirs, "--config", cache_config)
    assert_one_line_failure(done, "not a dataset provenance wrote")
    assert notes.read_text() == "keep me"
    # a new directory becomes a dataset, and a second run into it replaces its tables
    ours = tmp_path / "ours"
    for _ in range(2):
        done = invoke("analyze", article, "--parquet", ours, "-f", "jsonl", "--config", cache_config)
        assert done.exit_code == 0, done.output
    assert (ours / ".provenance-dataset").is_file()
    assert len(list((ours / "articles").glob("*.parquet"))) == 1
