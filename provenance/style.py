"""How the graph looks, shared by the Graphviz picture and the HTML page so
both show a source kind in the same colour."""

from __future__ import annotations

from collections.abc import Mapping

# Anonymous and unspecified sources in warm colours: they are what a reader
# looks for first.
KIND_COLORS = {
    "outlet": "#1f77b4", "person": "#2ca02c", "organization": "#17becf", "official": "#9467bd",
    "anonymous": "#d62728", "unspecified": "#ff7f0e",
}
TYPE_COLORS = {"article": "#555555", "claim": "#bbbbbb", "source": "#888888"}


def node_color(data: Mapping) -> str:
    return KIND_COLORS.get(data.get("kind", ""), TYPE_COLORS.get(data.get("type", ""), "#888888"))


def short(text: str, width: int = 60) -> str:
    """One line of at most ``width`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
