"""Who said it: the speaker the rules find for a claim, on German sentences
written for these tests, through the real bundled pipeline."""

import pytest

import provenance
from provenance import chunking
from provenance.config import load_config
from provenance.rules import has_object_article

from exactness import assert_result_exact


def top(text):
    result = provenance.analyze(text)
    assert_result_exact(result, text)
    return [a for a in result.attributions if a.via is None and a.rule != "quote.nested"]


def test_a_speech_verb_inside_a_quotation_is_the_quoted_speakers_own_words():
    text = "„Ich glaube, dass die Schulen das schaffen werden“, sagte die Ministerin."
    [a] = top(text)
    assert (a.rule, a.source.text, a.claim.text) == (
        "verb.complement", "die Ministerin", "„Ich glaube, dass die Schulen das schaffen werden“")


def test_a_speech_verb_inside_a_quotation_after_a_colon_adds_no_speaker():
    text = "Die Ministerin äußerte sich am Abend in Hannover: „Wir hoffen, dass die Schulen das schaffen werden.“"
    assert [(a.source.text, a.claim.text) for a in top(text)] == [
        ("Die Ministerin", "„Wir hoffen, dass die Schulen das schaffen werden.“")]


def test_a_speech_verb_with_its_message_outside_a_quotation_still_counts():
    text = "Er sagte, die Kommission habe den „Plan B“ längst verworfen."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == ("Er", "die Kommission habe den „Plan B“ längst verworfen")


def test_the_subject_between_auxiliary_and_participle_is_the_speaker():
    # the bundled parser takes "ein Sprecher der Stadtwerke" for the object of "mitgeteilt"
    text = "Am Freitag hat ein Sprecher der Stadtwerke mitgeteilt, dass die Preise im Herbst steigen."
    [a] = top(text)
    assert (a.source.text, [s.text for s in a.cue.spans], a.claim.text) == (
        "ein Sprecher der Stadtwerke", ["hat", "mitgeteilt"], "dass die Preise im Herbst steigen")


def test_an_object_between_auxiliary_and_participle_is_no_speaker():
    text = "Am Freitag hat die Stadt den Anwohnern mitgeteilt, dass die Straße gesperrt wird."
    [a] = top(text)
    assert a.source.text == "die Stadt"


@pytest.mark.parametrize("text, source", [
    ("Er kritisierte den Haushalt scharf. Berger wörtlich: „Sie ziehen den Bürgern das Geld aus der Tasche.“",
     "Berger"),
    ("Der Minister abschließend: „Wir werden das Gesetz im Herbst ändern.“", "Der Minister"),
    # a capitalised surname the tagger may call an adjective stays
    ("Anna Klein: „Wir werden das Gesetz im Herbst ändern.“", "Anna Klein"),
])
def test_an_adverb_before_the_colon_says_how_the_source_spoke_and_is_no_part_of_it(text, source):
    [a] = [a for a in top(text) if a.rule == "colon.quote"]
    assert a.source.text == source


def test_a_quotation_behind_a_colon_is_spoken_by_the_subject_of_the_clause_before_it():
    text = "Die Gewerkschaft sieht in dem Urteil eine Bestätigung ihrer Linie: „Das ist ein guter Tag für alle Beschäftigten.“"
    [a] = top(text)
    assert (a.rule, a.source.text, a.claim.text, a.form) == (
        "quote.clause-subject", "Die Gewerkschaft", "„Das ist ein guter Tag für alle Beschäftigten.“", "direct")


def test_a_quotation_behind_a_colon_is_spoken_by_the_pronoun_behind_the_verb_not_the_fronted_object():
    # the bundled parser makes both "Das Angebot der Regierung" and "er" the subject of "lehnt"
    text = "Das Angebot der Regierung lehnt er jedoch ab: „Das Land sollte alle Verletzten aufnehmen.“"
    [a] = top(text)
    assert (a.rule, a.source.text, a.claim.text) == (
        "quote.clause-subject", "er", "„Das Land sollte alle Verletzten aufnehmen.“")


def test_a_quotation_in_an_indicative_statement_about_someone_is_that_subjects_not_the_previous_speakers():
    text = ("Der Bürgermeister sagte, die Brücke werde im Mai geöffnet. "
            "Der Verkehrsclub plant für Radfahrer eine „weiträumige Umfahrung der Baustelle“.")
    quote = top(text)[1]
    assert (quote.rule, quote.source.text, quote.claim.text) == (
        "quote.own-subject", "Der Verkehrsclub", "„weiträumige Umfahrung der Baustelle“")
    # in a Konjunktiv clause the reported speech goes on: the quotation stays the previous speaker's
    text = ("Der Bürgermeister sagte, die Brücke werde im Mai geöffnet. Die Bauarbeiten dauerten noch an. "
            "Außerdem plane die Stadt für Radfahrer eine „weiträumige Umfahrung der Baustelle“.")
    # (across the writer's sentence between, the Konjunktiv sentence continues his speech and holds the quotation)
    result = provenance.analyze(text)
    quote = next(a for a in result.attributions if a.claim.text == "„weiträumige Umfahrung der Baustelle“")
    assert (quote.rule, quote.source.text) == ("quote.nested", "Der Bürgermeister")
    assert top(text)[-1].rule == "continuation.konjunktiv"


def test_a_quotation_inside_the_clause_is_not_given_to_its_subject():
    text = "Der Bürgermeister hält die Kritik für „völlig überzogen und leider auch unfair“."
    assert not [a for a in top(text) if a.rule == "quote.clause-subject"]


def test_a_fronted_phrase_with_a_preposition_is_not_the_speaker():
    text = "Als Grund für die Verlängerung nannte die Behörde, den Astronauten mehr Zeit zu geben."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == ("die Behörde", "den Astronauten mehr Zeit zu geben")


def test_a_fronted_adverb_leaves_the_nominative_behind_the_verb_to_speak():
    text = "Des Weiteren verwies der Minister darauf, dass der Haushalt wieder verfassungskonform sei."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == ("der Minister", "dass der Haushalt wieder verfassungskonform sei")


def test_a_fronted_subject_stays_the_speaker_before_an_accusative_object():
    text = "Die Stadtverwaltung nannte den Bürgern am Montag den Grund, die Straße müsse saniert werden."
    assert [a.source.text for a in top(text)] == ["Die Stadtverwaltung"]


def test_of_two_subjects_as_near_the_verb_the_pronoun_speaks():
    text = "Der Politik schlug er vor, sich an den Modellen anderer Länder zu orientieren."
    [a] = top(text)
    assert a.source.text == "er"


@pytest.mark.parametrize("text, speaker", [
    ("Ein Sprecher der Feuerwehr sagte Radio Nordwest, die Brücke bleibe bis Freitag gesperrt.",
     "Ein Sprecher der Feuerwehr"),
    ("Landrat Behrens hatte Hofmann gebeten, den Antrag zurückzuziehen.", "Landrat Behrens"),
    ("Die Lage habe sich beruhigt, meldete Radio Nordwest.", "Radio Nordwest"),
], ids=["name-behind-the-verb-is-told", "name-behind-the-auxiliary-is-asked", "message-before-the-verb"])
def test_of_two_subjects_around_the_finite_verb_the_one_before_it_speaks(text, speaker):
    assert [a.source.text for a in top(text)] == [speaker]


def test_the_reflexive_of_a_verb_after_a_quotation_is_no_speaker():
    text = "„Die Lage ist ernst“, äußerte sich die Ministerin am Montag."
    assert [a.source.text for a in top(text)] == ["die Ministerin"]


@pytest.mark.parametrize("text, speaker", [
    ("Wie die Cassa di Risparmio in Genua mitteilte, bleibt die Filiale geschlossen.", "die Cassa di Risparmio in Genua"),
    ("Wie die Polizei am Montag mitteilte, wurde niemand verletzt.", "die Polizei"),
], ids=["place-of-the-speaker", "time-is-no-part"])
def test_a_wie_clause_names_its_speaker_from_wie_to_the_verb(text, speaker):
    assert [a.source.text for a in top(text)] == [speaker]


def test_a_pronominal_adverb_in_front_is_no_speaker():
    text = "Hierzu schrieb der Journalist Paulo Santos in der Zeitung, die Gesellschaft sei gespalten."
    [a] = top(text)
    assert a.source.text.startswith("der Journalist Paulo Santos")


def test_a_fronted_cue_phrase_names_its_source_up_to_the_finite_verb():
    text = "Nach Angaben des Ombudsmans für Menschenrechte wurden drei Journalisten festgenommen."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == ("Angaben des Ombudsmans für Menschenrechte",
                                             "wurden drei Journalisten festgenommen")


def test_a_cue_phrase_inside_the_sentence_is_not_run_on_to_the_verb():
    text = "Drei Journalisten wurden nach Angaben der Polizei am Montag in der Hauptstadt festgenommen."
    [a] = [a for a in top(text) if a.rule.startswith("phrase.")]
    assert a.source.text == "Angaben der Polizei"


def test_a_quotation_opening_its_sentence_is_spoken_by_the_subject_before_it():
    text = "Die Gewerkschaft verurteilte die Entscheidung der Geschäftsführung. „Das ist ein schwarzer Tag für alle Beschäftigten.“"
    [a] = top(text)
    assert (a.rule, a.source.text, a.claim.text) == (
        "quote.previous-subject", "Die Gewerkschaft", "„Das ist ein schwarzer Tag für alle Beschäftigten.“")


def test_a_quotation_after_a_paragraph_break_takes_no_subject_from_before_it():
    text = "Die Gewerkschaft verurteilte die Entscheidung der Geschäftsführung.\n\n„Das ist ein schwarzer Tag für alle Beschäftigten.“"
    assert not [a for a in top(text) if a.rule == "quote.previous-subject"]


def test_a_sentence_adverb_in_front_gives_way_to_the_pronoun():
    result = provenance.analyze("Insbesondere sagte er, die Lage sei ernst.")
    [a] = [a for a in result.attributions if a.via is None]
    source = next(s for s in result.sources if s.id == a.source_id)
    assert (a.source.text, source.resolved) == ("er", False)


def test_a_name_the_tagger_reads_as_an_adverb_before_the_verb_is_the_speaker():
    # the bundled tagger calls a sentence-initial "Kudlisch" an adverb; the article writes it inside a sentence too
    text = ("Der Aktivist Andrej Kudlisch wurde am Samstag nicht festgenommen. "
            "Kudlisch sagte dazu am Abend: „Nicht ich, sondern mein Sprecher ist festgenommen worden.“ "
            "Kudlisch kritisierte die Entscheidung der Polizei als „eine Provokation, die niemandem nützt“.")
    assert [(a.source.text, a.claim.text) for a in top(text)] == [
        ("Kudlisch", "„Nicht ich, sondern mein Sprecher ist festgenommen worden.“"),
        ("Kudlisch", "„eine Provokation, die niemandem nützt“")]
    # where nothing in the text shows it is a name, the word stays no speaker
    [a] = top("Kudlisch sagte dazu am Abend: „Nicht ich, sondern mein Sprecher ist festgenommen worden.“")
    assert a.source is None


def test_a_fronted_als_phrase_is_what_the_speaker_calls_something_not_the_speaker():
    # the bundled parser makes the quoted "Geschenk" behind "Als" the subject of "bezeichnet"
    [a] = top("Als „unerwartetes Geschenk“ bezeichnet die Archäologin Anna Berger den Fund.")
    assert (a.rule, a.source.text, a.claim.text) == (
        "verb.quoted-object", "die Archäologin Anna Berger", "„unerwartetes Geschenk“")
    # the "als" that opens a clause leaves its subject the speaker's
    text = "Als die Ärztin bemerkte, dass der Patient fror, rief sie: „Holt sofort eine Decke!“"
    assert [a.source.text for a in top(text) if a.claim.text.startswith("dass")] == ["die Ärztin"]


def test_the_text_a_message_comes_out_of_is_its_source():
    for text, source in (
            ("Wie aus einer Mitteilung der Feuerwehr hervorgeht, wurden drei Menschen verletzt.", "einer Mitteilung der Feuerwehr"),
            ("Aus dem Bericht der Kommission geht hervor, dass die Kosten weiter steigen.", "dem Bericht der Kommission"),
            ("Wie sich aus der Auswertung der Messdaten ergab, war die Brücke seit Jahren beschädigt.",
             "der Auswertung der Messdaten")):
        [a] = top(text)
        assert a.source.text == source, text


def test_the_agent_of_a_passive_cue_is_the_speaker_without_the_contraction_that_opens_it():
    [a] = top("Die Pläne der Stadt wurden vom Verkehrsclub als „völlig unrealistisch“ bezeichnet.")
    assert (a.rule, a.source.text, a.claim.text) == ("verb.quoted-object", "Verkehrsclub", "„völlig unrealistisch“")


def test_a_speech_verb_joined_to_the_verb_before_shares_its_subject_in_the_middle_field():
    # the bundled parser takes "die junge Lehrerin" for the object of "akzeptieren" and gives "gab vor" no subject
    [a] = top("Dies wollte die junge Lehrerin nicht akzeptieren und gab vor, eine Aussprache führen zu wollen.")
    assert (a.source.text, a.claim.text) == ("die junge Lehrerin", "eine Aussprache führen zu wollen")
    # the first verb's own subject stays the speaker
    [a] = top("Der Bürgermeister hat die Anwohner informiert und angekündigt, dass die Straße im Mai gesperrt wird.")
    assert a.source.text == "Der Bürgermeister"


def test_a_short_lower_case_particle_joined_to_a_name_is_part_of_it():
    [a] = top("18 Menschen sollen getötet worden sein, berichtet das arabische Nachrichtenportal al-Madina.")
    assert a.source.text == "das arabische Nachrichtenportal al-Madina"
    [a] = top("Laut al-Madina wurden 18 Menschen getötet.")
    assert a.source.text == "al-Madina"


def test_a_quoted_body_behind_a_name_and_vom_belongs_to_the_speaker():
    [a] = top("„Wir sind froh“, sagte Anna Berger vom „Bündnis für Arbeit“.")
    assert a.source.text == "Anna Berger vom „Bündnis für Arbeit“"


def test_adjectives_coordinated_before_the_noun_belong_to_the_speakers_phrase():
    # the bundled parser hangs the first adjective on the verb
    [a] = top("Arabische und iranische Medien berichteten, die Stadt sei gefallen.")
    assert a.source.text == "Arabische und iranische Medien"
    # a noun before "und" opens a phrase of its own
    [a] = top("Experten und betroffene Bürger warnten, die Lage sei ernst.")
    assert a.source.text == "Experten und betroffene Bürger"


def test_whom_it_was_told_is_not_the_speaker():
    text = "Die Botschaft in Riad teilte dem Fernsehsender CNN mit, dass keine Bürger verletzt worden seien."
    [a] = top(text)
    assert a.source.text == "Die Botschaft in Riad"


def test_how_and_when_the_speaker_spoke_is_not_part_of_the_speaker():
    # the parse hangs these phrases on the speaker's noun; they are the clause's circumstances
    for text, speaker in (
            ("Ein Kommissar nach der Festnahme erklärte, der Mann habe geschwiegen.", "Ein Kommissar"),
            ("Ein Polizist unter Berufung auf Augenzeugen sagte, das Auto sei zu schnell gefahren.", "Ein Polizist"),
            ("Das Gericht im Zuge der Beweisaufnahme stellte fest, dass der Angeklagte gelogen habe.", "Das Gericht")):
        [a] = top(text)
        assert a.source.text == speaker


def test_a_time_after_the_completed_speaker_phrase_is_cut_off():
    text = "Nach Angaben eines Sprechers des Unternehmens Siemens bis Montag werde das Werk geschlossen."
    [a] = top(text)
    assert a.source.text == "Angaben eines Sprechers des Unternehmens Siemens"


def test_a_board_member_or_head_of_department_after_the_name_is_part_of_the_speaker():
    for text, speaker in (
            ("Anna Berg, Vorstandsmitglied der Stiftung, sagte, das Geld reiche nicht.",
             "Anna Berg, Vorstandsmitglied der Stiftung"),
            ("Karl Weber, Ordnungsdezernent der Stadt Kassel, erklärte, die Straße bleibe gesperrt.",
             "Karl Weber, Ordnungsdezernent der Stadt Kassel")):
        [a] = top(text)
        assert a.source.text == speaker


def test_a_possessive_or_demonstrative_in_en_or_em_marks_an_object():
    text = "Der Kapitän nannte seinen Platzverweis überzogen und widersprach diesem Urteil."
    [doc] = chunking.parse_texts([text], load_config().settings)
    [sentence] = doc.sentences
    noun = {w.text: w for w in sentence.words}
    assert has_object_article(sentence, noun["Platzverweis"]) and has_object_article(sentence, noun["Urteil"])
    assert not has_object_article(sentence, noun["Kapitän"])


def test_a_contraction_before_the_verb_is_no_speaker_and_the_subject_may_stand_behind_an_adverb():
    # the bundled parser reads "Um" as "un dem" and makes it the subject; "dann" stands between verb and subject
    text = "Um 14:10 Uhr MEZ meldeten dann die Internet-Nachrichten des Senders, die Autobahn bleibe bis zum Abend gesperrt."
    [a] = top(text)
    assert (a.rule, a.source.text) == ("verb.complement", "die Internet-Nachrichten des Senders")
    # the name in quotation marks and the message's first name are one conjunct in the parse: the speaker ends at the comma
    [a] = top("Um 11:20 Uhr MEZ meldete die Nachrichtenseite „Heise“, Microsoft habe den Fehler inzwischen bestätigt.")
    assert (a.source.text, a.claim.text) == ("die Nachrichtenseite „Heise“", "Microsoft habe den Fehler inzwischen bestätigt")
    [a] = top("Gegen Mittag meldete dann die Polizei, der Täter sei gefasst.")
    assert (a.source.text, a.claim.text) == ("die Polizei", "der Täter sei gefasst")


def test_a_title_in_quotation_marks_is_no_one_s_words():
    text = ("Der Sender teilte mit, die Serie werde fortgesetzt. "
            "Die neue Staffel trägt den Titel „Star Trek Strange New Worlds“.")
    assert [a.rule for a in top(text)] == ["verb.complement"]


def test_a_clause_behind_the_comma_that_says_when_is_no_message():
    text = "Die Fluglotsen hatten sofort gemeldet, nachdem die Maschine auf den Radarschirmen nicht mehr zu sehen war."
    assert not [a for a in top(text) if a.claim.text.startswith("nachdem")]
    # a dass clause behind the same words still is one
    [a] = top("Die Fluglotsen hatten sofort gemeldet, dass die Maschine auf den Radarschirmen nicht mehr zu sehen war.")
    assert (a.source.text, a.claim.text) == ("Die Fluglotsen", "dass die Maschine auf den Radarschirmen nicht mehr zu sehen war")


def test_the_noun_phrase_before_zufolge_keeps_its_article_and_name():
    # the bundled parser hangs "Radio Bremen" on "Sender" as an apposition and ends the phrase at "Bremen"
    text = "Dem Sender Radio Bremen zufolge sind drei Menschen verletzt worden."
    [a] = top(text)
    assert (a.rule, a.source.text, a.claim.text) == (
        "phrase.zufolge", "Dem Sender Radio Bremen", "sind drei Menschen verletzt worden")


def test_an_abbreviation_in_brackets_closes_the_phrase_before_zufolge():
    text = "Einer Erklärung des Verbands Deutscher Zahnärzte (VDZ) zufolge steigen die Kosten im nächsten Jahr."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == (
        "Einer Erklärung des Verbands Deutscher Zahnärzte (VDZ)", "steigen die Kosten im nächsten Jahr")


def test_a_genitive_without_article_behind_the_wrapper_noun_stays_in_the_source():
    # the bundled tagger calls "mehrerer" a nominative and "US" a name: read whole, with the
    # compound joined at its hyphen, the words are a genitive plural ("Angaben örtlicher Behörden")
    text = "Berichten mehrerer US-Zeitungen zufolge wird der Konzern im Herbst zahlreiche Stellen streichen."
    [a] = top(text)
    assert (a.rule, a.source.text) == ("phrase.zufolge", "Berichten mehrerer US-Zeitungen")


def test_what_goes_on_after_nach_eigenem_bekunden_is_the_subjects_not_the_wrappers():
    text = ("Der ältere Bruder des Bischofs, Georg Berger, war nach eigenem Bekunden seit langem eingeweiht. "
            "„Mein Bruder wünscht sich im Alter mehr Ruhe.“ Der Rücktritt sei ein „natürlicher Vorgang“.")
    found = {a.rule: a.source.text for a in top(text)}
    # the phrase itself keeps its wrapper, as annotated; the quotation and the Konjunktiv after it go
    # to the one whose own words they are
    assert found == {"phrase.nach_reporting_noun": "eigenem Bekunden",
                     "quote.adjacent": "Der ältere Bruder des Bischofs, Georg Berger",
                     "continuation.konjunktiv": "Der ältere Bruder des Bischofs, Georg Berger"}


def test_a_reflexive_before_zufolge_is_no_part_of_the_source():
    text = "Bei dem Toten handelt es sich ersten Angaben zufolge um einen Wanderer aus der Region."
    sources = [a.source.text for a in top(text) if a.rule == "phrase.zufolge"]
    assert sources == ["ersten Angaben"]


def test_a_plural_noun_behind_a_laut_source_is_the_clauses_own_subject():
    text = "Bisher liegen laut Siemens Bestellungen für zwölf Züge vor."
    [a] = top(text)
    assert (a.rule, a.source.text) == ("phrase.laut", "Siemens")


def test_an_adjective_behind_a_laut_source_opens_a_phrase_of_its_own():
    text = "Die meisten Verletzten sind laut ZDF deutsche Urlauber aus Bayern."
    [a] = top(text)
    assert (a.rule, a.source.text) == ("phrase.laut", "ZDF")


def test_a_genitive_without_article_still_belongs_to_the_source():
    text = "Nach Angaben örtlicher Behörden wurden drei Häuser zerstört."
    [a] = top(text)
    assert a.source.text == "Angaben örtlicher Behörden"



@pytest.mark.parametrize("text, source, claim", [
    # the bundled parser takes the object after the verb for its subject
    ("Der Vorsitzende des Elternrats, Thomas Weber, hatte Bürgermeister Krause gestern aufgefordert, "
     "die Schule zu erhalten.", "Der Vorsitzende des Elternrats, Thomas Weber", "die Schule zu erhalten"),
    ("Anna Roth, die Sprecherin der Initiative, bat Ministerin Lange, den Bau zu stoppen.",
     "Anna Roth, die Sprecherin der Initiative", "den Bau zu stoppen"),
    ("Die Präsidentin des Verbands, Maria Keller, begründete die Forderung damit, dass die Kosten gestiegen seien.",
     "Die Präsidentin des Verbands, Maria Keller", "dass die Kosten gestiegen seien"),
])
def test_a_fronted_name_with_its_apposition_before_the_verb_is_the_speaker(text, source, claim):
    [a] = top(text)
    assert (a.source.text, a.claim.text) == (source, claim)


def test_a_fronted_object_is_no_speaker():
    text = "Die Anwohner, die gegen den Ausbau protestiert hatten, warnte er, die Straße werde noch lauter."
    assert [a.source.text for a in top(text)] == ["er"]


def test_a_fronted_subject_with_a_relative_clause_is_the_speaker_over_the_object():
    # the bundled parser takes the object "die Einblendungen" for the subject of "begründete"
    text = ("Der Sender, der für die Umfragen verantwortlich ist, begründete die Einblendungen damit, "
            "dass die Grafiken geschützt seien.")
    [a] = top(text)
    assert (a.source.text, a.claim.text) == ("Der Sender", "dass die Grafiken geschützt seien")


def test_a_capitalised_adverb_the_tagger_calls_a_noun_is_no_speaker():
    # the bundled parser makes "Ferner" the subject and "die Studie" the object
    text = "Ferner habe die Studie festgestellt, dass die Mieten stark gestiegen seien."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == ("die Studie", "dass die Mieten stark gestiegen seien")


def test_a_sentence_adverb_of_the_lexicon_before_the_verb_is_no_speaker():
    # the bundled parser makes "Unterdessen" the subject and "mehrere Abgeordnete" the object
    text = "Unterdessen haben mehrere Abgeordnete der Opposition angekündigt, sie würden dagegen klagen."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == ("mehrere Abgeordnete der Opposition", "sie würden dagegen klagen")


def test_a_capitalised_preposition_the_tagger_calls_a_noun_is_no_speaker():
    # the bundled parser makes "Angesichts" the subject and "der Anwalt" the object
    text = "Angesichts des Urteils erwägt der Anwalt, mit seinem Mandanten in Berufung zu gehen."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == ("der Anwalt", "mit seinem Mandanten in Berufung zu gehen")


def test_an_inserted_so_clause_names_the_speaker_behind_its_verb():
    # the bundled parser makes "Der Grund" the subject of "vermutet" and "die Zeitung" its object
    text = "Der Grund für die Entlassung der Minister, so vermutet die Zeitung, dürfte deren Nähe zum Gegenkandidaten gewesen sein."
    [a] = top(text)
    assert a.source.text == "die Zeitung"


def test_a_postposed_speakers_apposition_to_the_end_of_the_sentence_is_part_of_the_speaker():
    text = "Die Verletzten seien außer Lebensgefahr, sagte Thomas Berger, der Sprecher der „Feuerwehr“."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == ("Thomas Berger, der Sprecher der „Feuerwehr“", "Die Verletzten seien außer Lebensgefahr")


def test_a_name_in_apposition_to_a_role_is_part_of_the_speaker_when_the_tagger_calls_it_a_noun():
    # the bundled tagger calls "Frank" and "Weise" nouns; the entity tagger puts them in a name
    text = ("„Die Zahl der offenen Stellen steigt“, äußerte sich der Chef der Bundesagentur für Arbeit, "
            "Frank-Jürgen Weise, in Nürnberg.")
    [a] = top(text)
    assert (a.source.text, a.claim.text) == (
        "der Chef der Bundesagentur für Arbeit, Frank-Jürgen Weise", "„Die Zahl der offenen Stellen steigt“")


def test_a_conjunct_verb_behind_a_quotation_shares_the_subject_of_the_verb_that_introduced_it():
    # the parse joins "kündigte" to the verb inside the quotation, whose subject is "das"; the
    # subject nearest outside the claim would be "Weber"
    text = ("Die Stadträtin Anna Roth erklärte, Weber sei „ein Freund der Banken, und das passt nicht zu dieser "
            "Stadt“ und kündigte an, im Herbst gegen Weber anzutreten.")
    [a] = [a for a in top(text) if a.cue.text == "kündigte an"]
    assert (a.source.text, a.claim.text) == ("Die Stadträtin Anna Roth", "im Herbst gegen Weber anzutreten")


@pytest.mark.parametrize("text, cue, source, claim", [
    # the bundled parser hangs the message on the outer verb
    ("Der Minister wies die Kritik am Abend zurück, indem er sagte, die Reform werde die Kosten nicht erhöhen.",
     "sagte", "er", "die Reform werde die Kosten nicht erhöhen"),
    (("Die Anwohner haben heftig gegen den Bau protestiert, da sie befürchten, der Lärm könnte ihre Gesundheit "
      "gefährden."), "befürchten", "sie", "der Lärm könnte ihre Gesundheit gefährden"),
])
def test_a_speech_verb_closing_an_indem_or_da_clause_reports_the_konjunktiv_clause_behind_it(text, cue, source, claim):
    # and the outer verb, which says what was done, reports nothing of its own
    [a] = top(text)
    assert (a.cue.text, a.source.text, a.claim.text) == (cue, source, claim)


@pytest.mark.parametrize("text, claim", [
    ("Der Sprecher sagte, der Mann, der am Montag festgenommen worden war, sei inzwischen wieder frei.",
     "der Mann, der am Montag festgenommen worden war, sei inzwischen wieder frei"),
    (("Die Zeitung meldet, die Journalistin, die sich wochenlang in Gefangenschaft befunden hatte, habe "
      "die offizielle Version bestritten."),
     "die Journalistin, die sich wochenlang in Gefangenschaft befunden hatte, habe die offizielle Version bestritten"),
])
def test_a_message_whose_subject_carries_a_relative_clause_starts_at_the_comma_behind_the_verb(text, claim):
    a = next(a for a in top(text) if a.rule == "verb.complement")
    assert a.claim.text == claim


def test_a_comma_after_a_postposed_speaker_before_a_message_clause_adds_no_apposition():
    text = "Die Lage sei ernst, sagte Müller, die Stadt müsse handeln."
    assert all(a.source.text == "Müller" for a in top(text))


def test_a_fronted_document_runs_to_heisst_es_over_when_it_was_issued():
    # the surface reading ends the phrase before the time; the place before the verb is the document's
    text = "In der Erklärung des Vereins vom vergangenen Montag heißt es, man werde gegen das Urteil klagen."
    [a] = top(text)
    assert (a.rule, a.source.text, a.claim.text) == (
        "phrase.heißt_es", "der Erklärung des Vereins vom vergangenen Montag", "man werde gegen das Urteil klagen")


def test_hiess_es_vom_names_the_speaker_behind_the_contraction():
    text = "Die Verhandlungen seien vorerst gescheitert, hieß es vom Sprecher des Ministeriums."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == ("Sprecher des Ministeriums", "Die Verhandlungen seien vorerst gescheitert")


def test_a_passive_verb_inside_a_quotation_so_attributes_is_not_its_cue():
    text = "„Das Boot wird zwischen den beiden Inseln vermutet“, so der Sprecher der Küstenwache."
    [a] = top(text)
    assert (a.source.text, a.cue.text) == ("der Sprecher der Küstenwache", "so")


def test_the_subject_behind_the_verb_after_a_fronted_phrase_with_als():
    # the bundled parser makes both "Beispiel" and "die Behörde" subjects of "nannte"
    text = "Als Beispiel nannte die Behörde den Umbau der alten Brücke am Stadtrand."
    [a] = top(text)
    assert a.source.text == "die Behörde"


@pytest.mark.parametrize("text, source, claim", [
    ("Die Agentur zitiert eine Erklärung der Behörde, in der es heißt, dass die Sperre aufgehoben werde.",
     "eine Erklärung der Behörde", "dass die Sperre aufgehoben werde"),
    ("Er veröffentlichte ein Schreiben der Rechtsabteilung, in dem mitgeteilt wird, dass die Daten "
     "herausgegeben werden müssen.", "ein Schreiben der Rechtsabteilung", "dass die Daten herausgegeben werden müssen"),
])
def test_a_passive_or_impersonal_cue_in_a_relative_clause_cites_the_text_it_is_in(text, source, claim):
    found = [(a.source.text if a.source else None, a.claim.text) for a in top(text) if a.rule == "verb.complement"]
    assert found == [(source, claim)]


@pytest.mark.parametrize("text, source", [
    ("In einem Bericht der Lokalzeitung wurde vermutet, dass keiner der Insassen überlebt hat.",
     "einem Bericht der Lokalzeitung"),
    ("So wird in einer Pressemitteilung der Organisation gefordert, dass die Regierung handelt.",
     "einer Pressemitteilung der Organisation"),
])
def test_a_passive_cue_without_agent_cites_the_report_it_stands_in(text, source):
    [a] = top(text)
    assert a.source.text == source


@pytest.mark.parametrize("text, source", [
    ("Zwei Tage später sagte die Ministerin, die Schule bleibe geschlossen.", "die Ministerin"),
    ("Wenige Minuten danach teilte die Polizei mit, dass der Täter gefasst sei.", "die Polizei"),
    ("Drei Wochen vor der Wahl erklärte der Kandidat, er werde nicht antreten.", "der Kandidat"),
])
def test_a_fronted_span_of_time_is_no_speaker(text, source):
    [a] = top(text)
    assert a.source.text == source


def test_without_a_message_clause_the_speaker_is_the_subject_left_after_the_fronted_phrase():
    # the bundled parser makes "Grund" a subject beside "der Verein"
    text = "Als Grund für die Absage nannte der Verein die hohen Kosten für die Ordner."
    [a] = top(text)
    assert (a.rule, a.source.text) == ("verb.reported", "der Verein")


def test_the_text_before_a_relative_clause_keeps_its_prepositional_attribute():
    text = ("Man zitiert eine Erklärung der Behörde für Informations- und Kommunikationstechnik, "
            "in der es heißt, dass die Sperre gelte.")
    [a] = [a for a in top(text) if a.rule == "verb.complement"]
    assert a.source.text == "eine Erklärung der Behörde für Informations- und Kommunikationstechnik"


def test_an_apposition_of_a_fronted_nach_angaben_source_runs_to_the_verb():
    text = "Nach Angaben des Hauptsponsors der Show, dem Getränkehersteller Pepsi, werde es der erste gemeinsame Auftritt sein."
    [a] = top(text)
    assert (a.source.text, a.claim.text) == (
        "Angaben des Hauptsponsors der Show, dem Getränkehersteller Pepsi", "werde es der erste gemeinsame Auftritt sein")


@pytest.mark.parametrize("text, source", [
    ("Wie die Notenbank in Rom bekannt gab, tritt der Präsident zurück.", "die Notenbank in Rom"),
    ("Der Gerichtshof in Den Haag entschied, die Klage sei zulässig.", "Der Gerichtshof in Den Haag"),
    # a time or whom it was told between the subject and its verb is no part of the speaker
    ("Wie die Polizei am Montag mitteilte, wurde niemand verletzt.", "die Polizei"),
    ("Wie eine Sprecherin gegenüber der Zeitung bestätigte, plant die Firma neue Werke.", "eine Sprecherin"),
])
def test_a_place_between_the_subject_and_its_verb_belongs_to_the_speaker(text, source):
    [a] = top(text)
    assert a.source.text == source


@pytest.mark.parametrize("text, source", [
    ("Wie „heise online“ berichtet, sperrten die Behörden den Zugang.", "„heise online“"),
    ("Das „National Hurricane Centre“ der USA geht davon aus, dass der Sturm stärker wird.",
     "Das „National Hurricane Centre“ der USA"),
    ("Der Hacker „Muslix64“ erwähnte auch, dass der Schutz geknackt sei.", "Der Hacker „Muslix64“"),
])
def test_a_quoted_name_in_the_speaker_is_whole_with_its_marks(text, source):
    [a] = top(text)
    assert a.source.text == source


def test_a_noun_phrase_behind_gegenueber_is_whom_it_was_told_not_the_speaker():
    # the bundled tagger calls "gegenüber" an adverb and makes the agency a second subject of "sagte"
    text = ("Maria Keller, die Vorsitzende des Elternvereins Grünwald (EVG) sagte gegenüber der Nachrichtenagentur dpa: "
            "„Wir werden nicht aufgeben und weiter für die Schule kämpfen.“")
    [a] = top(text)
    assert a.source.text.startswith("Maria Keller")
    assert a.addressee is not None and a.addressee.text.startswith("der Nachrichtenagentur")


def test_has_object_article_takes_a_preposition_before_the_phrase_for_an_object():
    sentence = provenance.parse("Der Bürgermeister sagte gegenüber der Zeitung, die Straße werde gesperrt.").sentences[0]
    noun = {w.text: w for w in sentence.words}
    assert has_object_article(sentence, noun["Zeitung"])
    assert not has_object_article(sentence, noun["Bürgermeister"])


def test_a_lower_case_name_the_parse_hangs_on_the_noun_belongs_to_the_phrase():
    text = "Der Bürgermeister sagte gegenüber der Nachrichtenagentur dpa, die Straße werde im Herbst gesperrt."
    [a] = top(text)
    assert (a.source.text, a.addressee.text) == ("Der Bürgermeister", "der Nachrichtenagentur dpa")


def test_a_plural_noun_without_article_behind_a_laut_name_opens_the_clause():
    text = "Grund für den Ausfall waren laut Ministerium Arbeiten an der Leitung vom Kraftwerk in das Netz."
    [a] = top(text)
    assert a.source.text == "Ministerium"


@pytest.mark.parametrize("text, cited", [
    ("Die Staatsanwaltschaft beantragte nach Abschluss der Ermittlungen die Eröffnung des Verfahrens.", False),
    ("Auch nach fast einem Jahr Untersuchungshaft konnte ihm der Diebstahl nicht nachgewiesen werden.", False),
    ("Nach UNHCR-Angaben sind mehr als 2.000 Menschen geflohen.", True),
    ("Nach ersten Erkenntnissen der Polizei war der Fahrer betrunken.", True),
])
def test_nach_cites_a_source_only_when_its_reporting_noun_heads_the_phrase(text, cited):
    # "nach Abschluss der Ermittlungen" says when, not who said it
    assert any(a.rule == "phrase.nach_reporting_noun" for a in top(text)) == cited


@pytest.mark.parametrize("text, source", [
    # a genitive behind an abbreviation in brackets goes on with the phrase ...
    ("Nach Angaben des Internationalen Währungsfonds (IWF) der Vereinten Nationen wächst die Wirtschaft kaum.",
     "Angaben des Internationalen Währungsfonds (IWF) der Vereinten Nationen"),
    # ... anything else behind it does not
    ("Nach Angaben des Südwestrundfunks (SWR) laufen Ermittlungen gegen einen weiteren Mitarbeiter.",
     "Angaben des Südwestrundfunks (SWR)"),
])
def test_an_abbreviation_in_brackets_closes_a_source_phrase_unless_a_genitive_follows(text, source):
    [a] = top(text)
    assert a.source.text == source


def test_a_phrase_cue_in_a_question_reports_nothing():
    assert top("Welche Vorschläge der Novelle sind Ihrer Meinung nach verfassungswidrig?") == []
    [a] = top("Die Reform ist seiner Meinung nach verfassungswidrig.")
    assert a.rule == "phrase.meinung_nach"
