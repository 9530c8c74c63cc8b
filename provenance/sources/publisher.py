"""The article's own outlet: metadata first, then a footer or copyright line
near the end ("Alle Rechte sind geschützt IN-Ukraine.info - 2022",
"Quelle: dpa")."""

from __future__ import annotations

import re

from provenance.config import Config
from provenance.records import Publisher, Span
from provenance.sources.lexicon import Lexicon

# The markers are matched in any case; the name after them is not: it is a
# capitalised name or a known outlet (which may be lower case: "dpa"), on the
# same line ("Quelle: dpa\nweitere Meldungen" is dpa; "(c) zeigt den Minister"
# names no one).
_MARKER = re.compile(
    r"(?i:©|\(c\)|copyright|alle rechte[^\n]*?(?:vorbehalten|geschützt)|quelle:)[ \t]*(?:\d{4}[ \t]*)?")
_NAME = re.compile(r"[A-ZÄÖÜ][\w.-]*(?:[ \t][A-ZÄÖÜ][\w.-]*)*")


def find_publisher(text: str, config: Config, lexicon: Lexicon, metadata_publisher: str | None = None) -> Publisher | None:
    if metadata_publisher:
        return Publisher(metadata_publisher, None)
    tail_start = max(0, len(text) - 400)
    for marker in _MARKER.finditer(text, tail_start):
        start = marker.end()
        line = text[start:text.find("\n", start) if "\n" in text[start:] else len(text)]
        hit = lexicon.outlet(line, strict=False)
        if hit is not None and hit[1].start() == 0:
            name = hit[1].group(1)
        else:
            match = _NAME.match(line)
            if match is None:
                continue
            name = match.group(0).strip(" .-")
        if name:
            return Publisher(name, Span.of(text, start, start + len(name)))
    if config.settings.publisher:
        return Publisher(config.settings.publisher, None)
    return None
