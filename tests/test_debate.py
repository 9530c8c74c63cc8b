"""The debate genre: the detector on an invented speech opening and an
invented news lead, the debate rule families on invented debate sentences
with the real parser, "ich" resolving to the speaker the metadata names, and
--genre on the command line. The news order stays as it was."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from provenance import analyze
from provenance.cli import app
from provenance.config import load_config
from provenance.genre import decide, detect, genre_config, with_genre

SPEECH_OPENING = ("Herr Präsident! Meine Damen und Herren! Liebe Kolleginnen und Kollegen! "
                  "Wir beraten heute einen Gesetzentwurf, der vieles verspricht und wenig hält.")
NEWS_LEAD = ("Berlin – Die Bundesregierung will die Förderung für Wärmepumpen kürzen. Das teilte ein Sprecher "
             "des Wirtschaftsministeriums am Dienstag mit. „Wir müssen sparen“, sagte er.")
SPEAKER = "Erika Beispiel (SPD)"


@pytest.fixture(scope="module")
def config():
    return load_config()


def debate(text: str, config, speaker: str | None = SPEAKER):
    return analyze(text, "rede", metadata={"speaker": speaker} if speaker else None,
                   config=with_genre(config, "debate"))


def found(result, cue: str):
    hits = [a for a in result.attributions if a.cue is not None and cue in a.cue.text]
    assert hits, [(a.cue and a.cue.text, a.claim.text) for a in result.attributions]
    return hits[0]


def test_a_speech_opening_is_a_debate(config):
    decision = detect(SPEECH_OPENING, config.debate.genre)
    assert decision.genre == "debate" and "Herr Präsident" in decision.evidence


def test_a_news_lead_is_news(config):
    decision = detect(NEWS_LEAD, config.debate.genre)
    assert decision.genre == "news"  # its only first person stands in a quotation


def test_a_speech_without_opening_is_told_by_its_addresses_and_first_person(config):
    text = ("Ich will Ihnen sagen, meine Damen und Herren, warum wir dagegen sind. Wir halten den Plan für falsch, "
            "Herr Kollege, und ich sage auch, warum: Er kostet zu viel.")
    assert detect(text, config.debate.genre).genre == "debate"


def test_genre_forced_and_configured(config):
    assert decide(SPEECH_OPENING, config, "news").genre == "news"
    assert decide(NEWS_LEAD, with_genre(config, "debate")).genre == "debate"
    assert not decide(NEWS_LEAD, with_genre(config, "debate")).detected
    with pytest.raises(ValueError, match="unknown genre"):
        with_genre(config, "lyrik")


def test_news_runs_the_news_order_unchanged(config):
    assert genre_config(config, "news") is config
    debate_order = genre_config(config, "debate").pipeline
    assert "first_person" in debate_order.document and "first_person" not in config.pipeline.document
    assert "wissen" in genre_config(config, "debate").cues.verbs and "wissen" not in config.cues.verbs


def test_ich_is_the_speaker_of_the_speech(config):
    result = debate("Frau Präsidentin! Ich glaube, dass die Reform zu spät kommt.", config)
    attribution = found(result, "glaube")
    assert attribution.source.text == "Ich" and attribution.medium == "thought"
    source = next(s for s in result.sources if s.id == attribution.source_id)
    assert source.name == SPEAKER and source.kind == "person"
    assert result.genre == "debate"


def test_without_a_speaker_ich_names_no_one(config):
    result = debate("Frau Präsidentin! Ich glaube, dass die Reform zu spät kommt.", config, speaker=None)
    attribution = found(result, "glaube")
    source = next(s for s in result.sources if s.id == attribution.source_id)
    assert source.name != SPEAKER


def test_ich_inside_a_quotation_is_not_the_speaker(config):
    result = debate("Frau Präsidentin! Der Minister sagte gestern: „Ich glaube an diese Reform.“ "
                    "Ich glaube, dass er sich irrt.", config)
    quoted = [a for a in result.attributions if a.source is not None and a.source.text == "Ich"
              and a.source.start < result.text.index("„")]
    assert not quoted  # no "Ich" before the quotation opens
    inside = [s for s in result.sources for m in s.mentions if m is not None and m.text == "Ich"
              and result.text.index("„") < m.start < result.text.index("“")]
    assert all(s.name != SPEAKER for s in inside)


def test_first_person_plural_source(config):
    attribution = found(debate("Herr Präsident! Wir fordern, dass die Bundesregierung endlich handelt.", config),
                        "fordern")
    assert attribution.source.text == "Wir" and "Bundesregierung endlich handelt" in attribution.claim.text


def test_thought_verb_known_only_in_debates(config):
    text = "Herr Präsident! Ich weiß, dass viele Familien die Heizkosten nicht mehr zahlen können."
    attribution = found(debate(text, config), "weiß")
    assert attribution.source.text == "Ich" and attribution.claim.text.startswith("dass viele Familien")
    news = analyze(text, "rede", config=with_genre(config, "news"))
    assert not any(a.cue is not None and "weiß" in a.cue.text for a in news.attributions)


def test_judgement_is_the_message(config):
    attribution = found(debate("Frau Präsidentin! Das finde ich schäbig.", config), "finde")
    assert attribution.rule == "debate.thought_verb" and "schäbig" in attribution.claim.text
    assert attribution.source.text == "ich"


def test_opinion_with_support_verb(config):
    attribution = found(debate("Frau Präsidentin! Ich bin der Meinung, dass wir mehr investieren müssen.", config),
                        "Meinung")
    assert attribution.rule == "debate.opinion" and "bin" in attribution.cue.text
    assert attribution.source.text == "Ich" and attribution.claim.text.startswith("dass wir mehr investieren")


def test_nominal_cue_with_a_message(config):
    text = "Frau Präsidentin! Ihre Forderung, dass alle Kohlekraftwerke sofort abgeschaltet werden, ist unrealistisch."
    attribution = found(debate(text, config), "Forderung")
    assert attribution.rule == "debate.message_noun" and attribution.source.text == "Ihre"
    assert attribution.claim.text.startswith("dass alle Kohlekraftwerke")


def test_addressee_of_the_speaker(config):
    attribution = found(debate("Herr Präsident! Ich sage Ihnen, dass diese Regelung nicht funktioniert.", config),
                        "sage")
    assert attribution.addressee is not None and attribution.addressee.text == "Ihnen"
    assert attribution.source.text == "Ich"


@pytest.mark.parametrize("sentence, cue, message, source", [
    ("Die Kosten steigen weiter. Das sage ich Ihnen ganz deutlich.", "sage", "Das", "ich"),
    ("Wir brauchen mehr Lehrer; das muss man auch einmal sagen.", "sagen", "das", "man"),
    ("Die Mieten sind zu hoch, und das wissen Sie auch.", "wissen", "das", "Sie"),
    ("Es gibt Methoden, die wir hier nicht akzeptieren.", "akzeptieren", "die", "wir"),  # a relative object
])
def test_a_fronted_demonstrative_is_the_message(config, sentence, cue, message, source):
    # the parser reads the fronted "das" as a second subject; the sentence's cue-less reading takes no claim
    attribution = found(debate("Herr Präsident! " + sentence, config), cue)
    assert attribution.rule == "debate.object_message" and attribution.claim.text == message
    assert attribution.source.text == source


def test_cue_without_auxiliary_in_debates(config):
    attribution = found(debate("Frau Präsidentin! Sie haben gesagt, dass die Rente sicher ist.", config), "gesagt")
    assert attribution.cue.text == "gesagt"


def test_genre_and_speaker_through_the_command_line(tmp_path):
    record = {"id": "rede", "speaker": SPEAKER,
              "text": "Frau Präsidentin! Meine Damen und Herren! Ich glaube, dass die Reform zu spät kommt."}
    path = tmp_path / "rede.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["analyze", str(path), "-f", "json"])
    assert done.exit_code == 0, done.output
    article = json.loads(done.stdout)["article"]
    assert article["genre"] == "debate" and "Frau Präsidentin" in article["genre_evidence"]
    assert article["metadata"]["speaker"] == SPEAKER and article["attribution"] == "rules"
    assert any(s["name"] == SPEAKER for s in json.loads(done.stdout)["sources"])
    forced = CliRunner().invoke(app, ["analyze", str(path), "-f", "json", "--genre", "news"])
    assert json.loads(forced.stdout)["article"]["genre"] == "news"
    report = CliRunner().invoke(app, ["analyze", str(path)])
    assert "genre: debate" in report.stdout


def test_the_bundled_debate_model_loads_offline_and_is_a_debates_default(config, no_network):
    from provenance.learned import load
    from provenance.learned.bundled import bundled

    assert "debate" in bundled(), "the package ships the debate model (training/train_debate.py rebuilds it)"
    model = load(bundled()["debate"])
    assert model.info["genre"] == "debate" and "CC BY-SA 4.0" in model.info["licence"]
    learned_config = config.model_copy(update={"settings": config.settings.model_copy(update={"attribution": "learned"})})
    text = "Frau Präsidentin! Ich glaube, dass die Reform zu spät kommt."
    speech = analyze(text, "rede", config=learned_config)
    assert speech.genre == "debate" and speech.attributed_by == "learned: debate"
    news = analyze(NEWS_LEAD, "nachricht", config=learned_config)  # news keeps the news model
    assert news.genre == "news" and news.attributed_by == "learned: news"
    assert all(a.rule and a.evidence and 0 <= a.confidence <= 1 for a in speech.attributions)


def test_a_speech_gets_the_bundled_debate_model_where_news_would_get_the_news_model():
    from provenance import genre, learned
    from provenance.config import load_config
    from provenance.learned.bundled import model_directory

    news = learned.with_model(load_config(), "news")  # the loaded setting is the model's directory
    assert genre.genre_config(news, "news").settings.attribution_model == str(model_directory("news"))
    assert genre.genre_config(news, "debate").settings.attribution_model == str(model_directory("debate"))
    # a model the user chose is kept for speeches too
    chosen = learned.with_model(load_config(), str(model_directory("debate")))
    assert genre.genre_config(chosen, "debate").settings.attribution_model == str(model_directory("debate"))


def test_a_finding_without_a_cue_is_no_event_in_a_speech_even_when_learned(config):
    from dataclasses import replace

    from provenance.parsing import parse
    from provenance.rules import find_attributions
    from provenance.rules.debate_repairs import with_cues

    text = SPEECH_OPENING + " Ich sage Ihnen, dass der Entwurf scheitert. Wir glauben, dass er zu teuer ist."
    found = find_attributions(parse(text), genre_config(config, "debate"))
    assert len(found) == 2 and all(f.cue is not None for f in found)
    # the second speaks for the first (a continuation): dropping the first cuts the reference
    second = replace(found[1], inherits_from=0)
    assert with_cues([replace(found[0], cue=None), second]) == [replace(second, inherits_from=None)]
    assert with_cues(found) == found
    # with the learned layer, a speech keeps only findings with a cue
    learned = config.model_copy(update={"settings": config.settings.model_copy(update={"attribution": "learned"})})
    result = analyze(text, "rede", config=with_genre(learned, "debate"))
    assert result.attributed_by == "learned: debate" and all(a.cue is not None for a in result.attributions)


@pytest.mark.parametrize("sentence, cue, message, source", [
    ("Ich habe mit Handwerkern gesprochen, die sagen: Wir finden keine Auszubildenden mehr.", "sagen",
     "Wir finden keine Auszubildenden mehr", "die"),
    ("Die Antwort der Regierung ist einfach. Ihre Begründung: Man wolle erst die Kommission abwarten.", "Begründung",
     "Man wolle erst die Kommission abwarten", "Ihre"),
    # the words between the verb and its colon are its own
    ("Ich sage Ihnen sehr klar und deutlich: Wir wollen ein Budgetrecht.", "sage", "Wir wollen ein Budgetrecht",
     "Ich"),
])
def test_a_colon_after_a_cue_word_opens_its_message(config, sentence, cue, message, source):
    attribution = found(debate("Herr Präsident! " + sentence, config), cue)
    assert attribution.rule == "debate.colon_cue" and attribution.claim.text == message
    assert attribution.source.text == source


@pytest.mark.parametrize("sentence", [
    "Nächster Redner in der Debatte: Max Muster für die SPD-Fraktion.",  # the chair announces a speaker
    "Das heißt: Die Mieten steigen weiter.",  # a connective, no speech
])
def test_a_colon_after_a_connective_or_an_announcement_opens_no_message(config, sentence):
    result = debate("Herr Präsident! " + sentence, config)
    assert not [a for a in result.attributions if a.rule == "debate.colon_cue"], result.attributions


@pytest.mark.parametrize("sentence, cue, message, source", [
    ("Die Regierung verschweigt die wahren Kosten der Reform.", "verschweigt", "die wahren Kosten der Reform",
     "Die Regierung"),
    ("Wir haben unsere Bedenken deutlich geäußert.", "geäußert", "unsere Bedenken", "Wir"),
])
def test_the_object_of_a_verb_that_states_it_is_the_message(config, sentence, cue, message, source):
    # without the verb in object_message_verbs the object would be the topic of a speech event
    result = debate("Herr Präsident! " + sentence, config)
    attribution = found(result, cue)
    assert attribution.rule == "debate.object_message" and attribution.claim.text == message
    assert attribution.source.text == source and not [e for e in result.events if cue in e.cue.text]


@pytest.mark.parametrize("sentence, cue, message, source, addressee", [
    ("Ich möchte auf einen schweren Fehler hinweisen.", "hinweisen", "auf einen schweren Fehler", "Ich", None),
    ("Ich bedanke mich für Ihre Aufmerksamkeit.", "bedanke mich", "für Ihre Aufmerksamkeit", "Ich", None),
    ("Wir informieren die Bürger über die Änderungen.", "informieren", "über die Änderungen", "Wir", "die Bürger"),
    ("Ich erinnere an die Beschlüsse des Parlaments.", "erinnere", "an die Beschlüsse des Parlaments", "Ich", None),
])
def test_the_phrase_of_a_verb_that_states_it_is_the_message(config, sentence, cue, message, source, addressee):
    # without the verb in phrase_message_verbs the phrase would be the topic of a speech event
    result = debate("Herr Präsident! " + sentence, config)
    attribution = found(result, cue)
    assert attribution.rule == "debate.phrase_message" and attribution.claim.text == message
    assert attribution.source.text == source and not result.events
    assert (attribution.addressee.text if attribution.addressee else None) == addressee


def test_a_phrase_of_another_preposition_is_no_message(config):
    result = debate("Herr Präsident! Ich möchte mich bei den Kollegen bedanken.", config)  # whom, not what
    assert not [a for a in result.attributions if a.rule == "debate.phrase_message"]
    assert [e for e in result.events if "bedanken" in e.cue.text]


@pytest.mark.parametrize("sentence, cue, message, source", [
    ("Das Gesetz wurde 2007 von einer Großen Koalition beschlossen.", "beschlossen", "Das Gesetz",
     "von einer Großen Koalition"),
    ("Dann ist die Überweisung so beschlossen.", "beschlossen", "die Überweisung", None),
    ("In dem Antrag wird der Kohleausstieg gefordert.", "gefordert", "der Kohleausstieg", None),
])
def test_the_subject_of_a_passive_is_the_message_and_its_agent_the_source(config, sentence, cue, message, source):
    # the parser makes a subject or an object of what "ist … beschlossen", "wird … gefordert" states
    attribution = found(debate("Herr Präsident! " + sentence, config), cue)
    assert attribution.rule == "debate.object_message" and attribution.claim.text == message
    assert (attribution.source.text if attribution.source else None) == source


def test_what_something_is_held_for_is_the_message(config):
    attribution = found(debate("Herr Präsident! Wir halten diesen Vorschlag für falsch.", config), "halten")
    assert attribution.rule == "debate.phrase_message" and attribution.claim.text == "für falsch"
    assert attribution.source.text == "Wir"


def test_whose_knowledge_a_clause_states_is_the_dative_of_the_adjective(config):
    # the dass-clause is the subject of "ist bekannt": the dative is whose knowledge it is
    attribution = found(debate("Herr Präsident! Ist Ihnen bekannt, dass die Frist abgelaufen ist?", config), "bekannt")
    assert attribution.rule == "debate.opinion" and attribution.source.text == "Ihnen"
    assert attribution.claim.text == "dass die Frist abgelaufen ist"
    # news keeps its opinions as they were: "bekannt" is a speech's word
    news = analyze("Ist Ihnen bekannt, dass die Frist abgelaufen ist?", "meldung", config=with_genre(config, "news"))
    assert not [a for a in news.attributions if a.rule == "debate.opinion"]


@pytest.mark.parametrize("sentence, cue, source", [
    ("Ich meine, dass die Steuern steigen.", "meine", "Ich"),
    ("Manche meinen, dass der Rechtsstaat versagt.", "meinen", "Manche"),
])
def test_a_verb_the_tagger_read_as_a_possessive_cues_its_clause(config, sentence, cue, source):
    attribution = found(debate("Herr Präsident! " + sentence, config), cue)
    assert attribution.rule == "debate.misread_verb" and attribution.source.text == source
    assert attribution.claim.text.startswith("dass ")


def test_a_possessive_opening_a_sentence_is_no_verb(config):
    result = debate("Herr Präsident! Meine Damen und Herren, dass wir heute beraten, ist gut.", config)
    assert not [a for a in result.attributions if a.rule == "debate.misread_verb"]


def test_an_event_inside_another_events_message_is_its_own(config):
    result = debate("Herr Präsident! Ich glaube, es ist eine kluge Idee, die Akteure an einen Tisch zu holen.", config)
    outer, inner = found(result, "glaube"), found(result, "Idee")
    assert outer.claim.contains(inner.cue.spans[0]) and inner.rule == "debate.message_noun"
    assert inner.claim.text == "die Akteure an einen Tisch zu holen"


@pytest.mark.parametrize("sentence, cue, message, source", [
    ("Es wurde gesagt, Deutschland hat ganz andere Probleme.", "gesagt", "Deutschland hat ganz andere Probleme", None),
    ("Wenn Sie sagen, wir beschäftigen uns nicht mit diesen Fragen, dann irren Sie.", "sagen",
     "wir beschäftigen uns nicht mit diesen Fragen", "Sie"),
])
def test_a_main_clause_after_the_comma_of_a_cue_verb_is_its_message(config, sentence, cue, message, source):
    attribution = found(debate("Herr Präsident! " + sentence, config), cue)
    assert attribution.rule == "debate.comma_clause" and attribution.claim.text == message
    assert (attribution.source.text if attribution.source else None) == source


def test_das_heisst_reports_no_clause(config):
    result = debate("Herr Präsident! Das heißt, wir nehmen das sehr genau unter die Lupe.", config)
    assert not [a for a in result.attributions if a.rule == "debate.comma_clause"]


def test_a_news_rule_left_out_in_speeches_still_finds_in_news(config):
    text = "Die Kosten der Reform steigen in diesem Jahr weiter deutlich an. Das bestätigte die Bundesregierung am Montag."
    news = analyze(text, "meldung", config=config)
    assert [a for a in news.attributions if a.rule == "verb.anaphoric-object"]
    speech = debate("Herr Präsident! " + text, config)
    assert not [a for a in speech.attributions if a.rule == "verb.anaphoric-object"]


def test_a_long_zu_infinitive_after_a_message_noun_ends_at_its_comma(config):
    text = ("Herr Präsident! Der Wunsch, unseren Kindern ein Deutschland in einer friedlichen Welt ohne Atomwaffen "
            "und ohne Massenvernichtungswaffen zu hinterlassen, eint uns.")
    attribution = found(debate(text, config), "Wunsch")
    assert attribution.rule == "debate.message_noun" and attribution.claim.text.startswith("unseren Kindern")
    assert attribution.claim.text.endswith("zu hinterlassen")


@pytest.mark.parametrize("text, cue, source, message", [
    ("Dabei verschweigen Sie, dass es auch andere Fälle gibt.", "verschweigen", "Sie", "dass es auch andere Fälle gibt"),
    ("Wir können festhalten, dass die Kosten steigen.", "festhalten", "Wir", "dass die Kosten steigen"),
])
def test_a_debate_verb_reports_its_clause_in_debates_only(config, text, cue, source, message):
    attribution = found(debate("Herr Präsident! " + text, config), cue)
    assert attribution.source.text == source and attribution.claim.text == message
    assert cue not in config.cues.verbs  # a debate word (debate.yaml verbs), not a news one
