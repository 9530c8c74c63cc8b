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
from pathlib import Path

from provenance.cache import ParseCache
from provenance.config import ModelSettings
from provenance.errors import ModelError
from provenance.records import ParsedDocument, Sentence, Token, Word

BUNDLED_MODEL_DIR = Path(__file__).resolve().parent / "models" / "de"
PROCESSORS = "tokenize,mwt,pos,lemma,depparse"
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
        "scores": _bundled_scores() if settings.source == "bundled" else {},
    }


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
    else:
        directory = Path(settings.dir or _stanza_home())
        if not (directory / "resources.json").is_file():
            raise ModelError(
                f"no official Stanza models in {directory}: run 'provenance models download' while online"
            )
        kwargs = dict(dir=str(directory), package=settings.package)
    try:
        # The bundled model dir holds a resources.json of "{}", so Stanza
        # finds nothing to fetch; download_method=None forbids it anyway.
        with contextlib.redirect_stderr(io.StringIO()):
            return stanza.Pipeline(
                lang="de", processors=PROCESSORS, download_method=None,
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


def parse_many(texts: Sequence[str], settings: ModelSettings = ModelSettings(),
               cache: ParseCache | None = None) -> list[ParsedDocument]:
    """Parse several texts in one Stanza batch (faster than one by one);
    texts found in ``cache`` are not parsed again."""
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
    # imported here: a fully cached run never pays for loading Stanza and torch
    from stanza.models.common.doc import Document

    nlp = pipeline(settings)
    prepared = [_soften_line_breaks(texts[i]) for i in todo]
    docs = nlp.process([Document([], text=t) for t in prepared], processors="tokenize,mwt")
    docs = [_repaired(d, texts[i], prepared_text) for d, i, prepared_text in zip(docs, todo, prepared)]
    docs = nlp.process(docs, processors="pos,lemma,depparse")
    for doc, i in zip(docs, todo):
        results[i] = ParsedDocument(texts[i], tuple(_sentences(doc, texts[i])), name)
        if cache is not None:
            cache.put(results[i])
    return results  # type: ignore[return-value]


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
                ))
        s_start, s_end = tokens[0].start, tokens[-1].end
        yield Sentence(index, s_start, s_end, text[s_start:s_end], tuple(tokens), tuple(words))


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
            stanza.download("de", model_dir=target, processors=PROCESSORS, logging_level="ERROR")
    except Exception as exc:
        raise ModelError(f"cannot download the official Stanza models: {exc}") from None
    return target
