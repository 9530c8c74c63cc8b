"""Small inputs the input, corpus and CLI tests share: article files in every
supported form, and configuration directories with changed settings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from provenance.config import DEFAULT_CONFIG_DIR

# Short, so the real parser is quick; each has a cue the rules know.
GERMAN = "Der Minister sagte am Montag, die Regierung werde die Steuern nicht erhöhen."
GERMAN_2 = "Laut Polizei wurde bei dem Unfall in München niemand verletzt."
GERMAN_3 = "Die Agentur Reuters berichtete, das Treffen sei abgesagt worden."
UMLAUTS = "Die Bürgermeisterin äußerte, „die Straße“ bleibe für Größere gesperrt."
ENGLISH = ("The minister said on Monday that the government would not raise taxes, "
           "according to a spokesman for the ministry in Berlin.")

PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Treffen abgesagt | Beispiel-Zeitung</title>
<meta property="og:site_name" content="Beispiel-Zeitung">
<meta property="og:url" content="https://www.beispiel-zeitung.de/politik/treffen">
<meta property="article:published_time" content="2025-10-22T10:00:00+02:00"></head>
<body><nav><a href="/">Start</a> <a href="/politik">Politik</a> <a href="/wetter">Wetter</a></nav>
<article><h1>Treffen abgesagt</h1>
<p>Die Agentur Reuters berichtete am Dienstag, das geplante Treffen der Außenminister sei abgesagt worden.</p>
<p>Ein Sprecher der Regierung sagte, man bedauere die Entscheidung, halte aber an den Gesprächen fest.</p>
</article><footer>Impressum · Datenschutz · Kontakt</footer></body></html>"""


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


def jsonl(path: Path, records: list[dict | str]) -> Path:
    """Records as JSON lines; a str is written as it is (a malformed line)."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return write(path, "\n".join(lines) + "\n")


def config_dir(tmp_path: Path, **settings: dict) -> Path:
    """A copy of the bundled configuration with sections of default.yaml
    updated, e.g. ``config_dir(tmp, limits={"max_chars": 50})``."""
    target = tmp_path / "configs"
    if not target.exists():
        shutil.copytree(DEFAULT_CONFIG_DIR, target)
    path = target / "default.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section, values in settings.items():
        data[section] = {**(data.get(section) or {}), **values} if isinstance(values, dict) else values
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target
