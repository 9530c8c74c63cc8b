"""`provenance models`: the bundled model is described, downloads fail offline in one line."""

import json
import socket

from typer.testing import CliRunner

from provenance.cli import app
from provenance.parsing import BUNDLED_MODEL_DIR

runner = CliRunner()


def test_models_info_describes_the_bundled_model():
    result = runner.invoke(app, ["models", "info"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["source"] == "bundled"
    assert info["directory"] == str(BUNDLED_MODEL_DIR)
    assert {"tokenize.pt", "mwt.pt", "pos.pt", "lemma.pt", "depparse.pt", "pretrain.pt"} <= set(info["files"])
    assert 0 < info["size_mb"] <= 50
    assert info["model"].startswith("provenance-de@")


def test_bundled_model_fits_the_size_budget():
    total = sum(p.stat().st_size for p in BUNDLED_MODEL_DIR.iterdir() if p.is_file())
    assert total <= 50 * 1024 * 1024
    assert (BUNDLED_MODEL_DIR / "MODEL_CARD.md").is_file()


def test_models_download_fails_offline_with_one_line(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr(socket, "create_connection", refuse)
    result = runner.invoke(app, ["models", "download", "--dir", str(tmp_path / "stanza")])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "no network access" in lines[0]
    assert "Traceback" not in result.output


def test_official_models_missing_is_one_line(tmp_path):
    config_dir = tmp_path / "configs"
    from provenance.config import DEFAULT_CONFIG_DIR
    import shutil

    shutil.copytree(DEFAULT_CONFIG_DIR, config_dir)
    (config_dir / "default.yaml").write_text(
        f"model:\n  source: stanza\n  dir: {tmp_path / 'nowhere'}\ncache:\n  enabled: false\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Der Minister sagte, es regne.", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--config", str(config_dir)])
    assert result.exit_code != 0
    assert "no official Stanza models" in result.output and "Traceback" not in result.output
