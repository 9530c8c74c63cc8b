"""Article data made inert for the places it is shown or written.

Fact-checkers feed ``provenance`` scraped pages and leaked dumps and then
open its output in terminals, spreadsheets, Gephi and browsers. Whatever an
article holds — names, claims, ids, file names — must reach them as text,
never as something they act on:

- :func:`visible` for a terminal: control characters (C0, DEL, C1, which
  include the ESC and CSI that start terminal escape sequences), the Unicode
  bidirectional overrides and lone surrogates are written out as escapes
  (``\\x1b``, ``\\u202e``), so they are seen and cannot steer the terminal.
  Rich markup is a separate matter: console code passes article data as
  :class:`rich.text.Text` (see :func:`plain`), which rich never parses.
- :func:`spreadsheet_cell` for CSV: a cell a spreadsheet would read as a
  formula gets a leading ``'`` (OWASP's advice against CSV injection).
- :func:`xml_text` for XML: characters XML 1.0 cannot hold become U+FFFD.
- :func:`arrow_table` for Parquet and the store: a lone surrogate, which UTF-8
  cannot hold, is written as its escape (``\\udcff``), as the terminal shows it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence

from rich.text import Text

# C0 controls, DEL, C1 controls; the bidirectional embeddings, overrides and
# isolates (they reorder what the reader sees); lone surrogates (from a file
# name that is not UTF-8, or a JSON "\ud800"), which no UTF-8 stream can write.
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSEEN_BY_JSON = re.compile("[\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: object, keep: str = "\n\t") -> str:
    """``text`` with every control character made visible as an escape,
    except those in ``keep`` (newline and tab, where the layout needs them;
    ``keep=""`` for a message that must stay on one line)."""
    return _UNSEEN.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), str(text))


def visible_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``, which escapes
    only C0 controls) with the other unseen characters as ``\\uXXXX``
    escapes, so it stays JSON that means the same. C0 characters left in it
    are its own layout (newlines and indentation), and stay."""
    return _UNSEEN_BY_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plain(text: object, style: str = "", keep: str = "\n\t") -> Text:
    """``text`` as a rich :class:`Text`: shown literally (no markup, no emoji
    codes), its control characters made visible."""
    return Text(visible(text, keep), style=style)


# OWASP, "CSV Injection": a cell beginning with one of these may be run as a
# formula (=, +, -, @) or become one once a spreadsheet strips the leading
# tab or carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula: text beginning with
    ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading single
    quote, which spreadsheets show as text and do not display. Numbers pass
    unchanged: a negative number is no formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value: object) -> object:
    """A value as a CSV cell: empty for None, ``true``/``false`` for booleans,
    and no cell a spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_cell(value)


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, object]], header: bool = True) -> str:
    """Rows as CSV (``header``: the column names first), every cell through
    :func:`csv_cell`. Python's writer quotes a cell only for the characters of
    its line terminator, so a carriage return in a cell would end the row for
    a reader: a row holding one has every cell quoted."""
    buffer = io.StringIO()
    minimal = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    lines = ([[spreadsheet_cell(c) for c in columns]] if header else []) + [
        [csv_cell(row.get(c)) for c in columns] for row in rows]
    for cells in lines:
        (quoted if any("\r" in str(cell) for cell in cells) else minimal).writerow(cells)
    return buffer.getvalue()


# What XML 1.0 cannot hold (its Char production): C0 controls other than tab,
# newline and carriage return, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub(REPLACEMENT, text)


def xml_value(value: object) -> object:
    """An attribute value made XML-safe: text through :func:`xml_text`, other
    values unchanged."""
    return xml_text(value) if isinstance(value, str) else value


_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_value(value: object) -> object:
    """``value`` (a string, or lists and dicts of them) with every lone
    surrogate written as its escape (``\\udcff``): Arrow and DuckDB text is
    UTF-8, which cannot hold one (a file name that is not UTF-8, a JSON "\\ud800")."""
    if isinstance(value, str):
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    if isinstance(value, list):
        return [utf8_value(v) for v in value]
    if isinstance(value, dict):
        return {k: utf8_value(v) for k, v in value.items()}
    return value


def arrow_table(rows: list[dict], schema):
    """A pyarrow table of ``rows``; where a string holds a lone surrogate, the
    rows again through :func:`utf8_value` (only then: the common case pays nothing)."""
    import pyarrow as pa

    try:
        return pa.Table.from_pylist(rows, schema=schema)
    except UnicodeEncodeError:
        return pa.Table.from_pylist(utf8_value(rows), schema=schema)
