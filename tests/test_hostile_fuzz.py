"""Property-based fuzzing (issue 13 §5) of every input reader and every
exporter with arbitrary bytes and strings: NUL, lone surrogates, control
characters, terminal escapes, Rich markup, formula prefixes. Readers never
raise and refuse in one line; exporters always write what their format's
reader takes back, inert. Example counts are modest so the suite stays fast;
no example database is written into the work tree."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import networkx as nx
from hypothesis import example, HealthCheck, given, settings, strategies as st
from rich.console import Console

import provenance
from provenance import chunking, report
from provenance.analysis import Article
from provenance.errors import InputError
from provenance.export import FORMATS, export, to_json
from provenance.graph import corpus_graph
from provenance.inputs import decode, jsonl_articles, read_articles, record_article
from provenance.records import ArticleResult
from provenance.rules.spans import find_quotations
from provenance.rules.words import OPEN_TO_CLOSE, QUOTE_CHARS
from provenance.safe_text import FORMULA_STARTS
from provenance.sources.lexicon import Lexicon

from corpus_helpers import GERMAN

FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

HOSTILE = ["\x00", "\x1b[31m", "\x1b]8;;http://x\x1b\\", "\x9b", "\u202e", "\ud800", "\udcff", "\ufffe",
           "[bold]", "[/]", "[link=http://x]", "=", "+", "-", "@", "\t", "\r", "\n", "<", "&", '"', "'",
           "=HYPERLINK(\"http://x\")", "„", "“", "»", "«", "Müller", "sagte", " "]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=5)), max_size=12).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["text", "id", "title", "url", "published", "publisher", "originalText", "documentName", "x"]), inner,
        max_size=5),
    max_leaves=12)


def _one_line(items) -> None:
    for item in items:
        assert isinstance(item, (Article, InputError)), item
        if isinstance(item, InputError):
            assert str(item) and "\n" not in str(item)
        else:
            assert item.text.strip()


# --- readers ----------------------------------------------------------------------------

@FAST
@given(json_values)
def test_any_json_value_is_a_record_or_one_line(value):
    line = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    _one_line(list(jsonl_articles([line, b"{" + line], "feed.jsonl", "feed")))
    try:
        record_article(value, "where", "fallback")
    except InputError as exc:
        assert str(exc).startswith("where: ")


@FAST
@given(st.binary(max_size=300), st.sampled_from([b"", b"{", b"[", b"<html><body><p>", b"\n\n"]))
def test_standard_input_of_any_bytes(data, head):
    _one_line(list(read_articles(["-"], stdin=io.BytesIO(head + data), warn=lambda message: None)))


@FAST
@given(st.text(max_size=200), st.lists(st.binary(min_size=1, max_size=2), max_size=4))
def test_text_with_any_glitches_is_decoded_or_refused(text, glitches):
    data = text.encode("utf-8", "surrogatepass")
    for k, glitch in enumerate(glitches):
        at = len(data) * (k + 1) // (len(glitches) + 1)
        data = data[:at] + glitch + data[at:]
    heard: list[str] = []
    try:
        decoded = decode(data, "t.txt", heard.append)
    except InputError as exc:
        assert str(exc).startswith("t.txt: ") and "\n" not in str(exc)
        return
    assert decoded.strip() and "\x00" not in decoded
    assert all(message.startswith("t.txt: ") and "\n" not in message for message in heard)


@settings(max_examples=25, deadline=None, database=None)
@given(st.lists(st.binary(min_size=1, max_size=30).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                             and b not in (b".", b"..")), min_size=1, max_size=4))
def test_file_names_of_any_bytes(names):
    with tempfile.TemporaryDirectory() as directory:
        for name in names:
            with open(os.fsencode(directory) + b"/" + name + b".txt", "wb") as out:
                out.write(GERMAN.encode())
        items = list(read_articles([directory], warn=lambda message: None))
    _one_line(items)
    visible = [n for n in set(names) if not n.startswith(b".")]
    assert sum(isinstance(i, Article) for i in items) == len(visible)


# --- the hard bounds and the linear rewrites --------------------------------------------------

@FAST
@given(st.lists(st.sampled_from(list(QUOTE_CHARS) + [" ", "a", ".", "\n", "\n\n", "W", "x" * 400]), max_size=400)
       .map("".join))
def test_chunks_cover_the_text_and_respect_the_bounds(text):
    bounds = chunking.chunk_bounds(text, 1_000)
    assert [b for b in bounds if b[1] <= b[0]] == [] or text == ""
    assert "".join(text[a:b] for a, b in bounds) == text
    for start, end in bounds:
        if (end - start) > 1_000:  # a paragraph kept whole is within the token bounds
            assert chunking.paragraph_pieces(text, start, end) is None


def _quotations_before(text: str) -> list:
    """find_quotations as it was (a scan of the stack for each mark), the reference."""
    from provenance.records import Span
    from provenance.rules.spans import _opens_here

    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch == "\n" and text[i + 1:i + 2] == "\n":
            stack.clear()
            continue
        if ch not in QUOTE_CHARS or ch in ("‚", "‘", "’", "›", "‹"):
            continue
        closing = next((j for j in range(len(stack) - 1, -1, -1) if ch in OPEN_TO_CLOSE[stack[j][1]]), None)
        if closing is not None and not (ch == '"' and _opens_here(text, i)):
            start, _ = stack[closing]
            del stack[closing:]
            spans.append(Span.of(text, start, i + 1))
        elif ch in OPEN_TO_CLOSE:
            stack.append((i, ch))
    return sorted(spans, key=lambda s: s.start)


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.sampled_from(list(QUOTE_CHARS) + [" ", "a", "\n", "\n\n"]), max_size=60).map("".join))
def test_quotation_pairing_is_what_it_was(text):
    assert find_quotations(text) == _quotations_before(text)


@functools.cache
def lexicon() -> Lexicon:
    from provenance.sources import lexicon_for

    return lexicon_for(provenance.load_config())


def _ends_with_before(word: str, stems: frozenset[str]) -> bool:
    word = word.lower().strip(".,;:")
    if not word:
        return False
    forms = {word}
    if len(word) > 3 and word[-1] in "nsre":
        forms.add(word[:-1])
    if len(word) > 5 and word[-2:] in ("en", "es", "er", "ns", "ern", "em"):
        forms.add(word[:-2])
    return any(f in stems or any(len(s) > 4 and f.endswith(s) for s in stems) for f in forms)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(["regierung", "s", "sprecher", "in", "n", "en", "ministerium", "polizei",
                                 "x", "beamte", "Ä", ".", "sprecherin", "es"]), max_size=5).map("".join))
def test_compound_stems_are_found_as_before(word):
    lex = lexicon()
    for stems in (lex.official, lex.org_words, lex.media_nouns, lex.anonymous_nouns):
        assert Lexicon.ends_with(word, stems) == _ends_with_before(word, stems)


# --- exporters ---------------------------------------------------------------------------

@functools.cache
def base() -> ArticleResult:
    text = ("Der Sprecher Hans Müller sagte, das Treffen sei abgesagt worden. "
            "„Wir warten ab“, sagte Müller. Laut Reuters sei die Lage ernst.\n")
    return provenance.analyze(text)


def hostile_result(strings: list[str]) -> ArticleResult:
    """The base result with its names, claims, id and metadata replaced by ``strings``."""
    pick = iter(strings * 20)
    result = base()
    sources = tuple(replace(s, name=next(pick)) for s in result.sources)
    attributions = tuple(replace(a, claim=replace(a.claim, text=next(pick))) if a.claim else a
                         for a in result.attributions)
    return replace(result, id=next(pick), sources=sources, attributions=attributions,
                   metadata={"title": next(pick), "publisher": next(pick)})


_ENTITY = re.compile(r"&(?:[A-Za-z]+|#[0-9]+|#[xX][0-9A-Fa-f]+);")


def _raw_in_page(raw: str, page: str) -> bool:
    """``raw`` stands in the page unescaped: a "<" of it as it is, or an "&" of
    it that opens no character reference ("a&" is escaped when the page has
    "a&amp;", which holds "a&" as text)."""
    start = page.find(raw)
    while start != -1:
        if "<" in raw or not all(_ENTITY.match(page, start + k) for k, c in enumerate(raw) if c == "&"):
            return True
        start = page.find(raw, start + 1)
    return False


@functools.cache
def _benign_page() -> str:
    """The page of an article with nothing hostile in it: its own markup."""
    with tempfile.TemporaryDirectory() as directory:
        return export(corpus_graph([hostile_result(["Bericht"])]), Path(directory) / "g.html").read_text("utf-8")


@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(hostile_text.filter(str.strip), min_size=1, max_size=4))
@example(["<"])  # a string the page's own markup holds
@example(["\x00&"])  # escaped as "\x00&amp;", which holds the string as text
@example(["\ud800\udcff"])  # two lone surrogates that JSON reads back as one pair
def test_every_exporter_writes_inert_well_formed_output(strings):
    result = hostile_result(strings)
    graph = corpus_graph([result])
    with tempfile.TemporaryDirectory() as directory:
        for suffix in FORMATS:
            if suffix in (".svg", ".png"):
                continue  # Graphviz: its own test in test_hostile_output
            data = export(graph, Path(directory) / f"g{suffix}").read_bytes()
            text = data.decode("utf-8")  # every format is valid UTF-8
            if suffix in (".graphml", ".gexf"):
                ET.fromstring(data)
                read = nx.read_graphml if suffix == ".graphml" else nx.read_gexf
                assert read(Path(directory) / f"g{suffix}").number_of_nodes() == graph.number_of_nodes()
            elif suffix in (".json", ".provjson"):
                json.loads(text)
            elif suffix == ".csv":
                rows = list(csv.reader(io.StringIO(text, newline="")))
                assert len(rows) == graph.number_of_edges() + 1  # no cell ends a row
                for row in rows:
                    assert not any(cell.startswith(FORMULA_STARTS) for cell in row), row
            elif suffix == ".html":  # markup of the article's is escaped
                # (a string the page's own markup holds, such as "<", says nothing)
                template = _benign_page()
                assert not any(_raw_in_page(raw, text) for raw in strings
                               if ("<" in raw or "&" in raw) and raw not in template)
    back = json.loads(to_json(result))  # the article JSON: the same strings, escaped where JSON leaves them raw
    # (a lone high surrogate before a lone low one reads back as one character in any JSON: "\ud800\udcff")
    same = json.loads(json.dumps([result.id, result.metadata]))
    assert [back["article"]["id"], back["article"]["metadata"]] == same
    out = io.StringIO()
    report.render(result, Console(file=out, force_terminal=True, width=200))
    shown = out.getvalue()
    # no markup read (a [link] would be an OSC 8 hyperlink), no escape or override of the article's own
    assert "\x1b]" not in shown and "\x9b" not in shown and "\u202e" not in shown
