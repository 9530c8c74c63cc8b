"""Gold files in the WIKINEWS quotation format: the quotations of each article as token sets."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from provenance.errors import InputError
from provenance.records import ArticleResult, Span

ROLES = ("cue", "speaker", "frame", "addressee")
TYPES = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
FORM_TO_TYPE = {
    "direct": "Direct",
    "indirect": "Indirect",
    "free_indirect": "FreeIndirect",
    "indirect_free_indirect": "IndirectFreeIndirect",
    "reported": "Reported",
}

# Gold media are "Speech", "Writing", "Thought", combinations as letters
# ("SW", "ST", "TW") or "none"; system media are the lower-case names.
MEDIUM_LETTERS = {"speech": "S", "thought": "T", "writing": "W"}

Tokens = frozenset[int]


class GoldFormatError(InputError, ValueError):
    """A malformed line in a gold file (a ValueError, and a ProvenanceError so the CLI prints it)."""


@dataclass(frozen=True, slots=True)
class Quotation:
    message: Tokens
    cue: Tokens = frozenset()
    speaker: Tokens = frozenset()
    frame: Tokens = frozenset()
    addressee: Tokens = frozenset()
    type: str | None = None
    description: str | None = None
    nested: bool = False  # gold only: reported inside another quotation
    medium: frozenset[str] = frozenset()  # letters S, T, W; empty when unknown or "none"
    # gold roles our schema has no field for, by their corpus names (SpkAtt: Topic, Medium, Evidence, PTC)
    extra: tuple[tuple[str, Tokens], ...] = ()


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    tokens: tuple[tuple[int, int], ...]
    quotations: tuple[Quotation, ...]

    def span_text(self, ids: Iterable[int]) -> str:
        """The text of the tokens, contiguous runs joined by ' … '."""
        runs: list[list[int]] = []
        for i in sorted(ids):
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        return " … ".join(self.text[self.tokens[r[0]][0] : self.tokens[r[-1]][1]] for r in runs)


def load_gold(path: str | Path) -> list[GoldArticle]:
    path = Path(path)
    articles = []
    with path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                articles.append(_parse_article(json.loads(line), str(lineno)))
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                reason = f"missing key {e}" if isinstance(e, KeyError) else str(e).splitlines()[0]
                raise GoldFormatError(f"{path.name}, line {lineno}: malformed gold article: {reason}") from e
    return articles


def _parse_article(obj: dict, lineno: str) -> GoldArticle:
    text = obj["originalText"]
    if not isinstance(text, str):
        raise TypeError("originalText is not a string")
    tokens = tuple((int(t["charBegin"]), int(t["charEnd"])) for t in obj["tokens"])
    if any(not 0 <= b <= e <= len(text) for b, e in tokens):
        raise ValueError("token offsets outside the text")
    # roles cite token ids; positions in the token list are what we index by
    index = {t["id"]: i for i, t in enumerate(obj["tokens"])}

    def role(ann: dict, name: str) -> Tokens:
        try:
            return frozenset(index[i] for i in (ann.get(name) or {}).get("tokenIds", ()))
        except KeyError as e:
            raise ValueError(f"{name} cites unknown token id {e}") from None

    quotations = tuple(
        Quotation(
            message=role(a, "quote"), cue=role(a, "cue"), speaker=role(a, "speaker"),
            frame=role(a, "frame"), addressee=role(a, "addressee"), type=a.get("type"),
            description=(a.get("quote") or {}).get("text"), nested=bool(a.get("isNested")),
            medium=gold_medium(a.get("medium")),
        )
        for a in obj["annotations"]
    )
    return GoldArticle(str(obj.get("documentName") or lineno), text, tokens, quotations)


def gold_medium(value: object) -> frozenset[str]:
    """``"Speech"`` -> {S}, ``"SW"`` -> {S, W}, ``"none"`` or absent -> {}."""
    if value is None or value == "none":
        return frozenset()
    if not isinstance(value, str):
        raise TypeError(f"medium {value!r} is not a string")
    if value.lower() in MEDIUM_LETTERS:
        return frozenset(MEDIUM_LETTERS[value.lower()])
    if value and set(value) <= set("STW"):
        return frozenset(value)
    raise ValueError(f"unknown medium {value!r}")


def quotations_from_result(result: ArticleResult, tokens: Sequence[tuple[int, int]],
                           events: bool = False) -> list[Quotation]:
    """The top-level attributions of ``result`` as token sets; ``events``: its
    speech events too, as quotations without a message (the SpkAtt metric
    counts them; the WIKINEWS one pairs by message and has none)."""
    text = result.text

    def ids(spans: Iterable[Span | None]) -> Tokens:
        return frozenset(
            i for s in spans if s is not None for i, (b, e) in enumerate(tokens)
            if text[max(b, s.start) : min(e, s.end)].strip()
        )

    return [
        Quotation(
            message=ids([a.claim]), cue=ids(a.cue.spans if a.cue else ()), speaker=ids([a.source]),
            frame=ids([a.frame]), addressee=ids([a.addressee]), type=FORM_TO_TYPE.get(a.form),
            description=a.claim.text,
            medium=frozenset(MEDIUM_LETTERS[a.medium]) if a.medium in MEDIUM_LETTERS else frozenset(),
        )
        for a in result.attributions
        if a.via is None
    ] + [
        # speech events state no claim: a cue with its roles, the topic kept for the SpkAtt metric
        Quotation(message=frozenset(), cue=ids(e.cue.spans), speaker=ids([e.source]), addressee=ids([e.addressee]),
                  medium=frozenset(MEDIUM_LETTERS[e.medium]) if e.medium in MEDIUM_LETTERS else frozenset(),
                  extra=(("Topic", ids([e.topic])),) if e.topic is not None else ())
        for e in (result.events if events else ())
    ]
