"""`model.quantize: int8`: the bundled tagger, parser and entity tagger as int8,
loaded offline, parsing real German as the float model does."""

from pathlib import Path

import pytest
from torch import nn
from torch.ao.nn.quantized import dynamic

from provenance.cache import ParseCache
from provenance.config import ModelSettings, load_config
from provenance.errors import ConfigError
from provenance.parsing import QUANTIZED, model_id, parse_many, pipeline, trainers

from exactness import assert_parse_exact

INT8 = ModelSettings(quantize="int8")
SAID = "Der Regierungsvertreter sagte außerdem, dass die Gespräche am Montag fortgesetzt würden."


def layers(settings: ModelSettings) -> set[type]:
    nlp = pipeline(settings)
    return {type(m) for t in trainers(nlp, QUANTIZED) for m in t.model.modules()
            if isinstance(m, (nn.LSTM, nn.Linear, dynamic.LSTM, dynamic.Linear))}


def test_the_int8_pipeline_loads_offline_and_its_layers_are_int8(no_network):
    assert layers(INT8) == {dynamic.LSTM, dynamic.Linear}
    # the float pipeline of the same process is untouched
    assert layers(ModelSettings()) == {nn.LSTM, nn.Linear}
    # the tokenizer, MWT expander and lemmatizer stay float
    assert not any(isinstance(m, (dynamic.LSTM, dynamic.Linear))
                   for name in ("tokenize", "mwt", "lemma") for m in pipeline(INT8).processors[name]._trainer.model.modules())


def test_int8_parses_real_german_with_the_float_tokens(seed_text):
    texts = [seed_text, SAID]
    int8, floats = parse_many(texts, INT8), parse_many(texts)
    for q, f in zip(int8, floats):
        assert_parse_exact(q)
        assert [(t.text, t.start, t.end) for s in q.sentences for t in s.tokens] == \
            [(t.text, t.start, t.end) for s in f.sentences for t in s.tokens]
        assert [(s.start, s.end) for s in q.sentences] == [(s.start, s.end) for s in f.sentences]
    # the reporting clause is read as the float model reads it
    words = int8[1].sentences[0].words
    assert [(w.text, w.upos, w.deprel) for w in words[:4]] == [
        ("Der", "DET", "det"), ("Regierungsvertreter", "NOUN", "nsubj"), ("sagte", "VERB", "root"),
        ("außerdem", "ADV", "advmod")]
    assert words[1].head == words[2].index
    # and nearly every word of the seed article gets the float tag
    q_tags = [w.upos for s in int8[0].sentences for w in s.words]
    f_tags = [w.upos for s in floats[0].sentences for w in s.words]
    assert sum(a == b for a, b in zip(q_tags, f_tags)) >= 0.95 * len(f_tags)


def test_int8_parses_are_cached_apart_from_float_ones(tmp_path: Path):
    assert model_id(INT8) == model_id(ModelSettings()) + "+int8"
    cache = ParseCache(str(tmp_path))
    (floats,) = parse_many([SAID], ModelSettings(), cache)
    assert cache.get(SAID, model_id(INT8)) is None
    (int8,) = parse_many([SAID], INT8, cache)
    assert int8.model == model_id(INT8) and cache.get(SAID, model_id(INT8)) == int8
    assert cache.get(SAID, model_id(ModelSettings())) == floats


def test_an_unknown_quantisation_is_named(tmp_path: Path):
    import shutil

    from provenance.config import DEFAULT_CONFIG_DIR

    target = tmp_path / "configs"
    shutil.copytree(DEFAULT_CONFIG_DIR, target)
    path = target / "default.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("quantize: none", "quantize: int4"), encoding="utf-8")
    load_config.cache_clear()
    try:
        with pytest.raises(ConfigError, match=r"default\.yaml: key 'model\.quantize'.*'none' or 'int8'"):
            load_config(target)
    finally:
        load_config.cache_clear()
