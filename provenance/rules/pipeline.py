"""Runs the configured rule families over a document."""

from __future__ import annotations

from provenance.config import Config
from provenance.records import ParsedDocument
from provenance.rules.context import Finding, RuleContext
from provenance.rules.registry import registered


def find_attributions(doc: ParsedDocument, config: Config) -> list[Finding]:
    """Every attribution the rules find in ``doc``, in reading order of cues."""
    families = registered()
    order = config.pipeline
    each = [families[name].run for name in order.sentence]
    fallback = [families[name].run for name in order.fallback]
    rules = RuleContext(config, doc)
    for sentence in doc.sentences:
        rules.sentence_first = len(rules.findings)
        for family in each:
            family(rules, sentence)
        # a fallback speaks only for a sentence that no family before it has claimed
        for family in fallback:
            if len(rules.findings) == rules.sentence_first:
                family(rules, sentence)
    for name in order.document:
        families[name].run(rules)
    return rules.findings
