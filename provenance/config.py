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
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

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

def _no_duplicates(values: list[str], what: str, fold: bool = True) -> list[str]:
    """Lists of words are sets: a word listed twice is a slip that hides a
    conflicting second entry, so it is an error."""
    seen: set[str] = set()
    for value in values:
        key = value.casefold() if fold else value
        if key in seen:
            raise ValueError(f"{what}: '{value}' is listed twice")
        seen.add(key)
    return values


class Outlet(_Strict):
    aliases: list[str] = []
    type: Literal["agency", "newspaper", "magazine", "broadcaster", "website"] = "newspaper"
    # Aliases that are also German common nouns ("Welt", "Zeit", "Bild"): they name the
    # outlet only quoted, as a title ("Die Welt" inside a sentence, "des Spiegel") or
    # after a media noun ("die Zeitung Welt"); "aus aller Welt" is no outlet.
    common_noun: list[str] = []

    @model_validator(mode="after")
    def _aliases_are_a_set(self):
        _no_duplicates(self.aliases, "aliases", fold=False)  # aliases match case-sensitively
        return self


class Outlets(_Strict):
    outlets: dict[str, Outlet]

    @model_validator(mode="after")
    def _one_outlet_per_alias(self):
        owner: dict[str, str] = {}
        for name, outlet in self.outlets.items():
            unknown = [a for a in outlet.common_noun if a != name and a not in outlet.aliases]
            if unknown:
                raise ValueError(f"{name}: common_noun '{unknown[0]}' is neither its name nor one of its aliases")
            for alias in (name, *outlet.aliases):
                if alias in owner and owner[alias] != name:
                    raise ValueError(f"alias '{alias}' names both '{owner[alias]}' and '{name}'")
                owner[alias] = name
        return self


# --- sources.yaml --------------------------------------------------------

class SourceLexicon(_Strict):
    """Word lists that classify a source (lower case; a compound matches by
    its last part: "Regierungssprecher" ends in "sprecher")."""

    official_roles: list[str]  # role nouns: official without a name, person with one
    titles: list[str]  # words before a name that are no part of it ("Herr", "Dr.")
    anonymous_markers: list[str]  # phrases that make a source anonymous
    anonymous_nouns: list[str]  # nouns of deliberately unidentified people ("Insider", "Kreise")
    private_nouns: list[str]  # unnamed private individuals in police-report style ("Passant")
    rank_and_file: list[str]  # role nouns with no speaking function: "ein Beamter" is anonymous
    unspecified_nouns: list[str]  # vague sources ("Quellen", "Berichte")
    generic_groups: list[str]  # generic groups ("Experten", "Beobachter")
    organization_words: list[str]  # institution nouns and name parts ("Regierung", "Ministerium")
    authority_nouns: list[str]  # unspecific when plural or generic ("Behörden")
    document_nouns: list[str]  # statements and documents: the kind of whoever issued them
    law_nouns: list[str]  # laws, treaties, drafts used as sources: organization
    media_nouns: list[str]  # "die Zeitung X": what X is, or refers back to an outlet
    generic_media: list[str]  # unnamed media in general ("Medien", "Presse"): unspecified
    wrapper_nouns: list[str]  # "Angaben der Polizei": how the source spoke, never the source
    places: list[str]  # countries and capitals that speak for a state: organization
    personal_pronouns: list[str]
    demonstratives: list[str]  # "die", "diese", "dieser" as a speaker
    pronominal_adverbs: list[str]  # "demnach", "danach": the statement before
    possessives: list[str]  # "seiner Meinung nach", "deren Angaben", "eigenen Angaben"

    @model_validator(mode="after")
    def _lists_are_sets(self):
        for name in type(self).model_fields:
            _no_duplicates(getattr(self, name), name)
        return self


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
