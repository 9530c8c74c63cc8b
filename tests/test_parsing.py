"""The parsing layer on real text with the real bundled Stanza model."""

import socket


from provenance import Article, attribute, load_config, parse, parse_many
from provenance.parsing import pipeline

from exactness import assert_parse_exact, assert_result_exact


def test_seed_parses_with_offsets(seed_text):
    doc = parse(seed_text)
    assert len(doc.sentences) >= 10
    assert_parse_exact(doc)
    words = [w for s in doc.sentences for w in s.words]
    assert {w.upos for w in words} >= {"NOUN", "VERB", "DET", "PROPN", "PUNCT"}
    assert any(w.lemma == "sagen" for w in words)
    assert sum(1 for w in words if w.deprel == "root") == len(doc.sentences)


def test_single_newline_does_not_end_a_sentence(seed_text):
    doc = parse(seed_text)
    date = seed_text.index("am 20.\nOktober")
    holding = [s for s in doc.sentences if s.start <= date < s.end]
    assert len(holding) == 1
    assert "Oktober diskutierten" in holding[0].text


def test_blank_line_ends_a_sentence():
    doc = parse("Der Minister sagte am Montag\n\nDie Regierung plant neue Gesetze.")
    assert [s.text for s in doc.sentences] == ["Der Minister sagte am Montag", "Die Regierung plant neue Gesetze."]


def test_multiword_tokens_keep_token_offsets():
    text = "Er ging zum Bahnhof und „im Auto“ saß niemand."
    doc = parse(text)
    assert_parse_exact(doc)
    zum = next(t for s in doc.sentences for t in s.tokens if t.text == "zum")
    assert len(zum.words) == 2
    words = [w.text for s in doc.sentences for w in s.words]
    assert "zu" in words and "dem" in words


def test_batch_equals_single(seed_text):
    other = "Laut Polizei wurde niemand verletzt."
    batch = parse_many([seed_text, "", other])
    assert batch[0] == parse(seed_text)
    assert batch[1].sentences == ()
    assert batch[2] == parse(other)


def test_offsets_on_every_news_dev_article(dev_articles):
    """Tokens, and every span the engine derives from them, point into the text."""
    config = load_config()
    docs = parse_many([a["originalText"] for a in dev_articles], config.settings.model)
    found = 0
    for doc in docs:
        assert_parse_exact(doc)
        result = attribute(doc, Article(doc.text), config)
        assert_result_exact(result, doc.text)
        found += len(result.attributions)
    assert found > 300  # the news articles are full of attributions


def test_no_network_needed(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    pipeline.cache_clear()  # build it again, with the network gone
    doc = parse("Die Agentur Reuters berichtete, das Treffen sei abgesagt worden.")
    assert doc.sentences and doc.sentences[0].words[0].text == "Die"
