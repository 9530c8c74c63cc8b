"""Speech events that state no claim (the debate family ``speech_events``).

The SpkAtt-2023 annotation counts every speech, thought and writing event of a
speech, with or without a message: "Ihr Antrag", "die Debatte", "Wir
diskutieren heute über die Rente", "Ich danke Ihnen". An attribution needs a
claim, so these are kept apart, as :class:`EventFinding` (in the result a
:class:`~provenance.records.SpeechEvent`). The families of the ``events``
stage of ``configs/pipeline.yaml`` run once the attributions are final (rules
and learned layer): a cue word an attribution holds is never an event too.

``speech_events``: a noun of ``event_nouns`` (by lemma, or a compound ending
in one of ``event_compound_heads``: "Beweisantrag") or a verb of
``event_verbs`` (with its separated particle and its reflexive: "sich …
geäußert") is the cue; a support verb joins its noun's cue ("eine Frage
stellen", "ich erteile das Wort"), a framing preposition a thought noun's
("aus meiner Sicht"). Its source is the verb's subject, or the noun's
possessive ("Ihr Antrag"), genitive name ("der Antrag der Grünen"), "von"
phrase or support verb's subject; its topic a phrase opened by one of
``topic_prepositions`` ("über die Rente", "zur Änderung des Gesetzes"), the
verb's object or the clause it governs ("diskutieren, wie …"); its addressee
the verb's indirect object or a phrase opened by one of
``addressee_prepositions`` ("Glückwunsch an die NATO"). Word lists:
``configs/debate.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from provenance.config import Config
from provenance.records import Cue, Medium, ParsedDocument, Sentence, Span, Word
from provenance.rules.context import Finding, RuleContext
from provenance.rules.debate_claims import lemma_fixes, per_debate
from provenance.rules.noun_phrases import phrase_of
from provenance.rules.registry import register, registered
from provenance.rules.spans import span_of, subtree, trim


@dataclass(frozen=True, slots=True)
class EventFinding:
    """A speech event before its source is resolved to a :class:`~provenance.records.Source`."""

    rule: str
    medium: Medium | None
    cue: Cue
    source: Span | None
    addressee: Span | None
    topic: Span | None
    confidence: float
    evidence: str
    sentence: int = 0


def find_events(doc: ParsedDocument, findings: Sequence[Finding], config: Config) -> list[EventFinding]:
    """The speech events of ``doc`` that none of ``findings`` (the final
    attributions) holds, by the families of the ``events`` stage."""
    names = config.pipeline.events
    if not names:
        return []
    families = registered()
    rules = RuleContext(config, doc)
    rules.findings.extend(findings)
    for name in names:
        families[name].run(rules)
    return sorted(rules.events, key=lambda e: e.cue.spans[0].start)


def _held(spans) -> set[int]:
    """The character offsets cue spans cover: a word overlaps a cue exactly when
    one of its characters is among them (a set, so each word is one lookup)."""
    return {i for s in spans for i in range(s.start, s.end)}


def _lexicon_entry(word: Word, sentence: Sentence, words: _EventWords) -> tuple[bool, Medium | None, str] | None:
    """(is a verb, medium, the lexicon word) when ``word`` cues an event."""
    lemma = word.lemma.lower()
    lemma = words.lemma_fixes.get(lemma, lemma)
    # the small lemmatiser at times keeps a plural -e ("Antrage"); the word list has the base form
    forms = (lemma, lemma[:-1]) if lemma.endswith("e") else (lemma,)
    if word.upos in ("NOUN", "PROPN"):
        for form in forms:
            if form in words.nouns:
                return False, words.nouns[form], form
            head = next((h for h in words.compound_heads if form.endswith(h) and len(form) > len(h) + 2), None)
            if head is not None:
                return False, words.nouns.get(head), head
        return None
    main = word.upos == "VERB" or (word.upos == "AUX" and word.deprel not in ("aux", "aux:pass", "cop"))
    if not main:
        return None
    particles = [c.text.lower() for c in sentence.children(word.index) if c.deprel == "compound:prt"]
    for form in [p + lemma for p in particles] + [lemma]:
        if form in words.verbs:
            return True, words.verbs[form], form
    return None


@dataclass(frozen=True, slots=True)
class _EventWords:
    """The word lists of debate.yaml the family reads, lower case."""

    nouns: dict[str, Medium | None]
    verbs: dict[str, Medium | None]
    compound_heads: tuple[str, ...]
    topics: frozenset[str]
    addressed: frozenset[str]
    possessives: frozenset[str]
    subjects: frozenset[str]
    addressee_objects: frozenset[str]
    dative_topics: frozenset[str]
    message_objects: frozenset[str]
    correlates: frozenset[str]
    support_verbs: frozenset[str]
    framing: frozenset[str]
    lemma_fixes: dict[str, str]


def _event_words(debate) -> _EventWords:
    def lower(words) -> frozenset[str]:
        return frozenset(w.lower() for w in words)

    return _EventWords(
        nouns={n.lower(): m for n, m in debate.event_nouns.items()},
        verbs={v.lower(): m for v, m in debate.event_verbs.items()},
        compound_heads=tuple(h.lower() for h in debate.event_compound_heads),
        topics=lower(debate.topic_prepositions),
        addressed=lower(debate.addressee_prepositions), possessives=lower(debate.possessives),
        subjects=lower(debate.event_subjects), addressee_objects=lower(debate.addressee_object_verbs),
        dative_topics=lower(debate.dative_topic_verbs), message_objects=lower(debate.object_message_verbs),
        correlates=lower(debate.correlates), support_verbs=lower(debate.support_verbs),
        framing=lower(debate.framing_prepositions),
        lemma_fixes=lemma_fixes(debate))


def _phrase(rules: RuleContext, sentence: Sentence, head: Word) -> Span | None:
    return trim(rules.text, span_of(rules.text, (sentence.word(i) for i in sorted(subtree(sentence, head.index)))))


def _case(sentence: Sentence, word: Word) -> str | None:
    case = [c for c in sentence.children(word.index) if c.deprel == "case"]
    return case[0].text.lower() if case else None


def _names_someone(word: Word) -> bool:
    """A name, or a word the entity tagger marks: a holder, not a topic ("der Antrag der Grünen")."""
    return word.upos == "PROPN" or word.ner != "O"


def _same_person(pronoun: Word, verb: Word) -> bool:
    """"Wir beschäftigen uns": a personal pronoun object in the verb's own person and number is its reflexive."""
    return (pronoun.upos == "PRON" and pronoun.feat("PronType") == "Prs" and pronoun.feat("Person") is not None
            and pronoun.feat("Person") == verb.feat("Person") and pronoun.feat("Number") == verb.feat("Number"))


@dataclass(slots=True)
class _Roles:
    cue: list[Word]
    source: Span | None = None
    addressee: Span | None = None
    topic: Span | None = None


def _subject(sentence: Sentence, verb: Word, words: _EventWords) -> Word | None:
    """The verb's subject; where the parser made an adverb or a demonstrative of it
    ("Deswegen sage ich", "Das wissen Sie"), the personal pronoun beside it."""
    children = sentence.children(verb.index)
    subject = next((c for c in children if c.deprel == "nsubj"), None)
    if subject is not None and subject.upos in ("NOUN", "PROPN") or subject is not None and (
            subject.upos == "PRON" and subject.feat("PronType") == "Prs"):
        return subject
    personal = next((c for c in children if c.text.lower() in words.subjects and c.feat("Case") in (None, "Nom")
                     and c.deprel in ("nsubj", "obj", "expl", "obl", "advmod")), None)
    return personal or subject


def _shared_subject(sentence: Sentence, verb: Word, words: _EventWords) -> Word | None:
    """The subject a verb without one shares: of the verb it is coordinated with ("wir setzen uns ein und
    drängen …"), or of the verb whose zu-infinitive it is ("Die Regierung schweigt, um sich nicht zu
    rechtfertigen")."""
    if not verb.head:
        return None
    head = sentence.word(verb.head)
    children = sentence.children(verb.index)
    infinitive = verb.deprel in ("xcomp", "advcl") and any(c.text.lower() in ("zu", "um") for c in children)
    if head.upos not in ("VERB", "AUX") or not (verb.deprel == "conj" or infinitive):
        return None
    subject = _subject(sentence, head, words)
    return subject if subject is not None and subject.start < verb.start else None


def _verb_roles(rules: RuleContext, sentence: Sentence, verb: Word, listed: str, words: _EventWords) -> _Roles:
    children = sentence.children(verb.index)
    roles = _Roles([verb])
    roles.cue += [c for c in children if c.deprel == "compound:prt" or c.deprel in ("obj", "expl", "expl:pv", "iobj")
                  and (c.feat("Reflex") == "Yes" or _same_person(c, verb))]
    reflexive = len(roles.cue) > 1 + sum(c.deprel == "compound:prt" for c in children)
    subject = _subject(sentence, verb, words) or _shared_subject(sentence, verb, words)
    if subject is not None:
        roles.source = _phrase(rules, sentence, subject)
    for c in children:
        if c in roles.cue or c is subject:
            continue
        case = _case(sentence, c)
        personal = c.upos == "PRON" and c.feat("PronType") == "Prs"
        if roles.addressee is None and (
                c.deprel == "iobj"
                # "Ich danke Ihnen": a dative object is whom the event addresses ("zustimmen": what)
                or c.deprel == "obj" and c.feat("Case") == "Dat" and listed not in words.dative_topics
                # "informiert die Menschen", "hat Sie angesprochen": the object is whom it addresses
                or c.deprel == "obj" and (listed in words.addressee_objects or personal)
                # "Glückwunsch an …", "sprechen mit …" (but "sich beschäftigen mit …": what about)
                or c.deprel == "obl" and case in words.addressed and not (reflexive and case == "mit")):
            roles.addressee = _phrase(rules, sentence, c)
        elif roles.topic is None and (
                c.deprel == "obl" and case in words.topics
                or c.deprel in ("obj", "nsubj:pass") and listed not in words.message_objects
                or c.deprel == "ccomp"
                or c.deprel == "advmod" and c.text.lower() in words.correlates):
            roles.topic = _phrase(rules, sentence, c)
    return roles


def _noun_roles(rules: RuleContext, sentence: Sentence, noun: Word, listed: str, words: _EventWords) -> _Roles:
    roles = _Roles([noun])
    for c in sentence.children(noun.index):
        case = _case(sentence, c)
        if roles.source is None and c.start < noun.start and (c.deprel == "det:poss" or c.text.lower() in words.possessives):
            roles.source = Span.of(rules.text, c.start, c.end)  # "Ihr Antrag"
        elif c.start > noun.start and c.deprel == "nmod":
            genitive = case is None and c.feat("Case") == "Gen"
            if roles.source is None and (genitive and _names_someone(c) or case in ("von", "vom", "aus")):
                roles.source = phrase_of(rules, sentence, c)  # "der Antrag der Grünen", "die Frage aus der AfD"
            elif roles.addressee is None and case in words.addressed:
                roles.addressee = _phrase(rules, sentence, c)
            elif roles.topic is None and (case in words.topics or genitive):
                roles.topic = _phrase(rules, sentence, c)  # "die Begründung des Gesetzentwurfs"
    # "Wir führen die Debatte", "Ich erteile dem Kollegen das Wort": the event is the object of a
    # support verb, whose subject holds it and whose dative is addressed
    verb = sentence.word(noun.head) if noun.head else None
    if verb is not None and noun.deprel in ("obj", "nsubj:pass") and verb.lemma.lower() in words.support_verbs:
        # "eine Frage stellen", "die Debatte geführt", "ich erteile das Wort": one event, the verb in its cue
        roles.cue += [verb] + [c for c in sentence.children(verb.index) if c.deprel == "compound:prt"
                               or c.deprel in ("obj", "expl", "expl:pv") and c.feat("Reflex") == "Yes"]
    if any(c.deprel == "case" and c.text.lower() in words.framing and c.start < noun.start
           for c in sentence.children(noun.index)) and words.nouns.get(listed) == "thought":
        # "aus meiner Sicht", "aus Sicht der Regierung": the preposition frames the view
        roles.cue += [c for c in sentence.children(noun.index) if c.deprel == "case" and c.text.lower() in words.framing]
    if verb is not None and noun.deprel == "obj" and verb.upos in ("VERB", "AUX") and (
            verb.lemma.lower() not in words.verbs or verb in roles.cue):
        if roles.source is None:
            subject = _subject(sentence, verb, words)
            if subject is not None and subject is not noun:
                roles.source = _phrase(rules, sentence, subject)
        if roles.addressee is None:
            dative = next((c for c in sentence.children(verb.index) if c.deprel in ("iobj", "obj") and c is not noun
                           and c.feat("Case") == "Dat"), None)
            if dative is not None:
                roles.addressee = _phrase(rules, sentence, dative)
    return roles


@register("speech_events", per="events")
def speech_events(rules: RuleContext) -> None:
    debate = rules.config.debate
    if debate is None:
        return
    words = per_debate(debate, "speech_events", _event_words)
    held = _held(s for f in rules.findings if f.cue for s in f.cue.spans)
    for sentence in rules.doc.sentences:
        # nouns first: a support verb ("ich erteile das Wort") joins its noun's event
        for word in sorted(sentence.words, key=lambda w: w.upos not in ("NOUN", "PROPN")):
            entry = _lexicon_entry(word, sentence, words)
            if entry is None:
                continue
            is_verb, medium, listed = entry
            here = Span.of(rules.text, word.start, word.end)
            if any(i in held for i in range(here.start, here.end)):
                continue
            roles = (_verb_roles(rules, sentence, word, listed, words) if is_verb
                     else _noun_roles(rules, sentence, word, listed, words))
            source = roles.source if roles.source is None or not roles.source.overlaps(here) else None
            spans = tuple(Span.of(rules.text, w.start, w.end) for w in sorted(roles.cue, key=lambda w: w.start))
            found = [f"'{word.text}' ({'verb' if is_verb else 'noun'} '{listed}') marks a speech event"]
            found += [f"{role} '{span.text}'" for role, span in (("source", source), ("addressee", roles.addressee),
                                                                   ("topic", roles.topic)) if span is not None]
            held |= _held(spans)
            rules.events.append(EventFinding(
                rule="debate.speech_event", medium=medium, cue=Cue(" ".join(s.text for s in spans), spans),
                source=source, addressee=roles.addressee, topic=roles.topic,
                confidence=round(debate.confidence * (1.0 if source else rules.confidence.verb_without_source), 2),
                evidence="; ".join(found), sentence=sentence.index))
