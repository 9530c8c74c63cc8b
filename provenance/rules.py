"""The rule layer: attribution cues and the source and claim spans they govern.

Each rule family is one function over a parsed sentence; the words it looks
for come from ``configs/cues.yaml``. Rules work on the dependency parse, POS
and lemmas, and fall back to token patterns where small parsers go wrong
(comma-separated reporting clauses, quotations). Every finding names its rule
and says in words why it fired, so a fact-checker can check it.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from provenance.config import Config, Phrase, Verb
from provenance.records import Cue, Form, Medium, ParsedDocument, Sentence, Span, Word

OPEN_TO_CLOSE = {"„": "“”", "»": "«", "«": "»", "“": "”", '"': '"', "‚": "‘’", "›": "‹"}
QUOTE_CHARS = set(OPEN_TO_CLOSE) | {c for closers in OPEN_TO_CLOSE.values() for c in closers}
EDGE_PUNCT = set(",.;:!?–—-/")
FINAL_PUNCT = set(".!?")
CLAUSAL = {"ccomp", "parataxis", "xcomp", "csubj", "advcl", "conj"}
SUBJECT = {"nsubj", "nsubj:pass", "csubj"}
# "wies darauf hin, dass …", "äußerte sich": part of the cue in the annotation
CORRELATES = {"darauf", "davon", "dazu", "darüber", "sich"}
PERSONAL_PRONOUNS = {"er", "sie", "ihm", "ihr", "ihnen", "wir", "ich"}
# Konjunktiv I forms that mark reported speech even where the tagger misses Mood=Sub.
KONJUNKTIV = {
    "sei", "seien", "seiest", "habe", "hätten", "hätte", "werde", "wäre", "wären", "würde",
    "würden", "könne", "müsse", "solle", "wolle", "dürfe", "gebe", "gehe", "komme", "stehe",
    "liege", "bleibe", "plane", "wisse", "brauche", "lasse", "trage", "zeige", "mache", "sehe",
}


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


# ---------------------------------------------------------------------------
# span helpers

def span_of(text: str, words: Iterable[Word]) -> Span | None:
    words = list(words)
    if not words:
        return None
    return Span.of(text, min(w.start for w in words), max(w.end for w in words))


def subtree(sentence: Sentence, index: int, exclude: set[int] = frozenset()) -> set[int]:
    """Word indices dominated by ``index`` (itself included), not entering ``exclude``."""
    children: dict[int, list[int]] = {}
    for w in sentence.words:
        children.setdefault(w.head, []).append(w.index)
    seen, stack = set(), [index]
    while stack:
        i = stack.pop()
        if i in seen or i in exclude:
            continue
        seen.add(i)
        stack.extend(children.get(i, ()))
    return seen


def contiguous(sentence: Sentence, indices: set[int], anchor: int) -> set[int]:
    """The unbroken run of ``indices`` around ``anchor``: subtrees from a bad
    parse can have holes, and a claim is one stretch of text."""
    run = {anchor}
    i = anchor - 1
    while i in indices:
        run.add(i)
        i -= 1
    i = anchor + 1
    while i in indices:
        run.add(i)
        i += 1
    return run


def trim(text: str, span: Span | None, keep_final: bool = False) -> Span | None:
    """Strip edge punctuation and whitespace (quotation marks stay)."""
    if span is None:
        return None
    start, end = span.start, span.end
    strip = EDGE_PUNCT - (FINAL_PUNCT if keep_final else set())
    while start < end and (text[start].isspace() or text[start] in strip):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in strip):
        end -= 1
    return Span.of(text, start, end) if end > start else None


def strip_space(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end) if end > start else None


def subtract(text: str, outer: Span, inner: Span, keep: Span | None = None) -> Span | None:
    """The part of ``outer`` on one side of ``inner``: the side holding
    ``keep`` if given, else the longer one."""
    before = Span.of(text, outer.start, max(outer.start, inner.start))
    after = Span.of(text, min(outer.end, inner.end), outer.end)
    if keep is not None:
        return before if keep.end <= inner.start else after
    return before if len(before.text.strip()) >= len(after.text.strip()) else after


# ---------------------------------------------------------------------------
# quotations

def find_quotations(text: str) -> list[Span]:
    """Paired quotation spans, marks included; they may cross sentences but
    not paragraphs. Unpaired marks are ignored."""
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch == "\n" and text[i + 1:i + 2] == "\n":
            stack.clear()
            continue
        if ch not in QUOTE_CHARS:
            continue
        if ch in ("‚", "‘", "’", "›", "‹"):
            continue  # single marks are apostrophes more often than quotes
        closing = next((j for j in range(len(stack) - 1, -1, -1) if ch in OPEN_TO_CLOSE[stack[j][1]]), None)
        if closing is not None and not (ch == '"' and _opens_here(text, i)):
            start, _ = stack[closing]
            del stack[closing:]
            spans.append(Span.of(text, start, i + 1))
        elif ch in OPEN_TO_CLOSE:
            stack.append((i, ch))
    return sorted(spans, key=lambda s: s.start)


def _opens_here(text: str, i: int) -> bool:
    """A straight quote after a space and before a letter opens."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isspace() and not after.isspace()


def is_quote_span(span: Span) -> bool:
    return len(span.text) >= 2 and span.text[0] in OPEN_TO_CLOSE and span.text[-1] in QUOTE_CHARS


# ---------------------------------------------------------------------------
# lexicon lookups

def verb_cue(sentence: Sentence, word: Word, verbs: dict[str, Verb]) -> tuple[str, Verb, list[Word]] | None:
    """The lexicon entry a verb instantiates, with its particle word if separated."""
    if word.upos not in ("VERB", "AUX"):
        return None
    lemma = word.lemma.lower()
    particles = [c for c in sentence.children(word.index) if c.deprel == "compound:prt"]
    for particle in particles:
        key = particle.text.lower() + lemma
        if key in verbs:
            return key, verbs[key], [word, particle]
    if lemma in verbs and (word.upos == "VERB" or lemma == "heißen"):
        entry = verbs[lemma]
        if entry.particle is None or any(p.text.lower() == entry.particle for p in particles):
            return lemma, entry, [word, *particles]
    return None


def phrase_matches(sentence: Sentence, phrases: dict[str, Phrase]) -> Iterable[tuple[str, Phrase, int]]:
    """(name, phrase, index of first token) for every phrase in the sentence;
    longer phrases win where two start at one token."""
    lowered = [t.text.lower() for t in sentence.tokens]
    taken: set[int] = set()
    ordered = sorted(phrases.items(), key=lambda item: -len(item[1].tokens))
    for name, phrase in ordered:
        n = len(phrase.tokens)
        for i in range(len(lowered) - n + 1):
            if i in taken:
                continue
            if all(fnmatch.fnmatchcase(lowered[i + k], p) for k, p in enumerate(phrase.tokens)):
                taken.add(i)
                yield name, phrase, i


def is_konjunktiv(word: Word) -> bool:
    return word.feat("Mood") == "Sub" or word.text.lower() in KONJUNKTIV


# ---------------------------------------------------------------------------
# the rule families


class SentenceRules:
    """Runs every rule family over one parsed document."""

    def __init__(self, config: Config, doc: ParsedDocument):
        self.config = config
        self.cues = config.cues
        self.doc = doc
        self.text = doc.text
        self.quotes = find_quotations(doc.text)
        self.findings: list[Finding] = []

    # -- helpers over words and tokens --------------------------------------

    def _token_words(self, sentence: Sentence, token_index: int) -> list[Word]:
        return [sentence.word(i) for i in sentence.tokens[token_index].words]

    def _body(self, sentence: Sentence) -> Span:
        """The sentence without final punctuation."""
        return trim(self.text, Span.of(self.text, sentence.start, sentence.end)) or Span.of(
            self.text, sentence.start, sentence.end)

    def _quote_around(self, span: Span) -> Span | None:
        """A quotation that (nearly) coincides with ``span``."""
        for q in self.quotes:
            inner = Span.of(self.text, q.start + 1, q.end - 1)
            if q.contains(span) and len(span.text.strip()) >= 0.8 * len(inner.text.strip()):
                return q
            if span.contains(inner) and len(inner.text.strip()) >= 0.7 * len(span.text.strip()):
                return q
        return None

    def _claim(self, words: set[int], sentence: Sentence, anchor: int | None = None) -> tuple[Span | None, Form]:
        if not words:
            return None, "indirect"
        if anchor is not None:
            words = contiguous(sentence, words, anchor) if anchor in words else words
        span = trim(self.text, span_of(self.text, (sentence.word(i) for i in words)))
        if span is None:
            return None, "indirect"
        quote = self._quote_around(span)
        if quote is not None:
            return quote, "direct"
        return span, "indirect"

    def _frame(self, sentence: Sentence, claim: Span, cue: Cue) -> Span | None:
        """The reporting clause: the sentence on the cue's side of the claim,
        its commas kept (the annotation counts them), its final stop not."""
        body = self._body(sentence)
        if claim.start >= body.end or claim.end <= body.start:
            return body
        side = subtract(self.text, body, claim, keep=cue.spans[0])
        return strip_space(self.text, side)

    def _add(self, finding: Finding) -> int:
        self.findings.append(finding)
        return len(self.findings) - 1

    def _covered(self, span: Span) -> bool:
        return any(f.claim.overlaps(span) for f in self.findings)

    # -- rule families -------------------------------------------------------

    def run(self) -> list[Finding]:
        for sentence in self.doc.sentences:
            before = len(self.findings)
            self.verbs(sentence)
            self.phrases(sentence)
            self.so_clause(sentence)
            self.colon_quote(sentence)
            if len(self.findings) == before:
                self.continuation(sentence)
        self.direct_quotes()
        self.nested_quotes()
        return self.findings

    def verbs(self, sentence: Sentence) -> None:
        """Speech and report verbs: "X sagte, …", "…, sagte X.", "Wie X berichtet, …"."""
        for word in sentence.words:
            found = verb_cue(sentence, word, self.cues.verbs)
            if found is None:
                continue
            lemma, entry, cue_words = found
            cue_words = cue_words + [c for c in sentence.children(word.index) if c.deprel in (
                "aux", "aux:pass", "expl", "expl:pv") or (c.deprel in ("obj", "obl", "advmod") and c.text.lower() in CORRELATES)]
            if lemma in self.cues.relay_verbs and self._relay(sentence, word, cue_words):
                continue
            children = sentence.children(word.index)
            subject = next((c for c in children if c.deprel in ("nsubj",)), None)
            if lemma == "heißen" and (subject is None or subject.text.lower() == "es"):
                subject = None
                if not any(c.text.lower() == "es" for c in children):
                    continue
            marks = [c for c in children if c.deprel == "mark" and c.lemma.lower() == "wie"]
            cue_spans = tuple(Span.of(self.text, w.start, w.end) for w in sorted(marks + cue_words, key=lambda w: w.start))
            cue = Cue(" ".join(s.text for s in cue_spans), cue_spans)
            claim, form, how = self._verb_claim(sentence, word, subject, marks)
            if claim is None or len(claim.text.split()) < 2:
                continue
            if subject is not None and claim.contains(Span.of(self.text, subject.start, subject.end)):
                continue
            source = None
            if subject is not None:
                source = trim(self.text, span_of(self.text, (sentence.word(i) for i in
                                                              contiguous(sentence, subtree(sentence, subject.index), subject.index))))
                if source and source.overlaps(claim):
                    source = Span.of(self.text, subject.start, subject.end)
            addressee = self._addressee(sentence, word, children)
            confidence = entry.confidence * (1.0 if source else 0.85)
            index = self._add(Finding(
                rule=f"verb.{how}", form=form, medium=entry.medium, cue=cue, source=source, claim=claim,
                confidence=round(confidence, 2), frame=self._frame(sentence, claim, cue), addressee=addressee,
                sentence=sentence.index,
                evidence=f"'{word.text}' (lemma {lemma}) governs the claim as {how}"
                         + (f"; subject '{source.text}'" if source else "; no subject"),
            ))
            self._citing(sentence, word, index)

    def _verb_claim(self, sentence: Sentence, verb: Word, subject: Word | None, marks: list[Word]):
        """The message a reporting verb governs, with how it was found."""
        children = sentence.children(verb.index)
        exclude = {verb.index} | ({subject.index} if subject else set())
        if marks:  # "Wie X berichtet, planen …": the claim is the clause the wie-clause modifies
            if verb.head:
                claim, form = self._claim(subtree(sentence, verb.head, exclude={verb.index}) - {verb.head} | {verb.head},
                                          sentence, verb.head)
                return claim, form, "wie-clause"
            return None, "indirect", ""
        for child in children:
            if child.deprel in ("ccomp", "parataxis", "xcomp", "csubj") and child.upos in ("VERB", "AUX", "NOUN", "ADJ", "PROPN", "PRON"):
                if child.deprel == "xcomp" and not any(c.lemma == "zu" or c.text == "zu" for c in sentence.children(child.index)):
                    continue
                words = subtree(sentence, child.index, exclude=exclude)
                claim, form = self._claim(words, sentence, child.index)
                if claim is not None:
                    return claim, form, "complement"
        # "…, sagte X.": the reporting clause hangs off the message's root.
        if verb.deprel in ("parataxis", "ccomp", "conj", "advcl", "root") and verb.head:
            head = sentence.word(verb.head)
            if verb.start > head.start or verb.deprel == "parataxis":
                words = subtree(sentence, head.index, exclude=subtree(sentence, verb.index))
                claim, form = self._claim(words, sentence, head.index)
                if claim is not None and claim.end <= verb.start:
                    return claim, form, "inverted"
        # Token fallback: "X sagte, dass …" or "X sagte: „…“" with a parse that missed it.
        after = [t for t in sentence.tokens if t.start >= verb.end]
        if after and after[0].text in (",", ":"):
            body = self._body(sentence)
            span = trim(self.text, Span.of(self.text, after[0].end, body.end))
            if span is not None:
                quote = self._quote_around(span)
                return (quote, "direct", "colon") if quote else (span, "indirect", "following-clause")
        before = [t for t in sentence.tokens if t.end <= verb.start]
        if before and before[-1].text == "," and verb.deprel != "root":
            span = trim(self.text, Span.of(self.text, sentence.start, before[-1].start))
            if span is not None:
                quote = self._quote_around(span)
                return (quote, "direct", "inverted") if quote else (span, "indirect", "inverted")
        return None, "indirect", ""

    def _addressee(self, sentence: Sentence, verb: Word, children: list[Word]) -> Span | None:
        """"sagte X der Zeitung Y" (dative object) or "gegenüber Y"."""
        for child in children:
            if child.deprel == "iobj" or (child.deprel == "obl" and any(
                    c.lemma.lower() == "gegenüber" for c in sentence.children(child.index))):
                return trim(self.text, span_of(self.text, (sentence.word(i) for i in subtree(sentence, child.index))))
        return None

    def _citing(self, sentence: Sentence, verb: Word, relayer: int) -> None:
        """"unter Berufung auf Y" beside a reporting verb: Y is the origin and
        the verb's subject relays it."""
        for name, phrase, i in phrase_matches(sentence, self.cues.phrases):
            if phrase.role != "citing":
                continue
            source = self._after(sentence, i + len(phrase.tokens))
            if source is None:
                continue
            relay = self.findings[relayer]
            cue_tokens = sentence.tokens[i:i + len(phrase.tokens)]
            cue = Cue(" ".join(t.text for t in cue_tokens), (Span.of(self.text, cue_tokens[0].start, cue_tokens[-1].end),))
            self._add(Finding(
                rule=f"citing.{name}", form=relay.form, medium=relay.medium, cue=cue, source=source,
                claim=relay.claim, confidence=phrase.confidence, frame=relay.frame, sentence=sentence.index,
                relayed_by=relayer, evidence=f"'{cue.text}' names the origin that '{relay.cue.text}' relays",
            ))

    def _relay(self, sentence: Sentence, verb: Word, cue_words: list[Word]) -> bool:
        """"Die Zeitung zitiert einen Beamten: …" or "X beruft sich auf Y":
        the object is the origin, the subject relays it."""
        children = sentence.children(verb.index)
        subject = next((c for c in children if c.deprel == "nsubj"), None)
        origin = next((c for c in children if c.deprel in ("obj", "obl") and c.upos in ("NOUN", "PROPN")), None)
        if origin is None:
            return False
        origin_span = trim(self.text, span_of(self.text, (sentence.word(i) for i in subtree(sentence, origin.index))))
        quote = next((q for q in self.quotes if q.start >= sentence.start and q.start < sentence.end + 2
                      and not q.overlaps(origin_span)), None)
        if quote is not None and len(quote.text.split()) >= 3:
            claim, form = quote, "direct"
        elif self.findings:
            claim, form = self.findings[-1].claim, self.findings[-1].form
        else:
            return False
        cue_spans = tuple(Span.of(self.text, w.start, w.end) for w in cue_words)
        cue = Cue(" ".join(s.text for s in cue_spans), cue_spans)
        relayer = self._add(Finding(
            rule="relay.verb", form=form, medium=None, cue=cue,
            source=trim(self.text, span_of(self.text, (sentence.word(i) for i in subtree(sentence, subject.index)))) if subject else None,
            claim=claim, confidence=0.75, sentence=sentence.index, frame=self._frame(sentence, claim, cue),
            evidence=f"'{verb.text}' relays '{origin_span.text}'",
        ))
        self._add(Finding(
            rule="relay.origin", form=form, medium=None, cue=cue, source=origin_span, claim=claim,
            confidence=0.75, sentence=sentence.index, relayed_by=relayer,
            evidence=f"object of '{verb.text}'",
        ))
        return True

    def _after(self, sentence: Sentence, token_index: int) -> Span | None:
        """The noun phrase that starts at ``token_index``."""
        if token_index >= len(sentence.tokens):
            return None
        words = self._token_words(sentence, token_index)
        first = words[0]
        # climb to the phrase head: the first word's head while it stays to the right
        head = first
        while head.head and sentence.word(head.head).start >= first.start and head.deprel in (
                "det", "amod", "case", "nmod", "flat", "compound", "appos", "nummod", "det:poss", "advmod"):
            head = sentence.word(head.head)
        if head.upos in ("VERB", "AUX"):
            head = first
        indices = {i for i in subtree(sentence, head.index) if sentence.word(i).start >= first.start}
        run = contiguous(sentence, indices, first.index)
        span = trim(self.text, span_of(self.text, (sentence.word(i) for i in run)))
        return self._cut_at_clause(sentence, span)

    def _before(self, sentence: Sentence, token_index: int) -> Span | None:
        """The noun phrase that ends just before ``token_index`` ("X zufolge")."""
        if token_index <= 0:
            return None
        last = self._token_words(sentence, token_index - 1)[-1]
        head = last
        indices = subtree(sentence, head.index)
        start = min(sentence.word(i).start for i in contiguous(sentence, indices, head.index))
        # tokens from the start of the phrase, never crossing a comma or a verb
        chosen = []
        for token in reversed(sentence.tokens[:token_index]):
            if token.start < start or token.text in (",", ";", ":") or token.text in QUOTE_CHARS:
                break
            if any(sentence.word(i).upos in ("VERB", "AUX") for i in token.words):
                break
            chosen.append(token)
        if not chosen:
            return None
        return Span.of(self.text, chosen[-1].start, chosen[0].end)

    def _cut_at_clause(self, sentence: Sentence, span: Span | None) -> Span | None:
        """A source phrase ends before a comma, colon or verb of its own clause."""
        if span is None:
            return None
        end = span.end
        for token in sentence.tokens:
            if token.start <= span.start or token.start >= end:
                continue
            words = [sentence.word(i) for i in token.words]
            if token.text in (",", ":", ";") or token.text in QUOTE_CHARS or any(
                    w.upos in ("VERB", "AUX") and w.deprel not in ("amod", "acl") for w in words):
                end = token.start
                break
        return trim(self.text, Span.of(self.text, span.start, end))

    def phrases(self, sentence: Sentence) -> None:
        """Prepositional cues: "laut X", "X zufolge", "nach Angaben der X", "demnach"."""
        for name, phrase, i in phrase_matches(sentence, self.cues.phrases):
            if phrase.role == "citing":
                continue
            n = len(phrase.tokens)
            cue_length = phrase.cue_length or n
            if phrase.role == "preposition" and phrase.tokens[0] == "nach" and i + 1 < len(sentence.tokens):
                if sentence.tokens[i + 1].text.lower() in self.cues.temporal_after_nach:
                    continue
            if name == "laut" and not self._laut_is_preposition(sentence, i):
                continue
            tokens = sentence.tokens
            if phrase.role == "postposition":
                cue_tokens = tokens[i + n - cue_length:i + n] if name != "meinung_nach" else tokens[i + 1:i + 2]
                source = self._before(sentence, i) if name != "meinung_nach" else self._before(sentence, i + 1)
            else:
                cue_tokens = tokens[i:i + cue_length]
                source = self._after(sentence, i + cue_length) if phrase.role == "preposition" else None
            if phrase.role == "preposition" and source is None:
                continue
            if phrase.role == "postposition" and source is None:
                continue
            cue = Cue(" ".join(t.text for t in cue_tokens),
                      (Span.of(self.text, cue_tokens[0].start, cue_tokens[-1].end),))
            frame_parts = [s for s in (source, *cue.spans) if s is not None]
            frame = Span.of(self.text, min(s.start for s in frame_parts), max(s.end for s in frame_parts))
            if phrase.role == "impersonal":
                # "hieß es aus X": the source follows "aus"
                nxt = i + n
                if nxt < len(tokens) and tokens[nxt].text.lower() in ("aus", "in", "von", "bei"):
                    source = self._after(sentence, nxt + 1)
                    if source is not None:
                        frame = Span.of(self.text, frame.start, source.end)
            claim = self._claim_around(sentence, frame, name)
            if claim is None or len(claim.text.split()) < 2:
                continue
            if phrase.role == "anaphoric":
                previous = len(self.findings) - 1 if self.findings else None
                if name == "wonach":
                    source = self._before(sentence, i)
                    previous = None if source else previous
                else:
                    source = Span.of(self.text, cue_tokens[0].start, cue_tokens[-1].end)
                if source is None and previous is None:
                    continue
            else:
                previous = None
            quote = self._quote_around(claim)
            form: Form = "direct" if quote else phrase.form
            self._add(Finding(
                rule=f"phrase.{name}", form=form, medium=phrase.medium, cue=cue, source=source,
                claim=quote or claim, confidence=phrase.confidence, frame=trim(self.text, frame),
                sentence=sentence.index, inherits_from=previous if phrase.role == "anaphoric" and name != "wonach" else None,
                evidence=f"cue phrase '{cue.text}' ({phrase.role})" + (f" with source '{source.text}'" if source else ""),
            ))

    def _laut_is_preposition(self, sentence: Sentence, i: int) -> bool:
        """"laut" the adjective ("laute Musik", "zu laut") is no cue."""
        word = self._token_words(sentence, i)[0]
        if i + 1 >= len(sentence.tokens):
            return False
        nxt = self._token_words(sentence, i + 1)[0]
        if word.upos == "ADP" or word.deprel == "case":
            return nxt.upos not in ("PUNCT", "VERB", "AUX")
        return nxt.upos in ("PROPN", "NOUN", "DET", "ADJ") and word.text == word.text.lower() and (
            i == 0 or sentence.tokens[i - 1].text.lower() not in ("zu", "sehr", "so", "ganz", "recht", "besonders"))

    def _claim_around(self, sentence: Sentence, frame: Span, name: str) -> Span | None:
        """The message of a phrase cue: its sentence (or clause) without the frame."""
        body = self._body(sentence)
        clause = self._clause_of(sentence, frame)
        if frame.start <= clause.start + 1:
            return trim(self.text, Span.of(self.text, frame.end, clause.end))
        if frame.end >= clause.end - 1:
            return trim(self.text, Span.of(self.text, clause.start, frame.start))
        return trim(self.text, clause) if clause != body or True else None

    def _clause_of(self, sentence: Sentence, frame: Span) -> Span:
        """The stretch between the sentence's clause-level separators (";" and
        ", und/aber" between main clauses) that holds the frame."""
        body = self._body(sentence)
        start, end = body.start, body.end
        for token in sentence.tokens:
            if token.text in (";", "–", "—") or (token.text == ":" and not self._quote_follows(token.end)):
                if token.end <= frame.start:
                    start = max(start, token.end)
                elif token.start >= frame.end:
                    end = min(end, token.start)
        return trim(self.text, Span.of(self.text, start, end)) or body

    def _quote_follows(self, offset: int) -> bool:
        return self.text[offset:offset + 2].strip()[:1] in OPEN_TO_CLOSE

    def so_clause(self, sentence: Sentence) -> None:
        """"…, so der Sprecher." at the end of a sentence."""
        tokens = sentence.tokens
        for i, token in enumerate(tokens[1:-1], start=1):
            if token.text.lower() != "so" or tokens[i - 1].text not in {",", *QUOTE_CHARS}:
                continue
            rest = [w for t in tokens[i + 1:] for w in self._token_words(sentence, tokens.index(t))]
            if any(w.upos in ("VERB",) for w in rest) or not any(w.upos in ("NOUN", "PROPN", "PRON") for w in rest):
                continue
            source = self._cut_at_clause(sentence, trim(self.text, Span.of(self.text, tokens[i + 1].start, sentence.end)))
            claim = trim(self.text, Span.of(self.text, sentence.start, tokens[i - 1].start if tokens[i - 1].text == "," else tokens[i - 1].end))
            if source is None or claim is None or self._covered(claim):
                continue
            quote = self._quote_around(claim)
            cue = Cue(token.text, (Span.of(self.text, token.start, token.end),))
            self._add(Finding(
                rule="so.postposed", form="direct" if quote else "indirect", medium="speech", cue=cue,
                source=source, claim=quote or claim, confidence=0.85, sentence=sentence.index,
                frame=trim(self.text, Span.of(self.text, tokens[i - 1].start, source.end)),
                evidence=f"', so {source.text}' closes the sentence",
            ))

    def colon_quote(self, sentence: Sentence) -> None:
        """"X: „…“" — a name, a colon and a quotation."""
        tokens = sentence.tokens
        for i, token in enumerate(tokens[1:], start=1):
            if token.text != ":" or not self._quote_follows(token.end):
                continue
            quote = next((q for q in self.quotes if q.start >= token.end and q.start <= token.end + 2), None)
            if quote is None or self._covered(quote):
                continue
            before = [w for t in range(i) for w in self._token_words(sentence, t)]
            if any(w.upos in ("VERB", "AUX") for w in before) or not before:
                continue
            source = trim(self.text, Span.of(self.text, tokens[0].start, token.start))
            if source is None or len(source.text.split()) > 6:
                continue
            cue = Cue(":", (Span.of(self.text, token.start, token.end),))
            self._add(Finding(
                rule="colon.quote", form="direct", medium="speech", cue=cue, source=source, claim=quote,
                confidence=0.7, sentence=sentence.index, frame=source,
                evidence=f"'{source.text}:' introduces a quotation",
            ))

    def continuation(self, sentence: Sentence) -> None:
        """Konjunktiv I in a sentence after an attribution continues its
        indirect speech ("Die meisten seien abgeschossen worden.")."""
        if not self.cues.konjunktiv_continuation or not self.findings:
            return
        last_index = len(self.findings) - 1
        last = self.findings[last_index]
        if sentence.index - last.sentence > 1 and not (
                last.rule == "continuation.konjunktiv" and sentence.index - _last_sentence(self, last) == 1):
            return
        if sentence.index - _last_sentence(self, last) != 1:
            return
        finite = [w for w in sentence.words if w.upos in ("VERB", "AUX") and (
            w.feat("VerbForm") == "Fin" or w.xpos.endswith("FIN")) and w.deprel in ("root", "aux", "cop", "aux:pass", "conj")]
        if not any(is_konjunktiv(w) for w in finite):
            return
        if any(q.start <= sentence.start and q.end >= sentence.end for q in self.quotes):
            return
        span = Span.of(self.text, sentence.start, sentence.end)
        source_finding = last_index
        while self.findings[source_finding].inherits_from is not None:
            source_finding = self.findings[source_finding].inherits_from
        if last.rule == "continuation.konjunktiv":
            # consecutive sentences of one reported speech form one claim
            merged = Span.of(self.text, last.claim.start, span.end)
            self.findings[last_index] = replace(last, claim=merged, sentence=sentence.index)
            return
        self._add(Finding(
            rule="continuation.konjunktiv", form="indirect_free_indirect", medium=last.medium, cue=None,
            source=None, claim=span, confidence=0.6, sentence=sentence.index, inherits_from=source_finding,
            evidence="Konjunktiv continues the reported speech of the previous sentence",
        ))

    def direct_quotes(self) -> None:
        """Quotations no rule has claimed: the speaker is the last source named
        in this or the previous sentence."""
        for quote in self.quotes:
            if self._covered(quote) or len(quote.text.split()) < 4:
                continue
            sentence = next((s for s in self.doc.sentences if s.start <= quote.start < s.end + 1), None)
            if sentence is None:
                continue
            previous = [k for k, f in enumerate(self.findings)
                        if f.relayed_by is None and 0 <= sentence.index - f.sentence <= 1 and f.claim.end <= quote.start]
            if not previous:
                continue
            self._add(Finding(
                rule="quote.adjacent", form="direct", medium="speech", cue=None, source=None, claim=quote,
                confidence=0.5, sentence=sentence.index, inherits_from=previous[-1],
                evidence="quotation follows an attribution to the same source",
            ))

    def nested_quotes(self) -> None:
        """A quotation inside an indirect claim is a direct quotation of the
        same source ("der Pilot trage die „volle Verantwortung“")."""
        for k, finding in enumerate(list(self.findings)):
            if finding.form == "direct" or finding.relayed_by is not None:
                continue
            for quote in self.quotes:
                if finding.claim.contains(quote) and quote != finding.claim and len(quote.text.split()) >= 2:
                    self._add(replace(finding, rule="quote.nested", form="direct", claim=quote,
                                      confidence=round(finding.confidence * 0.8, 2), inherits_from=k, source=finding.source,
                                      evidence=f"quotation inside the claim of {finding.rule}"))


def _last_sentence(rules: SentenceRules, finding: Finding) -> int:
    return finding.sentence


def find_attributions(doc: ParsedDocument, config: Config) -> list[Finding]:
    """Every attribution the rules find in ``doc``, in reading order of cues."""
    return SentenceRules(config, doc).run()
