"""Quotations no sentence family claimed, once the whole document is read:
one after an attribution is its source's, one inside an indirect claim is a
direct quotation of that claim's source."""

from __future__ import annotations

import bisect
from dataclasses import replace

from provenance.records import Span
from provenance.rules.context import Finding, RuleContext
from provenance.rules.registry import register


def _sentence_at(rules: RuleContext, offset: int):
    """The first sentence that holds ``offset`` (or ends just before it),
    found by bisection: sentences are in order and do not overlap, so only the
    last one starting at or before ``offset`` and the one before it can."""
    sentences = rules.doc.sentences
    k = bisect.bisect_right(rules.sentence_starts, offset) - 1
    return next((s for s in sentences[max(0, k - 1):k + 1] if s.start <= offset < s.end + 1), None)


@register("direct_quotes", per="document")
def direct_quotes(rules: RuleContext) -> None:
    """Quotations no rule has claimed: the speaker is the last source named
    in this or one of the ``windows.quote_reach`` sentences before."""
    for quote in rules.quotes:
        if rules.covered(quote) or len(quote.text.split()) < rules.windows.min_adjacent_quote_words:
            continue
        sentence = _sentence_at(rules, quote.start)
        if sentence is None:
            continue
        previous = [k for k, f in enumerate(rules.findings)
                    if f.relayed_by is None and 0 <= sentence.index - f.sentence <= rules.windows.quote_reach
                    and f.claim.end <= quote.start]
        if not previous:
            continue
        rules.add(Finding(
            rule="quote.adjacent", form="direct", medium="speech", cue=None,
            source=rules.findings[previous[-1]].source, claim=quote,
            confidence=rules.confidence.quote_adjacent, sentence=sentence.index, inherits_from=previous[-1],
            evidence="quotation follows an attribution to the same source",
        ))


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
        for quote in rules.quotes:
            if (finding.claim.contains(quote) and quote != finding.claim
                    and len(quote.text.split()) >= rules.windows.min_nested_quote_words):
                nest_quotation(rules, findings, k, quote, relayer=None)


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
