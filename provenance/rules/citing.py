"""Relays: a reporting verb's subject passing on what an origin said, named
by a citing phrase ("unter Berufung auf Y") or by a relay verb ("zitiert Y",
"beruft sich auf Y"). Part of the verbs family: a relay is always found at
a reporting verb."""

from __future__ import annotations

from provenance.records import Cue, Form, Sentence, Span, Word
from provenance.rules.clauses import has_passive_auxiliary
from provenance.rules.context import Finding, RuleContext
from provenance.rules.noun_phrases import passive_agent, phrase_after, phrase_of
from provenance.rules.spans import trim


def add_citing_origins(rules: RuleContext, sentence: Sentence, verb: Word, relayer: int) -> None:
    """"unter Berufung auf Y" beside a reporting verb: Y is the origin and
    the verb's subject relays it."""
    for name, phrase, i in rules.phrases_in(sentence):
        if phrase.role != "citing":
            continue
        source = phrase_after(rules, sentence, i + len(phrase.tokens), origin=True)
        if source is None:
            continue
        relay = rules.findings[relayer]
        cue_tokens = sentence.tokens[i:i + len(phrase.tokens)]
        cue = Cue(" ".join(t.text for t in cue_tokens), (Span.of(rules.text, cue_tokens[0].start, cue_tokens[-1].end),))
        rules.add(Finding(
            rule=f"citing.{name}", form=relay.form, medium=relay.medium, cue=cue, source=source,
            claim=relay.claim, confidence=phrase.confidence, frame=relay.frame, sentence=sentence.index,
            relayed_by=relayer, evidence=f"'{cue.text}' names the origin that '{relay.cue.text}' relays",
        ))


def add_relay(rules: RuleContext, sentence: Sentence, verb: Word, cue_words: list[Word]) -> bool:
    """"Die Zeitung zitiert einen Beamten: …" or "X beruft sich auf Y":
    the object is the origin, the subject relays it. In the passive ("X
    wird von Reuters zitiert") the subject is the origin, the agent relays."""
    children = sentence.children(verb.index)
    passive = has_passive_auxiliary(children)
    if passive:
        quoted = next((c for c in children if c.deprel in ("nsubj:pass", "nsubj") and c.text.lower() != "es"
                       and c.upos in ("NOUN", "PROPN", "PRON")), None)
        if quoted is None:
            return False
        subject, origin_span = None, phrase_of(rules, sentence, quoted)
    else:
        subjects = [c for c in children if c.deprel == "nsubj"]
        subject = subjects[0] if subjects else None
        origin = next((c for c in children if c.deprel in ("obj", "obl") and c.upos in ("NOUN", "PROPN")), None)
        if origin is None and len(subjects) > 1 and subjects[1].upos in ("NOUN", "PROPN"):
            origin = subjects[1]  # "zitiert der Sender die Reporterin": the parser made both subjects
        if origin is not None:
            origin_span = phrase_of(rules, sentence, origin, origin=True)
        else:  # the accusative right after the verb: "zitiert einen Diplomaten"
            origin_span = phrase_after(rules, sentence, verb.token + 1, origin=True)
            if origin_span is None:
                return False
    found = relayed_claim(rules, sentence, verb, origin_span)
    if found is None:
        return False
    claim, form = found
    source = (passive_agent(rules, sentence, children, claim) if passive
              else phrase_of(rules, sentence, subject) if subject else None)
    cue_spans = tuple(Span.of(rules.text, w.start, w.end) for w in cue_words)
    cue = Cue(" ".join(s.text for s in cue_spans), cue_spans)
    relayer = rules.add(Finding(
        rule="relay.verb", form=form, medium=None, cue=cue, source=source, claim=claim, confidence=rules.confidence.relay, sentence=sentence.index, frame=rules.frame(sentence, claim, cue),
        evidence=f"'{verb.text}' relays '{origin_span.text}'",
    ))
    rules.add(Finding(
        rule="relay.origin", form=form, medium=None, cue=cue, source=origin_span, claim=claim,
        confidence=rules.confidence.relay, sentence=sentence.index, relayed_by=relayer,
        evidence=f"{'subject' if passive else 'object'} of '{verb.text}'",
    ))
    return True


def relayed_claim(rules: RuleContext, sentence: Sentence, verb: Word, origin: Span) -> tuple[Span, Form] | None:
    """What a relay verb relays: a quotation after it ("zitiert X: „…“"), a
    message clause right behind it ("X wird von Y zitiert, es habe …"), a quotation closing right before its clause ("„…“, zitiert X").
    Not the claim of the attribution before ("… . Sie beruft sich auf Y."): that would report the same
    claim twice, and the verb is read as any other (the annotation does not repeat the claim either)."""
    minimum = rules.windows.min_relay_quote_words
    quote = next((q for q in rules.quotes_starting(verb.end, sentence.end + 1) if not q.overlaps(origin)), None)
    if quote is not None and len(quote.text.split()) >= minimum:
        return quote, "direct"
    after = [t for t in sentence.tokens if t.start >= verb.end][:rules.windows.message_mark_tokens]
    mark = next((t for t in after if t.text in (",", ":")), None)
    if mark is not None and not any(w.upos in ("VERB", "AUX") for t in after if t.start < mark.start
                                    for w in rules.token_words(sentence, sentence.tokens.index(t))):
        claim, form = rules.message(trim(rules.text, Span.of(rules.text, mark.end, rules.body(sentence).end)))
        if claim is not None and len(claim.text.split()) >= rules.windows.min_claim_words and not claim.overlaps(origin):
            return claim, form
    clause = max([sentence.start] + [t.end for t in sentence.tokens if t.end <= verb.start and t.text == ","])
    # a quotation closing right before the clause ends among the spaces and commas before it
    closing = Span.of(rules.text, len(rules.text[:clause].rstrip(" ,")), clause)
    before = next((q for q in reversed(rules.quotes_near(closing)) if q.end <= clause and not rules.text[q.end:clause].strip(" ,")
                   and len(q.text.split()) >= minimum), None)
    if before is not None:
        return before, "direct"
    return None
