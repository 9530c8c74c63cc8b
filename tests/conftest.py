import json
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_d8572ab7723ed861.txt"
SHARED_DATA = ROOT.parent / "shared" / "data"
WIKINEWS_DEV = SHARED_DATA / "wikinews-quotes" / "dev.jsonl"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dev_articles() -> list[dict]:
    if not WIKINEWS_DEV.exists():
        pytest.skip(f"{WIKINEWS_DEV} not present")
    with WIKINEWS_DEV.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture
def no_network(monkeypatch):
    """Every way out to the network refuses. ``socket.socket`` stays a class
    (libraries use it in annotations at import time); its connecting methods
    are what refuse."""
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)


@pytest.fixture()
def open_dir():
    """A directory everyone may enter (pytest's tmp_path lies below one only its owner may)."""
    directory = Path(tempfile.mkdtemp(prefix="provenance-test-"))
    directory.chmod(0o755)
    yield directory
    shutil.rmtree(directory)
