"""The evidential family: "soll … sein/haben" marks a claim as someone
else's, named or not."""

from __future__ import annotations

from provenance.records import Sentence, Span
from provenance.rules.context import Finding, RuleContext
from provenance.rules.registry import register


@register("evidential")
def evidential(rules: RuleContext, sentence: Sentence) -> None:
    """"Der Täter soll geflohen sein.": evidential "sollen" with a perfect
    infinitive marks a claim someone else made, named or not."""
    words = [w for w in sentence.words if not rules.in_quotation(w.start)]
    if not any(w.text.lower() in ("soll", "sollen") for w in words):
        return
    tail = [w for w in words if w.upos != "PUNCT"][-2:]
    if not any(w.text.lower() in ("sein", "haben") for w in tail):
        return
    previous = [k for k, f in enumerate(rules.findings)
                if f.relayed_by is None and 0 < sentence.index - f.sentence <= rules.windows.evidential_reach]
    origin = previous[-1] if previous else None
    while origin is not None and rules.findings[origin].inherits_from is not None:
        origin = rules.findings[origin].inherits_from
    rules.add(Finding(
        rule="evidential.sollen", form="free_indirect", medium=None, cue=None,
        source=rules.findings[origin].source if origin is not None else None,
        claim=Span.of(rules.text, sentence.start, sentence.end), confidence=rules.confidence.evidential,
        sentence=sentence.index,
        inherits_from=origin, evidence="evidential 'soll … sein/haben': reported, not asserted",
    ))
