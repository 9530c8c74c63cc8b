"""Rule families are registered by name, and which of them run, in what
order, is data in ``configs/pipeline.yaml``: real sentences through the real
bundled pipeline, under the bundled order and under changed ones."""

import shutil
from pathlib import Path

import pytest
import yaml

import provenance
from provenance.config import DEFAULT_CONFIG_DIR, load_config
from provenance.records import Span
from provenance.rules import FAMILIES, Finding, register

ANNOUNCED = "Der Sprecher sagte, die Brücke werde im Mai geöffnet. "


@pytest.fixture()
def pipeline(tmp_path: Path):
    """A configuration whose pipeline.yaml is the bundled one changed by ``edit``."""
    target = tmp_path / "configs"
    shutil.copytree(DEFAULT_CONFIG_DIR, target)

    def configured(edit):
        path = target / "pipeline.yaml"
        order = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(order)
        path.write_text(yaml.safe_dump(order), encoding="utf-8")
        load_config.cache_clear()
        return load_config(target)

    yield configured
    load_config.cache_clear()


def rules_of(text, config=None):
    return [a.rule for a in provenance.analyze(text, config=config).attributions]


def test_the_bundled_pipeline_runs_every_registered_family_once():
    pipeline = load_config().pipeline
    listed: set[str] = set()
    for order in (pipeline, pipeline.debate):  # news, and parliamentary speeches
        names = [*order.sentence, *order.fallback, *order.document, *order.events]
        assert len(names) == len(set(names))  # once per order
        listed |= set(names)
        assert all(FAMILIES[name].per == "document" for name in order.document)
        assert all(FAMILIES[name].per == "events" for name in order.events)
        assert all(FAMILIES[name].per == "sentence" for name in [*order.sentence, *order.fallback])
    assert listed == set(FAMILIES)  # every family runs in one of the two


def test_a_family_left_out_finds_nothing(pipeline):
    text = "Laut der Polizei wurde bei dem Unfall niemand verletzt."
    assert rules_of(text) == ["phrase.laut"]
    without = pipeline(lambda order: order["sentence"].remove("phrases"))
    assert rules_of(text, without) == []


def test_a_fallback_left_out_leaves_the_continuation_unattributed(pipeline):
    text = ANNOUNCED + "Die Arbeiten seien fast abgeschlossen."
    assert rules_of(text) == ["verb.complement", "continuation.konjunktiv"]
    without = pipeline(lambda order: order["fallback"].remove("continuation"))
    assert rules_of(text, without) == ["verb.complement"]


def test_the_fallback_order_decides_which_family_claims_a_sentence(pipeline):
    # both could read it: a Konjunktiv-free "soll … sein" right after an attribution
    text = ANNOUNCED + "Der Täter soll über die Brücke geflohen sein."
    assert rules_of(text) == ["verb.complement", "continuation.konjunktiv"]
    swapped = pipeline(lambda order: order["fallback"].reverse())
    assert rules_of(text, swapped) == ["verb.complement", "evidential.sollen"]


def test_a_document_family_left_out_keeps_nested_quotations_unsplit(pipeline):
    text = ANNOUNCED + "Die Arbeiter hätten „fast ohne Pause gearbeitet“."
    assert "quote.nested" in rules_of(text)
    without = pipeline(lambda order: order["document"].remove("nested_quotes"))
    assert "quote.nested" not in rules_of(text, without)


@pytest.fixture()
def headline_family():
    """A family registered from outside the package, as a learned layer would be."""
    @register("test_headline")
    def headline(rules, sentence):
        """Marks a first sentence without a finding as the article's own claim."""
        if sentence.index == 0 and len(rules.findings) == rules.sentence_first:
            rules.add(Finding(rule="test.headline", form="reported", medium=None, cue=None, source=None,
                              claim=Span.of(rules.text, sentence.start, sentence.end), confidence=0.1,
                              evidence="first sentence", sentence=sentence.index))
    yield "test_headline"
    del FAMILIES["test_headline"]


def test_a_registered_family_runs_where_the_pipeline_lists_it(pipeline, headline_family):
    text = "Die Brücke ist seit Montag gesperrt. " + ANNOUNCED
    assert "test.headline" not in rules_of(text, pipeline(lambda order: None))
    added = pipeline(lambda order: order["fallback"].append(headline_family))
    assert rules_of(text, added) == ["test.headline", "verb.complement"]


def test_a_name_is_registered_once(headline_family):
    with pytest.raises(ValueError, match="'test_headline' registered twice"):
        register(headline_family)(lambda rules, sentence: None)
