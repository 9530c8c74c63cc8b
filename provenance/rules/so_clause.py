"""The so-clause family: "…, so der Sprecher." closing a sentence, and
"…, so der Sprecher, …" inserted into it."""

from __future__ import annotations

from provenance.records import Cue, Sentence, Span
from provenance.rules.clauses import is_konjunktiv
from provenance.rules.context import Finding, RuleContext
from provenance.rules.noun_phrases import cut_at_clause
from provenance.rules.registry import register
from provenance.rules.spans import trim
from provenance.rules.words import QUOTE_CHARS

# what the speaker's noun phrase after "so" opens with
_SPEAKER_OPENERS = ("DET", "PROPN", "NOUN", "PRON", "ADJ")
# the marks that open and close an inserted "so X" ("…, so Nacke, habe …", "… – so Canny –, …")
_INSERTION_MARKS = {",", "–", "—"}


@register("so_clause")
def so_clause(rules: RuleContext, sentence: Sentence) -> None:
    """"…, so der Sprecher." at the end of a sentence, or inserted into it."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens[1:-1], start=1):
        if token.text.lower() != "so" or _inserted(rules, sentence, i) or tokens[i - 1].text not in {",", *QUOTE_CHARS}:
            continue
        rest = [w for t in tokens[i + 1:] for w in rules.token_words(sentence, tokens.index(t))]
        if any(w.upos in ("VERB",) for w in rest) or not any(w.upos in ("NOUN", "PROPN", "PRON") for w in rest):
            continue
        if rest[0].upos not in _SPEAKER_OPENERS:
            continue  # "…, so dass …", "…, so in Bahia und Ceara", "…, so zum Beispiel X": no speaker follows
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


def _inserted(rules: RuleContext, sentence: Sentence, i: int) -> bool:
    """"Der Präsident sei, so Gamkrelids, Schuld daran, …": a "so X" between
    commas (or dashes) inside the sentence names who says the rest of it.
    Only a noun phrase without a verb of its own stands between the marks
    ("…, so dass …", "…, so wie er es sagte, …" are no insertion), the
    sentence goes on behind it with a verb, and no indicative statement of
    the writer comes before it. A preposition right after a name
    says where it was said ("so Okwanga in einem Blogeintrag"): the speaker
    ends before it. True where the insertion was taken."""
    tokens = sentence.tokens
    if tokens[i - 1].text not in _INSERTION_MARKS:
        return False
    close = next((k for k in range(i + 1, len(tokens)) if tokens[k].text in _INSERTION_MARKS), None)
    if close is None or close == i + 1:
        return False

    def words(part):
        return [w for t in part for w in rules.token_words(sentence, tokens.index(t))]

    def finite(w):
        return (w.upos in ("VERB", "AUX") and w.feat("VerbForm") not in ("Inf", "Part")
                and not rules.in_quotation(w.start))

    inside = words(tokens[i + 1:close])
    if not any(w.upos in ("VERB", "AUX") and not rules.in_quotation(w.start) for w in words(tokens[close + 1:])):
        return False  # "…, so der Sprecher, Hans Müller.": postposed, not inserted
    if any(finite(w) and not is_konjunktiv(w, sentence) for w in words(tokens[:i - 1])):
        return False  # "Viele gratulierten, so der Präsident, …": "so" lists examples of a statement
    if inside[0].upos not in _SPEAKER_OPENERS or any(
            w.upos in ("VERB", "AUX", "SCONJ") and w.deprel not in ("amod", "acl") for w in inside) or not any(
            w.upos in ("NOUN", "PROPN", "PRON") for w in inside):
        return False
    end = next((after.start for w, after in zip(inside, inside[1:]) if w.upos == "PROPN" and after.upos == "ADP"
                and after.text.lower() not in ("von", "vom")), tokens[close].start)
    source = cut_at_clause(rules, sentence, trim(rules.text, Span.of(rules.text, tokens[i + 1].start, end)))
    claim = rules.body(sentence)
    if source is None or rules.covered(claim) or rules.inside_quotation(claim):
        return False
    claim, form = rules.message(claim)
    token = tokens[i]
    cue = Cue(token.text, (Span.of(rules.text, token.start, token.end),))
    rules.add(Finding(
        rule="so.inserted", form=form, medium="speech", cue=cue,
        source=source, claim=claim, confidence=rules.confidence.so_postposed, sentence=sentence.index,
        frame=Span.of(rules.text, tokens[i - 1].start, tokens[close].end),
        evidence=f"', so {source.text},' is inserted into the sentence",
    ))
    return True
