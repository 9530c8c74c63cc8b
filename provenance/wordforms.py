"""German noun forms for looking words up in the word lists of ``configs/``:
a word with and without its case ending, and compounds by their last part.
Plain functions, shared by the rule layer and the source layer."""

from __future__ import annotations

import functools


def case_forms(word: str) -> set[str]:
    """``word`` in lower case, with and without a case ending: only case endings
    come off ("Beamten" → "beamte"; but "Verurteilte" is no "Urteil")."""
    word = word.lower().strip(".,;:")
    forms = {word} if word else set()
    if len(word) > 3 and word[-1] in "nsre":
        forms.add(word[:-1])
    if len(word) > 5 and word[-2:] in ("en", "es", "er", "ns", "ern", "em"):
        forms.add(word[:-2])
    return forms


@functools.lru_cache(maxsize=1 << 16)  # a corpus repeats its words; frozensets keep their hash
def ends_with(word: str, stems: frozenset[str]) -> bool:
    """``word`` is one of ``stems`` or a compound ending in one, allowing
    for case endings ("Insidern", "Beamten", "Regierungssprechers")."""
    # a stem longer than 4 letters may end the form: its suffixes are looked up,
    # not every stem tried (linear in the word, not in the word list)
    return any(f in stems or any(f[i:] in stems for i in range(1, len(f) - 4)) for f in case_forms(word))
