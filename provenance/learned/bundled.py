"""Where attribution models live: bundled ones under ``provenance/models/``
by name, or any directory ``provenance train`` wrote; and what
``provenance models info`` says about them."""

from __future__ import annotations

import functools
import json
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
STATE_FILE = "model.json"


def bundled() -> dict[str, Path]:
    """Bundled attribution models by name (the parser model has no model.json)."""
    return dict(_bundled())


@functools.cache
def _bundled() -> tuple[tuple[str, Path], ...]:
    # the package's own directory, read once: every analysed article asks (genre.attribution_of)
    if not MODELS_DIR.is_dir():
        return ()
    return tuple((p.name, p) for p in sorted(MODELS_DIR.iterdir()) if (p / STATE_FILE).is_file())


def model_directory(name: str, base: Path | None = None) -> Path | None:
    """The directory of the model ``name``: a bundled one, else a directory
    (relative ones against ``base``, then the working directory)."""
    found = bundled().get(name)
    if found is not None:
        return found
    path = Path(name).expanduser()
    for candidate in ([path] if path.is_absolute() else [*([base / path] if base else []), path]):
        if (candidate / STATE_FILE).is_file():
            return candidate.resolve()
    return None


def describe(directory: Path) -> dict:
    """Name, place, size and the card data of a model directory, read from its
    model.json without loading the labeller."""
    try:
        state = json.loads((directory / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {"directory": str(directory), "error": f"cannot read {STATE_FILE}: {exc}"}
    info = dict(state.get("info") or {})
    size = sum(p.stat().st_size for p in directory.iterdir() if p.is_file())
    return {"name": directory.name, "directory": str(directory),
            "bundled": directory.parent.resolve() == MODELS_DIR, "size_mb": round(size / 1e6, 1),
            "thresholds": state.get("thresholds"), **info}


def models_info(settings) -> dict:
    """The attribution mode in use and every bundled model, plus the
    configured one when it is not bundled."""
    models = [describe(path) for path in bundled().values()]
    if settings.attribution == "learned":
        chosen = model_directory(settings.attribution_model)
        if chosen is not None and all(m.get("directory") != str(chosen) for m in models):
            models.append(describe(chosen))
    return {"mode": settings.attribution,
            "model": settings.attribution_model if settings.attribution == "learned" else None,
            "models": models}
