"""Loading and validating the YAML configuration under ``configs/``.

Patterns are data: cue lexicons, outlet names and source descriptors live in
YAML so a newsroom can extend them without touching code. Each file is
validated on load; an error names the file, the key and the problem.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from provenance.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_CONFIG_DIR = PACKAGE_DIR.parent / "configs"

Medium = Literal["speech", "thought", "writing"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- default.yaml ---------------------------------------------------------

class ModelSettings(_Strict):
    source: Literal["bundled", "stanza"] = "bundled"
    dir: str | None = None  # where the official Stanza models live (source: stanza)
    package: str = "default"


class LimitSettings(_Strict):
    max_chars: int = Field(default=2_000_000, gt=0)
    chunk_chars: int = Field(default=100_000, gt=0)
    min_german_share: float = Field(default=0.3, ge=0, le=1)


class CacheSettings(_Strict):
    enabled: bool = True
    dir: str | None = None  # default: the user cache directory


class Settings(_Strict):
    model: ModelSettings = ModelSettings()
    limits: LimitSettings = LimitSettings()
    cache: CacheSettings = CacheSettings()
    publisher: str | None = None


# --- cues.yaml -----------------------------------------------------------

class Verb(_Strict):
    medium: Medium | None = None
    particle: str | None = None  # separable prefix: "teilte … mit"
    confidence: float = Field(default=0.9, ge=0, le=1)
    # without a message clause, the verb reports speech only with one of these after it ("sprach von")
    requires: list[str] = []
    # without a message clause, does the sentence report a statement? Not for verbs whose
    # object is rarely one ("kritisierte die Entscheidung", "bestätigte den Vorfall")
    reports: bool = True


class Phrase(_Strict):
    """A multi-word cue matched on lower-cased token text; each token is a
    shell-style pattern ("*angaben" matches "Polizeiangaben")."""

    tokens: list[str] = Field(min_length=1)
    cue_length: int | None = Field(default=None, ge=1)  # leading tokens that form the cue; the rest opens the source
    # "nach jüngsten Untersuchungen": a reporting noun within `window` tokens after `tokens`
    nouns: list[str] = []
    window: int = Field(default=0, ge=0, le=6)
    role: Literal["preposition", "postposition", "citing", "anaphoric", "impersonal"]
    medium: Medium | None = None
    confidence: float = Field(default=0.85, ge=0, le=1)
    form: Literal["indirect", "reported"] = "indirect"


class Cues(_Strict):
    reporting_nouns: list[str] = []
    verbs: dict[str, Verb]
    phrases: dict[str, Phrase]
    relay_verbs: list[str] = []  # "zitiert Y": the object is the relayed source
    # verbs that report a statement without quoting it ("Die Polizei sprach von …"):
    # with a subject and no message clause, the whole sentence is the claim
    reported_verbs: dict[str, Verb] = {}
    addressee_nouns: list[str] = []  # "sagte der Zeitung Y": who was told
    addressee_verbs: list[str] = []  # "forderte die Anwohner auf": the object is who was told
    dative_passive_verbs: list[str] = []  # "Ihm wird vorgeworfen": the passive subject is who was told
    as_verbs: list[str] = []  # "bezeichnete … als": "als" is part of the cue
    never_subjects: list[str] = []  # sentence adverbs a small parser mistakes for subjects  # "nach dem Treffen" is no cue
    konjunktiv_continuation: bool = True


# --- outlets.yaml --------------------------------------------------------

class Outlet(_Strict):
    aliases: list[str] = []
    type: Literal["agency", "newspaper", "magazine", "broadcaster", "website"] = "newspaper"


class Outlets(_Strict):
    outlets: dict[str, Outlet]


# --- sources.yaml --------------------------------------------------------

class SourceLexicon(_Strict):
    official_roles: list[str]
    anonymous_markers: list[str]
    anonymous_nouns: list[str]
    unspecified_nouns: list[str]
    organization_words: list[str]
    titles: list[str]


class Config(_Strict):
    settings: Settings
    cues: Cues
    outlets: Outlets
    sources: SourceLexicon
    directory: str


def _read_yaml(path: Path) -> object:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration is not UTF-8 text") from None
    try:
        # safe_load: a configuration file can never construct Python objects.
        return yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}: malformed YAML{where}: {problem}") from None


def _validate(model: type[BaseModel], path: Path):
    data = _read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        problem = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(f"{path}: key '{key}': {problem}{more}") from None


@functools.cache
def load_config(directory: str | Path | None = None) -> Config:
    """Load and validate ``default.yaml``, ``cues.yaml``, ``outlets.yaml`` and
    ``sources.yaml`` from ``directory`` (the bundled ``configs/`` by default)."""
    base = Path(directory) if directory is not None else DEFAULT_CONFIG_DIR
    if not base.is_dir():
        raise ConfigError(f"{base}: configuration directory not found")
    return Config(
        settings=_validate(Settings, base / "default.yaml"),
        cues=_validate(Cues, base / "cues.yaml"),
        outlets=_validate(Outlets, base / "outlets.yaml"),
        sources=_validate(SourceLexicon, base / "sources.yaml"),
        directory=str(base),
    )
