"""Configuration is validated on load; errors name the file, the key and the problem."""

import shutil
from pathlib import Path

import pytest

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
