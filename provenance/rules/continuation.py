"""The continuation family: Konjunktiv I in the sentence after an
attribution continues its indirect speech."""

from __future__ import annotations

from dataclasses import replace

from provenance.records import Form, Sentence, Span, Word
from provenance.rules.clauses import is_konjunktiv
from provenance.rules.context import Finding, RuleContext
from provenance.rules.registry import register


@register("continuation")
def continuation(rules: RuleContext, sentence: Sentence) -> None:
    """Konjunktiv I in a sentence after an attribution continues its
    indirect speech ("Die meisten seien abgeschossen worden.")."""
    if not rules.cues.konjunktiv_continuation or not rules.findings:
        return
    last_index = len(rules.findings) - 1
    last = rules.findings[last_index]
    if sentence.index - last.sentence != 1:
        return  # only the sentence right after an attribution (or its continuation)
    outside_quotes = [w for w in sentence.words if not rules.in_quotation(w.start)]
    finite = [w for w in outside_quotes if w.upos in ("VERB", "AUX") and w.feat("VerbForm") not in ("Inf", "Part")]
    if _indicative_main_clause(sentence, finite):
        return  # "X ist der Meinung, dass … sei": the Konjunktiv is that clause's, not the previous speaker's
    if any(is_konjunktiv(w, sentence) for w in finite):
        form: Form = "indirect_free_indirect"
    elif any(w.lemma == "sollen" and w.text.lower() in ("soll", "sollen") for w in finite):
        form = "free_indirect"  # evidential "soll": reportedly
    else:
        return
    if rules.inside_quotation(Span.of(rules.text, sentence.start, sentence.end)):
        return
    span = Span.of(rules.text, sentence.start, sentence.end)
    # the speaker the reader met: the relaying source, not the one it cites
    source_finding = max(k for k, f in enumerate(rules.findings) if f.relayed_by is None)
    while rules.findings[source_finding].inherits_from is not None:
        source_finding = rules.findings[source_finding].inherits_from
    if last.rule == "continuation.konjunktiv":
        # consecutive sentences of one reported speech form one claim
        merged = Span.of(rules.text, last.claim.start, span.end)
        rules.findings[last_index] = replace(last, claim=merged, sentence=sentence.index)
        return
    rules.add(Finding(
        rule="continuation.konjunktiv", form=form, medium=last.medium, cue=None,
        source=rules.findings[source_finding].source, claim=span, confidence=rules.confidence.continuation,
        sentence=sentence.index, inherits_from=source_finding,
        evidence="Konjunktiv continues the reported speech of the previous sentence",
    ))


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
