"""The offset invariant, checked one way for every test: every span points
into the exact input (``text[start:end] == span.text``)."""

from __future__ import annotations

from provenance.records import ArticleResult, ParsedDocument, Span


def assert_parse_exact(doc: ParsedDocument) -> None:
    for sentence in doc.sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
        for token in sentence.tokens:
            assert doc.text[token.start:token.end] == token.text
        for word in sentence.words:
            assert sentence.start <= word.start < word.end <= sentence.end
            assert 0 <= word.head <= len(sentence.words)


def spans(result: ArticleResult):
    for a in result.attributions:
        yield a.claim
        yield from (s for s in (a.source, a.frame, a.addressee) if s is not None)
        yield from a.cue.spans if a.cue else ()
    for source in result.sources:
        yield from source.mentions
    if result.publisher and result.publisher.evidence:
        yield result.publisher.evidence
    yield from (c.claim for c in result.chains)


def assert_result_exact(result: ArticleResult, text: str) -> None:
    assert result.text == text
    for span in spans(result):
        assert isinstance(span, Span)
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start:span.end] == span.text, (span, text)
