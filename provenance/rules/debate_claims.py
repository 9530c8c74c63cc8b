"""Debate families that find speech and thought events the news families do
not know (SpkAtt-2023 guidelines: thought reports, support-verb constructions,
nominal cues):

- ``opinions``: "Ich bin der Meinung, dass …", "Wir haben den Eindruck,
  dass …", "Ich bin überzeugt, dass …": a view held by the subject, the cue
  being the copula (or "haben") with its noun or adjective;
- ``thought_verbs``: "Das finde ich schäbig.", "Ich finde es positiv, wenn …":
  a judgement verb whose message is the judgement (a predicative adjective);
- ``message_nouns``: "die Forderung, dass …", "Ihre Frage, ob …", "der
  Vorschlag der Kommission, … zu …": a noun that carries a message in a clause
  of its own; the source is its possessive or genitive attribute, if any;
- ``colon_cues``: "…, die sagen: Ja, wir wollen …", "Ihre Begründung: Man
  wolle …": a cue word with a colon right after it, whose message is what
  follows the colon;
- ``phrase_messages``: "Ich möchte auf einen Fehler hinweisen.", "Darüber
  wollte ich Sie informieren.": a verb whose prepositional phrase, or the
  adverb standing for it, is what was said (``phrase_message_verbs``);
- ``misread_verbs``: "Ich meine, dass …" where the small tagger read the
  verb as the possessive "meine";
- ``comma_clauses``: "Es wurde gesagt, Deutschland hat ganz andere
  Probleme.": a main clause right after the comma of a cue verb.

Word lists: ``configs/debate.yaml``. Only in the debate order of
``configs/pipeline.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from provenance.records import Cue, Sentence, Span, Word
from provenance.rules.context import Finding, Findings, RuleContext
from provenance.rules.noun_phrases import phrase_of
from provenance.rules.registry import register
from provenance.rules.spans import span_of, subtree, trim

T = TypeVar("T")

# How many tokens may stand between a cue word and the comma that opens its clause
GAP = 3


_MADE: dict[tuple[int, str], tuple[object, object]] = {}


def per_debate(debate, key: str, make: Callable[[object], T]) -> T:
    """``make(debate)``, made once per debate section of a configuration."""
    entry = _MADE.get((id(debate), key))
    if entry is None or entry[0] is not debate:  # the section is kept beside what was made, so its id stays its own
        entry = _MADE[(id(debate), key)] = (debate, make(debate))
    return entry[1]


def in_speech(rules: RuleContext) -> bool:
    """Whether the families run in the debate order (where every finding needs its cue, as in
    analysis.py): ``opinions`` runs in the news order too, and news output stays as it was."""
    return "cued_only" in rules.config.pipeline.document


def debate_words(rules: RuleContext, key: str) -> frozenset[str]:
    """A closed-class word list of debate.yaml, lower case (made once per configuration)."""
    debate = rules.config.debate
    if debate is None:
        return frozenset()
    return per_debate(debate, key, lambda d: frozenset(w.lower() for w in getattr(d, key)))


def debate_lemma(rules: RuleContext, word: Word) -> str:
    """The word's lemma, lower case, the lemmatiser's misspellings mended (debate.yaml ``lemma_fixes``)."""
    lemma = word.lemma.lower()
    debate = rules.config.debate
    return lemma if debate is None else lemma_fixes(debate).get(lemma, lemma)


def lemma_fixes(debate) -> dict[str, str]:
    """debate.yaml ``lemma_fixes`` in lower case, made once per configuration."""
    return per_debate(debate, "lemma_fixes", lambda d: {k.lower(): v.lower() for k, v in d.lemma_fixes.items()})


def clause_after(rules: RuleContext, sentence: Sentence, word: Word, gap: int = GAP) -> Span | None:
    """The message clause that follows ``word``: a comma or colon within
    ``gap`` tokens, then a subordinator, an interrogative or a zu-infinitive
    clause, up to the end of the sentence (or its next semicolon)."""
    tokens = sentence.tokens
    k = word.token + 1
    while k < len(tokens) and k <= word.token + gap + 1:
        if tokens[k].text in (",", ":"):
            break
        if tokens[k].text in (".", "!", "?", ";"):
            return None
        k += 1
    else:
        return None
    if k + 1 >= len(tokens):
        return None
    opener = tokens[k + 1].text.lower()
    body = rules.body(sentence)
    end = next((t.start for t in tokens[k + 1:] if t.text == ";"), body.end)
    if tokens[k].text == ":" or opener in debate_words(rules, "clause_openers"):
        return trim(rules.text, Span.of(rules.text, tokens[k + 1].start, end))
    # "…, die Steuern zu senken": a zu-infinitive before the next comma
    rest = [t.text.lower() for t in tokens[k + 1:] if t.start < end]
    stop = rest.index(",") if "," in rest else len(rest)
    speech = in_speech(rules)
    if "zu" in rest[:stop] and stop < (20 if speech else 12):
        # in a speech the infinitive clause ends at its comma where a verb follows it, back in the main
        # clause ("Der Wunsch, … zu hinterlassen, eint uns")
        after = tokens[k + 1 + stop + 1] if k + 2 + stop < len(tokens) else None
        if speech and after is not None and stop < len(rest) and any(
                sentence.word(i).upos in ("VERB", "AUX") for i in after.words):
            end = tokens[k + 1 + stop].start
        return trim(rules.text, Span.of(rules.text, tokens[k + 1].start, end))
    return None


def subject_of(sentence: Sentence, verb: Word) -> Word | None:
    subjects = [c for c in sentence.children(verb.index) if c.deprel in ("nsubj", "nsubj:pass")]
    return subjects[0] if subjects else None


def _cue(rules: RuleContext, words: list[Word]) -> Cue:
    spans = tuple(Span.of(rules.text, w.start, w.end) for w in sorted(words, key=lambda w: w.start))
    return Cue(" ".join(s.text for s in spans), spans)


def _nested(finding: Finding, cue: Cue, claim: Span) -> bool:
    """One event inside the other's message: the cue of either within the claim of the other."""
    return (all(finding.claim.contains(s) for s in cue.spans)
            or finding.cue is not None and all(claim.contains(s) for s in finding.cue.spans))


def _add(rules: RuleContext, sentence: Sentence, rule: str, medium, cue: Cue, source: Span | None, claim: Span,
         evidence: str, addressee: Span | None = None) -> None:
    # an earlier family found this event; a claim without a cue ("verb.reported") is none in a speech
    # (cued_only drops it), so it takes no message from a family that found the cue
    # (in a speech, an event whose cue stands in the other's message, or whose message holds the other's
    # cue, is one of its own: "Ich finde, es ist eine kluge Idee, … zu holen" has two)
    speech = in_speech(rules)
    if any(f.cue and (f.claim.overlaps(claim) and not (speech and _nested(f, cue, claim))
                      or any(s.overlaps(c) for s in cue.spans for c in f.cue.spans))
           for f in rules.findings[rules.sentence_first:]):
        return
    # an earlier sentence's claim over this one: the lookup first, so the pass over all earlier
    # findings runs only where one overlaps at all
    if rules.covered(claim) and any(f.cue and f.claim.overlaps(claim) and not (speech and _nested(f, cue, claim))
                                    for f in rules.findings[:rules.sentence_first]):
        return
    claim, form = rules.message(claim)
    confidence = rules.config.debate.confidence if rules.config.debate else 0.7
    rules.add(Finding(rule=rule, form=form, medium=medium, cue=cue, source=source, claim=claim,
                      confidence=round(confidence * (1.0 if source else rules.confidence.verb_without_source), 2),
                      evidence=evidence, frame=rules.frame(sentence, claim, cue), addressee=addressee,
                      sentence=sentence.index))


@register("opinions")
def opinions(rules: RuleContext, sentence: Sentence) -> None:
    """"Ich bin der Meinung, dass …", "Ich bin überzeugt, dass …", "Ich habe den Eindruck, dass …"."""
    debate = rules.config.debate
    if debate is None:
        return
    nouns = {n.lower() for n in debate.opinion_nouns}
    speech = in_speech(rules)
    # in a speech also the adjectives whose view is a dative's ("Ist Ihnen bekannt, dass …")
    datives = debate.dative_opinion_adjectives if speech else []
    adjectives = {a.lower() for a in (*debate.opinion_adjectives, *datives)}
    for word in sentence.words:
        lowered = word.lemma.lower()
        noun = word.upos in ("NOUN", "PROPN") and lowered in nouns
        adjective = word.upos in ("ADJ", "VERB") and (lowered in adjectives or word.text.lower() in adjectives)
        if not (noun or adjective):
            continue
        # the support verb: the copula or "haben" the word depends on or hangs under
        support = [c for c in sentence.children(word.index) if c.deprel == "cop" or c.lemma in ("sein", "haben")]
        head = sentence.word(word.head) if word.head else None
        if not support and head is not None and head.lemma in ("sein", "haben"):
            support = [head]
        if not support:
            continue
        verb = support[0]
        subject = subject_of(sentence, word) or subject_of(sentence, verb)
        claim = clause_after(rules, sentence, word)
        if speech and claim is not None and (subject is None or claim.contains(Span.of(rules.text, subject.start,
                                                                                       subject.end))):
            # "Ist Ihnen bekannt, dass …", "Mir ist bewusst, dass …": the clause is the subject, the dative
            # whose knowledge or view it is the source
            subject = next((c for c in sentence.children(word.index) + sentence.children(verb.index)
                            if c.feat("Case") == "Dat" and c.upos in ("PRON", "NOUN", "PROPN")
                            and c.deprel in ("iobj", "obj", "obl", "nsubj") and c.start < claim.start), None)
        if claim is None or subject is None or claim.contains(Span.of(rules.text, subject.start, subject.end)):
            continue
        reflexive = [c for c in sentence.children(word.index) + sentence.children(verb.index)
                     if c.feat("Reflex") == "Yes" and c.start < claim.start]
        source = phrase_of(rules, sentence, subject)
        if source.overlaps(claim):
            source = Span.of(rules.text, subject.start, subject.end)
        _add(rules, sentence, "debate.opinion", "thought", _cue(rules, [verb, word, *reflexive]), source, claim,
             f"'{verb.text} … {word.text}' states the view of '{source.text}'")


@register("thought_verbs")
def thought_verbs(rules: RuleContext, sentence: Sentence) -> None:
    """"Das finde ich schäbig.", "Ich finde es positiv, wenn …": the judgement is the message."""
    debate = rules.config.debate
    if debate is None:
        return
    verbs = {v.lower() for v in debate.judgement_verbs}
    for word in sentence.words:
        if word.upos != "VERB" or word.lemma.lower() not in verbs:
            continue
        children = sentence.children(word.index)
        judgements = [c for c in children if c.upos == "ADJ" and c.deprel in ("xcomp", "advmod", "obj", "obl")]
        # "Das finde ich schäbig": a small parser may take "Das" for the subject; a personal pronoun is it
        personal = [c for c in children if c.text.lower() in debate_words(rules, "personal_subjects")]
        subject = personal[0] if personal else subject_of(sentence, word)
        if not judgements or subject is None or subject.upos not in ("PRON", "NOUN", "PROPN"):
            continue
        judgement = judgements[0]
        words = subtree(sentence, judgement.index)
        # "finde das schäbig": a demonstrative object after the verb is what is judged, part of the
        # message; before it ("Das finde ich schäbig") the span would take in the verb and the source
        words |= {c.index for c in children if c.deprel in ("obj", "nsubj") and c is not subject
                  and c.text.lower() in ("das", "dies", "dieses") and c.start > word.start}
        claim = trim(rules.text, span_of(rules.text, (sentence.word(i) for i in sorted(words))))
        if claim is None:
            continue
        after = clause_after(rules, sentence, judgement, gap=1)
        if after is not None and any(c.text.lower() == "es" for c in children):
            claim = Span.of(rules.text, claim.start, after.end)  # "finde es positiv, wenn …"
        source = phrase_of(rules, sentence, subject)
        if source.overlaps(claim):
            continue
        _add(rules, sentence, "debate.thought_verb", "thought", _cue(rules, [word]), source, claim,
             f"'{word.text}' (lemma {word.lemma}) judges: '{judgement.text}'; subject '{source.text}'")


@register("message_nouns")
def message_nouns(rules: RuleContext, sentence: Sentence) -> None:
    """"die Forderung, dass …", "Ihre Frage, ob …": a noun with a message clause of its own."""
    debate = rules.config.debate
    if debate is None:
        return
    nouns = {n.lower(): medium for n, medium in debate.message_nouns.items()}
    for word in sentence.words:
        if word.upos not in ("NOUN", "PROPN") or word.lemma.lower() not in nouns:
            continue
        claim = clause_after(rules, sentence, word)
        if claim is None:
            continue
        source = None
        for child in sentence.children(word.index):
            if child.text.lower() in debate_words(rules, "possessives") and child.start < word.start:
                source = Span.of(rules.text, child.start, child.end)  # "Ihre Forderung"
            elif child.deprel == "nmod" and child.start > word.start and child.end <= claim.start and not any(
                    c.deprel == "case" for c in sentence.children(child.index)):
                source = phrase_of(rules, sentence, child)  # "die Forderung der Opposition"
                if source.overlaps(claim):
                    source = None
        _add(rules, sentence, "debate.message_noun", nouns[word.lemma.lower()], _cue(rules, [word]), source, claim,
             f"the noun '{word.text}' carries the message in its own clause"
             + (f"; its holder '{source.text}'" if source else ""))


def _cue_words(rules: RuleContext) -> set[tuple[int, int]]:
    """(start, end) of the words the findings so far hold as cues."""
    findings = rules.findings
    if isinstance(findings, Findings):
        return findings.cue_words()
    return {(s.start, s.end) for f in findings if f.cue for s in f.cue.spans}  # replaced by a plain list


@register("object_messages")
def object_messages(rules: RuleContext, sentence: Sentence) -> None:
    """"Wir fordern eine Abschaffung des NetzDG.", "Das muss man deutlich sagen.", "Das Gesetz wurde
    beschlossen.": a speech or thought verb whose message is its object (or passive subject), not a
    clause; found where no family has taken the verb."""
    debate = rules.config.debate
    if debate is None:
        return
    verbs = {v.lower() for v in debate.object_message_verbs}
    taken = _cue_words(rules)
    for word in sentence.words:
        # a small tagger calls "wissen" AUX at times; its relation tells the truth
        main = word.upos == "VERB" or (word.upos == "AUX" and word.deprel not in ("aux", "aux:pass", "cop"))
        lemma = debate_lemma(rules, word)
        if not main or lemma not in verbs and not _particle_verb(sentence, word, verbs):
            continue
        if (word.start, word.end) in taken:
            continue
        children = sentence.children(word.index)
        auxiliaries = [c.lemma for c in children if c.upos == "AUX" and c.deprel in ("aux", "aux:pass", "cop")]
        # "Dann ist die Überweisung so beschlossen", "Hier wird der Ausstieg gefordert": a participle of such
        # a (transitive) verb with "sein" or "werden" and no "haben" is a passive, whatever relation a small
        # parser gave its subject
        participle = word.feat("VerbForm") == "Part" and any(a in ("sein", "werden") for a in auxiliaries) and (
            "haben" not in auxiliaries)
        passive = participle or any(c.deprel == "aux:pass" for c in children)
        relations = ("nsubj:pass", "nsubj", "obj") if participle else ("nsubj:pass",) if passive else ("obj",)
        objects = [c for c in children if c.deprel in relations and not (
                       c.deprel != "nsubj:pass" and passive and (c.feat("Person") in ("1", "2") or c.upos not in ("NOUN", "PROPN", "PRON", "DET")
                                                                  or c.text.lower() in rules.cues.never_subjects))
                   and c.upos in ("NOUN", "PROPN", "PRON", "DET") and c.feat("Reflex") != "Yes"
                   and c.text not in debate.addressee_pronouns]  # "Das sage ich Ihnen": whom it was told
        message = objects[0] if objects else fronted_object(sentence, children, passive)
        if message is None:
            continue
        claim = trim(rules.text, span_of(rules.text, (sentence.word(i) for i in sorted(subtree(sentence, message.index)))))
        if claim is None or claim.start <= word.start < claim.end:
            continue
        # beside a fronted object the subject nearest the verb is its own ("Wir können - das will ich sagen -")
        subject = None if passive else min((c for c in children if c.deprel == "nsubj" and c is not message
                                            and c.text.lower() not in rules.cues.never_subjects),
                                           key=lambda c: abs(c.index - word.index) if not objects else c.index,
                                           default=None)
        # "… von einer Großen Koalition beschlossen": the agent of a passive is its source
        agent = next((c for c in children if passive and c.deprel == "obl" and c.upos in ("NOUN", "PROPN", "PRON")
                      and any(k.deprel == "case" and k.text.lower() in ("von", "vom") for k in sentence.children(c.index))),
                     None)
        source = subject_phrase(rules, sentence, subject) if agent is None else trim(
            rules.text, span_of(rules.text, (sentence.word(i) for i in sorted(subtree(sentence, agent.index)))))
        if source is not None and source.overlaps(claim):
            if agent is not None:
                continue
            source = Span.of(rules.text, subject.start, subject.end)
            if source.overlaps(claim):
                continue
        particles = [c for c in children if c.deprel == "compound:prt"]
        entry = {**rules.cues.verbs, **rules.cues.reported_verbs}.get(lemma)
        _add(rules, sentence, "debate.object_message", entry.medium if entry else None,
             _cue(rules, [word, *particles]), source, claim,
             f"'{word.text}' (lemma {lemma}) takes what was said as its object '{message.text}'"
             + (f"; subject '{source.text}'" if source else ""))


def subject_phrase(rules: RuleContext, sentence: Sentence, subject: Word | None) -> Span | None:
    """The source phrase of a subject; a personal pronoun is one word ("ich", not "ich Ihnen" as the
    phrase reader may join the pronoun object after it)."""
    if subject is None:
        return None
    if subject.upos == "PRON":
        return Span.of(rules.text, subject.start, subject.end)
    return phrase_of(rules, sentence, subject)


def fronted_object(sentence: Sentence, children: list[Word], passive: bool) -> Word | None:
    """"Das sage ich Ihnen.", "Das muss man sagen.", "Das wurde gesagt.": a small parser reads a
    fronted demonstrative object as a second subject (or as the subject of a passive); with another
    subject beside it, or in a passive, the demonstrative is what was said."""
    subjects = [c for c in children if c.deprel == "nsubj"]
    # a neuter pronoun standing alone ("das", "dies", "es", "was"); "ich", "man", "Sie" have no gender
    fronted = [c for c in subjects if c.upos in ("PRON", "DET") and c.feat("Gender") == "Neut"
               and c.feat("Number") != "Plur" and not sentence.children(c.index)]
    # else a relative pronoun beside another subject is the object its clause opens with ("Methoden, die
    # wir nicht akzeptieren"), of any gender
    fronted = fronted or [c for c in subjects if c.upos == "PRON" and "Rel" in (c.feat("PronType") or "").split(",")
                          and not sentence.children(c.index)]
    if not fronted or not (passive or len(subjects) > 1):
        return None
    return fronted[0]


def _particle_verb(sentence: Sentence, word: Word, verbs: set[str]) -> bool:
    return any(c.deprel == "compound:prt" and c.text.lower() + word.lemma.lower() in verbs
               for c in sentence.children(word.index))


@register("colon_message")
def colon_message(rules: RuleContext, sentence: Sentence) -> None:
    """"Ich will auch sagen: Er lässt viele Aspekte unerwähnt.", "…, die sagen: Das ist nur ein
    Aspekt.": a cue verb right before a colon that ends its sentence (the parser splits there)
    announces the next sentence as its message."""
    body = sentence.tokens
    if len(body) < 2 or body[-1].text != ":" or sentence.index + 1 >= len(rules.doc.sentences):
        return
    lexicon = rules.cue_verbs
    verb = next((w for w in reversed(sentence.words) if w.upos in ("VERB", "AUX") and w.lemma.lower() in lexicon), None)
    if verb is None or verb.token < len(body) - 4 or (verb.start, verb.end) in _cue_words(rules):
        return
    following = rules.doc.sentences[sentence.index + 1]
    claim = trim(rules.text, rules.body(following))
    if claim is None:
        return
    subject = subject_of(sentence, verb) or next(
        (w for w in sentence.words if w.deprel == "nsubj" and w.head in (verb.head, verb.index)), None)
    source = phrase_of(rules, sentence, subject) if subject is not None else None
    _add(rules, sentence, "debate.colon_message", lexicon[verb.lemma.lower()].medium, _cue(rules, [verb]), source,
         claim, f"'{verb.text}' before the colon announces the next sentence"
         + (f"; subject '{source.text}'" if source else ""))


def _colon_after(sentence: Sentence, word: Word, gap: int = GAP) -> int | None:
    """The token index of a colon within ``gap`` tokens after ``word`` ("die sagen: …", "ich zitiere -: …",
    "Meine Frage: …"), or further where every word between is the cue word's own ("Ich sage Ihnen sehr
    klar und deutlich: …"); none past a comma or the end of a clause."""
    tokens = sentence.tokens
    own = subtree(sentence, word.index)
    for k in range(word.token + 1, min(len(tokens), word.token + 3 * gap + 2)):
        if tokens[k].text == ":":
            return k
        if tokens[k].text in (",", ".", "!", "?", ";", "„", "“", '"'):
            return None
        if k > word.token + gap and not any(i in own for i in tokens[k].words):
            return None
    return None


@register("colon_cues")
def colon_cues(rules: RuleContext, sentence: Sentence) -> None:
    """"…, die sagen: Ja, wir wollen den Kohleausstieg.", "Meine Frage: Wie …?", "Eine Begründung: Man
    wolle …": a speech or thought word (a cue verb, an event verb or noun) with a colon right after it
    announces what follows as its message, to the end of the sentence (or the next sentence, where the
    parser ends this one at the colon). Found where no family has taken the word."""
    debate = rules.config.debate
    if debate is None:
        return
    nouns = per_debate(debate, "colon_nouns", lambda d: {n.lower(): m for n, m in {**d.event_nouns, **d.message_nouns}.items()})
    verbs = per_debate(debate, "colon_verbs", lambda d: {v.lower(): m for v, m in d.event_verbs.items()})
    taken = _cue_words(rules)
    for word in sentence.words:
        lemma = debate_lemma(rules, word)
        children = sentence.children(word.index)
        if word.upos in ("NOUN", "PROPN"):
            # a document ("Antrag: …") is cited, not speaking; "Nächster Redner in der Debatte: …" is where
            # the chair announces, not what was said
            if lemma not in nouns or nouns[lemma] == "writing" or any(
                    c.deprel == "case" and c.text.lower() in ("in", "im") for c in children):
                continue
            medium = nouns[lemma]
        elif word.upos == "VERB" or word.upos == "AUX" and word.deprel not in ("aux", "aux:pass", "cop"):
            entry = rules.cue_verbs.get(lemma)
            if entry is None and lemma not in verbs or entry is not None and not entry.reports:
                continue
            medium = entry.medium if entry else verbs[lemma]
            # "Das heißt: …", "Das klingt: …": a demonstrative subject makes a connective of the verb
            if any(c.deprel == "nsubj" and c.feat("Gender") == "Neut" and "Dem" in (c.feat("PronType") or "")
                   for c in children):
                continue
        else:
            continue
        if (word.start, word.end) in taken:
            continue
        colon = _colon_after(sentence, word)
        if colon is None:
            continue
        tokens = sentence.tokens
        if colon + 1 < len(tokens) and tokens[colon + 1].text not in (".", "!", "?"):
            body = rules.body(sentence)
            end = next((t.start for t in tokens[colon + 1:] if t.text == ";"), body.end)
            claim = trim(rules.text, Span.of(rules.text, tokens[colon + 1].start, end))
        elif colon == len(tokens) - 1 and sentence.index + 1 < len(rules.doc.sentences):
            claim = trim(rules.text, rules.body(rules.doc.sentences[sentence.index + 1]))
        else:
            continue
        # "Ich will drei Punkte nennen: Erstens.": one word after the colon opens a list, it states nothing
        if claim is None or " " not in claim.text:
            continue
        if word.upos in ("NOUN", "PROPN"):
            owner = next((c for c in children if c.start < word.start
                          and (c.deprel == "det:poss" or c.text.lower() in debate_words(rules, "possessives"))), None)
            source = Span.of(rules.text, owner.start, owner.end) if owner is not None else None
        else:
            source = subject_phrase(rules, sentence, subject_of(sentence, word))
        if source is not None and source.overlaps(claim):
            source = None
        particles = [c for c in children if c.deprel == "compound:prt"]
        _add(rules, sentence, "debate.colon_cue", medium, _cue(rules, [word, *particles]), source, claim,
             f"'{word.text}' (lemma {word.lemma}) with a colon after it announces what follows"
             + (f"; source '{source.text}'" if source else ""))


def _adverb_of(preposition: str) -> str:
    """"darauf", "darüber", "dafür": the pronominal adverb that stands for a phrase of ``preposition``."""
    return ("dar" if preposition[0] in "aeiouäöü" else "da") + preposition


@register("phrase_messages")
def phrase_messages(rules: RuleContext, sentence: Sentence) -> None:
    """"Ich möchte auf einen Fehler hinweisen.", "Darüber wollte ich Sie informieren.", "Ich bedanke mich
    für Ihre Aufmerksamkeit.": a verb whose prepositional phrase (or the adverb standing for it) is what
    was said; found where no family has taken the verb."""
    debate = rules.config.debate
    if debate is None or not debate.phrase_message_verbs:
        return
    verbs = per_debate(debate, "phrase_message_verbs", lambda d: {
        v.lower(): frozenset(p.lower() for p in ps) for v, ps in d.phrase_message_verbs.items()})
    taken = _cue_words(rules)
    for word in sentence.words:
        main = word.upos == "VERB" or (word.upos == "AUX" and word.deprel not in ("aux", "aux:pass", "cop"))
        if not main or (word.start, word.end) in taken:
            continue
        children = sentence.children(word.index)
        particles = [c for c in children if c.deprel == "compound:prt"]
        lemma = next((p.text.lower() + word.lemma.lower() for p in particles
                      if p.text.lower() + word.lemma.lower() in verbs), word.lemma.lower())
        prepositions = verbs.get(lemma)
        if prepositions is None:
            continue
        adverbs = {_adverb_of(p) for p in prepositions}
        phrase = next((c for c in children if c.text.lower() in adverbs or not c.deprel.startswith("nsubj") and any(
            k.deprel == "case" and k.text.lower() in prepositions for k in sentence.children(c.index))), None)
        if phrase is None:
            continue
        claim = trim(rules.text, span_of(rules.text, (sentence.word(i) for i in sorted(subtree(sentence, phrase.index)))))
        if claim is None or claim.start <= word.start < claim.end:
            continue
        source = subject_phrase(rules, sentence, subject_of(sentence, word))
        if source is not None and source.overlaps(claim):
            continue
        # "ich bedanke mich": the reflexive, which a small tagger may take for a plain "mich", is in the cue
        reflexive = [c for c in children if c.deprel in ("obj", "expl", "expl:pv", "iobj") and (
            c.feat("Reflex") == "Yes" or c.upos == "PRON" and c.feat("PronType") == "Prs"
            and c.feat("Person") is not None and c.feat("Person") == word.feat("Person")
            and c.feat("Number") == word.feat("Number"))]
        # "die Menschen darüber informieren": the object of such a verb is whom it was told
        told = next((c for c in children if c.deprel == "obj" and c is not phrase and c not in reflexive
                     and lemma in debate_words(rules, "addressee_object_verbs")), None)
        addressee = phrase_of(rules, sentence, told) if told is not None else None
        if addressee is not None and (addressee.overlaps(claim) or source is not None and addressee.overlaps(source)):
            addressee = None
        entry = rules.cue_verbs.get(lemma)
        _add(rules, sentence, "debate.phrase_message", entry.medium if entry else "speech",
             _cue(rules, [word, *particles, *reflexive]), source, claim,
             f"'{word.text}' (lemma {lemma}) states what was said in its phrase '{phrase.text} …'"
             + (f"; subject '{source.text}'" if source else ""), addressee=addressee)


def _verb_read_as(word: Word, lexicon) -> str | None:
    """The cue verb a word the small tagger read as something else stands for ("meine", "meinen", "meint"
    tagged as the possessive, or lemmatised "mein"): by its form, a present-tense form of the verb."""
    if word.lemma.lower() in lexicon or word.upos not in ("DET", "PRON", "AUX", "VERB"):
        return None
    text = word.text.lower()
    forms = [text] if text.endswith("en") else [text + "n"] if text.endswith("e") else (
        [text[:-1] + "en"] if text.endswith("t") else [])
    return next((f for f in forms if f in lexicon), None)


@register("misread_verbs")
def misread_verbs(rules: RuleContext, sentence: Sentence) -> None:
    """"Ich meine, dass …", "Manche meinen, dass …": a cue verb the tagger read as a possessive (or
    lemmatised as one) after its subject, with its message clause; found where no family has taken it."""
    lexicon = rules.cue_verbs
    taken = _cue_words(rules)
    for k, word in enumerate(sentence.words):
        lemma = _verb_read_as(word, lexicon)
        if lemma is None or k == 0 or (word.start, word.end) in taken:
            continue
        before = sentence.words[k - 1]
        # the subject right before it: "Ich meine", "Manche meinen", "Sie meinen"
        if not (before.upos in ("PRON", "NOUN", "PROPN") and before.feat("Case") in (None, "Nom")
                and before.feat("Poss") != "Yes"):
            continue
        claim = clause_after(rules, sentence, word)
        if claim is None:
            continue
        source = subject_phrase(rules, sentence, before)
        if source.overlaps(claim) or source.end > word.start:
            # the misread word hangs under its subject: the phrase would run on through it
            source = Span.of(rules.text, before.start, before.end)
        _add(rules, sentence, "debate.misread_verb", lexicon[lemma].medium, _cue(rules, [word]), source, claim,
             f"'{word.text}' after its subject '{before.text}' is the verb '{lemma}' (the tagger read "
             f"{word.upos} '{word.lemma}'), with its message clause")


# Words that, right after the comma, open no main clause reported by the verb before it ("so", "dann": the
# consequence of a condition the verb stands in)
_NOT_REPORTED = frozenset({"und", "oder", "aber", "sondern", "denn", "weil", "da", "obwohl", "wenn", "als", "um",
                           "bevor", "nachdem", "während", "damit", "sodass", "indem", "ohne", "statt", "so", "dann"})


@register("comma_clauses")
def comma_clauses(rules: RuleContext, sentence: Sentence) -> None:
    """"Es wurde gesagt, Deutschland hat ganz andere Probleme.", "Wenn Sie sagen, wir tun nichts, dann …":
    a cue verb with a main clause right after its comma reports that clause; found where no family has
    taken the verb."""
    taken = _cue_words(rules)
    tokens = sentence.tokens
    body = rules.body(sentence)
    for word in sentence.words:
        main = word.upos == "VERB" or (word.upos == "AUX" and word.deprel not in ("aux", "aux:pass", "cop"))
        entry = rules.cue_verbs.get(debate_lemma(rules, word)) if main else None
        if entry is None or not entry.reports or (word.start, word.end) in taken:
            continue
        # "Das heißt, …": a demonstrative subject makes a connective of the verb
        if any(c.deprel == "nsubj" and c.feat("Gender") == "Neut" and "Dem" in (c.feat("PronType") or "")
               for c in sentence.children(word.index)):
            continue
        k = word.token
        claim = None
        if k + 2 < len(tokens) and tokens[k + 1].text == ",":
            opener = tokens[k + 2].text.lower()
            first = [sentence.word(i) for i in tokens[k + 2].words]
            if (opener in _NOT_REPORTED or opener in debate_words(rules, "clause_openers")
                    or any("Rel" in (w.feat("PronType") or "") or w.upos in ("VERB", "AUX", "PUNCT") for w in first)):
                continue
            # a main clause: its finite verb second, a few tokens after the comma
            finite = next((j for j in range(k + 3, min(len(tokens), k + 7))
                           if any(sentence.word(i).feat("VerbForm") == "Fin" for i in tokens[j].words)), None)
            if finite is None or any(t.text == "," for t in tokens[k + 2:finite]):
                continue
            # "…, dann irren Sie": the clause after a conditional ends where the main clause resumes
            end = next((tokens[j].start for j in range(finite, len(tokens) - 1) if tokens[j].text in (",", ";")
                        and tokens[j + 1].text.lower() in ("dann", "so", "da")), None)
            end = end or next((t.start for t in tokens[k + 2:] if t.text == ";"), body.end)
            claim = trim(rules.text, Span.of(rules.text, tokens[k + 2].start, end))
        if claim is None or " " not in claim.text:
            continue
        subject = subject_of(sentence, word)
        source = subject_phrase(rules, sentence, subject) if subject is not None and subject.text.lower() != "es" else None
        if source is not None and source.overlaps(claim):
            source = Span.of(rules.text, subject.start, subject.end)
            if source.overlaps(claim):
                continue
        particles = [c for c in sentence.children(word.index) if c.deprel == "compound:prt"]
        _add(rules, sentence, "debate.comma_clause", entry.medium, _cue(rules, [word, *particles]), source, claim,
             f"'{word.text}' reports the clause beside its comma" + (f"; subject '{source.text}'" if source else ""))
