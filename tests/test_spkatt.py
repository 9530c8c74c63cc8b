"""The SpkAtt-2023 task-1 reader and metric on a small invented speech in the
task's format (figures worked by hand), eval on that format on the command
line, and the fixed held-out split of the real training data (skipped when
../shared is absent)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from provenance import spkatt
from provenance.cli import app
from provenance.evaluate import Quotation, score_spkatt

from conftest import SHARED_DATA

SPKATT_TRAIN = SHARED_DATA / "spkatt-2023" / "train"

# Invented: "Frau Präsidentin! Ich glaube, dass der Antrag falsch ist. Wir lehnen den Antrag ab."
SPEECH = {
    "Sentences": [
        {"SentenceId": 0, "Tokens": ["Frau", "Präsidentin", "!"]},
        {"SentenceId": 1, "Tokens": ["Ich", "glaube", ",", "dass", "der", "Antrag", "falsch", "ist", "."]},
        {"SentenceId": 2, "Tokens": ["Wir", "lehnen", "den", "Antrag", "ab", "."]},
    ],
    "Annotations": [
        {"Cue": ["1:1"], "Source": ["1:0"], "Message": ["1:3", "1:4", "1:5", "1:6", "1:7"], "Addr": [],
         "Topic": [], "Medium": [], "Evidence": [], "PTC": []},
        {"Cue": ["2:1"], "PTC": ["2:4"], "Source": ["2:0"], "Message": ["2:2", "2:3"], "Addr": [],
         "Topic": [], "Medium": [], "Evidence": []},
        {"Cue": ["1:5"], "Source": [], "Message": [], "Addr": [], "Topic": [], "Medium": [], "Evidence": [],
         "PTC": []},
    ],
}
TEXT = "Frau Präsidentin! Ich glaube, dass der Antrag falsch ist. Wir lehnen den Antrag ab."


def ids(*values: int) -> frozenset[int]:
    return frozenset(values)


def test_text_is_rebuilt_with_german_spacing_and_offsets_fit():
    article = spkatt.parse_speech(SPEECH, "rede")
    assert article.text == TEXT
    words = [t for s in SPEECH["Sentences"] for t in s["Tokens"]]
    assert [article.text[b:e] for b, e in article.tokens] == words


def test_quotes_brackets_and_slashes_are_spaced_as_german_is_set():
    text, offsets = spkatt.rebuild_text([["Die", "CDU", "/", "CSU", "sagte", ":", "„", "Nein", "“", "(", "laut", ")",
                                          "-", "so", "…", "ist", "es", "."]])
    assert text == "Die CDU/CSU sagte: „Nein“ (laut) - so … ist es."
    assert text[offsets[6][0]:offsets[6][1]] == "„" and text[offsets[7][0]:offsets[7][1]] == "Nein"


def test_roles_map_onto_our_schema():
    first, second, third = spkatt.parse_speech(SPEECH, "rede").quotations
    # global token positions: sentence 0 holds 0-2, sentence 1 holds 3-11, sentence 2 holds 12-17
    assert (first.cue, first.speaker, first.message) == (ids(4), ids(3), ids(6, 7, 8, 9, 10))
    assert second.cue == ids(13, 16)  # "lehnen … ab": the particle (PTC) is part of our cue
    assert dict(second.extra) == {"PTC": ids(16)}
    assert (third.cue, third.message, third.speaker) == (ids(8), frozenset(), frozenset())
    assert first.type is None and first.medium == frozenset()


def test_malformed_speech_is_one_clear_error(tmp_path):
    bad = json.loads(json.dumps(SPEECH))
    bad["Annotations"][0]["Source"] = ["7:0"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json: malformed SpkAtt speech: role Source cites unknown token"):
        spkatt.load_spkatt(path)


def test_metric_by_hand():
    gold = spkatt.parse_speech(SPEECH, "rede")
    system = [
        Quotation(message=ids(6, 7, 8, 9), cue=ids(4), speaker=ids(3)),  # message one token short
        Quotation(message=ids(14, 15), cue=ids(13), speaker=ids(12), addressee=ids(0, 1)),  # particle missed, addressee wrong
        Quotation(message=ids(10), cue=ids(9)),  # a false hit: its cue overlaps no gold cue
    ]
    s = score_spkatt([(gold, system)])
    # groups: (s1, g1), (s2, g2) paired by cue; g3 unpaired; s3 unpaired
    assert (s.groups, s.pairs, s.gold, s.system) == (4, 2, 3, 3)
    # cue: P over s1, s2, s3 = 1, 1, 0; R over g1, g2, g3 = 1, 1/2, 0
    assert s.cue.precision == pytest.approx(2 / 3) and s.cue.recall == pytest.approx(1 / 2)
    assert s.cue.f1 == pytest.approx(4 / 7)
    # roles: P values source 1, message 1 (s1); source 1, message 1, addr 0 (s2); message 0 (s3)
    # R values source 1, message 4/5 (g1); source 1, message 1 (g2)
    assert s.roles.precision == pytest.approx(4 / 6) and s.roles.recall == pytest.approx(19 / 20)
    joint_p, joint_r = Fraction(6, 9), Fraction(1 + Fraction(1, 2) + 0 + 1 + Fraction(4, 5) + 1 + 1, 7)
    assert s.joint.precision == pytest.approx(float(joint_p)) and s.joint.recall == pytest.approx(float(joint_r))
    assert s.joint.f1 == pytest.approx(float(2 * joint_p * joint_r / (joint_p + joint_r)))
    # no Topic, Medium or Evidence anywhere: the mapped figures equal the full ones
    assert s.mapped_joint == s.joint
    assert dict(s.per_role)["Addr"].precision == 0.0 and dict(s.per_role)["Addr"].recall is None


def test_gold_roles_beyond_our_schema_are_misses():
    speech = json.loads(json.dumps(SPEECH))
    speech["Annotations"][2]["Topic"] = ["1:4"]
    gold = spkatt.parse_speech(speech, "rede")
    perfect = [Quotation(message=q.message, cue=q.cue, speaker=q.speaker) for q in gold.quotations]
    s = score_spkatt([(gold, perfect)])
    assert s.cue.f1 == 1.0 and s.mapped_joint.f1 == 1.0
    assert dict(s.per_role)["Topic"].recall == 0.0 and s.roles.recall < 1.0


def test_speaker_from_the_file_name():
    assert spkatt.speech_metadata("19150_Tagesordnungspunkt_23_AfD_von_Storch_ID1915000500_06.03.2020.json") == (
        "von Storch", "AfD", "06.03.2020")
    assert spkatt.speech_metadata("19231_Tagesordnungspunkt_14_AfD_Muenzenmaier_ID1923103600_21.05.2021")[0] == "Münzenmaier"
    assert spkatt.speech_metadata("rede.json") == (None, None, None)


def test_eval_reads_the_spkatt_format_on_the_command_line(tmp_path):
    path = tmp_path / "19999_Tagesordnungspunkt_1_SPD_Muster_ID199999900_01.01.2020.json"
    path.write_text(json.dumps(SPEECH, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "figures.json"
    done = CliRunner().invoke(app, ["eval", str(path), "--json", str(out)])
    assert done.exit_code == 0, done.output
    assert "SpkAtt-2023 task-1 metric" in done.output and "Official WIKINEWS metric" in done.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["spkatt"]["gold"] == 3 and figures["spkatt"]["speeches"] == 1
    assert figures["run"]["genres"] == {"debate": 1}  # the opening address tells the genre
    # "Ich glaube, dass …" is found by the rules: its cue pairs with the gold one
    assert figures["spkatt"]["cue"]["precision"] is not None and figures["spkatt"]["pairs"] >= 1


def test_eval_refuses_an_unknown_split(tmp_path):
    path = tmp_path / "rede.json"
    path.write_text(json.dumps(SPEECH), encoding="utf-8")
    done = CliRunner().invoke(app, ["eval", str(path), "--split", "dev"])
    # a usage error, as for any option value outside its choices: the valid ones are named
    assert done.exit_code == 2 and "Traceback" not in done.output
    assert "'dev'" in done.output and all(s in done.output for s in ("all", "tuning", "held-out"))


def test_held_out_split_of_the_real_data():
    if not SPKATT_TRAIN.is_dir():
        pytest.skip(f"{SPKATT_TRAIN} not present")
    names = sorted(p.stem for p in SPKATT_TRAIN.glob("*.json"))
    assert len(names) == 177
    assert spkatt.choose_held_out(names) == spkatt.HELD_OUT  # the written-out set is the seeded draw
    speeches = spkatt.load_speeches([SPKATT_TRAIN])
    tuning, held = spkatt.tuning_and_held_out(speeches)
    assert (len(tuning), len(held)) == (157, 20)
    assert {s.article.id for s in held} == set(spkatt.HELD_OUT)
    assert all(s.speaker for s in speeches)
