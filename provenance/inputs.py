"""Reading articles from files, directories and standard input.

Plain text in UTF-8 or a legacy Western code page, HTML (main text and
metadata through trafilatura) and JSON / JSONL records (our own fields or the
WIKINEWS corpus format). Once decoded, a text is never altered, so every
offset the analysis reports points into exactly ``Article.text``.

Each input yields an :class:`Article` or the :class:`InputError` that kept it
out, so one bad file, line, record or directory never stops the others.
Whatever the input holds — any bytes in a file name, any JSON, a file of
gigabytes — it is read in bounded memory: every size limit is enforced while
reading, never after reading the whole.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import BinaryIO, Literal

from provenance.analysis import Article
from provenance.config import LimitSettings
from provenance.errors import InputError, InputWarning

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
# Size limits, all derived from limits.max_chars and all enforced while reading:
# a UTF-8 character takes at most 4 bytes, so a larger text file cannot hold
# an article within the limit; a page carries markup besides its text; a JSON
# string may write each character as a 6-byte \u escape, and a record carries
# metadata besides; a .json document may hold many records (JSON lines have
# no file limit, only one per record).
MAX_BYTES_PER_CHAR = 4
MAX_HTML_BYTES_PER_CHAR = 16
MAX_RECORD_BYTES_PER_CHAR = 6
RECORD_SLACK_BYTES = 1 << 20
MAX_JSON_DOCUMENT_BYTES_PER_CHAR = 32
READ_BLOCK = 1 << 16
# Text with more control characters than this is a binary file that happened
# to decode; so is a file with more NUL bytes than this share (a few NULs in
# a text are a glitch of the system it came from, and are replaced).
MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Unicode Cc, less tab and line ends
# Terminal escape sequences (CSI "ESC [ … m", OSC "ESC ] … BEL", two-character
# escapes): a log or a copied terminal session is text; its escapes are shown
# inertly (provenance.safe_text), and do not count as binary.
_TERMINAL_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)", re.S)
# UTF-8 with a few invalid bytes (a stray Latin-1 byte pasted in, a cut
# multi-byte character) is still UTF-8: decoded with U+FFFD for each invalid
# byte when they are at most this share of the bytes and fewer than the
# well-formed non-ASCII characters. Otherwise a legacy code page is assumed.
MAX_INVALID_UTF8_SHARE = 0.01
REPLACEMENT = "\ufffd"

Warn = Callable[[str], None]


def warn_by_default(message: str) -> None:
    """What a reader does with a warning when its caller gave no ``warn``."""
    warnings.warn(message, InputWarning, stacklevel=3)


# --- text and HTML ----------------------------------------------------------

def refuse_empty_or_binary(data: bytes, name: str) -> None:
    """What no format can make an article of. NUL bytes beyond a glitch mark a
    binary file, unless a BOM announces UTF-16 or UTF-32."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if data.startswith(_BOMS):
        return
    head = data[:1 << 20]
    nuls = head.count(b"\x00")
    if nuls and (nuls > MAX_CONTROL_SHARE * len(head) or not head.replace(b"\x00", b"").strip()):
        raise InputError(f"{name}: binary file, not text ({nuls:,} NUL bytes)")


# "surrogateescape" turns each invalid byte into one of these, and nothing else does
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """``data`` decoded as UTF-8 with each invalid byte replaced by U+FFFD,
    and how many were, when it is clearly UTF-8 with a few glitches; None
    when it looks like another encoding."""
    escaped = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    invalid = len(_ESCAPED_BYTE.findall(escaped))
    if invalid > MAX_INVALID_UTF8_SHARE * len(data):
        return None
    well_formed = len(escaped) - len(escaped.encode("ascii", "ignore")) - invalid
    return (_ESCAPED_BYTE.sub(REPLACEMENT, escaped), invalid) if well_formed > invalid else None


def decode(data: bytes, name: str, warn: Warn | None = None) -> str:
    """The text of a plain-text file: UTF-8 (BOM dropped; a few invalid bytes
    replaced by U+FFFD, with a warning) or what charset-normalizer detects
    among :data:`ENCODINGS`. A few NUL characters are replaced by U+FFFD too.
    CRLF line ends stay as they are; the parser reads them like LF. Offsets
    of the analysis point into the decoded text."""
    warn = warn or warn_by_default
    refuse_empty_or_binary(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        mostly = None if data.startswith(_BOMS[1:]) else _mostly_utf8(data)
        if mostly is not None:
            text, invalid = mostly
            warn(f"{name}: {invalid:,} byte{'s' if invalid > 1 else ''} not valid UTF-8, "
                 "replaced by U+FFFD (offsets count the replacement as one character each)")
        else:
            import charset_normalizer

            best = charset_normalizer.from_bytes(data, cp_isolation=ENCODINGS).best()
            if best is None:
                raise InputError(f"{name}: binary file or unknown text encoding") from None
            text = str(best).removeprefix("\ufeff")
    controls = len(_CONTROL.findall(_TERMINAL_ESCAPE.sub("", text) if "\x1b" in text else text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(f"{name}: binary file, not text ({controls} control characters)")
    if "\x00" in text:
        nuls = text.count("\x00")
        text = text.replace("\x00", REPLACEMENT)
        warn(f"{name}: {nuls:,} NUL character{'s' if nuls > 1 else ''} replaced by U+FFFD")
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
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - whatever breaks the extractor, this page alone is refused
        raise InputError(f"{name}: cannot extract text from the HTML ({type(exc).__name__})") from None
    text = getattr(found, "text", None) or ""
    blocks = [line for line in text.split("\n") if line.strip()]
    if not blocks:
        raise InputError(f"{name}: no article text found in the HTML")
    metadata = {key: value for key, value in (
        ("url", found.url), ("title", found.title), ("published", found.date), ("publisher", found.sitename),
    ) if isinstance(value, str) and value}
    return Article("\n\n".join(blocks), id=id, path=path, metadata=metadata)


# --- JSON and JSONL records ---------------------------------------------------

def _scalar(value: object) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def record_article(record: object, where: str, fallback_id: str) -> Article:
    """An article from one JSON record: ``text`` (or WIKINEWS'
    ``originalText``), optional ``id`` (or ``documentName``) and the
    metadata fields ``url``, ``title``, ``published``, ``publisher``. A field
    of the wrong type refuses the record, naming the field; other fields are
    ignored whatever they hold."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: not a JSON object")
    text = record.get("text", record.get("originalText"))
    if text is None:
        raise InputError(f"{where}: no 'text' field")
    if not isinstance(text, str):
        raise InputError(f"{where}: 'text' is not a string")
    if not text.strip():
        raise InputError(f"{where}: empty text")
    id_key = "id" if "id" in record else "documentName"
    id = record.get(id_key)
    if id is not None and not _scalar(id):
        raise InputError(f"{where}: '{id_key}' is not a string or number")
    for key in METADATA_KEYS:
        if record.get(key) is not None and not _scalar(record[key]):
            raise InputError(f"{where}: '{key}' is not a string or number")
    metadata = {key: str(record[key]) for key in METADATA_KEYS if record.get(key) not in (None, "")}
    return Article(text, id=str(id) if id not in (None, "") else fallback_id, path=where, metadata=metadata)


def _json_value(data: bytes, where: str) -> object:
    """``data`` parsed as JSON, or an :class:`InputError` naming ``where``
    whatever is wrong with it: not UTF-8, malformed, nested deeper than the
    parser goes, a number too long to convert."""
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise InputError(f"{where}: not UTF-8 (JSON must be UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply") from None
    except (ValueError, OverflowError, MemoryError) as exc:
        reason = str(exc).split(":")[0] or type(exc).__name__
        raise InputError(f"{where}: unreadable JSON ({reason})") from None


@dataclass(frozen=True, slots=True)
class LongLine:
    """A line of a JSON lines input longer than a record may be: skipped
    while reading, never held in memory."""

    size: int


def record_limit(limits: LimitSettings) -> int:
    return MAX_RECORD_BYTES_PER_CHAR * limits.max_chars + RECORD_SLACK_BYTES


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | LongLine]:
    """The lines of ``stream``, each read whole only up to ``limit`` bytes;
    a longer one is read past in blocks and given as its size."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while True:
            rest = stream.readline(READ_BLOCK)
            size += len(rest)
            if not rest or rest.endswith(b"\n"):
                break
        yield LongLine(size - rest.endswith(b"\n"))  # the line's bytes, its end left out


def jsonl_articles(lines: Iterable[bytes | LongLine], name: str, stem: str,
                   limit: int | None = None, first: int = 1) -> Iterator[Article | InputError]:
    """One article per line; a malformed line is reported with its number
    and the other lines are kept. Blank lines are allowed. ``first`` is the
    number of the first line (a range of a file read by a distributed run)."""
    for number, line in enumerate(lines, first):
        where = f"{name}:{number}"
        if isinstance(line, LongLine) or (limit is not None and len(line) > limit):
            size = line.size if isinstance(line, LongLine) else len(line)
            yield InputError(f"{where}: record too large ({size:,} bytes; limits.max_chars allows "
                             f"{limit or 0:,} bytes a line)")
            continue
        if number == 1:
            line = line.removeprefix(_BOMS[0])
        if not line.strip():
            continue
        try:
            yield record_article(_json_value(line, where), where, f"{stem}:{number}")
        except InputError as exc:
            yield exc


def json_articles(data: bytes, name: str, stem: str, limit: int | None = None) -> Iterator[Article | InputError]:
    """A ``.json`` file: one record, a list of records, or (so named by many
    tools) JSON lines."""
    refuse_empty_or_binary(data, name)
    try:
        document = _json_value(data.removeprefix(_BOMS[0]), name)
    except InputError as exc:
        if b"\n" in data.strip():
            yield from jsonl_articles(data.splitlines(), name, stem, limit)
        else:
            yield exc
        return
    if isinstance(document, list) and not document:
        yield InputError(f"{name}: no records (an empty JSON list)")
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


def check_glob(glob: str) -> str | None:
    """Why ``glob`` cannot select files below a directory, or None: it must be
    a relative pattern that stays inside the directory."""
    if not glob.strip():
        return "--glob is empty"
    if "\x00" in glob:
        return "--glob holds a NUL character"
    pure = PurePath(glob)
    if pure.is_absolute() or glob.startswith(("/", "\\")):
        return f"--glob {glob!r} is absolute; give a pattern relative to the directory, e.g. '*.html'"
    if ".." in pure.parts:
        return f"--glob {glob!r} leaves the directory ('..'); give a pattern below it, e.g. 'sub/*.txt'"
    return None


def _matches(relative: PurePath, glob: str | None) -> bool:
    if glob is None:
        return relative.suffix.lower() in KINDS
    # like Path.rglob: the pattern matches the end of the path, at any depth
    pattern = glob
    while pattern.startswith("**/"):
        pattern = pattern[3:]
    return relative.match(pattern) if pattern not in ("", "**") else True


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def walk(root: Path) -> Iterator[Path | InputError]:
    """Every regular file below ``root`` that is not hidden, following
    symbolic links to directories once each (a link back up the tree is a
    loop: one line, not followed), with one line for each directory that
    cannot be listed and each broken or looping link; the walk goes on past
    them. Other kinds of file (sockets, pipes, devices) are left out."""
    seen: set[tuple[int, int]] = set()
    stack: list[Path] = [root]
    while stack:  # a stack, not recursion: a tree of any depth
        directory = stack.pop()
        try:
            info = directory.stat()
        except OSError as exc:
            yield InputError(f"{directory}: cannot read ({_why(exc)})")
            continue
        if (info.st_dev, info.st_ino) in seen:
            yield InputError(f"{directory}: symbolic link to a directory already read (a loop), not followed")
            continue
        seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as exc:
            yield InputError(f"{directory}: cannot list directory ({_why(exc)})")
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = directory / entry.name
            try:
                mode = os.stat(entry.path).st_mode
            except OSError as exc:
                problem = "broken symbolic link" if entry.is_symlink() and exc.errno == errno.ENOENT else _why(exc)
                yield InputError(f"{path}: cannot read ({problem})")
                continue
            if stat.S_ISDIR(mode):
                stack.append(path)
            elif stat.S_ISREG(mode):
                yield path


def files(name: str, glob: str | None = None) -> Iterator[tuple[Path, str] | InputError]:
    """The files an input names with the article id each would get: a file
    itself (its stem), or every article file below a directory (the path
    relative to it, so a/x.txt and b/x.txt stay apart), in sorted order.
    A directory that cannot be listed, a broken link, a loop, an unusable
    ``glob``: one error each, and the rest goes on."""
    path = Path(name)
    if not path.is_dir():
        yield path, path.stem
        return
    if glob is not None and (problem := check_glob(glob)) is not None:
        yield InputError(f"{path}: {problem}")
        return
    found = []
    for item in walk(path):
        if isinstance(item, InputError):
            yield item
        elif _matches(item.relative_to(path), glob):
            found.append(item)
    if not found:
        yield InputError(f"{path}: no article files" + (f" matching {glob!r}" if glob else
                                                         f" ({', '.join(KINDS)})"))
    for file in sorted(found):
        yield file, file.relative_to(path).with_suffix("").as_posix()


def limit_for(kind: Kind, limits: LimitSettings) -> int:
    """The most bytes a whole input of ``kind`` may have (JSON lines: a line)."""
    per_char = {"text": MAX_BYTES_PER_CHAR, "html": MAX_HTML_BYTES_PER_CHAR,
                "json": MAX_JSON_DOCUMENT_BYTES_PER_CHAR}.get(kind)
    return record_limit(limits) if per_char is None else per_char * limits.max_chars


def _too_large(name: str, size: str, kind: Kind, limits: LimitSettings) -> InputError:
    hint = "; JSON lines (.jsonl) have no file limit, only one per record" if kind == "json" else ""
    return InputError(f"{name}: file too large ({size} bytes; limits.max_chars {limits.max_chars:,} allows "
                      f"{limit_for(kind, limits):,} for {kind}{hint})")


def read_limited(stream: BinaryIO, limit: int, name: str, kind: Kind, limits: LimitSettings,
                 start: bytes = b"") -> bytes:
    """All of ``stream`` (after ``start``, already read from it), refused as
    soon as it passes ``limit`` bytes: never more than that is held."""
    data = bytearray(start)
    while len(data) <= limit:
        block = stream.read(min(READ_BLOCK * 16, limit + 1 - len(data)))
        if not block:
            return bytes(data)
        data += block
    raise _too_large(name, f"more than {limit:,}", kind, limits)


def read_file(path: Path, id: str, limits: LimitSettings = LimitSettings(),
              warn: Warn | None = None) -> Iterator[Article | InputError]:
    """The articles of one file, by its extension."""
    name = str(path)
    kind = kind_of(path)
    try:
        with path.open("rb") as stream:
            if kind == "jsonl":
                limit = record_limit(limits)
                yield from jsonl_articles(bounded_lines(stream, limit), name, id, limit)
                return
            limit = limit_for(kind, limits)
            size = os.fstat(stream.fileno()).st_size
            if size > limit:  # a regular file says its size; a pipe is stopped at the limit
                raise _too_large(name, f"{size:,}", kind, limits)
            data = read_limited(stream, limit, name, kind, limits)
    except IsADirectoryError:
        yield InputError(f"{name}: is a directory")
        return
    except FileNotFoundError:
        yield InputError(f"{name}: no such file or directory")
        return
    except OSError as exc:
        yield InputError(f"{name}: cannot read ({_why(exc)})")
        return
    except InputError as exc:
        yield exc
        return
    yield from _articles(data, kind, name, id, name, limits, warn)


def read_stdin(stream: BinaryIO, limits: LimitSettings = LimitSettings(),
               warn: Warn | None = None) -> Iterator[Article | InputError]:
    """Standard input: its kind sniffed from the first line that is not
    blank. JSON lines are read line by line, as from a file; anything else
    whole, but never beyond the limit of its kind."""
    name = "standard input"
    limit = record_limit(limits)
    try:
        head: list[bytes] = []
        while not (line := stream.readline(limit + 1)).strip() and line:
            head.append(line)
        kind = sniff(line)
        if kind == "json" and line.endswith(b"\n") and _is_object(line):
            lines = _chained(head + [line], bounded_lines(stream, limit))
            yield from jsonl_articles(lines, name, "stdin", limit)
            return
        data = read_limited(stream, limit_for(kind, limits), name, kind, limits, b"".join(head) + line)
    except OSError as exc:
        yield InputError(f"{name}: cannot read ({_why(exc)})")
        return
    except InputError as exc:
        yield exc
        return
    yield from _articles(data, kind, name, "stdin", None, limits, warn)


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _chained(first: list[bytes], rest: Iterator[bytes | LongLine]) -> Iterator[bytes | LongLine]:
    yield from first
    yield from rest


def _articles(data: bytes, kind: Kind, name: str, id: str, path: str | None,
              limits: LimitSettings = LimitSettings(), warn: Warn | None = None) -> Iterator[Article | InputError]:
    try:
        if kind == "json":
            yield from json_articles(data, name, id, record_limit(limits))
        elif kind == "jsonl":
            yield from jsonl_articles(data.splitlines(), name, id, record_limit(limits))
        elif kind == "html":
            yield html_article(data, name, id, path)
        else:
            yield Article(decode(data, name, warn), id=id, path=path)
    except InputError as exc:
        yield exc


def read_articles(inputs: Sequence[str], glob: str | None = None, limits: LimitSettings = LimitSettings(),
                  stdin: BinaryIO | None = None, warn: Warn | None = None) -> Iterator[Article | InputError]:
    """Every article of every input (files, directories, ``-`` for standard
    input), lazily and in order, or the error that kept each one out. Ids are
    made unique (``x``, ``x~2``) so that a resumed run can tell articles apart.
    ``warn`` hears of what was read with a repair (invalid bytes replaced);
    by default it is a :class:`~provenance.errors.InputWarning`."""
    seen: dict[str, int] = {}
    for item in _all_items(inputs, glob, limits, stdin, warn):
        if isinstance(item, Article):
            seen[item.id] = count = seen.get(item.id, 0) + 1
            if count > 1:
                item = replace(item, id=f"{item.id}~{count}")
        yield item


def _all_items(inputs: Sequence[str], glob: str | None, limits: LimitSettings,
               stdin: BinaryIO | None, warn: Warn | None) -> Iterator[Article | InputError]:
    for name in inputs:
        if name == STDIN:
            yield from read_stdin(stdin or sys.stdin.buffer, limits, warn)
            continue
        for found in files(name, glob):
            if isinstance(found, InputError):
                yield found
            else:
                yield from read_file(*found, limits=limits, warn=warn)


def count_articles(inputs: Sequence[str], glob: str | None = None,
                   limits: LimitSettings = LimitSettings()) -> int | None:
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
            total += sum(1 for item in read_file(*found, limits=limits, warn=lambda message: None)) \
                if kind == "json" else (_count_lines(found[0]) if kind == "jsonl" else 1)
    return total


def _count_lines(path: Path) -> int:
    """Lines that are not blank, counted in blocks (a line may be of any length)."""
    count, content = 0, False
    try:
        with path.open("rb") as stream:
            while block := stream.read(READ_BLOCK * 16):
                *ended, open_line = block.split(b"\n")
                for line in ended:
                    count += bool(content or line.strip())
                    content = False
                content = content or bool(open_line.strip())
    except OSError:
        return 1
    return count + content or 1


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
