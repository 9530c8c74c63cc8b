"""A learned attribution layer over the parse and the rules.

A linear-chain CRF (``sklearn-crfsuite``) labels every word of a document as
cue, speaker, addressee or message (with its type), the rule outputs among
its features; :func:`provenance.learned.decode.revise` turns its labels into
attributions that the rules missed and drops rule claims it sees no message
in. Trained by :func:`provenance.learned.training.train`; used by
``analysis.attribute`` when ``attribution: learned`` is configured.
"""

from provenance.learned.model import AttributionModel, ModelError, load
from provenance.learned import bundled, training  # noqa: E402  (the CLI reaches them as learned.bundled, learned.training)

__all__ = ["AttributionModel", "ModelError", "bundled", "load", "model_for", "training", "with_model"]


def model_for(config) -> AttributionModel | None:
    """The model ``config`` asks for (``attribution: learned``), loaded once
    per process; None in rules-only mode."""
    settings = config.settings
    if settings.attribution != "learned":
        return None
    return _loaded(settings.attribution_model)


def with_model(config, directory):
    """``config`` with ``attribution: learned`` and the model in ``directory``
    (a bundled name or a model directory): ``analyze --attribution-model``."""
    from pathlib import Path

    from provenance.errors import ConfigError
    from provenance.learned.bundled import model_directory

    found = model_directory(str(directory))
    if found is None:
        raise ConfigError(f"{directory}: no attribution model there (neither a bundled model nor a directory "
                          "with model.json)")
    settings = config.settings.model_copy(update={"attribution": "learned", "attribution_model": str(Path(found))})
    return config.model_copy(update={"settings": settings})


_MODELS: dict[str, AttributionModel] = {}


def _loaded(directory: str) -> AttributionModel:
    if directory not in _MODELS:
        from provenance.learned.bundled import model_directory

        found = model_directory(directory)
        _MODELS[directory] = load(found if found is not None else directory)
    return _MODELS[directory]
