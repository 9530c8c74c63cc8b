"""What the rule families share over one document: its text, quotations and
the findings so far (later families read earlier ones: a continuation takes
the speaker of the attribution before), and the span operations that need
them."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate

from provenance.config import Config, Phrase
from provenance.records import Cue, Form, Medium, ParsedDocument, Sentence, Span, Word
from provenance.rules.lexicon import compile_phrases, phrase_matches
from provenance.rules.spans import (
    contiguous,
    find_quotations,
    span_of,
    strip_space,
    subtract,
    trim,
)
from provenance.rules.words import OPEN_TO_CLOSE

# a comma or colon right before a clause inside a quotation: the clause has a reporting clause of its own
_CLAUSE_MARK = re.compile(r"[,:]\s*$")


@dataclass(frozen=True, slots=True)
class Finding:
    """An attribution before its source is resolved to a :class:`Source`."""

    rule: str
    form: Form
    medium: Medium | None
    cue: Cue | None
    source: Span | None
    claim: Span
    confidence: float
    evidence: str
    frame: Span | None = None
    addressee: Span | None = None
    sentence: int = 0
    relayed_by: int | None = None  # index of the finding that relays this one
    inherits_from: int | None = None  # source is that earlier finding's source


class _ClaimCoverage:
    """Which stretches of the text the claims so far cover, so that "does any
    claim overlap this span" is two prefix sums, not a pass over every claim.

    Offsets are doubled: a claim [s, e) covers the points 2s+1 … 2e-1 (the
    characters it holds and the gaps between them), an empty claim at s the
    point 2s; a span overlaps a claim exactly when it covers one of its points
    (:meth:`Span.overlaps`, empty spans included). A Fenwick tree over the
    points with range updates keeps, for each point, how many claims cover it;
    as no count is negative, a range holds a covered point exactly when its
    sum is positive. Sparse (dicts): memory grows with the claims, not the text."""

    def __init__(self, text_length: int):
        self._size = 2 * text_length + 2
        self._linear: dict[int, int] = {}  # the two trees of range-update, range-sum
        self._offset: dict[int, int] = {}
        self._empty: dict[int, int] = {}  # empty claims at an offset

    def fits(self, span: Span) -> bool:
        return 0 <= span.start <= span.end and 2 * span.end < self._size

    def change(self, claim: Span, by: int) -> None:
        """Count ``claim`` in (``by`` 1) or out (-1)."""
        if claim.start == claim.end:
            self._empty[claim.start] = self._empty.get(claim.start, 0) + by
            self._add(2 * claim.start, 2 * claim.start, by)
        else:
            self._add(2 * claim.start + 1, 2 * claim.end - 1, by)

    def overlapped(self, span: Span) -> bool:
        if span.start == span.end:  # an empty span: inside a claim, not at an empty claim
            point = 2 * span.start
            return self._sum(point, point) - self._empty.get(span.start, 0) > 0
        return self._sum(2 * span.start + 1, 2 * span.end - 1) > 0

    def _add(self, first: int, last: int, by: int) -> None:
        # points are 0-based, the trees 1-based: point p is index p + 1
        for index, value in ((first + 1, by), (last + 2, -by)):
            i = index
            while i <= self._size:
                self._linear[i] = self._linear.get(i, 0) + value
                self._offset[i] = self._offset.get(i, 0) + value * (index - 1)
                i += i & -i

    def _prefix(self, index: int) -> int:
        linear = offset = 0
        i = index
        while i > 0:
            linear += self._linear.get(i, 0)
            offset += self._offset.get(i, 0)
            i -= i & -i
        return linear * index - offset

    def _sum(self, first: int, last: int) -> int:
        return self._prefix(last + 1) - self._prefix(first)


class Findings(list):
    """The findings so far: a list (families append, replace and reorder them
    as before) that keeps the coverage of their claims up to date on every change."""

    def __init__(self, coverage: _ClaimCoverage):
        super().__init__()
        self.coverage = coverage
        self.outside: list[Span] = []  # claims beyond the text's offsets, never expected: read one by one
        # (start, end) of every cue word taken so far, with how many findings hold it: families that act only
        # where no finding has taken a word ask for it per word
        self._cue_words: Counter[tuple[int, int]] = Counter()

    def _count(self, findings, by: int) -> None:
        for finding in findings:
            for span in finding.cue.spans if finding.cue else ():
                key = (span.start, span.end)
                self._cue_words[key] += by
                if not self._cue_words[key]:
                    del self._cue_words[key]
            if self.coverage.fits(finding.claim):
                self.coverage.change(finding.claim, by)
            elif by > 0:
                self.outside.append(finding.claim)
            else:
                self.outside.remove(finding.claim)

    def append(self, finding: Finding) -> None:
        super().append(finding)
        self._count((finding,), 1)

    def extend(self, findings) -> None:
        findings = list(findings)
        super().extend(findings)
        self._count(findings, 1)

    def __iadd__(self, findings):
        self.extend(findings)
        return self

    def insert(self, index, finding: Finding) -> None:
        super().insert(index, finding)
        self._count((finding,), 1)

    def __setitem__(self, key, value) -> None:
        old = self[key] if isinstance(key, slice) else [self[key]]
        if isinstance(key, slice):
            value = list(value)
        super().__setitem__(key, value)
        self._count(old, -1)
        self._count(value if isinstance(key, slice) else (value,), 1)

    def __delitem__(self, key) -> None:
        old = self[key] if isinstance(key, slice) else [self[key]]
        super().__delitem__(key)
        self._count(old, -1)

    def pop(self, index=-1) -> Finding:
        finding = super().pop(index)
        self._count((finding,), -1)
        return finding

    def remove(self, finding: Finding) -> None:
        super().remove(finding)
        self._count((finding,), -1)

    def clear(self) -> None:
        self._count(list(self), -1)
        super().clear()

    def __imul__(self, times):
        raise TypeError("findings are not repeated")

    def cue_words(self) -> set[tuple[int, int]]:
        """(start, end) of every cue span of the findings so far, as ``{(s.start, s.end) for f in self if
        f.cue for s in f.cue.spans}``: a copy of the count kept on every change, not a pass over the findings."""
        return set(self._cue_words)

    def covers(self, span: Span) -> bool:
        """Whether a claim overlaps ``span``, as ``any(f.claim.overlaps(span) for f in self)``."""
        if not self.coverage.fits(span):
            return any(f.claim.overlaps(span) for f in self)
        return self.coverage.overlapped(span) or any(c.overlaps(span) for c in self.outside)


class RuleContext:
    """One parsed document as the rule families see it."""

    def __init__(self, config: Config, doc: ParsedDocument):
        self.config = config
        self.cues = config.cues
        self.confidence = config.cues.confidence
        self.windows = config.cues.windows
        self.doc = doc
        self.text = doc.text
        self.quotes = find_quotations(doc.text)
        # quotations by offset (they come sorted by start), so a span finds the ones
        # around it without reading them all: linear in the quotations, not quadratic
        self.sentence_starts = [s.start for s in doc.sentences]
        self._quote_starts = [q.start for q in self.quotes]
        self._quote_reach = list(accumulate((q.end for q in self.quotes), max))
        self.findings: list[Finding] = Findings(_ClaimCoverage(len(doc.text)))
        # where the current sentence's findings start: families that act on a
        # sentence's own findings, or only where it has none yet, need it
        self.sentence_first = 0
        self.events: list = []  # speech events without a claim (provenance/rules/events.py), found last
        # every cue verb, the message verbs over the reported ones: built once, asked for per word
        self.cue_verbs = {**self.cues.reported_verbs, **self.cues.verbs}
        self._phrases = compile_phrases(self.cues.phrases)
        self._phrase_memo: dict[int, list[tuple[str, Phrase, int]]] = {}
        # nouns that say how a source spoke ("Angaben", "Ansicht"): a source's list, read by span rules too
        self.wrapper_nouns = frozenset(w.lower() for w in config.sources.wrapper_nouns)

    def phrases_in(self, sentence: Sentence) -> list[tuple[str, Phrase, int]]:
        """Cue phrases of a sentence, matched once: several rules ask for them."""
        if sentence.index not in self._phrase_memo:
            self._phrase_memo[sentence.index] = list(phrase_matches(sentence, self._phrases))
        return self._phrase_memo[sentence.index]

    def token_words(self, sentence: Sentence, token_index: int) -> list[Word]:
        return [sentence.word(i) for i in sentence.tokens[token_index].words]

    def body(self, sentence: Sentence) -> Span:
        """The sentence without final punctuation."""
        return trim(self.text, Span.of(self.text, sentence.start, sentence.end)) or Span.of(
            self.text, sentence.start, sentence.end)

    def quote_around(self, span: Span) -> Span | None:
        """A quotation that (nearly) coincides with ``span``: the span fills most
        of it, or it fills most of the span (``windows.span_fills_quote``,
        ``windows.quote_fills_span``: shares of characters, marks left out)."""
        # only quotations that overlap the span can contain it or lie in it
        for q in self.quotes_near(span):
            inner = Span.of(self.text, q.start + 1, q.end - 1)
            if q.contains(span) and len(span.text.strip()) >= self.windows.span_fills_quote * len(inner.text.strip()):
                return q
            if span.contains(inner) and len(inner.text.strip()) >= self.windows.quote_fills_span * len(span.text.strip()):
                return q
        return None

    def quotes_starting(self, low: int, high: int) -> list[Span]:
        """The quotations that start at ``low`` … ``high`` (both included), in text order."""
        return self.quotes[bisect.bisect_left(self._quote_starts, low):bisect.bisect_right(self._quote_starts, high)]

    def quotes_near(self, span: Span) -> list[Span]:
        """The quotations that may touch ``span``, in text order: every one that
        overlaps, holds, lies in or borders it (and a few that reach past it
        only because an earlier one does); a rule tests its own condition on them."""
        return self.quotes[bisect.bisect_left(self._quote_reach, span.start):
                           bisect.bisect_right(self._quote_starts, span.end)]

    def in_quotation(self, offset: int) -> bool:
        """Whether a quotation holds the character at ``offset`` (marks included)."""
        before = bisect.bisect_right(self._quote_starts, offset)  # the quotations starting at or before it
        return before > 0 and self._quote_reach[before - 1] > offset

    def inside_quotation(self, span: Span) -> bool:
        """Whether a quotation contains ``span``."""
        before = bisect.bisect_right(self._quote_starts, span.start)
        return before > 0 and self._quote_reach[before - 1] >= span.end

    def _quote_running_on(self, span: Span) -> Span | None:
        """The first quotation that starts where ``span`` does and ends after it."""
        for q in self.quotes[bisect.bisect_left(self._quote_starts, span.start):]:
            if q.start != span.start:
                return None
            if q.end > span.end:
                return q
        return None

    def _quote_running_back(self, span: Span) -> Span | None:
        """The quotation that ``span`` closes and that opened before it:
        "„A. B. C“, sagte X" finds only the last sentence "C“" (or a part
        the parser cut off) as the message of its verb, the quotation is
        all three. Not a clause behind a comma or colon inside the quotation:
        its own reporting clause stands before it ("„Er sagte, | er …“")."""
        for q in self.quotes_near(span):
            if q.start < span.start and q.end == span.end and not _CLAUSE_MARK.search(self.text, q.start, span.start):
                return q
        return None

    def message(self, span: Span | None, indirect: Form = "indirect") -> tuple[Span | None, Form]:
        """A claim span as direct speech when a quotation (nearly) covers it."""
        if span is None:
            return None, indirect
        # a quotation that runs on past the sentence, or began sentences before it
        quote = self.quote_around(span) or self._quote_running_on(span) or self._quote_running_back(span)
        return (quote, "direct") if quote is not None else (span, indirect)

    def claim(self, words: set[int], sentence: Sentence, anchor: int | None = None) -> tuple[Span | None, Form]:
        if anchor is not None and anchor in words:
            words = contiguous(sentence, words, anchor)
        return self.message(trim(self.text, span_of(self.text, (sentence.word(i) for i in words))))

    def frame(self, sentence: Sentence, claim: Span, cue: Cue) -> Span | None:
        """The reporting clause: the sentence on the cue's side of the claim,
        its commas kept (the annotation counts them), its final stop not."""
        body = self.body(sentence)
        if claim.start >= body.end or claim.end <= body.start:
            return body
        side = subtract(self.text, body, claim, keep=cue.spans[0])
        return strip_space(self.text, side)

    def add(self, finding: Finding) -> int:
        self.findings.append(finding)
        return len(self.findings) - 1

    def replace_at(self, index: int, finding: Finding) -> int:
        self.findings[index] = finding
        return index

    def covered(self, span: Span) -> bool:
        """Whether a claim found so far overlaps ``span`` (a lookup, not a pass over the findings)."""
        findings = self.findings
        if isinstance(findings, Findings):
            return findings.covers(span)
        return any(f.claim.overlaps(span) for f in findings)  # replaced by a plain list

    def quote_follows(self, offset: int) -> bool:
        return self.text[offset:offset + 2].strip()[:1] in OPEN_TO_CLOSE
