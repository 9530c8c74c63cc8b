"""Every rule family and every trap, on real German sentences through the
real bundled pipeline."""

import pytest

import provenance


def attributions(text):
    result = provenance.analyze(text)
    for a in result.attributions:
        for span in (a.claim, a.source, a.frame, a.addressee, *(a.cue.spans if a.cue else ())):
            if span is not None:
                assert text[span.start:span.end] == span.text
    return result


def top(result):
    return [a for a in result.attributions if a.via is None and a.rule != "quote.nested"]


def source_of(result, attribution):
    return next(s for s in result.sources if s.id == attribution.source_id)


@pytest.mark.parametrize("text, source, claim, form", [
    ("Der Minister sagte, dass die Steuern im nächsten Jahr steigen werden.",
     "Der Minister", "dass die Steuern im nächsten Jahr steigen werden", "indirect"),
    ("Die Bürgermeisterin erklärte, die Brücke werde im Mai wieder geöffnet.",
     "Die Bürgermeisterin", "die Brücke werde im Mai wieder geöffnet", "indirect"),
    ("Die Brücke werde im Mai wieder geöffnet, sagte die Bürgermeisterin.",
     "die Bürgermeisterin", "Die Brücke werde im Mai wieder geöffnet", "indirect"),
    ("„Wir werden die Brücke im Mai öffnen“, sagte die Bürgermeisterin.",
     "die Bürgermeisterin", "„Wir werden die Brücke im Mai öffnen“", "direct"),
    ("Die Polizei teilte am Montag mit, dass drei Menschen verletzt worden seien.",
     "Die Polizei", "dass drei Menschen verletzt worden seien", "indirect"),
])
def test_speech_verbs(text, source, claim, form):
    result = attributions(text)
    found = top(result)
    assert len(found) == 1, found
    assert found[0].source.text == source
    assert found[0].claim.text == claim
    assert found[0].form == form
    assert found[0].rule.startswith("verb.")


def test_particle_verb_cue_is_discontinuous():
    result = attributions("Die Polizei teilte am Montag mit, dass drei Menschen verletzt worden seien.")
    cue = top(result)[0].cue
    assert [s.text for s in cue.spans] == ["teilte", "mit"]


@pytest.mark.parametrize("text, source, claim_start", [
    ("Laut Polizei wurden bei dem Unfall drei Menschen verletzt.", "Polizei", "wurden bei dem Unfall"),
    ("Dem Bericht zufolge wurden bei dem Unfall drei Menschen verletzt.", "Dem Bericht", "wurden bei dem Unfall"),
    ("Nach Angaben der Feuerwehr brach das Feuer am Abend aus.", "Angaben der Feuerwehr", "brach das Feuer"),
    ("Nach Polizeiangaben brach das Feuer am Abend aus.", "Polizeiangaben", "brach das Feuer"),
])
def test_prepositional_cues(text, source, claim_start):
    result = attributions(text)
    found = top(result)
    assert len(found) == 1, found
    assert found[0].source.text == source
    assert found[0].claim.text.startswith(claim_start)
    assert found[0].rule.startswith("phrase.")


def test_wie_berichtet_clause():
    result = attributions("Wie die Agentur Reuters berichtet, planen die beiden Präsidenten kein Treffen.")
    a = top(result)[0]
    assert [s.text for s in a.cue.spans] == ["Wie", "berichtet"]
    assert source_of(result, a).name == "Reuters"
    assert a.claim.text == "planen die beiden Präsidenten kein Treffen"


def test_unter_berufung_auf_makes_a_chain():
    result = attributions(
        "Die Agentur Reuters berichtete unter Berufung auf einen namentlich nicht genannten Beamten, "
        "dass das Treffen abgesagt worden sei.")
    relay = top(result)[0]
    origin = next(a for a in result.attributions if a.via == relay.id)
    assert source_of(result, relay).name == "Reuters"
    assert source_of(result, origin).kind == "anonymous"
    chain = next(c for c in result.chains if c.attributions[0] == relay.id)
    assert [next(s.name for s in result.sources if s.id == i) for i in chain.path][-2:] == [
        "Reuters", source_of(result, origin).name]


def test_addressee_outlet_relays_the_speaker():
    result = attributions("Der Minister sagte der Zeitung „Bild“, die Reform komme im Herbst.")
    a = top(result)[0]
    assert a.addressee is not None and "Bild" in a.addressee.text
    chain = result.chains[0]
    names = [next(s.name for s in result.sources if s.id == i) for i in chain.path]
    assert names[-2:] == ["Bild", "Minister"]


def test_konjunktiv_continues_indirect_speech():
    text = ("Der Sprecher der Armee sagte, in der Nacht seien zwanzig Drohnen gestartet. "
            "Die meisten seien abgeschossen worden. Der Schaden sei gering.")
    result = attributions(text)
    continuation = [a for a in result.attributions if a.rule == "continuation.konjunktiv"]
    assert len(continuation) == 1
    assert continuation[0].claim.text == "Die meisten seien abgeschossen worden. Der Schaden sei gering."
    assert continuation[0].form == "indirect_free_indirect"
    assert continuation[0].source_id == top(result)[0].source_id


def test_quote_across_sentences_with_colon():
    text = "Der Trainer sagte: „Wir haben gut gespielt. Am Ende fehlte das Glück.“"
    a = top(attributions(text))[0]
    assert a.form == "direct"
    assert a.claim.text == "„Wir haben gut gespielt. Am Ende fehlte das Glück.“"


@pytest.mark.parametrize("text", [
    "Der Angeklagte will in Berufung gehen.",
    "Die Verteidigung kündigte an, Berufung einzulegen, aber das Urteil bleibt.",
    "Die Musik war so laut, dass niemand schlafen konnte.",
    "Nach dem Treffen fuhren die Minister nach Hause.",
    "Nach der Wahl wurde die Regierung gebildet.",
])
def test_traps_do_not_fire(text):
    result = attributions(text)
    assert not [a for a in result.attributions if a.rule.startswith(("phrase.", "citing."))]
    if "Berufung einzulegen" not in text:
        assert result.attributions == ()
