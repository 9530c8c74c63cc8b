"""Training the attribution model: reading training data, cross-validation
inside the training data, the choice of thresholds and the calibration.

Every choice is made on held-out folds of the training data (``folds``
folds by article, shuffled with a fixed ``seed``); a dev or test file is
never read here. The steps of :func:`train`:

1. parse every article (through the parse cache) and run the rules;
2. ``folds``-fold cross-validation: a labeller trained on the other folds
   labels each held-out article;
3. calibration: isotonic regression from the mean message marginal of each
   message the rules did not find to whether it meets a gold message
   (message token overlap F1 >= 0.5);
4. thresholds: the pair (``add_from``, ``drop_below``) from a small grid that
   gives the best official joint F1 over the held-out folds, then at that
   pair ``fix_from`` (claim boundaries), then ``speaker_below`` (sources);
5. the final labeller on all articles, with those thresholds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from provenance.config import Config, load_config
from provenance.errors import InputError
from provenance.evaluate import (
    FORM_TO_TYPE,
    MEDIUM_LETTERS,
    TYPES,
    GoldArticle,
    Quotation,
    load_gold,
    score,
)
from provenance.learned.decode import (
    Calibration,
    Thresholds,
    _word_range,
    revise,
    segments,
)
from provenance.learned.model import AttributionModel, CRFSettings, prepared
from provenance.records import ParsedDocument
from provenance.rules import Finding

GENRES = ("news", "debate")
ADD_GRID = (0.2, 0.35, 0.5, 0.65, 0.8, 1.01)  # 1.01: add nothing
DROP_GRID = (0.0, 0.05, 0.1, 0.2)  # 0: drop nothing
FIX_GRID = (0.6, 0.8, 0.9, 0.95, 1.01)  # 1.01: move no boundary
SPEAKER_GRID = (0.1, 0.3, 0.5, 0.7)  # and 0: replace no rule's source
CORRECT_OVERLAP = 0.5


# --- training data ------------------------------------------------------------


def load_training_data(paths: Sequence[str | Path], genre: str = "news", config: Config | None = None) -> list[GoldArticle]:
    """Gold articles from WIKINEWS JSON/JSONL, the project's own
    ``provenance.article/1`` JSON/JSONL, or (genre ``debate``) SpkAtt-2023."""
    if genre not in GENRES:
        raise InputError(f"unknown genre {genre!r} (one of {', '.join(GENRES)})")
    out: list[GoldArticle] = []
    for path in map(Path, paths):
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        kind = data_format(path)
        if kind == "spkatt":
            try:
                from provenance.spkatt import load_spkatt  # written by the debate lane
            except ImportError:
                raise InputError(f"{path}: SpkAtt-2023 data needs provenance.spkatt, which this version lacks") from None
            out.extend(load_spkatt([path]))
        elif kind == "wikinews":
            out.extend(load_gold(path) if path.suffix == ".jsonl" else _wikinews_json(path))
        else:
            out.extend(from_articles(path, config or load_config()))
    if not out:
        raise InputError("the training data holds no article")
    return out


def _records(path: Path) -> list[dict]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    try:
        if path.suffix == ".jsonl":
            return [json.loads(line) for line in raw.splitlines() if line.strip()]
        data = json.loads(raw)
    except ValueError as exc:
        raise InputError(f"{path}: not JSON: {str(exc).splitlines()[0]}") from None
    return data if isinstance(data, list) else [data]


def data_format(path: Path) -> str:
    """"wikinews", "article" (provenance.article/1) or "spkatt", from the
    first record of a file (a directory is SpkAtt's layout)."""
    if path.is_dir():
        return "spkatt"
    with path.open(encoding="utf-8", errors="replace") as lines:
        head = lines.read(4096)
    if '"originalText"' in head:
        return "wikinews"
    if "provenance.article/1" in head:
        return "article"
    if '"Sentences"' in head and '"Tokens"' in head:  # SpkAtt-2023 task 1, one speech a file
        return "spkatt"
    raise InputError(f"{path}: neither WIKINEWS, provenance.article/1 nor SpkAtt-2023 data")


def _wikinews_json(path: Path) -> list[GoldArticle]:
    from provenance.evaluate.gold import GoldFormatError, _parse_article

    out = []
    for n, record in enumerate(_records(path), 1):
        try:
            out.append(_parse_article(record, str(n)))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise GoldFormatError(f"{path.name}, record {n}: malformed gold article: {exc}") from None
    return out


def from_articles(path: Path, config: Config) -> list[GoldArticle]:
    """``provenance.article/1`` records (``analyze --format json|jsonl``, maybe
    corrected by hand) as gold articles: the text is tokenised by the parse,
    and each top-level attribution is a quotation over those tokens. The text
    is the record's ``text`` (or ``article.text``) when it has one, else the
    file its ``article.path`` names, read as ``analyze`` reads it; every span
    must still fit that text."""
    from provenance import chunking

    records = _records(path)
    texts, items = [], []
    for n, record in enumerate(records, 1):
        if not isinstance(record, dict) or record.get("schema") != "provenance.article/1":
            raise InputError(f"{path}, record {n}: not a provenance.article/1 record")
        article = record.get("article") or {}
        text = record.get("text", article.get("text"))
        if text is None and article.get("path"):
            text = _text_at(path.parent, str(article["path"]), config)
        if not isinstance(text, str):
            raise InputError(f"{path}, record {n}: no article text (neither 'text' nor a readable 'article.path')")
        for a in record.get("attributions") or ():
            claim = (a or {}).get("claim") or {}
            if text[claim.get("start", 0):claim.get("end", 0)] != claim.get("text"):
                raise InputError(f"{path}, record {n}: the claim {claim.get('start')}-{claim.get('end')} "
                                 "does not fit the article text")
        texts.append(text)
        items.append((str(article.get("id") or n), record))
    docs = chunking.parse_texts(texts, config.settings)
    out = []
    for (id, record), text, doc in zip(items, texts, docs):
        tokens = tuple((t.start, t.end) for s in doc.sentences for t in s.tokens)
        try:
            quotations = tuple(_quotation(a, text, tokens) for a in record.get("attributions") or ()
                               if a.get("via") is None)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}, article {id}: malformed attribution: {exc}") from None
        out.append(GoldArticle(id, text, tokens, quotations))
    return out


def _text_at(base: Path, name: str, config: Config) -> str | None:
    from provenance.inputs import read_articles

    candidate = Path(name) if Path(name).is_absolute() or Path(name).exists() else base / name
    if not candidate.is_file():
        return None
    for item in read_articles([str(candidate)], limits=config.settings.limits):
        if not isinstance(item, InputError):
            return item.text
    return None


def _quotation(a: dict, text: str, tokens: Sequence[tuple[int, int]]) -> Quotation:
    def ids(spans) -> frozenset[int]:
        out = set()
        for s in spans:
            if s is None:
                continue
            start, end = int(s["start"]), int(s["end"])
            if not 0 <= start <= end <= len(text):
                raise ValueError(f"span {start}-{end} outside the text")
            out.update(i for i, (b, e) in enumerate(tokens) if text[max(b, start):min(e, end)].strip())
        return frozenset(out)

    cue = a.get("cue") or {}
    medium = a.get("medium")
    return Quotation(message=ids([a["claim"]]), cue=ids(cue.get("spans") or ()), speaker=ids([a.get("source")]),
                     frame=ids([a.get("frame")]), addressee=ids([a.get("addressee")]),
                     type=FORM_TO_TYPE.get(a.get("form")),
                     medium=frozenset(MEDIUM_LETTERS[medium]) if medium in MEDIUM_LETTERS else frozenset())


# --- scoring findings (as ``analysis.attribute`` would turn them into output) ----------


def quotations_of(doc: ParsedDocument, findings: Sequence[Finding], gold: GoldArticle, config: Config) -> list[Quotation]:
    """The top-level quotations the output would hold, over the gold tokens
    (as ``evaluate.quotations_from_result`` counts them), speaker spans
    completed as ``analysis.attribute`` completes them."""
    from provenance.sources import lexicon_for
    from provenance.sources.repair import complete_sources

    text, tokens = doc.text, gold.tokens

    def ids(spans) -> frozenset[int]:
        return frozenset(i for s in spans if s is not None for i, (b, e) in enumerate(tokens)
                         if text[max(b, s.start):min(e, s.end)].strip())

    return [Quotation(message=ids([f.claim]), cue=ids(f.cue.spans if f.cue else ()), speaker=ids([f.source]),
                      frame=ids([f.frame]), addressee=ids([f.addressee]), type=FORM_TO_TYPE.get(f.form),
                      medium=frozenset(MEDIUM_LETTERS[f.medium]) if f.medium in MEDIUM_LETTERS else frozenset())
            for f in complete_sources(doc, findings, lexicon_for(config)) if f.relayed_by is None]


@dataclass(frozen=True, slots=True)
class Figures:
    """Official (macro) message, joint and speaker-role F1 and recall by type, in percent."""

    messages: float
    joint: float
    joint_precision: float
    joint_recall: float
    recall_by_type: dict[str, float]
    speaker: float = 0.0

    def to_dict(self) -> dict:
        return {"messages_f1": self.messages, "joint_f1": self.joint, "joint_precision": self.joint_precision,
                "joint_recall": self.joint_recall, "speaker_f1": self.speaker, "recall_by_type": self.recall_by_type}


def figures(golds: Sequence[GoldArticle], docs: Sequence[ParsedDocument], findings: Sequence[Sequence[Finding]],
            config: Config) -> Figures:
    report = score([(g, quotations_of(d, f, g, config)) for g, d, f in zip(golds, docs, findings)])
    o = report.official

    def pct(x: float | None) -> float:
        return round(100 * (x or 0.0), 2)

    return Figures(pct(o.messages.f1), pct(o.joint.f1), pct(o.joint.precision), pct(o.joint.recall),
                   {t.type: pct(t.quotation_recall) for t in report.by_type if t.type in TYPES},
                   pct(dict(o.per_role)["speaker"].f1))


# --- cross-validation -----------------------------------------------------------


def fold_of(n: int, folds: int, seed: int) -> list[int]:
    """The fold of each of ``n`` articles: a seeded shuffle, dealt round robin."""
    order = np.random.default_rng(seed).permutation(n)
    fold = [0] * n
    for rank, k in enumerate(order):
        fold[int(k)] = rank % folds
    return fold


@dataclass
class HeldOut:
    """The labeller's output on one held-out article."""

    pos: list
    features: list
    labels: list
    marginals: list


def cross_labels(golds, docs, findings, config: Config, folds: int, seed: int, settings: CRFSettings,
                 log: Callable[[str], None] = lambda _: None) -> list[HeldOut]:
    fold = fold_of(len(golds), folds, seed)
    out: list[HeldOut | None] = [None] * len(golds)
    for k in range(folds):
        train = [i for i in range(len(golds)) if fold[i] != k]
        started = time.monotonic()
        model = AttributionModel(crf_settings=settings).fit(
            [golds[i] for i in train], [docs[i] for i in train], [findings[i] for i in train], config)
        for i in range(len(golds)):
            if fold[i] == k:
                out[i] = HeldOut(*model.label(docs[i], findings[i], config))
        log(f"fold {k + 1}/{folds}: trained on {len(train)} articles in {time.monotonic() - started:.0f} s")
    return out  # type: ignore[return-value]


def calibrate(golds, docs, findings, held: Sequence[HeldOut]) -> Calibration:
    """Isotonic regression of 'meets a gold message' on the mean marginal of
    the messages the labeller would add (those no rule claim touches)."""
    from sklearn.isotonic import IsotonicRegression

    xs, ys = [], []
    for gold, doc, found, h in zip(golds, docs, findings, held):
        if not h.pos:
            continue
        claimed = {j for f in found for j in _word_range(h.pos, f.claim)}
        golden = [q.message for q in gold.quotations if not q.nested and q.message]
        from provenance.learned.labels import word_tokens
        tokens = word_tokens(gold, h.pos)
        for s in segments(h.labels, h.marginals, h.pos):
            if claimed & set(s.words):
                continue
            toks = frozenset().union(*(tokens[k] for k in s.words))
            best = max((2 * len(toks & g) / (len(toks) + len(g)) for g in golden if toks), default=0.0)
            xs.append(s.probability)
            ys.append(1.0 if best >= CORRECT_OVERLAP else 0.0)
    if len(set(ys)) < 2:
        return Calibration((), ())
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(xs, ys)
    return Calibration(tuple(float(x) for x in iso.X_thresholds_), tuple(float(y) for y in iso.y_thresholds_))


def revised_all(golds, docs, findings, held, config, thresholds, calibration) -> list[list[Finding]]:
    return [revise(d, f, h.pos, h.labels, h.marginals, h.features, config, thresholds, calibration)
            if h.pos else list(f) for d, f, h in zip(docs, findings, held)]


def choose_thresholds(golds, docs, findings, held, config: Config, calibration: Calibration):
    """The thresholds with the best held-out official joint F1 (ties: the
    better message F1, then the more cautious thresholds): ``add_from`` and
    ``drop_below`` on their grid, then ``fix_from`` at the best pair."""
    grid: list[dict] = []

    def trial(thresholds: Thresholds):
        fig = figures(golds, docs, revised_all(golds, docs, findings, held, config, thresholds, calibration), config)
        grid.append({**asdict(thresholds), **fig.to_dict()})
        return (fig.joint, fig.messages, thresholds.add_from, -thresholds.drop_below, thresholds.fix_from,
                -thresholds.speaker_below), fig

    best = max((trial(Thresholds(add, drop)) + (Thresholds(add, drop),) for add in ADD_GRID for drop in DROP_GRID),
               key=lambda t: t[0])
    pair = best[2]
    fixed = max([best] + [trial(Thresholds(pair.add_from, pair.drop_below, fix)) +
                          (Thresholds(pair.add_from, pair.drop_below, fix),) for fix in FIX_GRID if fix <= 1.0],
                key=lambda t: t[0])
    chosen = fixed[2]
    fixed = max([fixed] + [trial(replace(chosen, speaker_below=b)) + (replace(chosen, speaker_below=b),)
                           for b in SPEAKER_GRID], key=lambda t: t[0])
    return fixed[2], fixed[1], grid


@dataclass
class TrainingResult:
    model: AttributionModel
    rules_cv: Figures
    learned_cv: Figures
    grid: list[dict]


def train(golds: Sequence[GoldArticle], genre: str = "news", config: Config | None = None, folds: int = 5,
          seed: int = 13, settings: CRFSettings = CRFSettings(), data: str = "", licence: str = "",
          log: Callable[[str], None] = lambda _: None) -> TrainingResult:
    """Cross-validate, calibrate, choose the thresholds and train the final
    model on all of ``golds`` (see the module docstring)."""
    config = config or load_config()
    started = time.monotonic()
    docs, findings = prepared(golds, None, None, config)
    log(f"parsed and ran the rules on {len(golds)} articles in {time.monotonic() - started:.0f} s")
    folds = max(2, min(folds, len(golds)))
    held = cross_labels(golds, docs, findings, config, folds, seed, settings, log)
    calibration = calibrate(golds, docs, findings, held)
    rules = figures(golds, docs, findings, config)
    thresholds, learned, grid = choose_thresholds(golds, docs, findings, held, config, calibration)
    log(f"cross-validated: rules joint {rules.joint}, learned joint {learned.joint} "
        f"(add from {thresholds.add_from}, drop below {thresholds.drop_below}, fix from {thresholds.fix_from}, speaker below {thresholds.speaker_below})")
    model = AttributionModel(crf_settings=settings, thresholds=thresholds, calibration=calibration)
    model.fit(golds, docs, findings, config)
    model.info = {
        "genre": genre, "data": data, "articles": len(golds), "licence": licence,
        "folds": folds, "seed": seed, "training_seconds": round(time.monotonic() - started),
        "cross_validated": {"rules": rules.to_dict(), "rules+learned": learned.to_dict()},
    }
    log(f"trained the final model in {time.monotonic() - started:.0f} s overall")
    return TrainingResult(model, rules, learned, grid)


LICENCES = {"wikinews": "CC BY-NC-SA 4.0 (derivative of the WIKINEWS quotation data)",
            "spkatt": "CC BY-SA 4.0 (derivative of the SpkAtt-2023 data)",
            "article": "as the licence of the articles and corrections it was trained on"}


def train_to(paths: Sequence[str | Path], genre: str, output: str | Path, config: Config | None = None,
             folds: int = 5, seed: int = 13, settings: CRFSettings = CRFSettings(),
             log: Callable[[str], None] = lambda _: None) -> TrainingResult:
    """``provenance train``: read the data, train (cross-validating inside it),
    save the model to ``output`` with the cross-validation grid beside it."""
    config = config or load_config()
    golds = load_training_data(paths, genre, config)
    kinds = sorted({data_format(Path(p)) for p in paths})
    result = train(golds, genre, config, folds, seed, settings,
                   data=", ".join(Path(p).name for p in paths),
                   licence="; ".join(LICENCES[k] for k in kinds), log=log)
    target = result.model.save(output)
    (target / "cross_validation.json").write_text(
        json.dumps({"rules": result.rules_cv.to_dict(), "rules+learned": result.learned_cv.to_dict(),
                    "grid": result.grid}, indent=2) + "\n", encoding="utf-8")
    return result
