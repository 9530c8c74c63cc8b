"""Telling a parliamentary speech from a news article by its form.

A speech addresses its audience: it opens with "Frau Präsidentin!", "Herr
Präsident! Meine Damen und Herren!" or "Liebe Kolleginnen und Kollegen!", and
argues in the first person ("Ich glaube, dass …", "Wir fordern …"). A news
article reports in the third person; its first person stands in quotations.
So a text is a debate when one of the openings of ``configs/debate.yaml``
stands at its start, or when it addresses its audience several times and a
share of its words outside quotations are first-person pronouns. Everything
else is news: the tracker's original genre, and the safe default.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from provenance.config import Config, Genre, GenreWords
from provenance.rules.spans import find_quotations

GENRES: tuple[Genre, ...] = ("news", "debate")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class GenreDecision:
    """The genre of one text and why (``evidence`` in words)."""

    genre: Genre
    evidence: str
    detected: bool = True  # False: forced by --genre or the configuration


@functools.cache
def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in
                                                 sorted(words, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)


def detect(text: str, words: GenreWords) -> GenreDecision:
    """``debate`` or ``news`` for ``text``, from its form alone."""
    head = text.lstrip()[:words.opening_chars]
    opening = _phrases(tuple(words.openings)).search(head)
    if opening is not None:
        return GenreDecision("debate", f"opens with the address '{' '.join(opening.group(0).split())}'")
    addresses = len(_phrases(tuple(words.addresses)).findall(text))
    # first person inside quotations is someone quoted speaking, as in any news report
    outside = text
    for quote in reversed(find_quotations(text)):
        outside = outside[:quote.start] + " " + outside[quote.end:]
    tokens = [t.lower() for t in _WORD.findall(outside)]
    first = sum(t in set(words.first_person) for t in tokens)
    share = first / len(tokens) if tokens else 0.0
    if addresses >= words.min_addresses and share >= words.min_first_person_share:
        return GenreDecision("debate", f"{addresses} forms of address and {100 * share:.1f} % first-person "
                                       "words outside quotations")
    return GenreDecision("news", f"no opening address; {addresses} forms of address, {100 * share:.1f} % "
                                 "first-person words outside quotations")


def decide(text: str, config: Config, requested: str | None = None) -> GenreDecision:
    """The genre an article is analysed as: ``requested`` (or the
    configuration's ``genre``) unless that is ``auto``, else :func:`detect`."""
    wanted = requested or config.settings.genre
    if wanted in GENRES:
        return GenreDecision(wanted, "forced by --genre or the configuration", detected=False)
    if config.debate is None:
        return GenreDecision("news", "no debate configuration", detected=False)
    return detect(text, config.debate.genre)


# The bundled attribution model of each genre (provenance/models/NAME)
DEFAULT_MODELS = {"news": "news", "debate": "debate"}


def _bundled_directory(name: str):
    from provenance.learned.bundled import model_directory  # the learned layer imports the configuration

    return model_directory(name)


def attribution_of(config: Config) -> str:
    """What decides the attributions under ``config``: "rules", or the learned model's name or directory."""
    settings = config.settings
    if settings.attribution != "learned":
        return "rules"
    from provenance.learned.bundled import bundled

    # a bundled model by its name, wherever the package lies; a user's model by its directory
    names = {str(directory): name for name, directory in bundled().items()}
    return f"learned: {names.get(settings.attribution_model, settings.attribution_model)}"


_GENRE_CONFIGS: dict[tuple[int, str], tuple[Config, Config]] = {}


def genre_config(config: Config, genre: str) -> Config:
    """``config`` as the rule families of ``genre`` see it: for debates the
    cue verbs of ``debate.yaml`` beside those of ``cues.yaml`` and the
    ``debate:`` order of ``pipeline.yaml``; news is ``config`` itself."""
    if genre != "debate" or config.debate is None:
        return config
    key = (id(config), genre)
    if key not in _GENRE_CONFIGS:  # the config is kept beside its copy, so the id stays its own
        cues = config.cues.model_copy(update={"verbs": {**config.cues.verbs, **config.debate.verbs},
                                              "circumstance_conjunctions": config.debate.circumstance_conjunctions,
                                              "negations": config.debate.negations,
                                              "following_clause_reads_as_message": False})
        order = config.pipeline.order(genre)
        pipeline = config.pipeline.model_copy(update={"sentence": order.sentence, "fallback": order.fallback,
                                                      "document": order.document, "events": order.events,
                                                      "debate": None})
        settings = config.settings
        news, debate = _bundled_directory(DEFAULT_MODELS["news"]), _bundled_directory(DEFAULT_MODELS["debate"])
        # the loaded configuration holds the model's directory, not its name
        chosen = _bundled_directory(settings.attribution_model)
        if debate is not None and chosen is not None and chosen == news:
            # the default model is the genre's own: speeches get the bundled debate model
            settings = settings.model_copy(update={"attribution_model": str(debate)})
        _GENRE_CONFIGS[key] = (config, config.model_copy(update={"cues": cues, "pipeline": pipeline,
                                                                  "settings": settings}))
    return _GENRE_CONFIGS[key][1]


def with_genre(config: Config, genre: str | None) -> Config:
    """``config`` with its ``genre`` setting replaced (``--genre``); None leaves it."""
    if genre is None or genre == config.settings.genre:
        return config
    if genre not in ("auto", *GENRES):
        raise ValueError(f"unknown genre {genre!r}: news, debate or auto")
    return config.model_copy(update={"settings": config.settings.model_copy(update={"genre": genre})})


def genres_used(analysed) -> dict[str, int]:
    """How many of the (gold, result) pairs ran as each genre."""
    counts: dict[str, int] = {}
    for _, result in analysed:
        counts[result.genre or "news"] = counts.get(result.genre or "news", 0) + 1
    return counts
