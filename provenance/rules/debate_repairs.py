"""Debate families that correct what the other families found, once all are
found (document families, debate order only):

- ``first_person``: in a speech the speaker argues in the first person;
  where the parse hung the subject of a cue verb elsewhere ("Deswegen glaube
  ich, …" read with "Deswegen" as subject), the "ich" or "wir" the verb
  governs is the source;
- ``debate_addressees``: whom a speaker addresses, "Ich sage Ihnen …", "Ich
  bitte Sie …", "Herr Kollege, Sie haben gesagt …" is no source: a
  second-person pronoun object of the cue verb is the addressee;
- ``debate_cues``: the SpkAtt annotation counts the cue word and its
  particle or obligatory reflexive, not auxiliaries, modals or correlates
  ("hat … gesagt" is "gesagt", "erinnere mich" is both words);
- ``news_rules_left_out``: the findings of news rules whose claims the
  SpkAtt annotation never takes for messages (debate.yaml).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from provenance.records import Cue, Sentence, Span, Word
from provenance.rules.context import Finding, RuleContext
from provenance.rules.debate_claims import debate_words
from provenance.rules.registry import register

# A source phrase whose head is none of these is no speaker ("Deswegen", "Insofern")
SPEAKER_UPOS = frozenset({"NOUN", "PROPN", "PRON", "DET", "NUM"})
# Cue words the SpkAtt annotation leaves out: auxiliaries, modals, correlates (debate.yaml)
AUX_RELATIONS = frozenset({"aux", "aux:pass"})


def _sentence_at(rules: RuleContext, offset: int) -> Sentence | None:
    return next((s for s in rules.doc.sentences if s.start <= offset < s.end), None)


def _words_in(sentence: Sentence, span: Span) -> list[Word]:
    return [w for w in sentence.words if span.start <= w.start and w.end <= span.end]


def _cue_verb(sentence: Sentence, finding: Finding) -> Word | None:
    """The main verb of a finding's cue, if it has one."""
    words = [w for s in finding.cue.spans for w in _words_in(sentence, s)] if finding.cue else []
    return next((w for w in words if w.upos == "VERB"), None)


@register("first_person", per="document")
def first_person(rules: RuleContext) -> None:
    """"Deswegen glaube ich, …": the "ich" the cue verb governs is the source."""
    for k, finding in enumerate(rules.findings):
        if finding.cue is None or finding.inherits_from is not None:
            continue
        sentence = _sentence_at(rules, finding.cue.spans[0].start)
        verb = sentence and _cue_verb(sentence, finding)
        if verb is None:
            continue
        if finding.source is not None:
            heads = [w for w in _words_in(sentence, finding.source) if w.upos in SPEAKER_UPOS]
            if heads:
                continue  # a nominal source stays
        pronoun = next((c for c in sentence.children(verb.index) if c.text.lower() in debate_words(rules, "first_person_subjects")
                        and not finding.claim.overlaps(Span.of(rules.text, c.start, c.end))), None)
        if pronoun is None:
            # the pronoun may hang on the finite auxiliary or the clause's root ("Deswegen glaube ich")
            pronoun = next((w for w in sentence.words if w.text.lower() in debate_words(rules, "first_person_subjects")
                            and abs(w.index - verb.index) <= 2
                            and not finding.claim.overlaps(Span.of(rules.text, w.start, w.end))), None)
        if pronoun is None:
            continue
        source = Span.of(rules.text, pronoun.start, pronoun.end)
        rules.replace_at(k, replace(finding, source=source,
                                    evidence=f"{finding.evidence}; the speaker's '{pronoun.text}' is the source"))


@register("debate_addressees", per="document")
def debate_addressees(rules: RuleContext) -> None:
    """"Ich sage Ihnen, …", "Ich frage Sie, ob …": the second person the cue verb governs is whom it was told."""
    addressee_forms = set(rules.config.debate.addressee_pronouns) if rules.config.debate else set()
    for k, finding in enumerate(rules.findings):
        if finding.cue is None or finding.addressee is not None:
            continue
        sentence = _sentence_at(rules, finding.cue.spans[0].start)
        verb = sentence and _cue_verb(sentence, finding)
        if verb is None:
            continue
        for child in sentence.children(verb.index):
            span = Span.of(rules.text, child.start, child.end)
            if (child.text in addressee_forms and child.deprel in ("obj", "iobj", "obl")
                    and not finding.claim.overlaps(span)
                    and not (finding.source is not None and finding.source.overlaps(span))):
                rules.replace_at(k, replace(finding, addressee=span))
                break


@register("debate_cues", per="document")
def debate_cues(rules: RuleContext) -> None:
    """Cues as SpkAtt counts them: no auxiliaries, modals or correlates; the
    obligatory reflexive of the verb ("erinnere mich", "freue mich") in."""
    for k, finding in enumerate(rules.findings):
        if finding.cue is None:
            continue
        sentence = _sentence_at(rules, finding.cue.spans[0].start)
        if sentence is None:
            continue
        words = [w for s in finding.cue.spans for w in _words_in(sentence, s)]
        verb = next((w for w in words if w.upos == "VERB"), None)
        if verb is None or len(words) != len(finding.cue.spans):
            continue  # a phrase cue, or spans that are not one word each: left alone
        kept = [w for w in words if w is verb or not (
            (w.upos == "AUX" and w.deprel in AUX_RELATIONS | {"root", "cop"} and w.head in (verb.index, 0))
            or (w.upos == "AUX" and w.head == verb.index)
            or w.text.lower() in debate_words(rules, "correlates"))]
        reflexive = [c for c in sentence.children(verb.index) if c.feat("Reflex") == "Yes"
                     and c.deprel in ("expl:pv", "obj", "expl") and c not in kept
                     and not finding.claim.overlaps(Span.of(rules.text, c.start, c.end))]
        kept = sorted(kept + reflexive, key=lambda w: w.start)
        if kept == words:
            continue
        spans = tuple(Span.of(rules.text, w.start, w.end) for w in kept)
        rules.replace_at(k, replace(finding, cue=Cue(" ".join(s.text for s in spans), spans)))


@register("cued_only", per="document")
def cued_only(rules: RuleContext) -> None:
    """In a speech every speech event has its cue (SpkAtt annotates none
    without one): findings without a cue ("verb.reported" sentences,
    evidentials without a cue word) are left out; references to them are cut."""
    kept = with_cues(rules.findings)
    if len(kept) != len(rules.findings):
        rules.findings[:] = kept


def with_cues(findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` less those without a cue, their references renumbered
    (also applied to what the learned layer adds in a speech: see analysis.py)."""
    return _kept(findings, [k for k, f in enumerate(findings) if f.cue is not None])


def _kept(findings: Sequence[Finding], keep: list[int]) -> list[Finding]:
    """The findings at the indices ``keep``, their references to others renumbered (cut where the other
    is left out)."""
    new_index = {old: new for new, old in enumerate(keep)}

    def moved(index: int | None) -> int | None:
        return None if index is None else new_index.get(index)

    return [replace(findings[k], relayed_by=moved(findings[k].relayed_by),
                    inherits_from=moved(findings[k].inherits_from)) for k in keep]


@register("news_rules_left_out", per="document")
def news_rules_left_out(rules: RuleContext) -> None:
    """Findings of the news rules of debate.yaml ``news_rules_left_out`` are no attribution in a speech
    (their cue word may still be a speech event); references to them are cut."""
    left_out = debate_words(rules, "news_rules_left_out")
    if not left_out:
        return
    keep = [k for k, f in enumerate(rules.findings) if f.rule.lower() not in left_out]
    if len(keep) != len(rules.findings):
        rules.findings[:] = _kept(rules.findings, keep)
