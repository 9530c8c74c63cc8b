"""Quotations no sentence family claimed, once the whole document is read:
one after an attribution is its source's, one inside an indirect claim is a
direct quotation of that claim's source."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import replace

from provenance.records import Sentence, Span, Word
from provenance.rules.clauses import is_konjunktiv
from provenance.rules.context import Finding, RuleContext
from provenance.rules.noun_phrases import (
    has_object_article,
    own_words_speaker,
    phrase_of,
)
from provenance.rules.registry import register
from provenance.rules.verb_speakers import is_fronted_object
from provenance.rules.words import QUOTE_CHARS


def _sentence_at(rules: RuleContext, offset: int):
    """The first sentence that holds ``offset`` (or ends just before it),
    found by bisection: sentences are in order and do not overlap, so only the
    last one starting at or before ``offset`` and the one before it can."""
    sentences = rules.doc.sentences
    k = bisect.bisect_right(rules.sentence_starts, offset) - 1
    return next((s for s in sentences[max(0, k - 1):k + 1] if s.start <= offset < s.end + 1), None)


def _spoken_by(rules: RuleContext, rule: str, speaker: Span, quote: Span, sentence: Sentence, evidence: str) -> None:
    """A quotation without a cue, spoken by ``speaker``."""
    rules.add(Finding(rule=rule, form="direct", medium="speech", cue=None, source=speaker, claim=quote,
                      confidence=rules.confidence.quote_adjacent, sentence=sentence.index, evidence=evidence))


@register("direct_quotes", per="document")
def direct_quotes(rules: RuleContext) -> None:
    """Quotations no rule has claimed: the speaker is the last source named
    in this or one of the ``windows.quote_reach`` sentences before. A title
    („Star Trek Strange New Worlds“, see :func:`is_name`) is no one's words."""
    for quote in rules.quotes:
        if rules.covered(quote) or len(quote.text.split()) < rules.windows.min_adjacent_quote_words or is_name(quote):
            continue
        sentence = _sentence_at(rules, quote.start)
        if sentence is None:
            continue
        speaker = clause_subject(rules, sentence, quote)
        if speaker is not None:
            _spoken_by(rules, "quote.clause-subject", speaker, quote, sentence,
                       f"the quotation stands in the clause of '{speaker.text}'")
            continue
        previous = [k for k, f in enumerate(rules.findings)
                    if f.relayed_by is None and 0 <= sentence.index - f.sentence <= rules.windows.quote_reach
                    and f.claim.end <= quote.start]
        if not previous:
            speaker = subject_before(rules, sentence, quote)
            if speaker is not None:
                _spoken_by(rules, "quote.previous-subject", speaker, quote, sentence,
                           f"the quotation follows a sentence about '{speaker.text}'")
            continue
        speaker = own_subject(rules, sentence, quote)
        if speaker is not None:
            _spoken_by(rules, "quote.own-subject", speaker, quote, sentence,
                       f"the quotation stands in a statement about '{speaker.text}', not in reported speech")
            continue
        if is_title(rules, sentence, quote):
            continue  # a title or a name, no one's words
        before = rules.findings[previous[-1]]
        source = own_words_speaker(rules, rules.doc.sentences[before.sentence], before.source) or before.source
        rules.add(Finding(
            rule="quote.adjacent", form="direct", medium="speech", cue=None,
            source=source, claim=quote,
            confidence=rules.confidence.quote_adjacent, sentence=sentence.index, inherits_from=previous[-1],
            evidence="quotation follows an attribution to the same source",
        ))


def clause_subject(rules: RuleContext, sentence: Sentence, quote: Span) -> Span | None:
    """"Die Firma empfindet die Kritik als ungerechtfertigt: „…“", "Die
    Bewohner sehen alles gelassen: „…“": a quotation no speech verb claimed,
    behind a colon, is spoken by the subject of the clause before it; the verb's subject outside every quotation, nearest up
    the parse from the quotation's first word."""
    inside = [w for w in sentence.words if quote.start <= w.start < quote.end]
    # only behind a colon: a quotation inside the clause ("hält X für „…“") is often
    # someone else's words the subject takes up
    if not inside or not rules.text[:quote.start].rstrip().endswith(":"):
        return None
    for head in _verbs_above(sentence, quote, inside[0]):
        subject = _subject_of(rules, sentence, head)
        if subject is not None:
            return _speaker_phrase(rules, sentence, subject)
    return None


def _subject_of(rules: RuleContext, sentence: Sentence, verb: Word) -> Word | None:
    """Who speaks as the subject of ``verb``: of the words the parse makes its
    subject (outside quotations, no sentence adverb, none in an object case,
    no phrase before the verb that its case shows to be the fronted object),
    a nominative pronoun, which shows its case, before a noun the parser took
    for a second subject ("Das Angebot lehnt er ab: „…“"), else the first."""
    subjects = [c for c in sentence.children(verb.index) if c.deprel == "nsubj"
                and c.text.lower() not in rules.cues.never_subjects
                and not has_object_article(sentence, c) and not rules.in_quotation(c.start)]
    subjects = [c for c in subjects if not is_fronted_object(sentence, verb, c)]
    return next((c for c in subjects if c.upos == "PRON" and c.feat("Case") == "Nom"), subjects[0] if subjects else None)


def _verbs_above(sentence: Sentence, quote: Span, word: Word) -> Iterator[Word]:
    """The verbs outside ``quote`` up the parse from ``word``, nearest first."""
    seen = set()
    while word.head and word.index not in seen:
        seen.add(word.index)
        head = sentence.word(word.head)
        if not quote.start <= head.start < quote.end and head.upos in ("VERB", "AUX"):
            yield head
        word = head


def own_subject(rules: RuleContext, sentence: Sentence, quote: Span) -> Span | None:
    """"Das Auswärtige Amt empfiehlt allen Reisenden einen „konsequenten
    Mückenschutz“": a quotation inside a sentence of its own, whose clause
    states in the indicative what its subject does, is that subject's, not
    the previous speaker's. A Konjunktiv clause ("Außerdem halte die Fraktion
    den Schritt für „überfällig“") goes on with the reported speech before."""
    if not any(w.end <= quote.start and w.upos not in ("PUNCT",) and not rules.in_quotation(w.start)
               for w in sentence.words):
        return None  # a quotation that opens its sentence: the speaker is named elsewhere
    inside = [w for w in sentence.words if quote.start <= w.start < quote.end]
    if not inside:
        return None
    head = next(_verbs_above(sentence, quote, inside[0]), None)
    if head is None:
        return None
    verbs = [head] + [c for c in sentence.children(head.index) if c.deprel in ("aux", "aux:pass", "cop")]
    if any(v.deprel == "cop" or v.lemma in ("sein", "werden") for v in verbs):
        return None  # "Die Themen sind „…“", "Der Name wird „…“ lauten": a description, not words said
    finite = [v for v in verbs if v.feat("VerbForm") == "Fin" or v.feat("Mood") is not None]
    if not finite or any(v.feat("Mood") != "Ind" or is_konjunktiv(v, sentence) or v.lemma == "sollen"
                         for v in finite):
        return None
    subject = next((c for c in sentence.children(head.index) if c.deprel == "nsubj"
                    and c.upos in ("NOUN", "PROPN", "PRON")
                    and c.text.lower() not in rules.cues.never_subjects and c.text.lower() != "es"
                    and not has_object_article(sentence, c)
                    and not rules.in_quotation(c.start)), None)
    return None if subject is None else _speaker_phrase(rules, sentence, subject)


def subject_before(rules: RuleContext, sentence: Sentence, quote: Span) -> Span | None:
    """"Die Gewerkschaft verurteilte die Entscheidung. „Das ist ein schwarzer
    Tag.“": a quotation that opens its sentence, with no speaker named before
    it, is spoken by the subject of the sentence before, in the same paragraph."""
    if sentence.index == 0 or quote.start > sentence.start + 1:
        return None
    before = rules.doc.sentences[sentence.index - 1]
    if "\n" in rules.text[before.end:quote.start]:
        return None
    root = next((w for w in before.words if w.deprel == "root" and w.upos in ("VERB", "AUX")), None)
    if root is None or rules.in_quotation(root.start):
        return None
    subject = next((c for c in before.children(root.index) if c.deprel == "nsubj" and c.upos in ("NOUN", "PROPN")
                    and c.text.lower() not in rules.cues.never_subjects and not has_object_article(before, c)), None)
    return None if subject is None else _speaker_phrase(rules, before, subject)


def _speaker_phrase(rules: RuleContext, sentence: Sentence, subject: Word) -> Span | None:
    """The noun phrase of ``subject`` as a quotation's speaker; None where a
    quotation holds part of it (quoted words are no one's name)."""
    source = phrase_of(rules, sentence, subject)
    return None if any(q.overlaps(source) for q in rules.quotes_near(source)) else source


@register("nested_quotes", per="document")
def nested_quotes(rules: RuleContext) -> None:
    """A quotation inside an indirect claim is a direct quotation of the
    same source ("der Pilot trage die „volle Verantwortung“"). Where that
    source relays an origin ("Wie Reuters unter Berufung auf einen Beamten
    berichtet, …"), the quoted words are the origin's, relayed the same way:
    the nested quotation repeats the claim's chain of relays."""
    findings = list(rules.findings)
    for k, finding in enumerate(findings):
        if finding.form == "direct" or finding.relayed_by is not None:
            continue
        for quote in rules.quotes_starting(finding.claim.start, finding.claim.end):
            if (finding.claim.contains(quote) and quote != finding.claim
                    and len(quote.text.split()) >= rules.windows.min_nested_quote_words
                    and not is_name(quote)):
                nest_quotation(rules, findings, k, quote, relayer=None)


def is_name(quote: Span) -> bool:
    """„Ärzte ohne Grenzen“ is not, „The Nation“, „Grupo Planeta“, „Plan B“
    are: a quotation whose every word is capitalised names a paper, a firm or
    an operation; no one is quoted saying it."""
    words = [w.strip("".join(QUOTE_CHARS) + ".,;:!?()") for w in quote.text.split()]
    words = [w for w in words if w]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def is_title(rules: RuleContext, sentence: Sentence, quote: Span) -> bool:
    """„Gesetz zur Stärkung der Familie“, „Roadmap der Versöhnung“, das Lied
    „Für dich scheint die Sonne“: inside a sentence (not opening it, nor
    behind a colon) a quotation that opens with a capital is a title or a
    name when it holds no verb, or when it stands right behind a noun. Words
    someone said run on lower case in the sentence („vertrauensvollen
    Dialog“) or form a clause of their own."""
    inside = [w for w in sentence.words if quote.start <= w.start and w.end <= quote.end and w.upos != "PUNCT"]
    before = [w for w in sentence.words if w.end <= quote.start]
    if not inside or not before or before[-1].text in (":", ",") or not inside[0].text[:1].isupper():
        return False
    return (not any(w.upos in ("VERB", "AUX") for w in inside)
            or before[-1].upos in ("NOUN", "PROPN"))


def nest_quotation(rules: RuleContext, findings: list[Finding], k: int, quote: Span, relayer: int | None) -> None:
    """The nested quotation of finding ``k``, and of each origin it relays."""
    finding = findings[k]
    nested = rules.add(replace(finding, rule="quote.nested", form="direct", claim=quote,
                               confidence=round(finding.confidence * rules.confidence.quote_nested, 2),
                               inherits_from=k, relayed_by=relayer,
                               evidence=f"quotation inside the claim of {finding.rule}"))
    for j, origin in enumerate(findings):
        if origin.relayed_by == k:
            nest_quotation(rules, findings, j, quote, relayer=nested)
