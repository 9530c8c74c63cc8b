"""Reading articles from files: the exact decoded text, never altered, so
every offset points into what the user gave us."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from provenance.analysis import Article
from provenance.errors import InputError


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped); anything else is refused with a clear line."""
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def read_article(path: str | Path) -> Article:
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return Article(decode(data, str(path)), id=path.stem, path=str(path))


def read_articles(paths: list[str]) -> Iterator[Article | InputError]:
    """Each input as an Article, or the error that kept it out."""
    for name in paths:
        try:
            yield read_article(name)
        except InputError as exc:
            yield exc
