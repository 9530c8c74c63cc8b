"""Inputs of any shape (issue 13 §2, §3): file names of any bytes, JSON records
of any content, UTF-8 with glitches, terminal escapes, unreadable directories,
link loops, odd --glob patterns, inputs too large for memory, and paragraphs
too long for the parser. Each is read, repaired with a warning, or refused in
one line naming it, and the rest of the run goes on."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from provenance import chunking, parsing
from provenance.analysis import Article
from provenance.config import LimitSettings, load_config
from provenance.errors import InputError, InputWarning
from provenance.inputs import READ_BLOCK, check_glob, read_articles, record_limit

from corpus_helpers import GERMAN, GERMAN_2, write
from conftest import SHARED_DATA
from test_inputs import as_unprivileged


def read(inputs, **kwargs) -> tuple[list, list[str]]:
    """The items of ``inputs`` and the warnings heard."""
    heard: list[str] = []
    items = list(read_articles([str(i) for i in inputs], warn=heard.append, **kwargs))
    for item in items:
        if isinstance(item, InputError):
            assert "\n" not in str(item)
    return items, heard


def messages(items) -> list[str]:
    return [str(i) for i in items if isinstance(i, InputError)]


def texts(items) -> list[str]:
    return [i.text for i in items if isinstance(i, Article)]


# --- file names ---------------------------------------------------------------------

def test_a_file_name_of_any_bytes_is_read(tmp_path):
    directory = tmp_path / "names"
    directory.mkdir()
    raw = os.fsencode(directory) + b"/\xff\xfe caf\xe9 \x1b[31m[bold]x.txt"
    with open(raw, "wb") as out:
        out.write(GERMAN.encode())
    items, _ = read([directory])
    [article] = items
    assert article.text == GERMAN
    assert os.fsencode(article.path) == raw  # the name as the file system has it, surrogates and all
    items, _ = read([os.fsdecode(raw)])  # named on the command line
    assert texts(items) == [GERMAN]


# --- JSON records ---------------------------------------------------------------------

HOSTILE_RECORDS = [
    ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ('{"text": "' + GERMAN + '", "id": ' + "9" * 5000 + "}", "unreadable JSON (Exceeds the limit"),
    ('{"text": "' + GERMAN + '", "id": {"a": [1, 2]}}', "'id' is not a string or number"),
    ('{"text": "' + GERMAN + '", "title": ["x"]}', "'title' is not a string or number"),
    ('{"text": ["Die", "Liste"]}', "'text' is not a string"),
    ('"just a string"', "not a JSON object"),
    ("1e999999", "not a JSON object"),
    ("{\"text\": \"a\u0000b\" ", "malformed JSON"),
    ("\xff\xfe{}", "not UTF-8"),
]


@pytest.mark.parametrize("line, expected", HOSTILE_RECORDS)
def test_any_json_record_is_one_line_and_the_others_are_kept(tmp_path, line, expected):
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "good", "text": GERMAN})
    path.write_bytes(b"\n".join([good.encode(), line.encode("utf-8", "surrogateescape")
                                 if not line.startswith("\xff") else b"\xff\xfe{}", good.encode()]) + b"\n")
    items, _ = read([path])
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert str(items[1]).startswith(f"{path}:2: ") and expected in str(items[1])
    assert [i.id for i in items if isinstance(i, Article)] == ["good", "good~2"]


def test_any_string_content_and_odd_fields_are_kept(tmp_path):
    text = "Der Sprecher sagte, \u0000 \ud800 \x1b[2J [bold] =1+1 bleibe.\n" + GERMAN
    path = tmp_path / "odd.json"
    path.write_text(json.dumps([{"text": text, "id": 7, "published": 2025, "publisher": None, "extra": {"a": [[]]}},
                                {"text": GERMAN, "id": 1.5}]), encoding="utf-8")
    items, _ = read([path])
    first, second = items
    assert first.text == text and first.id == "7" and first.metadata == {"published": "2025"}
    assert second.id == "1.5"


def test_an_empty_json_list_is_named(tmp_path):
    items, _ = read([write(tmp_path / "none.json", "[]")])
    assert messages(items) == [f"{tmp_path / 'none.json'}: no records (an empty JSON list)"]


# --- UTF-8 with glitches, NULs, terminal escapes, binary ----------------------------------

def test_german_utf8_with_a_stray_byte_is_decoded_with_a_warning(tmp_path):
    data = "Die Bürgermeisterin äußerte, die Straße bleibe gesperrt. ".encode() + b"Caf\xe9 " + GERMAN.encode()
    path = write(tmp_path / "stray.txt", data)
    items, heard = read([path])
    [article] = items
    assert article.text == data.decode("utf-8", "replace")  # each invalid byte one U+FFFD
    # offsets count characters of the decoded text: "Caf" then the replacement
    assert article.text[article.text.index("Caf") + 3] == "\ufffd"
    assert article.text.index("Caf") == len(data[:data.index(b"Caf")].decode())
    assert heard == [f"{path}: 1 byte not valid UTF-8, replaced by U+FFFD "
                     "(offsets count the replacement as one character each)"]


def test_a_few_nuls_are_replaced_with_a_warning(tmp_path):
    path = write(tmp_path / "nul.txt", (GERMAN + "\x00" + GERMAN_2).encode())
    items, heard = read([path])
    assert texts(items) == [GERMAN + "\ufffd" + GERMAN_2]
    assert heard == [f"{path}: 1 NUL character replaced by U+FFFD"]


def test_the_python_api_warns_too(tmp_path):
    path = write(tmp_path / "nul.txt", (GERMAN + "\x00" + GERMAN_2).encode())
    with pytest.warns(InputWarning, match="NUL character replaced"):
        list(read_articles([str(path)]))


def test_a_text_with_terminal_escapes_is_text(tmp_path):
    # a copied terminal session: colours, a title sequence, a hyperlink; far more than 1 % escapes
    text = "".join(f"\x1b[3{k % 8}mDer Sprecher sagte, es regne.\x1b[0m\x1b]0;Titel\x07\n" for k in range(40))
    items, heard = read([write(tmp_path / "log.txt", text)])
    assert texts(items) == [text] and heard == []


@pytest.mark.parametrize("content", [
    b"\x7fELF\x02\x01\x01" + bytes(200) + os.urandom(2000),
    GERMAN.encode() + bytes(len(GERMAN)),  # NULs beyond a glitch
    os.urandom(8192),
])
def test_real_binary_is_still_refused(tmp_path, content):
    path = write(tmp_path / "blob.txt", content)
    items, _ = read([path])
    [message] = messages(items)
    assert message.startswith(f"{path}: binary file")


# --- directories, links, globs ----------------------------------------------------------

def test_link_loops_and_broken_links_are_one_line_each(tmp_path):
    root = tmp_path / "corpus"
    write(root / "a.txt", GERMAN)
    write(root / "sub" / "b.txt", GERMAN_2)
    (root / "sub" / "up").symlink_to(root)  # a loop back up the tree
    (root / "self.txt").symlink_to(root / "self.txt")  # a link to itself
    (root / "gone.txt").symlink_to(root / "nowhere.txt")
    items, _ = read([root])
    assert texts(items) == [GERMAN, GERMAN_2]
    assert sorted(messages(items)) == sorted([
        f"{root / 'gone.txt'}: cannot read (broken symbolic link)",
        f"{root / 'self.txt'}: cannot read (Too many levels of symbolic links)",
        f"{root / 'sub' / 'up'}: symbolic link to a directory already read (a loop), not followed",
    ])
    items, _ = read([root / "self.txt"])  # named directly
    assert messages(items) == [f"{root / 'self.txt'}: cannot read (Too many levels of symbolic links)"]


def test_an_unreadable_directory_is_one_line_and_the_rest_is_read(open_dir):
    write(open_dir / "a.txt", GERMAN).chmod(0o644)
    locked = open_dir / "locked"
    write(locked / "b.txt", GERMAN_2)
    locked.chmod(0)
    (open_dir / "z.txt").write_text(GERMAN_2, encoding="utf-8")
    (open_dir / "z.txt").chmod(0o644)

    def walk():
        return [str(item) if isinstance(item, InputError) else item.id for item in read_articles([str(open_dir)])]

    walk()  # everything reading needs is imported before the child drops its privileges
    try:
        assert as_unprivileged(walk) == [f"{locked}: cannot list directory (Permission denied)", "a", "z"]
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize("glob, problem", [
    ("/etc/*.txt", "is absolute"),
    ("../*.txt", "leaves the directory"),
    ("sub/../../x", "leaves the directory"),
    ("", "--glob is empty"),
])
def test_odd_globs_are_one_line_and_the_run_goes_on(tmp_path, glob, problem):
    write(tmp_path / "d" / "a.txt", GERMAN)
    single = write(tmp_path / "single.txt", GERMAN_2)
    items, _ = read([tmp_path / "d", single], glob=glob)
    [message] = messages(items)
    assert message.startswith(f"{tmp_path / 'd'}: ") and problem in message
    assert texts(items) == [GERMAN_2]
    assert check_glob("sub/*.txt") is None and check_glob("**/*.html") is None


def test_a_recursive_glob_matches_at_any_depth(tmp_path):
    write(tmp_path / "d" / "a.md", GERMAN)
    write(tmp_path / "d" / "x" / "y" / "b.md", GERMAN_2)
    items, _ = read([tmp_path / "d"], glob="**/*.md")
    assert [i.id for i in items] == ["a", "x/y/b"]


# --- size limits while reading ------------------------------------------------------------

class Endless(io.RawIOBase):
    """A stream of ``byte`` that never ends, counting what was read of it."""

    def __init__(self, head: bytes, byte: bytes):
        self.head, self.byte, self.given = head, byte, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = (self.head + self.byte * len(buffer))[:len(buffer)]
        self.head = self.head[len(chunk):]
        buffer[:len(chunk)] = chunk
        self.given += len(chunk)
        return len(chunk)


@pytest.mark.parametrize("head, byte, expected", [
    (b"Die Ministerin sagte, ", b"a", "file too large"),  # text without a line end
    (b"<html><body><p>", b"x", "file too large"),  # HTML
    (b"[", b" ", "file too large"),  # a JSON document
])
def test_standard_input_is_refused_at_the_limit_not_read_whole(head, byte, expected):
    limits = LimitSettings(max_chars=10_000)
    stream = Endless(head, byte)
    items = list(read_articles(["-"], limits=limits, stdin=io.BufferedReader(stream)))
    [message] = messages(items)
    assert message.startswith("standard input: ") and expected in message
    # what was read is bounded by the limit of the kind (and a line of JSON lines), not the stream
    assert stream.given <= 32 * limits.max_chars + record_limit(limits) + 2 * READ_BLOCK * 16


def test_json_lines_on_standard_input_stream_past_an_endless_record():
    limits = LimitSettings(max_chars=1_000)
    good = json.dumps({"text": GERMAN}).encode() + b"\n"
    stream = io.BytesIO(good + b'{"text": "' + b"a" * (3 * record_limit(limits)) + b'"}\n' + good)
    items = list(read_articles(["-"], limits=limits, stdin=stream))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert str(items[1]).startswith("standard input:2: record too large")


def test_a_huge_sparse_jsonl_line_is_skipped_in_bounded_memory(tmp_path):
    path = tmp_path / "sparse.jsonl"
    good = json.dumps({"text": GERMAN}).encode() + b"\n"
    with path.open("wb") as out:
        out.write(good)
        out.seek(64 << 20, os.SEEK_CUR)  # a 64 MB hole of NUL bytes: one line, no newline in it
        out.write(b"\n" + good)
    limits = LimitSettings(max_chars=1_000)
    items, _ = read([path], limits=limits)
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert str(items[1]).startswith(f"{path}:2: record too large ({(64 << 20):,} bytes")


def test_a_json_document_over_its_limit_is_not_read(tmp_path):
    path = write(tmp_path / "big.json", json.dumps([{"text": GERMAN}] * 400))
    items, _ = read([path], limits=LimitSettings(max_chars=100))
    [message] = messages(items)
    assert message.startswith(f"{path}: file too large") and "JSON lines (.jsonl) have no file limit" in message


# --- paragraphs too long for the parser ----------------------------------------------------

def test_a_paragraph_beyond_the_bounds_is_cut_within_them():
    for text in ['"' * 100_000, "a" * 100_000, "Wort " * 20_000, "zeile ohne punkt\n" * 5_000,
                 "„" * 50_000 + "»" * 50_000]:
        bounds = chunking.chunk_bounds(text, 100_000)
        assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
        assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))  # every character in one piece
        for start, end in bounds:
            pieces = list(chunking._TOKEN.finditer(text, start, end))
            assert len(pieces) <= chunking.MAX_RUN_TOKENS
            assert all(len(p.group()) <= chunking.MAX_TOKEN_CHARS for p in pieces)


def test_prose_is_never_cut_inside_a_paragraph():
    path = SHARED_DATA / "wikinews-quotes" / "train.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    for line in path.open(encoding="utf-8"):
        text = json.loads(line)["originalText"]
        assert all(chunking.paragraph_pieces(text, start, end) is None
                   for start, end in chunking.chunk_bounds(text, len(text) + 1))
    sentences = "Der Minister sagte, die Lage sei ernst. " * 3000  # one long paragraph of short sentences
    assert chunking.chunk_bounds(sentences, 1_000_000) == [(0, len(sentences))]


def test_quotation_marks_parse_in_sentences_within_the_bound():
    # 600 marks made one sentence of 600 words before (memory quadratic in it: 21 GB at 2,000)
    text = "".join('„“"»«'[k % 5] for k in range(600))
    config = load_config()
    [doc] = chunking.parse_texts([text], config.settings.model_copy(
        update={"cache": config.settings.cache.model_copy(update={"enabled": False})}))
    assert doc.text == text and doc.sentences
    assert max(len(s.words) for s in doc.sentences) <= chunking.MAX_RUN_TOKENS
    assert all(doc.text[t.start:t.end] == t.text for s in doc.sentences for t in s.tokens)


def _recording_parser(monkeypatch) -> list[str]:
    """Every text the real parser is given, written down."""
    seen: list[str] = []
    real = parsing.parse_many

    def recording(texts, *args, **kwargs):
        seen.extend(texts)
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(parsing, "parse_many", recording)
    return seen


def _uncached():
    config = load_config()
    return config.settings.model_copy(update={"cache": config.settings.cache.model_copy(update={"enabled": False})})


def test_marks_without_words_are_built_without_the_parser(monkeypatch):
    # 2,000 marks (spaces among some): not one reaches the parser, each is a token of its own
    text = "".join('„“"»« –'[k * 7 % 11 % 7] for k in range(2_000))
    seen = _recording_parser(monkeypatch)
    [doc] = chunking.parse_texts([text], _uncached())
    assert not [piece for piece in seen if piece.strip()]
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert [t.text for t in tokens] == [ch for ch in text if not ch.isspace()]
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert all(text[w.start:w.end] == w.text and w.upos == "PUNCT" for s in doc.sentences for w in s.words)
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    assert max(len(s.tokens) for s in doc.sentences) <= chunking.MAX_RUN_TOKENS
    assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)
    assert sum(1 for s in doc.sentences for w in s.words if w.head == 0) == len(doc.sentences)  # one root each


def test_words_among_runs_of_marks_are_parsed_and_the_marks_are_not(monkeypatch):
    words = ["Berger", "sagte", "Montag", "Ministerin"]
    text = "".join(f"{'„“' * 60} {word} " for word in words * 5) + "»«" * 60
    seen = _recording_parser(monkeypatch)
    [doc] = chunking.parse_texts([text], _uncached())
    assert all(not set(piece) & set("„“»«") for piece in seen)  # the parser saw the words alone
    assert sorted({piece.strip() for piece in seen if piece.strip()}) == sorted(words)
    tokens = [t for s in doc.sentences for t in s.tokens]
    assert "".join(t.text for t in tokens) == "".join(text.split())
    assert all(text[t.start:t.end] == t.text for t in tokens)
    parsed_words = [w for s in doc.sentences for w in s.words if w.upos != "PUNCT"]
    assert [w.text for w in parsed_words] == words * 5


def test_a_few_marks_among_words_stay_with_their_words():
    # a long list without stops, quoted: marks in runs shorter than SYMBOL_RUN_TOKENS are read with the words
    text = " ".join(f"„Punkt {k}“ –" for k in range(200))
    plan = chunking.chunk_plan(text, 1_000_000)
    assert len(plan) > 1 and not any(built for _, _, built in plan)
    run = "„" * chunking.SYMBOL_RUN_TOKENS  # as many in a row: built without the parser
    longer = f"{text} Ende {run}"
    assert [longer[a:b] for a, b, built in chunking.chunk_plan(longer, 1_000_000) if built] == [run]


def test_a_batch_parses_each_distinct_text_once(monkeypatch):
    seen: list[list[str]] = []
    real = parsing.parse_many

    def recording(texts, *args, **kwargs):  # the real parser, its inputs written down
        seen.append(list(texts))
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(parsing, "parse_many", recording)
    config = load_config()
    settings = config.settings.model_copy(update={"cache": config.settings.cache.model_copy(update={"enabled": False})})
    docs = chunking.parse_texts([GERMAN, GERMAN_2, GERMAN], settings)
    assert seen == [[GERMAN, GERMAN_2]]
    assert [d.text for d in docs] == [GERMAN, GERMAN_2, GERMAN]


def test_count_lines_reads_a_line_of_any_length(tmp_path):
    from provenance.inputs import _count_lines

    path = tmp_path / "c.jsonl"
    path.write_bytes(b"a\n\n  \n" + b"x" * (3 * READ_BLOCK * 16) + b"\nb")
    assert _count_lines(path) == 3


def test_paths_are_the_walks(tmp_path):
    # hidden files and directories stay out, as before
    write(tmp_path / "d" / ".h.txt", GERMAN)
    write(tmp_path / "d" / ".git" / "x.txt", GERMAN)
    write(tmp_path / "d" / "v.txt", GERMAN_2)
    items, _ = read([tmp_path / "d"])
    assert [Path(i.path).name for i in items] == ["v.txt"]


# --- the rule and source layers: lookups, not passes over everything found so far --------

class ScanningIndex:
    """The source index as it was (a scan of every source per mention): the reference."""

    def __init__(self):
        self.sources, self._roles = [], {}

    def add(self, mention):
        from dataclasses import replace

        from provenance.records import Source

        target = self._match(mention)
        span = (mention.span,) if mention.span else ()
        if target is None:
            source = Source(f"s{len(self.sources) + 1}", mention.name, mention.kind, mention.anonymous,
                            mention.descriptor, mention.affiliation, span, mention.entity, mention.resolved)
            self.sources.append(source)
            self._roles[source.id] = mention.role
            return source.id
        k, source = target
        name = source.name
        if mention.kind == "person" and len(mention.name) > len(source.name) and not source.entity_id:
            name = mention.name
        self.sources[k] = replace(
            source, name=name, mentions=tuple(sorted({*source.mentions, *span}, key=lambda s: (s.start, s.end))),
            descriptor=source.descriptor or mention.descriptor, affiliation=source.affiliation or mention.affiliation,
            entity_id=source.entity_id or mention.entity)
        return source.id

    def _match(self, mention):
        from provenance.sources.entities import same_person, similar

        if not mention.resolved:
            return None
        for k in range(len(self.sources) - 1, -1, -1):
            source = self.sources[k]
            if mention.entity and source.entity_id == mention.entity:
                return k, source
            if mention.entity and source.entity_id and source.entity_id != mention.entity:
                continue
            if source.kind != mention.kind or not source.resolved:
                continue
            if mention.kind == "outlet" and source.name == mention.name:
                return k, source
            if mention.kind == "person" and same_person(source.name, mention.name):
                return k, source
            if mention.kind == "organization" and similar(source.name, mention.name, 0.9):
                return k, source
            if mention.kind in ("unspecified", "anonymous", "official") and source.name.lower() == mention.name.lower():
                return k, source
        if mention.definite and mention.kind in ("official", "anonymous") and mention.role and not mention.affiliation:
            for k in range(len(self.sources) - 1, -1, -1):
                if self.sources[k].kind in ("official", "anonymous") and self.sources[k].resolved \
                        and self._roles.get(self.sources[k].id):
                    return k, self.sources[k]
        return None


def test_the_source_index_finds_what_the_scan_found():
    import random
    from dataclasses import replace

    from provenance.records import Span
    from provenance.sources import Mention, SourceIndex

    names = {
        "person": ["Anna Berger", "Berger", "Bergers", "A. Berger", "Anne Berger", "Lukas Berg", "Berg", "Keller",
                   "Lukas Keller", "Kellers", "Miriam Vogt", "Vogt", "Paul Vogts", "Paula Vogt", "", "Ölzen", "ÖLZEN"],
        "organization": ["Deutsche Bahn", "Deutsche Bahn AG", "Deutsche Bank", "die Bahn", "Bundesamt", "Bundesamts"],
        "outlet": ["Reuters", "dpa", "Der Spiegel", "Spiegel"],
        "official": ["ein Sprecher", "Ein Sprecher", "der Minister", "ein Beamter"],
        "anonymous": ["Quellen", "quellen", "ein Insider"],
        "unspecified": ["Experten", "Beobachter", "unresolved reference"],
    }
    text = "x" * 2000
    for seed in range(60):
        rng = random.Random(seed)
        scanning, indexed = ScanningIndex(), SourceIndex()
        for step in range(120):
            kind = rng.choice(list(names))
            start = rng.randrange(1900)
            mention = Mention(
                Span.of(text, start, start + rng.randint(1, 20)) if rng.random() < 0.9 else None,
                rng.choice(names[kind]), kind, rng.random() < 0.3, rng.choice([None, "Sprecher"]),
                rng.choice([None, None, "der Polizei"]), definite=rng.random() < 0.4,
                entity=rng.choice([None, None, "e1", "e2", "e3"]), resolved=rng.random() < 0.85,
                role=rng.random() < 0.5)
            assert indexed.add(mention) == scanning.add(mention), (seed, step)
            if step % 40 == 39:  # as resolve does: the sources replaced, entities set from outside
                changed = [replace(s, entity_id=s.entity_id or rng.choice([None, "e4"])) for s in scanning.sources]
                scanning.sources, indexed.sources = changed, list(changed)
        assert indexed.sources == scanning.sources


def test_claim_coverage_answers_as_the_scan_of_every_finding():
    import random

    from provenance.records import Span
    from provenance.rules.context import Finding, Findings, _ClaimCoverage

    text = "x" * 60
    rng = random.Random(3)

    def span() -> Span:  # empty, short and long spans, at the text's ends too
        start = rng.randint(0, len(text))
        return Span.of(text, start, min(len(text), start + rng.choice([0, 1, 3, 20])))

    def finding() -> Finding:
        return Finding("r", "direct", None, None, None, span(), 1.0, "")

    for _ in range(200):
        findings = Findings(_ClaimCoverage(len(text)))
        for _ in range(40):  # the changes the rule families make: append, replace, filter, drop
            change = rng.random()
            if change < 0.5 or not findings:
                findings.append(finding())
            elif change < 0.7:
                findings[rng.randrange(len(findings))] = finding()
            elif change < 0.8:
                findings[:] = [f for f in findings if rng.random() < 0.7]
            elif change < 0.9:
                findings.pop(rng.randrange(len(findings)))
            else:
                del findings[:rng.randrange(len(findings) + 1)]
            for _ in range(10):
                query = span()
                assert findings.covers(query) == any(f.claim.overlaps(query) for f in findings)
