"""Reading articles from files, directories and standard input.

Plain text in UTF-8 or a legacy Western code page, HTML (main text and
metadata through trafilatura) and JSON / JSONL records (our own fields or the
WIKINEWS corpus format). Once decoded, a text is never altered, so every
offset the analysis reports points into exactly ``Article.text``.

Each input yields an :class:`Article` or the :class:`InputError` that kept it
out, so one bad file or line never stops the others.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Literal

from provenance.analysis import Article
from provenance.config import LimitSettings
from provenance.errors import InputError

Kind = Literal["text", "html", "jsonl", "json"]
KINDS: dict[str, Kind] = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                          ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
STDIN = "-"
METADATA_KEYS = ("url", "title", "published", "publisher", "speaker")  # speaker: of a speech ("ich")
# German news comes in UTF-8 or a Western code page. Left to choose among all
# encodings, charset-normalizer reads a short cp1252 text as cp1250 (è → č)
# or even EBCDIC; among these it picks cp1252 for cp1252 and latin-1 alike.
ENCODINGS = ["utf_8", "utf_16", "utf_32", "cp1252", "iso8859_15", "latin_1"]
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-8, UTF-16/32 LE, UTF-16/32 BE
# A UTF-8 character takes at most 4 bytes: a file larger than this cannot hold
# an article within limits.max_chars, and is refused before it is read.
MAX_BYTES_PER_CHAR = 4
# Text with more control characters than this is a binary file that happened to decode.
MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Unicode Cc, less tab and line ends


# --- text and HTML ----------------------------------------------------------

def refuse_empty_or_binary(data: bytes, name: str) -> None:
    """What no format can make an article of. NUL bytes mark a binary file,
    unless a BOM announces UTF-16 or UTF-32."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if b"\x00" in data[:8192] and not data.startswith(_BOMS):
        raise InputError(f"{name}: binary file, not text")


def decode(data: bytes, name: str) -> str:
    """The text of a plain-text file: UTF-8 (BOM dropped) or what
    charset-normalizer detects among :data:`ENCODINGS`. CRLF line ends stay
    as they are; the parser reads them like LF."""
    refuse_empty_or_binary(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data, cp_isolation=ENCODINGS).best()
        if best is None:
            raise InputError(f"{name}: binary file or unknown text encoding") from None
        text = str(best).removeprefix("\ufeff")
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(f"{name}: binary file, not text ({controls} control characters)")
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return text


def html_article(data: bytes, name: str, id: str, path: str | None) -> Article:
    """The main text of a web page and its metadata (title, date, site name
    as publisher, URL), through trafilatura, which also finds the page's
    encoding. Each extracted block becomes a paragraph: the parser never
    joins a headline to the lead sentence across a blank line."""
    import trafilatura

    refuse_empty_or_binary(data, name)
    try:
        found = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, include_tables=False)
    except Exception as exc:  # noqa: BLE001 - whatever breaks the extractor, this page alone is refused
        raise InputError(f"{name}: cannot extract text from the HTML ({type(exc).__name__})") from None
    text = getattr(found, "text", None) or ""
    blocks = [line for line in text.split("\n") if line.strip()]
    if not blocks:
        raise InputError(f"{name}: no article text found in the HTML")
    metadata = {key: value for key, value in (
        ("url", found.url), ("title", found.title), ("published", found.date), ("publisher", found.sitename),
    ) if value}
    return Article("\n\n".join(blocks), id=id, path=path, metadata=metadata)


# --- JSON and JSONL records ---------------------------------------------------

def record_article(record: object, where: str, fallback_id: str) -> Article:
    """An article from one JSON record: ``text`` (or WIKINEWS'
    ``originalText``), optional ``id`` (or ``documentName``) and the
    metadata fields ``url``, ``title``, ``published``, ``publisher``."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: not a JSON object")
    text = record.get("text", record.get("originalText"))
    if text is None:
        raise InputError(f"{where}: no 'text' field")
    if not isinstance(text, str):
        raise InputError(f"{where}: 'text' is not a string")
    if not text.strip():
        raise InputError(f"{where}: empty text")
    id = record.get("id", record.get("documentName"))
    metadata = {key: str(record[key]) for key in METADATA_KEYS if record.get(key) not in (None, "")}
    return Article(text, id=str(id) if id not in (None, "") else fallback_id, path=where, metadata=metadata)


def jsonl_articles(lines: Iterable[bytes], name: str, stem: str) -> Iterator[Article | InputError]:
    """One article per line; a malformed line is reported with its number
    and the other lines are kept. Blank lines are allowed."""
    for number, line in enumerate(lines, 1):
        if number == 1:
            line = line.removeprefix(_BOMS[0])
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except UnicodeDecodeError:
            yield InputError(f"{where}: not UTF-8 (JSON must be UTF-8)")
            continue
        except json.JSONDecodeError as exc:
            yield InputError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield record_article(record, where, f"{stem}:{number}")
        except InputError as exc:
            yield exc


def json_articles(data: bytes, name: str, stem: str) -> Iterator[Article | InputError]:
    """A ``.json`` file: one record, a list of records, or (so named by many
    tools) JSON lines."""
    refuse_empty_or_binary(data, name)
    try:
        document = json.loads(data.removeprefix(_BOMS[0]))
    except (json.JSONDecodeError, UnicodeDecodeError):
        if b"\n" in data.strip():
            yield from jsonl_articles(data.splitlines(), name, stem)
        else:
            yield InputError(f"{name}: malformed JSON")
        return
    records = document if isinstance(document, list) else [document]
    single = not isinstance(document, list)
    for number, record in enumerate(records, 1):
        where, fallback = (name, stem) if single else (f"{name}[{number}]", f"{stem}:{number}")
        try:
            yield record_article(record, where, fallback)
        except InputError as exc:
            yield exc


# --- files, directories, standard input ---------------------------------------

def kind_of(path: Path) -> Kind:
    """By extension; anything unknown is read as text (and refused if binary)."""
    return KINDS.get(path.suffix.lower(), "text")


def sniff(data: bytes) -> Kind:
    """What standard input holds, from its first character."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith(b"<") and re.search(rb"<(!doctype html|html|body|p|article|div)\b", head):
        return "html"
    return "text"


def files(name: str, glob: str | None = None) -> Iterator[tuple[Path, str] | InputError]:
    """The files an input names with the article id each would get: a file
    itself (its stem), or every article file below a directory (the path
    relative to it, so a/x.txt and b/x.txt stay apart), in sorted order."""
    path = Path(name)
    if not path.is_dir():
        yield path, path.stem
        return
    try:
        found = sorted(p for p in path.rglob(glob or "*") if _wanted(p, path, glob))
    except OSError as exc:
        yield InputError(f"{path}: cannot list directory ({exc.strerror or exc})")
        return
    if not found:
        yield InputError(f"{path}: no article files" + (f" matching {glob!r}" if glob else
                                                         f" ({', '.join(KINDS)})"))
    for file in found:
        yield file, file.relative_to(path).with_suffix("").as_posix()


def _wanted(file: Path, root: Path, glob: str | None) -> bool:
    hidden = any(part.startswith(".") for part in file.relative_to(root).parts)
    return not hidden and file.is_file() and (glob is not None or file.suffix.lower() in KINDS)


def read_file(path: Path, id: str, limits: LimitSettings = LimitSettings()) -> Iterator[Article | InputError]:
    """The articles of one file, by its extension."""
    name = str(path)
    kind = kind_of(path)
    try:
        if kind == "jsonl":
            with path.open("rb") as lines:
                yield from jsonl_articles(lines, name, id)
            return
        if kind != "json" and path.stat().st_size > MAX_BYTES_PER_CHAR * limits.max_chars:
            raise InputError(f"{name}: file too large ({path.stat().st_size:,} bytes; "
                             f"limits.max_chars is {limits.max_chars:,})")
        data = path.read_bytes()
    except IsADirectoryError:
        yield InputError(f"{name}: is a directory")
        return
    except FileNotFoundError:
        yield InputError(f"{name}: no such file or directory")
        return
    except OSError as exc:
        yield InputError(f"{name}: cannot read ({exc.strerror or exc})")
        return
    except InputError as exc:
        yield exc
        return
    yield from _articles(data, kind, name, id, name)


def read_stdin(stream: BinaryIO) -> Iterator[Article | InputError]:
    try:
        data = stream.read()
    except OSError as exc:
        yield InputError(f"standard input: cannot read ({exc.strerror or exc})")
        return
    yield from _articles(data, sniff(data), "standard input", "stdin", None)


def _articles(data: bytes, kind: Kind, name: str, id: str, path: str | None) -> Iterator[Article | InputError]:
    try:
        if kind == "json":
            yield from json_articles(data, name, id)
        elif kind == "jsonl":
            yield from jsonl_articles(data.splitlines(), name, id)
        elif kind == "html":
            yield html_article(data, name, id, path)
        else:
            yield Article(decode(data, name), id=id, path=path)
    except InputError as exc:
        yield exc


def read_articles(inputs: Sequence[str], glob: str | None = None, limits: LimitSettings = LimitSettings(),
                  stdin: BinaryIO | None = None) -> Iterator[Article | InputError]:
    """Every article of every input (files, directories, ``-`` for standard
    input), lazily and in order, or the error that kept each one out. Ids are
    made unique (``x``, ``x~2``) so that a resumed run can tell articles apart."""
    seen: dict[str, int] = {}
    for item in _all_items(inputs, glob, limits, stdin):
        if isinstance(item, Article):
            seen[item.id] = count = seen.get(item.id, 0) + 1
            if count > 1:
                item = replace(item, id=f"{item.id}~{count}")
        yield item


def _all_items(inputs: Sequence[str], glob: str | None, limits: LimitSettings,
               stdin: BinaryIO | None) -> Iterator[Article | InputError]:
    for name in inputs:
        if name == STDIN:
            yield from read_stdin(stdin or sys.stdin.buffer)
            continue
        for found in files(name, glob):
            if isinstance(found, InputError):
                yield found
            else:
                yield from read_file(*found, limits=limits)


def count_articles(inputs: Sequence[str], glob: str | None = None) -> int | None:
    """How many items :func:`read_articles` will yield, for a progress bar;
    None when unknown (standard input). Reads JSON files a second time, which
    costs little next to parsing them."""
    total = 0
    for name in inputs:
        if name == STDIN:
            return None
        for found in files(name, glob):
            if isinstance(found, InputError):
                total += 1
                continue
            kind = kind_of(found[0])
            total += sum(1 for item in read_file(*found)) if kind == "json" else (
                _count_lines(found[0]) if kind == "jsonl" else 1)
    return total


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as lines:
            return sum(1 for line in lines if line.strip()) or 1
    except OSError:
        return 1


# --- what the analysis accepts --------------------------------------------------

# Frequent function words of German and of the other languages a German news
# corpus meets most; words both use ("in", "an", "so", "was") count for neither.
GERMAN_WORDS = frozenset("""
der die das den dem des ein eine einen einem einer eines und oder aber doch sondern denn dass daß
nicht auch noch schon nur sehr mehr nach bei mit von vom zu zum zur aus auf für über unter vor gegen ohne
um durch zwischen ist sind war waren wird werden wurde wurden hat haben hatte hatten sei seien wäre kann
können muss müssen soll sollen er sie es wir ich sich ihn ihm ihnen uns sein seine seiner seinen seinem
ihre ihrer ihren ihrem im ins am beim als wie wenn weil ob damit diese dieser dieses diesen diesem kein
keine keinen keiner man wer bereits jedoch sowie laut zufolge seit bis
""".split())
OTHER_WORDS = frozenset("""
the a of and or but not to with from for on at by this that these those is are were be been has have had
would he she it they we you his her its their which who what there than after
le la les un une des du et ou est sont été dans pour par sur avec ce cette qui que ne pas il elle ils
nous vous au aux el los las y es son en por para con una lo se del al como pero más fue
gli di che è sono della nel per non questo
de het een en van dat niet op voor met ook maar bij naar werd wordt hij zij ze worden heeft hebben
""".split()) - GERMAN_WORDS
# Fewer function words than this say nothing about the language (a headline,
# a results table): such a text is let through.
MIN_LANGUAGE_EVIDENCE = 3
_WORD = re.compile(r"[^\W\d_]+")


def german_share(text: str) -> float | None:
    """The share of German among the function words of ``text`` (German
    news: 0.64 at the lowest over 850 WIKINEWS articles; English, French,
    Dutch, Italian, Spanish: 0.0–0.05), or None when there are too few to judge."""
    german = other = 0
    for word in _WORD.findall(text.lower()):
        if word in GERMAN_WORDS:
            german += 1
        elif word in OTHER_WORDS:
            other += 1
    if german + other < MIN_LANGUAGE_EVIDENCE:
        return None
    return german / (german + other)


def input_name(article: Article) -> str:
    """How messages name an article: where it came from (``file``,
    ``file:line``), or its id when it came from standard input or Python."""
    return article.path or article.id


def check_article(article: Article, limits: LimitSettings, force: bool = False) -> None:
    """Refuse an article above ``limits.max_chars`` and, unless ``force``,
    one that is not German."""
    name = input_name(article)
    if len(article.text) > limits.max_chars:
        raise InputError(f"{name}: article too long ({len(article.text):,} characters; "
                         f"limits.max_chars is {limits.max_chars:,})")
    if not force:
        share = german_share(article.text)
        if share is not None and share < limits.min_german_share:
            raise InputError(f"{name}: not German (German function-word share {share:.2f} is below "
                             f"limits.min_german_share {limits.min_german_share}; --force analyses it anyway)")
