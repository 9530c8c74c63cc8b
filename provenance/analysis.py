"""The whole flow in one place: text → parse → rules → sources → chains.

``analyze`` and ``analyze_many`` are what the CLI calls; everything it does
is callable from Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from provenance import chunking
from provenance.config import Config, load_config
from provenance.genre import attribution_of, decide, genre_config
from provenance.graph import chains
from provenance.records import ArticleResult, Attribution, ParsedDocument, SpeechEvent
from provenance.rules import EventFinding, Finding, find_attributions, find_events
from provenance.rules.debate_repairs import with_cues
from provenance.sources import Classifier, Mention, SourceIndex, classifier_for, find_publisher, lexicon_for, resolve
from provenance.sources.repair import complete_sources


@dataclass(frozen=True, slots=True)
class Article:
    """One input: the exact text and what is known about it."""

    text: str
    id: str = "article"
    path: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)


def analyze(text: str, id: str = "article", path: str | None = None,
            metadata: Mapping[str, str] | None = None, config: Config | None = None,
            force: bool = False) -> ArticleResult:
    """Find every attributed claim in ``text``, its source and its chain.
    Text that is not German (or too long) is refused as the CLI refuses it,
    with an :class:`~provenance.errors.InputError`; ``force=True`` analyses
    it anyway, and the result says ``language="und"``."""
    return analyze_many([Article(text, id, path, dict(metadata or {}))], config, force)[0]


def analyze_many(articles: Sequence[Article], config: Config | None = None,
                 force: bool = False) -> list[ArticleResult]:
    """Analyse several articles, parsing them in one batch; each is checked
    first as :func:`analyze` says."""
    from provenance.inputs import check_article  # inputs reads into Article: imported late

    config = config or load_config()
    for article in articles:
        check_article(article, config.settings.limits, force)
    docs = chunking.parse_texts([a.text for a in articles], config.settings)  # long texts in paragraph chunks
    return [attribute(doc, article, config) for doc, article in zip(docs, articles)]


def attribute(doc: ParsedDocument, article: Article, config: Config, genre: str | None = None) -> ArticleResult:
    """The rule, source and chain stages over an already parsed document, as
    ``genre`` (news, debate; default: the configuration's, ``auto`` telling
    a parliamentary speech by its form)."""
    decision = decide(doc.text, config, genre)
    as_genre = genre_config(config, decision.genre)  # the genre's rule order, cue words and model
    findings = find_attributions(doc, as_genre)
    if as_genre.settings.attribution == "learned":
        # imported only here: the learned layer brings numpy and the evaluation module,
        # which a rules-only run (the default) never needs (start-up, README)
        from provenance import learned

        findings = learned.model_for(as_genre).revise(doc, findings, as_genre)  # drops, adds: see learned/decode.py
        if "cued_only" in as_genre.pipeline.document:
            # where every event needs its cue (speeches), what the labeller adds without one is no event either
            findings = with_cues(findings)
    # speaker spans cut at a hyphen or before "von X" are completed first
    findings = complete_sources(doc, findings, lexicon_for(config))
    events = find_events(doc, findings, as_genre)  # speech events without a claim (debates)
    # the speaker of a speech, from the input's metadata, is who "ich" is
    resolution = resolve(doc, findings, config, speaker=article.metadata.get("speaker"), events=events)
    source_ids, index = resolution.source_ids, resolution.index
    publisher = find_publisher(doc.text, config, article.metadata.get("publisher"))
    publisher_id = None
    classifier = classifier_for(config)
    if publisher is not None:
        outlet = classifier.outlet(publisher.name)
        name = outlet[0] if outlet else publisher.name
        publisher_id = index.add(Mention(publisher.evidence, name, "outlet", False, "publisher", None))
    ids = [f"a{k + 1}" for k in range(len(findings))]
    relays = _relays(findings, source_ids, classifier, index)
    attributions = tuple(_attribution(f, ids[k], source_ids[k], ids) for k, f in enumerate(findings))
    return ArticleResult(
        id=article.id, path=article.path, text=doc.text, publisher=publisher, model=doc.model,
        language=language_of(doc.text, config),
        sources=tuple(index.sources), attributions=attributions,
        chains=tuple(chains(attributions, publisher_id, relays)), metadata=dict(article.metadata),
        entities=tuple(resolution.entities), genre=decision.genre, genre_evidence=decision.evidence,
        attributed_by=attribution_of(as_genre),
        events=tuple(_event(e, f"e{k + 1}", resolution.event_ids[k]) for k, e in enumerate(events)),
    )


def language_of(text: str, config: Config) -> str:
    """"de", or "und" (undetermined) for a text analysed although it does not
    look German (``force``): the result says it was."""
    from provenance.inputs import german_share

    share = german_share(text)
    return "und" if share is not None and share < config.settings.limits.min_german_share else "de"


def _relays(findings: Sequence[Finding], source_ids: Sequence[str | None], classifier: Classifier,
            index: SourceIndex) -> dict[str, list[str]]:
    """For each source, the outlets through which it reached the article:
    the relaying source of a citing cue ("Reuters unter Berufung auf …") or
    the outlet a speaker talked to ("sagte der Zeitung Y")."""
    relays: dict[str, list[str]] = {}
    for k, finding in enumerate(findings):
        origin = source_ids[k]
        if origin is None:
            continue
        if finding.relayed_by is not None and source_ids[finding.relayed_by]:
            relay = source_ids[finding.relayed_by]
            chain = relays.get(relay, []) + [relay]
            relays.setdefault(origin, [s for s in chain if s != origin])
        elif finding.addressee is not None:
            outlet = classifier.outlet(finding.addressee.text)
            if outlet is not None:
                relay = index.add(Mention(finding.addressee, outlet[0], "outlet", False, None, None))
                relays.setdefault(origin, [relay])
    return relays


def _attribution(finding: Finding, id: str, source_id: str | None, ids: Sequence[str]) -> Attribution:
    return Attribution(
        id=id, form=finding.form, medium=finding.medium, cue=finding.cue, source=finding.source,
        source_id=source_id, claim=finding.claim, frame=finding.frame, addressee=finding.addressee,
        via=ids[finding.relayed_by] if finding.relayed_by is not None else None,
        rule=finding.rule, confidence=finding.confidence, evidence=finding.evidence,
    )


def _event(event: EventFinding, id: str, source_id: str | None) -> SpeechEvent:
    return SpeechEvent(
        id=id, medium=event.medium, cue=event.cue, source=event.source, source_id=source_id,
        addressee=event.addressee, topic=event.topic, rule=event.rule, confidence=event.confidence,
        evidence=event.evidence,
    )
