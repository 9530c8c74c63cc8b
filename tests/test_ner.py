"""The bundled named-entity tagger, through the real offline pipeline, on invented sentences."""

import json
import re

import pytest

from provenance import parse, parse_many
from provenance.parsing import BUNDLED_MODEL_DIR, NER_MODEL, entity_mentions, has_ner, pipeline

pytestmark = pytest.mark.skipif(not (BUNDLED_MODEL_DIR / NER_MODEL).is_file(),
                                reason="no bundled NER model (training/train_ner.py builds it)")

BIOES = re.compile(r"^(O|[BIES]-(PER|ORG|LOC|OTH))$")

SENTENCES = [
    "Bundeskanzler Olaf Scholz sprach am Dienstag in Berlin mit Vertretern der Deutschen Bahn.",
    "Die Polizei in Hamburg teilte mit, dass der Sprecher der Siemens AG am Montag nach München gereist sei.",
    "Der Vorstand der Lufthansa sagte der Nachrichtenagentur Reuters, die Flüge nach Frankfurt würden gestrichen.",
]


def entities(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in entity_mentions(parse(text))}


def test_loads_offline_and_tags_entities(no_network):
    pipeline.cache_clear()  # build it again, with the network gone
    assert has_ner()
    found = entities(SENTENCES[0])
    assert ("Olaf Scholz", "PER") in found
    assert ("Berlin", "LOC") in found


def test_names_places_and_organisations():
    assert ("Deutschen Bahn", "ORG") in entities(SENTENCES[0])
    second = entities(SENTENCES[1])
    assert {("Hamburg", "LOC"), ("München", "LOC")} <= second
    third = entities(SENTENCES[2])
    assert ("Frankfurt", "LOC") in third
    assert {"Lufthansa", "Reuters"} <= {text for text, kind in third if kind == "ORG"}


def test_common_words_are_not_entities():
    doc = parse("Am Dienstag sagte er, dass die Preise im Winter wieder steigen würden.")
    assert entity_mentions(doc) == []
    assert {w.ner for s in doc.sentences for w in s.words} == {"O"}


def test_offsets_exact_and_tags_valid_bioes(seed_text):
    for doc in parse_many(SENTENCES + [seed_text]):
        for sentence in doc.sentences:
            token_tags = {}
            for word in sentence.words:
                token = sentence.tokens[word.token]
                assert doc.text[word.start:word.end] == token.text
                assert BIOES.match(word.ner), word.ner
                # the words of one token ("zum" = "zu dem") carry the token's tag
                assert token_tags.setdefault(word.token, word.ner) == word.ner
            tags = [token_tags[i] for i in range(len(sentence.tokens))]
            for previous, tag in zip(["O"] + tags, tags + ["O"]):
                inside = previous[0] in "BI"
                if tag[0] in "IE":
                    assert inside and previous[2:] == tag[2:], (previous, tag)
                else:
                    assert not inside, (previous, tag)
        for mention in entity_mentions(doc):
            assert doc.text[mention.start:mention.end] == mention.text
            assert mention.text == mention.text.strip() and mention.text


def test_mention_spans_cover_whole_tokens():
    text = "Bundeskanzler Olaf Scholz sprach am Dienstag in Berlin mit Vertretern der Deutschen Bahn."
    doc = parse(text)
    scholz = next(m for m in entity_mentions(doc) if m.type == "PER")
    assert (scholz.start, scholz.end) == (text.index("Olaf"), text.index(" sprach"))


def test_without_ner_every_tag_is_o_and_the_parse_is_unchanged():
    plain = parse_many([SENTENCES[0]], ner=False)[0]
    tagged = parse(SENTENCES[0])
    assert {w.ner for s in plain.sentences for w in s.words} == {"O"}
    assert any(w.ner != "O" for s in tagged.sentences for w in s.words)
    strip = lambda doc: [(w.text, w.lemma, w.upos, w.head, w.deprel, w.start, w.end)  # noqa: E731
                         for s in doc.sentences for w in s.words]
    assert strip(plain) == strip(tagged)


def test_models_info_lists_ner_and_its_scores():
    from typer.testing import CliRunner

    from provenance.cli import app

    result = CliRunner().invoke(app, ["models", "info"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["ner"] == NER_MODEL and NER_MODEL in info["files"]
    heldout = info["scores"]["ner"]["heldout"]
    assert set(heldout["per_type_f1"]) == {"PER", "ORG", "LOC", "OTH"}
    assert 0 < heldout["f1"] <= 100
    assert info["size_mb"] <= 60  # the size budget of all bundled model files


def test_the_parse_cache_keeps_entity_tags(tmp_path):
    from provenance.cache import ParseCache

    cache = ParseCache(tmp_path)
    first = parse_many([SENTENCES[1]], cache=cache)[0]
    assert cache.info()["entries"] == 1
    again = cache.get(SENTENCES[1], first.model)
    assert again == first
    assert [w.ner for s in again.sentences for w in s.words] == [w.ner for s in first.sentences for w in s.words]
    assert any(w.ner != "O" for s in again.sentences for w in s.words)
