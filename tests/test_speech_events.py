"""Speech events without a claim (rule family speech_events, debates only):
invented debate sentences through the real parser, their source, topic and
addressee, their place in the JSON output and in the SpkAtt metric."""

from __future__ import annotations

import json

import pytest

from provenance import analyze, spkatt
from provenance.config import load_config
from provenance.evaluate import score_spkatt_results
from provenance.export import to_dict
from provenance.genre import with_genre
from provenance.schemas import validate

SPEAKER = "Erika Beispiel (SPD)"
OPENING = "Frau Präsidentin! Meine Damen und Herren! "


@pytest.fixture(scope="module")
def config():
    return load_config()


def debate(text: str, config):
    return analyze(OPENING + text, "rede", metadata={"speaker": SPEAKER}, config=with_genre(config, "debate"))


def event(result, cue: str):
    hits = [e for e in result.events if cue in e.cue.text]
    assert hits, [(e.cue.text, e.evidence) for e in result.events]
    return hits[0]


def text_of(span):
    return None if span is None else span.text


def test_a_verb_event_has_its_subject_and_topic(config):
    result = debate("Wir diskutieren heute über die Zukunft der Pflegeversicherung.", config)
    found = event(result, "diskutieren")
    assert text_of(found.source) == "Wir" and text_of(found.topic) == "über die Zukunft der Pflegeversicherung"
    assert found.rule == "debate.speech_event" and found.medium == "speech"
    assert "'diskutieren'" in found.evidence and 0 < found.confidence <= 1
    assert not result.attributions  # no claim: an event, not an attribution


def test_a_noun_event_names_its_holder(config):
    result = debate("Der Antrag der Linken greift zu kurz.", config)
    assert text_of(event(result, "Antrag").source) == "der Linken"
    result = debate("Ihr Gesetzentwurf zur Reform der Pflege ist unausgegoren.", config)
    found = event(result, "Gesetzentwurf")
    assert text_of(found.source) == "Ihr" and text_of(found.topic) == "zur Reform der Pflege"
    assert found.medium == "writing"


def test_thanks_address_the_house_and_ich_is_the_speaker(config):
    result = debate("Ich danke Ihnen für die Aufmerksamkeit.", config)
    found = event(result, "danke")
    assert text_of(found.source) == "Ich" and text_of(found.addressee) == "Ihnen"
    assert result.source(found.source_id).name == SPEAKER


def test_a_reflexive_is_part_of_the_cue(config):
    result = debate("Wir beschäftigen uns heute mit dem Haushalt.", config)
    found = event(result, "beschäftigen")
    assert found.cue.text == "beschäftigen uns" and text_of(found.topic) == "mit dem Haushalt"
    assert found.addressee is None


def test_a_cue_an_attribution_holds_is_no_event(config):
    result = debate("Wir fordern, dass die Mieten nicht weiter steigen.", config)
    assert [a.cue.text for a in result.attributions] == ["fordern"]
    assert not any("fordern" in e.cue.text for e in result.events)


def test_news_has_no_events(config):
    result = analyze("Die Debatte über den Antrag dauerte bis in den Abend. Das sagte ein Sprecher der Stadt.",
                     config=with_genre(config, "news"))
    assert result.genre == "news" and result.events == ()


def test_events_in_the_json_output_follow_the_schema(config):
    result = debate("Wir diskutieren heute über die Zukunft der Pflegeversicherung.", config)
    document = to_dict(result)
    validate(document)
    [found] = [e for e in document["events"] if e["cue"]["text"] == "diskutieren"]
    assert found["source"]["text"] == "Wir" and found["source"]["source_id"] is not None
    assert found["topic"]["text"] == "über die Zukunft der Pflegeversicherung"
    assert json.loads(json.dumps(document)) == document


def test_the_spkatt_metric_counts_events(config):
    # an invented speech in the task's format: one event without a message, with its source
    speech = {
        "Sentences": [{"SentenceId": 0, "Tokens": ["Frau", "Präsidentin", "!"]},
                      {"SentenceId": 1, "Tokens": ["Wir", "diskutieren", "heute", "über", "die", "Rente", "."]}],
        "Annotations": [{"Cue": ["1:1"], "Source": ["1:0"], "Message": [], "Addr": [], "Topic": ["1:3", "1:4", "1:5"],
                         "Medium": [], "Evidence": [], "PTC": []}],
    }
    gold = spkatt.parse_speech(speech, "rede")
    result = analyze(gold.text, "rede", config=with_genre(config, "debate"))
    scores = score_spkatt_results([(gold, result)])
    assert scores.pairs == 1 and scores.cue.f1 == 1.0
    roles = dict(scores.per_role)
    assert roles["Source"].f1 == 1.0 and roles["Topic"].f1 == 1.0


def test_the_report_lists_events_and_an_unresolved_pronoun_stays_unresolved(config):
    from rich.console import Console

    from provenance.report import render

    # no speaker in the metadata: "Ich" names no one, and a second "Ich" is no more resolved than the first
    result = analyze(OPENING + "Ich sage Ihnen, dass der Antrag falsch ist. Ich danke Ihnen für die Aufmerksamkeit.",
                     "rede", config=with_genre(config, "debate"))
    thanks = event(result, "danke")
    assert not result.source(thanks.source_id).resolved
    console = Console(width=140, record=True)
    render(result, console)
    report = console.export_text()
    assert "Speech events without a claim" in report and "without a claim, " in report
    row = next(line for line in report.splitlines() if "danke" in line)
    assert "Ich → ? (unresolved)" in row and "Ihnen" in row and "für die Aufmerksamkeit" in row


def test_a_support_verb_and_a_framing_preposition_join_the_cue(config):
    result = debate("Ich erteile jetzt der Kollegin Meier das Wort.", config)
    found = event(result, "Wort")
    assert found.cue.text == "erteile Wort" and text_of(found.source) == "Ich"
    assert not any(e.cue.text == "erteile" for e in result.events)  # one event, not two
    result = debate("Aus meiner Sicht ist das ein Fehler.", config)
    found = event(result, "Sicht")
    assert found.cue.text == "Aus Sicht" and text_of(found.source) == "meiner"


def test_a_source_only_events_name_is_no_node_of_the_graph(config):
    from provenance.graph import article_graph

    result = debate("Der Antrag der Linken greift zu kurz. Ich sage Ihnen, dass er scheitern wird.", config)
    holder = event(result, "Antrag").source_id
    assert holder is not None and holder not in {a.source_id for a in result.attributions}
    labels = {d.get("label") for _, d in article_graph(result).nodes(data=True) if d.get("type") == "source"}
    assert result.source(holder).name not in labels
    assert result.source(result.attributions[0].source_id).name in labels


def test_a_verb_the_lemmatiser_misspells_is_an_event(config):
    # the small lemmatiser gives "antworen" for "antworten" (debate.yaml lemma_fixes)
    found = event(debate("Die Kollegen der Regierung antworten nicht.", config), "antworten")
    assert found.medium == "speech" and "'antworten'" in found.evidence


def test_kein_wunder_is_a_thought_event(config):
    result = debate("Kein Wunder, dass die Bürger verärgert sind.", config)
    attribution = next(a for a in result.attributions if a.cue and a.cue.text == "Wunder")
    assert attribution.medium == "thought" and attribution.claim.text == "dass die Bürger verärgert sind"
    found = event(debate("Es ist ein Wunder.", config), "Wunder")
    assert found.medium == "thought"


def test_a_coordinated_verb_shares_the_subject_of_the_first(config):
    found = event(debate("Wir wollen den Vertrag teilen oder wenigstens verstehen.", config), "verstehen")
    assert text_of(found.source) == "Wir"
