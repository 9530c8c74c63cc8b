"""Lookups in the cue lexicon of ``configs/cues.yaml``: which verb entry a
word instantiates and where the cue phrases stand in a sentence."""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Iterable, Mapping

from provenance.config import Phrase, Verb
from provenance.records import Sentence, Span, Word
from provenance.rules.words import EDGE_PUNCT, QUOTE_CHARS, RELATIVE_PRONOUNS, SEPARABLE_PARTICLES


# what a small tagger calls a separated particle it did not link as one ("bekannt" a participle, "fest" an adjective)
_PARTICLE_TAGS = ("ADV", "ADJ", "VERB")


def verb_cue(sentence: Sentence, word: Word, verbs: dict[str, Verb],
             quotes: Iterable[Span] = (), repairs: Mapping[str, str] | None = None,
             ) -> tuple[str, Verb, list[Word]] | None:
    """The lexicon entry a verb instantiates, with its particle word if
    separated: a separable verb is keyed by particle + lemma ("mitteilen").
    ``repairs`` maps lemmas the lemmatiser gets wrong to the right ones."""
    if word.upos not in ("VERB", "AUX"):
        return None
    lemma = word.lemma.lower()
    lemma = (repairs or {}).get(lemma, lemma)
    # a particle inside a quotation the verb is not in, or behind a colon, belongs to the
    # quoted words, whatever the parser says ("erklärte: „… gingen davon aus.“")
    particles = [c for c in sentence.children(word.index) if c.deprel == "compound:prt"
                 and not any(q.start < c.start < q.end and not q.start < word.start < q.end for q in quotes)
                 and not any(t.text == ":" for t in sentence.tokens if word.end <= t.start and t.end <= c.start)]
    if not particles:
        particles = _clause_final_particle(sentence, word, lemma, verbs)
    if not particles:
        # "gab der Leiter …, Andreas Huber, bekannt": the parse hangs the particle on the verb by another relation
        particles = [c for c in sentence.children(word.index) if c.start > word.start and c.upos in _PARTICLE_TAGS
                     and c.text.lower() + lemma in verbs and c.text.lower() != lemma and _closes_clause(sentence, c)
                     and not any(q.start < c.start < q.end and not q.start < word.start < q.end for q in quotes)]
    for particle in particles:
        key = particle.text.lower() + lemma
        if key in verbs:
            return key, verbs[key], [word, particle]
    # a small tagger sometimes calls a main verb AUX; its relation tells the truth
    if lemma in verbs and (word.upos == "VERB" or word.deprel not in ("aux", "aux:pass", "cop")):
        return lemma, verbs[lemma], [word, *particles]
    return _particle_as_head(sentence, word, verbs, repairs)


def _particle_as_head(sentence: Sentence, word: Word, verbs: dict[str, Verb],
                      repairs: Mapping[str, str] | None) -> tuple[str, Verb, list[Word]] | None:
    """"Die Stadt gab bekannt, dass …": a parser that takes the separated
    particle for the verb hangs the finite verb on it ("gab" an adverb of
    "bekannt") and the subject and the message clause with it; the
    particle's word then stands for the verb, the finite verb is its part."""
    if word.feat("VerbForm") == "Fin" or word.feat("Mood") is not None:
        return None  # a finite verb is no particle
    for child in sentence.children(word.index):
        if child.upos not in ("VERB", "AUX") or child.deprel not in ("advmod", "aux", "compound", "dep") \
                or child.start > word.start:
            continue
        lemma = (repairs or {}).get(child.lemma.lower(), child.lemma.lower())
        key = word.text.lower() + lemma
        if key in verbs and key != lemma:
            return key, verbs[key], [child, word]
    return None


def _closes_clause(sentence: Sentence, word: Word) -> bool:
    """The word closes the reporting clause, where a separated particle
    stands, right before the comma or colon that opens the message ("gab
    …, bekannt, dass …"; "stellt sich klar | auf die Seite" is an adverb)."""
    following = sentence.word(word.index + 1) if word.index < len(sentence.words) else None
    return following is not None and following.text in (",", ":")


def own_particle(sentence: Sentence, verb: Word, particle: Word) -> bool:
    """A separable particle of the verb's own clause: after it, with no comma,
    conjunction or other finite verb between ("begrüßte …, griff … an" gives
    the particle to the other verb, whatever the parser says)."""
    if particle.text.lower() not in SEPARABLE_PARTICLES or particle.start < verb.end:
        return False
    return not any(w.text in EDGE_PUNCT or w.upos in ("CCONJ", "SCONJ") or (
        w.upos in ("VERB", "AUX") and w.feat("VerbForm") == "Fin")
        for w in sentence.words if verb.end <= w.start and w.end <= particle.start)


def _clause_final_particle(sentence: Sentence, verb: Word, lemma: str, verbs: dict[str, Verb]) -> list[Word]:
    """"teilte am Montag mit, …": the separated particle closes the clause,
    whatever the parser made of it. In a verb-final clause ("wie die Polizei
    bekannt gab") it stands right before the verb, a word of the verb's own."""
    words = sentence.words
    k = verb.index  # words are 1-based: words[k] is the word after the verb
    while k < len(words) and words[k].text not in (",", ".", ":", ";", "!", "?") and words[k].text not in QUOTE_CHARS:
        k += 1
    last = words[k - 1] if k - 1 >= verb.index else None
    if last is not None and last.text.lower() + lemma in verbs:
        return [last]
    # "Wie die Stadt bekannt gab, …", "hat bekannt gegeben, dass …": a verb that closes its clause has the
    # particle written apart right before it; "zu" of an infinitive ("nichts zu sagen") is no particle
    before = sentence.word(verb.index - 1) if verb.index > 1 else None
    closes = all(w.deprel in ("aux", "aux:pass") for w in words[verb.index:k])
    if (before is not None and before.upos not in ("PART", "PRON", "DET", "NOUN", "PROPN", "PUNCT")
            and before.text.lower() + lemma in verbs
            and (before.head == verb.index or closes and verb.feat("VerbForm") == "Fin" and before.text.islower())):
        return [before]
    return []


@functools.lru_cache(maxsize=None)
def token_pattern(pattern: str) -> Callable[[str], bool]:
    """A lexicon token pattern ("angab*") as a test on a lowered token; plain
    words, the most common case, are a string comparison (this runs for every
    token of every sentence against every phrase)."""
    if not any(ch in pattern for ch in "*?["):
        return pattern.__eq__
    return re.compile(fnmatch.translate(pattern)).match


def matches_any(token: str, patterns: Iterable[str]) -> bool:
    return any(token_pattern(p)(token) for p in patterns)


CompiledPhrase = tuple[str, Phrase, list[Callable[[str], bool]]]


def compile_phrases(phrases: dict[str, Phrase]) -> list[CompiledPhrase]:
    """The cue phrases longest first, each token pattern a test: done once
    per document, not per sentence."""
    ordered = sorted(phrases.items(), key=lambda item: -len(item[1].tokens))
    return [(name, phrase, [token_pattern(p) for p in phrase.tokens]) for name, phrase in ordered]


def phrase_matches(sentence: Sentence, phrases: list[CompiledPhrase]) -> Iterable[tuple[str, Phrase, int]]:
    """(name, phrase, index of first token) for every phrase in the sentence;
    longer phrases win where two start at one token."""
    lowered = [t.text.lower() for t in sentence.tokens]
    taken: set[int] = set()
    for name, phrase, tests in phrases:
        n = len(phrase.tokens)
        for i in range(len(lowered) - n + 1):
            if i in taken or not tests[0](lowered[i]):
                continue
            if all(test(lowered[i + k]) for k, test in enumerate(tests)) and (
                    not phrase.nouns or _noun_follows(sentence, lowered, i + n, phrase)):
                taken.add(i)
                yield name, phrase, i


def _joining_hyphen(sentence: Sentence, k: int) -> bool:
    """Token ``k`` is a hyphen inside a word, no space on either side ("UNHCR-Angaben")."""
    tokens = sentence.tokens
    return (tokens[k].text == "-" and 0 < k < len(tokens) - 1
            and tokens[k - 1].end == tokens[k].start and tokens[k].end == tokens[k + 1].start)


# the words of a noun phrase with its attributes (articles, adjectives, numbers, prepositional phrases)
_NOUN_PHRASE_WORDS = ("NOUN", "PROPN", "DET", "ADJ", "NUM", "ADP")


def relative_antecedents(sentence: Sentence, k: int) -> list[Word] | None:
    """The nouns a relative pronoun at token ``k`` may stand for, when a
    comma and a preposition come before it ("Umfragen, nach denen …"): those
    of the noun phrase before the comma, with its attributes ("eine
    Konsequenz der Umfragen im Land"). None when no relative pronoun stands there."""
    tokens = sentence.tokens
    if k < 2 or k >= len(tokens) or tokens[k - 2].text != "," or tokens[k].text.lower() not in RELATIVE_PRONOUNS:
        return None
    if not any(sentence.word(i).upos == "PRON" for i in tokens[k].words):
        return None  # ", nach der Wahl": an article
    phrase: list[Word] = []
    for w in reversed([w for w in sentence.words if w.end <= tokens[k - 2].start]):
        if w.upos not in _NOUN_PHRASE_WORDS:
            break
        phrase.append(w)
    return [w for w in phrase if w.upos in ("NOUN", "PROPN")]


def relative_reports(sentence: Sentence, k: int, nouns: Iterable[str]) -> bool | None:
    """Whether the relative pronoun at token ``k`` stands for a reporting
    noun ("Gerüchte, nach denen …"); None when no relative pronoun stands there."""
    antecedents = relative_antecedents(sentence, k)
    return None if antecedents is None else any(matches_any(w.text.lower(), nouns) for w in antecedents)


def _noun_follows(sentence: Sentence, lowered: list[str], start: int, phrase: Phrase) -> bool:
    """A reporting noun within the phrase's window, with nothing but its own
    noun phrase (articles, adjectives, a name) in between, or a relative
    pronoun that stands for one ("Gerüchte, nach denen …")."""
    if (reports := relative_reports(sentence, start, phrase.nouns)) is not None:
        return reports
    for k in range(start, min(start + phrase.window + 1, len(lowered))):
        token = sentence.tokens[k]
        if matches_any(lowered[k], phrase.nouns):
            return True
        words = [sentence.word(i) for i in token.words]
        if _joining_hyphen(sentence, k):
            continue  # "nach UNHCR-Angaben": the tokenizer splits the compound at its hyphen
        if token.text in EDGE_PUNCT or any(w.upos in ("VERB", "AUX", "ADP", "SCONJ") for w in words):
            return False
    return False
