"""Output that cannot be turned against its reader (issue 13 §1): article
text full of Rich markup, terminal escape sequences, spreadsheet formulas
and characters XML cannot hold goes through the real pipeline and comes out
shown literally in the terminal, inert in CSV and well-formed in XML."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from rich.console import Console
from typer.testing import CliRunner

import provenance
from provenance import queries, report
from provenance.cli import app
from provenance.export import export
from provenance.graph import corpus_graph
from provenance.records import ArticleResult
from provenance.safe_text import spreadsheet_cell, visible, xml_text

from corpus_helpers import ENGLISH, config_dir

ESC = "\x1b"
OSC8 = "\x1b]8;;"  # how a terminal hyperlink starts
# Invented sentences: markup rich would read (a stray closing tag made the
# report crash), an ANSI colour and an OSC-8 terminal hyperlink, formulas at
# the start of claims and of an id, and controls XML 1.0 cannot hold.
MARKUP = ("Der Sprecher Hans Müller sagte, das [link=http://x]Treffen[/link] sei [bold]abgesagt[/] worden. "
          "Müller sagte außerdem, der Termin [/i] werde verschoben.\n")
ANSI = ("Die Ministerin Anna Berger sagte, die Zahl der Fälle \x1b[31msteige\x1b[0m weiter. "
        "„Wir sehen \x1b]8;;http://x\x1b\\hier\x1b]8;;\x1b\\ keinen Grund zur Sorge“, sagte Berger.\n")
FORMULAS = ("Der Bürgermeister Peter Schulz sagte, =HYPERLINK(\"http://x\";\"Klick\") sei die Adresse. "
            "Die Stadträtin Maria Keller sagte, +1 sei die Antwort. Keller sagte außerdem, @SUM(A1) stehe im "
            "Bericht. Schulz sagte, -2 Prozent seien zu wenig.\n")
CONTROLS = ("Der Sprecher Hans\x01 Müller sagte, das Treffen\x0b sei abgesagt worden. "
            "„Wir\x01 warten ab“, sagte Müller.\n")
FORMULA_ID = '=HYPERLINK("http://x")'


@functools.cache
def results() -> dict[str, ArticleResult]:
    articles = [provenance.Article(MARKUP, "markup[bold]"), provenance.Article(ANSI, "ansi\x1b[2J"),
                provenance.Article(FORMULAS, FORMULA_ID), provenance.Article(CONTROLS, "controls\x01")]
    return {r.id: r for r in provenance.analyze_many(articles)}


def terminal() -> tuple[Console, io.StringIO]:
    # a colour terminal, the case where markup and escapes would act
    out = io.StringIO()
    return Console(file=out, force_terminal=True, color_system="truecolor", width=300), out


def article_escapes(out: str) -> list[str]:
    """The escape sequences in ``out`` that are not rich's own colours (CSI … m)
    and the colour code the article holds: rich's are all the terminal gets."""
    return re.findall(r"\x1b[^\[]|\x1b\[[0-9;]*[^0-9;m]|\x1b\[31msteige", out)


def test_the_pipeline_keeps_the_hostile_text():
    # the premise: the claims and names below reach the output at all
    found = results()
    assert any("[link=http://x]" in c.claim.text for c in found["markup[bold]"].chains)
    assert any(OSC8 in c.claim.text for c in found["ansi\x1b[2J"].chains)
    assert any(s.name == "Hans\x01 Müller" for s in found["controls\x01"].sources)


def test_text_report_shows_markup_literally_and_escapes_visibly():
    console, out = terminal()
    for result in results().values():
        report.render(result, console)
    text = out.getvalue()
    assert "[link=http://x]Treffen[/link]" in text and "markup[bold]" in text
    assert OSC8 not in text and not article_escapes(text)
    assert "\\x1b[31msteige\\x1b[0m" in text and "\\x1b]8;;http://x\\x1b\\hier" in text
    assert "ansi\\x1b[2J" in text and "Hans\\x01 Müller" in text


def test_cli_report_survives_markup_and_keeps_the_next_article(tmp_path):
    (tmp_path / "a[bold]markup.txt").write_text(MARKUP, encoding="utf-8")
    # escape sequences come in through JSON records (a text file holding them is refused as binary)
    (tmp_path / "b_ansi.jsonl").write_text(json.dumps({"id": "b_ansi", "text": ANSI}) + "\n", encoding="utf-8")
    (tmp_path / "c_plain.txt").write_text(
        "Die Ministerin Anna Berger sagte am Dienstag, die Schulen blieben geöffnet.\n", encoding="utf-8")
    target = tmp_path / "report.txt"
    done = CliRunner().invoke(app, ["analyze", str(tmp_path), "-o", str(target)], env={"COLUMNS": "300"})
    assert done.exit_code == 0, done.output
    text = target.read_text(encoding="utf-8")
    for article in ("a[bold]markup", "b_ansi", "c_plain"):
        assert article in text
    assert "[/i]" in text and ESC not in text and "\\x1b[31m" in text


def test_cli_messages_show_file_names_literally(tmp_path):
    hostile = tmp_path / "[red]rot\x1b]8;;x\x1b\\.txt"
    hostile.write_text(ENGLISH, encoding="utf-8")
    done = CliRunner().invoke(app, ["analyze", str(hostile)])
    assert done.exit_code != 0
    assert "[red]rot\\x1b]8;;x\\x1b\\.txt" in done.stderr and ESC not in done.stderr


def test_trace_and_sources_show_names_literally():
    found = list(results().values())
    console, out = terminal()
    queries.render_traces(queries.trace(found), console)
    queries.render_sources(queries.rank_sources(found), console)
    text = out.getvalue()
    assert "[link=http://x]Treffen[/link]" in text and "Hans\\x01 Müller" in text
    assert OSC8 not in text and not article_escapes(text) and "\\x1b]8;;http://x" in text


def test_csv_cells_are_no_formulas(tmp_path):
    path = export(corpus_graph(list(results().values())), tmp_path / "edges.csv")
    with path.open(encoding="utf-8", newline="") as file:
        cells = [cell for row in csv.reader(file) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    for cell in ("'" + FORMULA_ID, "'+1 sei die Antwort", "'@SUM(A1) stehe im Bericht"):
        assert cell in cells
    assert any(c.startswith("'-2 Prozent") for c in cells)


def test_spreadsheet_cell_follows_owasp():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert spreadsheet_cell(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_cell("Anna Berger") == "Anna Berger" and spreadsheet_cell(-2) == -2


@pytest.fixture(scope="module")
def graph():
    return corpus_graph(list(results().values()))


def test_graphml_and_gexf_stay_well_formed(graph, tmp_path):
    for suffix, read in ((".graphml", nx.read_graphml), (".gexf", nx.read_gexf)):
        back = read(export(graph, tmp_path / f"g{suffix}"))
        assert back.number_of_nodes() == graph.number_of_nodes(), suffix
        assert back.number_of_edges() == graph.number_of_edges(), suffix
        labels = {str(d.get("label")) for _, d in back.nodes(data=True)}
        assert "Hans\ufffd Müller" in labels and "controls\ufffd" in labels, suffix
        assert any("\ufffd[31msteige" in label for label in labels), suffix


@pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz not installed")
def test_svg_stays_well_formed(graph, tmp_path):
    root = ET.parse(export(graph, tmp_path / "g.svg")).getroot()
    text = "".join(root.itertext())
    assert "Hans\ufffd Müller" in text


def test_two_ids_differing_only_in_controls_stay_two_nodes(tmp_path):
    text = "Der Sprecher Hans Müller sagte, das Treffen sei abgesagt worden.\n"
    graph = corpus_graph(provenance.analyze_many([provenance.Article(text, "a\x01"), provenance.Article(text, "a\x02")]))
    back = nx.read_graphml(export(graph, tmp_path / "g.graphml"))
    assert back.number_of_nodes() == graph.number_of_nodes()


def test_helpers_cover_the_characters_named():
    assert visible("a\x1b[31m\x9b\u202e\udcff\tb\n") == "a\\x1b[31m\\x9b\\u202e\\udcff\tb\n"
    assert xml_text("a\x01\x0b\ufffe\ud800\t\n\r") == "a\ufffd\ufffd\ufffd\ufffd\t\n\r"


def test_every_format_writes_a_lone_surrogate(graph, tmp_path):
    # a JSON input may carry "\ud800", which no UTF-8 file can hold as such
    hostile = graph.copy()
    node = next(n for n, d in hostile.nodes(data=True) if d.get("type") == "source")
    hostile.nodes[node]["label"] = "Anna\ud800 Berger"
    for suffix in (".graphml", ".gexf", ".json", ".dot", ".csv", ".provn", ".provjson", ".html"):
        data = export(hostile, tmp_path / f"g{suffix}").read_bytes().decode("utf-8")
        if suffix in (".graphml", ".gexf"):
            root = ET.fromstring(data.encode("utf-8"))
            assert "Anna\ufffd Berger" in ET.tostring(root, encoding="unicode"), suffix
        elif suffix == ".json":
            assert any(d.get("label") == "Anna\ud800 Berger" for d in json.loads(data)["nodes"])


def test_eval_lists_misses_literally(tmp_path):
    # a gold file from elsewhere: its document name and quotation hold markup and escapes
    text = "Der Sprecher [link=http://x]Hans[/link] sagte , es regne \x1b[31m heute ."
    starts = [0]
    for token in text.split(" ")[:-1]:
        starts.append(starts[-1] + len(token) + 1)
    tokens = [{"id": i, "charBegin": b, "charEnd": b + len(t), "text": t}
              for i, (b, t) in enumerate(zip(starts, text.split(" ")))]
    role = lambda ids: {"text": "", "spans": [], "tokenIds": ids}  # noqa: E731
    annotation = {"type": "Indirect", "quote": role([2]), "speaker": role([1]), "cue": role([]),
                  "frame": role([]), "addressee": role([]), "isNested": False}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"documentName": "doc[/i]\x1b[2J\udc80", "originalText": text, "tokens": tokens,
                                "sentences": [], "annotations": [annotation]}) + "\n", encoding="utf-8")
    figures = tmp_path / "figures.json"
    done = CliRunner().invoke(app, ["eval", str(gold), "--json", str(figures)], env={"COLUMNS": "300"})
    assert done.exit_code == 0, done.output
    assert "[link=http://x]Hans[/link]" in done.stdout and "doc[/i]\\x1b[2J" in done.stdout
    assert ESC not in done.stdout
    # the figures file is written whole, the surrogate of the document name escaped (it made a traceback)
    written = figures.read_text(encoding="utf-8")
    assert "\\udc80" in written and json.loads(written)["articles"] == 1


def test_json_output_escapes_what_json_leaves_raw(tmp_path):
    # json.dumps(ensure_ascii=False) escapes C0 controls only: the 8-bit CSI,
    # a right-to-left override and a lone surrogate go out as \u escapes
    text = "Die Ministerin Anna Berger sagte, die Zahl der Fälle \x9b31msteige\u202e weiter.\n"
    records = tmp_path / "articles.jsonl"
    records.write_text(json.dumps({"id": "c1\udc80", "text": text}) + "\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["analyze", str(records), "--format", "json"])
    assert done.exit_code == 0, done.output
    assert not {"\x9b", "\u202e", "\udc80"} & set(done.stdout)
    data = json.loads(done.stdout)
    assert data["article"]["id"] == "c1\udc80"
    assert any("\x9b31msteige\u202e" in a["claim"]["text"] for a in data["attributions"])


def test_a_lone_surrogate_in_the_text_survives_the_parse_cache(tmp_path):
    # the cache writes and reads the token texts with the surrogate kept; before, the
    # write failed the article and left a temporary file behind
    cache = tmp_path / "cache"
    configs = config_dir(tmp_path, cache={"dir": str(cache)})
    records = tmp_path / "articles.jsonl"
    records.write_text(json.dumps({"id": "s1", "text": "Der Sprecher Hans M\udc80ller sagte, die Straße bleibe "
                                                       "bis Freitag gesperrt.\n"}) + "\n", encoding="utf-8")
    runs = [CliRunner().invoke(app, ["analyze", str(records), "--format", "json", "--config", str(configs)])
            for _ in range(2)]  # the second run reads what the first cached
    assert [r.exit_code for r in runs] == [0, 0], runs[0].output
    assert runs[0].stdout == runs[1].stdout
    [attribution] = json.loads(runs[1].stdout)["attributions"]
    assert (attribution["cue"]["text"], attribution["source"]["text"]) == ("sagte", "Der Sprecher Hans M\udc80ller")
    assert list(cache.rglob("*.json")) and not list(cache.rglob("*.tmp"))


def test_a_carriage_return_in_a_cell_never_ends_its_row():
    import csv
    import io

    from provenance.safe_text import csv_text

    rows = [{"name": "Anna\rBerger", "kind": "person"}, {"name": "=1+1", "kind": None}]
    text = csv_text(["name", "kind"], rows)
    back = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["name"] for r in back] == ["Anna\rBerger", "'=1+1"]
    assert [r["kind"] for r in back] == ["person", ""]
