"""Kinds, anonymity, outlets and the publisher: the source-side debts of
issues 10 and 15 on invented text."""

import functools
import io
import shutil

import pytest
from rich.console import Console

import provenance
from provenance.config import DEFAULT_CONFIG_DIR, load_config
from provenance.errors import ConfigError
from provenance.graph import corpus_graph
from provenance.queries import trace
from provenance.report import SHARE_DEFINITION, render, unsourced_share
from provenance.sources import UNRESOLVED, find_publisher, lexicon_for


@pytest.fixture(scope="module")
def lexicon():
    return lexicon_for(load_config())


@functools.cache
def analyzed(text: str):
    return provenance.analyze(text)


# --- outlets whose alias is a common noun ------------------------------------

@pytest.mark.parametrize("text", [
    "Das Festival zeigt Filme aus aller Welt.",
    "Zur Zeit ist die Lage unklar.",
    "Das Bild zeigt den Minister beim Handschlag.",
    "Der Standard der Geräte ist hoch.",
    "Er sah in den Spiegel.",
    "Die Welt schaut auf das Gipfeltreffen.",
])
def test_a_common_noun_alias_is_no_outlet_as_a_common_noun(lexicon, text):
    assert lexicon.outlet(text) is None


@pytest.mark.parametrize("text, outlet", [
    ("wie die Zeitung „Welt“ berichtet", "Die Welt"),
    ("sagte er der Tageszeitung Die Welt", "Die Welt"),
    ("laut Informationen des Spiegel", "Der Spiegel"),
    ("berichtete das Magazin Stern am Montag", "Stern"),
    ("sagte sie dem österreichischen Standard", None),
    ("wie die Süddeutsche Zeitung schreibt", "Süddeutsche Zeitung"),
    ("meldete die Agentur dpa", "dpa"),
])
def test_an_alias_in_a_form_that_names_the_outlet(lexicon, text, outlet):
    found = lexicon.outlet(text)
    assert (found[0] if found else None) == outlet


def test_the_gazetteer_is_large_and_typed():
    outlets = load_config().outlets.outlets
    assert len(outlets) >= 300
    types = {o.type for o in outlets.values()}
    assert types == {"agency", "newspaper", "magazine", "broadcaster", "website"}
    for name in ("Kronen Zeitung", "Neue Zürcher Zeitung", "Basler Zeitung", "ORF", "SRF", "Xinhua", "Le Monde"):
        assert name in outlets


# --- the publisher footer -------------------------------------------------------

def test_a_footer_source_stops_at_the_line_end():
    config = load_config()
    text = "Der Gemeinderat tagte am Abend.\nQuelle: dpa\nweitere Meldungen aus der Region"
    publisher = find_publisher(text, config)
    assert publisher.name == "dpa"
    assert text[publisher.evidence.start:publisher.evidence.end] == "dpa"


def test_a_lower_case_word_after_a_copyright_sign_is_no_publisher():
    assert find_publisher("Das Foto (c) zeigt den Minister in Berlin.", load_config()) is None


def test_a_copyright_line_names_its_outlet():
    text = "Der Text endet hier.\n© 2023 Nordstadt Kurier Verlag"
    publisher = find_publisher(text, load_config())
    assert publisher.name == "Nordstadt Kurier Verlag"


# --- the configuration rejects duplicates and conflicts ----------------------------

def _config_copy(tmp_path):
    target = tmp_path / "configs"
    shutil.copytree(DEFAULT_CONFIG_DIR, target)
    return target


def test_an_alias_naming_two_outlets_is_an_error(tmp_path):
    target = _config_copy(tmp_path)
    path = target / "outlets.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  Nordstadt-Bote: {type: newspaper, aliases: [CNN]}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"outlets\.yaml.*'CNN' also names the outlet 'CNN'"):
        load_config(target)


def test_a_single_source_noun_must_be_a_vague_source_too(tmp_path):
    # its bare and plural forms ("Quellen") are read by ``unspecified_nouns``: a noun missing there is an error
    target = _config_copy(tmp_path)
    path = target / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("single_sources: [quelle]", "single_sources: [quelle, tipp]"),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\.yaml: key 'single_sources\.tipp': not in 'unspecified_nouns'"):
        load_config(target)


# --- kinds ---------------------------------------------------------------------------

def _origin(result, fragment=""):
    """The source of the first attribution whose claim holds ``fragment`` (the first attributed one by default)."""
    by_id = {s.id: s for s in result.sources}
    attribution = next(a for a in result.attributions if fragment in a.claim.text and a.source_id)
    return by_id[attribution.source_id]


@pytest.mark.parametrize("text, fragment, kind, anonymous", [
    ("Ein namentlich nicht genannter Beamter sagte, der Vertrag sei unterschriftsreif.", "Vertrag", "anonymous", True),
    ("Augenzeugen berichteten, das Dach sei eingestürzt.", "Dach", "anonymous", True),
    ("Ein Beamter der Stadtverwaltung sagte, das Rathaus bleibe geschlossen.", "Rathaus", "anonymous", True),
    ("Eine Sprecherin der Stadtverwaltung sagte, das Rathaus bleibe geschlossen.", "Rathaus", "official", False),
    ("Der Bericht sei noch nicht fertig, hieß es.", "Bericht", None, None),
    ("Experten zufolge wird der Winter mild.", "Winter", "unspecified", True),
    ("Medienberichten zufolge wurde der Trainer entlassen.", "Trainer", "unspecified", True),
    ("Nach Behördenangaben wurden drei Menschen verletzt.", "Menschen", "unspecified", True),
    ("Laut Polizei wurden drei Menschen verletzt.", "Menschen", "organization", False),
    # authorities a compound names by their body are that body; unspecific ones are not
    ("Den Polizeibehörden in Mombasa zufolge wurden zwei Männer festgenommen.", "Männer", "organization", False),
    ("Nach Angaben der Sicherheitsbehörden wurden zwei Männer festgenommen.", "Männer", "unspecified", True),
    ("Die Bundesregierung erklärte, das Gesetz komme im Herbst.", "Gesetz", "organization", False),
    ("Die Agentur dpa meldete, der Flughafen sei geschlossen.", "Flughafen", "outlet", False),
    # generic groups are unspecified, counted individuals anonymous
    ("Laut Anwohnern war der Knall kilometerweit zu hören.", "Knall", "unspecified", True),
    ("Laut Gutachtern war die Brücke seit Jahren marode.", "Brücke", "unspecified", True),
    ("Vertreter der Armee sagten, der Angriff sei abgewehrt worden.", "Angriff", "official", False),
    ("Zwei Passanten sagten, der Fahrer sei zu schnell gewesen.", "Fahrer", "anonymous", True),
    ("Ein Übertrittswilliger sagte, er fühle sich bedroht.", "fühle", "anonymous", True),
    # a sentence adverb the tagger reads as a noun names no one: the claim is sourceless,
    # or the pronoun beside it speaks (unresolved here: no one is named before it)
    ("Insbesondere sagte er, die Lage sei ernst.", "Lage", "unspecified", True),
    ("Sinngemäß sagte der Minister, die Lage sei ernst.", "Lage", None, None),
    # a role of a body named with it is an official of its own, not the unnamed employee before
    ("Ein Mitarbeiter einer Hilfsorganisation sagte, die Lage sei ernst. "
     "Der Vorsitzende der Regionalregierung sagte, Hilfe sei unterwegs.", "Hilfe", "official", False),
    # an agency that is no news agency, and an intelligence service, are bodies, not media
    ("Die Lage habe sich verschlechtert, teilte die Ratingagentur Fitch mit.", "Lage", "organization", False),
    ("Der Nachrichtendienst teilte mit, die Gefahr sei gestiegen.", "Gefahr", "organization", False),
    # a reporter of a named outlet is an official of it, not the outlet
    ("Ein Journalist der Nachrichtenagentur Reuters sagte, die Straße sei gesperrt.", "Straße", "official", False),
    # a name whose last word is an institution word is a body, whatever the entity tagger says
    ("Der Professor sei gestorben, teilte die zur Stanford University gehörende Hoover Institution mit.",
     "Professor", "organization", False),
    ("Die Server seien wieder erreichbar, teilte Wikimedia Deutschland mit.", "Server", "organization", False),
    ("Laut einer Information des Bundeskriminalamtes ist die Lage ruhig.", "Lage", "organization", False),
    # a country's state medium is one outlet; bodies of no one in particular are a generic group
    ("Das staatliche ägyptische Fernsehen meldete, der Damm halte.", "Damm", "outlet", False),
    ("Hilfsorganisationen zufolge fehlt es an Trinkwasser.", "Trinkwasser", "unspecified", True),
    # a board member named after the board speaks himself
    ("Der Absatz werde sinken, sagte Siemens-Vorstand Klaus Berger.", "Absatz", "person", False),
    # a capital speaks for its government; a role of a country is its official; an article is its outlet's
    ("Die Armee habe die Stadt eingenommen, sagte Khartum am Montag.", "Armee", "organization", False),
    ("Der Vertreter Libyens sagte, die Souveränität des Landes sei verletzt.", "Souveränität", "official", False),
    ("Laut einem Artikel von BBC News ist die Zahl der Opfer gestiegen.", "Opfer", "outlet", False),
    # a named outlet's report is the outlet's, a body's figures the body's, whatever the compound
    ("Laut einer dpa-Meldung ist der Flughafen geschlossen.", "Flughafen", "outlet", False),
    ("Laut USGS-Angaben hatte das Beben eine Stärke von 6,1.", "Beben", "organization", False),
    # a capitalised adjective makes a media noun part of a name
    ("Nach einem Bericht der Ostfriesischen Rundschau wurde der Deich erhöht.", "Deich", "outlet", False),
    # a name with a role in apposition is a person; a politician is a person noun, not a body
    ("Der Sturm ziehe nach Süden, sagte Tony Auden, ein Sprecher des Zyklonwarnzentrums in Brisbane.", "Sturm",
     "person", False),
    ("Gegenüber der Zeitung sagte der Linkspolitiker, die Steuer müsse steigen.", "Steuer", "official", False),
    ("Nach Meinung des CDU-Politikers ist die Steuer zu hoch.", "Steuer", "official", False),
    # an outlet written with a hyphen is the outlet; a name after a body's compound is the body's
    ("Der Trainer sei entlassen, zitiert Welt-Online einen Vereinssprecher.", "Trainer", "outlet", False),
    ("Laut dem Konzert-Büro Richard Weber ist die Tournee ausverkauft.", "Tournee", "organization", False),
    # a quotation right after a compound wrapper is what was said, not who said it
    ('Der Täter rief bei dem Angriff laut Zeugenaussagen "Britain First". Das Gericht verurteilte ihn.', "Täter",
     "anonymous", True),
    # a common noun of the lexicon the entity tagger put into a name names no one; nor is a
    # compound of a group noun a surname
    (("Die Bande ist in vielen Ländern aktiv. Im Drogengeschäft nimmt die Organisation Schätzungen zufolge "
      "jährlich 40 Milliarden Euro ein."), "Drogengeschäft", "unspecified", True),
    ("Freizeitforscher bezweifeln aber, dass so viele Besucher kommen werden.", "Besucher", "unspecified", True),
    # supporters of someone of a party are a group, not the party
    ("Die Befürworter eines Kandidaten aus den Reihen der SPD sagten, die Wahl sei offen.", "Wahl",
     "unspecified", True),
    # a group named after someone is still a group of no one in particular
    ("Brandt-Kenner sagten, die Reform sei überfällig.", "Reform", "unspecified", True),
    # a capitalised common noun the entity tagger took for a name is no person
    ("Insider sagten, die Fusion sei beschlossen.", "Fusion", "anonymous", True),
    ("Informierte Kreise sagten, die Fusion sei beschlossen.", "Fusion", "anonymous", True),
    # a group the tagger calls singular is plural by its article; the internet is no one in particular
    ("Die Mönche sagten, das Kloster bleibe offen.", "Kloster", "unspecified", True),
    ("Die Rettungskräfte berichteten, das Dach sei eingestürzt.", "Dach", "unspecified", True),
    ("Im Internet hieß es, das Konzert falle aus.", "Konzert", "unspecified", True),
    # a role holder of the person a possessive refers to is an official
    ("Der Unternehmer Karl Holm ist gestorben. Nach Angaben seines Vermögensverwalters hinterlässt er drei Firmen.",
     "Firmen", "official", False),
    # a body whose name reads as common words, or is written in lower case, is that body
    ("Nach Angaben von Ärzte ohne Grenzen ist das Lager überfüllt.", "Lager", "organization", False),
    (("Die Menschenrechtsorganisation amnesty international (ai) hat einen Bericht vorgelegt. "
      "Laut ai-Bericht werden Gefangene gefoltert."), "Gefangene", "organization", False),
    (("Die Menschenrechtsorganisation amnesty international (ai) hat einen Bericht vorgelegt. "
      "Nach Ansicht von ai werden Gefangene gefoltert."), "Gefangene", "organization", False),
    # a legal form names a company, with its dot or without
    ("Lindqvist Corp teilte am Montag mit, der Umsatz sei im letzten Jahr gestiegen.", "Umsatz", "organization", False),
    # organisers are identified where a clause names the body that called for the event, else not
    ("Am Samstag demonstrierten über 500 Menschen gegen die neue Autobahn. Die Veranstalter schätzten etwa 800 "
     "Teilnehmer. Zu der Demonstration hatte die Bürgerinitiative Lebenswertes Kassel aufgerufen.",
     "800 Teilnehmer", "organization", False),
    ("Am Samstag demonstrierten über 500 Menschen gegen die neue Autobahn. Die Veranstalter schätzten etwa 800 "
     "Teilnehmer.", "800 Teilnehmer", "organization", True),
    # a wiki is a body's website (sources.yaml organization_words), whatever the tagger types its name
    ("Der Minister soll nach Angaben von Zitatjagd Wiki in seiner Doktorarbeit abgeschrieben haben.",
     "Doktorarbeit", "organization", False),
    # a body's name in quotation marks, whatever the tagger makes of its words ("Oberste" as a rank)
    ("Wenige Stunden nach dem Putsch erklärte der neue „Oberste Rat zur Rettung der Republik“, die Verfassung "
     "sei ausgesetzt.", "Verfassung", "organization", False),
    # "man" is no one in particular: unspecified, never resolved to someone named before it
    ("Der Vorstand tagte am Montag. Man sagt, die Brücke sei marode.", "Brücke", "unspecified", True),
])
def test_kind_and_anonymity(text, fragment, kind, anonymous):
    result = analyzed(text)
    if kind is None:  # no speaker: sourceless
        found = [a for a in result.attributions if fragment in a.claim.text]
        assert found and all(a.source is None and a.source_id is None for a in found)
        return
    source = _origin(result, fragment)
    assert (source.kind, source.anonymous) == (kind, anonymous), source


# --- one definition of the anonymity share --------------------------------------------

SHARE_TEXT = ("Es hieß, die Wahl werde um eine Woche verschoben. "
              "Bürgermeister Hans Vogt sagte, die Stadt sei vorbereitet.")


def test_a_role_whose_affiliation_ends_with_a_name_is_that_person():
    source = _origin(analyzed("Der Bürgermeister von Kassel Hans Thalberg sagte, die Brücke werde gesperrt."),
                     "Brücke")
    assert (source.name, source.kind, source.anonymous) == ("Hans Thalberg", "person", False)


def test_a_first_name_split_at_its_hyphen_stays_in_the_name():
    source = _origin(analyzed("Laut Franz-Josef Weber sollen 1.500 Soldaten entsandt werden."), "Soldaten")
    assert (source.name, source.kind) == ("Franz-Josef Weber", "person")


def test_an_unnamed_official_is_named_by_a_nominative_descriptor():
    source = _origin(analyzed("Ein namentlich nicht genannter Beamter sagte, die Pläne seien gestoppt."), "Pläne")
    assert (source.name, source.kind, source.anonymous) == ("Beamter", "anonymous", True)


def test_a_masculine_role_after_eines_is_named_in_the_masculine():
    # "eines" does not tell masculine from neuter; the role noun's form does
    source = _origin(analyzed("Angaben eines neutralen Vermittlers zufolge sind die Gespräche gescheitert."),
                     "Gespräche")
    assert (source.name, source.kind, source.anonymous) == ("neutraler Vermittler", "anonymous", True)


def test_a_claim_without_source_counts_in_the_share_and_in_queries_alike():
    result = analyzed(SHARE_TEXT)
    assert len(result.chains) == 2
    assert unsourced_share(result) == 0.5
    anonymous = trace([result], anonymous=True)
    assert [t.claim for t in anonymous] == ["die Wahl werde um eine Woche verschoben"]
    # the report says so in words, beside the figure
    screen = io.StringIO()
    render(result, Console(file=screen, width=400))
    assert "50% of claims rest on anonymous or unspecified sources or on none" in screen.getvalue()
    assert SHARE_DEFINITION in " ".join(screen.getvalue().split())


# --- the graph merges by resolved entity -------------------------------------------------

def test_no_pronoun_is_ever_a_source_node():
    texts = ["Wirtschaftsministerin Petra Albers besuchte das Werk in Kassel. Sie sagte, die Förderung bleibe.",
             "Sie sagten, das Wasser sei wieder sauber.",
             "Petra Albers sagte am Dienstag, der Haushalt stehe."]
    results = [provenance.analyze(t, id=f"a{k}") for k, t in enumerate(texts)]
    graph = corpus_graph(results)
    labels = [d["label"] for _, d in graph.nodes(data=True) if d.get("type") == "source"]
    assert not {"Sie", "sie", "Er", "er", "Demnach", "Angaben"} & set(labels)
    assert labels.count("Petra Albers") == 1  # one node across both articles
    assert UNRESOLVED in labels
    node = next(n for n, d in graph.nodes(data=True) if d.get("label") == "Petra Albers")
    assert sorted(graph.nodes[node]["articles"]) == ["a0", "a2"]


# --- speaker spans: the noun phrase the annotation marks ------------------------------

@pytest.mark.parametrize("text, fragment, span", [
    # whom the speaker told is the addressee, not part of the speaker
    ("„Das Alter drückt“, sagte Karl Brenner zur Nachrichtenagentur dpa.", "Alter", "Karl Brenner"),
    # a relative clause after the name is no part of the speaker phrase
    ("Bürgermeister Karl Brenner, der der SPD angehört, verwies auf die hohen Kosten.", "Kosten",
     "Bürgermeister Karl Brenner"),
    # a name in apposition closing the phrase is the speaker's name
    ("Einer der Organisatoren, Lukas Feld, sagte, die Demonstration sei friedlich verlaufen.", "Demonstration",
     "Einer der Organisatoren, Lukas Feld"),
    # a role noun in apposition after the name belongs to the speaker phrase
    ("„Die Lage ist ernst“, sagte Karin Vogt, die Leiterin der Kasseler Beratungsstelle für Suchtfragen.", "Lage",
     "Karin Vogt, die Leiterin der Kasseler Beratungsstelle für Suchtfragen"),
    # so does the name after a role phrase, and the claim starts after it
    ("Nach den Worten der Sprecherin der Grünen-Fraktion, Maria Lenz, fehlt es an einem durchdachten Konzept.",
     "Konzept", "den Worten der Sprecherin der Grünen-Fraktion, Maria Lenz"),
    # the noun a genitive source hangs on
    ("Ermittlungen der Polizei zufolge war der Fahrer betrunken.", "Fahrer", "Ermittlungen der Polizei"),
])
def test_the_speaker_span_is_the_noun_phrase(text, fragment, span):
    result = analyzed(text)
    attribution = next(a for a in result.attributions if fragment in a.claim.text)
    assert attribution.source is not None and attribution.source.text == span


def test_a_wrapper_followed_only_by_a_time_names_no_one():
    source = _origin(analyzed("Ersten Angaben vom Mittwoch zufolge gehörte das Flugzeug dem Institut."), "Flugzeug")
    assert (source.kind, source.anonymous) == ("unspecified", True) and "Mittwoch" != source.name


def test_a_claim_that_began_with_the_speakers_name_starts_after_it():
    result = analyzed("Nach den Worten der Sprecherin der Grünen-Fraktion, Maria Lenz, fehlt es an einem "
                      "durchdachten Konzept.")
    attribution = next(a for a in result.attributions if "Konzept" in a.claim.text)
    assert attribution.claim.text == "fehlt es an einem durchdachten Konzept"
    assert _origin(result, "Konzept").name == "Maria Lenz"


def _repaired(text, source, claim):
    """The source-side repair of a finding whose spans are given as text, over the real parse."""
    from provenance.rules import Finding
    from provenance.records import Span
    from provenance.sources.repair import complete_sources

    doc = provenance.parse(text)
    start, claim_start = text.index(source), text.index(claim)
    finding = Finding("test", "indirect", None, None, Span.of(text, start, start + len(source)),
                      Span.of(text, claim_start, claim_start + len(claim)), 1.0, "")
    (repaired,) = complete_sources(doc, [finding], lexicon_for(load_config()))
    return repaired.source.text if repaired.source else None


@pytest.mark.parametrize("text, source, claim, expected", [
    # a span that runs into the clause stops where a time opens the next phrase
    ("Laut Angaben der Agentur APA am Montag wurden drei Menschen verletzt.", "Angaben der Agentur APA am Montag",
     "wurden drei Menschen verletzt", "Angaben der Agentur APA"),
    # a body named in an attribute of a group noun belongs to the phrase
    ("Politiker aus anderen Parteien kritisierten, der Plan sei zu teuer.", "Politiker", "der Plan sei zu teuer",
     "Politiker aus anderen Parteien"),
    # a title's quotation mark takes its partner
    ("Laut „Die Zeit“ soll das Werk geschlossen werden.", "Die Zeit“", "soll das Werk geschlossen werden",
     "„Die Zeit“"),
    # adjectives in "-er" and a plural noun without article after a wrapper noun are its genitive
    ("Im Lager lebten nach Schätzungen italienischer Behörden bis zu 500 Menschen.", "Schätzungen",
     "Im Lager lebten", "Schätzungen italienischer Behörden"),
])
def test_a_speaker_span_is_repaired_to_its_noun_phrase(text, source, claim, expected):
    assert _repaired(text, source, claim) == expected


def test_a_title_whose_full_stop_split_the_sentence_runs_on_over_the_name():
    # the splitter ends the sentence at "Prof.": the name that opens the next one is the speaker's
    result = analyzed("Die neue Therapie sei sicher und werde bald in vielen Kliniken angewandt, "
                      "so Klinikdirektor Prof. Dr. Anna W. Berger.")
    source = _origin(result, "Therapie")
    assert (source.name, source.kind) == ("Anna W. Berger", "person")


@pytest.mark.parametrize("first, second, same", [
    # a definite role noun refers back to the unnamed role holder before it ...
    ("Eine Sprecherin der Stadtwerke", "Die Sprecherin", True),
    # ... but a woman's role is not the man's role before it
    ("Ein Sprecher der Stadtwerke", "Die Bürgermeisterin", False),
])
def test_a_role_noun_refers_back_to_a_role_holder_of_its_gender(first, second, same):
    text = (f"{first} sagte, die Brücke werde im Mai geöffnet. "
            f"{second} sagte, die Stadt brauche dafür mehr Geld.")
    result = provenance.analyze(text)
    assert [a.source.text for a in result.attributions] == [first, second]
    assert (result.attributions[0].source_id == result.attributions[1].source_id) is same


def test_a_possessive_document_is_the_document_of_its_referent():
    result = analyzed("Wirtschaftsministerin Petra Albers trat am Montag zurück. "
                      "Laut ihrer Presseerklärung will sie sich nun um ihre Familie kümmern.")
    source = _origin(result, "Familie")
    assert (source.name, source.kind, source.resolved) == ("Petra Albers", "person", True)


@pytest.mark.parametrize("text, fragment, name", [
    # a role noun with an affiliation before the name in apposition is that person's role ...
    ("Der Ministerpräsident des Landes Hessen, Karl Brenner, eröffnete am Montag die Messe. "
     "Die Aussteller seien zufrieden, sagte der Ministerpräsident.", "Aussteller", "Karl Brenner"),
    # ... and so is a role noun in the genitive before the name
    ("Die Rede des Bürgermeisters Hans Vogt wurde verschoben. "
     "Die Brücke werde im Mai eröffnet, sagte der Bürgermeister.", "Brücke", "Hans Vogt"),
])
def test_a_role_noun_refers_back_to_the_person_named_with_it(text, fragment, name):
    source = _origin(analyzed(text), fragment)
    assert (source.name, source.kind, source.anonymous) == (name, "person", False)


def test_a_role_in_the_affiliation_of_an_apposition_is_someone_elses():
    # the brother of the mayor is not the mayor: "der Bürgermeister" stays an unnamed official
    result = analyzed("Der ältere Bruder des Bürgermeisters, Peter Vogt, lebt in Kassel. "
                      "Die Brücke werde im Mai eröffnet, sagte der Bürgermeister.")
    source = _origin(result, "Brücke")
    assert (source.kind, source.anonymous) == ("official", False)


@pytest.mark.parametrize("text, fragment, kind, anonymous", [
    # a name in the genitive after a role or group noun is whose role holder or group speaks
    ("Der Schauspieler Karl Holm wurde am Montag operiert. "
     "Die Heilung verlaufe gut, sagte der behandelnde Arzt Holms.", "Heilung", "official", False),
    ("Der Politiker Karl Holm trat zurück. Einige Anhänger Karl Holms sagten, die Partei sei schuld.",
     "Partei", "unspecified", True),
    ("Der Politiker Karl Holm steht vor Gericht. Die Verteidigung Karl Holms sagte, die Zeugen lögen.",
     "Zeugen", "organization", False),
    # a country in the genitive after a wrapper noun is the state
    ("Nach Meinung Russlands ist der Vertrag ungültig.", "Vertrag", "organization", False),
])
def test_a_name_in_the_genitive_is_not_the_speaker(text, fragment, kind, anonymous):
    source = _origin(analyzed(text), fragment)
    assert (source.kind, source.anonymous) == (kind, anonymous), source


def test_a_body_in_the_genitive_before_a_role_is_no_part_of_the_name():
    source = _origin(analyzed("Der Abstieg sei bitter, sagte Kölns Präsident Wolfgang Ober."), "Abstieg")
    assert (source.name, source.kind) == ("Wolfgang Ober", "person")


@pytest.mark.parametrize("text, fragment, kind, anonymous", [
    # staff of a body the article names is an official of it ...
    ("Ein Mitarbeiter von Greenpeace sagte, die Suche gehe weiter.", "Suche", "official", False),
    ("Das Deutsche Rote Kreuz schickte Helfer. "
     "Ein Mitarbeiter des Roten Kreuzes sagte, die Suche gehe weiter.", "Suche", "official", False),
    ("Ein BA-Sachbearbeiter sagte, die Anträge würden geprüft.", "Anträge", "official", False),
    # ... and so is staff whose compound names its body
    ("Die Polizei sucht Zeugen. Am Montag sagte ein Polizeibeamter, die Tür sei offen gewesen.", "Tür",
     "official", False),
    ("Die Feuerwehr rückte aus. Einer der 13 beteiligten Feuerwehrmänner sagte, das Haus sei verloren.", "Haus",
     "official", False),
    # ... staff of a body never named is not, whatever its compound names
    ("Ein Ministeriumsbeamter sagte, die Verhandlungen seien gescheitert.", "Verhandlungen", "anonymous", True),
    ("Am Montag sagte ein Ministeriumsbeamter, die Tür sei offen gewesen.", "Tür", "anonymous", True),
    ("Ein Mitarbeiter einer Hilfsorganisation sagte, die Lage sei ernst.", "Lage", "anonymous", True),
])
def test_staff_of_a_named_body_is_an_official(text, fragment, kind, anonymous):
    source = _origin(analyzed(text), fragment)
    assert (source.kind, source.anonymous) == (kind, anonymous), source


@pytest.mark.parametrize("text, fragment, outlet", [
    # a web address the tagger reads as punctuation is still the outlet's
    ("Laut faz.net ist der Gipfel gescheitert.", "Gipfel", "Frankfurter Allgemeine Zeitung"),
    # an Arabic article particle in lower case opens the outlet's name
    ("Der Sender al-Dschasira meldete, der Flughafen sei geschlossen.", "Flughafen", "Al Jazeera"),
    ("Wie die Ärztezeitung berichtet, fehlen Impfstoffe.", "Impfstoffe", "Ärzte Zeitung"),
])
def test_outlets_written_as_addresses_compounds_or_with_a_particle(text, fragment, outlet):
    source = _origin(analyzed(text), fragment)
    assert (source.name, source.kind, source.anonymous) == (outlet, "outlet", False), source


@pytest.mark.parametrize("text, fragment, kind, anonymous", [
    # a surname after adjectives is the person named in full before
    ("Der Theologe Karl Kowalczyk kritisierte die Kirche. "
     "Der 84-jährige Kowalczyk sagte, die Reform komme zu spät.", "Reform", "person", False),
    # an unnamed private individual, and a group of experts of no one in particular
    ("Der Randalierer sagte, er sei provoziert worden.", "provoziert", "anonymous", True),
    ("Die Meteorologen sagten, der Sturm ziehe nach Osten.", "Sturm", "unspecified", True),
])
def test_nouns_no_list_knew_before(text, fragment, kind, anonymous):
    source = _origin(analyzed(text), fragment)
    assert (source.kind, source.anonymous) == (kind, anonymous), source


# who the origin is, when the phrase refers to an entity the article names elsewhere
@pytest.mark.parametrize("text, fragment, name, kind", [
    # the tagger may call "Spitzenkandidatin" masculine; its "-in" says otherwise
    pytest.param(
        "Spitzenkandidatin Petra Albers will mit allen Parteien reden, außer mit der Volkspartei. "
        "Laut ihren Aussagen schließt sie keine andere Koalition aus.",
        "Koalition", "Petra Albers", "person", id="a_possessive_source_refers_to_the_woman_named_by_a_feminine_role"),
    pytest.param(
        "Besorgt äußerte sich auch der Vorsitzende des Vereins Tierschutz Hessen, Wolfgang Brenner. "
        "„Wir befürchten das Schlimmste“, sagte er.",
        "Schlimmste", "Wolfgang Brenner", "person", id="a_capitalised_word_opening_a_sentence_is_no_antecedent"),
    pytest.param(
        "Die Autobahn werde verbreitert, sagte der Verkehrsminister am Montag. "
        "Verkehrsminister Karl Brenner reiste danach nach Paris.",
        "Autobahn", "Karl Brenner", "person", id="a_role_noun_refers_to_the_one_person_named_for_it_later"),
    pytest.param(
        "Bischof Karl Brenner will im Mai zurücktreten. "
        "Die Kirche brauche einen Neuanfang, sagte der Bischof.",
        "Neuanfang", "Karl Brenner", "person", id="a_role_noun_opening_the_text_is_the_role_of_the_name_after_it"),
    pytest.param(
        "Der Architekt Paul Berger stellte den Entwurf vor. „Der Bau zeigt, was uns der große "
        "Baumeister Hans Scharoun gelehrt hat“, erklärte er den Zuhörern.",
        "Baumeister", "Paul Berger", "person", id="a_pronoun_after_a_quotation_is_not_a_name_inside_it"),
    # "Er werde ... im Landtag bleiben": the earlier "er" is the minister, not the masculine body after it
    pytest.param(
        "Der Finanzminister Karl Brenner ist am Montag zurückgetreten. "
        "Er werde allerdings als Abgeordneter im Landtag bleiben. "
        "Nach langer Amtszeit begründet er diesen Schritt mit seiner Gesundheit. "
        "„Es ist allein dieser Grund“, teilte er mit.",
        "allein dieser Grund", "Karl Brenner", "person", id="a_pronoun_subject_before_carries_its_referent_on"),
    pytest.param(
        "Die Kandidatin Anna Roth will mit allen Parteien sprechen, außer mit der Linkspartei. "
        "Laut ihren Aussagen schließt sie eine Koalition mit der Linkspartei aus. "
        "Sie geht davon aus, dass die Wahl knapp wird.",
        "Wahl knapp", "Anna Roth", "person",
        id="a_feminine_pronoun_subject_before_beats_a_feminine_party_named_after_it"),
    # "die Wahl Lunts": the feminine "Wahl" is not the man's gender, so "er" may refer to him
    pytest.param(
        "Der Diplomat Karl Lunt wurde am Freitag zum Vorsitzenden gewählt. "
        "Zuvor war die Wahl Lunts schon sicher gewesen. "
        "In einem Interview erklärte er, er wolle zwischen den Staaten vermitteln.",
        "er wolle", "Karl Lunt", "person", id="a_name_in_the_genitive_takes_no_gender_from_the_noun_before_it"),
    pytest.param(
        "Für Aufsehen sorgte Lothar Brenner, der seine Kollegen beschimpfte. "
        "Der 74-Jährige durfte die Sitzung eröffnen. "
        "Er sagte, die Bürger müssten mehr Rechte bekommen.",
        "mehr Rechte", "Lothar Brenner", "person", id="an_age_noun_is_the_person_named_just_before"),
    pytest.param(
        "In München stritten der iranische Vize-Außenminister, Ali Sadri, und Politiker aus Europa. "
        "Auch der amerikanische Außenminister Tom Brady kritisierte den Iran. "
        "Der iranische Vize-Außenminister sagte, der Iran habe keine andere Wahl.",
        "der Iran habe", "Ali Sadri", "person", id="a_deputy_is_not_the_holder_of_the_role_his_title_ends_with"),
    # sentences of quoted speech are skipped, and a masculine body named nearer loses to a man
    pytest.param(
        "Trainer Hans Vogt verteidigte seinen Spieler: „Er ist noch immer der Beste. "
        "Wer etwas anderes behauptet, versteht nichts vom Fußball.“ "
        "So zitiert ihn der Rasenfunk, ein Sender aus Köln. "
        "Er glaubt, dass die Mannschaft im nächsten Jahr stärker wird.",
        "Mannschaft", "Hans Vogt", "person",
        id="er_after_a_quotation_and_the_magazine_quoting_it_is_the_man_who_spoke"),
    pytest.param(
        "Karl Brenner, der beim Verband für die Presse zuständig ist, wies den Vorwurf zurück. "
        "In Zeiten knapper Kassen sei die Prüfung richtig. "
        "Die Kassen zahlten jährlich zwei Milliarden für solche Therapien. "
        "Die Liste der Leistungen müsse überprüft werden, forderte er.",
        "Liste der Leistungen", "Karl Brenner", "person",
        id="er_with_no_referent_in_the_last_three_sentences_looks_one_further_back"),
    pytest.param(
        "Das Institut wird seit 2003 von Christian Brenner geleitet, der zuvor Justizminister des Landes war. "
        "Er wirft der Kirche vor, die Ergebnisse der Studie zensieren zu wollen.",
        "zensieren", "Christian Brenner", "person",
        id="a_role_a_relative_clause_predicates_of_a_person_is_no_referent_of_its_own"),
    pytest.param(
        "Das Team um Anna Berger hat Proben aus zwölf Kliniken untersucht. Die Keime seien resistent. "
        "Die Hygiene müsse besser werden, fordern die Wissenschaftler.",
        "Hygiene", "Anna Berger", "person", id="the_scientists_after_a_team_named_after_its_head_are_that_team"),
])
def test_the_origin_is_the_entity_the_phrase_refers_to(text, fragment, name, kind):
    source = _origin(analyzed(text), fragment)
    assert (source.name, source.kind) == (name, kind), source


@pytest.mark.parametrize("text, fragment, kind, name", [
    # a country in the genitive before a role noun is whose role holder speaks ...
    ("Irans Außenminister sagte, die Gespräche seien gescheitert.", "Gespräche", "official", None),
    # ... and a role holder the article names is that person
    ("Der iranische Außenminister Ali Rahimi reiste nach Genf. "
     "Irans Außenminister sagte, die Gespräche seien gescheitert.", "Gespräche", "person", "Ali Rahimi"),
    # a spokesperson of a named person is an official, not the person
    ("Ein Sprecher von Bundeskanzlerin Anna Roth sagte, die Gespräche seien gescheitert.", "Gespräche",
     "official", None),
])
def test_whose_role_holder_speaks(text, fragment, kind, name):
    source = _origin(analyzed(text), fragment)
    assert source.kind == kind and source.anonymous is False and (name is None or source.name == name), source


def test_a_country_abbreviation_stays_in_a_bodys_name():
    source = _origin(analyzed("Die US Botschaft in Kairo warnte, die Lage sei gefährlich."), "Lage")
    assert (source.name, source.kind, source.anonymous) == ("US Botschaft", "organization", False), source


@pytest.mark.parametrize("text", [
    "Der Sportchef sagte, die Zahlen seien gut.",
    "Der Vorstandschef sagte, die Zahlen seien gut.",
    "Der Oppositionsführer sagte, die Zahlen seien gut.",
])
def test_role_nouns_without_a_name_are_officials(text):
    source = _origin(analyzed(text), "Zahlen")
    assert (source.kind, source.anonymous) == ("official", False), source


@pytest.mark.parametrize("text, name", [
    # an institution word after a person's name and a hyphen makes it a body's name
    ("Laut Fritz Haber-Institut ist das Verfahren sicher.", "Fritz Haber-Institut"),
    # an English company word closes a company's name
    ("Laut Nikola Motors ist das Verfahren sicher.", "Nikola Motors"),
])
def test_a_bodys_name_that_holds_a_persons(text, name):
    source = _origin(analyzed(text), "Verfahren")
    assert (source.name, source.kind) == (name, "organization"), source


@pytest.mark.parametrize("text, fragment, kind", [
    # a day inside the phrase is when, not who
    ("Laut einer am Dienstag veröffentlichten Pressemitteilung des Roten Kreuzes fehlt Trinkwasser.",
     "Trinkwasser", "organization"),
    # a proposal of a named body is the body's
    ("Laut einem Vorschlag der CDU soll die Steuer sinken.", "Steuer", "organization"),
    # a notice or an instruction is a statement of whoever issued it
    ("Laut einer Bekanntmachung der Steuerverwaltung werden die Namen veröffentlicht.", "Namen", "organization"),
    ("Laut einer Anweisung der US-Botschaft in Nairobi sollen Reisende die Stadt meiden.", "Reisende",
     "organization"),
    ("Die Störung sei behoben, heißt es in einer Mail der Tixxo-Geschäftsführung.", "Störung", "organization"),
    # a medium named in the genitive; a thing no list knows, of a body named in the genitive
    ("Laut einem Bericht des österreichischen Standards ist der Minister zurückgetreten.", "Minister", "outlet"),
    (("Die Stadt Kassel verleiht den Preis seit 1990. Die Preisträgerin habe sich um die Stadt verdient "
      "gemacht, heißt es auf der Webseite des Preises der Stadt Kassel."), "Preisträgerin", "organization"),
])
def test_documents_of_a_named_body(text, fragment, kind):
    source = _origin(analyzed(text), fragment)
    assert (source.kind, source.anonymous) == (kind, False), source


def test_a_role_noun_stays_an_official_when_two_are_named_for_it_later():
    result = analyzed("Die Autobahn werde verbreitert, sagte der Verkehrsminister am Montag. "
                      "Verkehrsminister Karl Brenner und Verkehrsminister Hans Vogt reisten danach nach Paris.")
    source = _origin(result, "Autobahn")
    assert source.kind == "official", source


def test_a_surname_opened_by_a_lower_case_particle_is_the_persons():
    result = analyzed("Das erklärte der Direktor der Behörde, Mohammed el-Sayed. "
                      "Anschließend sei laut el-Sayed der Vertrag unterschriftsreif.")
    source = _origin(result, "unterschriftsreif")
    assert (source.name, source.kind, source.anonymous) == ("Mohammed el-Sayed", "person", False), source


def test_a_media_noun_the_speaker_span_ends_with_is_the_outlet_named_right_after_it():
    source = _origin(analyzed("Die Tageszeitung „taz“ berichtete, die Brücke sei marode."), "Brücke")
    assert (source.name, source.kind, source.anonymous) == ("taz", "outlet", False), source


def test_a_role_noun_whose_span_stops_before_the_name_in_apposition_is_that_person():
    # the kinds stage reads the name right after the speaker span, whatever span the rules found
    result = analyzed("Den Unmut der CDU brachte die gesundheitspolitische Sprecherin der Unionsfraktion im "
                      "Bundestag, Annette Widmann-Mauz, zum Ausdruck: „Es gibt keinen Grund, Positionen aufzugeben.“")
    source = _origin(result, "keinen Grund")
    assert (source.name, source.kind, source.anonymous) == ("Annette Widmann-Mauz", "person", False), source


def test_a_title_before_the_name_closing_an_affiliation():
    source = _origin(analyzed("Der Bürgermeister von Freising Herr Dieter Thalhammer sagte, die Brücke werde gesperrt."),
                     "Brücke")
    assert (source.name, source.kind) == ("Dieter Thalhammer", "person"), source


def test_a_spokesperson_of_a_person_named_in_the_genitive_is_an_official():
    result = analyzed("Die Politikerin Silvana Koch-Mehrin trat zurück. "
                      "Dies teilte ein Sprecher Koch-Mehrins am Montag mit, die Steuer sei zu hoch.")
    by_id = {s.id: s for s in result.sources}
    kinds = [by_id[a.source_id].kind for a in result.attributions if a.source_id]
    assert kinds and all(k == "official" for k in kinds), kinds


# --- pronoun sources (lane kinds-5) ------------------------------------------


def test_an_age_before_the_first_of_two_surnames_is_the_person_named_before():
    result = analyzed("Präsident Pedro Salas Ortega gewann die Wahl. "
                      "Als wichtigste Aufgabe sieht es der 61-jährige Salas an, die Armut zu bekämpfen. "
                      "Zudem kündigte er an, die Steuern zu senken.")
    source = _origin(result, "Steuern")
    assert source.name.endswith("Salas Ortega") and source.kind == "person", source


def test_wissenschafter_the_austrian_form_is_a_group_a_pronoun_can_refer_to():
    result = analyzed("Kinder in Krankenhäusern in Entwicklungsländern erkranken häufiger. "
                      "Wissenschafter der Universität Graz machen dafür die Hygiene in den Kliniken verantwortlich. "
                      "Sie gehen davon aus, dass viele Infektionen vermeidbar sind.")
    source = _origin(result, "vermeidbar")
    assert "Universität Graz" in source.name or "Wissenschafter" in source.name, source


def test_demnach_after_a_sentence_the_parser_found_no_subject_in_is_the_body_named_there():
    result = analyzed("Die Explosion im Werk war zunächst ungeklärt. "
                      "Mittlerweile hat die Kriminalabteilung des Landeskommandos nähere Einzelheiten bekannt gegeben. "
                      "Demnach ereignete sich eine chemische Reaktion im Ofen.")
    source = _origin(result, "chemische Reaktion")
    assert source.kind == "organization" and not source.anonymous, source


def test_the_two_politicians_counted_and_definite_are_the_people_named_with_that_noun():
    result = analyzed("Die Politiker Anna Kerber und Paul Lindner haben Klage eingereicht. "
                      "Nach Meinung der beiden Politiker verstößt das Gesetz gegen die Verfassung.")
    source = _origin(result, "Verfassung")
    assert source.kind == "person" and not source.anonymous, source


@pytest.mark.parametrize("noun, gender", [
    ("Ministerin", "Fem"), ("Minister", "Masc"),
    # anonymous nouns and nouns in "-e" tell their gender by "-in" too
    ("Zeugin", "Fem"), ("Zeuge", "Masc"), ("Nachbarin", "Fem"), ("Freund", "Masc"), ("Kundin", "Fem"),
    # compounds of "Frau" and "Mann" tell theirs by that part
    ("Ehefrau", "Fem"), ("Feuerwehrmann", "Masc"),
    # other nouns do not tell
    ("Experten", None), ("Bericht", None),
])
def test_a_person_noun_tells_its_gender_by_its_form(lexicon, noun, gender):
    assert lexicon.noun_gender(noun) == gender


# --- lane K: source phrases of hearsay and own statements; appositions of a referent ----------

@pytest.mark.parametrize("text, fragment, kind, anonymous", [
    # "dem Vernehmen nach" is hearsay: no one in particular
    ("Die Minister treffen sich dem Vernehmen nach am Freitag in Bonn.", "Freitag", "unspecified", True),
])
def test_hearsay_is_unspecified(text, fragment, kind, anonymous):
    source = _origin(analyzed(text), fragment)
    assert (source.kind, source.anonymous) == (kind, anonymous), source


def test_own_statement_is_the_subject_named_in_apposition():
    # "nach eigenem Bekunden" is a possessive source phrase: its subject speaks, and the name in
    # apposition to the subject is the subject's name
    source = _origin(analyzed("Der ältere Bruder des Bürgermeisters, Thomas Keller, war nach eigenem Bekunden "
                              "nie in der Partei."), "Partei")
    assert (source.name, source.kind, source.anonymous) == ("Thomas Keller", "person", False), source


@pytest.mark.parametrize("text, fragment, kind, anonymous, name", [
    # a definite person noun no list knows refers back to the person named with it, or before it
    ("Anna Berger, eine Aktivistin eines Netzwerks zum Schutz von Frauen, wird zitiert. Anna Berger spricht von "
     "einem ernsten Problem. Die Aktivistin zeigte sich besonders besorgt, dass die Gewalt zunehme.", "Gewalt",
     "person", False, "Anna Berger"),
    ("Der Schiedsrichter Thomas Keller hat schwere Vorwürfe erhoben. Als Beispiel nannte der Berliner das Spiel "
     "gegen Aue.", "Spiel", "person", False, "Thomas Keller"),
    # no one named for it: an unnamed individual
    ("In der Sendung wurde ein Prediger aus London zugeschaltet. Danach sagte der Prediger, der Westen sei verloren.",
     "Westen", "anonymous", True, None),
    # a person noun whose form does not tell, from a list; the unnamed individual before it
    ("Ein 61-jähriger Mann aus Zwickau wurde am Bahnhof aufgefunden. Der Sachse gab an, er habe nur Bier getrunken.",
     "Bier", "anonymous", True, "61-jähriger Mann aus Zwickau"),
    # counted and definite: individuals the article named
    ("Im Februar treten Anna Berger und Lena Keller gemeinsam auf. Die beiden Sängerinnen teilten mit, die Tournee "
     "beginne in Kassel.", "Tournee", "person", False, None),
    # a masculine person form may be a company's
    ("Der Versicherer Allianz legte Zahlen vor. Der Versicherer erklärte, der Gewinn sei gestiegen.", "Gewinn",
     "organization", False, "Allianz"),
    # a sentence adverb is not the head of the phrase
    ("Auch die Sprecherin der Grünen, Anna Berger, forderte, die Steuer zu senken.", "Steuer", "person", False,
     "Anna Berger"),
])
def test_person_nouns_and_things_no_list_knows(text, fragment, kind, anonymous, name):
    source = _origin(analyzed(text), fragment)
    assert (source.kind, source.anonymous) == (kind, anonymous) and (name is None or source.name == name), source


@pytest.mark.parametrize("noun, form", [("Aktivistin", "Fem"), ("Sängerin", "Fem"), ("Pädagogin", "Fem"),
                                        ("Verfasser", "Masc"), ("Medizin", None), ("Termin", None),
                                        ("Übergangsrat", None), ("Text", None)])
def test_the_form_of_a_person_noun(lexicon, noun, form):
    assert lexicon.person_noun_form(noun) == form


@pytest.mark.parametrize("text, anonymous", [
    # organisers the article never names are an organisation no one can identify
    ("In Kassel demonstrierten nach Angaben der Veranstalter rund 5.000 Menschen gegen die Schließung.", True),
    ("In Kassel demonstrierten nach Angaben der Veranstalter rund 5.000 Menschen gegen die Schließung. "
     "Der Organisator Thomas Keller sprach von einem Erfolg.", False),
])
def test_organisers_never_named_are_anonymous(text, anonymous):
    source = _origin(analyzed(text), "Menschen")
    assert (source.kind, source.anonymous) == ("organization", anonymous), source


@pytest.mark.parametrize("text, fragment", [
    # a crowd is no one in particular, singular in form or not
    ("Tausende folgten dem Aufruf. Die Menschenmenge rief, der Minister solle zurücktreten.", "Minister"),
    # opponents of a law are a group: the law is what they oppose, not whom they speak for
    ("Gegner des Gesetzes sagten, das Verbot sei nicht durchzusetzen.", "Verbot"),
])
def test_generic_groups_of_no_one_in_particular(text, fragment):
    source = _origin(analyzed(text), fragment)
    assert (source.kind, source.anonymous) == ("unspecified", True), source


@pytest.mark.parametrize("text, kind, anonymous", [
    # a rank implies its institution: an official of the police the article names, else anonymous
    ("Die Polizei nahm den Mann am Montag fest. Ein Hauptkommissar sagte, der Mann sei gefährlich.", "official", False),
    ("Der Mann wurde am Montag festgenommen. Ein Hauptkommissar sagte, der Mann sei gefährlich.", "anonymous", True),
])
def test_a_rank_of_a_body_the_article_names_is_its_official(text, kind, anonymous):
    source = _origin(analyzed(text), "gefährlich")
    assert (source.kind, source.anonymous) == (kind, anonymous), source


@pytest.mark.parametrize("word, body", [("Polizeibehörden", "polizei"), ("Polizeistellen", "polizei"),
                                        ("Gesundheitsbehörden", None), ("Amtsstellen", None), ("Behörden", None)])
def test_an_authority_compound_names_its_body_by_its_first_part(lexicon, word, body):
    assert lexicon.authority_body(word) == body


@pytest.mark.parametrize("text, kind, anonymous", [
    # a role holder named by an indefinite article alone, of no institution the article identifies,
    # is an unidentified individual; a spokesperson speaks for one by office
    ("Ein Wissenschaftler sagte, die Krankheit sei selten.", "anonymous", True),
    ("Ein Ministeriumsvertreter sagte, die Krankheit sei selten.", "anonymous", True),
    ("Ein Sprecher sagte, die Krankheit sei selten.", "official", False),
    ("Ein Sprecher der Klinik sagte, die Krankheit sei selten.", "official", False),
])
def test_an_indefinite_role_holder_of_no_institution_is_unidentified(text, kind, anonymous):
    source = _origin(analyzed(text), "Krankheit")
    assert (source.kind, source.anonymous) == (kind, anonymous), source


@pytest.mark.parametrize("text, kind, anonymous", [
    # a statement is always someone's: with an indefinite article and no issuer, of whom the sentence
    # before spoke about (not a sentence adverb the tagger read as its subject); else of unknown authorship
    ("Die Stadtverwaltung von Kassel hat sich bei den Bürgern entschuldigt. In einer Erklärung hieß es, der Fehler "
     "werde behoben.", "organization", False),
    ("Unterdessen hat sich die Stadtverwaltung von Kassel entschuldigt. In einer Erklärung hieß es, der Fehler "
     "werde behoben.", "organization", False),
    ("In einer Erklärung hieß es, der Fehler werde behoben.", "unspecified", True),
])
def test_an_indefinite_statement_is_of_whom_the_sentence_before_spoke(text, kind, anonymous):
    source = _origin(analyzed(text), "Fehler")
    assert (source.kind, source.anonymous) == (kind, anonymous), source


@pytest.mark.parametrize("text", [
    # a unit of a body is no role holder: its compound names the body, an organisation whether the
    # article names it or not (as "laut Polizei", "Polizeiangaben")
    "Die Polizei sucht Zeugen. Am Montag stellte eine Polizeistreife fest, dass die Tür offen war.",
    "Am Montag stellte eine Polizeistreife fest, dass die Tür offen war.",
    "Nach Angaben einer Militärpatrouille war die Tür offen.",
])
def test_a_unit_of_a_body_is_that_body(text):
    source = _origin(analyzed(text), "Tür")
    assert (source.kind, source.anonymous) == ("organization", False), source


@pytest.mark.parametrize("text, kind, anonymous", [
    # the practitioners of a field speak for the body the article named for that field ...
    ("Am Samstag hat die Behörde für Meteorologie den Sturm hochgestuft. Die Meteorologen warnten, die Küste "
     "sei bedroht.", "organization", False),
    ("Das Seismologische Institut in Kassel registrierte ein Beben. Die Seismologen sagten, die Küste sei "
     "bedroht.", "organization", False),
    # ... and are a generic group where it names none
    ("Am Samstag wurde der Sturm hochgestuft. Die Meteorologen warnten, die Küste sei bedroht.",
     "unspecified", True),
])
def test_practitioners_of_a_field_speak_for_its_named_body(text, kind, anonymous):
    source = _origin(analyzed(text), "Küste")
    assert (source.kind, source.anonymous) == (kind, anonymous), source


@pytest.mark.parametrize("text, kind, anonymous", [
    # an unnamed role holder of an institution the article identifies is its official: one the article
    # named by a compound of its own, or one of the role holders it introduced with a named body ...
    ("Das berichtet die Agentur unter Berufung auf einen Vertreter des Verkehrsministeriums. Ein "
     "Ministeriumsvertreter erklärte, die Grenzwerte würden eingehalten.", "official", False),
    ("Wissenschaftler der Universität Kassel gaben die Ergebnisse gestern bekannt. Als Begründung sagte ein "
     "Wissenschaftler, die Grenzwerte würden eingehalten.", "official", False),
    # ... and stays unidentified where the article identifies none
    ("Als Begründung sagte ein Wissenschaftler, die Grenzwerte würden eingehalten.", "anonymous", True),
])
def test_a_role_holder_of_an_institution_the_article_identifies_is_its_official(text, kind, anonymous):
    source = _origin(analyzed(text), "Grenzwerte")
    assert (source.kind, source.anonymous) == (kind, anonymous), source


@pytest.mark.parametrize("text, kind, anonymous", [
    # a definite document ("dem Urteil", a wrapper noun too) points back; with no speaker before, to the
    # body the sentence before named as its passive clause's agent ...
    ("Der Kaufmann wurde vom Landgericht Kassel zu zwei Jahren Haft verurteilt. Dem Urteil zufolge hat er die "
     "Kunden absichtlich getäuscht.", "organization", False),
    # ... and is of unknown authorship where that sentence names no one
    ("Der Kaufmann wurde zu zwei Jahren Haft verurteilt. Dem Urteil zufolge hat er die Kunden absichtlich "
     "getäuscht.", "unspecified", True),
])
def test_a_definite_document_is_of_the_agent_the_sentence_before_named(text, kind, anonymous):
    source = _origin(analyzed(text), "Kunden")
    assert (source.kind, source.anonymous) == (kind, anonymous), source


@pytest.mark.parametrize("text, kind, anonymous", [
    # a definite document points back to the compound that named it with its issuer, also in the
    # genitive ("des Polizeiberichts": the police's) ...
    ("Bei der Vorstellung des Polizeiberichts 2024 am Montag warb der Minister für mehr Personal. Laut dem "
     "Bericht sank die Zahl der Einbrüche deutlich.", "organization", False),
    # ... and is of unknown authorship where the article names no issuer
    ("Bei der Vorstellung am Montag warb der Minister für mehr Personal. Laut dem Bericht sank die Zahl der "
     "Einbrüche deutlich.", "unspecified", True),
])
def test_a_definite_document_is_of_the_issuer_its_compound_named(text, kind, anonymous):
    source = _origin(analyzed(text), "Einbrüche")
    assert (source.kind, source.anonymous) == (kind, anonymous), source


@pytest.mark.parametrize("text, anonymous", [
    # organisers are identified where a sentence says who organises ("Organisator … ist der Verein X"),
    # even after the phrase; never named, they are an organisation never identified
    ("Die Konferenz in Kassel beginnt am Montag. Laut den Organisatoren der Konferenz kommen 500 Gäste. "
     "Organisator der Konferenz ist der Verein Deutsche Kulturhilfe, der seit 1990 besteht.", False),
    ("Die Konferenz in Kassel beginnt am Montag. Laut den Organisatoren der Konferenz kommen 500 Gäste.", True),
])
def test_organisers_a_sentence_names_are_identified(text, anonymous):
    source = _origin(analyzed(text), "Gäste")
    assert (source.kind, source.anonymous) == ("organization", anonymous), source


@pytest.mark.parametrize("text, kind, anonymous", [
    # "der 330 Seiten starke Bericht": the counted noun is no head (a parse may take it for the subject);
    # the phrase runs on to the report, a document that points back to its issuer ...
    ("Der Verfassungsschutz legte am Montag seinen Jahresbericht vor. Zur Rechtfertigung verweist der 330 Seiten "
     "starke Bericht auf Aussagen der Partei.", "organization", False),
    # ... or of unknown authorship, never "330 Seiten"
    ("Zur Rechtfertigung verweist der 330 Seiten starke Bericht auf Aussagen der Partei.", "unspecified", True),
])
def test_a_measured_noun_phrase_is_read_from_its_head(text, kind, anonymous):
    result = analyzed(text)
    by_id = {s.id: s for s in result.sources}
    attribution = next(a for a in result.attributions if a.source and "Bericht" in a.source.text)
    source = by_id[attribution.source_id]
    assert attribution.source.text == "der 330 Seiten starke Bericht"
    assert (source.kind, source.anonymous) == (kind, anonymous), source
    assert "Seiten" not in source.name or source.name.endswith("Bericht"), source


@pytest.mark.parametrize("text, name", [
    # where a document was published, and whose that place is, belong to the source ("auf der Homepage
    # von „X“"); a quoted name is a body's, also in lower case
    ("Die Firma Nordwind Energie hat Anteile gekauft. So heißt es in der Meldung auf der Homepage von „Nordwind "
     "Energie“ wörtlich: „Wir wollen wachsen.“", "Nordwind Energie"),
    ("Die Firma hat Anteile gekauft. So heißt es in der Meldung auf der Homepage von „nordwind energie“ "
     "wörtlich: „Wir wollen wachsen.“", "nordwind energie"),
])
def test_a_document_published_on_a_bodys_homepage_is_that_bodys(text, name):
    result = analyzed(text)
    by_id = {s.id: s for s in result.sources}
    attribution = next(a for a in result.attributions if "wachsen" in a.claim.text and a.source_id)
    source = by_id[attribution.source_id]
    assert attribution.source.text.startswith("der Meldung auf der Homepage von „")
    assert (source.kind, source.anonymous, source.name) == ("organization", False, name), source


@pytest.mark.parametrize("text, kind, anonymous", [
    # the role holders the article introduced with a body it names speak for that body, named by the
    # entity recogniser or by capitalised words that end in a body's noun ...
    ("Klimaforscher der Universität Kassel haben eine neue Messreihe vorgelegt. Die Forscher vermuten, "
     "dass die Grenzwerte überschritten werden.", "organization", False),
    ("Schwedische Forscher aus dem Göteborger Meeres-Institut haben eine neue Messreihe vorgelegt. Die "
     "Forscher vermuten, dass die Grenzwerte überschritten werden.", "organization", False),
    # ... and are a group of no one in particular where it names none
    ("Eine neue Messreihe liegt vor. Die Forscher vermuten, dass die Grenzwerte überschritten werden.",
     "unspecified", True),
])
def test_role_holders_introduced_with_a_named_body_speak_for_it(text, kind, anonymous):
    source = _origin(analyzed(text), "Grenzwerte")
    assert (source.kind, source.anonymous) == (kind, anonymous), source


@pytest.mark.parametrize("text, anonymous", [
    # a body the article introduces only by an indefinite noun is never identified (SPEAKER-KINDS.md:
    # an organisation never identified is anonymous) ...
    ("Eine radikale Organisation erklärte, die Grenzwerte seien viel zu hoch.", True),
    # ... a definite one is the body the article means
    ("Die Organisation erklärte, die Grenzwerte seien viel zu hoch.", False),
])
def test_a_body_introduced_by_an_indefinite_noun_is_unidentified(text, anonymous):
    source = _origin(analyzed(text), "Grenzwerte")
    assert (source.kind, source.anonymous) == ("organization", anonymous), source


def test_a_medium_cut_at_the_hyphen_of_its_adjective_runs_on_to_its_quoted_name():
    # "die US- | amerikanische Musikzeitschrift „Klangwelt“": the source runs through the adjective the
    # hyphen opens to its noun and the quoted name after it, an outlet, not the body of "US"
    text = ("Die Tournee brachte viel Geld ein. Das berichtete die US-amerikanische Musikzeitschrift "
            "„Klangwelt“ in ihrer jüngsten Ausgabe.")
    source = _origin(analyzed(text), "Tournee")
    assert (source.kind, source.name) == ("outlet", "Klangwelt"), source


@pytest.mark.parametrize("text, kind, name", [
    # an outlet's alias that closes a person's name (a first name right before it) is the person's surname
    (("Kölns Bürgermeister Thomas Bloomberg kritisierte die Senatorin offen dafür, gegen das Gesetz gestimmt "
      "zu haben."), "person", "Thomas Bloomberg"),
    # ... after a media noun, or standing alone, it names the outlet
    ("Der Sender Bloomberg berichtete, die Bank habe gegen das Gesetz verstoßen.", "outlet", "Bloomberg"),
    ("Laut Bloomberg hat die Bank gegen das Gesetz verstoßen.", "outlet", "Bloomberg"),
])
def test_an_outlet_alias_closing_a_persons_name_is_the_persons(text, kind, name):
    source = _origin(analyzed(text), "Gesetz")
    assert (source.kind, source.name) == (kind, name), source


@pytest.mark.parametrize("text, kind, anonymous", [
    # the authorities of one field in a place the affiliation names are one specific body ...
    ("Nach Angaben der Gesundheitsbehörden in Kassel wurden drei Menschen verletzt.", "organization", False),
    ("Nach Angaben der Umweltbehörden in Somalia wurden drei Menschen verletzt.", "organization", False),
    # ... of no place, or of a country by an adjective, they are unspecific authorities
    ("Nach Angaben der Gesundheitsbehörden wurden drei Menschen verletzt.", "unspecified", True),
    ("Nach Angaben der kenianischen Behörden wurden drei Menschen verletzt.", "unspecified", True),
])
def test_the_authorities_of_a_field_in_a_named_place_are_one_body(text, kind, anonymous):
    source = _origin(analyzed(text), "Menschen")
    assert (source.kind, source.anonymous) == (kind, anonymous), source


_STUDY = ("Die Hälfte aller Fitness-Apps ist nutzlos, so das Ergebnis einer gestern vorgestellten Studie des "
          "Instituts für Sportmedizin Kassel. Kritik an der Untersuchung kam vom Verband der App-Entwickler. Der "
          "Verband verwies auf Studien der Universität Marburg, die zu anderen Ergebnissen kamen. Karl Brenner, "
          "der das Projekt leitet, wies den Vorwurf zurück. Die Apps seien oft zu teuer. Viele Menschen nutzten "
          "sie nur wenige Wochen. Die Anbieter müssten nachbessern, forderte er. Getestet wurden 80 Apps. "
          "Bewertet wurden Preis und Nutzen. Dazu wurden auch Nutzer befragt. Die Ergebnisse liegen nun vor. "
          "Einige Apps schnitten gut ab. Allerdings gebe es auch Apps, die falsche Ratschläge gäben, so die Studie.")


def test_a_definite_document_is_the_one_the_article_introduced_with_its_issuer():
    # "die Studie" at the end is the study the first sentence named with its issuer, however far back,
    # not other studies in the plural ("Studien der Universität Marburg") nor the last speaker
    source = _origin(analyzed(_STUDY), "Ratschläge")
    assert source.kind == "organization" and "Sportmedizin" in source.name, source


@pytest.mark.parametrize("text, kind, fragment", [
    # a relative pronoun a preposition opens ("nach denen") refers to the noun phrase before the comma,
    # here studies whose issuer the genitive names ...
    (("Kritik kam vom Verband der Entwickler. Sein Chef verwies auf Studien der Universität Marburg, nach denen "
      "die Apps oft nützlich seien."), "organization", "Marburg"),
    # ... also one in the singular, whose gender the tagger knows
    (("Kritik kam vom Verband der Entwickler. Der Chef verwies auf einen Bericht des Instituts für Sportmedizin, "
      "nach dem die Apps oft nützlich seien."), "organization", "Sportmedizin"),
])
def test_a_relative_pronoun_after_a_preposition_refers_to_the_phrase_before_the_comma(text, kind, fragment):
    result = analyzed(text)
    by_id = {s.id: s for s in result.sources}
    attribution = next(a for a in result.attributions if a.source and a.source.text in ("denen", "dem"))
    source = by_id[attribution.source_id]
    assert source.kind == kind and fragment in source.name, source


@pytest.mark.parametrize("text, kind, anonymous", [
    # a class of people of a trade no list knows, by an adjective, is no one in particular ...
    ("Die deutschen Brauer rechnen mit einem schlechten Jahr.", "unspecified", True),
    ("Die britischen Bäcker warnten vor höheren Preisen für Mehl.", "unspecified", True),
])
def test_a_class_of_people_of_a_trade_is_a_group(text, kind, anonymous):
    source = _origin(analyzed(text))
    assert (source.kind, source.anonymous) == (kind, anonymous), source


def test_people_of_a_trade_without_an_adjective_may_be_the_ones_the_article_named():
    # "die Kläger" without an adjective points back to plaintiffs the article introduced: not a class
    result = analyzed("Die Kläger Anna Roth und Karl Brenner zogen vor Gericht. Die Kläger sagten, das Urteil sei falsch.")
    by_id = {s.id: s for s in result.sources}
    sources = [by_id[a.source_id] for a in result.attributions if a.source_id and a.source.text == "Die Kläger"]
    assert sources and all(s.kind != "unspecified" for s in sources), sources


@pytest.mark.parametrize("text, kind", [
    # one source named by an indefinite article alone is an unidentified individual ...
    ("Einer Quelle zufolge ist der Vertrag unterschriftsreif.", "anonymous"),
    ("Nach Angaben einer gut vernetzten Quelle wurden drei Menschen verletzt.", "anonymous"),
    # ... sources in the plural, or bare, are vague
    ("Andere Quellen sprechen von fünf Verletzten.", "unspecified"),
    ("Quellen zufolge ist der Vertrag unterschriftsreif.", "unspecified"),
])
def test_one_source_with_an_indefinite_article_is_anonymous(text, kind):
    source = _origin(analyzed(text))
    assert (source.kind, source.anonymous) == (kind, True), source


@pytest.mark.parametrize("text, name", [
    # an adjective used as a noun with an indefinite article is one unidentified person ...
    ("Nach Aussagen eines Anderen hätten die Spuren gefehlt.", "Anderer"),
    ("Nach Angaben einer Beteiligten wurde der Vertrag gestern unterzeichnet.", "Beteiligte"),
    # ... as is a noun of the weak declension no list knows, whose nominative is its stem
    ("Nach Angaben eines Praktikanten wurde der Vertrag gestern unterzeichnet.", "Praktikant"),
])
def test_an_adjective_used_as_a_noun_with_an_indefinite_article_is_anonymous(text, name):
    source = _origin(analyzed(text))
    assert (source.kind, source.anonymous, source.name) == ("anonymous", True, name), source


def test_a_singular_noun_in_en_is_no_adjective_used_as_a_noun():
    # "einem Schreiben" is a thing, whose lemma keeps its "-en": not an unidentified person
    source = _origin(analyzed("Aus einem Schreiben geht hervor, dass der Vertrag gestern unterzeichnet wurde."))
    assert (source.kind, source.name) == ("unspecified", "Schreiben"), source


@pytest.mark.parametrize("text, kind, anonymous", [
    # plural things no list knows, described by common adjectives, are vague ...
    ("Den bisherigen Planungen zufolge soll die Brücke im Mai fertig sein.", "unspecified", True),
    # ... a body's name capitalises its adjectives
    ("Die Vereinten Nationen sagten, die Grenze sei offen.", "organization", False),
])
def test_plural_things_described_by_common_adjectives_are_no_body(text, kind, anonymous):
    source = _origin(analyzed(text))
    assert (source.kind, source.anonymous) == (kind, anonymous), source



def test_an_article_before_a_possessive_source_opens_another_noun_phrase():
    # "gegen die ihrer Meinung nach …": a speaker span that took in the article of the noun phrase the
    # possessive sits in is still the possessive, to resolve to whom it refers
    from provenance import chunking
    from provenance.records import Span
    from provenance.sources import classifier_for

    config = load_config()
    text = "Sie wandte sich gegen die ihrer Meinung nach verbreiteten Illusionen."
    doc = chunking.parse_texts([text], config.settings)[0]
    start = text.index("die ihrer")
    span = Span(start, start + len("die ihrer Meinung"), "die ihrer Meinung")
    words = [w for s in doc.sentences for w in s.words if span.start <= w.start and w.end <= span.end]
    mention = classifier_for(config).classify(span, words)
    assert mention.pronoun == "possessive" and not mention.resolved, mention


@pytest.mark.parametrize("text, kind", [
    # a report no one before issued is the one of the outlet the next sentence makes its subject ...
    (("Ein Flugzeug musste am Freitag umkehren. Grund waren dem Bericht zufolge technische Probleme. "
      "Die Süddeutsche Zeitung berichtet von einem undichten Ventil."), "outlet"),
    # ... not of whoever else the next sentence is about
    (("Ein Flugzeug musste am Freitag umkehren. Grund waren dem Bericht zufolge technische Probleme. "
      "Die Maschine landete sicher in München."), "unspecified"),
])
def test_a_report_no_one_issued_before_is_the_outlet_of_the_next_sentence(text, kind):
    result = analyzed(text)
    by_id = {s.id: s for s in result.sources}
    source = by_id[next(a for a in result.attributions if a.source and a.source.text == "dem Bericht").source_id]
    assert source.kind == kind, source


def test_a_compound_of_a_document_noun_is_the_document_another_compound_introduced():
    # "Der Untersuchungsbericht" is the "Abschlussbericht der Ermittlungskommission" the article named first
    result = analyzed("Die Kommission legte gestern einen Abschlussbericht der Ermittlungskommission vor. Die Ursache "
                      "sei ein Fehler gewesen. Der Untersuchungsbericht nennt zudem Mängel bei der Wartung, die "
                      "behoben werden müssten.")
    by_id = {s.id: s for s in result.sources}
    source = by_id[next(a for a in result.attributions if a.source and "Untersuchungsbericht" in a.source.text).source_id]
    assert source.kind == "organization" and "Ermittlungskommission" in source.name, source


@pytest.mark.parametrize("text, kind, anonymous", [
    # a representative of a body the phrase names speaks for it ...
    ("Nach Angaben eines Repräsentanten der Firma Siemens wurde der Vertrag gestern unterzeichnet.", "official", False),
    # ... of a body the article does not identify, an anonymous one (as "ein Vertreter einer NGO")
    ("Nach Angaben eines Repräsentanten einer dieser Firmen wurde der Vertrag gestern unterzeichnet.", "official", True),
])
def test_a_representative_is_a_role_holder(text, kind, anonymous):
    source = _origin(analyzed(text))
    assert (source.kind, source.anonymous) == (kind, anonymous), source
