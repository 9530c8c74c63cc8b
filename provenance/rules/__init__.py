"""The rule layer: attribution cues and the source and claim spans they govern.

Each rule family is one function over a parsed sentence (or, for quotations
left over, over the whole document), in a module of its own and registered
by name in :mod:`provenance.rules.registry`; ``configs/pipeline.yaml`` says
which families run and in what order. The words they look for come from
``configs/cues.yaml``. Rules work on the dependency parse, POS and lemmas,
and fall back to token patterns where small parsers go wrong
(comma-separated reporting clauses, quotations). Every finding names its rule
and says in words why it fired, so a fact-checker can check it.
"""

from __future__ import annotations

# the family modules register themselves on import
from provenance.rules import (  # noqa: F401
    colon, continuation, debate_claims, debate_repairs, events, evidential, phrases, quotations, separate, so_clause,
    verbs,
)
from provenance.rules.events import EventFinding, find_events
from provenance.rules.clauses import has_passive_auxiliary, is_konjunktiv, opens_subordinate_clause
from provenance.rules.context import Finding, RuleContext
from provenance.rules.lexicon import (
    CompiledPhrase, compile_phrases, matches_any, phrase_matches, token_pattern, verb_cue,
)
from provenance.rules.noun_phrases import has_object_article
from provenance.rules.pipeline import find_attributions
from provenance.rules.registry import FAMILIES, Family, register, registered
from provenance.rules.spans import contiguous, find_quotations, span_of, strip_space, subtract, subtree, trim
from provenance.rules.words import (
    ANAPHORIC_OBJECTS, CORRELATES, DATIVE_ARTICLES, DATIVE_PRONOUNS, DETERMINERS, DOCUMENT_PREPOSITIONS,
    EDGE_PUNCT, FINAL_PUNCT, FIRST_PERSON_KONJUNKTIV, GENITIVE_OPENERS, INTERROGATIVES, KONJUNKTIV,
    MAIN_CLAUSE_CONJUNCTIONS, NEW_PHRASE_ARTICLES, OBJECT_ARTICLES, OPEN_TO_CLOSE, QUANTIFIERS, QUOTE_CHARS,
    RELATIVE_PRONOUNS, TIME_NOUNS,
)

__all__ = [
    "ANAPHORIC_OBJECTS", "CORRELATES", "DATIVE_ARTICLES", "DATIVE_PRONOUNS", "DETERMINERS", "DOCUMENT_PREPOSITIONS",
    "EDGE_PUNCT", "EventFinding", "FAMILIES", "FINAL_PUNCT", "FIRST_PERSON_KONJUNKTIV", "Family", "Finding", "GENITIVE_OPENERS",
    "INTERROGATIVES", "KONJUNKTIV", "MAIN_CLAUSE_CONJUNCTIONS", "NEW_PHRASE_ARTICLES", "OBJECT_ARTICLES",
    "OPEN_TO_CLOSE", "QUANTIFIERS", "QUOTE_CHARS", "RELATIVE_PRONOUNS", "RuleContext", "TIME_NOUNS",
    "CompiledPhrase", "compile_phrases", "contiguous", "find_attributions", "find_events", "find_quotations", "has_object_article",
    "has_passive_auxiliary", "is_konjunktiv", "matches_any", "opens_subordinate_clause", "phrase_matches", "register",
    "registered", "span_of", "strip_space", "subtract", "subtree", "token_pattern", "trim", "verb_cue",
]
