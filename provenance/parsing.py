"""Text → :class:`ParsedDocument` through Stanza.

The pipeline is built once per process, from the model bundled in
``provenance/models/de`` by default, with every network path of Stanza shut
(no resources.json check, no model hub). Offsets always point into the
caller's exact text.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from provenance.cache import ParseCache
from provenance.config import ModelSettings
from provenance.errors import ModelError
from provenance.records import ParsedDocument, Sentence, Token, Word

BUNDLED_MODEL_DIR = Path(__file__).resolve().parent / "models" / "de"
PROCESSORS = "tokenize,mwt,pos,lemma,depparse"
# The named-entity model beside the parser (training/train_ner.py); optional:
# without it the pipeline runs without NER and every Word.ner stays "O".
NER_MODEL = "ner.pt"
# Tags of the four GermEval outer types; the trainer's auxiliary classes
# (LOCderiv "deutschen", ORGpart …) are not entities and become "O".
ENTITY_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "OTH", "MISC": "OTH"}
MONTHS = {
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "dezember", "jänner",
}
# A blank line (only spaces between two newlines) ends a paragraph; a single
# newline is a soft wrap that must not end a sentence.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_ORDINAL = re.compile(r"^\d{1,4}\.$")
# Tokens a sentence cannot start with: they continue the previous one.
_CONTINUATION_START = re.compile(r"^(?:[,;:)\]}%]|[a-zäöüß])")


@functools.cache
def model_id(settings: ModelSettings) -> str:
    """Names the model and fingerprints the content of its files, so cached
    parses of an older model are never mistaken for this one's, and every
    clone of the same model shares one id (sizes and mtimes would differ per
    checkout and could match a changed file). Hashed once per process."""
    directory = BUNDLED_MODEL_DIR if settings.source == "bundled" else Path(settings.dir or _stanza_home())
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*.pt")) if directory.is_dir() else []:
        digest.update(f"{path.relative_to(directory).as_posix()}\0".encode())
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    name = "provenance-de" if settings.source == "bundled" else f"stanza-de-{settings.package}"
    return f"{name}@{digest.hexdigest()[:12]}"


def _bundled_scores() -> dict:
    path = BUNDLED_MODEL_DIR / "scores.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def model_info(settings: ModelSettings) -> dict:
    """What model is in use, where it lives, and its measured scores."""
    directory = BUNDLED_MODEL_DIR if settings.source == "bundled" else Path(settings.dir or _stanza_home())
    files = sorted(p.name for p in directory.glob("*.pt")) if directory.is_dir() else []
    size = sum(p.stat().st_size for p in directory.glob("*.pt")) if directory.is_dir() else 0
    return {
        "model": model_id(settings),
        "source": settings.source,
        "directory": str(directory),
        "files": files,
        "size_mb": round(size / 1e6, 1),
        # the entity tagger, where the model has one (its held-out scores are scores["ner"])
        "ner": _ner_file(settings, directory),
        "scores": _bundled_scores() if settings.source == "bundled" else {},
    }


def _ner_file(settings: ModelSettings, directory: Path) -> str | None:
    if settings.source == "bundled":
        return NER_MODEL if (directory / NER_MODEL).is_file() else None
    ner_dir = directory / "de" / "ner"
    names = sorted(p.name for p in ner_dir.glob("*.pt")) if ner_dir.is_dir() else []
    return f"de/ner/{names[0]}" if names else None


def _stanza_home() -> str:
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return DEFAULT_MODEL_DIR


@functools.cache
def pipeline(settings: ModelSettings = ModelSettings()):
    """The process-wide Stanza pipeline for ``settings`` (built on first use)."""
    import stanza

    logging.getLogger("stanza").setLevel(logging.ERROR)
    if settings.source == "bundled":
        directory = BUNDLED_MODEL_DIR
        missing = [f for f in ("tokenize.pt", "mwt.pt", "pos.pt", "lemma.pt", "depparse.pt", "pretrain.pt")
                   if not (directory / f).is_file()]
        if missing:
            raise ModelError(f"bundled model incomplete in {directory}: missing {', '.join(missing)}")
        model = lambda name: str(directory / name)  # noqa: E731
        processors = PROCESSORS
        kwargs = dict(
            dir=str(directory),
            allow_unknown_language=True,
            tokenize_model_path=model("tokenize.pt"),
            mwt_model_path=model("mwt.pt"),
            pos_model_path=model("pos.pt"),
            pos_pretrain_path=model("pretrain.pt"),
            lemma_model_path=model("lemma.pt"),
            depparse_model_path=model("depparse.pt"),
            depparse_pretrain_path=model("pretrain.pt"),
        )
        if (directory / NER_MODEL).is_file():
            processors += ",ner"
            # never omit ner_pretrain_path: without it Stanza loads the NER model
            # silently with random word vectors (entity F1 falls from ~60 to ~5)
            ner_pretrain = directory / "ner_pretrain.pt"
            kwargs.update(
                ner_model_path=model(NER_MODEL),
                ner_pretrain_path=str(ner_pretrain if ner_pretrain.is_file() else directory / "pretrain.pt"),
            )
    else:
        directory = Path(settings.dir or _stanza_home())
        if not (directory / "resources.json").is_file():
            raise ModelError(
                f"no official Stanza models in {directory}: run 'provenance models download' while online"
            )
        kwargs = dict(dir=str(directory), package=settings.package)
        # official models: NER where it was downloaded (older downloads lack it)
        processors = PROCESSORS + (",ner" if (directory / "de" / "ner").is_dir() else "")
    try:
        # The bundled model dir holds a resources.json of "{}", so Stanza
        # finds nothing to fetch; download_method=None forbids it anyway.
        with contextlib.redirect_stderr(io.StringIO()):
            return stanza.Pipeline(
                lang="de", processors=processors, download_method=None,
                use_gpu=False, logging_level="ERROR", **kwargs,
            )
    except Exception as exc:  # stanza raises many kinds; the user needs one line
        raise ModelError(f"cannot load the Stanza model from {directory}: {exc}") from None


def limit_threads(threads: int) -> None:
    """Torch starts a thread per core in every process; when the cores are
    busy (other workers, other programs) those threads wait on each other and
    parsing becomes many times slower (see README)."""
    import torch

    torch.set_num_threads(threads)


def parse(text: str, settings: ModelSettings = ModelSettings()) -> ParsedDocument:
    """Parse one text."""
    return parse_many([text], settings)[0]


def has_ner(settings: ModelSettings = ModelSettings()) -> bool:
    """Whether the pipeline for ``settings`` tags named entities."""
    return "ner" in pipeline(settings).processors


def parse_many(texts: Sequence[str], settings: ModelSettings = ModelSettings(),
               cache: ParseCache | None = None, ner: bool = True) -> list[ParsedDocument]:
    """Parse several texts in one Stanza batch (faster than one by one);
    texts found in ``cache`` are not parsed again. ``ner=False`` skips the
    entity tagger (for speed measurements): such parses are never cached, as
    they would otherwise be served to callers that expect entity tags."""
    if not ner:
        cache = None
    name = model_id(settings)
    results: list[ParsedDocument | None] = [None] * len(texts)
    todo = []
    for i, text in enumerate(texts):
        if not text.strip():
            results[i] = ParsedDocument(text, (), name)
        elif cache is not None and (hit := cache.get(text, name)) is not None:
            results[i] = hit
        else:
            todo.append(i)
    if not todo:
        return results  # type: ignore[return-value]
    nlp = pipeline(settings)
    docs = segment(nlp, [texts[i] for i in todo])
    docs = nlp.process(docs, processors="pos,lemma,depparse" + (",ner" if ner and "ner" in nlp.processors else ""))
    for doc, i in zip(docs, todo):
        results[i] = ParsedDocument(texts[i], tuple(_sentences(doc, texts[i])), name)
        if cache is not None:
            cache.put(results[i])
    return results  # type: ignore[return-value]


def segment(nlp, texts: Sequence[str]) -> list:
    """Tokens, words and sentences of ``texts`` as the package sees them: Stanza's
    tokenizer and MWT expander on the line-softened text, then the sentence repairs.
    Returns Stanza Documents whose offsets point into ``texts``; training/evaluate_model.py
    scores sentence splitting through this same function."""
    # imported here: a fully cached run never pays for loading Stanza and torch
    from stanza.models.common.doc import Document

    prepared = [_soften_line_breaks(t) for t in texts]
    docs = nlp.process([Document([], text=t) for t in prepared], processors="tokenize,mwt")
    return [_repaired(d, text, prepared_text) for d, text, prepared_text in zip(docs, texts, prepared)]


def _soften_line_breaks(text: str) -> str:
    """Replace single newlines (and carriage returns) by spaces, keeping blank
    lines: the same length, so Stanza's offsets stay valid for ``text``."""
    keep = {m.start() for m in _BLANK_LINE.finditer(text)} | {m.end() - 1 for m in _BLANK_LINE.finditer(text)}
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch == "\r" or (ch == "\n" and i not in keep):
            chars[i] = " "
    return "".join(chars)


def _token_range(token: dict) -> tuple[int, int]:
    return token["start_char"], token["end_char"]


def _repaired(doc, text: str, prepared: str):
    """``doc`` with its sentence ends repaired; rebuilt only when a repair
    merged sentences (building a Stanza Document costs as much as the rules)."""
    from stanza.models.common.doc import Document

    sentences = doc.to_dict()
    repaired = _repair_sentences(sentences, text)
    return doc if len(repaired) == len(sentences) else Document(repaired, text=prepared)


def _repair_sentences(sentences: list[list[dict]], text: str) -> list[list[dict]]:
    """Undo the tokenizer's wrong sentence ends: after an ordinal date
    ("am 20. Oktober") and before a token that cannot start a sentence. A
    paragraph break always stays a boundary."""
    merged: list[list[dict]] = []
    for sentence in sentences:
        if merged and _continues(merged[-1], sentence, text):
            merged[-1] = merged[-1] + sentence
        else:
            merged.append(list(sentence))
    return [_renumber(s) for s in merged]


def _surface(sentence: list[dict]) -> list[dict]:
    """Tokens only (multi-word tokens stand for their words)."""
    return [t for t in sentence if "start_char" in t]


def _continues(previous: list[dict], sentence: list[dict], text: str) -> bool:
    last, first = _surface(previous)[-1], _surface(sentence)[0]
    gap = text[_token_range(last)[1]:_token_range(first)[0]]
    if _BLANK_LINE.search(gap.replace("\r", "")):
        return False
    last_text, first_text = text[slice(*_token_range(last))], text[slice(*_token_range(first))]
    if last_text == ";":
        # the tokenizer is trained to end a sentence at "; ", as the news annotation does
        # (64 of 78 in train); a lower-case word after it is no reason to join
        return False
    tokens = _surface(previous)
    if last_text == "." and len(tokens) > 1:
        last_text = text[slice(*_token_range(tokens[-2]))] + "."
    if _ORDINAL.match(last_text) and first_text.lower() in MONTHS:
        return True
    if last_text == ":" or all(not ch.isalnum() for t in _surface(sentence) for ch in text[slice(*_token_range(t))]):
        return True  # a colon announces what follows; a lone closing quote belongs before
    return bool(_CONTINUATION_START.match(first_text))


def _renumber(sentence: list[dict]) -> list[dict]:
    """Give a merged sentence consecutive word ids; multi-word ranges follow."""
    renumbered, next_id = [], 1
    for token in sentence:
        token = dict(token)
        tid = token["id"]
        if isinstance(tid, (tuple, list)) and len(tid) == 2:
            token["id"] = (next_id, next_id + tid[1] - tid[0])
        else:
            token["id"] = (next_id,) if isinstance(tid, (tuple, list)) else next_id
            next_id += 1
        renumbered.append(token)
    return renumbered


def _sentences(doc, text: str) -> Iterable[Sentence]:
    for index, sent in enumerate(doc.sentences):
        tokens, words = [], []
        for t_index, token in enumerate(sent.tokens):
            start, end = token.start_char, token.end_char
            tokens.append(Token(text[start:end], start, end, tuple(w.id for w in token.words)))
            for w in token.words:
                words.append(Word(
                    index=w.id, text=w.text, lemma=w.lemma or w.text, upos=w.upos or "X",
                    xpos=w.xpos or "", feats=w.feats or "", head=w.head or 0,
                    deprel=w.deprel or "dep", start=start, end=end, token=t_index,
                    ner=_entity_tag(token.ner),
                ))
        s_start, s_end = tokens[0].start, tokens[-1].end
        yield Sentence(index, s_start, s_end, text[s_start:s_end], tuple(tokens), tuple(words))


_NON_SPACE = re.compile(r"\S")


def symbol_sentence(text: str, start: int, end: int, index: int) -> Sentence:
    """The sentence of ``text[start:end]``, a stretch without letters or digits
    (quotation marks, dashes, symbols), built without the parser, which has
    nothing to read in it (see :mod:`provenance.chunking`): each non-space
    character a token and word of its own, as the parser splits quotation marks,
    PUNCT (``$,``, ``$.`` or ``$(`` as STTS has it) or SYM (``XY``) by its
    Unicode category, its own lemma, attached to the first word as ``punct``.
    Offsets are into ``text``."""
    import unicodedata

    tokens, words, seen = [], [], {}
    for k, mark in enumerate(_NON_SPACE.finditer(text, start, end)):
        at, ch = mark.start(), mark.group()
        ch = seen.setdefault(ch, ch)  # one string per distinct mark: a million marks are a few strings
        upos, xpos = ("PUNCT", _PUNCT_XPOS.get(ch, "$(")) if unicodedata.category(ch)[0] == "P" else ("SYM", "XY")
        tokens.append(Token(ch, at, at + 1, (k + 1,)))
        words.append(Word(index=k + 1, text=ch, lemma=ch, upos=upos, xpos=xpos, feats="", head=0 if k == 0 else 1,
                          deprel="root" if k == 0 else "punct", start=at, end=at + 1, token=k))
    s_start, s_end = tokens[0].start, tokens[-1].end
    return Sentence(index, s_start, s_end, text[s_start:s_end], tuple(tokens), tuple(words))


# STTS tags of punctuation: the comma, sentence-final marks, every other mark.
_PUNCT_XPOS = {",": "$,", ".": "$.", "!": "$.", "?": "$.", ";": "$.", ":": "$.", "…": "$."}


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named-entity mention found by the tagger: whole tokens, exact offsets."""

    start: int
    end: int
    type: str  # PER, ORG, LOC, OTH
    text: str


def entity_mentions(doc: ParsedDocument) -> list[EntityMention]:
    """The document's entity mentions, read off the BIOES tags of its tokens
    (the words of one token share its tag). A malformed run (an I or E without
    its B, a type change inside) is closed where it breaks, never joined
    across sentences."""
    mentions = []
    for sentence in doc.sentences:
        tags = ["O"] * len(sentence.tokens)
        for word in sentence.words:
            tags[word.token] = word.ner
        open_at, kind = None, None
        for i, tag in enumerate(tags + ["O"]):
            prefix, t = (tag[0], tag[2:]) if tag != "O" else ("O", None)
            if open_at is not None and (prefix in "BSO" or t != kind):
                mentions.append(_mention(doc.text, sentence, open_at, i, kind))
                open_at = None
            if open_at is None and prefix != "O":
                open_at, kind = i, t
            if prefix in "ES" and open_at is not None:
                mentions.append(_mention(doc.text, sentence, open_at, i + 1, kind))
                open_at = None
    return mentions


def _mention(text: str, sentence: Sentence, first: int, stop: int, kind: str) -> EntityMention:
    start, end = sentence.tokens[first].start, sentence.tokens[stop - 1].end
    return EntityMention(start, end, kind, text[start:end])


def _entity_tag(tag: str | None) -> str:
    """A token's BIOES tag over PER/ORG/LOC/OTH; anything else is "O"."""
    if not tag or tag == "O" or tag[1:2] != "-" or tag[0] not in "BIES":
        return "O"
    kind = ENTITY_TYPES.get(tag[2:])
    return f"{tag[0]}-{kind}" if kind else "O"


def download_official(directory: str | None = None) -> str:
    """Fetch Stanza's official German models; one clear line when offline."""
    import socket

    import stanza

    target = directory or _stanza_home()
    try:
        socket.create_connection(("raw.githubusercontent.com", 443), timeout=5).close()
    except OSError:
        raise ModelError("cannot download the official Stanza models: no network access (the bundled model works offline)") from None
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            stanza.download("de", model_dir=target, processors=PROCESSORS + ",ner", logging_level="ERROR")
    except Exception as exc:
        raise ModelError(f"cannot download the official Stanza models: {exc}") from None
    return target
