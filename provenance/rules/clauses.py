"""Clauses around a cue: where a message begins and ends, whether a clause
is a main, subordinate or relative one, and Konjunktiv, the mark of reported
speech. Small parsers attach clauses loosely, so much of this reads the
surface (commas, subordinators) beside the parse."""

from __future__ import annotations

from collections.abc import Iterable

from provenance.records import Sentence, Span, Token, Word
from provenance.rules.context import RuleContext
from provenance.rules.lexicon import verb_cue
from provenance.rules.spans import subtree, trim
from provenance.rules.words import (
    EDGE_PUNCT, FIRST_PERSON_KONJUNKTIV, INTERROGATIVES, KONJUNKTIV, MAIN_CLAUSE_CONJUNCTIONS, QUOTE_CHARS,
    RELATIVE_ADVERBS, RELATIVE_PRONOUNS,
)


def has_passive_auxiliary(children: Iterable[Word]) -> bool:
    """"wurde … aufgefordert", "wird angenommen": a verb with a passive auxiliary."""
    return any(c.deprel == "aux:pass" for c in children)


def opens_subordinate_clause(words: list[Word], k: int) -> bool:
    """The clause of ``words[k]``, from the last comma before it (or the first
    word), opens with a conjunction, a question word or, after a comma, a
    relative pronoun ("nachdem er es bemerkt hatte", ", die … geführt wird")."""
    commas = [j for j in range(k) if words[j].text == ","]
    opener = words[commas[-1] + 1] if commas else words[0]
    return (opener.upos == "SCONJ" or opener.text.lower() in INTERROGATIVES
            or (bool(commas) and opener.text.lower() in RELATIVE_PRONOUNS))


def is_konjunktiv(word: Word, sentence: Sentence) -> bool:
    """Konjunktiv I or II of a finite verb. Beside the tagger's Mood=Sub and
    the common forms, a finite verb in -e (not the preterite -te) is
    Konjunktiv I: the indicative third person ends in -t ("plane"/"plant").
    Not with "ich", whose indicative ends in -e as well ("ich sage"), nor a
    preterite in -te without umlaut that the tagger calls Konjunktiv
    ("konnte", "wollte")."""
    text = word.text.lower()
    if _first_person_singular(word, sentence):
        return text in FIRST_PERSON_KONJUNKTIV
    if text in KONJUNKTIV:
        return True
    if word.feat("Mood") == "Sub":
        # "konnte", "wollte", "musste": the tagger calls a preterite in -te Konjunktiv; the
        # Konjunktiv II of these verbs has an umlaut ("könnte"), and a weak verb's is the preterite itself
        return not (text.endswith(("te", "ten", "test", "tet")) and not any(ch in text for ch in "äöü"))
    return (word.upos in ("VERB", "AUX") and word.deprel in ("root", "conj", "aux", "cop", "ccomp", "parataxis")
            and word.feat("VerbForm") not in ("Inf", "Part") and len(text) > 3 and text.endswith("e")
            and not text.endswith(("te", "de")) and word.text == text)  # preterites: sagte, wurde


def _first_person_singular(word: Word, sentence: Sentence) -> bool:
    """The subject of the verb (or, for an auxiliary, of its main verb) is "ich"."""
    heads = [word.index] + ([word.head] if word.deprel in ("aux", "aux:pass", "cop") and word.head else [])
    return any(c.text.lower() == "ich" and c.deprel.startswith("nsubj") for h in heads for c in sentence.children(h))


def whole_message(rules: RuleContext, sentence: Sentence, verb: Word, message: set[int], exclude: set[int]) -> set[int]:
    """A message after its verb, with the clauses the parser hung beside it
    on the verb: a small parser often makes each clause of a reported
    message a dependent of the reporting verb, and only one of them reads as
    the message ("schrieb …, Putin erwarte, … zu gewinnen, und sehe …": the
    Konjunktiv "erwarte" looks like a preterite)."""
    return earlier_clauses(rules, sentence, verb, later_clauses(rules, sentence, verb, message, exclude), exclude)


def later_clauses(rules: RuleContext, sentence: Sentence, verb: Word, message: set[int], exclude: set[int]) -> set[int]:
    """Clauses right behind the message, after a comma or "und", belong to it:
    an infinitive or a subordinate clause ("sagte, dass sie keine Pläne
    hätten, | sich zu treffen"; "…, | um … zu verhindern"; "…, | da …") and a
    Konjunktiv conjunct ("…, und | sehe darin eine Chance"). Not ", wie er
    sagte" (a reporting clause of its own) nor the speaker's next act in the
    indicative ("…, und verließ den Raum")."""
    message = set(message)
    end = max(message)
    for sibling in sorted(sentence.children(verb.index), key=lambda w: w.index):
        if sibling.index <= end or sibling.deprel not in ("xcomp", "advcl", "ccomp", "conj", "parataxis"):
            continue
        clause = subtree(sentence, sibling.index, exclude=exclude)
        first = min(i for i in clause if sentence.word(i).upos not in ("PUNCT", "CCONJ"))
        between = [sentence.word(i).text.lower() for i in range(end + 1, first)]
        marks = {c.text.lower() for c in sentence.children(sibling.index) if c.deprel == "mark"}
        if sibling.deprel in ("conj", "parataxis"):
            dependent = not marks and is_konjunktiv_clause(rules, sentence, sibling)
        else:
            dependent = sibling.feat("VerbForm") == "Inf" or bool(marks - {"wie", "als"})
        unbroken = max(clause) - min(clause) + 1 == len(clause)
        if not dependent or not unbroken or between not in ([","], ["und"], [",", "und"]):
            break  # only an unbroken clause right behind the message
        message |= clause | set(range(end + 1, first))
        end = max(clause)
    return message


def earlier_clauses(rules: RuleContext, sentence: Sentence, verb: Word, message: set[int],
                    exclude: set[int]) -> set[int]:
    """Finite clauses before the message, between it and the comma that
    closes the reporting clause, are its first part ("schrieb Focus unter
    Berufung auf …, | Putin erwarte, … | sondern … zu gewinnen"): the message
    then starts right after that comma. Not a clause with a subordinator
    ("…, nachdem …"), nor one with a reporting verb of its own."""
    lexicon = rules.cue_verbs
    comma = next((t for t in sentence.tokens if t.start >= verb.end and t.text == ","), None)
    if comma is None:
        return message
    message = set(message)
    start = min(i for i in message if sentence.word(i).upos not in ("PUNCT", "CCONJ"))
    extended = set(message)
    for sibling in sorted(sentence.children(verb.index), key=lambda w: -w.index):
        if sibling.index >= start or sibling.deprel not in ("conj", "parataxis", "advcl", "ccomp"):
            continue
        if (sibling.start < comma.end or sibling.upos not in ("VERB", "AUX")
                or sibling.feat("VerbForm") in ("Inf", "Part")
                or any(c.deprel == "mark" for c in sentence.children(sibling.index))
                or verb_cue(sentence, sibling, lexicon, rules.quotes_near(Span.of(rules.text, sentence.start, sentence.end))) is not None):
            break
        clause = subtree(sentence, sibling.index, exclude=exclude)
        if is_relative_clause(rules, sentence, sibling, clause):
            break
        gap = [sentence.word(i) for i in range(max(clause) + 1, start) if i not in extended]
        if any(w.upos not in ("PUNCT", "CCONJ") for w in gap):
            break  # only the clause right before the message
        extended |= clause | set(range(max(clause) + 1, start))
        start = min(i for i in clause if sentence.word(i).upos not in ("PUNCT", "CCONJ"))
        # the message now opens right after the reporting clause (a word or two the
        # parser hung elsewhere, "Putin", are filled in from the comma)
        lead = [t for t in sentence.tokens if comma.end <= t.start and t.end <= sentence.word(start).start]
        if all(t.text not in EDGE_PUNCT and not any(w.upos in ("VERB", "AUX") for w in
               rules.token_words(sentence, sentence.tokens.index(t))) for t in lead):
            message = extended | {w for t in lead for w in t.words}
    return message


def is_relative_clause(rules: RuleContext, sentence: Sentence, head: Word, clause: set[int]) -> bool:
    """", die auf ihrer Homepage veröffentlicht wurde": a clause that opens
    with a relative or question word and ends with its verb. ("die Taliban
    würden … töten" passes for one too: it only holds an extension back.)"""
    words = [sentence.word(i) for i in sorted(clause) if sentence.word(i).upos not in ("PUNCT", "CCONJ")]
    if not words:
        return False
    verbs = {head.index} | {c.index for c in sentence.children(head.index) if c.deprel in ("aux", "aux:pass", "cop")}
    opener = words[0].text.lower()
    return (opener in RELATIVE_PRONOUNS or opener in INTERROGATIVES
            or (words[0].upos == "ADP" and len(words) > 1 and words[1].text.lower() in RELATIVE_PRONOUNS)) \
        and words[-1].index in verbs


def is_konjunktiv_clause(rules: RuleContext, sentence: Sentence, head: Word) -> bool:
    """The clause's finite verb (the head or its auxiliary) is Konjunktiv."""
    return any(is_konjunktiv(w, sentence) for w in [head, *sentence.children(head.index)]
               if w is head or w.deprel in ("aux", "aux:pass", "cop"))


def in_subordinate_clause(rules: RuleContext, sentence: Sentence, verb: Word) -> bool:
    words = [w for w in sentence.words if w.start < verb.start] + [verb]
    return opens_subordinate_clause(words, len(words) - 1)


def is_main_clause(rules: RuleContext, sentence: Sentence, span: Span) -> bool:
    """A message before ", sagte X" is a main clause of its own: a finite
    verb that heads neither a relative nor a subordinate clause. Not a
    fronted subject ("Der Vertreter der Arbeitgeber, Peter Clever, hat
    gefordert"), nor "Wenn …, " or "In der Debatte, die …, "."""
    words = [w for w in sentence.words if span.start <= w.start and w.end <= span.end]
    for k, w in enumerate(words):
        finite = w.feat("VerbForm") == "Fin" or w.feat("Mood") is not None or is_konjunktiv(w, sentence)
        # ", wonach …", ", auf die …": a relative clause opened by a pronominal adverb or a preposition
        commas = [j for j in range(k) if words[j].text == ","]
        opener = words[commas[-1] + 1:commas[-1] + 3] if commas else []
        relative = bool(opener) and (opener[0].text.lower() in RELATIVE_ADVERBS or (
            opener[0].upos == "ADP" and len(opener) == 2 and opener[1].text.lower() in RELATIVE_PRONOUNS))
        if w.upos in ("VERB", "AUX") and finite and not w.deprel.startswith(("acl", "advcl")) \
                and not opens_subordinate_clause(words, k) and not relative:
            return True
    return False


def from_comma(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span) -> Span:
    """A message clause starts right after the comma behind its verb; words
    between them that the parser hung elsewhere ("forderte sie auf, ihre
    Fenster geschlossen | zu halten") belong to it."""
    marks = [t for t in sentence.tokens if verb.end <= t.start and t.end <= claim.start and t.text in (",", ":")]
    if not marks:
        return claim
    gap = [t for t in sentence.tokens if marks[-1].end <= t.start and t.end <= claim.start]
    if not gap or any(t.text in EDGE_PUNCT or t.text in QUOTE_CHARS for t in gap):
        return claim
    return Span.of(rules.text, gap[0].start, claim.end)


def after_reporting_phrases(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span) -> Span | None:
    """Cut a message that swallowed the reporting clause's tail ("Focus
    unter Berufung auf die FT, Putin erwarte …"): it starts after the last
    comma or colon between the verb and the message's own verb."""
    marks = [t for t in sentence.tokens if verb.end <= t.start and t.end <= claim.end and t.text in (",", ":")]
    if not marks or claim.start >= marks[0].end:
        return None
    head = [w for w in sentence.words if claim.start <= w.start < marks[0].start]
    citing = any(phrase.role == "citing" and sentence.tokens[i].start < marks[0].start
                 for _, phrase, i in rules.phrases_in(sentence))
    if citing or not any(w.upos in ("VERB", "AUX") for w in head):
        # what precedes the comma has no verb of its own: it belongs to the reporting clause
        return trim(rules.text, Span.of(rules.text, marks[0].end, claim.end))
    return None


def ends_clause(rules: RuleContext, sentence: Sentence, verb: Word) -> bool:
    """The verb (with its auxiliaries) is the last word before a comma."""
    k = verb.token + 1
    while k < len(sentence.tokens) and any(
            sentence.word(i).deprel in ("aux", "aux:pass", "compound:prt") for i in sentence.tokens[k].words):
        k += 1
    return k < len(sentence.tokens) and sentence.tokens[k].text == ","


def mark_before_verb(rules: RuleContext, sentence: Sentence, verb: Word, subjects: list[Word]) -> Token | None:
    """The comma or closing quote right before a verb-first reporting clause."""
    auxiliaries = [c for c in sentence.children(verb.index) if c.deprel in ("aux", "aux:pass")]
    first = min([verb, *auxiliaries], key=lambda w: w.start)
    if subjects and all(s.start < first.start for s in subjects):
        return None
    before = [t for t in sentence.tokens if t.end <= first.start]
    if before and (before[-1].text == "," or before[-1].text in QUOTE_CHARS) and len(before) > 1:
        return before[-1]
    return None


def clause_of(rules: RuleContext, sentence: Sentence, frame: Span) -> Span:
    """The stretch between the sentence's clause-level separators (";" and
    ", und/aber" between main clauses) that holds the frame."""
    body = rules.body(sentence)
    start, end = body.start, body.end
    tokens = sentence.tokens
    for k, token in enumerate(tokens):
        separator = token.text in (";", "–", "—") or (token.text == ":" and not rules.quote_follows(token.end))
        # ", doch Regierungsvertreter waren Quellen zufolge …": a new main clause, with a finite verb
        # of its own ("nicht nur in X, sondern auch in Y" goes on with the same clause)
        joined = (token.text == "," and k + 1 < len(tokens)
                  and tokens[k + 1].text.lower() in MAIN_CLAUSE_CONJUNCTIONS
                  and _finite_verb_before_comma(rules, sentence, k + 2))
        if separator or joined:
            if token.end <= frame.start:
                start = max(start, tokens[k + 1].end if joined else token.end)
            elif token.start >= frame.end:
                end = min(end, token.start)
    return trim(rules.text, Span.of(rules.text, start, end)) or body


def _finite_verb_before_comma(rules: RuleContext, sentence: Sentence, k: int) -> bool:
    """A finite verb among the tokens from ``k`` to the next comma or the sentence's end."""
    for j in range(k, len(sentence.tokens)):
        if sentence.tokens[j].text in (",", ";", ":"):
            return False
        if any(is_finite(w) for w in rules.token_words(sentence, j)):
            return True
    return False


def is_finite(word: Word) -> bool:
    return word.upos in ("VERB", "AUX") and (word.feat("VerbForm") == "Fin" or word.feat("Mood") is not None)
