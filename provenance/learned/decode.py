"""From word labels back to attributions, and the revision of the rule
findings by the labeller.

Decoding: each message segment of the Viterbi labels (``B-T I-T …``, a piece
after its reporting clause joined to it) becomes a claim; the cue, speaker
and addressee words the labeller marked in its sentence go to the nearest
message; a message without a speaker of its own (free indirect speech, a
Konjunktiv continuation) takes the speaker of the attribution before it, as
the rule ``continuation.konjunktiv`` does. The frame is the reporting clause,
cut as the rules cut it.

Revision (:func:`revise`): the rule findings stay, unless the labeller is sure
a rule claim is no message (mean message marginal over its words below
``drop_below``: dropped); a rule claim and a labelled message that overlap
only each other take the labeller's words from mean marginal ``fix_from``
(``<rule>+learned.boundary``); a rule source whose words the labeller does not
read as a speaker (mean speaker marginal below ``speaker_below``) gives way to
the speaker words it marks in the claim's sentence
(``<rule>+learned.speaker``); a message the rules did not find at all is added
when its calibrated confidence reaches ``add_from`` (``learned.sequence``).
The thresholds are chosen by cross-validation; every revision says what it
changed in the finding's ``evidence``.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from provenance.config import Config
from provenance.records import Cue, Form, Medium, ParsedDocument, Span, Word
from provenance.rules import Finding
from provenance.rules.spans import strip_space, subtract, trim
from provenance.learned.features import Position
from provenance.learned.labels import MESSAGE_TAGS, TAG_TYPE

FORM_OF_TAG: dict[str, Form] = {"D": "direct", "I": "indirect", "F": "free_indirect",
                                "IF": "indirect_free_indirect", "R": "reported"}
MESSAGE_LABELS = (*MESSAGE_TAGS, "SR")


@dataclass(frozen=True, slots=True)
class Segment:
    """One message the labeller found: its type tag and word positions."""

    tag: str
    words: tuple[int, ...]
    probability: float  # mean message marginal over its words (uncalibrated)


@dataclass(frozen=True, slots=True)
class Calibration:
    """Isotonic regression as its step points: ``np.interp`` over them is
    what scikit-learn's ``IsotonicRegression.predict`` computes."""

    x: tuple[float, ...]
    y: tuple[float, ...]

    def __call__(self, p: float) -> float:
        if not self.x:
            return p
        return float(np.interp(p, self.x, self.y))


def message_probability(marginal: Mapping[str, float]) -> float:
    return sum(marginal.get(label, 0.0) for label in MESSAGE_LABELS)


def segments(labels: Sequence[str], marginals: Sequence[Mapping[str, float]], pos: Sequence[Position]) -> list[Segment]:
    """Message segments of one document's labels (see the module docstring)."""
    open_: list[list] = []  # [tag, words, sentence]
    current: list | None = None
    for k, label in enumerate(labels):
        if label not in MESSAGE_LABELS:
            current = None
            continue
        tag = "R" if label == "SR" else label[2:]
        sentence = pos[k].sentence
        if label.startswith("B-"):
            current = [tag, [k], sentence]
            open_.append(current)
            continue
        if current is not None and current[0] == tag:
            current[1].append(k)
            current[2] = sentence
            continue
        # I-T after a gap: the piece of a message interrupted by its reporting clause
        resumed = next((s for s in reversed(open_) if s[0] == tag and s[2] == sentence), None)
        if resumed is not None and label != "SR":
            resumed[1].append(k)
            current = resumed
        else:
            current = [tag, [k], sentence]
            open_.append(current)
    out = []
    for tag, words, _ in open_:
        p = float(np.mean([message_probability(marginals[k]) for k in words]))
        out.append(Segment(tag, tuple(words), p))
    return out


def _runs(indices: Sequence[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for k in sorted(indices):
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _span(text: str, pos: Sequence[Position], words: Sequence[int]) -> Span:
    return Span.of(text, min(pos[k].word.start for k in words), max(pos[k].word.end for k in words))


def _distance(run: Sequence[int], words: Sequence[int]) -> int:
    return min(abs(a - b) for a in (run[0], run[-1]) for b in (words[0], words[-1]))


@dataclass(frozen=True, slots=True)
class Roles:
    """The cue, speaker and addressee words given to one segment."""

    cue: tuple[tuple[int, ...], ...]
    source: tuple[int, ...]
    addressee: tuple[int, ...]


def assign_roles(labels: Sequence[str], pos: Sequence[Position], segs: Sequence[Segment]) -> list[Roles]:
    """Each run of cue, speaker or addressee words goes to the nearest segment
    of its sentence (a segment touching the sentence); a segment keeps all its
    cue runs ("teilte … mit") and its nearest speaker and addressee run."""
    in_segment = {k for s in segs for k in s.words}
    by_sentence: dict[int, list[int]] = {}
    for n, s in enumerate(segs):
        for sentence in {pos[k].sentence for k in s.words}:
            by_sentence.setdefault(sentence, []).append(n)
    runs: dict[str, list[list[int]]] = {}
    for role in ("C", "S", "A"):
        words = [k for k, label in enumerate(labels) if label == role and k not in in_segment]
        runs[role] = [r for r in _runs(words) if len({pos[k].sentence for k in r}) == 1]
        # a run that spans two sentences is split by the sentence boundary
        for r in _runs(words):
            if len({pos[k].sentence for k in r}) > 1:
                for sentence in sorted({pos[k].sentence for k in r}):
                    runs[role].append([k for k in r if pos[k].sentence == sentence])
    given: dict[str, list[list[list[int]]]] = {role: [[] for _ in segs] for role in runs}
    for role, role_runs in runs.items():
        for r in role_runs:
            candidates = by_sentence.get(pos[r[0]].sentence, [])
            if not candidates:
                continue
            nearest = min(candidates, key=lambda n: (_distance(r, segs[n].words), n))
            given[role][nearest].append(r)
    out = []
    for n, s in enumerate(segs):
        cue = tuple(tuple(r) for r in sorted(given["C"][n]))
        inner = [k for k in s.words if labels[k] == "SR"]
        if inner:
            source: tuple[int, ...] = tuple(_runs(inner)[0])
        else:
            near = sorted(given["S"][n], key=lambda r: _distance(r, s.words))
            source = tuple(near[0]) if near else ()
        near_a = sorted(given["A"][n], key=lambda r: _distance(r, s.words))
        out.append(Roles(cue, source, tuple(near_a[0]) if near_a else ()))
    return out


SPEAKER_REACH = 2  # sentences back a message without a speaker of its own looks for one
INHERIT_REACH = 1  # sentences back the attribution may end whose speaker such a message takes


def _speaker_before(labels: Sequence[str], pos: Sequence[Position], s: Segment) -> list[int]:
    """The speaker words nearest to a message that was given none: in its own
    sentence (a speaker the nearest-message rule gave to another message), or,
    for free indirect and reported speech and quotations, in the sentences
    just before it, as the annotation marks the speaker of a continued speech."""
    first = s.words[0]
    sentence = pos[first].sentence
    own = [k for k, label in enumerate(labels) if label in ("S", "SR") and pos[k].sentence == sentence
           and k not in s.words]
    if own:
        return min(_runs(own), key=lambda r: _distance(r, s.words))
    if s.tag == "I":
        return []
    back = [k for k in range(first - 1, -1, -1) if sentence - pos[k].sentence <= SPEAKER_REACH]
    words = sorted(k for k in back if labels[k] in ("S", "SR"))
    return _runs(words)[-1] if words else []


def _frame(doc: ParsedDocument, sentence: int, claim: Span, cue: Cue) -> Span | None:
    """The reporting clause, as ``RuleContext.frame`` cuts it."""
    s = doc.sentences[sentence]
    whole = Span.of(doc.text, s.start, s.end)
    body = trim(doc.text, whole) or whole
    if claim.start >= body.end or claim.end <= body.start:
        return body
    side = subtract(doc.text, body, claim, keep=cue.spans[0])
    return strip_space(doc.text, side) if side is not None else None


def _medium(config: Config, pos: Sequence[Position], cue_runs: Sequence[Sequence[int]]) -> Medium | None:
    verbs = config.cues.verbs
    for run in cue_runs:
        for k in run:
            entry = verbs.get(pos[k].word.lemma) or config.cues.reported_verbs.get(pos[k].word.lemma)
            if entry is not None and entry.medium:
                return entry.medium
    return None


@dataclass(frozen=True, slots=True)
class Thresholds:
    add_from: float  # calibrated confidence a new message needs
    drop_below: float  # mean message marginal under which a rule claim is dropped (0: never)
    # mean marginal from which the labeller's message replaces the claim of the one rule
    # finding it overlaps, when their words differ (above 1: never)
    fix_from: float = 1.01
    # mean speaker marginal below which a rule finding's source gives way to the speaker
    # words the labeller marks in the claim's sentence (0: never)
    speaker_below: float = 0.0


SPEAKER_SURE = 0.5  # mean marginal the labeller's speaker words need to replace a rule's source


def _word_range(pos: Sequence[Position], span: Span) -> list[int]:
    starts = [p.word.start for p in pos]
    k = max(0, bisect.bisect_left(starts, span.start) - 1)
    out = []
    while k < len(pos) and pos[k].word.start < span.end:
        if pos[k].word.end > span.start:
            out.append(k)
        k += 1
    return out


def _rule_note(pos_features: Sequence[Mapping[str, object]], words: Sequence[int]) -> str:
    """Which rule features the segment's words carried, in words."""
    cues = sorted({str(pos_features[k]["r.cue.rule"]) for k in words if "r.cue.rule" in pos_features[k]})
    if cues:
        return f"the words carry rule features of {', '.join(cues)}"
    near = sorted({str(f["r.msg.rule"]) for f in (pos_features[k] for k in words) if "r.msg.rule" in f})
    return f"near rule claims of {', '.join(near)}" if near else "no rule fired on these words"


def revise(doc: ParsedDocument, findings: Sequence[Finding], pos: Sequence[Position], labels: Sequence[str],
           marginals: Sequence[Mapping[str, float]], features: Sequence[Mapping[str, object]], config: Config,
           thresholds: Thresholds, calibration: Calibration) -> list[Finding]:
    """The rule findings revised by the labeller (see the module docstring)."""
    referenced = {f.relayed_by for f in findings if f.relayed_by is not None} | \
                 {f.inherits_from for f in findings if f.inherits_from is not None}
    kept: list[tuple[int, Finding]] = []
    for k, f in enumerate(findings):
        words = _word_range(pos, f.claim)
        p = float(np.mean([message_probability(marginals[j]) for j in words])) if words else 1.0
        if (p < thresholds.drop_below and f.relayed_by is None and k not in referenced):
            continue  # learned.filter: the labeller sees no message here
        kept.append((k, f))
    segs = segments(labels, marginals, pos)
    if thresholds.fix_from <= 1.0:
        kept = _fix_boundaries(doc, kept, segs, pos, thresholds.fix_from)
    if thresholds.speaker_below > 0.0:
        kept = [(k, _fix_speaker(doc, f, pos, labels, marginals, thresholds.speaker_below)) for k, f in kept]
    claimed = {j for _, f in kept for j in _word_range(pos, f.claim)}
    roles = assign_roles(labels, pos, segs)
    new: list[tuple[Segment, Roles, float]] = []
    for s, r in zip(segs, roles):
        if claimed & set(s.words):
            continue  # the rules found this message; they keep it
        confidence = calibration(s.probability)
        if confidence >= thresholds.add_from:
            new.append((s, r, confidence))
    if not new and len(kept) == len(findings) and all(f is findings[k] for k, f in kept):
        return list(findings)
    # the merged order: rule findings as the rules ordered them, each new one after
    # the last rule finding whose claim starts before it
    order: list[tuple[str, object]] = [("rule", kf) for kf in kept]
    for item in sorted(new, key=lambda t: pos[t[0].words[0]].word.start):
        start = pos[item[0].words[0]].word.start
        at = len(order)
        while at > 0 and _start(order[at - 1], pos) > start:
            at -= 1
        order.insert(at, ("new", item))
    old_to_new = {k: n for n, (kind, item) in enumerate(order) if kind == "rule" for k in [item[0]]}
    out: list[Finding] = []
    for kind, item in order:
        if kind == "rule":
            _, f = item
            out.append(replace(
                f, relayed_by=old_to_new.get(f.relayed_by) if f.relayed_by is not None else None,
                inherits_from=old_to_new.get(f.inherits_from) if f.inherits_from is not None else None))
            continue
        s, r, confidence = item
        out.append(_finding(doc, pos, s, r, confidence, out, features, config, labels))
    return out


def _fix_boundaries(doc: ParsedDocument, kept: list[tuple[int, Finding]], segs: Sequence[Segment],
                    pos: Sequence[Position], fix_from: float) -> list[tuple[int, Finding]]:
    """learned.boundary: a top-level rule claim and a labelled message that
    overlap only each other, the labeller sure of it, and cover other words:
    the claim takes the labeller's words (the frame is cut again)."""
    words = [set(_word_range(pos, f.claim)) for _, f in kept]
    out = []
    for n, (k, f) in enumerate(kept):
        touching = [s for s in segs if words[n] & set(s.words)]
        if (f.relayed_by is not None or len(touching) != 1 or touching[0].probability < fix_from
                or set(touching[0].words) == words[n]
                or sum(1 for w in words if w & set(touching[0].words)) != 1):
            out.append((k, f))
            continue
        s = touching[0]
        claim = trim(doc.text, _span(doc.text, pos, s.words)) or _span(doc.text, pos, s.words)
        if f.cue is not None and any(claim.overlaps(c) for c in f.cue.spans):
            out.append((k, f))  # the cue stays outside its claim
            continue
        frame = f.frame
        if frame is not None and f.cue is not None:
            frame = _frame(doc, pos[_word_range(pos, f.cue.spans[0])[0]].sentence, claim, f.cue)
        out.append((k, replace(f, claim=claim, frame=frame, rule=f"{f.rule}+learned.boundary",
                               evidence=f"{f.evidence}; claim boundaries from the learned labeller "
                                        f"(mean marginal {s.probability:.2f}, was {f.claim.text!r})")))
    return out


def _speaker_probability(marginal: Mapping[str, float]) -> float:
    return marginal.get("S", 0.0) + marginal.get("SR", 0.0)


def _fix_speaker(doc: ParsedDocument, f: Finding, pos: Sequence[Position], labels: Sequence[str],
                 marginals: Sequence[Mapping[str, float]], below: float) -> Finding:
    """learned.speaker: a top-level rule finding whose source words the
    labeller does not read as a speaker (or that has none) takes the speaker
    words it marks in the claim's sentence, outside claim and cue, nearest to
    the claim, when it is sure of them."""
    claim_words = _word_range(pos, f.claim)
    if f.relayed_by is not None or not claim_words:
        return f
    source_words = _word_range(pos, f.source) if f.source is not None else []
    if source_words and float(np.mean([_speaker_probability(marginals[k]) for k in source_words])) >= below:
        return f
    sentence = pos[claim_words[0]].sentence
    cue_words = {k for span in (f.cue.spans if f.cue else ()) for k in _word_range(pos, span)}
    taken = set(claim_words) | cue_words
    words = [k for k, label in enumerate(labels) if label == "S" and pos[k].sentence == sentence and k not in taken]
    runs = [r for r in _runs(words) if float(np.mean([_speaker_probability(marginals[k]) for k in r])) >= SPEAKER_SURE]
    if not runs:
        return f
    run = min(runs, key=lambda r: _distance(r, claim_words))
    source = _span(doc.text, pos, run)
    was = repr(f.source.text) if f.source is not None else "none"
    return replace(f, source=source, rule=f"{f.rule}+learned.speaker",
                   evidence=f"{f.evidence}; speaker from the learned labeller (was {was})")


def _subject_speaker(doc: ParsedDocument, config: Config, pos: Sequence[Position], s: Segment,
                     r: Roles) -> tuple[Span | None, Word | None]:
    """A learned message without a speaker word in its sentence: the subject
    of the word that governs it (its cue, else the word its head hangs from),
    its noun phrase cut as the rules cut a source, and that word. Not restricted to the cue
    lexicon: the labeller found the message, so the governing verb reports it
    even where the lexicon lacks it (cross-validated: a lexicon-only version
    gained less speaker F1)."""
    from provenance.rules.context import RuleContext
    from provenance.rules.noun_phrases import phrase_of

    k0 = s.words[0]
    sentence = doc.sentences[pos[k0].sentence]
    inside = {pos[k].word.index for k in s.words if pos[k].sentence == pos[k0].sentence}
    verbs = []
    for run in r.cue:
        verbs.extend(pos[k].word for k in run if pos[k].sentence == pos[k0].sentence)
    if not verbs:
        for i in sorted(inside):
            w = sentence.word(i)
            while w.head and w.head in inside:
                w = sentence.word(w.head)
            if w.head:  # the word outside the message that the message hangs from
                verbs.append(sentence.word(w.head))
                break
    for verb in verbs:
        subjects = [c for c in sentence.children(verb.index) if c.deprel in ("nsubj", "nsubj:pass")
                    and c.index not in inside]
        if not subjects and verb.head and sentence.word(verb.head).index not in inside:
            # the cue is a particle or a noun of a support verb ("gab … bekannt", "kam zu dem Ergebnis")
            subjects = [c for c in sentence.children(verb.head) if c.deprel in ("nsubj", "nsubj:pass")
                        and c.index not in inside]
        if subjects:
            span = phrase_of(RuleContext(config, doc), sentence, subjects[0])
            claim = _span(doc.text, pos, s.words)
            if not span.overlaps(claim):
                return span, verb
    return None, None


def _start(entry: tuple[str, object], pos: Sequence[Position]) -> int:
    kind, item = entry
    if kind == "rule":
        return item[1].claim.start
    return pos[item[0].words[0]].word.start


def _finding(doc: ParsedDocument, pos: Sequence[Position], s: Segment, r: Roles, confidence: float,
             before: Sequence[Finding], features: Sequence[Mapping[str, object]], config: Config,
             labels: Sequence[str]) -> Finding:
    text = doc.text
    claim = _span(text, pos, s.words)
    claim = trim(text, claim) or claim
    form = FORM_OF_TAG[s.tag]
    sentence = pos[s.words[0]].sentence
    cue = None
    if r.cue:
        spans = tuple(_span(text, pos, run) for run in r.cue)
        cue = Cue(" … ".join(sp.text for sp in spans), spans)
    source = _span(text, pos, r.source) if r.source else None
    addressee = _span(text, pos, r.addressee) if r.addressee else None
    medium = _medium(config, pos, r.cue)
    inherits = None
    frame = None
    how = "its speaker marked in the sentence" if source is not None else "no speaker"
    if source is None:
        subject, governor = _subject_speaker(doc, config, pos, s, r)
        if subject is not None:
            source, how = subject, "the subject of its reporting verb"
            if cue is None and governor.upos in ("VERB", "AUX") and s.tag in ("D", "I"):
                # the verb whose subject speaks is the cue the labeller did not mark ("gab … bekannt")
                words = [governor, *(c for c in doc.sentences[sentence].children(governor.index)
                                     if c.deprel == "compound:prt")]
                spans = tuple(Span.of(text, w.start, w.end) for w in sorted(words, key=lambda w: w.start))
                cue = Cue(" … ".join(sp.text for sp in spans), spans)
                frame = _frame(doc, sentence, claim, cue)
    if source is None:
        run = _speaker_before(labels, pos, s)
        if run:
            source = _span(text, pos, run)
            how = "the speaker the labeller marked nearest before it"
    if source is None and s.tag in ("F", "IF", "R", "D"):
        # the speaker the reader met last: the one of the attribution before (not a relayed one)
        earlier = [n for n, f in enumerate(before) if f.relayed_by is None and f.claim.end <= claim.start]
        # only an attribution that ends in this sentence or the one before: a speaker from
        # further back was more often wrong than none (cross-validated on train)
        starts = [x.start for x in doc.sentences]
        earlier = [n for n in earlier
                   if sentence - (bisect.bisect_right(starts, before[n].claim.end - 1) - 1) <= INHERIT_REACH]
        if earlier:
            inherits = earlier[-1]
            while before[inherits].inherits_from is not None:
                inherits = before[inherits].inherits_from
            source = before[inherits].source
            medium = medium or before[inherits].medium
            how = "the speaker of the attribution before"
    if r.cue and s.tag in ("D", "I"):
        cue_sentence = pos[r.cue[0][0]].sentence
        frame = _frame(doc, cue_sentence, claim, cue)
    evidence = (f"learned sequence labeller: {TAG_TYPE[s.tag]} message (mean marginal {s.probability:.2f}), "
                f"cue {repr(cue.text) if cue else 'none'}, {how}; {_rule_note(features, s.words)}")
    return Finding(rule="learned.sequence", form=form, medium=medium, cue=cue, source=source, claim=claim,
                   confidence=round(confidence, 3), evidence=evidence, frame=frame, addressee=addressee,
                   sentence=sentence, inherits_from=inherits)
