"""Loading and validating the YAML configuration under ``configs/``.

Patterns are data: cue lexicons, outlet names and source descriptors live in
YAML so a newsroom can extend them without touching code. Each file is
validated on load; an error names the file, the key and the problem.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from provenance.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_CONFIG_DIR = PACKAGE_DIR.parent / "configs"

Medium = Literal["speech", "thought", "writing"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- default.yaml ---------------------------------------------------------

class ModelSettings(_Strict):
    source: Literal["bundled", "stanza"] = "bundled"
    dir: str | None = None  # where the official Stanza models live (source: stanza)
    package: str = "default"


class LimitSettings(_Strict):
    max_chars: int = Field(default=2_000_000, gt=0)
    chunk_chars: int = Field(default=100_000, gt=0)
    min_german_share: float = Field(default=0.3, ge=0, le=1)


class CacheSettings(_Strict):
    enabled: bool = True
    dir: str | None = None  # default: the user cache directory


Genre = Literal["news", "debate"]


class Settings(_Strict):
    model: ModelSettings = ModelSettings()
    limits: LimitSettings = LimitSettings()
    cache: CacheSettings = CacheSettings()
    publisher: str | None = None
    # rules: the rule families alone; learned: a trained model revises their findings
    attribution: Literal["rules", "learned"] = "rules"
    # a bundled model by name (provenance/models/NAME) or a directory `provenance train` wrote;
    # a relative directory is relative to the configuration directory
    attribution_model: str = Field(default="news", min_length=1)
    # news, debate (a parliamentary speech) or auto: recognised per article (provenance/genre.py)
    genre: Literal["auto", "news", "debate"] = "auto"


# --- cues.yaml -----------------------------------------------------------

class LexiconConflict(ValueError):
    """Two entries that contradict or shadow each other; ``key`` says where."""

    def __init__(self, key: str, problem: str):
        super().__init__(problem)
        self.key = key


def _no_duplicates(values: list[str], what: str = "entry") -> list[str]:
    """A word listed twice is a slip that hides an edit: reject it."""
    seen, twice = set(), []
    for value in values:
        if value in seen and value not in twice:
            twice.append(value)
        seen.add(value)
    if twice:
        raise ValueError(f"duplicate {what}: {', '.join(map(repr, twice))}")
    return values


Words = Annotated[list[str], AfterValidator(_no_duplicates)]


class Verb(_Strict):
    """A reporting verb, keyed by its lemma. A separable verb is keyed by its
    infinitive ("mitteilen"); "teilte … mit" is found as the lemma "teilen"
    with its separated particle "mit"."""

    medium: Medium | None = None
    confidence: float = Field(default=0.9, ge=0, le=1)
    # without a message clause, the verb reports speech only with one of these after it ("sprach von")
    requires: Words = []
    # without a message clause, does the sentence report a statement? Not for verbs whose
    # object is rarely one ("kritisierte die Entscheidung", "bestätigte den Vorfall")
    reports: bool = True
    # "es heißt", "hieß es": the subject is the expletive "es"; the verb names no speaker
    # and reports nothing without a message clause
    impersonal: bool = False
    # correlates the message hangs on that belong to this verb's cue beyond the common
    # ones ("rief dazu auf": "dazu" here, but "sagte dazu" is "about it")
    correlates: Words = []
    # a cue only with "sich" ("beruft sich auf"; "wurde zum Präsidenten berufen" appoints)
    reflexive: bool = False
    # nouns (shell-style patterns, lower case) that, as the verb's object or subject, make it no speech
    # act: "Das Unglück forderte drei Todesopfer" counts the dead, nobody demanded anything
    not_with: Words = []
    # prepositions whose phrase names the source, before any subject ("Aus dem Bericht geht hervor,
    # dass …", "Wie sich aus der Auswertung ergab, …": the text the message comes out of)
    source_after: Words = []


class Phrase(_Strict):
    """A multi-word cue matched on lower-cased token text; each token is a
    shell-style pattern ("*angaben" matches "Polizeiangaben")."""

    tokens: Words = Field(min_length=1)
    # how many tokens form the cue: the leading ones (the rest opens the source:
    # "aus | Sicht der Organisationen") or, for a postposition, the trailing ones
    # (the rest closes the source: "seiner Meinung | nach")
    cue_length: int | None = Field(default=None, ge=1)
    # "nach ersten Erkenntnissen": a reporting noun within `window` tokens after `tokens`
    nouns: Words = []
    window: int = Field(default=0, ge=0, le=6)
    # a source phrase with one of these nouns makes the phrase no cue ("gemäß der damaligen
    # Regelung": which rule was followed, not who said something)
    not_nouns: Words = []
    role: Literal["preposition", "postposition", "citing", "anaphoric", "impersonal"]
    medium: Medium | None = None
    confidence: float = Field(default=0.85, ge=0, le=1)
    # anaphoric phrases only: who the source is, the source of the previous attribution
    # ("Demnach …") or the report noun the phrase follows ("Berichte der Zeitung, wonach …")
    antecedent: Literal["previous_source", "reporting_noun"] | None = None
    # a cue word that is also another word ("laut", the adjective: "so laut, dass",
    # "sprach laut") is a cue only before a noun phrase and after none of `not_after`
    noun_phrase_follows: bool = False
    not_after: Words = []

    @model_validator(mode="after")
    def _consistent(self) -> "Phrase":
        if self.cue_length is not None and self.cue_length > len(self.tokens):
            raise ValueError(f"cue_length {self.cue_length} is longer than tokens ({len(self.tokens)})")
        if (self.role == "anaphoric") != (self.antecedent is not None):
            raise ValueError("antecedent is required for role anaphoric and only allowed there")
        if self.nouns and not self.window:
            raise ValueError("nouns need a window > 0 to be looked for")
        if (self.noun_phrase_follows or self.not_after) and self.role != "preposition":
            raise ValueError("noun_phrase_follows and not_after apply to role preposition only")
        return self


class RuleConfidence(_Strict):
    """Confidence of findings that have no lexicon entry of their own, and
    the factors by which a rule scales its entry's confidence."""

    so_postposed: float = Field(ge=0, le=1)  # "…, so der Sprecher."
    colon_quote: float = Field(ge=0, le=1)  # "Merkel: „…“"
    colon_verb: float = Field(ge=0, le=1)  # factor: "X sagte: „…“" with a parse that lost the link
    verb_without_source: float = Field(ge=0, le=1)  # factor: a verb cue with no speaker found
    verb_reported: float = Field(ge=0, le=1)  # factor: a speech act with no message clause
    reported_minimum: float = Field(ge=0, le=1)  # verbs below this report no statement without a message clause
    relay: float = Field(ge=0, le=1)  # "zitiert Y", "beruft sich auf Y"
    continuation: float = Field(ge=0, le=1)  # Konjunktiv continuing reported speech
    evidential: float = Field(ge=0, le=1)  # "soll … haben"
    quote_adjacent: float = Field(ge=0, le=1)  # a quotation after an attribution
    quote_nested: float = Field(ge=0, le=1)  # factor: a quotation inside an indirect claim


class RuleWindows(_Strict):
    """How far the rules look, and the least a span must hold."""

    quote_reach: int = Field(ge=0)  # sentences back a quotation's speaker may be named
    evidential_reach: int = Field(ge=0)  # sentences back an evidential "soll" takes its source from
    continuation_reach: int = Field(ge=1)  # sentences back a Konjunktiv continues an attribution across
    addressee_tokens: int = Field(ge=0)  # tokens after a verb searched for whom it was told
    message_mark_tokens: int = Field(ge=0)  # a comma or colon this close after a verb opens its message
    citing_gap_chars: int = Field(ge=0)  # characters from a verb to a citing phrase it carries
    short_lead_tokens: int = Field(ge=0)  # tokens of a verbless lead before ", dass" ("heißt es weiter, …")
    colon_source_words: int = Field(ge=1)  # words of a name before "X: „…“"
    name_quote_words: int = Field(ge=1)  # a quotation this short after a noun is its name ("Nachrichtensite „Golem“")
    min_claim_words: int = Field(ge=1)  # a verb or phrase claim holds at least this many words
    min_adjacent_quote_words: int = Field(ge=1)  # an unclaimed quotation this long goes to the last speaker
    min_relay_quote_words: int = Field(ge=1)  # a quotation this long is what a relay verb relays
    min_nested_quote_words: int = Field(ge=1)  # a quotation this long inside a claim is a direct one
    min_reported_words: int = Field(ge=1)  # a sentence this long can be a reported speech act
    min_antecedent_words: int = Field(ge=1)  # a sentence "Das bestätigte X." points back to holds this many
    # shares of characters, so a ratio: more than 0 (nothing would count as the quotation's), at most 1
    span_fills_quote: float = Field(gt=0, le=1)  # a span inside a quotation with this share of it is the quotation
    quote_fills_span: float = Field(gt=0, le=1)  # a quotation making up this share of a span is the span


class Cues(_Strict):
    reporting_nouns: Words = []
    # endings of compounds that report ("Polizeiangaben", "Regierungssprecher"): a feature of the learned layer
    reporting_noun_endings: Words = []
    verbs: dict[str, Verb]
    phrases: dict[str, Phrase]
    relay_verbs: Words = []  # "zitiert Y": the object is the relayed source
    # verbs that report a statement without quoting it ("Die Polizei sprach von …"):
    # with a subject and no message clause, the whole sentence is the claim
    reported_verbs: dict[str, Verb] = {}
    addressee_nouns: Words = []  # "sagte der Zeitung Y": who was told
    interview_nouns: Words = []  # "in einem Interview mit Y": who was told
    addressee_verbs: Words = []  # "forderte die Anwohner auf": the object is who was told
    dative_passive_verbs: Words = []  # "Ihm wird vorgeworfen": the passive subject is who was told
    as_verbs: Words = []  # "bezeichnete … als": "als" is part of the cue
    naming_verbs: Words = []  # "nennt sich „X“", "nennt man „X“": with "sich" or "man" a name, not a speech act
    # lemmas a small lemmatiser gets wrong for cue verbs ("schlägt" -> "schlägen"), mapped to the right one
    lemma_repairs: dict[str, str] = {}
    never_subjects: Words = []  # sentence adverbs a small parser mistakes for subjects
    # sentence adverbs a small parser takes for the subject of the verb after them (the verbs family only)
    sentence_adverbs: Words = []
    # subordinators of a clause behind "verb," that says when or why, not what was said
    # ("meldete, nachdem …"); the debate genre has its own list (debate.yaml, empty by default)
    circumstance_conjunctions: Words = []
    # negations that, on a cue verb before its message, say it was not said ("wollte nicht
    # bestätigen, dass …"): no claim; the debate genre has its own list (debate.yaml, empty by default)
    negations: Words = []
    konjunktiv_continuation: bool = True
    # a verb's following clause is its message only when it reads as one (a clause with a verb, not one
    # that opens with its finite verb: "…, hielt sich aber zurück"); off in debates, where SpkAtt counts
    # whatever follows the cue
    following_clause_reads_as_message: bool = True
    # Konjunktiv II forms a writer uses as a plain "wants" in their own voice ("Blair möchte die Lage
    # analysieren"): alone they continue no reported speech
    writers_konjunktiv: Words = []
    confidence: RuleConfidence
    windows: RuleWindows

    @model_validator(mode="after")
    def _consistent(self) -> "Cues":
        both = sorted(set(self.verbs) & set(self.reported_verbs))
        if both:
            raise LexiconConflict(f"reported_verbs.{both[0]}", "also in 'verbs' (one entry would silently "
                                  "shadow the other)")
        lexicon = set(self.verbs) | set(self.reported_verbs)
        for key in ("relay_verbs", "addressee_verbs", "dative_passive_verbs", "as_verbs", "naming_verbs"):
            unknown = [v for v in getattr(self, key) if v not in lexicon]
            if unknown:
                raise LexiconConflict(key, f"{', '.join(map(repr, unknown))} not in 'verbs' or 'reported_verbs' "
                                      "(a verb is found only through the lexicon, so the entry would never apply)")
        seen: dict[tuple[str, ...], str] = {}
        for name, phrase in self.phrases.items():
            tokens = tuple(phrase.tokens)
            if tokens in seen:
                raise LexiconConflict(f"phrases.{name}", f"same tokens {list(tokens)} as 'phrases.{seen[tokens]}'")
            seen[tokens] = name
        return self


# --- pipeline.yaml -------------------------------------------------------

class PipelineOrder(_Strict):
    """Which rule families run, and in what order, by the names they are
    registered under (``provenance.rules.registry``)."""

    sentence: Words = Field(min_length=1)  # on every sentence, in this order
    # on a sentence none of the families above found anything in, in this order, until one does
    fallback: Words = []
    document: Words = []  # once, after every sentence: quotations left over need all speakers known
    # once, after the attributions are final (rules and learned layer): speech events without a claim
    events: Words = []

    @model_validator(mode="after")
    def _registered(self) -> "PipelineOrder":
        """A misspelt family name would switch the family off unnoticed, one
        listed twice would find everything twice, and a document family
        has no sentence to run on."""
        from provenance.rules.registry import registered  # the rules import this module: not at load time
        families = registered()
        listed: dict[str, str] = {}
        for stage in ("sentence", "fallback", "document", "events"):
            for name in getattr(self, stage):
                family = families.get(name)
                if family is None:
                    raise LexiconConflict(stage, f"unknown rule family '{name}' "
                                          f"(registered: {', '.join(sorted(families))})")
                wanted = {"document": ("document",), "events": ("events",)}.get(family.per, ("sentence", "fallback"))
                if stage not in wanted:
                    where = " or ".join(f"'{w}'" for w in wanted)
                    raise LexiconConflict(stage, f"rule family '{name}' runs per {family.per}: "
                                          f"list it under {where}")
                if name in listed:
                    raise LexiconConflict(stage, f"rule family '{name}' also listed under '{listed[name]}'")
                listed[name] = stage
        return self


class Pipeline(PipelineOrder):
    """The news order, and the order for parliamentary speeches (``debate:``;
    without it, speeches run the news order)."""

    debate: PipelineOrder | None = None

    def order(self, genre: str) -> PipelineOrder:
        return self.debate if genre == "debate" and self.debate is not None else self


# --- debate.yaml ---------------------------------------------------------

class GenreWords(_Strict):
    """How a parliamentary speech is told from news by its form (provenance/genre.py);
    phrases lower case, matched as whole words."""

    # forms of address that open a speech ("Frau Präsidentin!", "Liebe Kolleginnen und Kollegen!")
    openings: Words = Field(min_length=1)
    opening_chars: int = Field(default=300, gt=0)  # an opening counts within this many characters
    # forms of address anywhere in a speech ("meine Damen und Herren", "Herr Kollege")
    addresses: Words = Field(min_length=1)
    min_addresses: int = Field(default=2, ge=1)  # without an opening: this many addresses ...
    first_person: Words = Field(min_length=1)  # ... and first-person argument outside quotations:
    min_first_person_share: float = Field(default=0.02, ge=0, le=1)  # this share of the words


class Debate(_Strict):
    """The debate genre: its recognition and the cue words its rule families
    add to cues.yaml (``pipeline.yaml`` ``debate:`` names the families)."""

    genre: GenreWords
    # reporting, thought and attitude verbs of speeches, added to cues.yaml `verbs` in debates
    verbs: dict[str, Verb] = {}
    # nouns that carry a message in a clause of their own ("die Forderung, dass …"); medium per noun
    message_nouns: dict[str, Medium | None] = {}
    # "ich bin der Meinung, dass …": nouns that with "sein" or "haben" cue the subject's view
    opinion_nouns: Words = []
    # "ich bin überzeugt, dass …": adjectives and participles that with "sein" cue the subject's view
    opinion_adjectives: Words = []
    # "Ist Ihnen bekannt, dass …": in speeches, adjectives that with "sein" cue the view of a dative
    dative_opinion_adjectives: Words = []
    # "das finde ich schäbig": verbs whose message is a judgement, a predicative adjective
    judgement_verbs: Words = []
    # "Wir fordern eine Abschaffung des Gesetzes", "Das muss man sagen": verbs whose object is the message
    object_message_verbs: Words = []
    # "Ich weise auf einen Fehler hin", "darüber informieren": verbs whose phrase opened by one of
    # their prepositions (or its "da(r)-" adverb) is the message
    phrase_message_verbs: dict[str, Words] = {}
    # second-person pronouns, as written (capitalised), that name whom a speaker addresses ("Ihnen", "Sie")
    addressee_pronouns: Words = []
    # closed-class words the debate families read, lower case:
    # words that open a message clause after a comma ("…, dass", "…, ob", an interrogative)
    clause_openers: Words = []
    # possessives before a message noun ("meine Forderung, dass …"): the noun's owner speaks
    possessives: Words = []
    # pronoun subjects of a judgement verb a small parser may miss ("Das finde ich schäbig")
    personal_subjects: Words = []
    # replaces cues.yaml `circumstance_conjunctions` in debates: SpkAtt counts the speech
    # event of "…, weil …" whatever follows the cue
    circumstance_conjunctions: Words = []
    # replaces cues.yaml `negations` in debates: SpkAtt counts "Ich sage nicht, dass …" as an event
    negations: Words = []
    # the first-person subjects that make the speaker of a speech the source
    first_person_subjects: Words = []
    # correlates the SpkAtt annotation leaves out of a cue ("darüber", "es")
    correlates: Words = []
    # words that cue a speech event even where it states no claim ("Ihr Antrag", "Wir diskutieren
    # über …", "Ich danke Ihnen"), by lemma, with their medium (rule family speech_events)
    event_nouns: dict[str, Medium | None] = {}
    event_verbs: dict[str, Medium | None] = {}
    # lemmas the small lemmatiser misspells, with the word list lemma they stand for ("beantworen")
    lemma_fixes: dict[str, str] = {}
    # rules of the news families whose claims a speech's annotation does not take for messages
    news_rules_left_out: Words = []
    # event nouns that also cue an event as the last part of a compound ("Beweisantrag")
    event_compound_heads: Words = []
    # personal pronouns that are an event verb's subject where the parser made another word of it
    event_subjects: Words = []
    # verbs whose accusative object is whom the event addresses ("informiert die Menschen")
    addressee_object_verbs: Words = []
    # verbs whose dative object is what the event is about, not whom it addresses ("zustimmen")
    dative_topic_verbs: Words = []
    # verbs that with an event noun make one event ("eine Frage stellen", "das Wort erteilen")
    support_verbs: Words = []
    # prepositions that frame a view as a thought event ("aus meiner Sicht"): part of its cue
    framing_prepositions: Words = []
    # prepositions that open what an event is about ("über die Rente", "zur Änderung des Gesetzes")
    topic_prepositions: Words = []
    # prepositions that open whom an event addresses ("Glückwunsch an die NATO", "spricht zu uns")
    addressee_prepositions: Words = []
    confidence: float = Field(default=0.7, ge=0, le=1)  # of a debate family's findings

    @model_validator(mode="after")
    def _no_overlap(self) -> "Debate":
        heads = sorted(set(self.event_compound_heads) - set(self.event_nouns))
        if heads:
            raise LexiconConflict(f"event_compound_heads.{heads[0]}", "not in 'event_nouns' (its medium is there)")
        both = sorted(set(self.opinion_nouns) & set(self.message_nouns))
        if both:
            raise LexiconConflict(f"opinion_nouns.{both[0]}", "also in 'message_nouns' (one family would "
                                  "find what the other finds)")
        return self


# --- outlets.yaml --------------------------------------------------------

class Outlet(_Strict):
    aliases: Words = []
    type: Literal["agency", "newspaper", "magazine", "broadcaster", "website"] = "newspaper"
    # Aliases that are also German common nouns ("Welt", "Zeit", "Bild"): they name the
    # outlet only quoted, as a title ("Die Welt" inside a sentence, "des Spiegel") or
    # after a media noun ("die Zeitung Welt"); "aus aller Welt" is no outlet.
    common_noun: Words = []


class Outlets(_Strict):
    outlets: dict[str, Outlet]

    @model_validator(mode="after")
    def _one_outlet_per_name(self) -> "Outlets":
        """A name or alias that two outlets claim would be given to whichever comes first;
        a common-noun form must be one of the outlet's own names."""
        owner: dict[str, str] = {}
        for name, outlet in self.outlets.items():
            unknown = [a for a in outlet.common_noun if a != name and a not in outlet.aliases]
            if unknown:
                raise LexiconConflict(f"outlets.{name}.common_noun",
                                      f"'{unknown[0]}' is neither its name nor one of its aliases")
            for alias in [name, *outlet.aliases]:
                if owner.get(alias, name) != name:
                    raise LexiconConflict(f"outlets.{name}.aliases" if alias != name else f"outlets.{name}",
                                          f"'{alias}' also names the outlet '{owner[alias]}'")
                if alias == name and alias in outlet.aliases:
                    raise LexiconConflict(f"outlets.{name}.aliases", f"'{alias}' repeats the outlet's own name")
                owner[alias] = name
        return self


# --- sources.yaml --------------------------------------------------------

class SourceLexicon(_Strict):
    """Word lists that classify a source (lower case; a compound matches by
    its last part: "Regierungssprecher" ends in "sprecher")."""

    official_roles: Words  # role nouns: official without a name, person with one
    titles: Words  # words before a name that are no part of it ("Herr", "Dr.")
    anonymous_markers: Words  # phrases that make a source anonymous
    anonymous_nouns: Words  # nouns of deliberately unidentified people ("Insider", "Kreise")
    private_nouns: Words  # unnamed private individuals in police-report style ("Passant")
    rank_and_file: Words  # role nouns with no speaking function: "ein Beamter" is anonymous
    speaking_roles: Words = []  # "ein Sprecher": an official of the body the article is about, even unnamed
    leader_nouns: Words = []  # nouns for whoever leads a body: "ihr Anführer" is the one introduced as "der Chef"
    implied_bodies: dict[str, str] = {}  # a rank → the institution it implies ("Hauptkommissar" → "polizei")
    legal_status: Words = ()  # private nouns of court and police ("der Angeklagte"): the person named before
    unspecified_nouns: Words  # vague sources ("Quellen", "Berichte")
    # "eine Quelle": one unnamed source, with an indefinite article in the singular an unidentified
    # individual (anonymous); bare or in the plural ("Quellen") a vague source of ``unspecified_nouns``
    single_sources: Words = []
    generic_groups: Words  # generic groups ("Experten", "Beobachter")
    organization_words: Words  # institution nouns and name parts ("Regierung", "Ministerium")
    authority_nouns: Words  # unspecific when plural or generic ("Behörden")
    unit_nouns: Words = []  # units of a body ("Streife"): "Polizeistreife" is the police
    document_nouns: Words  # statements and documents: the kind of whoever issued them
    law_nouns: Words  # laws, treaties, drafts used as sources: organization
    statement_nouns: Words = []  # documents that are statements: someone's even with an indefinite article
    person_nouns: Words = []  # person nouns whose form does not tell ("Sachse"): "der Sachse" refers back
    media_nouns: Words  # "die Zeitung X": what X is, or refers back to an outlet
    generic_media: Words  # unnamed media in general ("Medien", "Presse"): unspecified
    not_media_nouns: Words = []  # compounds of a media noun that name no medium ("Ratingagentur")
    member_words: Words = []  # a board whose name names a member too ("Osram-Vorstand Martin Goetzler")
    collective_nouns: Words = []  # "die Menschenmenge": a generic group, singular in form
    event_bodies: Words = []  # "die Veranstalter": anonymous where the article never names them
    organizing_verbs: Words = []  # lemmas: "X hatte zu der Demonstration aufgerufen" names the organisers
    state_media: Words = []  # "die staatliche Nachrichtenagentur", "Staatsfernsehen": one specific outlet
    wrapper_nouns: Words  # "Angaben der Polizei": how the source spoke, never the source
    places: Words  # countries and capitals that speak for a state: organization
    personal_pronouns: Words
    generic_pronouns: Words = []  # "man": no one in particular, never resolved to a referent
    # "ich" and its forms outside quotations: the speaker of the text, when the input names one
    first_person_singular: Words = ()
    demonstratives: Words  # "die", "diese", "dieser" as a speaker
    pronominal_adverbs: Words  # "demnach", "danach": the statement before
    possessives: Words  # "seiner Meinung nach", "deren Angaben", "eigenen Angaben"
    neuter_nouns: Words = ()  # head nouns of names that are neuter: "des Weißen Hauses" → "Weißes Haus"
    not_sources: Words = ()  # nouns that alone are no speaker ("zum Beispiel", "aus diesem Grund")
    # function words of the phrase reader (closed classes)
    articles: Words = ()
    definite_determiners: Words = ()
    indefinite_articles: Words = ()
    affiliation_openers: Words = ()  # "Sprecher | des Weißen Hauses"
    leading_prepositions: Words = ()  # "Nach | Angaben von X"
    vague_quantifiers: Words = ()  # "einige Politiker"
    time_words: Words = ()  # days, months, feasts
    contracted_articles: Words = ()  # "im | Bericht"
    genitive_openers: Words = ()  # "Angaben | von X"

    @model_validator(mode="after")
    def _single_sources_are_vague(self) -> SourceLexicon:
        unknown = sorted(set(self.single_sources) - set(self.unspecified_nouns))
        if unknown:
            raise LexiconConflict(f"single_sources.{unknown[0]}", "not in 'unspecified_nouns' (its bare and plural "
                                  "forms are vague sources there)")
        return self


# --- coref.yaml ------------------------------------------------------------

class GenderedNouns(_Strict):
    """Person nouns whose gender is their referent's sex (lower case; a compound matches
    by its last part: "Schwiegermutter" ends in "mutter"), which a small tagger often guesses
    wrong ("Mann" neuter): what "er" and "sie" may refer to."""

    masculine: Words = []
    feminine: Words = []

    @model_validator(mode="after")
    def _one_gender(self):
        both = sorted(set(self.masculine) & set(self.feminine))
        if both:
            raise LexiconConflict("feminine", f"'{both[0]}' is also masculine")
        return self


class Coref(_Strict):
    """Word lists of coreference (``provenance/sources/coref.py``)."""

    gendered_nouns: GenderedNouns = GenderedNouns()


class Config(_Strict):
    settings: Settings
    cues: Cues
    outlets: Outlets
    sources: SourceLexicon
    pipeline: Pipeline
    directory: str
    debate: Debate | None = None
    coref: Coref = Coref()


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: parsed several times faster
    """safe_load that refuses a key given twice in one mapping: plain YAML
    keeps the last one, so an entry added again silently replaces the first."""

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise _DuplicateKey(key, key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _DuplicateKey(Exception):
    def __init__(self, key, mark):
        super().__init__(key)
        self.key, self.mark = key, mark


def _read_yaml(path: Path) -> object:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration is not UTF-8 text") from None
    try:
        # a SafeLoader: a configuration file can never construct Python objects.
        return yaml.load(raw, Loader=_UniqueKeyLoader) or {}
    except _DuplicateKey as exc:
        raise ConfigError(f"{path}: key '{exc.key}' given twice in one mapping "
                          f"(line {exc.mark.line + 1}); the second would silently replace the first") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}: malformed YAML{where}: {problem}") from None


def _validate(model: type[BaseModel], path: Path):
    data = _read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        parts = [str(part) for part in error["loc"]]
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, LexiconConflict):
            parts.append(cause.key)
        key = ".".join(parts) or "(top level)"
        problem = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        if error["type"] == "value_error":
            problem = str(cause) if cause is not None else problem.removeprefix("Value error, ")
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(f"{path}: key '{key}': {problem}{more}") from None


@functools.cache
def load_config(directory: str | Path | None = None) -> Config:
    """Load and validate ``default.yaml``, ``cues.yaml``, ``outlets.yaml``,
    ``sources.yaml`` and ``pipeline.yaml`` from ``directory`` (the bundled
    ``configs/`` by default)."""
    base = Path(directory) if directory is not None else DEFAULT_CONFIG_DIR
    if not base.is_dir():
        raise ConfigError(f"{base}: configuration directory not found")
    return Config(
        settings=_attribution_model(_validate(Settings, base / "default.yaml"), base),
        cues=_validate(Cues, base / "cues.yaml"),
        outlets=_validate(Outlets, base / "outlets.yaml"),
        sources=_validate(SourceLexicon, base / "sources.yaml"),
        pipeline=_validate(Pipeline, base / "pipeline.yaml"),
        directory=str(base),
        # optional in a user's directory: the bundled one serves where it has none
        debate=_validate(Debate, base / "debate.yaml" if (base / "debate.yaml").is_file()
                         else DEFAULT_CONFIG_DIR / "debate.yaml"),
        coref=_validate(Coref, base / "coref.yaml" if (base / "coref.yaml").is_file()
                        else DEFAULT_CONFIG_DIR / "coref.yaml"),
    )


def _attribution_model(settings: Settings, base: Path) -> Settings:
    """With ``attribution: learned``, the model must exist: a bundled name, or
    a model directory (relative to the configuration directory), which is
    then kept as an absolute path."""
    if settings.attribution != "learned":
        return settings
    from provenance.learned.bundled import model_directory  # light: no model is loaded here

    found = model_directory(settings.attribution_model, base)
    if found is None:
        raise ConfigError(f"{base / 'default.yaml'}: key 'attribution_model': no attribution model "
                          f"'{settings.attribution_model}' (neither a bundled model nor a directory with model.json)")
    return settings.model_copy(update={"attribution_model": str(found)})
