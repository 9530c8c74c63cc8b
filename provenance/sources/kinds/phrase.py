"""The records of the kinds stage: a classified speaker phrase (:class:`Mention`),
what the article can tell about it (:class:`Context`), and the phrase as the
components read it (:class:`Phrase`: its head noun, the words before it, its
affiliation)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from provenance.records import SourceKind, Span, Word
from provenance.sources.lexicon import Lexicon

QUOTES = "„“”\"'‚‘’»«›‹"
# the name of a source the text gives only as a wrapper noun ("nach Angaben")
UNNAMED = "unnamed source"
# phrases that point back, classified as they stand for where no referent is found ("die Studie", "in
# einer Erklärung": content of unknown authorship; "die Aktivistin": an unnamed individual)
SELF_STANDING = ("document", "statement", "epithet")
AGE = re.compile(r"^\d+[-–]?[Jj]ährige[nrm]?$")
# the age split by the tokenizer ("53 | - | jährige Uribe"): the surname is then the head
AGE_SPLIT = re.compile(r"^[Jj]ährige[nrm]?$")


@dataclass(frozen=True, slots=True)
class Mention:
    """One speaker phrase, classified."""

    span: Span | None  # None: known from metadata, not from the text
    name: str
    kind: SourceKind
    anonymous: bool
    descriptor: str | None = None
    affiliation: str | None = None
    definite: bool = False
    entity: str | None = None  # entity id
    resolved: bool = True
    pronoun: str | None = None  # set when the phrase must be resolved: "personal", "demonstrative", …
    head: str | None = None  # the head noun, lower case
    guessed: bool = False  # no word list knew the head noun: a weak antecedent
    role: bool = False  # the head noun is a role noun ("Beamter", "Regierungsvertreter")
    gender: str | None = None  # the role noun's, where its form tells: "Sprecherin" Fem, "Sprecher" Masc


class Context(Protocol):
    """What a phrase can be checked against in its article."""

    text: str

    def entity_at(self, start: int, end: int) -> tuple[str, str, str] | None:
        """(entity id, name, type) of the entity mentioned inside [start, end)."""

    def person_with_role(self, role: str, before: int) -> tuple[str, str] | None:
        """(id, name) of a person the article introduced with this role noun."""

    def person_without_role(self, before: int) -> tuple[str, str] | None:
        """(id, name) of the person the article named last before ``before``."""

    def organization_with_noun(self, noun: str, before: int) -> tuple[str, str, str] | None:
        """(id, name, type) of an organisation or outlet introduced with this noun."""

    def last_outlet(self, before: int) -> tuple[str, str] | None:
        ...

    def outlet_right_after(self, offset: int) -> tuple[str, str] | None:
        """(id, name) of an outlet named right after ``offset``."""

    def person_right_after(self, offset: int) -> tuple[str, str] | None:
        """(id, name) of a person named right after ``offset``."""

    def person_by_surname(self, word: str) -> tuple[str, str] | None:
        """(id, name) of the person named in full whose surname ``word`` is."""

    def organization_ending_with(self, word: str) -> tuple[str, str] | None:
        """(id, name) of the body whose name ends with ``word``."""

    def organizers_named(self) -> bool:
        """The article names, by a clause, a body that organised its event."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """One segment of a speaker phrase, read from its head noun: the head part
    ("Sprecher") and the affiliation after it ("des Weißen Hauses")."""

    span: Span
    tokens: list[Word]
    text: str
    definite: bool
    indefinite: bool
    head_index: int | None
    head_part: list[Word]
    affiliation_words: list[Word]

    @property
    def head(self) -> Word | None:
        return self.tokens[self.head_index] if self.head_index is not None else None

    @property
    def head_low(self) -> str:
        return self.head.text.lower() if self.head is not None else ""

    @property
    def affiliation(self) -> str | None:
        return " ".join(w.text for w in self.affiliation_words) or None

    @property
    def first_lower(self) -> str:
        return self.tokens[0].text.lower()

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def head_start(self) -> int:
        return self.head_part[0].start

    @property
    def head_end(self) -> int:
        return self.head_part[-1].end if self.head_part else self.end

    @property
    def counted(self) -> bool:
        """"die beiden Täter", "zwei Passanten": a number makes individuals of a group."""
        return any(w.upos == "NUM" or w.text.lower() in ("beiden", "beide") for w in self.head_part)


def read_phrase(lexicon: Lexicon, span: Span, tokens: list[Word], definite: bool = False) -> Phrase:
    text = " ".join(w.text for w in tokens).replace("( ", "(").replace(" )", ")")
    first_lower = tokens[0].text.lower()
    head_index, cut = head_of(lexicon, tokens)
    return Phrase(span, tokens, text, definite or first_lower in lexicon.definite, first_lower in lexicon.indefinite,
                  head_index, tokens[:cut], tokens[cut:])


def head_of(lexicon: Lexicon, tokens: list[Word]) -> tuple[int | None, int]:
    """Position of the head noun and where the affiliation starts."""
    head = None
    for k, word in enumerate(tokens):
        low = word.text.lower()
        if head is not None and (low in lexicon.affiliation_openers or word.text == "("):
            # "Präsident der Region Elsass Adrien Zeller": a person's name after the
            # affiliation still belongs to the head part
            return head, k
        # a capitalised word of another class may be a name the tagger misread, but not an adverb
        # or a conjunction opening the sentence ("Auch die Sprecherin", "Einzig Sony")
        if word.upos in ("NOUN", "PROPN", "X") or (word.text[:1].isupper() and word.upos not in (
                "DET", "ADJ", "ADP", "PRON", "NUM", "ADV", "CCONJ", "SCONJ", "PART")):
            if head is None or tokens[head].upos == "NOUN" and word.upos == "NOUN" and k == head + 1 \
                    and lexicon.is_role(word.text) and not lexicon.is_role(tokens[head].text) \
                    or _measured(tokens, head, k):
                head = k
    return head, len(tokens)


def _measured(tokens: list[Word], head: int | None, k: int) -> bool:
    """"der 330 Seiten starke Bericht", "eine 20 Mann starke Truppe": the counted noun and the adjective
    it measures stand before the head noun ``k``."""
    return head is not None and head > 0 and k == head + 2 and tokens[head - 1].upos == "NUM" \
        and tokens[head + 1].upos == "ADJ" and tokens[k].upos == "NOUN"


def is_article(word: Word) -> bool:
    """A real article or demonstrative ("einen", "der", "dieser"); a tagger may call
    "anonyme" a determiner too."""
    return word.upos == "DET" and word.feat("PronType") in ("Art", "Dem") and bool(word.feat("Number"))


def is_plural(phrase: Phrase) -> bool:
    """The article knows the number better than a small tagger does at the noun ("Die Mönche")."""
    head = phrase.head
    article = next((w for w in phrase.head_part if w.start < head.start and is_article(w)), None)
    return head.feat("Number") == "Plur" or article is not None and article.feat("Number") == "Plur"


_NOMINAL_ADJECTIVES = ("beamte", "angestellte", "vorsitzende", "abgeordnete", "verdächtige", "jährige", "bekannte",
                       "verwandte", "angehörige", "beauftragte", "delegierte", "gefangene", "betroffene", "vertraute",
                       "unbekannte", "tatverdächtige", "angeklagte", "beschuldigte", "befragte", "offizielle")


def nominative(lex: Lexicon, words: Sequence[Word]) -> str:
    """A readable descriptor in the nominative: "einen namentlich nicht
    genannten leitenden Beamten" → "leitender Beamter"."""
    kept = [w for w in words if w.text.lower() not in lex.articles | lex.definite | lex.leading_prepositions]
    text = " ".join(w.text for w in kept).lower()
    drop: set[int] = set()
    for marker in lex.anonymous_markers:
        if " " in marker and marker in text:
            marker_words = marker.split()
            for k in range(len(kept) - len(marker_words) + 1):
                if all(kept[k + j].text.lower().startswith(m) for j, m in enumerate(marker_words)):
                    drop.update(range(k, k + len(marker_words)))
    kept = [w for k, w in enumerate(kept) if k not in drop]
    nouns = [w for w in kept if w.upos in ("NOUN", "PROPN")]
    if not any(is_article(w) for w in words):
        # a bare noun phrase ("anonyme informierte Quellen") is plural or a mass noun: as it stands
        return " ".join(w.text for w in kept)
    if not nouns:
        return " ".join(w.text for w in kept)
    head = nouns[-1]
    # the article knows number and gender better than a small tagger does at the noun
    article = next((w for w in words if is_article(w)), None)
    source = article if article is not None else head
    plural = source.feat("Number") == "Plur"
    # a role or private noun tells its gender by its form ("Vermittler" / "Vermittlerin"); "eines",
    # "einem" do not tell masculine from neuter, and the tagger guesses
    gender = lex.gender(head) if lex.gender(head) in ("Masc", "Fem") and (
        lex.is_role(head.text) or lex.ends_with(head.text, lex.private_nouns)) else None
    gender = gender or source.feat("Gender") or head.feat("Gender")
    singular_case = source.feat("Case") not in (None, "Nom")
    out = []
    for w in kept:
        if w is head:
            lemma = w.lemma if w.lemma and w.lemma[:1].isupper() == w.text[:1].isupper() else w.text
            if plural or not singular_case:
                # a nominative stands as written ("ein Beamter"); a lemma may drop its ending
                out.append(w.text if plural or source.feat("Case") == "Nom" else lemma)
            elif lemma.lower().endswith(_NOMINAL_ADJECTIVES) and gender != "Fem":
                out.append(lemma + "r")
            else:
                out.append(lemma)
        elif w.upos == "ADJ" and singular_case and not plural and w.lemma and w.lemma.isalpha():
            ending = {"Masc": "er", "Fem": "e", "Neut": "es"}.get(gender or "Masc", "er")
            out.append(w.lemma + ending)
        else:
            out.append(w.text)
    return " ".join(out)


