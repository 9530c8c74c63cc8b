"""An on-disk cache of parsed documents, keyed by text hash and model id, so
re-running the rules after a configuration change does not parse again.

Entries are JSON (never pickle: a cache file must not be able to run code),
preceded by a line with the SHA-256 of that JSON. An entry is used only when
its checksum holds and its shape fits the text it is asked for (every token
where the text has it); a damaged one is removed and the text parsed again.
Writes go to a temporary file that replaces the entry in one step, so a
reader never sees half an entry and a failed write leaves nothing; temporary
files a killed process left behind are removed by the next one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import fields
from operator import attrgetter
from pathlib import Path

from provenance.atomic import remove_stale
from provenance.records import ParsedDocument, Sentence, Token, Word

# Bump when the parsing layer's output or the entry layout changes for the
# same model (e.g. new sentence repairs), so stale entries are not reused.
FORMAT = 5  # 5: a checksum line before the JSON; 4: Word.ner (the token's entity tag)
# Entries of this earlier format hold the same parse without a checksum: they
# are checked by shape, then rewritten in the current format (and left for
# older versions of provenance that share the directory).
LEGACY_FORMAT = 4

# An entry stores each token and word as a row of its field values, in the
# dataclass's field order: about half the size of named fields, and written
# and read several times faster (a cold run writes one entry per article).
_WORD_FIELDS = tuple(fields(Word))
_WORD_ROW = attrgetter(*(f.name for f in _WORD_FIELDS))
_TOKEN_ROW = attrgetter(*(f.name for f in fields(Token)))
# Word fields by type, for checking a row before it becomes a Word
_WORD_TYPES = tuple(int if f.type in ("int", int) else str for f in _WORD_FIELDS)

TEMPORARY = "tmp"  # the subdirectory where entries are written before they are renamed
_cleaned: set[Path] = set()


def default_directory() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("provenance"))


class DamagedEntry(ValueError):
    """A cache entry whose checksum or shape is wrong."""


class ParseCache:
    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory else default_directory()

    def info(self) -> dict:
        """Where the cache lives and how much it holds."""
        entries = list(self.directory.glob("??/*.json")) if self.directory.is_dir() else []
        size = sum(p.stat().st_size for p in entries)
        return {"directory": str(self.directory), "entries": len(entries), "size_mb": round(size / 1e6, 1)}

    def _path(self, text: str, model: str, format: int = FORMAT) -> Path:
        key = hashlib.sha256(f"{format}\0{model}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / key[:2] / f"{key}.json"

    def get(self, text: str, model: str) -> ParsedDocument | None:
        """The cached parse of ``text``, or None (missing or damaged: parse again)."""
        self.clean_stale()
        path = self._path(text, model)
        try:
            return _document(text, model, _payload(path.read_bytes()))
        except FileNotFoundError:
            return self._migrated(text, model)
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
            with contextlib.suppress(OSError):
                path.unlink()  # damaged: the fresh parse takes its place
            return None

    def _migrated(self, text: str, model: str) -> ParsedDocument | None:
        """The parse in an entry of :data:`LEGACY_FORMAT`, checked by shape
        and written anew in the current format; None when there is none."""
        try:
            data = self._path(text, model, LEGACY_FORMAT).read_bytes()
            doc = _document(text, model, json.loads(data.decode("utf-8", "surrogatepass")))
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
            return None
        self.put(doc)
        return doc

    def put(self, doc: ParsedDocument) -> None:
        path = self._path(doc.text, doc.model)
        data = [[s.index, s.start, s.end, [_TOKEN_ROW(t) for t in s.tokens], [_WORD_ROW(w) for w in s.words]]
                for s in doc.sentences]
        # json.dumps, not json.dump: only the former uses the C encoder; "surrogatepass"
        # keeps a lone surrogate of the text (it is in the token texts) as it is
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        entry = hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temporary(self.directory)
            with open(tmp, "xb") as out:
                out.write(entry)
            os.replace(tmp, path)  # a reader never sees half an entry
        except OSError:
            # caching is an optimisation; a read-only or full cache dir must not fail the run
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def clean_stale(self) -> None:
        """Remove the temporary files of writers that are gone (killed in the
        middle of a write), once per process and directory."""
        if self.directory in _cleaned:
            return
        _cleaned.add(self.directory)
        remove_stale(self.directory / TEMPORARY)
        # temporary files of earlier versions, written beside the entries (no pid in the name)
        remove_stale(self.directory, pattern="??/*.tmp")


def _temporary(directory: Path) -> Path:
    """A fresh temporary file name that tells which process writes it."""
    folder = directory / TEMPORARY
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{os.getpid()}.{secrets.token_hex(8)}.tmp"


def _payload(entry: bytes) -> list:
    """The JSON of an entry, once its checksum line holds."""
    checksum, newline, payload = entry.partition(b"\n")
    if not newline or hashlib.sha256(payload).hexdigest().encode() != checksum:
        raise DamagedEntry("checksum does not match")
    return json.loads(payload.decode("utf-8", "surrogatepass"))


def _document(text: str, model: str, data: object) -> ParsedDocument:
    """The parse an entry holds, checked against ``text``: every sentence and
    token within it and in order, every token's text where the entry says,
    every word row of the right fields."""
    if not isinstance(data, list):
        raise DamagedEntry("not a list of sentences")
    sentences, previous_end = [], 0
    for position, row in enumerate(data):
        index, start, end, token_rows, word_rows = row
        if index != position or not (_int(start) and _int(end) and previous_end <= start <= end <= len(text)):
            raise DamagedEntry(f"sentence {position}: offsets out of place")
        tokens = []
        for t_text, t_start, t_end, words in token_rows:
            if not (_int(t_start) and _int(t_end) and start <= t_start <= t_end <= end) \
                    or text[t_start:t_end] != t_text or not all(_int(w) for w in words):
                raise DamagedEntry(f"sentence {position}: a token not where the text has it")
            tokens.append(Token(t_text, t_start, t_end, tuple(words)))
        for row_ in word_rows:
            if len(row_) != len(_WORD_TYPES) or not all(
                    isinstance(value, kind) and not isinstance(value, bool) for value, kind in zip(row_, _WORD_TYPES)):
                raise DamagedEntry(f"sentence {position}: a word row of the wrong shape")
        words = tuple(Word(*row_) for row_ in word_rows)
        if any(not 0 <= w.token < len(tokens) for w in words):
            raise DamagedEntry(f"sentence {position}: a word of no token")
        sentences.append(Sentence(index, start, end, text[start:end], tuple(tokens), words))
        previous_end = end
    return ParsedDocument(text, tuple(sentences), model)


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
