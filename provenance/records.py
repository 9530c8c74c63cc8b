"""The project's core records: plain, typed, immutable data.

Every offset is a Python string offset into the exact input text, end
exclusive, so ``text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SourceKind = Literal["outlet", "person", "organization", "official", "anonymous", "unspecified"]
EntityType = Literal["person", "organization", "outlet", "place", "other"]
# Kinds whose claims rest on no one named: the anonymity share counts them.
UNSOURCED_KINDS = frozenset({"anonymous", "unspecified"})


def rests_on_no_one(kind: str | None, anonymous: bool = False) -> bool:
    """The one definition of an anonymous origin, used by the report, the
    queries and the exports: a claim rests on no one named when its origin
    (the last source of its chain, the publisher not counted) is anonymous or
    unspecified, or when no source is named at all (``kind`` None)."""
    return kind is None or anonymous or kind in UNSOURCED_KINDS
Form = Literal["direct", "indirect", "free_indirect", "indirect_free_indirect", "reported"]
Medium = Literal["speech", "thought", "writing"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Word:
    """A syntactic word. Several words can share one token ("zum" = "zu dem");
    they then carry the token's offsets."""

    index: int  # 1-based within its sentence, as in CoNLL-U
    text: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int  # 0 = root
    deprel: str
    start: int
    end: int
    token: int  # index of the token in its sentence (0-based)
    # The named-entity tag of the word's token, BIOES over PER/ORG/LOC/OTH
    # ("S-PER", "B-ORG", "E-ORG", "O"); "O" where the pipeline ran no NER.
    ner: str = "O"

    def feat(self, name: str) -> str | None:
        for pair in self.feats.split("|"):
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    words: tuple[int, ...]  # word indices (1-based) this token expands to


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    words: tuple[Word, ...]

    def word(self, index: int) -> Word:
        return self.words[index - 1]

    def children(self, index: int) -> list[Word]:
        return [w for w in self.words if w.head == index]


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    text: str
    sentences: tuple[Sentence, ...]
    model: str


@dataclass(frozen=True, slots=True)
class Cue:
    """The words that mark an attribution; may be discontinuous ("teilte … mit")."""

    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    id: str
    form: Form
    medium: Medium | None
    cue: Cue | None
    source: Span | None
    source_id: str | None
    claim: Span
    frame: Span | None
    addressee: Span | None
    via: str | None  # id of the attribution that relays this one
    rule: str
    confidence: float
    evidence: str = ""  # human-readable account of why the rule fired


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    name: str
    kind: SourceKind
    anonymous: bool
    descriptor: str | None
    affiliation: str | None
    mentions: tuple[Span, ...]
    entity_id: str | None = None  # the entity of the article this source is
    # False for a pronoun whose referent could not be found: the source is then
    # "unspecified" and says so, rather than being named after the pronoun.
    resolved: bool = True


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, outlet or place the article mentions, with all
    its mentions ("Marco Rubio", "Rubio", "Mark Rubio")."""

    id: str
    name: str  # the fullest name in the article, in its base form
    type: EntityType
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Publisher:
    name: str
    evidence: Span | None


@dataclass(frozen=True, slots=True)
class Chain:
    """From the publisher through relaying outlets to the origin of a claim."""

    claim: Span
    attributions: tuple[str, ...]
    path: tuple[str, ...]  # source ids, publisher first, origin last


@dataclass(frozen=True, slots=True)
class ArticleResult:
    id: str
    path: str | None
    text: str
    publisher: Publisher | None
    model: str
    sources: tuple[Source, ...]
    attributions: tuple[Attribution, ...]
    chains: tuple[Chain, ...]
    metadata: dict[str, str] = field(default_factory=dict)
    language: str = "de"
    entities: tuple[Entity, ...] = ()
    genre: str | None = None  # "news" or "debate" (provenance/genre.py)
    genre_evidence: str | None = None  # why: the form that told it, or "forced by --genre …"
    attribution: str | None = None  # what decided the attributions: "rules" or "learned: MODEL"
