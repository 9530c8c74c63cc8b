"""The so-clause family: "…, so der Sprecher." closing a sentence."""

from __future__ import annotations

from provenance.records import Cue, Sentence, Span
from provenance.rules.context import Finding, RuleContext
from provenance.rules.noun_phrases import cut_at_clause
from provenance.rules.registry import register
from provenance.rules.spans import trim
from provenance.rules.words import QUOTE_CHARS


@register("so_clause")
def so_clause(rules: RuleContext, sentence: Sentence) -> None:
    """"…, so der Sprecher." at the end of a sentence."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens[1:-1], start=1):
        if token.text.lower() != "so" or tokens[i - 1].text not in {",", *QUOTE_CHARS}:
            continue
        rest = [w for t in tokens[i + 1:] for w in rules.token_words(sentence, tokens.index(t))]
        if any(w.upos in ("VERB",) for w in rest) or not any(w.upos in ("NOUN", "PROPN", "PRON") for w in rest):
            continue
        source = cut_at_clause(rules, sentence, trim(rules.text, Span.of(rules.text, tokens[i + 1].start, sentence.end)))
        claim = trim(rules.text, Span.of(rules.text, sentence.start, tokens[i - 1].start if tokens[i - 1].text == "," else tokens[i - 1].end))
        if source is None or claim is None or rules.covered(claim):
            continue
        claim, form = rules.message(claim)
        cue = Cue(token.text, (Span.of(rules.text, token.start, token.end),))
        rules.add(Finding(
            rule="so.postposed", form=form, medium="speech", cue=cue,
            source=source, claim=claim, confidence=rules.confidence.so_postposed, sentence=sentence.index,
            frame=trim(rules.text, Span.of(rules.text, tokens[i - 1].start, source.end)),
            evidence=f"', so {source.text}' closes the sentence",
        ))
