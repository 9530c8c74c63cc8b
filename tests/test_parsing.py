"""The parsing layer on real text with the real bundled Stanza model."""



from provenance import Article, attribute, load_config, parse, parse_many
from provenance.parsing import pipeline

from exactness import assert_parse_exact, assert_result_exact


def test_seed_parses_with_offsets(seed_text):
    doc = parse(seed_text)
    assert_parse_exact(doc)
    # the article's ten sentences, as a reader counts them: "am 20.\nOktober" ends none, and the
    # copyright line is one of its own
    assert [" ".join(s.text.split()[:3]) for s in doc.sentences] == [
        "Der Quelle zufolge", "Wie die Agentur", "Diese Entscheidung wurde", "Der Regierungsvertreter sagte",
        "Sie beschränkten sich", "Es ist erwähnenswert,", "Ein vorläufiges Treffen", "Während eines Telefongesprächs",
        "Außerdem schrieb Focus", "Alle Rechte sind"]
    assert doc.sentences[-1].text == "Alle Rechte sind geschützt IN-Ukraine.info - 2022"
    # one root per sentence, and the reporting clause the rules read as a reader would
    assert [sum(1 for w in s.words if w.deprel == "root") for s in doc.sentences] == [1] * 10
    said = doc.sentences[3].words
    assert [(w.text, w.lemma, w.upos, w.deprel) for w in said[:4]] == [
        ("Der", "der", "DET", "det"), ("Regierungsvertreter", "Regierungsvertreter", "NOUN", "nsubj"),
        ("sagte", "sagen", "VERB", "root"), ("außerdem", "außerdem", "ADV", "advmod")]
    assert said[1].head == said[3].head == said[2].index and "Tense=Past" in said[2].feats
    dass = next(w for w in said if w.text == "dass")
    assert (dass.upos, dass.deprel) == ("SCONJ", "mark")


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
    found, checked, annotated = 0, 0, 0
    for doc, article in zip(docs, dev_articles):
        assert_parse_exact(doc)
        result = attribute(doc, Article(doc.text), config)
        assert_result_exact(result, doc.text)
        found += len(result.attributions)
        annotated += bool(article["annotations"])
        checked += bool(article["annotations"]) and bool(result.attributions)
    # the check covers the engine's spans in (nearly) every article a reader annotated, and about
    # as many attributions as the annotators marked quotations: not a vacuous pass
    gold = sum(len(a["annotations"]) for a in dev_articles)
    assert checked >= 0.9 * annotated, (checked, annotated)
    assert found >= 0.75 * gold, (found, gold)


def test_no_network_needed(no_network):
    pipeline.cache_clear()  # build it again, with the network gone
    doc = parse("Die Agentur Reuters berichtete, das Treffen sei abgesagt worden.")
    assert doc.sentences and doc.sentences[0].words[0].text == "Die"
