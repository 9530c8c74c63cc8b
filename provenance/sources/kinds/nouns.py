"""The third reading of a phrase, with no name in it: the head noun decides.
Each step reads one class of nouns of the lexicon and returns the mention it
makes, or None for the next step: marked anonymity, groups, role nouns,
private persons, authorities and laws, documents, bodies, surnames the lists do
not know, individuals named by a person noun, and what is left."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from provenance.records import SourceKind, Span, Word
from provenance.sources.kinds.names import name_after_affiliation
from provenance.sources.kinds.phrase import (
    AGE,
    AGE_SPLIT,
    Context,
    Mention,
    Phrase,
    head_of,
    is_plural,
    nominative,
)
from provenance.sources.kinds.wrappers import compound_wrapper
from provenance.sources.lexicon import Lexicon

if TYPE_CHECKING:
    from provenance.sources.kinds import Classifier

# "das Team um Anna Roth": a body's noun, then the person it is named after
_TEAM_OF = re.compile(r"\b([A-ZÄÖÜ]\w+)\s+um\s+(?=[A-ZÄÖÜ])")


@dataclass(frozen=True, slots=True)
class Reading:
    """A phrase with no name, with what every step needs of it."""

    phrase: Phrase
    descriptor: str  # the head part in the nominative: "leitender Beamter"
    plural: bool

    @property
    def readable(self) -> str:
        affiliation = self.phrase.affiliation
        return f"{self.descriptor} {affiliation}" if affiliation else self.descriptor

    def as_kind(self, kind: SourceKind, anonymous: bool, **fields) -> Mention:
        """The mention that names the source by its readable descriptor."""
        p = self.phrase
        fields.setdefault("definite", p.definite)
        return Mention(p.span, self.readable, kind, anonymous, self.descriptor, p.affiliation,
                       head=p.head_low, **fields)

    def person(self, person: tuple[str, str]) -> Mention:
        """The person the article names for this phrase."""
        p = self.phrase
        return Mention(p.span, person[1], "person", False, self.descriptor, p.affiliation, True, entity=person[0],
                       head=p.head_low)


Step = Callable[["Classifier", Reading, "Context | None"], "Mention | None"]


def classify(clf: Classifier, p: Phrase, ctx: Context | None) -> Mention:
    if p.head is None:
        return Mention(p.span, clf.lexicon.strip_articles(p.text) or p.text, "unspecified", True, head=p.head_low)
    reading = Reading(p, nominative(clf.lexicon, p.head_part), is_plural(p))
    for step in STEPS:
        mention = step(clf, reading, ctx)
        if mention is not None:
            return mention
    return _rest(clf, reading)


def _marked(clf: Classifier, r: Reading, ctx: Context | None) -> Mention | None:
    lex, p = clf.lexicon, r.phrase
    if any(m in p.text.lower() for m in lex.anonymous_markers) or lex.ends_with(p.head_low, lex.anonymous_nouns):
        return r.as_kind("anonymous", True)
    if p.indefinite and p.head_low in lex.single_sources:
        # "einer Quelle zufolge", "nach Angaben einer russischen Quelle": one source the article does not
        # identify; "Quellen", "andere Quellen" stay vague (the noun as listed is its singular: a tagger
        # may call "einer gut vernetzten Quelle" plural)
        return r.as_kind("anonymous", True)
    if lex.ends_with(p.head_low, lex.collective_nouns) and not p.affiliation_words:
        # "die Menschenmenge": a crowd of no one in particular
        return r.as_kind("unspecified", True)
    return None


def _group(clf: Classifier, r: Reading, ctx: Context | None) -> Mention | None:
    lex, p = clf.lexicon, r.phrase
    head_low, head_part, definite, plural = p.head_low, p.head_part, p.definite, r.plural
    if lex.ends_with(head_low, lex.generic_groups) and (plural or not (definite or p.indefinite)) \
            and not (p.indefinite and lex.is_role(head_low)):
        issuer = issuer_of(clf, p.affiliation_words, ctx)
        if issuer is not None and issuer.kind in ("organization", "outlet") and not (
                issuer.entity is None and lex.ends_with(issuer.head or "", lex.law_nouns | lex.document_nouns)):
            # "die Demonstranten der UDD" speak for the UDD; "Gegner des Gesetzes" for no law
            return replace(issuer, span=p.span, descriptor=r.descriptor, head=head_low)
        if definite and plural and not p.affiliation_words and ctx is not None \
                and any(w.text.lower() in ("beiden", "beide") for w in head_part):
            # "die Politiker Anna Roth und Karl Brenner … nach Meinung der beiden Politiker": a
            # counted, definite group points back to people the article named with that noun
            person = ctx.person_with_role(head_low, p.span.start)
            if person is not None:
                return r.person(person)
        if definite and plural and not p.affiliation_words and ctx is not None and lex.is_role(head_low):
            # "Das Team um Anna Roth … fordern die Wissenschaftler": a definite group of role
            # holders points back to the team the article named after its head
            leader = _team_leader(lex, p.span, ctx)
            if leader is not None:
                return r.person(leader)
        if definite and plural and not p.affiliation_words and ctx is not None:
            # "die Behörde für Meteorologie … Die Meteorologen warnten": the practitioners of the field
            # a body the article named is for speak for that body (as "die Demonstranten der UDD")
            body = _body_of_field(lex, head_low, p.span, ctx)
            if body is not None:
                return Mention(p.span, body, "organization", False, r.descriptor, None, True, head=head_low)
        if definite and plural and not p.affiliation_words and ctx is not None and lex.is_role(head_low):
            # "Forscher der Universität Xstadt … Die Forscher vermuten": the role holders the article
            # introduced with a body it names are that body's (as "die Demonstranten der UDD")
            body = _body_introduced_with(lex, p.head, ctx)
            if body is not None:
                return Mention(p.span, body[1], "organization", False, r.descriptor, None, True, entity=body[0],
                               head=head_low)
        return r.as_kind("unspecified", True)
    if lex.is_role(head_low) and plural and not (definite or p.indefinite) and not p.affiliation_words \
            and not lex.ends_with(head_low, lex.rank_and_file) and p.first_lower not in lex.possessives:
        # "laut Gutachtern", "Berater warnen": role holders of no one in particular are a group
        return r.as_kind("unspecified", True)
    return None


def _role(clf: Classifier, r: Reading, ctx: Context | None) -> Mention | None:
    lex, p = clf.lexicon, r.phrase
    head_low, affiliation_words, definite, indefinite, plural = \
        p.head_low, p.affiliation_words, p.definite, p.indefinite, r.plural
    if not lex.is_role(head_low):
        return None
    holder = name_after_affiliation(lex, affiliation_words, ctx)
    if holder is None and ctx is not None and not plural:
        # "die Sprecherin der Fraktion | , Anna Roth": the name the speaker span stopped before
        holder = ctx.person_right_after(p.span.end)
    if holder is not None:
        # "Der Bürgermeister von Freising Herr Dieter Thalhammer", "der Vorsitzende des
        # Ausschusses Alain Lamassou": the role holder's name closes the affiliation
        return Mention(p.span, holder[1], "person", False, r.descriptor, p.affiliation, definite, entity=holder[0],
                       head=head_low)
    if (definite or p.first_lower in lex.possessives) and ctx is not None:
        person = ctx.person_with_role(head_low, p.span.start)
        if person is not None:
            return r.person(person)
    anonymous = bool(affiliation_words) and affiliation_words[0].text.lower() in ("eines", "einer")
    # "ein Beamter", "US-Beamte": unnamed officials without a speaking function; "ein Wissenschaftler",
    # "ein Ministeriumsvertreter": a role holder of no institution the article identifies, who does not
    # speak for one by office. Both are unidentified individuals
    unidentified = ((indefinite or not definite and plural) and lex.ends_with(head_low, lex.rank_and_file)
                    or indefinite and not plural and not affiliation_words
                    and not lex.ends_with(head_low, lex.speaking_roles))
    if unidentified and not _named_body(lex, affiliation_words, p.head, ctx):
        return r.as_kind("anonymous", True)
    return r.as_kind("official", anonymous)


def _private(clf: Classifier, r: Reading, ctx: Context | None) -> Mention | None:
    lex, p = clf.lexicon, r.phrase
    head, head_low, tokens, plural = p.head, p.head_low, p.tokens, r.plural
    aged = AGE.match(head.text) and head is not tokens[-1] or \
        head is tokens[-1] and any(AGE.match(t.text) or AGE_SPLIT.match(t.text) for t in tokens[:-1])
    if aged and tokens[-1].text[:1].isupper() and ctx is not None and not lex.is_common(tokens[-1].text):
        # "der 84-jährige Holm": the age before a surname of a person named in full before
        person = ctx.person_by_surname(tokens[-1].text)
        if person is not None:
            return Mention(p.span, person[1], "person", False, entity=person[0], head=head_low)
    if not (lex.ends_with(head_low, lex.private_nouns) or AGE.match(head.text)):
        return None
    if p.definite and ctx is not None:
        person = ctx.person_with_role(head_low, p.span.start)
        if person is None and not plural and (lex.ends_with(head_low, lex.legal_status) or AGE.match(head.text)):
            # "Das Gericht verurteilte Karl Holm … Der Verurteilte sagte": the person the
            # proceedings were about; "Karl Holm … Der 74-Jährige": the person named just before
            person = ctx.person_without_role(p.span.start)
        if person is not None:
            return r.person(person)
    if plural and not p.counted and lex.ends_with(head_low, lex.generic_groups):
        # "die Anwohner", "Besucher": a group; "die beiden Täter", "zwei Passanten": individuals
        return r.as_kind("unspecified", True)
    return r.as_kind("anonymous", True)


def _authority(clf: Classifier, r: Reading, ctx: Context | None) -> Mention | None:
    lex, p = clf.lexicon, r.phrase
    head_low = p.head_low
    if lex.ends_with(head_low, lex.generic_media) and not p.head.text[:1].islower():
        return r.as_kind("unspecified", True)
    if lex.authority_body(head_low) is not None:
        # "den Polizeibehörden in Mombasa", like "Polizeiangaben": the body the compound names
        return r.as_kind("organization", False)
    if r.plural and head_low not in lex.authority_nouns and lex.ends_with(head_low, lex.authority_nouns) \
            and _of_place(lex, p.affiliation_words, ctx):
        # "die Gesundheitsbehörden in Gaza": the authorities of one field in one place are one specific
        # body, as "laut Polizei" is; "die kenianischen Behörden", "die Gesundheitsbehörden" are not
        return r.as_kind("organization", False)
    if head_low in lex.authority_nouns or (lex.ends_with(head_low, lex.authority_nouns) and r.plural):
        return r.as_kind("unspecified", True)
    if lex.ends_with(head_low, lex.law_nouns) and not lex.ends_with(head_low, lex.document_nouns):
        return r.as_kind("organization", False)
    return None


def _of_place(lex: Lexicon, affiliation: list[Word], ctx: Context | None) -> bool:
    """The affiliation names a place ("in Gaza", "der Stadt Mombasa", "von Kenia")."""
    if not affiliation or affiliation[0].text.lower() not in ("in", "im", "der", "des", "von", "vom", "aus"):
        return False
    if any(lex.is_place(w.text) for w in affiliation[1:]):
        return True
    entity = ctx.entity_at(affiliation[0].start, affiliation[-1].end) if ctx is not None else None
    return entity is not None and entity[2] == "place"


def _document(clf: Classifier, r: Reading, ctx: Context | None) -> Mention | None:
    lex, p = clf.lexicon, r.phrase
    head_low, definite = p.head_low, p.definite
    if not (lex.ends_with(head_low, lex.document_nouns) or lex.ends_with(head_low, lex.unspecified_nouns)):
        return None
    if head_low not in lex.document_nouns | lex.unspecified_nouns and not p.affiliation_words:
        # "Augenzeugenberichten", "Polizeiberichten": the first part of the compound speaks
        compound = compound_wrapper(lex, p.span, [p.head])
        if compound.kind != "unspecified" or compound.name != lex.strip_articles(p.span.text):
            return replace(compound, definite=definite)
    issuer = issuer_of(clf, p.affiliation_words, ctx) or _compound_issuer(lex, p.head)
    if issuer is not None:
        return replace(issuer, span=p.span, head=head_low, definite=definite)
    if definite and lex.ends_with(head_low, lex.document_nouns):
        # "der Bericht", "die Studie": points back; the resolver links it
        return r.as_kind("unspecified", True, definite=True, pronoun="document")
    if p.indefinite and lex.ends_with(head_low, lex.statement_nouns):
        # "Die Regierung entschuldigte sich. In einer Erklärung hieß es …": a statement is always
        # someone's, here of whom the sentence before spoke about
        return r.as_kind("unspecified", True, definite=False, pronoun="statement")
    return r.as_kind("unspecified", True)


def _body(clf: Classifier, r: Reading, ctx: Context | None) -> Mention | None:
    lex, p = clf.lexicon, r.phrase
    head, head_low, definite = p.head, p.head_low, p.definite
    if p.first_lower in lex.vague_quantifiers:
        # "verschiedene Länderparlamente", "einige Politiker": no one in particular
        return r.as_kind("unspecified", True, definite=False)
    if lex.is_org_word(head_low) and r.plural and head.text.lower() != head.lemma.lower() \
            and not (definite or p.indefinite) and not p.affiliation_words:
        # "Schwulenfeindliche Gruppen", "Hilfsorganisationen": bodies of no one in particular
        return r.as_kind("unspecified", True)
    if lex.is_org_word(head_low) or head_low in lex.places:
        if ctx is not None and definite:
            known = ctx.organization_with_noun(head_low, p.span.start)
            if known is not None and known[2] != "outlet":
                return Mention(p.span, known[1], "organization", False, r.descriptor, p.affiliation, True,
                               entity=known[0], head=head_low)
        # "Eine ultranationalistische Organisation feierte": a body the article never identifies
        unidentified = p.indefinite and not r.plural and not p.affiliation_words and head_low not in lex.places \
            and (ctx is None or ctx.entity_at(p.span.start, p.span.end) is None)
        return Mention(p.span, lex.strip_articles(p.text), "organization", unidentified, None, None, definite,
                       head=head_low)
    return None


def _surname(clf: Classifier, r: Reading, ctx: Context | None) -> Mention | None:
    lex, p = clf.lexicon, r.phrase
    head, tokens = p.head, p.tokens
    bare = len(tokens) == 1 and head.text[:1].isupper() and not p.definite and not p.indefinite
    if bare and ctx is not None:
        # a bare capitalised word the tagger took for a noun ("Berninger sagte"): the surname of a
        # person the article names
        person = ctx.person_by_surname(head.text)
        if person is not None:
            return Mention(p.span, person[1], "person", False, entity=person[0], head=p.head_low)
    if bare and not r.plural and head.text == head.lemma and len(head.text) > 2 and head.upos in ("PROPN", "NOUN", "X"):
        # a bare capitalised word no list knows, speaking on its own: most often a surname
        return Mention(p.span, head.text, "person", False, head=p.head_low, guessed=True)
    if ctx is not None and head is tokens[-1] and head.text[:1].isupper() and not r.plural \
            and not lex.is_common(head.text) and len(head.text) > 2:
        # "der 84-jährige Küng": a surname the tagger took for a common noun, after adjectives
        person = ctx.person_by_surname(head.text)
        if person is not None:
            return Mention(p.span, person[1], "person", False, entity=person[0], head=p.head_low)
    return None


def _individual(clf: Classifier, r: Reading, ctx: Context | None) -> Mention | None:
    lex, p = clf.lexicon, r.phrase
    head, head_part, plural = p.head, p.head_part, r.plural
    # "die beiden Sängerinnen": counted, definite people are individuals the article named, not a group
    epithet = _epithet(lex, p.span, head, head_part, p.definite and (not plural or p.counted), ctx)
    if epithet is not None:
        return replace(epithet, descriptor=r.descriptor, affiliation=p.affiliation)
    form_gender = lex.person_noun_form(head.text)
    if p.indefinite and not plural and head.upos == "NOUN" and head is head_part[-1] \
            and form_gender is not None and form_gender == head.feat("Gender"):
        # "ein islamistischer Prediger", "eine Aktivistin": a person noun by its form no list knows, with an
        # indefinite article, is an unidentified individual (as "ein Wissenschaftler")
        return r.as_kind("anonymous", True)
    if p.indefinite and not plural and head.upos == "NOUN" and head is head_part[-1] and _nominalised(head) \
            and (not p.affiliation_words or p.affiliation_words[0].text.lower() in lex.indefinite):
        # "nach Aussagen eines Anderen", "eines Beteiligten": an adjective used as a noun with an
        # indefinite article is one person the article does not identify (of no body it names)
        article = next((w for w in head_part if w.upos == "DET"), None)
        descriptor = head.lemma if head.lemma.endswith(_WEAK_NOUN_ENDINGS) else \
            head.lemma + ("e" if article is not None and article.feat("Gender") == "Fem" else "er")
        return replace(r.as_kind("anonymous", True), name=descriptor, descriptor=descriptor)
    if plural and p.definite and p.affiliation_words and head.upos == "NOUN" and form_gender is None:
        issuer = issuer_of(clf, p.affiliation_words, ctx)
        if issuer is not None and issuer.entity is not None and issuer.kind in ("organization", "outlet"):
            # "die so genannten Gelbhemden der PAD": a definite group no list knows, of a body the
            # article names, speaks for that body (as "die Demonstranten der UDD"); a person noun
            # by its form ("die Kämpfer der X") names individuals of it
            return replace(issuer, span=p.span, descriptor=r.descriptor, head=p.head_low)
    return None


# nouns of the weak declension lose "-en" as an adjective does ("eines Praktikanten"), but their nominative is the stem
_WEAK_NOUN_ENDINGS = ("ant", "ent", "ist", "oge", "at", "it")


def _nominalised(head: Word) -> bool:
    """An adjective used as a noun in a weak or mixed ending ("Anderen", "Beteiligten"): the tagger's lemma is
    the word without its ending, which a noun's lemma in the singular ("Gutachten", "Schreiben") never is."""
    text, lemma = head.text, head.lemma or ""
    return text[:1].isupper() and text.endswith("en") and len(lemma) >= 4 and lemma == text[:-2]


def _rest(clf: Classifier, r: Reading) -> Mention:
    """A head noun no list knows: a capitalised one a body's name, anything else no one in particular."""
    lex, p = clf.lexicon, r.phrase
    if p.definite and r.plural and not p.counted and not p.affiliation_words and p.head.upos == "NOUN" \
            and lex.person_noun_form(p.head.text) is not None and any(w.upos == "ADJ" for w in p.head_part):
        # "Die deutschen Brauer", "die britischen Bäcker": people of a trade no list knows, a class of
        # them by an adjective, are no one in particular ("die Anwohner"), not a body's name; without
        # the adjective ("die Kläger") they may be people the article named
        return r.as_kind("unspecified", True)
    adjectives = [w for w in p.head_part if w.upos == "ADJ" and w.start < p.head.start]
    if p.definite and r.plural and p.head.upos == "NOUN" and not p.affiliation_words and adjectives \
            and all(w.text[:1].islower() for w in adjectives):
        # "den bisherigen Planungen", "den beobachteten Wasserständen": plural things no list knows, described
        # by common adjectives, are no body's name (which capitalises them: "Die Vereinten Nationen")
        return r.as_kind("unspecified", True, guessed=True)
    if p.head.upos == "PROPN" or p.head.text[:1].isupper() and p.definite:
        return Mention(p.span, lex.strip_articles(p.text), "organization", False, None, None, p.definite,
                       head=p.head_low, guessed=True)
    return Mention(p.span, lex.strip_articles(p.text) or p.text, "unspecified", True, definite=p.definite,
                   head=p.head_low, guessed=True)


STEPS: tuple[Step, ...] = (_marked, _group, _role, _private, _authority, _document, _body, _surname, _individual)


def issuer_of(clf: Classifier, affiliation: list[Word], ctx: Context | None) -> Mention | None:
    """Who issued a document or speaks for a group: the affiliation
    classified on its own ("eines Berichts | des UNHCHR")."""
    lex = clf.lexicon
    words = list(affiliation)
    while words and words[0].text.lower() in lex.affiliation_openers | lex.articles:
        words = words[1:]
    if not words:
        return None
    span = Span(words[0].start, words[-1].end, " ".join(w.text for w in words))
    last = words[-1]
    if len(words) > 1 and last.text.endswith("s") and last.text[:1].isupper() \
            and all(w.upos in ("DET", "ADJ") for w in words[:-1]):
        # "eines Berichts des österreichischen Standards": a medium named in the genitive
        hit = lex.outlet(last.text[:-1], strict=False)
        if hit is not None and hit[1].group(0) == last.text[:-1]:
            return Mention(span, hit[0], "outlet", False)
    quoted = _quoted_owner(lex, words, ctx)
    if quoted is not None:
        return replace(quoted, span=span)
    mention = clf.segment(span, words, ctx)
    if mention.kind in ("unspecified",) and mention.entity is None:
        _, cut = head_of(lex, words)
        if mention.guessed and 0 < cut < len(words) and words[cut].text.lower() in ("des", "der"):
            # "der Webseite des Preises der Stadt Kassel": a thing no list knows, of a body named
            # in the genitive, is that body's
            owner = issuer_of(clf, words[cut:], ctx)
            if owner is not None and (owner.entity is not None or owner.kind == "outlet"):
                return owner
        return None
    return mention


def _quoted_owner(lex: Lexicon, words: list[Word], ctx: Context | None) -> Mention | None:
    """"der Meldung auf der Homepage von „con energy“": a name in quotation marks, all of the
    affiliation, is an outlet's or a body's, whatever the tagger made of its words (lower case)."""
    text = getattr(ctx, "text", None) or ""
    start, end = words[0].start, words[-1].end
    if not text or start == 0 or text[start - 1] not in "„»\"" or text[end:end + 1] not in ("“", "”", "«", "\""):
        return None
    name = text[start:end]
    hit = lex.outlet(name, strict=False)
    if hit is not None:
        return Mention(None, hit[0], "outlet", False)
    entity = ctx.entity_at(start, end)
    if entity is not None and entity[2] == "person":
        return None
    return Mention(None, entity[1] if entity else name, "organization", False,
                   entity=entity[0] if entity else None)


def _compound_issuer(lex: Lexicon, head: Word) -> Mention | None:
    """"EU-Dokument", "dpa-Meldung", "HIS-Studie": the name before the hyphen."""
    if "-" not in head.text:
        return None
    prefix = head.text.rsplit("-", 1)[0]
    hit = lex.outlet(prefix, strict=False)
    if hit is not None:
        return Mention(None, hit[0], "outlet", False)
    if prefix[:1].isupper() and (prefix.isupper() or lex.is_org_word(prefix) or prefix.lower() in lex.places) \
            or lex.body_name(prefix) == (0, len(prefix)):  # "ai-Bericht"
        return Mention(None, prefix, "organization", False)
    return None


def _epithet(lex: Lexicon, span: Span, head: Word, head_part: list[Word], individual: bool,
             ctx: Context | None) -> Mention | None:
    """"die Aktivistin", "der Berliner", "die beiden Sängerinnen": a definite person noun no list
    knows, singular or counted, refers back to someone of the article, like a pronoun of its gender
    (:mod:`..coref` resolves it); the person the article names with that noun, if it does; where no
    one is found, an unnamed individual (anonymous)."""
    gender = lex.person_noun_form(head.text)
    if not individual or head.upos != "NOUN" or head is not head_part[-1] or gender is None:
        return None
    counted = any(w.upos == "NUM" or w.text.lower() in ("beiden", "beide") for w in head_part)
    if gender == "Masc" and head_part[0].text.lower() == "die" and not counted:
        return None  # "die Kanadier": a masculine noun after "die" is a plural, a group
    if body_in_apposition(span, ctx):
        return None  # "der Eigentümer, das Medienhaus X": the apposition names whom the noun means
    head_low = head.text.lower()
    person = ctx.person_with_role(head_low, span.start) if ctx is not None else None
    if person is not None:
        return Mention(span, person[1], "person", False, definite=True, entity=person[0], head=head_low)
    return Mention(span, nominative(lex, head_part), "anonymous", True, definite=True, head=head_low,
                   pronoun="epithet")


def body_in_apposition(span: Span, ctx: Context | None) -> bool:
    """A noun phrase with a name stands in apposition right after the span
    (", das … Medienhaus Lensing,", ", unter ihnen die ALA"), not a clause ("…, der Westen sei verloren")."""
    text = getattr(ctx, "text", None) or ""
    found = re.match(r"\s*,\s*(?:der|die|das|ein|eine|unter ihnen|darunter)\b[^,.;:]*", text[span.end:span.end + 120])
    if found is None:
        return False
    return ctx.entity_at(span.end + found.start(), span.end + found.end()) is not None


def _named_body(lex: Lexicon, affiliation: list[Word], head: Word, ctx: Context | None) -> bool:
    """The role holder's body is named: "ein Mitarbeiter der Welthungerhilfe", "ein
    BA-Sachbearbeiter"; not "ein Beamter der Stadtverwaltung", "eines Mitarbeiters einer NGO"."""
    prefix = head.text.rsplit("-", 1)[0] if "-" in head.text else ""
    if prefix[:1].isupper() and (prefix.isupper() or lex.outlet(prefix, strict=False) is not None):
        return True
    body = lex.institution_compound(head.text) or lex.implied_body(head.text)
    text = getattr(ctx, "text", None) or ""
    if body is not None and re.search(r"\b(?:" + re.escape(body.capitalize()) + r"|[A-ZÄÖÜ]\w*" + re.escape(body)
                                      + r")(?:s|es)?\b", text):
        # "Die Polizei sucht Zeugen … ein Polizeibeamter", "Die Feuerwehr … einer der Feuerwehrmänner",
        # "ein Vertreter des Wissenschaftsministeriums … ein Ministeriumsvertreter": the compound names a
        # body the article names, also by a compound of its own; not "ein Ministeriumsbeamter" of no
        # ministry named; a rank implies its body ("ein Hauptkommissar" of the police)
        return True
    if ctx is not None and not affiliation and _body_introduced_with(lex, head, ctx) is not None:
        # "Wissenschaftler des Medizinischen Zentrums X … sagte ein Wissenschaftler": one of them
        return True
    if not affiliation or affiliation[0].text.lower() in ("eines", "einer", "einem"):
        return False
    if ctx is None or any(lex.ends_with(w.text.lower(), lex.anonymous_nouns) for w in affiliation):
        return False  # "eines Mitarbeiters des Roten Kreuzes sowie anderer Augenzeugen"
    entity = ctx.entity_at(affiliation[0].start, affiliation[-1].end)
    if entity is not None:
        return entity[2] in ("organization", "outlet")
    nouns = [w for w in affiliation if w.upos in ("NOUN", "PROPN")]
    return bool(nouns) and not lex.is_org_word(nouns[0].text.lower()) \
        and ctx.organization_ending_with(nouns[0].text) is not None


# a body named by capitalised words, the last its noun: "Kopenhagener Botanik-Institut"
_NAMED_BODY = re.compile(r"[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*){1,3}")

# endings of a practitioner noun after its field: "Meteorolog|en", "Forsch|er", "Mediziner" → "Medizin"
_PRACTITIONER = re.compile(r"(?:innen|in|ern|er|en|e)$")


def _body_of_field(lex: Lexicon, noun: str, span: Span, ctx: Context, window: int = 2000) -> str | None:
    """The body for the field of the practitioners ``noun`` names that the article named last in the
    ``window`` characters before ``span``: "die Behörde für Meteorologie", "das Seismologische Institut"
    for "die Meteorologen", "die Seismologen"; None where it names none, or too little of the noun is
    left to tell a field."""
    stem = _PRACTITIONER.sub("", noun)
    text = getattr(ctx, "text", None) or ""
    if len(stem) < 6 or not text:
        return None
    low = max(0, span.start - window)
    field = re.escape(stem) + r"\w*"
    pattern = re.compile(rf"\b(\w+)\s+(?:für|der|des)\s+({field})|\b({field})\s+(\w+)", re.IGNORECASE)
    for found in reversed(list(pattern.finditer(text, low, span.start))):
        body, named = (found.group(1), found.group(2)) if found.group(1) else (found.group(4), found.group(3))
        # a noun of a body and the field's word, a noun ("Meteorologie") or an adjective of a name
        # ("Seismologische"), both capitalised
        if body[:1].isupper() and named[:1].isupper() and lex.is_org_word(body.lower()):
            return found.group(0)
    return None


def _body_introduced_with(lex: Lexicon, head: Word, ctx: Context) -> tuple[str | None, str] | None:
    """(id, name) of the body the article named first with the role noun ``head``, also as the last
    part of a compound: "Wissenschaftler des Zentrums X", "Klimaforscher der Universität X",
    "Forscher aus dem Institut X" (where they work)."""
    text = getattr(ctx, "text", None) or ""
    forms = sorted(Lexicon.case_forms(head.text), key=len, reverse=True)
    pattern = re.compile(r"(?:\b|(?<=\w))(?:" + "|".join(re.escape(f) for f in forms)
                         + r")n?\s+(?:des|der|vom|von|aus\s+de[mr])\s+", re.IGNORECASE)
    for found in pattern.finditer(text, 0, head.start):
        entity = ctx.entity_at(found.end(), min(found.end() + 80, head.start))
        if entity is not None and entity[2] in ("organization", "outlet") \
                and entity[1].split()[0] in text[found.end():found.end() + 80]:
            return entity[0], entity[1]
        named = _NAMED_BODY.match(text, found.end())
        if named is not None and lex.is_org_word(named.group(0).rsplit(None, 1)[-1].lower()):
            # "aus dem Kopenhagener Botanik-Institut": a body named by its place, which no entity recogniser knows
            return None, named.group(0)
    return None


def _team_leader(lex: Lexicon, span: Span, ctx: Context, window: int = 1500) -> tuple[str, str] | None:
    """(id, name) of the person whose team ("das Team um Anna Roth", "die Gruppe um
    Karl Brenner") the article named last in the ``window`` characters before ``span``."""
    text = getattr(ctx, "text", None) or ""
    low = max(0, span.start - window)
    for found in reversed(list(_TEAM_OF.finditer(text, low, span.start))):
        if not lex.is_org_word(found.group(1)):
            continue
        after = found.end()
        person = ctx.entity_at(after, min(after + 60, span.start))
        if person is not None and person[2] == "person" and person[1].split()[-1] in text[after:after + 60]:
            return person[0], person[1]
        return None
    return None
