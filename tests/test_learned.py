"""The learned attribution layer: training end to end on invented articles,
the formats `provenance train` reads, what a learned attribution carries,
the bundled news model offline, and the command line."""

import json
import shutil

import pytest
from typer.testing import CliRunner

import provenance
from learned_fixture import ARTICLES, records
from provenance import learned
from provenance.cli import app
from provenance.config import DEFAULT_CONFIG_DIR, load_config
from provenance.errors import ConfigError
from provenance.evaluate import load_gold
from provenance.learned import training
from provenance.learned.bundled import bundled
from provenance.learned.model import CRFSettings
from provenance.parsing import parse

runner = CliRunner()
SMALL = CRFSettings(max_iterations=40)
# an invented article none of the fixture's texts holds
UNSEEN = ("Die Schulleiterin sagte am Dienstag, der Unterricht falle wegen des Sturms aus. "
          "Die Eltern seien per E-Mail informiert worden.")


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("gold") / "train.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(gold_file, tmp_path_factory):
    result = training.train(load_gold(gold_file), "news", folds=2, seed=1, settings=SMALL)
    directory = result.model.save(tmp_path_factory.mktemp("model") / "m")
    return result, directory


def revised(model, text):
    config = load_config()
    doc = parse(text, config.settings.model)
    return model.revise(doc, provenance.rules.find_attributions(doc, config), config)


def test_train_save_load_predict_gives_the_same_result_twice(trained):
    result, directory = trained
    assert (directory / "model.json").is_file() and (directory / "labeller.crfsuite").is_file()
    first, second = learned.load(directory), learned.load(directory)
    once = revised(first, UNSEEN)
    assert once == revised(second, UNSEEN) == revised(first, UNSEEN)
    assert once == revised(result.model, UNSEEN)  # the saved state is the whole state
    info = json.loads((directory / "model.json").read_text(encoding="utf-8"))["info"]
    assert info["genre"] == "news" and info["articles"] == len(ARTICLES)
    assert set(info["cross_validated"]) == {"rules", "rules+learned"}


def test_training_twice_is_deterministic(gold_file, trained):
    _, directory = trained
    again = training.train(load_gold(gold_file), "news", folds=2, seed=1, settings=SMALL).model
    assert revised(again, UNSEEN) == revised(learned.load(directory), UNSEEN)
    assert again.thresholds == learned.load(directory).thresholds


def test_the_labeller_learns_the_fixture(trained):
    """On its own training text, the labeller marks the messages and the cue."""
    model = trained[0].model
    config = load_config()
    text = ARTICLES[1][0]
    doc = parse(text, config.settings.model)
    pos, _, labels, marginals = model.label(doc, provenance.rules.find_attributions(doc, config), config)
    by_word = {p.word.text: label for p, label in zip(pos, labels)}
    assert by_word["Laut"] == "C" and by_word["Scheune"].endswith("-I")
    assert all(abs(sum(m.values()) - 1) < 1e-6 for m in marginals)


def test_train_reads_wikinews_json_and_jsonl(gold_file, tmp_path):
    as_json = tmp_path / "train.json"
    as_json.write_text(json.dumps(records(), ensure_ascii=False), encoding="utf-8")
    from_jsonl = training.load_training_data([gold_file])
    from_json = training.load_training_data([as_json])
    assert from_json == from_jsonl and len(from_json) == len(ARTICLES)
    assert sum(len(a.quotations) for a in from_json) == sum(len(q) for _, q in ARTICLES)


def test_train_reads_the_project_s_own_output(tmp_path):
    """analyze --format jsonl output, its article text beside it, read back as gold."""
    text = ARTICLES[1][0]
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    [gold] = training.load_training_data([out])
    assert gold.text == text
    record = json.loads(out.read_text(encoding="utf-8"))
    top = [a for a in record["attributions"] if a["via"] is None]
    assert len(gold.quotations) == len(top) > 0
    laut = next(q for q, a in zip(gold.quotations, top) if a["cue"] and a["cue"]["text"] == "Laut")
    assert gold.span_text(laut.cue) == "Laut" and "Scheune" in gold.span_text(laut.message)
    # a claim that no longer fits the text is refused in one line
    record["attributions"][0]["claim"]["start"] += 3
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(provenance.errors.InputError, match="does not fit the article text"):
        training.load_training_data([bad])


def test_unknown_training_data_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(provenance.errors.InputError, match="neither WIKINEWS"):
        training.load_training_data([path])


def test_a_learned_attribution_carries_rule_evidence_and_confidence(trained):
    """The fixture teaches Konjunktiv continuations after the rules' cue; on
    the training text, every attribution the labeller adds says so."""
    model = trained[0].model
    config = load_config()
    added = []
    for text, _ in ARTICLES:
        doc = parse(text, config.settings.model)
        rules = provenance.rules.find_attributions(doc, config)
        from provenance.learned.decode import Thresholds
        found = model.revise(doc, rules, config, thresholds=Thresholds(add_from=0.0, drop_below=0.0))
        added += [f for f in found if f.rule.startswith("learned.")]
    assert added, "the labeller added nothing on its own training text"
    for f in added:
        assert f.rule == "learned.sequence"
        assert f.evidence.startswith("learned sequence labeller:") and "message" in f.evidence
        assert 0.0 <= f.confidence <= 1.0


def bundled_news():
    models = bundled()
    assert "news" in models, "the package ships the news model (training/train_attribution.py rebuilds it)"
    return models["news"]


def test_the_bundled_news_model_loads_and_runs_offline(no_network):
    model = learned.load(bundled_news())
    assert model.info["genre"] == "news" and "CC BY-NC-SA 4.0" in model.info["licence"]
    found = revised(model, UNSEEN)
    assert any("Unterricht" in f.claim.text for f in found)


def test_analyze_with_the_learned_layer_names_its_decisions(no_network):
    bundled_news()
    config = learned.with_model(load_config(), "news")
    result = provenance.analyze(UNSEEN, config=config)
    assert result.attributions
    for a in result.attributions:
        assert a.rule and a.evidence and 0.0 <= a.confidence <= 1.0
    continued = [a for a in result.attributions if "Eltern" in a.claim.text]
    assert continued and continued[0].form == "indirect_free_indirect"


def test_attribution_learned_with_a_missing_model_is_a_config_error(tmp_path):
    config_dir = tmp_path / "configs"
    shutil.copytree(DEFAULT_CONFIG_DIR, config_dir)
    (config_dir / "default.yaml").write_text("attribution: learned\nattribution_model: nowhere\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"default\.yaml: key 'attribution_model': no attribution model 'nowhere'"):
        load_config(str(config_dir))
    (config_dir / "default.yaml").write_text("attribution: sometimes\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"key 'attribution'"):
        load_config(str(config_dir))


def test_train_and_models_info_on_the_command_line(gold_file, tmp_path):
    target = tmp_path / "model"
    result = runner.invoke(app, ["train", str(gold_file), "--genre", "news", "-o", str(target), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert "cross-validated official joint F1" in result.output
    assert (target / "cross_validation.json").is_file()
    result = runner.invoke(app, ["models", "info", "--attribution-model", str(target)])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)["attribution"]
    assert info["mode"] == "learned"
    mine = next(m for m in info["models"] if m["directory"] == str(target.resolve()))
    assert mine["genre"] == "news" and mine["articles"] == len(ARTICLES)
    assert "joint_f1" in mine["cross_validated"]["rules+learned"]
    result = runner.invoke(app, ["train", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "x")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1


def test_analyze_takes_an_attribution_model(gold_file, trained, tmp_path):
    _, directory = trained
    (tmp_path / "a.txt").write_text(UNSEEN, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--format", "json",
                                 "--attribution-model", str(directory)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["attributions"]
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--attribution-model", str(tmp_path / "none")])
    assert result.exit_code != 0 and "no attribution model" in result.output


@pytest.mark.parametrize("damage", [
    lambda state: [],  # valid JSON, not an object
    lambda state: {**state, "thresholds": {**state["thresholds"], "add_from": 7}},
    lambda state: {**state, "thresholds": {**state["thresholds"], "drop_below": "0.1"}},
    lambda state: {**state, "calibration": {"x": [0.5, 0.1], "y": [0.2, 0.9]}},
])
def test_a_damaged_model_state_is_refused_in_one_line(tmp_path, damage):
    import json
    import shutil

    from provenance.learned.model import ModelError

    copy = tmp_path / "model"
    shutil.copytree(bundled_news(), copy)
    state = json.loads((copy / "model.json").read_text(encoding="utf-8"))
    (copy / "model.json").write_text(json.dumps(damage(state)), encoding="utf-8")
    with pytest.raises(ModelError, match="cannot read the attribution model"):
        learned.load(copy)


def _segment_over(doc, words_text):
    """The Segment and Roles of a learned Indirect message over the words
    from ``words_text`` on, with no cue or speaker words marked."""
    from provenance.learned.decode import Roles, Segment
    from provenance.learned.features import positions

    pos = positions(doc)
    start = next(k for k, p in enumerate(pos) if p.word.text == words_text)
    words = tuple(k for k in range(start, len(pos)) if pos[k].word.upos != "PUNCT" or k < len(pos) - 1)
    return pos, Segment("I", words, 0.9), Roles((), (), ())


def test_a_learned_message_without_speaker_words_takes_the_subject_of_its_governing_verb():
    """The labeller marks the message but no speaker: the subject of the verb
    the 'dass' clause hangs from is the speaker, its phrase cut as the rules
    cut it."""
    from provenance.learned.decode import _subject_speaker

    config = load_config()
    doc = parse("Die Verwaltung der Stadt Lübeck gab am Montag bekannt, dass das Freibad im Sommer "
                "geschlossen bleibe.", config.settings.model)
    pos, segment, roles = _segment_over(doc, "dass")
    source, governor = _subject_speaker(doc, config, pos, segment, roles)
    assert source is not None and source.text == "Die Verwaltung der Stadt Lübeck"
    assert governor.text == "bekannt"  # the word the clause hangs from; its verb "gab" has the subject


def test_a_message_that_is_the_whole_sentence_has_no_governing_subject():
    from provenance.learned.decode import _subject_speaker

    config = load_config()
    doc = parse("Das Freibad bleibe im Sommer geschlossen.", config.settings.model)
    pos, segment, roles = _segment_over(doc, "Das")
    assert _subject_speaker(doc, config, pos, segment, roles) == (None, None)
