"""Rule families by name. A family registers itself here with ``@register``;
``configs/pipeline.yaml`` names the families that run and their order, so a
family is switched off or moved without touching code, and a new one (a
learned candidate generator) plugs in beside the others."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

# "sentence": called with (rules, sentence) for every sentence; "document":
# called once with (rules) after every sentence, when all speakers are known;
# "events": called once with (rules) when the attributions are final, to add
# speech events without a claim to ``rules.events``
Per = Literal["sentence", "document", "events"]


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    per: Per
    run: Callable[..., None]


FAMILIES: dict[str, Family] = {}


def register(name: str, per: Per = "sentence") -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register the decorated function as the rule family ``name``."""
    def decorate(run: Callable[..., None]) -> Callable[..., None]:
        if name in FAMILIES:
            raise ValueError(f"rule family '{name}' registered twice")
        FAMILIES[name] = Family(name, per, run)
        return run
    return decorate


def registered() -> dict[str, Family]:
    """Every family the package defines (importing it registers them all)."""
    import provenance.rules  # noqa: F401  (the families register on import)
    return FAMILIES
