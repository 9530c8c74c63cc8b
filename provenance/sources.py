"""Sources: classify who a speaker span names and merge mentions of one source.

Classification reads the words of the span against ``configs/outlets.yaml``
and ``configs/sources.yaml``: outlet, person, organization, official (a role
without a name), anonymous (someone deliberately unnamed) or unspecified (no
one in particular: "Quellen zufolge", "hieß es").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from provenance.config import Config
from provenance.records import ParsedDocument, Publisher, Sentence, Source, SourceKind, Span, Word
from provenance.rules import Finding

ARTICLES = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen"}
DEFINITE = {"der", "die", "das", "des", "dem", "den", "dieser", "diese", "dieses", "diesem", "diesen"}
PRONOUNS = {"er", "sie", "ihm", "ihr", "ihnen", "wir", "ich", "es", "man"}
# "Angaben der Polizei": the words before the genitive only say how the source spoke.
WRAPPERS = re.compile(
    r"^(?:(?:den|dem|der|die|einem|einen|einer|ein|eine)\s+)?(?:\w*angaben|\w*darstellung|aussagen?|worten|informationen|"
    r"ansicht|auffassung|meinung|einschätzung|schätzungen?|\w*berichte?n?|erkenntnisse[n]?|artikel[s]?|auskunft|"
    r"mitteilung|sicht|überzeugung)\s+(?:von\s+|vom\s+|des\s+|der\s+|eines\s+|einer\s+)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w.'-]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Mention:
    """One speaker span, classified."""

    span: Span | None  # None: known from metadata, not from the text
    name: str
    kind: SourceKind
    anonymous: bool
    descriptor: str | None
    affiliation: str | None
    definite: bool = False


class Classifier:
    def __init__(self, config: Config):
        self.lexicon = config.sources
        aliases: dict[str, str] = {}
        for name, outlet in config.outlets.outlets.items():
            for alias in (name, *outlet.aliases):
                aliases[alias] = name
        # longest alias first, so "Financial Times" wins over "Times"
        self.outlet_pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True)) + r")(?![\w-])")
        self.outlet_names = aliases
        self.official = set(self.lexicon.official_roles)
        self.org_words = sorted(self.lexicon.organization_words, key=len, reverse=True)
        self.titles = set(self.lexicon.titles)

    def outlet(self, text: str) -> tuple[str, re.Match] | None:
        match = self.outlet_pattern.search(text)
        return (self.outlet_names[match.group(1)], match) if match else None

    def _ends_with(self, word: str, stems: set[str] | list[str]) -> bool:
        """``word`` is one of ``stems`` or a compound ending in one, allowing
        for case endings ("Insidern", "Beamten", "Regierungssprechers")."""
        word = word.lower()
        forms = {word, word[:-1], word[:-2]} if len(word) > 5 else {word}
        return any(f == s or (len(s) > 4 and f.endswith(s)) for f in forms for s in stems)

    def is_role_word(self, word: str) -> bool:
        """A common noun of the lexicon (a title, role, or anonymous or
        unspecified source), never part of a person's name."""
        lexicon = (self.titles, self.official, self.lexicon.anonymous_nouns, self.lexicon.unspecified_nouns)
        return any(self._ends_with(word, words) for words in lexicon)

    def classify(self, span: Span, words: Sequence[Word]) -> Mention:
        text = span.text
        inner = WRAPPERS.sub("", text, count=1)
        lowered = text.lower()
        tokens = _WORD.findall(inner)
        lowered_tokens = [t.lower() for t in tokens]
        definite = bool(tokens) and lowered_tokens[0] in DEFINITE
        found = self.outlet(inner)
        if found:
            return Mention(span, found[0], "outlet", False, _descriptor(inner, found[1]), None)
        anonymous = any(m in lowered for m in self.lexicon.anonymous_markers) or any(
            self._ends_with(t, self.lexicon.anonymous_nouns) for t in lowered_tokens)
        head = _head(tokens)
        affiliation = _affiliation(inner)
        names = [n for n in _proper_names(words, span) if not self.is_role_word(n)]
        if lowered_tokens and lowered_tokens[0] in PRONOUNS and len(tokens) == 1:
            return Mention(span, tokens[0], "unspecified", True, None, None, definite=True)
        if anonymous and not names:
            descriptor = _strip_articles(inner.split(affiliation)[0] if affiliation else inner).strip(" ,") or None
            return Mention(span, descriptor or inner, "anonymous", True, descriptor, affiliation, definite)
        if head and self._ends_with(head, self.lexicon.unspecified_nouns) and inner == text and not names:
            return Mention(span, _strip_articles(text), "unspecified", True, None, affiliation)
        if names and not self._is_org(" ".join(names)):
            name = " ".join(names)
            descriptor = _strip_articles(text.split(names[0])[0]).strip(" ,") or None
            return Mention(span, name, "person", False, descriptor, affiliation)
        if head and self._ends_with(head, self.official) and not self._ends_with(head, self.org_words):
            descriptor = _strip_articles(inner.split(affiliation)[0] if affiliation else inner).strip(" ,")
            return Mention(span, descriptor, "official", affiliation is None, descriptor, affiliation, definite)
        name = _strip_articles(inner)
        return Mention(span, name, "organization", False, None, None, definite)

    def _is_org(self, text: str) -> bool:
        lowered = text.lower()
        return any(re.search(r"(?<!\w)" + re.escape(w) + r"\w*", lowered) or lowered.endswith(w) for w in self.org_words)


def _head(tokens: list[str]) -> str | None:
    """The head noun of a German noun phrase: the last capitalised word
    before a genitive or prepositional attachment."""
    head = None
    for i, token in enumerate(tokens):
        if token.lower() in ("des", "der", "von", "vom", "aus", "im", "in", "bei") and head is not None and i > 0:
            break
        if token[:1].isupper():
            head = token
    return head


def _affiliation(text: str) -> str | None:
    match = re.search(r"\b((?:des|der|von|vom|aus dem|aus der|im|bei der|beim)\s+.+)$", text)
    if match and match.start() > 0:
        return match.group(1)
    return None


def _strip_articles(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in ARTICLES:
        words = words[1:]
    return " ".join(words)


def _descriptor(text: str, match: re.Match) -> str | None:
    before = _strip_articles(text[:match.start()]).strip(" ,")
    return before or None


def _proper_names(words: Sequence[Word], span: Span) -> list[str]:
    """The proper-name words inside ``span`` (the longest run of them)."""
    runs, current = [], []
    for word in words:
        if not (span.start <= word.start and word.end <= span.end):
            continue
        if word.upos == "PROPN" and word.text[:1].isupper():
            current.append(word.text)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return max(runs, key=len) if runs else []


# ---------------------------------------------------------------------------
# merging mentions into sources

def _similar(a: str, b: str, threshold: float) -> bool:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= threshold


def same_person(a: str, b: str) -> bool:
    """"Marco Rubio" = "Rubio" = "Mark Rubio"; "Bill Clinton" ≠ "Hillary Clinton"."""
    pa, pb = a.split(), b.split()
    if not pa or not pb or not _similar(pa[-1], pb[-1], 0.85):
        return False
    if len(pa) == 1 or len(pb) == 1:
        return True
    return _similar(pa[0], pb[0], 0.6)


class SourceIndex:
    """Sources of one article, merging mentions as they come."""

    def __init__(self):
        self.sources: list[Source] = []

    def add(self, mention: Mention) -> str:
        target = self._match(mention)
        if target is None:
            source = Source(f"s{len(self.sources) + 1}", mention.name, mention.kind, mention.anonymous,
                            mention.descriptor, mention.affiliation, (mention.span,) if mention.span else ())
            self.sources.append(source)
            return source.id
        k, source = target
        name = mention.name if mention.kind == "person" and len(mention.name) > len(source.name) else source.name
        self.sources[k] = replace(
            source, name=name, mentions=tuple(sorted({*source.mentions, *([mention.span] if mention.span else [])},
                                             key=lambda s: (s.start, s.end))),
            descriptor=source.descriptor or mention.descriptor, affiliation=source.affiliation or mention.affiliation)
        return source.id

    def _match(self, mention: Mention) -> tuple[int, Source] | None:
        for k in range(len(self.sources) - 1, -1, -1):
            source = self.sources[k]
            if mention.kind == "outlet" and source.kind == "outlet" and source.name == mention.name:
                return k, source
            if mention.kind == "person" and source.kind == "person" and same_person(source.name, mention.name):
                return k, source
            if mention.kind == "organization" and source.kind == "organization" and _similar(source.name, mention.name, 0.9):
                return k, source
            if mention.kind == "unspecified" and source.kind == "unspecified" and source.name.lower() == mention.name.lower():
                return k, source
        if mention.definite and mention.kind in ("official", "anonymous"):
            # "Der Regierungsvertreter" refers back to the last official named
            for k in range(len(self.sources) - 1, -1, -1):
                if self.sources[k].kind in ("official", "anonymous"):
                    return k, self.sources[k]
        return None

    def last_of(self, kinds: set[str]) -> str | None:
        return next((s.id for s in reversed(self.sources) if s.kind in kinds), None)

    def get(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)


def _words_in(doc: ParsedDocument, span: Span) -> list[Word]:
    for sentence in doc.sentences:
        if sentence.start <= span.start < sentence.end + 1:
            return [w for w in sentence.words if span.start <= w.start and w.end <= span.end]
    return []


_CLASSIFIERS: dict[int, tuple[Config, Classifier]] = {}


def classifier_for(config: Config) -> Classifier:
    """One classifier per configuration: compiling the outlet aliases into a
    pattern is the costly part, and it is the same for every article."""
    entry = _CLASSIFIERS.get(id(config))
    if entry is None or entry[0] is not config:
        entry = _CLASSIFIERS[id(config)] = (config, Classifier(config))
    return entry[1]


def resolve(doc: ParsedDocument, findings: Sequence[Finding], config: Config) -> tuple[list[Source], list[str | None]]:
    """Sources of the article and, per finding, the id of its source."""
    classifier = classifier_for(config)
    index = SourceIndex()
    source_ids: list[str | None] = []
    last_speaker: str | None = None
    for k, finding in enumerate(findings):
        if finding.inherits_from is not None:
            # continuations, nested quotes and "demnach" speak for an earlier source
            source_ids.append(source_ids[finding.inherits_from])
            continue
        if finding.source is None:
            if finding.rule.startswith(("phrase.hieß", "phrase.heißt", "phrase.verlautete")) or finding.cue is not None:
                mention = Mention(finding.cue.spans[0], "nicht genannt", "unspecified", True, None, None) if finding.cue else None
                source_ids.append(index.add(mention) if mention else None)
            else:
                source_ids.append(None)
            continue
        mention = classifier.classify(finding.source, _words_in(doc, finding.source))
        if mention.kind == "unspecified" and mention.name.lower() in PRONOUNS:
            antecedent = last_speaker or index.last_of({"person", "official", "anonymous", "organization"})
            if antecedent is not None:
                index.add(replace(_as_mention(index.get(antecedent)), span=finding.source))
                source_ids.append(antecedent)
                continue
        source_id = index.add(mention)
        source_ids.append(source_id)
        if mention.kind in ("person", "official", "anonymous"):
            last_speaker = source_id
    return index.sources, source_ids


def _as_mention(source: Source) -> Mention:
    return Mention(None, source.name, source.kind, source.anonymous, source.descriptor, source.affiliation)


def person_mentions(doc: ParsedDocument, config: Config | None = None) -> list[list[Span]]:
    """Every proper-name mention of a person, grouped per person ("Marco
    Rubio", "Rubio", "Mark Rubio" form one group)."""
    from provenance.config import load_config

    classifier = classifier_for(config or load_config())
    groups: list[tuple[str, list[Span]]] = []
    for sentence in doc.sentences:
        for run in _name_runs(sentence, classifier):
            span = Span.of(doc.text, run[0].start, run[-1].end)
            name = " ".join(w.text for w in run)
            for k, (known, spans) in enumerate(groups):
                if same_person(known, name):
                    spans.append(span)
                    if len(name.split()) > len(known.split()):
                        groups[k] = (name, spans)
                    break
            else:
                groups.append((name, [span]))
    return [spans for _, spans in groups]


def _name_runs(sentence: Sentence, classifier: Classifier) -> list[list[Word]]:
    runs, current = [], []
    words = sentence.words
    for k, word in enumerate(words):
        # a first name the tagger called a noun ("Mark Rubio"), not a title ("Außenminister Rubio")
        first_name = (word.upos == "NOUN" and k + 1 < len(words) and words[k + 1].upos == "PROPN"
                      and len(word.text) <= 8 and not classifier.is_role_word(word.text))
        if (word.upos == "PROPN" or first_name) and word.text[:1].isupper() and not classifier.is_role_word(word.text):
            current.append(word)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


# ---------------------------------------------------------------------------
# the publisher

_FOOTER = re.compile(
    r"(?:©|\(c\)|copyright|alle rechte[^\n]*?(?:vorbehalten|geschützt)|quelle:)\s*(?:\d{4}\s*)?([A-Z][\w.-]*(?:\s[A-Z][\w.-]*)*)",
    re.IGNORECASE,
)


def find_publisher(text: str, config: Config, metadata_publisher: str | None = None) -> Publisher | None:
    """The article's own outlet: metadata first, then a footer or copyright
    line near the end ("Alle Rechte sind geschützt IN-Ukraine.info - 2022")."""
    if metadata_publisher:
        return Publisher(metadata_publisher, None)
    tail_start = max(0, len(text) - 400)
    for match in _FOOTER.finditer(text, tail_start):
        name = match.group(1).strip(" .-")
        start = match.start(1)
        return Publisher(name, Span.of(text, start, start + len(name)))
    if config.settings.publisher:
        return Publisher(config.settings.publisher, None)
    return None
