"""Sources: who stands behind each attribution.

The flow, one component each: :mod:`.entities` groups every name of the
article into entities; :mod:`.kinds` classifies a speaker phrase (outlet,
person, organization, official, anonymous, unspecified); :mod:`.coref` finds
what pronouns and phrases that point back refer to; :class:`SourceIndex`
merges the mentions of one source; :mod:`.publisher` finds the article's own
outlet. :func:`resolve` runs them over the findings of the rule layer.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from provenance.config import Config
from provenance.records import Entity, ParsedDocument, Publisher, Source, Span, Word
from provenance.rules import EventFinding, Finding, find_quotations
from provenance.sources.coref import ArticleContext, Resolver, Speaker
from provenance.sources.entities import SURNAME_RATIO, EntityFinder, Genders, as_records, same_person, similar
from provenance.sources.kinds import SELF_STANDING, Classifier, Mention
from provenance.sources.lexicon import Lexicon
from provenance.sources.repair import phrase_words
from provenance.sources import publisher as _publisher

__all__ = ["Classifier", "Mention", "SourceIndex", "Resolution", "classifier_for", "find_publisher", "resolve",
           "person_mentions", "same_person", "entities_of", "UNRESOLVED"]

# The name of a source whose pronoun could not be resolved: never the pronoun itself.
UNRESOLVED = "unresolved reference"


# Kinds whose sources are told apart by the exact name, or its lower case.
_EXACT_NAME = {"outlet": str, "unspecified": str.lower, "anonymous": str.lower, "official": str.lower}
# How alike two organizations' names must be (difflib's ratio) to be the same.
_ORGANIZATION_RATIO = 0.9


def _may_be_similar(a: int, b: int, threshold: float) -> bool:
    """Whether strings of lengths ``a`` and ``b`` can reach ``threshold`` in
    difflib's ratio (2 matches / total length, at most 2 min / total): exact,
    so candidates found by length lose no match."""
    return a + b == 0 or 2.0 * min(a, b) / (a + b) >= threshold


class SourceIndex:
    """Sources of one article, merging mentions as they come: by entity first,
    then by name. A mention is matched through indexes of the sources (by
    entity, by kind and exact name, by the length of a person's last name or
    an organization's name, which bounds their similarity), never by reading
    every source: the newest source that matches, as a scan from the newest
    would find it, in time independent of the sources that cannot match."""

    def __init__(self):
        self._roles: dict[str, bool] = {}  # source id → named by a role noun
        self._genders: dict[str, str | None] = {}  # source id → gender of that role noun, where known
        self.sources = []

    @property
    def sources(self) -> list[Source]:
        self._flush()
        return self._sources

    @sources.setter
    def sources(self, sources: list[Source]) -> None:
        self._sources = sources
        # mentions added to a source, sorted once when the sources are read
        # (sorting them at every mention is quadratic in a source's mentions)
        self._pending: dict[int, set[Span]] = {}
        self._ids: dict[str, int] = {}
        self._by_entity: dict[str, list[int]] = {}
        self._by_name: dict[tuple[str, str], list[int]] = {}
        self._persons: dict[tuple[int, int], list[int]] = {}  # (length, lower-case length) of the last name
        self._organizations: dict[int, list[int]] = {}  # lower-case length of the name
        self._role_holders: list[int] = []  # unnamed officials and anonymous sources named by a role noun
        for k in range(len(sources)):
            self._enter(k)

    def add(self, mention: Mention) -> str:
        target = self._match(mention)
        span = (mention.span,) if mention.span else ()
        if target is None:
            source = Source(f"s{len(self._sources) + 1}", mention.name, mention.kind, mention.anonymous,
                            mention.descriptor, mention.affiliation, span, mention.entity, mention.resolved)
            self._sources.append(source)
            self._roles[source.id] = mention.role
            self._genders[source.id] = mention.gender
            self._enter(len(self._sources) - 1)
            return source.id
        k, source = target
        name = source.name
        if mention.kind == "person" and len(mention.name) > len(source.name) and not source.entity_id:
            name = mention.name
        self._index(k, _discard)
        if k not in self._pending:
            self._pending[k] = set(source.mentions)
        self._pending[k].update(span)
        self._sources[k] = replace(
            source, name=name,
            descriptor=source.descriptor or mention.descriptor, affiliation=source.affiliation or mention.affiliation,
            entity_id=source.entity_id or mention.entity)
        self._index(k, bisect.insort)
        return source.id

    def _flush(self) -> None:
        for k, mentions in self._pending.items():
            self._sources[k] = replace(self._sources[k],
                                       mentions=tuple(sorted(mentions, key=lambda s: (s.start, s.end))))
        self._pending.clear()

    def _enter(self, k: int) -> None:
        """Enter a new source ``k``; its id, kind and resolution never change."""
        source = self._sources[k]
        self._ids.setdefault(source.id, k)
        if source.kind in ("official", "anonymous") and source.resolved and self._roles.get(source.id):
            self._role_holders.append(k)  # sources come in index order: the list stays sorted
        self._index(k, bisect.insort)

    def _index(self, k: int, change: Callable[[list[int], int], None]) -> None:
        """Enter source ``k`` in the indexes of what can change, its entity and name
        (``change`` bisect.insort), or take it out (_discard)."""
        source = self._sources[k]
        if source.entity_id:
            change(self._by_entity.setdefault(source.entity_id, []), k)
        if not source.resolved:
            return  # found by its entity only
        if source.kind in _EXACT_NAME:
            change(self._by_name.setdefault((source.kind, _EXACT_NAME[source.kind](source.name)), []), k)
        elif source.kind == "person" and source.name.split():
            last = source.name.split()[-1]
            change(self._persons.setdefault((len(last), len(last.lower())), []), k)
        elif source.kind == "organization":
            change(self._organizations.setdefault(len(source.name.lower()), []), k)

    def _candidates(self, mention: Mention) -> list[list[int]]:
        """The sources that may match ``mention`` by name, in lists of ascending index."""
        if mention.kind in _EXACT_NAME:
            return [self._by_name.get((mention.kind, _EXACT_NAME[mention.kind](mention.name)), [])]
        if mention.kind == "person":
            if not mention.name.split():
                return []
            last = mention.name.split()[-1]
            length, lower = len(last), len(last.lower())
            # the last names must be similar (a bound on the lower-case lengths) or one
            # a genitive of the other (entities._base: lengths at most one apart)
            return [found for (n, n_lower), found in self._persons.items()
                    if abs(n - length) <= 1 or _may_be_similar(n_lower, lower, SURNAME_RATIO)]
        if mention.kind == "organization":
            lower = len(mention.name.lower())
            return [found for n, found in self._organizations.items()
                    if _may_be_similar(n, lower, _ORGANIZATION_RATIO)]
        return []

    def _match(self, mention: Mention) -> tuple[int, Source] | None:
        if not mention.resolved:
            return None
        # the newest source of the mention's entity, or a newer one of its kind and name
        # (a source of another entity excepted), as the scan from the newest found them
        best = self._by_entity[mention.entity][-1] if mention.entity in self._by_entity else -1
        for k in heapq.merge(*(reversed(found) for found in self._candidates(mention)), reverse=True):
            if k <= best:
                break
            source = self._sources[k]
            if mention.entity and source.entity_id and source.entity_id != mention.entity:
                continue
            if _same_name(source, mention):
                best = k
                break
        if best >= 0:
            return best, self._sources[best]
        if (mention.definite and mention.kind in ("official", "anonymous") and mention.role and not mention.affiliation
                and self._role_holders):
            # "Der Regierungsvertreter" refers back to the last unnamed role holder
            # ("ein leitender Beamter"); "der Richter" not to "die Täterin", and a role of a body
            # named with it ("Der Vorsitzende der Regionalregierung") is no one named before;
            # "die Bürgermeisterin" is not "der Sprecher" before her: a feminine role noun is a woman
            k = self._role_holders[-1]
            known = self._genders.get(self._sources[k].id)
            if mention.gender is None or known is None or mention.gender == known:
                return k, self._sources[k]
        return None

    def get(self, source_id: str) -> Source:
        return self.sources[self._ids[source_id]]


def _same_name(source: Source, mention: Mention) -> bool:
    """The name test of a source and a mention of the same kind."""
    if mention.kind == "outlet":
        return source.name == mention.name
    if mention.kind == "person":
        return same_person(source.name, mention.name)
    if mention.kind == "organization":
        return similar(source.name, mention.name, _ORGANIZATION_RATIO)
    return source.name.lower() == mention.name.lower()


def _discard(indices: list[int], k: int) -> None:
    at = bisect.bisect_left(indices, k)
    if at < len(indices) and indices[at] == k:
        del indices[at]


@dataclass(frozen=True, slots=True)
class Resolution:
    sources: list[Source]
    source_ids: list[str | None]  # per finding
    entities: list[Entity]
    index: SourceIndex
    event_ids: list[str | None] = field(default_factory=list)  # per speech event


_CACHE: dict[int, tuple[Config, Lexicon, Classifier, Genders]] = {}


def _compiled(config: Config) -> tuple[Lexicon, Classifier]:
    """One lexicon per configuration: compiling the outlet aliases into a
    pattern is the costly part, and it is the same for every article."""
    entry = _entry(config)
    return entry[1], entry[2]


def _entry(config: Config) -> tuple[Config, Lexicon, Classifier, Genders]:
    entry = _CACHE.get(id(config))
    if entry is None or entry[0] is not config:
        lexicon = Lexicon(config)
        entry = _CACHE[id(config)] = (config, lexicon, Classifier(lexicon), Genders(config.coref.gendered_nouns))
    return entry


def _genders(config: Config) -> Genders:
    return _entry(config)[3]


def classifier_for(config: Config) -> Classifier:
    return _compiled(config)[1]


def lexicon_for(config: Config) -> Lexicon:
    return _compiled(config)[0]


def find_publisher(text: str, config: Config, metadata_publisher: str | None = None) -> Publisher | None:
    return _publisher.find_publisher(text, config, _compiled(config)[0], metadata_publisher)


def _sentence_finder(doc: ParsedDocument):
    starts = [s.start for s in doc.sentences]

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    return sentence_of


def _words_in(doc: ParsedDocument, span: Span, sentence_of) -> list[Word]:
    if not doc.sentences:
        return []
    words = []
    for k in range(sentence_of(span.start), len(doc.sentences)):
        sentence = doc.sentences[k]
        if sentence.start >= span.end:
            break
        words.extend(w for w in sentence.words if span.start <= w.start and w.end <= span.end)
    return words


def _definite_before(doc: ParsedDocument, span: Span, sentence_of, lexicon: Lexicon) -> bool:
    """A contracted or plain article right before the span ("im | Bericht", "vom | Sender") makes it definite."""
    sentence = doc.sentences[sentence_of(span.start)] if doc.sentences else None
    if sentence is None:
        return False
    before = [w for w in sentence.words if w.end <= span.start]
    return bool(before) and before[-1].text.lower() in lexicon.contracted_articles and span.start - before[-1].end <= 1


def _speaker_self(span: Span, quotes: Sequence[Span], lexicon: Lexicon) -> bool:
    """The span is "ich" (or "mir", "mich": sources.yaml first_person_singular)
    outside every quotation: the speaker of the text speaks, not someone quoted."""
    return (span.text.strip().lower() in lexicon.first_person_singular
            and not any(q.start <= span.start < q.end for q in quotes))


def entities_of(doc: ParsedDocument, config: Config):
    lexicon, _ = _compiled(config)
    groups, mentions = EntityFinder(lexicon, _genders(config)).find(doc)
    records = as_records(groups)
    return groups, mentions, records


def resolve(doc: ParsedDocument, findings: Sequence[Finding], config: Config,
            speaker: str | None = None, events: Sequence[EventFinding] = ()) -> Resolution:
    """Sources of the article, per finding the id of its source, and the
    article's entities. ``speaker``: who speaks the text (a speech's speaker
    from the input's metadata), whom "ich" outside quotations names.
    ``events``: speech events without a claim; their sources are resolved
    after every finding's, so the attributions' sources do not depend on them."""
    lexicon, classifier = _compiled(config)
    groups, mentions, entities = entities_of(doc, config)
    context = ArticleContext(groups, mentions, lexicon, doc.text, doc)
    sentence_of = _sentence_finder(doc)
    resolver = Resolver(doc, classifier, context, sentence_of, _genders(config))
    index = SourceIndex()
    source_ids: list[str | None] = []
    speakers: list[Speaker] = []
    quotes = find_quotations(doc.text) if speaker else []

    def source_of(span: Span) -> tuple[str, Mention]:
        mention = classifier.classify(span, phrase_words(_words_in(doc, span, sentence_of), lexicon), context,
                                      definite=_definite_before(doc, span, sentence_of, lexicon))
        if mention.pronoun is not None and speaker and _speaker_self(span, quotes, lexicon):
            mention = Mention(span, speaker, "person", False, resolved=True)  # debate hook: the speech's speaker
        elif mention.pronoun is not None:
            earlier = [s for s in speakers if s.span.end <= span.start]
            referent = resolver.resolve(mention, earlier)
            if referent is not None:
                # an earlier pronoun no one was found behind leaves this one unresolved too
                mention = replace(referent, span=span, pronoun=None, resolved=referent.resolved)
            elif mention.pronoun in SELF_STANDING:
                # a document no one in the article can be found behind (content of unknown authorship),
                # a person noun no one (an unnamed individual): the phrase as the classifier read it
                mention = replace(mention, pronoun=None)
            else:
                mention = Mention(span, UNRESOLVED, "unspecified", True, span.text, None, resolved=False)
        return index.add(mention), mention

    for finding in findings:
        if finding.inherits_from is not None:
            # continuations, nested quotes and "demnach" speak for an earlier source
            source_ids.append(source_ids[finding.inherits_from])
            continue
        if finding.source is None:
            source_ids.append(None)  # no speaker found: the claim is sourceless, no one is invented
            continue
        source_id, mention = source_of(finding.source)
        source_ids.append(source_id)
        speakers.append(Speaker(finding.source, sentence_of(finding.source.start), mention))
    event_ids = [None if e.source is None else source_of(e.source)[0] for e in events]
    # a named source the classifier found no entity for ("Stolpe" from a pronoun's antecedent)
    # is the entity of that name, if the article has exactly one
    index.sources = [replace(s, entity_id=_entity_named(s, entities)) if s.entity_id is None else s
                     for s in index.sources]
    # every mention of a source's entity is a mention of the source, and a source
    # that is that entity goes by its canonical name ("Le Monde", not "Monde")
    by_entity = {e.id: e for e in entities}
    index.sources = [replace(s, name=by_entity[s.entity_id].name if by_entity[s.entity_id].type == s.kind else s.name,
                             mentions=tuple(sorted({*s.mentions, *by_entity[s.entity_id].mentions},
                                                   key=lambda m: (m.start, m.end))))
                     if s.entity_id in by_entity else s for s in index.sources]
    return Resolution(index.sources, source_ids, entities, index, event_ids)


def _entity_named(source: Source, entities: Sequence[Entity]) -> str | None:
    if not source.resolved or source.kind not in ("person", "organization", "outlet"):
        return None
    if source.kind == "person":
        found = [e for e in entities if e.type == "person" and same_person(e.name, source.name)]
    else:
        found = [e for e in entities if e.type != "person" and e.name.lower() == source.name.lower()]
    return found[0].id if len(found) == 1 else None


def person_mentions(doc: ParsedDocument, config: Config | None = None) -> list[list[Span]]:
    """Every proper-name mention of a person, grouped per person ("Marco
    Rubio", "Rubio", "Mark Rubio" form one group)."""
    from provenance.config import load_config

    groups, _, _ = entities_of(doc, config or load_config())
    return [[m.span for m in g.mentions] for g in groups if g.type == "person" and g.mentions]
