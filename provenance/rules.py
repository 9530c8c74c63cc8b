"""The rule layer: attribution cues and the source and claim spans they govern.

Each rule family is one function over a parsed sentence; the words it looks
for come from ``configs/cues.yaml``. Rules work on the dependency parse, POS
and lemmas, and fall back to token patterns where small parsers go wrong
(comma-separated reporting clauses, quotations). Every finding names its rule
and says in words why it fired, so a fact-checker can check it.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from provenance.config import Config, Phrase, Verb
from provenance.parsing import MONTHS
from provenance.records import Cue, Form, Medium, ParsedDocument, Sentence, Span, Token, Word

OPEN_TO_CLOSE = {"„": "“”", "»": "«", "«": "»", "“": "”", '"': '"', "‚": "‘’", "›": "‹"}
QUOTE_CHARS = set(OPEN_TO_CLOSE) | {c for closers in OPEN_TO_CLOSE.values() for c in closers}
EDGE_PUNCT = set(",.;:!?–—-/")
FINAL_PUNCT = set(".!?")
# ", doch …", ", aber …": conjunctions that join two main clauses
MAIN_CLAUSE_CONJUNCTIONS = {"doch", "aber", "jedoch", "sondern", "denn"}
# Articles that open a new (dative or accusative) noun phrase, never a genitive
# continuation: "sagte der Minister | dem Sender"
NEW_PHRASE_ARTICLES = {"dem", "den", "das", "die", "ein", "einem", "einen", "eine", "diesem", "diesen"}
# "Angaben der Polizei vom Dienstag", "laut der CDU am kommenden Mittwoch": a date ends a source
TIME_NOUNS = MONTHS | {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
                       "wochenende", "vormittag", "nachmittag", "abend", "morgen", "vortag", "jahr", "monat", "woche", "uhr"}
# "In der Mitteilung heißt es", "Im Bericht heißt es", "Auf der Homepage heißt es"
DOCUMENT_PREPOSITIONS = {"in", "im", "auf", "aus", "bei", "beim"}
# "laut Behördenangaben | rund 7.000 Menschen": a count after a source opens the message
QUANTIFIERS = {"rund", "etwa", "mindestens", "knapp", "fast", "über", "mehr", "weniger", "circa", "ca.", "gut",
               "bis", "nur", "insgesamt", "höchstens", "annähernd", "ungefähr"}
GENITIVE_OPENERS = {"des", "der", "von", "vom"}
# open an indirect question or a subordinate clause, never a main clause
INTERROGATIVES = {"warum", "weshalb", "wieso", "wer", "wen", "wem", "was", "wann", "wo", "ob", "wie", "welche",
                  "welcher", "welches"}
RELATIVE_PRONOUNS = {"der", "die", "das", "dem", "den", "deren", "dessen", "denen", "welcher", "welche", "welches",
                     "welchem", "welchen", "wo"}
# "wies darauf hin, dass …", "äußerte sich": part of the cue in the annotation
# (a verb may add its own in cues.yaml: "rief dazu auf", but "sagte dazu" = about it)
CORRELATES = {"darauf", "davon", "darüber", "sich"}
# "Das bestätigte die Polizei.": a fronted demonstrative points back at the sentence before
ANAPHORIC_OBJECTS = {"das", "dies", "dieses"}
# Articles no subject takes: "dem"/"einem" are always dative, "den"/"einen" accusative or dative
DATIVE_ARTICLES = {"dem", "einem"}
OBJECT_ARTICLES = DATIVE_ARTICLES | {"den", "einen"}
# Lemmas of the determiners that open a noun phrase: a small tagger also calls a verb
# DET ("wies Berichte … zurück"), its lemma tells the truth
DETERMINERS = {"der", "ein", "dieser", "jener", "kein", "jeder", "alle", "einige", "mehrere", "viele", "solcher",
               "mancher", "welcher", "mein", "dein", "sein", "ihr", "unser", "euer"}
# "warf ihm vor", "sagte uns": whom it was told ("ihr" is left out: also "her")
DATIVE_PRONOUNS = {"ihm", "ihnen", "mir", "uns", "dir", "euch"}
# Konjunktiv I forms that mark reported speech even where the tagger misses Mood=Sub.
KONJUNKTIV = {
    "sei", "seien", "seiest", "habe", "hätten", "hätte", "werde", "wäre", "wären", "würde",
    "würden", "könne", "müsse", "solle", "wolle", "dürfe", "gebe", "gehe", "komme", "stehe",
    "liege", "bleibe", "plane", "wisse", "brauche", "lasse", "trage", "zeige", "mache", "sehe",
}
# With "ich" the Konjunktiv I of most verbs is the indicative ("ich sage", "ich habe"):
# only these forms differ from it.
FIRST_PERSON_KONJUNKTIV = {"sei", "hätte", "wäre", "würde", "könne", "müsse", "solle", "wolle", "dürfe", "wisse"}


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


# ---------------------------------------------------------------------------
# lexicon lookups

def verb_cue(sentence: Sentence, word: Word, verbs: dict[str, Verb],
             quotes: Iterable[Span] = ()) -> tuple[str, Verb, list[Word]] | None:
    """The lexicon entry a verb instantiates, with its particle word if
    separated: a separable verb is keyed by particle + lemma ("mitteilen")."""
    if word.upos not in ("VERB", "AUX"):
        return None
    lemma = word.lemma.lower()
    # a particle inside a quotation the verb is not in, or behind a colon, belongs to the
    # quoted words, whatever the parser says ("erklärte: „… gingen davon aus.“")
    particles = [c for c in sentence.children(word.index) if c.deprel == "compound:prt"
                 and not any(q.start < c.start < q.end and not q.start < word.start < q.end for q in quotes)
                 and not any(t.text == ":" for t in sentence.tokens if word.end <= t.start and t.end <= c.start)]
    if not particles:
        particles = _clause_final_particle(sentence, word, verbs)
    for particle in particles:
        key = particle.text.lower() + lemma
        if key in verbs:
            return key, verbs[key], [word, particle]
    # a small tagger sometimes calls a main verb AUX; its relation tells the truth
    if lemma in verbs and (word.upos == "VERB" or word.deprel not in ("aux", "aux:pass", "cop")):
        return lemma, verbs[lemma], [word, *particles]
    return None


def _clause_final_particle(sentence: Sentence, verb: Word, verbs: dict[str, Verb]) -> list[Word]:
    """"teilte am Montag mit, …": the separated particle closes the clause,
    whatever the parser made of it."""
    words = sentence.words
    k = verb.index  # words are 1-based: words[k] is the word after the verb
    while k < len(words) and words[k].text not in (",", ".", ":", ";", "!", "?") and words[k].text not in QUOTE_CHARS:
        k += 1
    last = words[k - 1] if k - 1 >= verb.index else None
    if last is not None and last.text.lower() + verb.lemma.lower() in verbs:
        return [last]
    return []


def has_passive_auxiliary(children: Iterable[Word]) -> bool:
    """"wurde … aufgefordert", "wird angenommen": a verb with a passive auxiliary."""
    return any(c.deprel == "aux:pass" for c in children)


def has_object_article(sentence: Sentence, noun: Word) -> bool:
    """"den Verdacht", "einem Reporter": the noun's phrase cannot be a subject."""
    return any(c.deprel == "det" and c.text.lower() in OBJECT_ARTICLES for c in sentence.children(noun.index))


def opens_subordinate_clause(words: list[Word], k: int) -> bool:
    """The clause of ``words[k]``, from the last comma before it (or the first
    word), opens with a conjunction, a question word or, after a comma, a
    relative pronoun ("nachdem er es bemerkt hatte", ", die … geführt wird")."""
    commas = [j for j in range(k) if words[j].text == ","]
    opener = words[commas[-1] + 1] if commas else words[0]
    return (opener.upos == "SCONJ" or opener.text.lower() in INTERROGATIVES
            or (bool(commas) and opener.text.lower() in RELATIVE_PRONOUNS))


@functools.lru_cache(maxsize=None)
def token_pattern(pattern: str) -> Callable[[str], bool]:
    """A lexicon token pattern ("angab*") as a test on a lowered token; plain
    words, the most common case, are a string comparison (this runs for every
    token of every sentence against every phrase)."""
    if not any(ch in pattern for ch in "*?["):
        return pattern.__eq__
    return re.compile(fnmatch.translate(pattern)).match


def matches_any(token: str, patterns: Iterable[str]) -> bool:
    return any(token_pattern(p)(token) for p in patterns)


CompiledPhrase = tuple[str, Phrase, list[Callable[[str], bool]]]


def compile_phrases(phrases: dict[str, Phrase]) -> list[CompiledPhrase]:
    """The cue phrases longest first, each token pattern a test: done once
    per document, not per sentence."""
    ordered = sorted(phrases.items(), key=lambda item: -len(item[1].tokens))
    return [(name, phrase, [token_pattern(p) for p in phrase.tokens]) for name, phrase in ordered]


def phrase_matches(sentence: Sentence, phrases: list[CompiledPhrase]) -> Iterable[tuple[str, Phrase, int]]:
    """(name, phrase, index of first token) for every phrase in the sentence;
    longer phrases win where two start at one token."""
    lowered = [t.text.lower() for t in sentence.tokens]
    taken: set[int] = set()
    for name, phrase, tests in phrases:
        n = len(phrase.tokens)
        for i in range(len(lowered) - n + 1):
            if i in taken or not tests[0](lowered[i]):
                continue
            if all(test(lowered[i + k]) for k, test in enumerate(tests)) and (
                    not phrase.nouns or _noun_follows(sentence, lowered, i + n, phrase)):
                taken.add(i)
                yield name, phrase, i


def _noun_follows(sentence: Sentence, lowered: list[str], start: int, phrase: Phrase) -> bool:
    """A reporting noun within the phrase's window, with nothing but its own
    noun phrase (articles, adjectives, a name) in between."""
    for k in range(start, min(start + phrase.window + 1, len(lowered))):
        token = sentence.tokens[k]
        if matches_any(lowered[k], phrase.nouns):
            return True
        words = [sentence.word(i) for i in token.words]
        if token.text in EDGE_PUNCT or any(w.upos in ("VERB", "AUX", "ADP", "SCONJ") for w in words):
            return False
    return False


def is_konjunktiv(word: Word, sentence: Sentence) -> bool:
    """Konjunktiv I or II of a finite verb. Beside the tagger's Mood=Sub and
    the common forms, a finite verb in -e (not the preterite -te) is
    Konjunktiv I: the indicative third person ends in -t ("plane"/"plant").
    Not with "ich", whose indicative ends in -e as well ("ich sage")."""
    text = word.text.lower()
    if _first_person_singular(word, sentence):
        return text in FIRST_PERSON_KONJUNKTIV
    if word.feat("Mood") == "Sub" or text in KONJUNKTIV:
        return True
    return (word.upos in ("VERB", "AUX") and word.deprel in ("root", "conj", "aux", "cop", "ccomp", "parataxis")
            and word.feat("VerbForm") not in ("Inf", "Part") and len(text) > 3 and text.endswith("e")
            and not text.endswith(("te", "de")) and word.text == text)  # preterites: sagte, wurde


def _first_person_singular(word: Word, sentence: Sentence) -> bool:
    """The subject of the verb (or, for an auxiliary, of its main verb) is "ich"."""
    heads = [word.index] + ([word.head] if word.deprel in ("aux", "aux:pass", "cop") and word.head else [])
    return any(c.text.lower() == "ich" and c.deprel.startswith("nsubj") for h in heads for c in sentence.children(h))


# ---------------------------------------------------------------------------
# the rule families


class SentenceRules:
    """Runs every rule family over one parsed document."""

    def __init__(self, config: Config, doc: ParsedDocument):
        self.config = config
        self.cues = config.cues
        self.confidence = config.cues.confidence
        self.windows = config.cues.windows
        self.doc = doc
        self.text = doc.text
        self.quotes = find_quotations(doc.text)
        self.findings: list[Finding] = []
        self._phrases = compile_phrases(self.cues.phrases)
        self._phrase_memo: dict[int, list[tuple[str, Phrase, int]]] = {}

    # -- helpers over words and tokens --------------------------------------

    def _phrases_in(self, sentence: Sentence) -> list[tuple[str, Phrase, int]]:
        """Cue phrases of a sentence, matched once: several rules ask for them."""
        if sentence.index not in self._phrase_memo:
            self._phrase_memo[sentence.index] = list(phrase_matches(sentence, self._phrases))
        return self._phrase_memo[sentence.index]

    def _token_words(self, sentence: Sentence, token_index: int) -> list[Word]:
        return [sentence.word(i) for i in sentence.tokens[token_index].words]

    def _body(self, sentence: Sentence) -> Span:
        """The sentence without final punctuation."""
        return trim(self.text, Span.of(self.text, sentence.start, sentence.end)) or Span.of(
            self.text, sentence.start, sentence.end)

    def _quote_around(self, span: Span) -> Span | None:
        """A quotation that (nearly) coincides with ``span``: the span fills most
        of it, or it fills most of the span (``windows.span_fills_quote``,
        ``windows.quote_fills_span``: shares of characters, marks left out)."""
        for q in self.quotes:
            inner = Span.of(self.text, q.start + 1, q.end - 1)
            if q.contains(span) and len(span.text.strip()) >= self.windows.span_fills_quote * len(inner.text.strip()):
                return q
            if span.contains(inner) and len(inner.text.strip()) >= self.windows.quote_fills_span * len(span.text.strip()):
                return q
        return None

    def _message(self, span: Span | None, indirect: Form = "indirect") -> tuple[Span | None, Form]:
        """A claim span as direct speech when a quotation (nearly) covers it."""
        if span is None:
            return None, indirect
        quote = self._quote_around(span) or next(
            (q for q in self.quotes if q.start == span.start and q.end > span.end), None)  # runs on past the sentence
        return (quote, "direct") if quote is not None else (span, indirect)

    def _claim(self, words: set[int], sentence: Sentence, anchor: int | None = None) -> tuple[Span | None, Form]:
        if anchor is not None and anchor in words:
            words = contiguous(sentence, words, anchor)
        return self._message(trim(self.text, span_of(self.text, (sentence.word(i) for i in words))))

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

    def _replace(self, index: int, finding: Finding) -> int:
        self.findings[index] = finding
        return index

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
            self._separate_claims(sentence, before)
            if len(self.findings) == before:
                self.continuation(sentence)
            if len(self.findings) == before:
                self.evidential(sentence)
        self.direct_quotes()
        self.nested_quotes()
        return self.findings

    def _separate_claims(self, sentence: Sentence, first: int) -> None:
        """Two attributions in one sentence ("Der Quelle zufolge war …,
        Präsident Trump glaubt jedoch, dass …"): a phrase cue's claim ends at
        the comma before the other attribution's speaker or cue."""
        found = range(first, len(self.findings))
        for k in found:
            finding = self.findings[k]
            if not finding.rule.startswith("phrase.") or finding.form == "direct":
                continue
            others = [s for j in found if j != k and self.findings[j].relayed_by is None
                      for s in (self.findings[j].source, *(self.findings[j].cue.spans if self.findings[j].cue else ()))
                      if s is not None and finding.claim.start < s.start < finding.claim.end]
            if not others:
                continue
            cut = min(s.start for s in others)
            comma = [t for t in sentence.tokens if finding.claim.start < t.start < cut and t.text == ","]
            if comma:
                claim = trim(self.text, Span.of(self.text, finding.claim.start, comma[-1].start))
                if claim is not None:
                    self.findings[k] = replace(finding, claim=claim)

    def verbs(self, sentence: Sentence) -> None:
        """Speech and report verbs: "X sagte, …", "…, sagte X.", "Wie X berichtet, …"."""
        lexicon = {**self.cues.reported_verbs, **self.cues.verbs}
        for word in sentence.words:
            found = verb_cue(sentence, word, lexicon, self.quotes)
            if found is None:
                continue
            lemma, entry, cue_words = found
            if entry.reflexive and not any(c.text.lower() == "sich" for c in sentence.children(word.index)):
                continue  # "wurde zum Präsidenten berufen" appoints; "beruft sich auf" cites
            cue_words = cue_words + self._cue_companions(sentence, word, lemma, entry)
            if lemma in self.cues.relay_verbs and self._relay(sentence, word, cue_words):
                continue
            children = sentence.children(word.index)
            # the subject of a passive speech verb is told, not telling ("Die Anwohner
            # wurden aufgefordert"); only "X wird zitiert" names the speaker
            passive = has_passive_auxiliary(children) and lemma not in self.cues.relay_verbs
            subjects = [] if passive else [c for c in children if c.deprel == "nsubj"]
            subject = subjects[0] if subjects else None
            if entry.impersonal and (subject is None or subject.text.lower() == "es"):
                subject = None
                if not any(c.text.lower() == "es" for c in children):
                    continue
            marks = [c for c in children if c.deprel == "mark" and c.lemma.lower() == "wie"]
            if not marks and sentence.words[0].text.lower() == "wie" and self._ends_clause(sentence, word):
                marks = [sentence.words[0]]
            cue_spans = tuple(Span.of(self.text, w.start, w.end) for w in sorted(marks + cue_words, key=lambda w: w.start))
            cue = Cue(" ".join(s.text for s in cue_spans), cue_spans)
            claim, form, how = self._verb_claim(sentence, word, subjects, marks)
            # "sagte heute Abend": a small parser takes the time for the subject
            subjects = [c for c in subjects if c.text.lower() not in self.cues.never_subjects
                        and c.text.lower() not in TIME_NOUNS]
            if claim is not None:  # a parser may hang a subject of the message on the verb
                inside = [c for c in subjects if claim.overlaps(Span.of(self.text, c.start, c.end))]
                outside = [c for c in subjects if c not in inside]
                subject = min(outside, key=lambda c: abs(c.index - word.index)) if outside else None
                if subject is not None:  # siblings in a row are one name the parser split
                    while subject.index > 1 and sentence.word(subject.index - 1) in outside:
                        subject = sentence.word(subject.index - 1)
            if claim is None or len(claim.text.split()) < self.windows.min_claim_words:
                quoted = self._quote_in_clause(sentence, word, subject)
                anaphoric = None if quoted is not None else self._anaphoric(sentence, word, children)
                if anaphoric is not None:
                    claim, form, subject = anaphoric
                    how = "anaphoric-object"
                elif quoted is None:
                    self._reported(sentence, word, lemma, entry, subject)
                    continue
                else:
                    claim, form, how = quoted, "direct", "quoted-object"
            if subject is not None and claim.contains(Span.of(self.text, subject.start, subject.end)):
                continue
            source = None
            if subject is not None:
                source = self._phrase_of(sentence, subject)
                if source.overlaps(claim):
                    source = (trim(self.text, Span.of(self.text, source.start, claim.start))
                              if source.start < claim.start else None) or Span.of(self.text, subject.start, subject.end)
            elif passive:
                source = self._agent(sentence, children, claim)
            elif not entry.impersonal:
                source = self._subject_fallback(sentence, word, claim, marks)
            addressee = self._addressee(sentence, word, lemma, children, claim)
            if source is not None and addressee is not None and source.start < addressee.start < source.end:
                source = self._before_addressee(sentence, source, addressee)
            confidence = entry.confidence * (1.0 if source else self.confidence.verb_without_source)
            index = self._add(Finding(
                rule=f"verb.{how}", form=form, medium=entry.medium, cue=cue, source=source, claim=claim,
                confidence=round(confidence, 2), frame=self._frame(sentence, claim, cue), addressee=addressee,
                sentence=sentence.index,
                evidence=f"'{word.text}' (lemma {lemma}) governs the claim as {how}"
                         + (f"; subject '{source.text}'" if source else "; no subject"),
            ))
            self._citing(sentence, word, index)

    def _agent(self, sentence: Sentence, children: list[Word], claim: Span) -> Span | None:
        """Who spoke in the passive: "Es wird von den Behörden angenommen, …"."""
        for child in children:
            if child.deprel in ("obl", "obl:agent") and {
                    c.text.lower() for c in sentence.children(child.index) if c.deprel == "case"} & {"von", "vom"}:
                agent = self._phrase_of(sentence, child)
                if not agent.overlaps(claim):
                    return agent
        return None

    def _cue_companions(self, sentence: Sentence, verb: Word, lemma: str, entry: Verb) -> list[Word]:
        """Words the annotation counts as part of a verb cue: auxiliaries,
        "sich", a correlate the message hangs on ("wies darauf hin", "rief
        dazu auf"; not "sagte dazu" = about it), the preposition a verb needs
        ("sprach von") and "als" of "bezeichnete … als"."""
        companions = []
        for child in sentence.children(verb.index):
            lowered = child.text.lower()
            if child.deprel in ("aux", "aux:pass", "expl", "expl:pv"):
                companions.append(child)
            elif child.deprel in ("obj", "obl", "advmod") and (lowered in CORRELATES or lowered in entry.correlates):
                companions.append(child)
            elif lemma in self.cues.as_verbs or entry.requires:
                wanted = {"als"} if lemma in self.cues.as_verbs else set(entry.requires)
                companions += [c for c in sentence.children(child.index)
                               if c.deprel in ("case", "mark") and c.text.lower() in wanted and c.start > verb.start]
        return companions

    def _subject_fallback(self, sentence: Sentence, verb: Word, claim: Span, marks: list[Word]) -> Span | None:
        """The speaker when the parse hung it elsewhere: a subject outside the
        claim nearest the verb, else the noun phrase beside the verb ("…,
        sagte die Bürgermeisterin", "Wie die Agentur Reuters berichtet")."""
        outside = [w for w in sentence.words if w.deprel == "nsubj" and not claim.overlaps(Span.of(self.text, w.start, w.end))
                   and w.text.lower() not in self.cues.never_subjects]
        if outside:
            nearest = min(outside, key=lambda w: abs(w.index - verb.index))
            source = self._phrase_of(sentence, nearest)
            return source if not source.overlaps(claim) else Span.of(self.text, nearest.start, nearest.end)
        verb_token = verb.token
        if marks or (verb_token > 0 and sentence.tokens[verb_token - 1].text in (",", *QUOTE_CHARS)):
            start = marks[0].token + 1 if marks else verb_token + 1
            source = self._after(sentence, start)
            return source if source and not source.overlaps(claim) else None
        return None

    def _quote_in_clause(self, sentence: Sentence, verb: Word, subject: Word | None) -> Span | None:
        """"bezeichnete sie als „maßvoll“": a quotation among the verb's own
        dependents (not inside its subject) is what the source said."""
        inside = subtree(sentence, verb.index, exclude={subject.index} if subject else set())
        words = [sentence.word(i) for i in inside]
        if not words:
            return None
        lo, hi = min(w.start for w in words), max(w.end for w in words)
        return next((q for q in self.quotes if lo <= q.start + 1 and q.end - 1 <= hi
                     and not (subject and q.overlaps(Span.of(self.text, subject.start, subject.end)))
                     and not self._covered(q) and not self._names_a_noun(sentence, q)), None)

    def _names_a_noun(self, sentence: Sentence, quote: Span) -> bool:
        """"die Nachrichtensite „Golem“", "die Operation „Eagle“": a short
        quotation right after a noun is its name, not something said."""
        before = [t for t in sentence.tokens if t.end <= quote.start]
        if not before or len(quote.text.split()) > self.windows.name_quote_words:
            return False
        return bool({w.upos for w in self._token_words(sentence, sentence.tokens.index(before[-1]))} & {"NOUN", "PROPN"})

    def _anaphoric(self, sentence: Sentence, verb: Word, children: list[Word]) -> tuple[Span, Form, Word] | None:
        """"Das bestätigte die Organisation in Bonn.": the claim is the sentence before,
        in the same paragraph and not already someone's claim; the speaker follows the verb."""
        first = sentence.words[0]
        if first.text.lower() not in ANAPHORIC_OBJECTS or sentence.index == 0:
            return None
        if verb.index != 2 and not (first in children and verb.deprel == "root"):
            return None  # the verb in second place, or the parse links them
        previous = self.doc.sentences[sentence.index - 1]
        if "\n\n" in self.text[previous.end:sentence.start]:
            return None
        claim = trim(self.text, self._body(previous))
        if claim is None or self._covered(claim) or len(claim.text.split()) < self.windows.min_antecedent_words:
            return None
        # found on the surface: the parser may hang the speaker elsewhere ("Das erklärte gestern ein Sprecher");
        # none in an object-case phrase ("Das bestätigte den Verdacht der Ermittler": "Das" is the subject)
        speaker = next((w for w in sentence.words[verb.index:] if w.upos in ("NOUN", "PROPN")
                        and w.text.lower() not in TIME_NOUNS and w.deprel != "nmod"
                        and not has_object_article(sentence, w)), None)
        if speaker is None:
            return None
        return *self._message(claim), speaker

    def _reported(self, sentence: Sentence, verb: Word, lemma: str, entry: Verb, subject: Word | None) -> None:
        """"Die Polizei sprach von einem Unfall.": a speech act with no message
        clause reports the statement; the whole sentence is the claim."""
        if (subject is None or verb.deprel != "root" or entry.impersonal
                or subject.upos not in ("NOUN", "PROPN", "PRON") or subject.text.lower() in self.cues.never_subjects
                or entry.confidence < self.confidence.reported_minimum or not entry.reports
                or len(sentence.words) < self.windows.min_reported_words):
            return
        if any(c.lemma == "werden" and c.deprel in ("aux", "aux:pass") for c in sentence.children(verb.index)) and (
                verb.feat("VerbForm") == "Part" or verb.text.lower().startswith("ge")):
            return  # passive: its subject is what was reported, not who reported it
        after = {t.text.lower() for t in sentence.tokens if t.start > verb.start}
        if entry.requires and not after & set(entry.requires):
            return  # "sprach mit seinem Anwalt" reports nothing; "sprach von" does
        claim = Span.of(self.text, sentence.start, sentence.end)
        if self._covered(claim) or any(q.contains(claim) for q in self.quotes):
            return
        source = self._phrase_of(sentence, subject)
        self._add(Finding(
            rule="verb.reported", form="reported", medium=entry.medium, cue=None, source=source, claim=claim,
            confidence=round(entry.confidence * self.confidence.verb_reported, 2), sentence=sentence.index,
            evidence=f"'{verb.text}' (lemma {lemma}) reports what '{source.text}' said, without quoting it",
        ))

    def _phrase_of(self, sentence: Sentence, head: Word) -> Span:
        """The unbroken noun phrase a head word heads, by the parse and, where
        the parse cut it short ("die Agentur | Reuters"), by the surface."""
        run = sorted(contiguous(sentence, subtree(sentence, head.index), head.index))
        while run and run[0] != head.index and (sentence.word(run[0]).upos in ("ADP", "SCONJ", "CCONJ", "PUNCT", "ADV")
                                                 or sentence.word(run[0]).text.lower() == "wie"):
            run = run[1:]  # "Wie die Agentur …": the subordinator is no part of the source
        parsed = trim(self.text, span_of(self.text, (sentence.word(i) for i in run))) or Span.of(
            self.text, head.start, head.end)
        first = next(t for t, token in enumerate(sentence.tokens) if token.end > parsed.start)
        # the parse may have left the article outside ("der | Umweltminister")
        while first > 0:
            upos = {w.upos for w in self._token_words(sentence, first - 1)}
            previous = sentence.tokens[first - 1].text
            if upos & {"DET", "ADJ", "NUM"} and not upos & {"VERB", "AUX"} and previous not in EDGE_PUNCT:
                first -= 1
            else:
                break
        parsed = Span.of(self.text, min(parsed.start, sentence.tokens[first].start), parsed.end)
        surface = self._after(sentence, first)
        if surface is not None and surface.end > parsed.end:
            return Span.of(self.text, parsed.start, surface.end)
        return parsed

    def _verb_claim(self, sentence: Sentence, verb: Word, subjects: list[Word], marks: list[Word]):
        """The message a reporting verb governs, with how it was found."""
        children = sentence.children(verb.index)
        # "gab am Montag bekannt, dass …": the parser may hang the message on the particle
        children += [c for p in children if p.deprel == "compound:prt" for c in sentence.children(p.index)]
        exclude = {verb.index} | {s.index for s in subjects}
        if marks:  # "Wie X berichtet, planen …": the claim is the rest of the sentence
            comma = next((t for t in sentence.tokens if t.start >= verb.end and t.text == ","), None)
            if comma is not None:
                return *self._message(trim(self.text, Span.of(self.text, comma.end, self._body(sentence).end))), "wie-clause"
            return None, "indirect", ""
        inverted = self._mark_before_verb(sentence, verb, subjects) is not None
        for child in children:
            # A small parser often makes the message a conjunct or an adverbial clause
            # ("sagte der Zeitung, die Reform komme", "teilte mit, dass …"): after the
            # verb, a dass/ob clause or a Konjunktiv clause without subordinator is it
            subordinators = {c.text.lower() for c in sentence.children(child.index) if c.deprel == "mark"}
            misattached = child.deprel in ("conj", "advcl") and child.start > verb.end and (
                bool(subordinators & {"dass", "ob"}) or (not subordinators and any(
                    is_konjunktiv(w, sentence) for w in [child, *sentence.children(child.index)]
                    if w is child or w.deprel in ("aux", "aux:pass", "cop"))))
            if (child.deprel in ("ccomp", "parataxis", "xcomp", "csubj") or misattached) and child.upos in (
                    "VERB", "AUX", "NOUN", "ADJ", "PROPN", "PRON"):
                if child.deprel == "xcomp" and not any(c.lemma == "zu" or c.text == "zu" for c in sentence.children(child.index)):
                    continue
                if child.start < verb.start and not inverted:
                    continue  # a message before its verb needs "…, sagte X" order
                words = subtree(sentence, child.index, exclude=exclude)
                if child.start > verb.end:
                    words = self._whole_message(sentence, verb, words, exclude)
                claim, form = self._claim(words, sentence, child.index)
                if claim is not None and claim.start > verb.start:
                    # the message starts after the reporting clause's own phrases
                    claim = self._after_reporting_phrases(sentence, verb, claim) or claim
                    claim = self._from_comma(sentence, verb, claim)
                if claim is not None and form != "direct":
                    # "erklärte am Abend: „Die Straße bleibt …“": a message inside the
                    # quotation the colon behind the verb opens is that quotation
                    colon = next((t for t in sentence.tokens if verb.end <= t.start < claim.start and t.text == ":"), None)
                    quote = colon and next((q for q in self.quotes if colon.end <= q.start <= colon.end + 2
                                            and q.start < claim.start and claim.end <= q.end), None)
                    if quote is not None:
                        claim, form = quote, "direct"
                if claim is not None:
                    return claim, form, "complement"
        # "…, sagte X.": German puts the finite verb first in a reporting
        # clause after the message, right behind the comma (or closing quote)
        # that ends it. The surface is clearer than the parse here: the
        # message runs from the start of its clause to that mark.
        boundary = self._mark_before_verb(sentence, verb, subjects)
        if boundary is not None:
            end = boundary.start if boundary.text == "," else boundary.end
            start = max([sentence.start] + [t.end for t in sentence.tokens if t.end <= end and t.text in (";", ":")])
            span = trim(self.text, Span.of(self.text, start, end))
            if span is not None and ((boundary.text != "," and span.text[0] in QUOTE_CHARS)
                                     or self._main_clause(sentence, span)):
                return *self._message(span), "inverted"
        # Token fallback: "X sagte (außerdem), dass …" or "X sagte: „…“" with a
        # parse that missed it: a comma or colon within a few plain words. Not
        # after a passive that says nothing ("wurde verurteilt, …"), and after a
        # verb that ends a subordinate clause ("nachdem er es bemerkt hatte, …")
        # only for a dass/ob clause or a quotation.
        if has_passive_auxiliary(children) and verb.lemma.lower() not in self.cues.addressee_verbs:
            return None, "indirect", ""
        # "meldete mit Verweis auf Augenzeugen, die Stadt sei gefallen": step over a citing phrase
        skip = verb.end
        for _, phrase, i in self._phrases_in(sentence):
            cited = self._after(sentence, i + len(phrase.tokens)) if phrase.role == "citing" else None
            if cited is not None and 0 <= sentence.tokens[i].start - verb.end <= self.windows.citing_gap_chars:
                skip = max(skip, cited.end)
        after = [t for t in sentence.tokens if t.start >= skip][:self.windows.message_mark_tokens]
        mark = next((t for t in after if t.text in (",", ":")), None)
        between = [w for t in after if mark and t.start < mark.start for w in self._token_words(sentence, sentence.tokens.index(t))]
        if mark is not None and all(w.upos in ("ADV", "PART", "ADP", "PRON") or w.deprel in ("compound:prt", "aux", "advmod")
                                    for w in between):
            body = self._body(sentence)
            claim, form = self._message(trim(self.text, Span.of(self.text, mark.end, body.end)))
            if claim is not None and (not self._in_subordinate_clause(sentence, verb) or form == "direct"
                                      or claim.text.lower().startswith(("dass ", "ob "))):
                return claim, form, "colon" if form == "direct" else "following-clause"
        return None, "indirect", ""

    def _whole_message(self, sentence: Sentence, verb: Word, message: set[int], exclude: set[int]) -> set[int]:
        """A message after its verb, with the clauses the parser hung beside it
        on the verb: a small parser often makes each clause of a reported
        message a dependent of the reporting verb, and only one of them reads as
        the message ("schrieb …, Putin erwarte, … zu gewinnen, und sehe …": the
        Konjunktiv "erwarte" looks like a preterite)."""
        return self._earlier_clauses(sentence, verb, self._later_clauses(sentence, verb, message, exclude), exclude)

    def _later_clauses(self, sentence: Sentence, verb: Word, message: set[int], exclude: set[int]) -> set[int]:
        """Clauses right behind the message, after a comma or "und", belong to it:
        an infinitive or a subordinate clause ("sagte, dass sie keine Pläne
        hätten, | sich zu treffen"; "…, | um … zu verhindern"; "…, | da …") and a
        Konjunktiv conjunct ("…, und | sehe darin eine Chance"). Not ", wie er
        sagte" (a reporting clause of its own) nor the speaker's next act in the
        indicative ("…, und verließ den Raum")."""
        message = set(message)
        end = max(message)
        for sibling in sorted(sentence.children(verb.index), key=lambda w: w.index):
            if sibling.index <= end or sibling.deprel not in ("xcomp", "advcl", "ccomp", "conj", "parataxis"):
                continue
            clause = subtree(sentence, sibling.index, exclude=exclude)
            first = min(i for i in clause if sentence.word(i).upos not in ("PUNCT", "CCONJ"))
            between = [sentence.word(i).text.lower() for i in range(end + 1, first)]
            marks = {c.text.lower() for c in sentence.children(sibling.index) if c.deprel == "mark"}
            if sibling.deprel in ("conj", "parataxis"):
                dependent = not marks and self._konjunktiv_clause(sentence, sibling)
            else:
                dependent = sibling.feat("VerbForm") == "Inf" or bool(marks - {"wie", "als"})
            unbroken = max(clause) - min(clause) + 1 == len(clause)
            if not dependent or not unbroken or between not in ([","], ["und"], [",", "und"]):
                break  # only an unbroken clause right behind the message
            message |= clause | set(range(end + 1, first))
            end = max(clause)
        return message

    def _earlier_clauses(self, sentence: Sentence, verb: Word, message: set[int], exclude: set[int]) -> set[int]:
        """Finite clauses before the message, between it and the comma that
        closes the reporting clause, are its first part ("schrieb Focus unter
        Berufung auf …, | Putin erwarte, … | sondern … zu gewinnen"): the message
        then starts right after that comma. Not a clause with a subordinator
        ("…, nachdem …"), nor one with a reporting verb of its own."""
        lexicon = {**self.cues.reported_verbs, **self.cues.verbs}
        comma = next((t for t in sentence.tokens if t.start >= verb.end and t.text == ","), None)
        if comma is None:
            return message
        message = set(message)
        start = min(i for i in message if sentence.word(i).upos not in ("PUNCT", "CCONJ"))
        extended = set(message)
        for sibling in sorted(sentence.children(verb.index), key=lambda w: -w.index):
            if sibling.index >= start or sibling.deprel not in ("conj", "parataxis", "advcl", "ccomp"):
                continue
            if (sibling.start < comma.end or sibling.upos not in ("VERB", "AUX")
                    or sibling.feat("VerbForm") in ("Inf", "Part")
                    or any(c.deprel == "mark" for c in sentence.children(sibling.index))
                    or verb_cue(sentence, sibling, lexicon, self.quotes) is not None):
                break
            clause = subtree(sentence, sibling.index, exclude=exclude)
            if self._relative_clause(sentence, sibling, clause):
                break
            gap = [sentence.word(i) for i in range(max(clause) + 1, start) if i not in extended]
            if any(w.upos not in ("PUNCT", "CCONJ") for w in gap):
                break  # only the clause right before the message
            extended |= clause | set(range(max(clause) + 1, start))
            start = min(i for i in clause if sentence.word(i).upos not in ("PUNCT", "CCONJ"))
            # the message now opens right after the reporting clause (a word or two the
            # parser hung elsewhere, "Putin", are filled in from the comma)
            lead = [t for t in sentence.tokens if comma.end <= t.start and t.end <= sentence.word(start).start]
            if all(t.text not in EDGE_PUNCT and not any(w.upos in ("VERB", "AUX") for w in
                   self._token_words(sentence, sentence.tokens.index(t))) for t in lead):
                message = extended | {w for t in lead for w in t.words}
        return message

    def _relative_clause(self, sentence: Sentence, head: Word, clause: set[int]) -> bool:
        """", die auf ihrer Homepage veröffentlicht wurde": a clause that opens
        with a relative or question word and ends with its verb. ("die Taliban
        würden … töten" passes for one too: it only holds an extension back.)"""
        words = [sentence.word(i) for i in sorted(clause) if sentence.word(i).upos not in ("PUNCT", "CCONJ")]
        if not words:
            return False
        verbs = {head.index} | {c.index for c in sentence.children(head.index) if c.deprel in ("aux", "aux:pass", "cop")}
        opener = words[0].text.lower()
        return (opener in RELATIVE_PRONOUNS or opener in INTERROGATIVES
                or (words[0].upos == "ADP" and len(words) > 1 and words[1].text.lower() in RELATIVE_PRONOUNS)) \
            and words[-1].index in verbs

    def _konjunktiv_clause(self, sentence: Sentence, head: Word) -> bool:
        """The clause's finite verb (the head or its auxiliary) is Konjunktiv."""
        return any(is_konjunktiv(w, sentence) for w in [head, *sentence.children(head.index)]
                   if w is head or w.deprel in ("aux", "aux:pass", "cop"))

    def _in_subordinate_clause(self, sentence: Sentence, verb: Word) -> bool:
        words = [w for w in sentence.words if w.start < verb.start] + [verb]
        return opens_subordinate_clause(words, len(words) - 1)

    def _main_clause(self, sentence: Sentence, span: Span) -> bool:
        """A message before ", sagte X" is a main clause of its own: a finite
        verb that heads neither a relative nor a subordinate clause. Not a
        fronted subject ("Der Vertreter der Arbeitgeber, Peter Clever, hat
        gefordert"), nor "Wenn …, " or "In der Debatte, die …, "."""
        words = [w for w in sentence.words if span.start <= w.start and w.end <= span.end]
        for k, w in enumerate(words):
            finite = w.feat("VerbForm") == "Fin" or w.feat("Mood") is not None or is_konjunktiv(w, sentence)
            if w.upos in ("VERB", "AUX") and finite and not w.deprel.startswith(("acl", "advcl")) \
                    and not opens_subordinate_clause(words, k):
                return True
        return False

    def _from_comma(self, sentence: Sentence, verb: Word, claim: Span) -> Span:
        """A message clause starts right after the comma behind its verb; words
        between them that the parser hung elsewhere ("forderte sie auf, ihre
        Fenster geschlossen | zu halten") belong to it."""
        marks = [t for t in sentence.tokens if verb.end <= t.start and t.end <= claim.start and t.text in (",", ":")]
        if not marks:
            return claim
        gap = [t for t in sentence.tokens if marks[-1].end <= t.start and t.end <= claim.start]
        if not gap or any(t.text in EDGE_PUNCT or t.text in QUOTE_CHARS for t in gap):
            return claim
        return Span.of(self.text, gap[0].start, claim.end)

    def _after_reporting_phrases(self, sentence: Sentence, verb: Word, claim: Span) -> Span | None:
        """Cut a message that swallowed the reporting clause's tail ("Focus
        unter Berufung auf die FT, Putin erwarte …"): it starts after the last
        comma or colon between the verb and the message's own verb."""
        marks = [t for t in sentence.tokens if verb.end <= t.start and t.end <= claim.end and t.text in (",", ":")]
        if not marks or claim.start >= marks[0].end:
            return None
        head = [w for w in sentence.words if claim.start <= w.start < marks[0].start]
        citing = any(phrase.role == "citing" and sentence.tokens[i].start < marks[0].start
                     for _, phrase, i in self._phrases_in(sentence))
        if citing or not any(w.upos in ("VERB", "AUX") for w in head):
            # what precedes the comma has no verb of its own: it belongs to the reporting clause
            return trim(self.text, Span.of(self.text, marks[0].end, claim.end))
        return None

    def _ends_clause(self, sentence: Sentence, verb: Word) -> bool:
        """The verb (with its auxiliaries) is the last word before a comma."""
        k = verb.token + 1
        while k < len(sentence.tokens) and any(
                sentence.word(i).deprel in ("aux", "aux:pass", "compound:prt") for i in sentence.tokens[k].words):
            k += 1
        return k < len(sentence.tokens) and sentence.tokens[k].text == ","

    def _mark_before_verb(self, sentence: Sentence, verb: Word, subjects: list[Word]) -> Token | None:
        """The comma or closing quote right before a verb-first reporting clause."""
        auxiliaries = [c for c in sentence.children(verb.index) if c.deprel in ("aux", "aux:pass")]
        first = min([verb, *auxiliaries], key=lambda w: w.start)
        if subjects and all(s.start < first.start for s in subjects):
            return None
        before = [t for t in sentence.tokens if t.end <= first.start]
        if before and (before[-1].text == "," or before[-1].text in QUOTE_CHARS) and len(before) > 1:
            return before[-1]
        return None

    def _addressee(self, sentence: Sentence, verb: Word, lemma: str, children: list[Word],
                   claim: Span) -> Span | None:
        """Whom the source told: a dative object, "gegenüber Y", the object
        of a verb that addresses someone ("forderte die Anwohner auf", "appellierte
        an die Bürger") or its passive subject ("Die Anwohner wurden
        aufgefordert"), or, where the parse missed it, a dative noun phrase
        right after the verb ("sagte der Zeitung „Bild“")."""
        addresses = lemma in self.cues.addressee_verbs
        passive = has_passive_auxiliary(children)
        for child in children:
            if child.deprel not in ("iobj", "obj", "nsubj", "nsubj:pass", "obl"):
                continue
            prepositions = {c.lemma.lower() for c in sentence.children(child.index) if c.deprel == "case"}
            if (child.deprel == "iobj"
                    or (child.deprel == "obj" and (addresses or self._told(sentence, child)))
                    # a passive verb that addresses someone: its "subject" is whom it was
                    # told ("Die Anwohner wurden aufgefordert", "Ihm wird vorgeworfen")
                    or (child.deprel in ("nsubj:pass", "nsubj") and passive and child.text.lower() != "es"
                        and child.upos in ("NOUN", "PROPN", "PRON") and child.text.lower() not in TIME_NOUNS
                        and (addresses or lemma in self.cues.dative_passive_verbs or self._told(sentence, child)))
                    or (child.deprel == "obl" and ("gegenüber" in prepositions
                                                   or (addresses and prepositions == {"an"})))):
                phrase = trim(self.text, span_of(self.text, (sentence.word(i) for i in subtree(sentence, child.index))))
                if phrase is not None and not phrase.overlaps(claim) and phrase.text[0] not in QUOTE_CHARS:
                    return phrase
        k = verb.token + 1
        tokens = sentence.tokens
        while k < len(tokens) and k <= verb.token + self.windows.addressee_tokens:
            lowered = tokens[k].text.lower()
            if lowered in DATIVE_ARTICLES or lowered in ("der", "gegenüber"):
                phrase = self._after(sentence, k + (lowered == "gegenüber"))
                # "dem"/"einem" after a speech verb is a dative: whom it was told;
                # "der" could be a genitive, so it needs a media noun and no noun
                # before it ("sagte der Zeitung", not "sagte ein Sprecher der Nachrichtenagentur")
                if phrase is not None and not phrase.overlaps(claim) and (
                        lowered != "der" or (self._dative_der(sentence, k) and self._names_medium(sentence, phrase))):
                    return phrase
            words = self._token_words(sentence, k)
            if tokens[k].text in EDGE_PUNCT or any(w.upos == "ADP" for w in words):
                break  # "sprach von einem …": a prepositional object, not whom it was told
            k += 1
        return None

    def _before_addressee(self, sentence: Sentence, source: Span, addressee: Span) -> Span:
        """Whom the speaker told is no part of the speaker: the parser may hang
        it on the speaker's name ("sagte der Arzt Paul Weber | dem Sender",
        "sagte er | gegenüber Reportern")."""
        end = addressee.start
        before = [k for k, t in enumerate(sentence.tokens) if source.start <= t.start and t.end <= end]
        if before and (sentence.tokens[before[-1]].text.lower() == "gegenüber"  # tagged ADJ as often as ADP
                       or any(w.upos == "ADP" for w in self._token_words(sentence, before[-1]))):
            end = sentence.tokens[before[-1]].start
        return trim(self.text, Span.of(self.text, source.start, end)) or source

    def _dative_der(self, sentence: Sentence, k: int) -> bool:
        """"der" at token ``k`` can be a dative (whom it was told) only where
        no common noun precedes it, which it would otherwise be a genitive of
        ("sagte Merkel der Zeitung", not "ein Sprecher der Zeitung")."""
        return k > 0 and "NOUN" not in {w.upos for w in self._token_words(sentence, k - 1)}

    def _names_medium(self, sentence: Sentence, phrase: Span) -> bool:
        """The phrase's first noun, as a whole word, is a medium or audience
        ("der Zeitung „Bild“", "den Journalisten"): "Pressestelle" and
        "Bundesagentur" merely contain one."""
        noun = next((w for w in sentence.words if phrase.start <= w.start and w.end <= phrase.end
                     and w.upos in ("NOUN", "PROPN")), None)
        return noun is not None and noun.text.lower() in self.cues.addressee_nouns

    def _told(self, sentence: Sentence, noun: Word) -> bool:
        """An object of a speech verb that is whom it was told: a dative (by
        the tagger's case on the noun or its article, or a dative pronoun) or
        a media noun ("sagte den Journalisten"). The small tagger's case is
        often wrong, so each of these counts."""
        lowered = noun.text.lower()
        if lowered in DATIVE_PRONOUNS or lowered in self.cues.addressee_nouns:
            return True
        # "dem", "einem" are datives whatever the tagger says ("der" is also the
        # nominative of a subject that the parser took for an object)
        return noun.upos in ("NOUN", "PROPN") and (noun.feat("Case") == "Dat" or any(
            c.deprel == "det" and (c.feat("Case") == "Dat" or c.text.lower() in DATIVE_ARTICLES)
            for c in sentence.children(noun.index)))

    def _citing(self, sentence: Sentence, verb: Word, relayer: int) -> None:
        """"unter Berufung auf Y" beside a reporting verb: Y is the origin and
        the verb's subject relays it."""
        for name, phrase, i in self._phrases_in(sentence):
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
        the object is the origin, the subject relays it. In the passive ("X
        wird von Reuters zitiert") the subject is the origin, the agent relays."""
        children = sentence.children(verb.index)
        passive = has_passive_auxiliary(children)
        if passive:
            quoted = next((c for c in children if c.deprel in ("nsubj:pass", "nsubj") and c.text.lower() != "es"
                           and c.upos in ("NOUN", "PROPN", "PRON")), None)
            if quoted is None:
                return False
            subject, origin_span = None, self._phrase_of(sentence, quoted)
        else:
            subjects = [c for c in children if c.deprel == "nsubj"]
            subject = subjects[0] if subjects else None
            origin = next((c for c in children if c.deprel in ("obj", "obl") and c.upos in ("NOUN", "PROPN")), None)
            if origin is None and len(subjects) > 1 and subjects[1].upos in ("NOUN", "PROPN"):
                origin = subjects[1]  # "zitiert der Sender die Reporterin": the parser made both subjects
            if origin is not None:
                origin_span = self._phrase_of(sentence, origin)
            else:  # the accusative right after the verb: "zitiert einen Diplomaten"
                origin_span = self._after(sentence, verb.token + 1)
                if origin_span is None:
                    return False
        found = self._relayed_claim(sentence, verb, origin_span)
        if found is None:
            return False
        claim, form = found
        source = (self._agent(sentence, children, claim) if passive
                  else self._phrase_of(sentence, subject) if subject else None)
        cue_spans = tuple(Span.of(self.text, w.start, w.end) for w in cue_words)
        cue = Cue(" ".join(s.text for s in cue_spans), cue_spans)
        relayer = self._add(Finding(
            rule="relay.verb", form=form, medium=None, cue=cue, source=source, claim=claim, confidence=self.confidence.relay, sentence=sentence.index, frame=self._frame(sentence, claim, cue),
            evidence=f"'{verb.text}' relays '{origin_span.text}'",
        ))
        self._add(Finding(
            rule="relay.origin", form=form, medium=None, cue=cue, source=origin_span, claim=claim,
            confidence=self.confidence.relay, sentence=sentence.index, relayed_by=relayer,
            evidence=f"{'subject' if passive else 'object'} of '{verb.text}'",
        ))
        return True

    def _relayed_claim(self, sentence: Sentence, verb: Word, origin: Span) -> tuple[Span, Form] | None:
        """What a relay verb relays: a quotation after it ("zitiert X: „…“"), a
        message clause right behind it ("X wird von Y zitiert, es habe …"), a quotation closing right before its clause ("„…“, zitiert X"),
        else the claim of the attribution before."""
        minimum = self.windows.min_relay_quote_words
        quote = next((q for q in self.quotes if verb.end <= q.start < sentence.end + 2 and not q.overlaps(origin)), None)
        if quote is not None and len(quote.text.split()) >= minimum:
            return quote, "direct"
        after = [t for t in sentence.tokens if t.start >= verb.end][:self.windows.message_mark_tokens]
        mark = next((t for t in after if t.text in (",", ":")), None)
        if mark is not None and not any(w.upos in ("VERB", "AUX") for t in after if t.start < mark.start
                                        for w in self._token_words(sentence, sentence.tokens.index(t))):
            claim, form = self._message(trim(self.text, Span.of(self.text, mark.end, self._body(sentence).end)))
            if claim is not None and len(claim.text.split()) >= self.windows.min_claim_words and not claim.overlaps(origin):
                return claim, form
        clause = max([sentence.start] + [t.end for t in sentence.tokens if t.end <= verb.start and t.text == ","])
        before = next((q for q in reversed(self.quotes) if q.end <= clause and not self.text[q.end:clause].strip(" ,")
                       and len(q.text.split()) >= minimum), None)
        if before is not None:
            return before, "direct"
        if self.findings:
            return self.findings[-1].claim, self.findings[-1].form
        return None

    def _after(self, sentence: Sentence, token_index: int) -> Span | None:
        """The noun phrase that starts at ``token_index``, read token by token
        (German puts the verb right after a fronted "laut X", so the surface
        is more reliable here than a small parser's attachments): articles and
        adjectives, a head noun or name, then names, genitives ("der
        Feuerwehr") and "von"-phrases that extend it."""
        tokens = sentence.tokens
        end, k, head_seen, in_quote = None, token_index, False, False
        while k < len(tokens):
            token = tokens[k]
            lowered = token.text.lower()
            previous = tokens[k - 1].text.lower() if k > token_index else ""
            upos = {sentence.word(i).upos for i in token.words}
            if token.text in QUOTE_CHARS:
                in_quote = not in_quote
                k += 1
                if not in_quote and head_seen:
                    end = token.end
                continue
            if in_quote:
                head_seen, end, k = True, token.end, k + 1
                continue
            if (head_seen and previous in ("von", "vom") and not upos & {"NOUN", "PROPN", "X"}
                    and self._name_after_von(sentence, k)):
                end = token.end  # "Angaben von n-tv sind …": a lower-case name the tagger calls ADJ or VERB
                break  # and it ends the phrase: "nach Ansicht von ai | Disziplinarmaßnahmen …"
            if upos & {"VERB", "AUX", "SCONJ", "CCONJ"} and not (head_seen and lowered in ("und", "sowie") and
                                                                 k + 1 < len(tokens) and tokens[k + 1].text[:1].isupper()):
                break
            if token.text in EDGE_PUNCT or token.text in ("(", ")"):
                break
            if not head_seen:
                if upos & {"NOUN", "PROPN", "X"} or (token.text[:1].isupper() and not upos & {"DET", "ADP"}):
                    head_seen = True
                    end = token.end
                elif not upos & {"DET", "ADJ", "NUM", "PRON", "ADV", "PART"}:
                    break
            elif lowered in TIME_NOUNS or lowered in QUANTIFIERS or (upos == {"NUM"} and previous not in GENITIVE_OPENERS):
                break  # "laut Behördenangaben | 7.000 Menschen", "nach Angaben der Polizei | rund 40 Beamte"
            elif upos & {"NOUN", "PROPN", "X"} and (token.text[:1].isupper() or previous in ("von", "vom", "des", "der")):
                end = token.end  # "Zeitung The Guardian", "BBC News", "von dpa"
            elif lowered in ("des", "der", "eines", "einer", "von", "vom", "und", "sowie", "beim", "am") or (
                    upos & {"ADJ", "DET", "NUM"} and lowered not in NEW_PHRASE_ARTICLES):
                pass  # may open a genitive or a coordinated name; kept only if a noun follows
            else:
                break
            k += 1
        if end is None:
            return None
        return trim(self.text, Span.of(self.text, tokens[token_index].start, end))

    def _name_after_von(self, sentence: Sentence, k: int) -> bool:
        """Token ``k`` after "von" is a whole noun phrase, whatever its tag: a
        word that opens no phrase of its own (no article, preposition, number,
        pronoun, time word) and that no noun follows. "von" needs its noun, and
        small taggers take lower-case names ("n-tv", "tagesschau.de") for
        adjectives, adverbs or verbs."""
        token, tokens = sentence.tokens[k], sentence.tokens
        lowered = token.text.lower()
        upos = {w.upos for w in self._token_words(sentence, k)}
        if any(ch.isalpha() for ch in token.text):
            upos -= {"PUNCT"}  # "nach Ansicht von ai": a word the tagger took for punctuation
        if (token.text in EDGE_PUNCT or token.text in QUOTE_CHARS or token.text in ("(", ")")
                or upos & {"DET", "ADP", "NUM", "PRON", "PUNCT", "CCONJ", "SCONJ"}
                or lowered in TIME_NOUNS or lowered in QUANTIFIERS or lowered in self.cues.never_subjects):
            return False
        following = {w.upos for w in self._token_words(sentence, k + 1)} if k + 1 < len(tokens) else set()
        return not following & {"NOUN", "PROPN", "X"} or not upos & {"ADJ", "DET"}

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
            if token.text in (",", ":", ";") or any(
                    w.upos in ("VERB", "AUX") and w.deprel not in ("amod", "acl") for w in words):
                end = token.start
                break
        # "so Elshorst weiter", "so der Sprecher abschließend": the adverb belongs to the cue
        # (lower case only: surnames such as Klein or Kurz may be tagged ADJ)
        inside = [t for t in sentence.tokens if span.start < t.start and t.end <= end]
        while inside and inside[-1].text.islower() and all(
                sentence.word(i).upos in ("ADV", "ADJ") for i in inside[-1].words):
            end = inside.pop().start
        return trim(self.text, Span.of(self.text, span.start, end))

    def phrases(self, sentence: Sentence) -> None:
        """Prepositional cues: "laut X", "X zufolge", "nach Angaben der X", "demnach"."""
        for name, phrase, i in self._phrases_in(sentence):
            if phrase.role == "citing":
                continue
            n = len(phrase.tokens)
            cue_length = phrase.cue_length or n
            if phrase.noun_phrase_follows and not self._opens_noun_phrase(sentence, i, phrase):
                continue
            tokens = sentence.tokens
            if phrase.role == "postposition":
                # the cue is the trailing tokens; those before it close the source ("seiner Meinung | nach")
                cue_tokens = tokens[i + n - cue_length:i + n]
                source = self._before(sentence, i + n - cue_length)
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
                if nxt < len(tokens) and tokens[nxt].text.lower() in DOCUMENT_PREPOSITIONS | {"von"}:
                    source = self._after(sentence, nxt + 1)
                    if source is not None:
                        frame = Span.of(self.text, frame.start, source.end)
                elif (fronted := self._fronted_document(sentence, i)) is not None:
                    # "In der Pressemitteilung des WWF heißt es, …": the document is the source
                    source, frame = fronted, Span.of(self.text, tokens[0].start, frame.end)
            claim = self._claim_around(sentence, frame, phrase.role)
            if claim is not None and phrase.role == "impersonal":
                if claim.overlaps(frame):  # "Nun heißt es im Abschlussbericht, …": the message follows the comma
                    mark = next((t for t in sentence.tokens if t.start >= frame.end and t.text in (",", ":")), None)
                    claim = trim(self.text, Span.of(self.text, mark.end, claim.end)) if mark and mark.end < claim.end else claim
                claim = claim and self._after_short_lead(sentence, claim)
            if claim is None or len(claim.text.split()) < self.windows.min_claim_words:
                continue
            if phrase.role == "anaphoric":
                previous = len(self.findings) - 1 if self.findings else None
                if phrase.antecedent == "reporting_noun":
                    source = self._reporting_noun_before(sentence, i)
                    previous = None if source else previous
                else:
                    source = Span.of(self.text, cue_tokens[0].start, cue_tokens[-1].end)
                if source is None and previous is None:
                    continue
            else:
                previous = None
            claim, form = self._message(claim)
            # "hieß es" is also the verb "heißen": one attribution, the phrase's (it knows the source)
            same_cue = next((k for k, f in enumerate(self.findings) if f.sentence == sentence.index and f.cue
                             and any(a.overlaps(b) for a in f.cue.spans for b in cue.spans)), None)
            add = self._add if same_cue is None else functools.partial(self._replace, same_cue)
            add(Finding(
                rule=f"phrase.{name}", form=form, medium=phrase.medium, cue=cue, source=source,
                claim=claim, confidence=phrase.confidence, frame=trim(self.text, frame),
                sentence=sentence.index, inherits_from=previous if phrase.antecedent == "previous_source" else None,
                evidence=f"cue phrase '{cue.text}' ({phrase.role})" + (f" with source '{source.text}'" if source else ""),
            ))

    def _fronted_document(self, sentence: Sentence, cue: int) -> Span | None:
        """"In der Pressemitteilung des WWF heißt es", "Im Bericht, der …,
        heißt es": a place phrase that opens the sentence right before the cue."""
        tokens = sentence.tokens
        if cue < 2 or tokens[0].text.lower() not in DOCUMENT_PREPOSITIONS:
            return None
        source = self._after(sentence, 1)
        if source is None:
            return None
        between = [t for t in tokens[:cue] if t.start >= source.end]
        return source if not between or between[0].text == "," and between[-1].text == "," else None

    def _after_short_lead(self, sentence: Sentence, claim: Span) -> Span:
        """"heißt es weiter, dass …", "hieß es zur Begründung: „…“": a few words
        without a verb before a comma or colon belong to the frame."""
        inside = [t for t in sentence.tokens if claim.start <= t.start and t.end <= claim.end]
        for k, token in enumerate(inside[:self.windows.short_lead_tokens]):
            if token.text in (",", ":"):
                lead = [w for t in inside[:k] for w in self._token_words(sentence, sentence.tokens.index(t))]
                if k and not any(w.upos in ("VERB", "AUX") for w in lead):
                    return trim(self.text, Span.of(self.text, token.end, claim.end)) or claim
                break
        return claim

    def _reporting_noun_before(self, sentence: Sentence, index: int) -> Span | None:
        """"Berichte der „New York Times“ …, wonach": the nearest report noun
        before the cue, with the noun phrase it heads."""
        for k in range(index - 1, -1, -1):
            lowered = sentence.tokens[k].text.lower()
            if matches_any(lowered, self.cues.reporting_nouns):
                start = k
                while start > 0 and any(w.upos == "NUM" or w.upos == "DET" and w.lemma.lower() in DETERMINERS
                                        for w in self._token_words(sentence, start - 1)):
                    start -= 1
                return self._after(sentence, start)
        return self._before(sentence, index) if index > 0 and sentence.tokens[index - 1].text != "," else None

    def _opens_noun_phrase(self, sentence: Sentence, i: int, phrase: Phrase) -> bool:
        """A cue word that is also another word: "laut" the adjective ("so
        laut, dass", "sprach laut") is followed by punctuation or a verb, or
        follows a degree word; the preposition is followed by its noun phrase."""
        n = len(phrase.tokens)
        if i + n >= len(sentence.tokens):
            return False
        nxt = self._token_words(sentence, i + n)[0]
        previous = sentence.tokens[i - 1].text.lower() if i else ""
        if previous in phrase.not_after:
            return False
        return nxt.upos in ("PROPN", "NOUN", "DET", "ADJ", "NUM", "PRON", "X") or nxt.text in QUOTE_CHARS

    def _claim_around(self, sentence: Sentence, frame: Span, role: str) -> Span | None:
        """The message of a phrase cue: its clause without the frame. A frame
        behind a comma ("…, hieß es am Abend") closes the message there."""
        clause = self._clause_of(sentence, frame)
        if frame.start <= clause.start + 1:
            return trim(self.text, Span.of(self.text, frame.end, clause.end))
        if frame.end >= clause.end - 1:
            return trim(self.text, Span.of(self.text, clause.start, frame.start))
        comma = next((t for t in reversed(sentence.tokens) if t.end <= frame.start), None)
        if comma is not None and comma.text == "," and role == "anaphoric":
            return trim(self.text, Span.of(self.text, frame.end, clause.end))  # "…, wonach X"
        if comma is not None and comma.text == ",":
            return trim(self.text, Span.of(self.text, clause.start, comma.start))
        return trim(self.text, clause)

    def _clause_of(self, sentence: Sentence, frame: Span) -> Span:
        """The stretch between the sentence's clause-level separators (";" and
        ", und/aber" between main clauses) that holds the frame."""
        body = self._body(sentence)
        start, end = body.start, body.end
        tokens = sentence.tokens
        for k, token in enumerate(tokens):
            separator = token.text in (";", "–", "—") or (token.text == ":" and not self._quote_follows(token.end))
            # ", doch Regierungsvertreter waren Quellen zufolge …": a new main clause
            joined = (token.text == "," and k + 1 < len(tokens)
                      and tokens[k + 1].text.lower() in MAIN_CLAUSE_CONJUNCTIONS)
            if separator or joined:
                if token.end <= frame.start:
                    start = max(start, tokens[k + 1].end if joined else token.end)
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
            claim, form = self._message(claim)
            cue = Cue(token.text, (Span.of(self.text, token.start, token.end),))
            self._add(Finding(
                rule="so.postposed", form=form, medium="speech", cue=cue,
                source=source, claim=claim, confidence=self.confidence.so_postposed, sentence=sentence.index,
                frame=trim(self.text, Span.of(self.text, tokens[i - 1].start, source.end)),
                evidence=f"', so {source.text}' closes the sentence",
            ))

    def colon_quote(self, sentence: Sentence) -> None:
        """"X: „…“" (a name, a colon and a quotation) and "X sagte: „…“" where
        the parse lost the verb's link to the quotation."""
        tokens = sentence.tokens
        lexicon = {**self.cues.reported_verbs, **self.cues.verbs}
        for i, token in enumerate(tokens[1:], start=1):
            if token.text != ":" or not self._quote_follows(token.end):
                continue
            quote = next((q for q in self.quotes if token.end <= q.start <= token.end + 2), None)
            if quote is None or self._covered(quote):
                continue
            before = [w for t in range(i) for w in self._token_words(sentence, t)]
            verbs = [w for w in before if w.upos in ("VERB", "AUX")]
            speech = [w for w in verbs if w.lemma.lower() in lexicon]
            clause_start = max([0] + [k + 1 for k in range(i) if tokens[k].text in (",", ";")])
            if speech:
                verb = speech[-1]
                # the verb's own subject where the parse has one ("…, und der Redner rief aus:")
                subject = next((c for c in sentence.children(verb.index) if c.deprel == "nsubj"
                                and c.text.lower() not in self.cues.never_subjects), None)
                source = self._phrase_of(sentence, subject) if subject is not None else self._after(sentence, clause_start)
                if source is None or source.end > verb.start and subject is None:
                    source = self._after(sentence, verb.token + 1)
                cue = Cue(verb.text, (Span.of(self.text, verb.start, verb.end),))
                rule, confidence = "colon.verb", lexicon[verb.lemma.lower()].confidence * self.confidence.colon_verb
            elif not verbs:
                source = trim(self.text, Span.of(self.text, tokens[0].start, token.start))
                if source is not None and len(source.text.split()) > self.windows.colon_source_words:
                    continue
                cue = Cue(":", (Span.of(self.text, token.start, token.end),))
                rule, confidence = "colon.quote", self.confidence.colon_quote
            else:
                continue
            if source is None:
                continue
            self._add(Finding(
                rule=rule, form="direct", medium="speech", cue=cue, source=source, claim=quote,
                confidence=round(confidence, 2), sentence=sentence.index,
                frame=strip_space(self.text, Span.of(self.text, tokens[clause_start].start, token.end)),
                evidence=f"'{self.text[tokens[clause_start].start:token.end]}' introduces a quotation",
            ))

    def continuation(self, sentence: Sentence) -> None:
        """Konjunktiv I in a sentence after an attribution continues its
        indirect speech ("Die meisten seien abgeschossen worden.")."""
        if not self.cues.konjunktiv_continuation or not self.findings:
            return
        last_index = len(self.findings) - 1
        last = self.findings[last_index]
        if sentence.index - last.sentence != 1:
            return  # only the sentence right after an attribution (or its continuation)
        outside_quotes = [w for w in sentence.words if not any(q.start <= w.start < q.end for q in self.quotes)]
        finite = [w for w in outside_quotes if w.upos in ("VERB", "AUX") and w.feat("VerbForm") not in ("Inf", "Part")]
        if any(is_konjunktiv(w, sentence) for w in finite):
            form: Form = "indirect_free_indirect"
        elif any(w.lemma == "sollen" and w.text.lower() in ("soll", "sollen") for w in finite):
            form = "free_indirect"  # evidential "soll": reportedly
        else:
            return
        if any(q.start <= sentence.start and q.end >= sentence.end for q in self.quotes):
            return
        span = Span.of(self.text, sentence.start, sentence.end)
        # the speaker the reader met: the relaying source, not the one it cites
        source_finding = max(k for k, f in enumerate(self.findings) if f.relayed_by is None)
        while self.findings[source_finding].inherits_from is not None:
            source_finding = self.findings[source_finding].inherits_from
        if last.rule == "continuation.konjunktiv":
            # consecutive sentences of one reported speech form one claim
            merged = Span.of(self.text, last.claim.start, span.end)
            self.findings[last_index] = replace(last, claim=merged, sentence=sentence.index)
            return
        self._add(Finding(
            rule="continuation.konjunktiv", form=form, medium=last.medium, cue=None,
            source=self.findings[source_finding].source, claim=span, confidence=self.confidence.continuation,
            sentence=sentence.index, inherits_from=source_finding,
            evidence="Konjunktiv continues the reported speech of the previous sentence",
        ))

    def evidential(self, sentence: Sentence) -> None:
        """"Der Täter soll geflohen sein.": evidential "sollen" with a perfect
        infinitive marks a claim someone else made, named or not."""
        words = [w for w in sentence.words if not any(q.start <= w.start < q.end for q in self.quotes)]
        if not any(w.text.lower() in ("soll", "sollen") for w in words):
            return
        tail = [w for w in words if w.upos != "PUNCT"][-2:]
        if not any(w.text.lower() in ("sein", "haben") for w in tail):
            return
        previous = [k for k, f in enumerate(self.findings)
                    if f.relayed_by is None and 0 < sentence.index - f.sentence <= self.windows.evidential_reach]
        origin = previous[-1] if previous else None
        while origin is not None and self.findings[origin].inherits_from is not None:
            origin = self.findings[origin].inherits_from
        self._add(Finding(
            rule="evidential.sollen", form="free_indirect", medium=None, cue=None,
            source=self.findings[origin].source if origin is not None else None,
            claim=Span.of(self.text, sentence.start, sentence.end), confidence=self.confidence.evidential,
            sentence=sentence.index,
            inherits_from=origin, evidence="evidential 'soll … sein/haben': reported, not asserted",
        ))

    def direct_quotes(self) -> None:
        """Quotations no rule has claimed: the speaker is the last source named
        in this or one of the ``windows.quote_reach`` sentences before."""
        for quote in self.quotes:
            if self._covered(quote) or len(quote.text.split()) < self.windows.min_adjacent_quote_words:
                continue
            sentence = next((s for s in self.doc.sentences if s.start <= quote.start < s.end + 1), None)
            if sentence is None:
                continue
            previous = [k for k, f in enumerate(self.findings)
                        if f.relayed_by is None and 0 <= sentence.index - f.sentence <= self.windows.quote_reach
                        and f.claim.end <= quote.start]
            if not previous:
                continue
            self._add(Finding(
                rule="quote.adjacent", form="direct", medium="speech", cue=None,
                source=self.findings[previous[-1]].source, claim=quote,
                confidence=self.confidence.quote_adjacent, sentence=sentence.index, inherits_from=previous[-1],
                evidence="quotation follows an attribution to the same source",
            ))

    def nested_quotes(self) -> None:
        """A quotation inside an indirect claim is a direct quotation of the
        same source ("der Pilot trage die „volle Verantwortung“"). Where that
        source relays an origin ("Wie Reuters unter Berufung auf einen Beamten
        berichtet, …"), the quoted words are the origin's, relayed the same way:
        the nested quotation repeats the claim's chain of relays."""
        findings = list(self.findings)
        for k, finding in enumerate(findings):
            if finding.form == "direct" or finding.relayed_by is not None:
                continue
            for quote in self.quotes:
                if (finding.claim.contains(quote) and quote != finding.claim
                        and len(quote.text.split()) >= self.windows.min_nested_quote_words):
                    self._nest(findings, k, quote, relayer=None)

    def _nest(self, findings: list[Finding], k: int, quote: Span, relayer: int | None) -> None:
        """The nested quotation of finding ``k``, and of each origin it relays."""
        finding = findings[k]
        nested = self._add(replace(finding, rule="quote.nested", form="direct", claim=quote,
                                   confidence=round(finding.confidence * self.confidence.quote_nested, 2),
                                   inherits_from=k, relayed_by=relayer,
                                   evidence=f"quotation inside the claim of {finding.rule}"))
        for j, origin in enumerate(findings):
            if origin.relayed_by == k:
                self._nest(findings, j, quote, relayer=nested)


def find_attributions(doc: ParsedDocument, config: Config) -> list[Finding]:
    """Every attribution the rules find in ``doc``, in reading order of cues."""
    return SentenceRules(config, doc).run()
