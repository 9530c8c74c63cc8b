"""Closed-class German words the rule families look for: quotation marks,
articles, conjunctions, pronouns and verb forms. Open word lists (cue verbs,
phrases, nouns) are data in ``configs/cues.yaml``; these are grammar."""

from __future__ import annotations

from provenance.parsing import MONTHS

OPEN_TO_CLOSE = {"„": "“”", "»": "«", "«": "»", "“": "”", '"': '"', "‚": "‘’", "›": "‹"}
QUOTE_CHARS = set(OPEN_TO_CLOSE) | {c for closers in OPEN_TO_CLOSE.values() for c in closers}
EDGE_PUNCT = set(",.;:!?–—-/")
FINAL_PUNCT = set(".!?")
# ", doch …", ", aber …": conjunctions that join two main clauses
MAIN_CLAUSE_CONJUNCTIONS = {"doch", "aber", "jedoch", "sondern", "denn"}
# ", wobei …", ", was …": a clause that comments on the whole sentence, not part of a message after it;
# the first two never open a clause of the message itself
COMMENT_OPENERS = {"wobei", "was", "woraufhin", "weshalb", "weswegen", "womit", "wodurch"}
SENTENCE_COMMENTS = {"wobei", "woraufhin"}
# Articles that open a new (dative or accusative) noun phrase, never a genitive
# continuation: "sagte der Minister | dem Sender"
NEW_PHRASE_ARTICLES = {"dem", "den", "das", "die", "ein", "einem", "einen", "eine", "diesem", "diesen"}
# "Angaben der Polizei vom Dienstag", "laut der CDU am kommenden Mittwoch": a date ends a source
TIME_NOUNS = MONTHS | {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
                       "wochenende", "vormittag", "nachmittag", "abend", "morgen", "vortag", "jahr", "monat", "woche", "uhr",
                       "stunde", "stunden", "minute", "minuten", "tag", "tage", "tagen", "wochen", "monate", "monaten",
                       "jahre", "jahren", "nacht"}
# "In der Mitteilung heißt es", "Im Bericht heißt es", "Auf der Homepage heißt es"
DOCUMENT_PREPOSITIONS = {"in", "im", "auf", "aus", "bei", "beim"}
# "laut Behördenangaben | rund 7.000 Menschen": a count after a source opens the message
QUANTIFIERS = {"rund", "etwa", "mindestens", "knapp", "fast", "über", "mehr", "weniger", "circa", "ca.", "gut",
               "bis", "nur", "insgesamt", "höchstens", "annähernd", "ungefähr"}
GENITIVE_OPENERS = {"des", "der", "von", "vom"}
# open an indirect question or a subordinate clause, never a main clause
INTERROGATIVES = {"warum", "weshalb", "wieso", "wer", "wen", "wem", "was", "wann", "wo", "ob", "wie", "welche",
                  "welcher", "welches"}
RELATIVE_PRONOUNS = {"der", "die", "das", "dem", "den", "deren", "dessen", "denen", "welcher", "welche", "welches",
                     "welchem", "welchen", "wo"}
# ", wonach …", ", worin …": pronominal adverbs that open a relative clause after a comma
RELATIVE_ADVERBS = {"wonach", "worin", "wodurch", "womit", "worauf", "worüber", "wofür", "wogegen", "woraus",
                    "wovon", "wozu", "woran", "wobei", "wohin", "woher", "worum", "worunter"}
# "wies darauf hin, dass …", "äußerte sich": part of the cue in the annotation
# (a verb may add its own in cues.yaml: "rief dazu auf", but "sagte dazu" = about it)
CORRELATES = {"darauf", "davon", "darüber", "sich"}
# "selbst wenn", "auch wenn", "erst als": focus particles before a subordinator
FOCUS_PARTICLES = {"selbst", "auch", "nur", "erst", "gerade", "noch"}
# Separable verb particles: "forderte die Truppen an" is "anfordern", "sagte den Termin ab" "absagen"
SEPARABLE_PARTICLES = {"ab", "an", "auf", "aus", "bei", "dar", "durch", "ein", "fest", "fort", "her", "heraus",
                       "hervor", "hin", "hinzu", "los", "mit", "nach", "um", "vor", "voraus", "vorbei", "weg",
                       "wieder", "zu", "zurück", "zusammen"}
# "Das bestätigte die Polizei.": a fronted demonstrative points back at the sentence before
ANAPHORIC_OBJECTS = {"das", "dies", "dieses"}
# Articles no subject takes: "dem"/"einem" are always dative, "den"/"einen" accusative or dative
DATIVE_ARTICLES = {"dem", "einem"}
OBJECT_ARTICLES = DATIVE_ARTICLES | {"den", "einen"}
# Lemmas of the determiners that open a noun phrase: a small tagger also calls a verb
# DET ("wies Berichte … zurück"), its lemma tells the truth
DETERMINERS = {"der", "ein", "dieser", "jener", "kein", "jeder", "alle", "einige", "mehrere", "viele", "solcher",
               "mancher", "welcher", "mein", "dein", "sein", "ihr", "unser", "euer"}
# "warf ihm vor", "sagte uns": whom it was told ("ihr" is left out: also "her")
DATIVE_PRONOUNS = {"ihm", "ihnen", "mir", "uns", "dir", "euch"}
# Konjunktiv I forms that mark reported speech even where the tagger misses Mood=Sub.
KONJUNKTIV = {
    "sei", "seien", "seiest", "habe", "hätten", "hätte", "werde", "wäre", "wären", "würde",
    "würden", "könne", "müsse", "solle", "wolle", "dürfe", "gebe", "gehe", "komme", "stehe",
    "liege", "bleibe", "plane", "wisse", "brauche", "lasse", "trage", "zeige", "mache", "sehe",
}
# With "ich" the Konjunktiv I of most verbs is the indicative ("ich sage", "ich habe"):
# only these forms differ from it.
FIRST_PERSON_KONJUNKTIV = {"sei", "hätte", "wäre", "würde", "könne", "müsse", "solle", "wolle", "dürfe", "wisse"}
