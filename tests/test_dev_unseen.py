"""Dev stays unseen: no name, rare word or sentence of the WIKINEWS dev split
may appear in the rule layer, its configuration or the tests.

Dev is only measured; an example taken from it turns its figures into
training figures. The check compares with train, which may be quoted: a
word counts as dev-only when it is capitalised (a name or a noun, where
dev-only words are mostly names), has at least four letters, occurs in dev
and occurs in train in no spelling (so sentence-initial capitals of ordinary
words do not count); a run of five words counts when dev has it and train
does not (a dev sentence quoted word for word). Ordinary lower-case German
words are not checked: a verb lexicon must be free to list "aufrufen" even
if only dev happens to use it.

Python files are checked in their strings and comments only (identifiers
are code, not examples); YAML files in full. ``configs/outlets.yaml`` is
exempt: real outlet names belong in the gazetteer. The seed article counts
as train: it is the project's own material.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "wikinews-quotes"
CHECKED = ["provenance/rules*.py", "provenance/rules/**/*.py", "provenance/sources/**/*.py",
           "configs/cues.yaml", "configs/pipeline.yaml", "configs/sources.yaml", "tests/*.py"]
# The seed article is the project's own material, quoted on purpose; a word of it
# that dev happens to share (and train does not) is no dev example.
SEEDS = ROOT / "seeds"
WORD = re.compile(r"[^\W\d_]+")
RUN = 5  # words in a row that make a quoted sentence
MIN_LETTERS = 4


def _texts(split: str) -> list[str]:
    path = DATA / f"{split}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["originalText"] for line in lines if line.strip()]


@cache
def _vocabulary() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """Dev-only capitalised words and dev-only runs of RUN lower-cased words."""
    dev, train = _texts("dev"), _texts("train") + [p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")]
    train_words = {w.lower() for text in train for w in WORD.findall(text)}
    words = frozenset(w for text in dev for w in WORD.findall(text)
                      if len(w) >= MIN_LETTERS and w[0].isupper() and w.lower() not in train_words)
    train_runs = {run for text in train for run in _runs(text)}
    runs = frozenset(run for text in dev for run in _runs(text) if run not in train_runs)
    return words, runs


def _runs(text: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in re.findall(r"\w+", text)]
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def _prose(path: Path) -> list[tuple[int, str]]:
    """(line, text) of what a file says in words: strings and comments of
    Python code, every line of YAML."""
    source = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return list(enumerate(source.splitlines(), start=1))
    kinds = {tokenize.STRING, tokenize.COMMENT} | ({tokenize.FSTRING_MIDDLE} if hasattr(tokenize, "FSTRING_MIDDLE") else set())
    return [(token.start[0], token.string) for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type in kinds]


def _checked_files() -> list[Path]:
    found = {p for pattern in CHECKED for p in ROOT.glob(pattern) if p.is_file()}
    return sorted(found)


def dev_only_findings(path: Path, root: Path = ROOT) -> list[str]:
    words, runs = _vocabulary()
    findings = []
    pieces = _prose(path)
    for line, text in pieces:
        for word in WORD.findall(text):
            if word in words:
                findings.append(f"{path.relative_to(root)}:{line}: dev-only word '{word}'")
    # a sentence may run across lines and strings: read the file's prose as one text
    joined = [(line, w.lower()) for line, text in pieces for w in re.findall(r"\w+", text)]
    reported = set()
    for i in range(len(joined) - RUN + 1):
        run = tuple(w for _, w in joined[i:i + RUN])
        if run in runs and run not in reported:
            reported.add(run)
            findings.append(f"{path.relative_to(root)}:{joined[i][0]}: dev sentence quoted: '{' '.join(run)}'")
    return findings


def test_no_dev_example_in_rules_configuration_or_tests():
    findings = [f for path in _checked_files() for f in dev_only_findings(path)]
    assert not findings, ("dev data seen outside measurement; replace these by train or invented examples:\n"
                          + "\n".join(findings))


def test_the_check_catches_a_dev_name_and_a_dev_sentence(tmp_path: Path):
    """The check can fail: a dev-only name and a quoted dev sentence are found,
    an ordinary sentence is not."""
    words, runs = _vocabulary()
    assert words and runs
    name = min(words)
    sentence = " ".join(min(runs))
    probe = tmp_path / "probe.yaml"
    probe.write_text(f"# an example: {name}\n# quoted: {sentence}\n# ordinary: Der Minister sagte, "
                     "die Steuern würden steigen.\n", encoding="utf-8")
    findings = dev_only_findings(probe, root=tmp_path)
    assert any(f"'{name}'" in f for f in findings)
    assert any(sentence in f for f in findings)
    assert not any(":3:" in f for f in findings)
