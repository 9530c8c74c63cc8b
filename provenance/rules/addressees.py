"""Whom a source told: "sagte der Zeitung", "forderte die Anwohner auf",
"gegenüber Reportern"."""

from __future__ import annotations

from provenance.records import Sentence, Span, Word
from provenance.rules.clauses import has_passive_auxiliary
from provenance.rules.context import RuleContext
from provenance.rules.noun_phrases import phrase_after
from provenance.rules.spans import span_of, subtree, trim
from provenance.rules.words import DATIVE_ARTICLES, DATIVE_PRONOUNS, EDGE_PUNCT, QUOTE_CHARS, TIME_NOUNS


# prepositions after a speech verb that name whom it was told when a medium or audience follows
_TOLD_PREPOSITIONS = {"zur", "zum", "zu", "vor"}


def find_addressee(rules: RuleContext, sentence: Sentence, verb: Word, lemma: str, children: list[Word],
               claim: Span) -> Span | None:
    """Whom the source told: a dative object, "gegenüber Y", the object
    of a verb that addresses someone ("forderte die Anwohner auf", "appellierte
    an die Bürger") or its passive subject ("Die Anwohner wurden
    aufgefordert"), or, where the parse missed it, a dative noun phrase
    right after the verb ("sagte der Zeitung „Bild“")."""
    addresses = lemma in rules.cues.addressee_verbs
    passive = has_passive_auxiliary(children)
    for child in children:
        if child.deprel not in ("iobj", "obj", "nsubj", "nsubj:pass", "obl"):
            continue
        if child.text.lower() == "sich":
            continue  # "Key hat sich informiert", "fragen sich Experten": a reflexive tells no one
        prepositions = {c.lemma.lower() for c in sentence.children(child.index) if c.deprel == "case"}
        if (child.deprel == "iobj"
                or (child.deprel == "obj" and (addresses or is_told(rules, sentence, child)))
                # a passive verb that addresses someone: its "subject" is whom it was
                # told ("Die Anwohner wurden aufgefordert", "Ihm wird vorgeworfen")
                or (child.deprel in ("nsubj:pass", "nsubj") and passive and child.text.lower() != "es"
                    and child.upos in ("NOUN", "PROPN", "PRON") and child.text.lower() not in TIME_NOUNS
                    and (addresses or lemma in rules.cues.dative_passive_verbs or is_told(rules, sentence, child)))
                or (child.deprel == "obl" and ("gegenüber" in prepositions
                                               or (addresses and prepositions == {"an"})))):
            phrase = without_preposition(rules, sentence, trim(rules.text, span_of(
                rules.text, (sentence.word(i) for i in subtree(sentence, child.index)))))
            if phrase is not None and not phrase.overlaps(claim) and phrase.text[0] not in QUOTE_CHARS:
                return phrase
    if (interviewer := interview_partner(rules, sentence, claim)) is not None:
        return interviewer
    if (told := told_before_verb(rules, sentence, verb, claim)) is not None:
        return told
    k = verb.token + 1
    tokens = sentence.tokens
    while k < len(tokens) and k <= verb.token + rules.windows.addressee_tokens:
        lowered = tokens[k].text.lower()
        if lowered in DATIVE_ARTICLES or lowered in ("der", "gegenüber"):
            phrase = phrase_after(rules, sentence, k + (lowered == "gegenüber"))
            # "dem"/"einem" after a speech verb is a dative: whom it was told;
            # "der" could be a genitive, so it needs a media noun and no noun
            # before it ("sagte der Zeitung", not "sagte ein Sprecher der Nachrichtenagentur")
            if phrase is not None and not phrase.overlaps(claim) and (
                    lowered != "der" or (dative_der(rules, sentence, k) and names_medium(rules, sentence, phrase))):
                return phrase
        if lowered in _TOLD_PREPOSITIONS and k + 1 < len(tokens):
            # "sagte er zur Nachrichtenagentur dpa", "sagte sie vor Journalisten": a medium or audience
            phrase = phrase_after(rules, sentence, k + 1)
            if phrase is not None and not phrase.overlaps(claim) and names_medium(rules, sentence, phrase):
                return phrase
        words = rules.token_words(sentence, k)
        if tokens[k].text in EDGE_PUNCT or any(w.upos == "ADP" for w in words):
            break  # "sprach von einem …": a prepositional object, not whom it was told
        k += 1
    return None


def interview_partner(rules: RuleContext, sentence: Sentence, claim: Span) -> Span | None:
    """"sagte er in einem Interview mit der Zeitung", "Im Gespräch mit dem
    Sender erklärte sie, …": the named partner or medium of the interview
    was told."""
    tokens = sentence.tokens
    for k in range(1, len(tokens) - 1):
        lowered = tokens[k - 1].text.lower()
        if tokens[k].text.lower() != "mit" or not any(lowered.endswith(n) for n in rules.cues.interview_nouns):
            continue
        phrase = phrase_after(rules, sentence, k + 1)
        if phrase is None or phrase.overlaps(claim) or Span.of(rules.text, tokens[k - 1].start, tokens[k].end).overlaps(claim):
            continue
        # a named partner or a medium ("mit der New York Times", "mit einem Fernsehsender"), not
        # "im Gespräch mit den Betroffenen", where the talk itself is the topic
        if names_medium(rules, sentence, phrase) or any(
                w.upos == "PROPN" for w in sentence.words if phrase.start <= w.start and w.end <= phrase.end):
            return phrase
    return None


def told_before_verb(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span) -> Span | None:
    """"Gegenüber dem Sender äußerte er sich …", "Wie eine Sprecherin
    gegenüber der Zeitung bestätigte": "gegenüber" before the verb, which
    the tagger often calls an adverb and the parser hangs elsewhere. Not
    after an adjective or adverb ("kritisch gegenüber der Regierung": an
    attitude, not whom it was told)."""
    tokens = sentence.tokens
    for k in range(len(tokens) - 1):
        if tokens[k].text.lower() != "gegenüber" or tokens[k].end > verb.start or claim.overlaps(
                Span.of(rules.text, tokens[k].start, tokens[k].end)):
            continue
        if k and {w.upos for w in rules.token_words(sentence, k - 1)} & {"ADJ", "ADV"}:
            continue
        phrase = phrase_after(rules, sentence, k + 1)
        if phrase is not None and not phrase.overlaps(claim) and phrase.end <= verb.start:
            return phrase
    return None


def without_preposition(rules: RuleContext, sentence: Sentence, phrase: Span | None) -> Span | None:
    """Whom it was told is the noun phrase, not "gegenüber" before it
    ("sagte gegenüber | der Presse"): the annotation leaves it out."""
    if phrase is None:
        return None
    tokens = [k for k, t in enumerate(sentence.tokens) if phrase.start <= t.start and t.end <= phrase.end]
    if len(tokens) < 2:
        return phrase
    first = tokens[0]
    if sentence.tokens[first].text.lower() == "gegenüber":
        return trim(rules.text, Span.of(rules.text, sentence.tokens[tokens[1]].start, phrase.end)) or phrase
    return phrase


def source_before_addressee(rules: RuleContext, sentence: Sentence, source: Span, addressee: Span) -> Span:
    """Whom the speaker told is no part of the speaker: the parser may hang
    it on the speaker's name ("sagte der Arzt Paul Weber | dem Sender",
    "sagte er | gegenüber Reportern")."""
    end = addressee.start
    before = [k for k, t in enumerate(sentence.tokens) if source.start <= t.start and t.end <= end]
    if before and (sentence.tokens[before[-1]].text.lower() == "gegenüber"  # tagged ADJ as often as ADP
                   or any(w.upos == "ADP" for w in rules.token_words(sentence, before[-1]))):
        end = sentence.tokens[before[-1]].start
    return trim(rules.text, Span.of(rules.text, source.start, end)) or source


def dative_der(rules: RuleContext, sentence: Sentence, k: int) -> bool:
    """"der" at token ``k`` can be a dative (whom it was told) only where
    no common noun precedes it, which it would otherwise be a genitive of
    ("sagte Merkel der Zeitung", not "ein Sprecher der Zeitung")."""
    return k > 0 and "NOUN" not in {w.upos for w in rules.token_words(sentence, k - 1)}


def names_medium(rules: RuleContext, sentence: Sentence, phrase: Span) -> bool:
    """The phrase's first noun, as a whole word, is a medium or audience
    ("der Zeitung „Bild“", "den Journalisten"): "Pressestelle" and
    "Bundesagentur" merely contain one."""
    noun = next((w for w in sentence.words if phrase.start <= w.start and w.end <= phrase.end
                 and w.upos in ("NOUN", "PROPN")), None)
    return noun is not None and noun.text.lower() in rules.cues.addressee_nouns


def is_told(rules: RuleContext, sentence: Sentence, noun: Word) -> bool:
    """An object of a speech verb that is whom it was told: a dative (by
    the tagger's case on the noun or its article, or a dative pronoun) or
    a media noun ("sagte den Journalisten"). The small tagger's case is
    often wrong, so each of these counts."""
    lowered = noun.text.lower()
    if lowered in DATIVE_PRONOUNS or lowered in rules.cues.addressee_nouns:
        return True
    # "dem", "einem" are datives whatever the tagger says ("der" is also the
    # nominative of a subject that the parser took for an object)
    return noun.upos in ("NOUN", "PROPN") and (noun.feat("Case") == "Dat" or any(
        c.deprel == "det" and (c.feat("Case") == "Dat" or c.text.lower() in DATIVE_ARTICLES)
        for c in sentence.children(noun.index)))
