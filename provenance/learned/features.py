"""Token features for the sequence labeller: what the parse says about each
word, where it stands (sentence, quotation, paragraph), whether the cue
lexicon knows it, and what the rule families made of it.

The rule outputs are features, not answers: a word inside a rule's claim
gets ``r.msg`` and the family's name, so the labeller learns where the rules
are right (and copies them) and where they go wrong or stay silent.

A document is one sequence of its words in reading order (the words of a
multi-word token share its offsets). Every feature is a string or a float, as
``sklearn-crfsuite`` takes them.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from provenance.config import Config
from provenance.records import ParsedDocument, Sentence, Word
from provenance.rules import Finding
from provenance.rules.clauses import is_konjunktiv
from provenance.rules.spans import find_quotations
from provenance.rules.words import QUOTE_CHARS

Features = dict[str, str | float]


@dataclass(frozen=True, slots=True)
class Position:
    """Where a word of the sequence is: its sentence and the word itself."""

    sentence: int  # index into doc.sentences
    word: Word


def positions(doc: ParsedDocument) -> list[Position]:
    return [Position(k, w) for k, s in enumerate(doc.sentences) for w in s.words]


def shape(text: str) -> str:
    """"Merkel" -> "Xx", "SPD" -> "X", "2009" -> "d", "„" -> "„": runs collapsed."""
    out: list[str] = []
    for ch in text[:12]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _rule_marks(doc: ParsedDocument, findings: Sequence[Finding], pos: Sequence[Position]) -> list[Features]:
    """Per word, the roles rule findings give it: cue, source, claim (with
    its form and whether it opens there), frame, addressee, and the family."""
    starts = [p.word.start for p in pos]
    marks: list[Features] = [{} for _ in pos]

    def mark(span, name: str, value: str | float = 1.0) -> list[int]:
        if span is None:
            return []
        lo = bisect.bisect_left(starts, span.start)
        # words that share characters with the span; words start in order
        hit = []
        k = max(0, lo - 1)
        while k < len(pos) and pos[k].word.start < span.end:
            w = pos[k].word
            if w.end > span.start and w.start < span.end:
                marks[k][name] = value
                hit.append(k)
            k += 1
        return hit

    for f in findings:
        family = f.rule.split(".")[0]
        top = "top" if f.relayed_by is None else "relayed"
        for span in (f.cue.spans if f.cue else ()):
            for k in mark(span, "r.cue"):
                marks[k]["r.cue.rule"] = f.rule
        for k in mark(f.source, "r.src"):
            marks[k]["r.src.rule"] = family
        hit = mark(f.claim, "r.msg")
        for k in hit:
            marks[k]["r.msg.form"] = f.form
            marks[k]["r.msg.rule"] = f.rule
            marks[k]["r.msg.top"] = top
        if hit:
            marks[hit[0]]["r.msg.begin"] = f.form
            marks[hit[-1]]["r.msg.end"] = 1.0
        mark(f.frame, "r.frame")
        mark(f.addressee, "r.adr")
    return marks


def _lexicon(config: Config) -> tuple[set[str], set[str], set[str], tuple[str, ...]]:
    cues = config.cues
    verbs = set(cues.verbs) | set(cues.reported_verbs)
    phrase_words = {t for p in cues.phrases.values() for t in p.tokens if "*" not in t and "?" not in t}
    nouns = set(cues.reporting_nouns) | set(cues.addressee_nouns)
    return verbs, phrase_words, nouns, tuple(e.lower() for e in cues.reporting_noun_endings)


def _sentence_facts(sentence: Sentence) -> Features:
    """What holds for the whole sentence: finite Konjunktiv, 'sollen',
    a quotation mark, a colon, its length."""
    finite = [w for w in sentence.words if w.upos in ("VERB", "AUX") and w.feat("VerbForm") not in ("Inf", "Part")]
    facts: Features = {}
    if any(is_konjunktiv(w, sentence) for w in finite):
        facts["s.konj"] = 1.0
    if any(w.lemma == "sollen" for w in finite):
        facts["s.sollen"] = 1.0
    if any(ch in QUOTE_CHARS for ch in sentence.text):
        facts["s.quote"] = 1.0
    if ":" in sentence.text:
        facts["s.colon"] = 1.0
    n = len(sentence.words)
    facts["s.len"] = "short" if n < 8 else "mid" if n < 25 else "long"
    return facts


def document_features(doc: ParsedDocument, findings: Sequence[Finding], config: Config) -> list[Features]:
    """One feature dict per word of ``doc`` (in :func:`positions` order)."""
    pos = positions(doc)
    if not pos:
        return []
    verbs, phrase_words, nouns, endings = _lexicon(config)
    quotes = find_quotations(doc.text)
    qstarts = [q.start for q in quotes]
    marks = _rule_marks(doc, findings, pos)
    # which sentences the rules found something in (for the sentence after an attribution)
    claimed = _claimed_sentences(doc, findings)
    facts = [_sentence_facts(s) for s in doc.sentences]
    paragraph_start = {k for k, s in enumerate(doc.sentences) if k == 0 or "\n" in doc.text[doc.sentences[k - 1].end:s.start]}
    base: list[Features] = []
    for k, p in enumerate(pos):
        w = p.word
        s = doc.sentences[p.sentence]
        lower = w.text.lower()
        head = s.word(w.head) if w.head else None
        q = bisect.bisect_right(qstarts, w.start) - 1
        inside = any(quotes[j].start <= w.start < quotes[j].end for j in range(max(0, q - 2), q + 1)) if q >= 0 else False
        f: Features = {
            "bias": 1.0, "low": lower, "lemma": w.lemma.lower(), "upos": w.upos, "xpos": w.xpos,
            "dep": w.deprel, "shape": shape(w.text), "suf3": lower[-3:], "pre3": lower[:3],
            "head.lemma": head.lemma.lower() if head else "ROOT", "head.upos": head.upos if head else "ROOT",
            "head.dep": head.deprel if head else "ROOT", "ner": w.ner.split("-")[-1],
        }
        mood = w.feat("Mood")
        if mood:
            f["mood"] = mood
        if w.upos in ("VERB", "AUX") and is_konjunktiv(w, s):
            f["konj"] = 1.0
        if w.feat("Person"):
            f["person"] = w.feat("Person")
        if inside:
            f["in.quote"] = 1.0
        if w.text in QUOTE_CHARS:
            f["qmark"] = 1.0
        if w.lemma in verbs:
            f["lex.verb"] = 1.0
        if lower in phrase_words:
            f["lex.phrase"] = 1.0
        if w.lemma in nouns or lower.endswith(endings):
            f["lex.noun"] = 1.0
        if head is not None and head.lemma in verbs:
            f["head.lex"] = 1.0
        if w.index == 1:
            f["s.first"] = 1.0
            if p.sentence in paragraph_start:
                f["p.first"] = 1.0
        if w.index == len(s.words):
            f["s.last"] = 1.0
        f["s.pos"] = "first" if p.sentence == 0 else "early" if p.sentence < 3 else "later"
        if p.sentence - 1 in claimed:
            f["s.prev.claimed"] = 1.0
        if p.sentence in claimed:
            f["s.claimed"] = 1.0
        f.update(facts[p.sentence])
        f.update(marks[k])
        base.append(f)
    # a window of two words on each side, of the most telling features
    window = ("low", "upos", "dep", "lex.verb", "r.cue", "r.src", "r.msg", "qmark", "in.quote")
    out: list[Features] = []
    for k, f in enumerate(base):
        g = dict(f)
        for off in (-2, -1, 1, 2):
            j = k + off
            if 0 <= j < len(base) and pos[j].sentence == pos[k].sentence:
                for name in window:
                    if name in base[j]:
                        g[f"{off}:{name}"] = base[j][name]
            else:
                g[f"{off}:edge"] = 1.0
        out.append(g)
    return out


def _claimed_sentences(doc: ParsedDocument, findings: Sequence[Finding]) -> set[int]:
    starts = [s.start for s in doc.sentences]
    out = set()
    for f in findings:
        first = max(0, bisect.bisect_right(starts, f.claim.start) - 1)
        last = max(0, bisect.bisect_right(starts, max(f.claim.start, f.claim.end - 1)) - 1)
        out.update(range(first, last + 1))
    return out
