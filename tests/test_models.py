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


def fake_model(directory, content: bytes = b"weights " * 1000):
    """A model directory as model_id reads it: its *.pt files (never loaded here)."""
    directory.mkdir(parents=True)
    for name in ("tokenize.pt", "pos.pt", "depparse.pt"):
        (directory / name).write_bytes(name.encode() + content)
    (directory / "resources.json").write_text("{}", encoding="utf-8")
    return directory


def test_the_model_fingerprint_follows_the_file_content_not_the_copy(tmp_path):
    import os
    import shutil

    from provenance.cache import ParseCache
    from provenance.config import ModelSettings
    from provenance.parsing import model_id
    from provenance.records import ParsedDocument

    original = fake_model(tmp_path / "original")
    first = model_id(ModelSettings(source="stanza", dir=str(original)))
    assert first.startswith("stanza-de-default@") and len(first.split("@")[1]) == 12
    # a clone: same content, new mtimes (shutil.copy does not keep them) - the same id
    clone = tmp_path / "clone"
    shutil.copytree(original, clone, copy_function=shutil.copy)
    for path in clone.iterdir():
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert model_id(ModelSettings(source="stanza", dir=str(clone))) == first
    # one byte changed, size and mtime kept (what a size/mtime fingerprint would miss) - another id
    changed = tmp_path / "changed"
    shutil.copytree(original, changed)  # copy2: mtimes kept
    target = changed / "pos.pt"
    stat = target.stat()
    data = bytearray(target.read_bytes())
    data[-1] ^= 1
    target.write_bytes(bytes(data))
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert target.stat().st_size == stat.st_size and target.stat().st_mtime_ns == stat.st_mtime_ns
    second = model_id(ModelSettings(source="stanza", dir=str(changed)))
    assert second != first
    # a file renamed is another model too; files other than *.pt are no part of it
    renamed = tmp_path / "renamed"
    shutil.copytree(original, renamed)
    (renamed / "pos.pt").rename(renamed / "tagger.pt")
    assert model_id(ModelSettings(source="stanza", dir=str(renamed))) not in (first, second)
    (clone / "resources.json").write_text('{"changed": true}', encoding="utf-8")
    # (the id is computed once per settings: the trailing "/" makes other settings, a fresh hash)
    assert model_id(ModelSettings(source="stanza", dir=str(clone) + "/")) == first
    # the parse cache is keyed by that id: a parse made with the original model is found for its
    # clone and never for the changed model
    cache = ParseCache(tmp_path / "cache")
    cache.put(ParsedDocument("Der Minister sagte, es regne.", (), first))
    assert cache.get("Der Minister sagte, es regne.", first) == ParsedDocument("Der Minister sagte, es regne.", (),
                                                                              first)
    assert cache.get("Der Minister sagte, es regne.", second) is None

