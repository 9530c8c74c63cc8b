"""Reading the SpkAtt-2023 task-1 format (speaker attribution in Bundestag speeches).

One JSON file per speech: ``Sentences`` (``SentenceId``, ``Tokens``) and
``Annotations``, each a cue with its roles as ``"sentence:token"`` ids
(``dataformat-task1.pdf`` of the shared task). The text is given as tokens
only; :func:`rebuild_text` joins them with standard German spacing and keeps
each token's character offsets, so the speech reads like the text our parser
sees everywhere else and every gold role maps onto our token offsets.

Roles onto our schema (:class:`provenance.evaluate.Quotation`):
- Message -> ``message`` (the claim), Source -> ``speaker``, Addr -> ``addressee``;
- Cue -> ``cue``, with the separated verb particle or obligatory reflexive
  (PTC) added to it: our cue of a particle verb holds both parts ("schlug …
  vor"), as the WIKINEWS cues do;
- Topic, Medium, Evidence (and PTC on its own) have no place in our schema; they
  are kept in ``Quotation.extra`` under their SpkAtt names, so the SpkAtt
  metric can score them as the task does (a system that never predicts them
  misses them there).
SpkAtt has no quotation types or STW media: ``type`` is None, ``medium`` empty.

The speaker of a speech is not in the JSON; the file name carries it
(``19002_Zusatzpunkt_3_CDUCSU_Jung_ID19209800_21.11.2017.json``: party and
surname before the speech id), and :func:`speech_metadata` reads it from there.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from provenance.analysis import Article
from provenance.evaluate import GoldArticle, GoldFormatError, Quotation
from provenance.records import ArticleResult

ROLE_NAMES = ("Cue", "PTC", "Source", "Message", "Addr", "Topic", "Medium", "Evidence")
# Roles with no field of their own in our schema, kept under their SpkAtt names
EXTRA_ROLES = ("PTC", "Topic", "Medium", "Evidence")

# No space before these tokens, none after the opening ones (standard German
# typesetting). Straight double quotes open and close in turn within a speech.
# A slash joins both sides ("CDU/CSU", "Drucksache 19/6335"); an ellipsis in
# a sentence stands between spaces ("Deutschland wird … auch künftig").
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "“", "‘", "«", "›", "/"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "„", "‚", "»", "‹", "/"})
_STRAIGHT_QUOTES = frozenset({'"', "''", "``"})

# Party names as the file names write them, and as people read them
PARTIES = {"CDUCSU": "CDU/CSU", "GRUENE": "Bündnis 90/Die Grünen", "LINKE": "Die Linke", "AfD": "AfD",
           "SPD": "SPD", "FDP": "FDP", "fraktionslos": "fraktionslos", "Fraktionslos": "fraktionslos"}
_FILE_NAME = re.compile(r"_(?P<party>CDUCSU|GRUENE|LINKE|AfD|SPD|FDP|[Ff]raktionslos)_(?P<surname>.+?)_ID\d+"
                        r"_(?P<date>\d{2}\.\d{2}\.\d{4})$")
_UMLAUTS = (("Ae", "Ä"), ("Oe", "Ö"), ("Ue", "Ü"), ("ae", "ä"), ("oe", "ö"), ("ue", "ü"))

# The fixed held-out speeches (issue 11): 20 of the 177 training speeches,
# chosen once by HELD_OUT_SEED from the sorted file names (``choose_held_out``),
# written out so that the set never moves. They are never trained or tuned on;
# ``tuning_and_held_out`` splits a directory into the other 157 and these.
HELD_OUT_SEED = 2023
HELD_OUT_SIZE = 20
HELD_OUT = (
    "19002_Zusatzpunkt_3_LINKE_Beutin_ID19209700_21.11.2017",
    "19040_Zusatzpunkt_9_CDUCSU_Seif_ID194007500_15.06.2018",
    "19040_Zusatzpunkt_9_SPD_Geisel_ID194007200_15.06.2018",
    "19059_Tagesordnungspunkt_26_CDUCSU_Mueller_ID195901600_19.10.2018",
    "19059_Tagesordnungspunkt_26_SPD_Steffen_ID195902300_19.10.2018",
    "19059_Tagesordnungspunkt_30_SPD_Nissen_ID195907000_19.10.2018",
    "19074_Tagesordnungspunkt_12_SPD_Schwarzeluehr-Sutter_ID197411200_17.01.2019",
    "19086_Zusatzpunkt_6_CDUCSU_Frei_ID198606000_14.03.2019",
    "19086_Zusatzpunkt_6_LINKE_Jelpke_ID198605800_14.03.2019",
    "19088_Zusatzpunkt_1_CDUCSU_Mueller_ID198809200_20.03.2019",
    "19088_Zusatzpunkt_1_SPD_Hakverdi_ID198810100_20.03.2019",
    "19088_Zusatzpunkt_1_SPD_Lambrecht_ID198809400_20.03.2019",
    "19124_Tagesordnungspunkt_3_CDUCSU_Lange_ID1912400100_07.11.2019",
    "19150_Tagesordnungspunkt_23_FDP_Bauer_ID1915000400_06.03.2020",
    "19150_Tagesordnungspunkt_23_GRUENE_Doerner_ID1915000800_06.03.2020",
    "19156_Tagesordnungspunkt_7_CDUCSU_Merkel_ID1915600100_23.04.2020",
    "19157_Zusatzpunkt_2_CDUCSU_Beermann_ID1915710000_06.05.2020",
    "19157_Zusatzpunkt_2_SPD_Ruethrich_ID1915709700_06.05.2020",
    "19163_Tagesordnungspunkt_19_AfD_Hilse_ID1916309300_28.05.2020",
    "19163_Tagesordnungspunkt_19_FDP_Hocker_ID1916309500_28.05.2020",
)


@dataclass(frozen=True, slots=True)
class Speech:
    """A speech as read: the gold article and what the file name says of its speaker."""

    article: GoldArticle
    speaker: str | None  # "Jung"
    party: str | None  # "CDU/CSU"
    date: str | None  # "21.11.2017"

    @property
    def metadata(self) -> dict[str, str]:
        """The metadata an input record would carry (``speaker`` resolves "ich")."""
        meta = {}
        if self.speaker:
            meta["speaker"] = f"{self.speaker} ({self.party})" if self.party else self.speaker
        if self.date:
            meta["published"] = self.date
        return meta


def rebuild_text(sentences: Sequence[Sequence[str]]) -> tuple[str, list[tuple[int, int]]]:
    """The text of the token lists with standard German spacing, and the
    (start, end) offsets of every token in reading order. Sentences are
    separated by one space."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    glue = True  # no space before the first token, nor after an opening bracket or quote
    quote_open = False
    for tokens in sentences:
        for token in tokens:
            if token in _STRAIGHT_QUOTES:
                closing = quote_open
                quote_open = not quote_open
                opening = not closing
            else:
                closing = token in _NO_SPACE_BEFORE
                opening = token in _NO_SPACE_AFTER
            if not glue and not closing:
                parts.append(" ")
                length += 1
            parts.append(token)
            offsets.append((length, length + len(token)))
            length += len(token)
            glue = opening
    return "".join(parts), offsets


def speech_metadata(name: str) -> tuple[str | None, str | None, str | None]:
    """(surname, party, date) from a SpkAtt file name; Nones where it does not fit."""
    match = _FILE_NAME.search(Path(name).stem if name.endswith(".json") else name)
    if match is None:
        return None, None, None
    surname = match["surname"].replace("_", " ")  # "von_Storch" -> "von Storch"
    for ascii_form, umlaut in _UMLAUTS:
        # the file names write umlauts out ("Muenzenmaier"); "Ue" after a vowel is no umlaut ("Treue")
        surname = re.sub(rf"(?<![aeiouAEIOU]){ascii_form}", umlaut, surname)
    return surname, PARTIES.get(match["party"], match["party"]), match["date"]


def is_spkatt(obj: object) -> bool:
    """Whether a parsed JSON value has the shape of a SpkAtt task-1 speech."""
    return isinstance(obj, dict) and isinstance(obj.get("Sentences"), list) and "Annotations" in obj


def parse_speech(obj: dict, id: str) -> GoldArticle:
    """One speech as a gold article (raises ValueError, KeyError or TypeError when malformed)."""
    if not is_spkatt(obj):
        raise ValueError("not a SpkAtt task-1 speech (no 'Sentences' list and 'Annotations')")
    index: dict[str, int] = {}
    sentences = []
    for sentence in obj["Sentences"]:
        tokens = sentence["Tokens"]
        if not isinstance(tokens, list) or not all(isinstance(t, str) and t for t in tokens):
            raise TypeError(f"sentence {sentence.get('SentenceId')!r}: Tokens is not a list of non-empty strings")
        for k in range(len(tokens)):
            index[f"{sentence['SentenceId']}:{k}"] = len(index)
        sentences.append(tokens)
    text, offsets = rebuild_text(sentences)
    annotations = obj["Annotations"]
    if not isinstance(annotations, list):
        raise TypeError("Annotations is not a list")

    def role(ann: dict, name: str) -> frozenset[int]:
        ids = ann.get(name) or []
        if not isinstance(ids, list):
            raise TypeError(f"role {name} is not a list of token ids")
        try:
            return frozenset(index[str(i)] for i in ids)
        except KeyError as e:
            raise ValueError(f"role {name} cites unknown token {e}") from None

    quotations = []
    for ann in annotations:
        if not isinstance(ann, dict):
            raise TypeError("an annotation is not an object")
        unknown = set(ann) - set(ROLE_NAMES)
        if unknown:
            raise ValueError(f"unknown role {sorted(unknown)[0]!r}")
        roles = {name: role(ann, name) for name in ROLE_NAMES}
        message = roles["Message"]
        quotations.append(Quotation(
            message=message, cue=roles["Cue"] | roles["PTC"], speaker=roles["Source"], addressee=roles["Addr"],
            description=" ".join(text[offsets[i][0]:offsets[i][1]] for i in sorted(message)) or None,
            extra=tuple((name, roles[name]) for name in EXTRA_ROLES if roles[name]),
        ))
    return GoldArticle(id, text, tuple(offsets), tuple(quotations))


def speech_files(paths: Iterable[str | Path]) -> list[Path]:
    """The .json files of ``paths`` (files as given, directories sorted by name)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix == ".json" and p.is_file()))
        else:
            files.append(path)
    return files


def load_speeches(paths: Iterable[str | Path]) -> list[Speech]:
    """Every speech of ``paths`` (SpkAtt JSON files or directories of them)."""
    speeches = []
    for path in speech_files(paths):
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise GoldFormatError(f"{path}: cannot read: {e.strerror or e}") from None
        except ValueError as e:
            raise GoldFormatError(f"{path.name}: not JSON: {str(e).splitlines()[0]}") from None
        try:
            article = parse_speech(obj, path.stem)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            reason = f"missing key {e}" if isinstance(e, KeyError) else str(e).splitlines()[0]
            raise GoldFormatError(f"{path.name}: malformed SpkAtt speech: {reason}") from None
        speeches.append(Speech(article, *speech_metadata(path.name)))
    return speeches


def load_spkatt(paths: Iterable[str | Path] | str | Path) -> list[GoldArticle]:
    """The speeches of ``paths`` as gold articles (the trainer's and the scorer's input)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return [speech.article for speech in load_speeches(paths)]


def choose_held_out(names: Sequence[str], size: int = HELD_OUT_SIZE, seed: int = HELD_OUT_SEED) -> tuple[str, ...]:
    """How :data:`HELD_OUT` was chosen: ``size`` of the sorted names by a seeded draw."""
    return tuple(sorted(random.Random(seed).sample(sorted(names), size)))


def tuning_and_held_out(speeches: Sequence[Speech]) -> tuple[list[Speech], list[Speech]]:
    """The speeches outside :data:`HELD_OUT` (tuning, training) and those in it."""
    held = set(HELD_OUT)
    return ([s for s in speeches if s.article.id not in held], [s for s in speeches if s.article.id in held])


# --- evaluation ---------------------------------------------------------------

SPLITS = ("all", "tuning", "held-out")


def looks_like_spkatt(path: str | Path) -> bool:
    """Whether ``path`` is a SpkAtt task-1 speech or a directory of them (by
    the shape of the JSON, checked on the first file of a directory)."""
    path = Path(path)
    files = speech_files([path]) if path.is_dir() else [path]
    if not files or files[0].suffix != ".json":
        return False
    try:
        with files[0].open(encoding="utf-8") as handle:
            return is_spkatt(json.load(handle))
    except (OSError, ValueError):
        return False


def select(speeches: Sequence[Speech], split: str) -> list[Speech]:
    """``all`` speeches, the ``tuning`` ones (outside HELD_OUT) or the ``held-out`` ones."""
    if split not in SPLITS:
        raise GoldFormatError(f"unknown split {split!r}: one of {', '.join(SPLITS)}")
    if split == "all":
        return list(speeches)
    tuning, held = tuning_and_held_out(speeches)
    return tuning if split == "tuning" else held


def analyze_speeches(speeches: Sequence[Speech], analyze: Callable[[Sequence[Article]], Sequence[ArticleResult]],
                     ) -> list[tuple[GoldArticle, ArticleResult]]:
    """Every speech with the engine's result on its text; its speaker (from
    the file name) goes in as the ``speaker`` metadata, as a JSON record gives it."""
    results = analyze([Article(s.article.text, s.article.id, metadata=s.metadata) for s in speeches])
    analysed = list(zip((s.article for s in speeches), results, strict=True))
    for article, result in analysed:
        if result.text != article.text:
            raise ValueError(f"analyze changed the text of speech {article.id!r}; offsets would not line up")
    return analysed
