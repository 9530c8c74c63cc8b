"""Properties of the analysis over arbitrary text, with the real parser (one
pipeline for the whole session): it never crashes, every span is exactly the
input's text at its offsets, the JSON output is the same on every run, and
cutting into paragraph chunks changes nothing."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from provenance import analysis, corpus
from provenance.analysis import Article
from provenance.config import load_config
from provenance.errors import InputError
from provenance.inputs import KINDS, read_articles
from provenance.export import to_json

from exactness import assert_result_exact

# No parse cache: the second run parses again, so determinism is the parser's too.
CONFIG = corpus.with_cache(load_config(), False)
CHUNKED = CONFIG.model_copy(update={"settings": CONFIG.settings.model_copy(
    update={"limits": CONFIG.settings.limits.model_copy(update={"chunk_chars": 40})})})
# Parsing is slow: few examples, no deadline, no example database in the work tree.
SLOW = settings(max_examples=15, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ("Der Minister sagte laut Polizei die Regierung werde nicht zurücktreten berichtete Reuters "
         "unter Berufung auf Quellen zufolge erklärte Sprecherin dass sei habe Merkel Scholz „Wir "
         "schaffen das“ teilte mit am Montag in Berlin Angaben nach AFP dpa Zeitung sagte: es").split()
PUNCTUATION = list(".,;:!?-–—()[]/&%…") + ['"', "'", "„", "“", "”", "‚", "‘", "’", "«", "»", "›", "‹"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u200b", "\ufeff",
           "\u2028", "\u00a0", "\r", "\t"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\r\n", " \n \n"]

german_like = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCTUATION)), max_size=40).map(" ".join)
punctuation_heavy = st.lists(st.sampled_from(PUNCTUATION + SEPARATORS + list("abcÄß1")), max_size=60).map("".join)
stray = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCTUATION), st.sampled_from(CONTROL),
                           st.sampled_from(SEPARATORS)), max_size=50).map("".join)
anything = st.text(max_size=40)
texts = st.one_of(german_like, punctuation_heavy, stray, anything)
paragraphs = st.lists(german_like.filter(str.strip), min_size=2, max_size=4).map("\n\n".join)


@SLOW
@given(texts)
def test_any_text_is_analysed_with_exact_spans_and_the_same_json_twice(text):
    first = analysis.analyze(text, config=CONFIG)
    assert_result_exact(first, text)
    assert to_json(analysis.analyze(text, config=CONFIG)) == to_json(first)


@SLOW
@given(paragraphs)
def test_paragraph_chunks_change_nothing(text):
    whole = analysis.analyze(text, config=CONFIG)
    chunked = analysis.analyze(text, config=CHUNKED)
    assert_result_exact(chunked, text)
    assert to_json(chunked) == to_json(whole)


encodings = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
raw = st.one_of(
    st.binary(max_size=300),
    st.tuples(texts, encodings).map(lambda pair: pair[0].encode(pair[1], errors="replace")),
    texts.map(lambda text: ('{"text": ' + repr(text)[1:-1] + "}\n" + text).encode("utf-8", "replace")),
    texts.map(lambda text: f"<html><body><p>{text}</p></body></html>".encode("utf-8", "replace")),
)


@settings(max_examples=150, deadline=None, database=None)
@given(raw, st.sampled_from(sorted(KINDS) + [".pdf"]))
def test_any_bytes_are_read_or_refused_in_one_line(data, suffix):
    """Reading never raises, whatever a file or standard input holds."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_articles([str(path), "-"], stdin=io.BytesIO(data)))
    for item in items:
        assert isinstance(item, (Article, InputError))
        if isinstance(item, InputError):
            assert "\n" not in str(item) and str(item)
        else:
            assert item.text.strip()


def _json_in_a_fresh_process(text: str, hash_seed: str) -> str:
    code = ("import sys; from provenance import analysis, corpus; from provenance.config import load_config; "
            "from provenance.export import to_json; "
            "print(to_json(analysis.analyze(sys.stdin.read(), config=corpus.with_cache(load_config(), False))))")
    done = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONHASHSEED": hash_seed})
    return done.stdout


def test_the_json_is_the_same_in_every_process():
    """Two runs are two processes: set order of strings differs between
    them, so this catches what a run within one process cannot."""
    text = "Eine Heilung sei jedoch ausgeschlossen, heißt es."
    assert _json_in_a_fresh_process(text, "0") == _json_in_a_fresh_process(text, "1")
