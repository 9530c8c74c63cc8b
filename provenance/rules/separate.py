"""Two attributions in one sentence: a phrase cue's claim must not swallow
the other one."""

from __future__ import annotations

from dataclasses import replace

from provenance.records import Sentence, Span
from provenance.rules.context import RuleContext
from provenance.rules.registry import register
from provenance.rules.spans import trim


@register("separate_claims")
def separate_claims(rules: RuleContext, sentence: Sentence) -> None:
    """Two attributions in one sentence ("Der Quelle zufolge war …,
    Präsident Trump glaubt jedoch, dass …"): a phrase cue's claim ends at
    the comma before the other attribution's speaker or cue."""
    found = range(rules.sentence_first, len(rules.findings))
    for k in found:
        finding = rules.findings[k]
        if not finding.rule.startswith("phrase.") or finding.form == "direct":
            continue
        others = [s for j in found if j != k and rules.findings[j].relayed_by is None
                  for s in (rules.findings[j].source, *(rules.findings[j].cue.spans if rules.findings[j].cue else ()))
                  if s is not None and finding.claim.start < s.start < finding.claim.end]
        if not others:
            continue
        cut = min(s.start for s in others)
        comma = [t for t in sentence.tokens if finding.claim.start < t.start < cut and t.text == ","]
        if comma:
            claim = trim(rules.text, Span.of(rules.text, finding.claim.start, comma[-1].start))
            if claim is not None:
                rules.findings[k] = replace(finding, claim=claim)
