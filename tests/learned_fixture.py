"""Invented German news articles with hand-made quotation annotations, in the
WIKINEWS JSON format: the small training fixture of tests/test_learned.py.

Each annotation names its roles by the exact words of the text (the first
occurrence at or after the previous role's start is taken), so the fixture
reads like the annotation it is.
"""

from __future__ import annotations

import re

# (text, [(type, message, cue, speaker)]); cue and speaker may be "" (none); a discontinuous
# cue is written with " … " between its parts
ARTICLES = [
    ("Der Bürgermeister von Talheim sagte am Montag, die neue Brücke werde im Frühjahr eröffnet. "
     "Die Kosten seien geringer als geplant. "
     "„Wir sind sehr zufrieden“, erklärte die Baudezernentin Petra Lindner.",
     [("Indirect", "die neue Brücke werde im Frühjahr eröffnet", "sagte", "Der Bürgermeister von Talheim"),
      ("IndirectFreeIndirect", "Die Kosten seien geringer als geplant", "", "Der Bürgermeister von Talheim"),
      ("Direct", "„Wir sind sehr zufrieden“", "erklärte", "die Baudezernentin Petra Lindner")]),
    ("Laut der Feuerwehr brannte die Scheune vollständig nieder. "
     "Verletzt wurde niemand. "
     "Ein Sprecher der Polizei teilte mit, die Ursache sei noch unklar.",
     [("Indirect", "brannte die Scheune vollständig nieder", "Laut", "der Feuerwehr"),
      ("Indirect", "die Ursache sei noch unklar", "teilte … mit", "Ein Sprecher der Polizei")]),
    ("Die Gewerkschaft kündigte weitere Warnstreiks an. "
     "Ihre Vorsitzende Anna Berg sagte, die Beschäftigten hätten lange genug gewartet. "
     "Sie fordere eine Erhöhung der Löhne um acht Prozent.",
     [("Reported", "Die Gewerkschaft kündigte weitere Warnstreiks an", "", "Die Gewerkschaft"),
      ("Indirect", "die Beschäftigten hätten lange genug gewartet", "sagte", "Ihre Vorsitzende Anna Berg"),
      ("IndirectFreeIndirect", "Sie fordere eine Erhöhung der Löhne um acht Prozent", "", "Ihre Vorsitzende Anna Berg")]),
    ("Nach Angaben des Wetterdienstes wird es am Wochenende stürmisch. "
     "„Die Böen können Bäume entwurzeln“, warnte der Meteorologe Jan Vogt. "
     "Autofahrer sollten vorsichtig sein, sagte er.",
     [("Indirect", "wird es am Wochenende stürmisch", "Nach Angaben", "des Wetterdienstes"),
      ("Direct", "„Die Böen können Bäume entwurzeln“", "warnte", "der Meteorologe Jan Vogt"),
      ("Indirect", "Autofahrer sollten vorsichtig sein", "sagte", "er")]),
    ("Die Stadtwerke erklärten, die Preise für Strom würden im Januar steigen. "
     "Grund seien höhere Kosten beim Einkauf. "
     "Kritik kam von der Verbraucherzentrale.",
     [("Indirect", "die Preise für Strom würden im Januar steigen", "erklärten", "Die Stadtwerke"),
      ("IndirectFreeIndirect", "Grund seien höhere Kosten beim Einkauf", "", "Die Stadtwerke")]),
    ("Der Trainer des FC Musterstadt zeigte sich nach dem Spiel enttäuscht. "
     "„Wir haben die Chancen nicht genutzt“, sagte Thomas Keller. "
     "Der Verein teilte später mit, der Vertrag des Torwarts werde verlängert.",
     [("Direct", "„Wir haben die Chancen nicht genutzt“", "sagte", "Thomas Keller"),
      ("Indirect", "der Vertrag des Torwarts werde verlängert", "teilte … mit", "Der Verein")]),
]

_TOKEN = re.compile(r"\w+(?:-\w+)*|[^\w\s]")


def _find(text: str, words: str, start: int = 0) -> tuple[int, int]:
    """The first occurrence of ``words`` as whole words at or after ``start``."""
    m = re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)").search(text, start)
    assert m is not None, f"{words!r} not in {text!r}"
    return m.start(), m.end()


def record(n: int, text: str, annotations) -> dict:
    tokens = [{"id": k, "charBegin": m.start(), "charEnd": m.end(), "text": m.group()}
              for k, m in enumerate(_TOKEN.finditer(text))]

    def role(spans: list[tuple[int, int]]) -> dict:
        ids = [t["id"] for t in tokens for b, e in spans if t["charBegin"] >= b and t["charEnd"] <= e]
        return {"text": " ".join(text[b:e] for b, e in spans), "tokenIds": ids} if ids else {}

    out = []
    for type_, message, cue, speaker in annotations:
        m = _find(text, message)
        cue_spans: list[tuple[int, int]] = []
        for part in cue.split(" … ") if cue else ():  # "teilte … mit": discontinuous
            cue_spans.append(_find(text, part, cue_spans[-1][1] if cue_spans else 0))
        spk = [_find(text, speaker)] if speaker else []
        out.append({"type": type_, "medium": "Speech", "quote": role([m]), "cue": role(cue_spans),
                    "speaker": role(spk), "frame": {}, "addressee": {}, "isNested": False})
    return {"documentName": f"{n} - Erfundener Artikel", "originalText": text, "tokens": tokens,
            "annotations": out}


def records() -> list[dict]:
    return [record(n, text, annotations) for n, (text, annotations) in enumerate(ARTICLES, 1)]
