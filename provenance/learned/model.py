"""The learned attribution layer as one object with explicit state, in the
manner of scikit-learn: ``AttributionModel(...).fit(golds, docs, findings)``,
``.revise(doc, findings)``, ``.save(dir)``, :func:`load`.

State on disk (no pickle: a model file must not be able to run code):

- ``labeller.crfsuite``: the CRF, in CRFsuite's own binary format;
- ``model.json``: format version, labels, CRF settings, the decision
  thresholds, the isotonic calibration, and the model's card data (genre,
  training data, licence, scores).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from provenance.config import Config, load_config
from provenance.errors import ProvenanceError
from provenance.evaluate import GoldArticle
from provenance.learned.decode import Calibration, Thresholds, revise
from provenance.learned.features import document_features, positions
from provenance.learned.labels import LABELS, word_labels
from provenance.records import ParsedDocument
from provenance.rules import Finding

FORMAT = 1
MODEL_FILE = "labeller.crfsuite"
STATE_FILE = "model.json"


class ModelError(ProvenanceError):
    """A model directory that cannot be read or used."""


@dataclass(frozen=True, slots=True)
class CRFSettings:
    c1: float = 0.05  # L1: keeps the model small (most feature weights become 0)
    c2: float = 0.05  # L2
    max_iterations: int = 120


@dataclass
class AttributionModel:
    """A CRF over the words of a document, with the rule outputs among its
    features, and the thresholds that decide how it revises the rules."""

    crf_settings: CRFSettings = field(default_factory=CRFSettings)
    thresholds: Thresholds = field(default_factory=lambda: Thresholds(add_from=0.5, drop_below=0.0))
    calibration: Calibration = field(default_factory=lambda: Calibration((), ()))
    info: dict = field(default_factory=dict)  # genre, data, licence, scores: what `models info` shows
    _crf: object | None = None
    _directory: Path | None = None

    # --- training --------------------------------------------------------

    def fit(self, golds: Sequence[GoldArticle], docs: Sequence[ParsedDocument] | None = None,
            findings: Sequence[Sequence[Finding]] | None = None, config: Config | None = None) -> AttributionModel:
        """Train the labeller on gold articles; ``docs`` (their parses) and
        ``findings`` (the rules' output on them) are computed when not given."""
        import sklearn_crfsuite

        config = config or load_config()
        docs, findings = prepared(golds, docs, findings, config)
        xs, ys = [], []
        for gold, doc, found in zip(golds, docs, findings):
            pos = positions(doc)
            if not pos:
                continue
            xs.append(document_features(doc, found, config))
            ys.append(word_labels(gold, pos))
        self._directory = Path(tempfile.mkdtemp(prefix="provenance-model-"))
        crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=self.crf_settings.c1, c2=self.crf_settings.c2,
                                   max_iterations=self.crf_settings.max_iterations,
                                   all_possible_transitions=True,
                                   model_filename=str(self._directory / MODEL_FILE))
        crf.fit(xs, ys)
        self._crf = crf
        return self

    # --- use -------------------------------------------------------------

    @property
    def fitted(self) -> bool:
        return self._crf is not None

    def label(self, doc: ParsedDocument, findings: Sequence[Finding], config: Config):
        """Positions, features, Viterbi labels and marginals of one document."""
        if self._crf is None:
            raise ModelError("the attribution model is not trained")
        pos = positions(doc)
        if not pos:
            return pos, [], [], []
        features = document_features(doc, findings, config)
        tagger = self._crf.tagger_
        from pycrfsuite import ItemSequence

        tagger.set(ItemSequence(features))
        labels = tagger.tag()
        names = tagger.labels()
        marginals = [{name: tagger.marginal(name, k) for name in names} for k in range(len(pos))]
        return pos, features, labels, marginals

    def revise(self, doc: ParsedDocument, findings: Sequence[Finding], config: Config | None = None,
               thresholds: Thresholds | None = None, calibration: Calibration | None = None) -> list[Finding]:
        """The rule findings of ``doc`` revised: rule claims the labeller sees
        no message in dropped, messages the rules missed added."""
        config = config or load_config()
        pos, features, labels, marginals = self.label(doc, findings, config)
        if not pos:
            return list(findings)
        return revise(doc, findings, pos, labels, marginals, features, config,
                      thresholds or self.thresholds, calibration or self.calibration)

    # --- state -------------------------------------------------------------

    def save(self, directory: str | Path) -> Path:
        if self._crf is None or self._directory is None:
            raise ModelError("the attribution model is not trained")
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        if (self._directory / MODEL_FILE).resolve() != (target / MODEL_FILE).resolve():
            shutil.copyfile(self._directory / MODEL_FILE, target / MODEL_FILE)
        state = {"format": FORMAT, "labels": list(LABELS), "crf": asdict(self.crf_settings),
                 "thresholds": asdict(self.thresholds),
                 "calibration": {"x": list(self.calibration.x), "y": list(self.calibration.y)},
                 "info": self.info}
        (target / STATE_FILE).write_text(json.dumps(state, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return target


def load(directory: str | Path) -> AttributionModel:
    """A model saved with :meth:`AttributionModel.save`."""
    import sklearn_crfsuite

    base = Path(directory)
    state_path, model_path = base / STATE_FILE, base / MODEL_FILE
    if not state_path.is_file() or not model_path.is_file():
        raise ModelError(f"{base}: not an attribution model (needs {STATE_FILE} and {MODEL_FILE})")
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        if not isinstance(state, dict):
            raise ValueError("not a JSON object")
        if state.get("format") != FORMAT:
            raise ValueError(f"format {state.get('format')!r}, this version reads {FORMAT}")
        if tuple(state["labels"]) != LABELS:
            raise ValueError("its labels are not this version's")
        model = AttributionModel(
            crf_settings=CRFSettings(**state["crf"]), thresholds=Thresholds(**state["thresholds"]),
            calibration=Calibration(tuple(state["calibration"]["x"]), tuple(state["calibration"]["y"])),
            info=dict(state.get("info") or {}))
        _check_state(model)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{state_path}: cannot read the attribution model: {str(exc).splitlines()[0]}") from None
    model._crf = sklearn_crfsuite.CRF(model_filename=str(model_path))
    model._directory = base
    try:
        model._crf.tagger_  # opens the file: a damaged one fails here, not at the first article
    except (OSError, ValueError) as exc:
        raise ModelError(f"{model_path}: cannot open the labeller: {exc}") from None
    return model


def _check_state(model: AttributionModel) -> None:
    """Thresholds and calibration in the ranges decoding reads them in: a
    hand-edited or damaged model.json is refused, not decoded into nonsense."""
    t = model.thresholds
    # a threshold above 1 (the grid's 1.01) switches its decision off
    for name, value in (("add_from", t.add_from), ("drop_below", t.drop_below), ("fix_from", t.fix_from),
                        ("speaker_below", t.speaker_below)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1.01:
            raise ValueError(f"thresholds.{name} is {value!r}, not a number from 0 to 1.01")
    x, y = model.calibration.x, model.calibration.y
    if len(x) != len(y) or any(not 0 <= v <= 1 for v in (*x, *y)) or list(x) != sorted(x):
        raise ValueError("calibration: x and y must be equally long, x ascending, all from 0 to 1")


def prepared(golds: Sequence[GoldArticle], docs: Sequence[ParsedDocument] | None,
             findings: Sequence[Sequence[Finding]] | None, config: Config):
    """The parses and rule findings of ``golds``, computed where not given."""
    from provenance import chunking
    from provenance.rules import find_attributions

    if docs is None:
        docs = chunking.parse_texts([g.text for g in golds], config.settings)
    if findings is None:
        findings = [find_attributions(doc, config) for doc in docs]
    return list(docs), list(findings)


def info_of(model: AttributionModel) -> Mapping[str, object]:
    return dict(model.info)
