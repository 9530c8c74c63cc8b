"""An on-disk cache of parsed documents, keyed by text hash and model id, so
re-running the rules after a configuration change does not parse again.

Entries are JSON (never pickle: a cache file must not be able to run code).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import fields
from operator import attrgetter
from pathlib import Path

from provenance.records import ParsedDocument, Sentence, Token, Word

# Bump when the parsing layer's output or the entry layout changes for the
# same model (e.g. new sentence repairs), so stale entries are not reused.
FORMAT = 4  # 4: Word.ner (the token's entity tag)

# An entry stores each token and word as a row of its field values, in the
# dataclass's field order: about half the size of named fields, and written
# and read several times faster (a cold run writes one entry per article).
_WORD_ROW = attrgetter(*(f.name for f in fields(Word)))
_TOKEN_ROW = attrgetter(*(f.name for f in fields(Token)))


def default_directory() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("provenance"))


class ParseCache:
    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory else default_directory()

    def info(self) -> dict:
        """Where the cache lives and how much it holds."""
        entries = list(self.directory.glob("??/*.json")) if self.directory.is_dir() else []
        size = sum(p.stat().st_size for p in entries)
        return {"directory": str(self.directory), "entries": len(entries), "size_mb": round(size / 1e6, 1)}

    def _path(self, text: str, model: str) -> Path:
        key = hashlib.sha256(f"{FORMAT}\0{model}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
        return self.directory / key[:2] / f"{key}.json"

    def get(self, text: str, model: str) -> ParsedDocument | None:
        try:
            data = json.loads(self._path(text, model).read_bytes().decode("utf-8", "surrogatepass"))
            return _document(text, model, data)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a missing or damaged entry is simply parsed again

    def put(self, doc: ParsedDocument) -> None:
        path = self._path(doc.text, doc.model)
        data = [[s.index, s.start, s.end, [_TOKEN_ROW(t) for t in s.tokens], [_WORD_ROW(w) for w in s.words]]
                for s in doc.sentences]
        # json.dumps, not json.dump: only the former uses the C encoder
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # write then rename: a reader never sees half an entry; "surrogatepass"
            # keeps a lone surrogate of the text (it is in the token texts) as it is
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(encoded.encode("utf-8", "surrogatepass"))
            os.replace(tmp, path)
        except OSError:
            # caching is an optimisation; a read-only or full cache dir must not fail the run
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _document(text: str, model: str, data: list[list]) -> ParsedDocument:
    sentences = []
    for index, start, end, token_rows, word_rows in data:
        tokens = tuple(Token(t_text, t_start, t_end, tuple(words)) for t_text, t_start, t_end, words in token_rows)
        words = tuple(Word(*row) for row in word_rows)
        sentences.append(Sentence(index, start, end, text[start:end], tokens, words))
    return ParsedDocument(text, tuple(sentences), model)
