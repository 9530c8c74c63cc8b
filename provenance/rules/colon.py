"""The colon family: a quotation introduced by a colon, with or without a
verb the parse linked to it."""

from __future__ import annotations

from provenance.records import Cue, Sentence, Span
from provenance.rules.context import Finding, RuleContext
from provenance.rules.noun_phrases import phrase_after, phrase_of
from provenance.rules.registry import register
from provenance.rules.spans import strip_space, trim


@register("colon_quote")
def colon_quote(rules: RuleContext, sentence: Sentence) -> None:
    """"X: „…“" (a name, a colon and a quotation) and "X sagte: „…“" where
    the parse lost the verb's link to the quotation."""
    tokens = sentence.tokens
    lexicon = rules.cue_verbs
    for i, token in enumerate(tokens[1:], start=1):
        if token.text != ":" or not rules.quote_follows(token.end):
            continue
        quote = next(iter(rules.quotes_starting(token.end, token.end + 2)), None)
        if quote is None or rules.covered(quote):
            continue
        before = [w for t in range(i) for w in rules.token_words(sentence, t)]
        verbs = [w for w in before if w.upos in ("VERB", "AUX")]
        speech = [w for w in verbs if w.lemma.lower() in lexicon]
        clause_start = max([0] + [k + 1 for k in range(i) if tokens[k].text in (",", ";")])
        if speech:
            verb = speech[-1]
            # the verb's own subject where the parse has one ("…, und der Redner rief aus:")
            subject = next((c for c in sentence.children(verb.index) if c.deprel == "nsubj"
                            and c.text.lower() not in rules.cues.never_subjects), None)
            source = (phrase_of(rules, sentence, subject) if subject is not None
                      else phrase_after(rules, sentence, clause_start))
            if source is None or source.end > verb.start and subject is None:
                source = phrase_after(rules, sentence, verb.token + 1)
            cue = Cue(verb.text, (Span.of(rules.text, verb.start, verb.end),))
            rule, confidence = "colon.verb", lexicon[verb.lemma.lower()].confidence * rules.confidence.colon_verb
        elif not verbs:
            # "Koppelin wörtlich:", "Der Sprecher abschließend:": a lower-case adverb closing the words
            # before the colon says how the source spoke (lower case only: surnames such as Klein may be tagged ADJ)
            end = i
            while end > 1 and tokens[end - 1].text.islower() and all(
                    w.upos in ("ADV", "ADJ") for w in rules.token_words(sentence, end - 1)):
                end -= 1
            source = trim(rules.text, Span.of(rules.text, tokens[0].start, tokens[end - 1].end))
            if source is not None and len(source.text.split()) > rules.windows.colon_source_words:
                continue
            cue = Cue(":", (Span.of(rules.text, token.start, token.end),))
            rule, confidence = "colon.quote", rules.confidence.colon_quote
        else:
            continue
        if source is None:
            continue
        rules.add(Finding(
            rule=rule, form="direct", medium="speech", cue=cue, source=source, claim=quote,
            confidence=round(confidence, 2), sentence=sentence.index,
            frame=strip_space(rules.text, Span.of(rules.text, tokens[clause_start].start, token.end)),
            evidence=f"'{rules.text[tokens[clause_start].start:token.end]}' introduces a quotation",
        ))
