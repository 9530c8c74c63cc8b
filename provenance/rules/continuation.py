"""The continuation family: Konjunktiv I in the sentence after an
attribution continues its indirect speech."""

from __future__ import annotations

from dataclasses import replace

from provenance.records import Form, Medium, Sentence, Span, Word
from provenance.rules.clauses import has_passive_auxiliary, is_konjunktiv
from provenance.rules.context import Finding, RuleContext
from provenance.rules.lexicon import verb_cue
from provenance.rules.noun_phrases import own_words_speaker, phrase_of
from provenance.rules.registry import register

CONTINUATIONS = ("continuation.konjunktiv", "continuation.after-speech")


@register("continuation")
def continuation(rules: RuleContext, sentence: Sentence) -> None:
    """Konjunktiv I in a sentence after an attribution continues its
    indirect speech ("Die meisten seien abgeschossen worden."); so it does
    after a speech act that stated nothing itself ("Der Sprecher wies den
    Vorwurf zurück. Die Studie sei richtig.")."""
    if not rules.cues.konjunktiv_continuation:
        return
    last_index = len(rules.findings) - 1
    last = rules.findings[last_index] if rules.findings else None
    after_speech = None
    gap = False
    if last is None or sentence.index - last.sentence != 1:
        # only the sentence right after an attribution (or its continuation), or after a speech act
        after_speech = _speech_act_before(rules, sentence)
        if after_speech is None:
            if not _within_reach(rules, sentence, last):
                return
            gap = True
    outside_quotes = [w for w in sentence.words if not rules.in_quotation(w.start)]
    finite = [w for w in outside_quotes if w.upos in ("VERB", "AUX") and w.feat("VerbForm") not in ("Inf", "Part")]
    if _indicative_main_clause(sentence, finite):
        return  # "X ist der Meinung, dass … sei": the Konjunktiv is that clause's, not the previous speaker's
    if any(is_konjunktiv(w, sentence) and w.text.lower() not in rules.cues.writers_konjunktiv for w in finite):
        form: Form = "indirect_free_indirect"
    elif any(w.lemma == "sollen" and w.text.lower() in ("soll", "sollen") for w in finite):
        form = "free_indirect"  # evidential "soll": reportedly
    else:
        return
    if rules.inside_quotation(Span.of(rules.text, sentence.start, sentence.end)):
        return
    span = Span.of(rules.text, sentence.start, sentence.end)
    if gap and form != "indirect_free_indirect":
        return  # across a sentence of the writer's own only a Konjunktiv goes on with the reported speech
    if after_speech is not None:
        # a Konjunktiv, or a "soll" ("Die Bahnen sollen in den Depots bleiben."), goes on with what was said
        source, medium, verb = after_speech
        rules.add(Finding(
            rule="continuation.after-speech", form=form, medium=medium, cue=None, source=source, claim=span,
            confidence=rules.confidence.continuation, sentence=sentence.index,
            evidence=f"Konjunktiv continues what '{source.text}' said with '{verb}' in the previous sentence",
        ))
        return
    # the speaker the reader met: the relaying source, not the one it cites
    source_finding = max(k for k, f in enumerate(rules.findings) if f.relayed_by is None)
    while rules.findings[source_finding].inherits_from is not None:
        source_finding = rules.findings[source_finding].inherits_from
    if last.rule in CONTINUATIONS and not gap:
        # consecutive sentences of one reported speech form one claim
        merged = Span.of(rules.text, last.claim.start, span.end)
        rules.findings[last_index] = replace(last, claim=merged, sentence=sentence.index)
        return
    reported = rules.findings[source_finding]
    source = own_words_speaker(rules, rules.doc.sentences[reported.sentence], reported.source) or reported.source
    rules.add(Finding(
        rule="continuation.konjunktiv", form=form, medium=last.medium, cue=None,
        source=source, claim=span, confidence=rules.confidence.continuation,
        sentence=sentence.index, inherits_from=source_finding,
        evidence="Konjunktiv continues the reported speech of the previous sentence",
    ))


def _within_reach(rules: RuleContext, sentence: Sentence, last: Finding | None) -> bool:
    """The last attribution is at most ``windows.continuation_reach`` sentences back, in the same
    paragraph: a Konjunktiv goes on with its reported speech across a sentence
    between ("Der Bericht schildert die Fehlerkette. Die Ursache war ein Defekt.
    Techniker hätten … versäumt.")."""
    if last is None or not 1 < sentence.index - last.sentence <= rules.windows.continuation_reach:
        return False
    between = rules.text[rules.doc.sentences[last.sentence].end:sentence.start]
    return "\n\n" not in between


def _indicative_main_clause(sentence: Sentence, finite: list[Word]) -> bool:
    """The sentence's main clause is a finite indicative statement and no
    Konjunktiv (nor "soll") is in it: a Konjunktiv that only a subordinate
    clause holds ("Metzges ist der Meinung, dass die Klage … nicht verzögern
    dürfe"; "Wenn … verurteilt werden sollte, droht ihm …") is that clause's
    own, not reported speech that goes on."""
    roots = [w for w in sentence.words if w.deprel == "root"]
    if len(roots) != 1:
        return False
    root = roots[0]
    main = {root.index} | {w.index for w in sentence.children(root.index)
                           if w.deprel in ("aux", "aux:pass", "cop", "conj")}
    main_finite = [w for w in finite if w.index in main]
    if not main_finite or any(w.feat("Mood") != "Ind" for w in main_finite):
        return False  # no finite verb of its own, or one the tagger does not call indicative
    return not any(is_konjunktiv(w, sentence) or w.lemma == "sollen" for w in main_finite)


def _speech_act_before(rules: RuleContext, sentence: Sentence) -> tuple[Span, Medium | None, str] | None:
    """The speaker, medium and verb of a speech act in the main clause of the
    sentence before, in the same paragraph, that no family made an
    attribution of ("Der Iran streitet dies ab.", "Die Regierung warnt vor
    weiteren Überschwemmungen."): its subject said what the Konjunktiv goes on with."""
    if sentence.index == 0:
        return None
    previous = rules.doc.sentences[sentence.index - 1]
    if "\n\n" in rules.text[previous.end:sentence.start]:
        return None
    if any(f.sentence == previous.index for f in rules.findings):
        return None
    lexicon = rules.cue_verbs
    for word in previous.words:
        if word.deprel != "root":
            continue
        found = verb_cue(previous, word, lexicon, (), rules.cues.lemma_repairs)
        if found is None or found[1].impersonal:
            return None
        children = previous.children(word.index)
        if has_passive_auxiliary(children):
            return None
        subject = next((c for c in children if c.deprel == "nsubj" and c.upos in ("NOUN", "PROPN", "PRON")
                        and c.text.lower() not in rules.cues.never_subjects), None)
        if subject is None:
            return None
        return phrase_of(rules, previous, subject), found[1].medium, word.text
    return None
