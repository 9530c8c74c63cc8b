"""The project's core records: plain, typed, immutable data.

Every offset is a Python string offset into the exact input text, end
exclusive, so ``text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
    """A stretch of the article text: ``text == article_text[start:end]``
    (Python string offsets, end exclusive)."""

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
    """A token of the parse, with its offsets; one token can hold several words ("zum")."""

    text: str
    start: int
    end: int
    words: tuple[int, ...]  # word indices (1-based) this token expands to


@dataclass(frozen=True, slots=True)
class Sentence:
    """A parsed sentence: its offsets, tokens and syntactic words."""

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
    """The parse of one text, and the fingerprint of the model that made it."""

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
    """One attributed claim: the ``cue`` that attributes it, the ``source``
    span and the id of the :class:`Source` it names, the ``claim`` span, its
    ``form`` (direct, indirect, …) and ``medium``; ``via`` is the attribution
    that relays this one ("Reuters … unter Berufung auf einen Beamten"),
    ``rule`` and ``evidence`` say which rule found it and why, ``confidence``
    how sure it is (0 to 1)."""

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
class SpeechEvent:
    """A speech, thought or writing event that states no claim of its own:
    "Ihr Antrag", "Wir diskutieren heute über die Rente", "Ich danke Ihnen".
    Parliamentary speeches are full of them, and the SpkAtt-2023 annotation
    counts them; an :class:`Attribution` needs a claim, so they are kept
    apart: the ``cue``, who speaks (``source`` span and ``source_id``), to
    whom (``addressee``), about what (``topic``), with ``rule``,
    ``confidence`` and ``evidence`` as for an attribution."""

    id: str
    medium: Medium | None
    cue: Cue
    source: Span | None
    source_id: str | None
    addressee: Span | None
    topic: Span | None
    rule: str
    confidence: float
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """Who a claim is attributed to, with every mention of it merged:
    ``kind`` is outlet, person, organization, official, anonymous or
    unspecified; ``name`` is readable ("hochrangiger Beamter des Weißen
    Hauses" for an unnamed one)."""

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
    """The outlet that published the article, and where the text names it
    (None when it comes from metadata or the configuration)."""

    name: str
    evidence: Span | None


@dataclass(frozen=True, slots=True)
class Chain:
    """From the publisher through relaying outlets to the origin of a claim."""

    claim: Span
    attributions: tuple[str, ...]
    path: tuple[str, ...]  # source ids, publisher first, origin last
    # the names of the sources of ``path``, in its order, filled in by the
    # ArticleResult that holds the chain ("IN-Ukraine.info", "Reuters", …)
    names: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return " → ".join(self.names or self.path)


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything found in one article: its ``sources``, ``attributions``
    and ``chains`` (one per claim), the speech ``events`` that carry no
    claim (debates only), its ``entities``, ``publisher`` and
    ``metadata`` (url, title, published, publisher), and the exact ``text``
    every offset indexes. In a notebook it shows as the article with cues,
    sources and claims highlighted."""

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
    attributed_by: str | None = None  # what decided the attributions: "rules" or "learned: MODEL"
    events: tuple[SpeechEvent, ...] = ()

    def __post_init__(self) -> None:
        # each chain learns the names of its sources, so ``chain.names`` reads
        # without the result at hand
        names = {s.id: s.name for s in self.sources}
        chains = tuple(replace(c, names=tuple(names.get(i, i) for i in c.path)) for c in self.chains)
        object.__setattr__(self, "chains", chains)

    def source(self, id: str) -> Source:
        """The source with this id (``chain.path`` and ``attribution.source_id``
        hold such ids); KeyError when the article has none."""
        for s in self.sources:
            if s.id == id:
                return s
        raise KeyError(f"article {self.id!r} has no source {id!r}")

    def attribution(self, id: str) -> Attribution:
        """The attribution with this id (``chain.attributions`` holds such ids)."""
        for a in self.attributions:
            if a.id == id:
                return a
        raise KeyError(f"article {self.id!r} has no attribution {id!r}")

    def _repr_html_(self) -> str:
        from provenance.notebook import result_html  # rendering stays out of the records

        return result_html(self)
