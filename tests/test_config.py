"""Configuration is validated on load; errors name the file, the key and the problem."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from provenance.config import DEFAULT_CONFIG_DIR, load_config
from provenance.errors import ConfigError


@pytest.fixture()
def config_dir(tmp_path: Path) -> Path:
    target = tmp_path / "configs"
    shutil.copytree(DEFAULT_CONFIG_DIR, target)
    load_config.cache_clear()
    yield target
    load_config.cache_clear()


def test_bundled_configuration_loads():
    config = load_config()
    assert "sagen" in config.cues.verbs
    assert "Financial Times" in config.outlets.outlets
    assert "FT" in config.outlets.outlets["Financial Times"].aliases


def test_malformed_yaml_names_file_and_line(config_dir: Path):
    (config_dir / "cues.yaml").write_text("verbs: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cues\.yaml: malformed YAML \(line \d+"):
        load_config(config_dir)


def test_unknown_key_is_named(config_dir: Path):
    path = config_dir / "default.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"default\.yaml: key 'colour': unknown key"):
        load_config(config_dir)


def test_wrong_type_is_named(config_dir: Path):
    (config_dir / "default.yaml").write_text("limits:\n  max_chars: lots\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"default\.yaml: key 'limits\.max_chars': .*integer"):
        load_config(config_dir)


def test_nested_key_in_lexicon(config_dir: Path):
    (config_dir / "cues.yaml").write_text(
        "verbs:\n  sagen: {medium: loud}\nphrases: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cues\.yaml: key 'verbs\.sagen\.medium'"):
        load_config(config_dir)


def test_yaml_cannot_construct_python_objects(config_dir: Path):
    (config_dir / "default.yaml").write_text("publisher: !!python/object/apply:os.system ['true']\n",
                                              encoding="utf-8")
    with pytest.raises(ConfigError, match="default.yaml"):
        load_config(config_dir)


def test_missing_directory():
    with pytest.raises(ConfigError, match="configuration directory not found"):
        load_config("/nonexistent/provenance-configs")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_word_listed_twice_is_named(config_dir: Path):
    _edit(config_dir / "cues.yaml", "as_verbs: [bezeichnen,", "as_verbs: [bezeichnen, bezeichnen,")
    with pytest.raises(ConfigError, match=r"cues\.yaml: key 'as_verbs': duplicate entry: 'bezeichnen'"):
        load_config(config_dir)


def test_a_key_given_twice_is_named(config_dir: Path):
    _edit(config_dir / "cues.yaml", "  sagen: {medium: speech}\n", "  sagen: {medium: speech}\n  sagen: {medium: writing}\n")
    with pytest.raises(ConfigError, match=r"cues\.yaml: key 'sagen' given twice in one mapping \(line \d+\)"):
        load_config(config_dir)


def test_a_verb_in_both_lexicons_is_a_conflict(config_dir: Path):
    # one entry would silently shadow the other
    _edit(config_dir / "cues.yaml", "reported_verbs:\n", "reported_verbs:\n  sagen: {confidence: 0.5}\n")
    with pytest.raises(ConfigError, match=r"cues\.yaml: key 'reported_verbs\.sagen': also in 'verbs'"):
        load_config(config_dir)


def test_a_verb_list_naming_no_lexicon_verb_is_rejected(config_dir: Path):
    _edit(config_dir / "cues.yaml", "as_verbs: [", "as_verbs: [tanzen, ")
    with pytest.raises(ConfigError, match=r"cues\.yaml: key 'as_verbs': 'tanzen' not in 'verbs' or 'reported_verbs'"):
        load_config(config_dir)


def test_two_phrases_with_the_same_tokens_are_a_conflict(config_dir: Path):
    _edit(config_dir / "cues.yaml", "  zufolge: {tokens: [zufolge], role: postposition}\n",
          "  zufolge: {tokens: [zufolge], role: postposition}\n  folgend: {tokens: [zufolge], role: preposition}\n")
    with pytest.raises(ConfigError, match=r"cues\.yaml: key 'phrases\.folgend': same tokens \['zufolge'\] as 'phrases\.zufolge'"):
        load_config(config_dir)


@pytest.mark.parametrize("old, new, problem", [
    # an anaphoric phrase must say whom it refers to, and only it may
    ("antecedent: previous_source, ", "", "antecedent is required for role anaphoric"),
    ("  zufolge: {tokens: [zufolge], role: postposition}",
     "  zufolge: {tokens: [zufolge], role: postposition, antecedent: previous_source}", "only allowed there"),
    ("  zufolge: {tokens: [zufolge], role: postposition}",
     "  zufolge: {tokens: [zufolge], role: postposition, cue_length: 2}", "cue_length 2 is longer than tokens"),
    ("  zufolge: {tokens: [zufolge], role: postposition}",
     "  zufolge: {tokens: [zufolge], role: postposition, not_after: [so]}", "apply to role preposition only"),
])
def test_a_phrase_property_that_cannot_apply_is_named(config_dir: Path, old, new, problem):
    _edit(config_dir / "cues.yaml", old, new)
    with pytest.raises(ConfigError, match=rf"cues\.yaml: key 'phrases\.\w+': .*{re.escape(problem)}"):
        load_config(config_dir)


def test_a_rule_confidence_out_of_range_is_named(config_dir: Path):
    _edit(config_dir / "cues.yaml", "  so_postposed: 0.85", "  so_postposed: 1.5")
    with pytest.raises(ConfigError, match=r"cues\.yaml: key 'confidence\.so_postposed': .*less than or equal to 1"):
        load_config(config_dir)


def test_a_missing_window_is_named(config_dir: Path):
    _edit(config_dir / "cues.yaml", "  quote_reach: 2", "")
    with pytest.raises(ConfigError, match=r"cues\.yaml: key 'windows\.quote_reach': Field required"):
        load_config(config_dir)


def test_the_removed_particle_knob_is_an_unknown_key(config_dir: Path):
    # separable verbs are keyed by infinitive ("mitteilen"); a `particle` would do nothing
    _edit(config_dir / "cues.yaml", "  sagen: {medium: speech}", "  sagen: {medium: speech, particle: an}")
    with pytest.raises(ConfigError, match=r"cues\.yaml: key 'verbs\.sagen\.particle': unknown key"):
        load_config(config_dir)


def test_an_alias_two_outlets_claim_is_a_conflict(config_dir: Path):
    _edit(config_dir / "outlets.yaml", "aliases: [Bloomberg News,", "aliases: [Bloomberg News, FT,")
    # the later entry is named: Bloomberg comes first in the file
    with pytest.raises(ConfigError, match=r"outlets\.yaml: key 'outlets\.Financial Times\.aliases': 'FT' also "
                                          r"names the outlet 'Bloomberg'"):
        load_config(config_dir)


def test_a_source_word_listed_twice_is_named(config_dir: Path):
    _edit(config_dir / "sources.yaml", "anonymous_nouns:\n  [insider,", "anonymous_nouns:\n  [insider, insider,")
    with pytest.raises(ConfigError, match=r"sources\.yaml: key 'anonymous_nouns': duplicate entry: 'insider'"):
        load_config(config_dir)


@pytest.mark.parametrize("stage, families, problem", [
    ("sentence", ["verbs", "verbz"], r"unknown rule family 'verbz' \(registered: (\w+, )*colon_quote, "),
    ("document", ["direct_quotes", "verbs"], r"rule family 'verbs' runs per sentence: list it under 'sentence'"),
    ("fallback", ["continuation", "verbs"], r"rule family 'verbs' also listed under 'sentence'"),
])
def test_pipeline_names_registered_families_each_once(config_dir: Path, stage, families, problem):
    path = config_dir / "pipeline.yaml"
    order = yaml.safe_load(path.read_text(encoding="utf-8"))
    order[stage] = families
    path.write_text(yaml.safe_dump(order), encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"pipeline\.yaml: key '{stage}': {problem}"):
        load_config(config_dir)


def test_a_noun_of_both_genders_in_coref_yaml_is_named(config_dir: Path):
    (config_dir / "coref.yaml").write_text(
        "gendered_nouns:\n  masculine: [mann, kind]\n  feminine: [frau, kind]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"coref\.yaml: key 'gendered_nouns\.feminine': 'kind' is also masculine"):
        load_config(config_dir)


def test_coref_yaml_is_optional_in_a_users_directory(config_dir: Path):
    (config_dir / "coref.yaml").unlink()
    assert "mutter" in load_config(config_dir).coref.gendered_nouns.feminine
