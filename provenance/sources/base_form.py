"""The base form (nominative) of an entity name, rebuilt from the parse.

An article names a body in whatever case the sentence needs ("Sprecher des
Weißen Hauses", "bei den Vereinten Nationen"); the entity's canonical name is
its nominative without an article ("Weißes Haus", "Vereinte Nationen"). Only
names of the plain shape "adjectives + head noun" are rebuilt: the head noun
becomes its lemma where that is the same word without a case ending, each
adjective takes the strong (article-less) nominative ending of the head's
gender and number. Where the parse leaves any doubt (an adjective without a
lemma that is its stem, an unknown gender, a name of another shape) the name
is kept as written: a name in the wrong case is better than a wrong word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from provenance.records import Word

# the endings a singular noun takes beyond its lemma in the genitive ("Hauses", "Parlaments")
_NOUN_ENDINGS = ("s", "es")
# the endings an adjective takes beyond its lemma ("Weißen", "Europäische")
_ADJECTIVE_ENDINGS = ("e", "en", "em", "er", "es")
# strong nominative endings: "Weißes Haus", "Deutscher Bundestag", "Europäische Kommission", "Vereinte Nationen"
_STRONG = {"Masc": "er", "Fem": "e", "Neut": "es", "Plur": "e"}
_GENDERS = ("Masc", "Fem", "Neut")
# the lemma of a nominalized adjective the tagger calls a noun ("Auswärtige", "Deutsche"),
# unlike a noun's lemma in -e ("Gattungsname")
_ADJECTIVE_SUFFIXES = ("ische", "sche", "ige", "liche", "ale", "elle", "ive", "äre")


def _has_ending(text: str, lemma: str, endings: Sequence[str]) -> bool:
    """``text`` is ``lemma`` plus one of ``endings`` (case-blind)."""
    low, base = text.lower(), lemma.lower()
    return len(base) >= 3 and low.startswith(base) and low[len(base):] in endings


def _genitive_s(head: Word) -> bool:
    """A singular noun in its genitive with -(e)s ("Hauses", "Parlaments"):
    masculine or neuter, never feminine."""
    return head.text.lower() != head.lemma.lower() and _has_ending(head.text, head.lemma, ("s", "es"))


def _gender(noun: str, head: Word, adjectives: Sequence[Word], article: Word | None,
            neuter: Callable[[str], bool]) -> str | None:
    """The head's gender, from what the words allow: a genitive -s rules out
    the feminine, the article before the name narrows it. Masculine and
    neuter the parse cannot tell apart in the genitive and dative, so a
    neuter noun is known from ``neuter`` (the lexicon), any other is
    masculine; the feminine is the tagger's agreement where it allows it."""
    allowed = set(_GENDERS)
    if _genitive_s(head):
        allowed.discard("Fem")
    if article is not None:
        narrowed = {"das": {"Neut"}, "des": {"Masc", "Neut"}, "dem": {"Masc", "Neut"}, "die": {"Fem"},
                    "der": {"Masc", "Fem"}, "eines": {"Masc", "Neut"}, "einer": {"Fem"}}.get(article.text.lower())
        if narrowed is not None:
            allowed &= narrowed
    if len(allowed) == 1:
        return next(iter(allowed))
    tagged = [w.feat("Gender") for w in (*adjectives, head) if w.upos in ("ADJ", "NOUN", "PROPN")]
    if "Fem" in allowed and "Fem" in tagged:
        return "Fem"
    if "Neut" in allowed and neuter(noun):
        return "Neut"
    if "Masc" in allowed and ("Fem" not in allowed or "Masc" in tagged or "Neut" in tagged):
        return "Masc"
    return None


def nominative(words: Sequence[Word], article: Word | None = None,
               neuter: Callable[[str], bool] = lambda noun: False) -> str | None:
    """The name ``words`` in the strong nominative, or None where it is to be
    kept as written (already nominative, another shape, or in doubt).

    ``article`` is the determiner right before the name, if any ("des" in
    "des Weißen Hauses"); ``neuter`` says whether a head noun is neuter."""
    if not words:
        return None
    head, adjectives = words[-1], list(words[:-1])
    if head.upos not in ("NOUN", "PROPN") or not head.text[:1].isupper():
        return None
    if any(not _adjective_like(w) for w in adjectives):
        return None
    plural = head.feat("Number") == "Plur"
    if head.feat("Case") == "Nom" and not adjectives:
        return None  # the parse gives it as nominative: as written
    if plural:
        noun = head.text  # the lemma is the singular ("Staat"); the plural stays as written
        if head.feat("Case") == "Dat" and head.text.endswith("n") and not head.lemma.endswith("n") \
                and head.text[:-1].endswith(("er", "el")) and head.upos == "NOUN" \
                and (adjectives or article is not None and article.text.lower() == "den"):
            noun = head.text[:-1]  # "Ländern" → "Länder"
    elif head.text.lower() == head.lemma.lower():
        noun = _without_genitive(head, adjectives, article)
    elif not _has_ending(head.text, head.lemma, _NOUN_ENDINGS) or not _genitive(head, adjectives, article):
        # a name the lemma does not shorten by a genitive ending stays as written; so does one the
        # parse gives no genitive for (the lemmatizer takes the -s off "Windows" or "Airbus" too)
        noun = head.text
    elif _genitive_s(head) and head.text.lower().endswith(("zes", "ses", "ßes", "xes")):
        noun = head.text[:-2]  # "Kreuzes" (lemma "Kreuze"): after a sibilant the genitive is "-es"
    else:
        noun = head.text[:len(head.lemma)]
    if not adjectives:
        return noun if noun != head.text else None
    if noun == head.text and not plural and head.text.endswith(("es", "ens")):
        return None  # a genitive head that could not be undone: the adjectives stay with it
    gender = "Plur" if plural else _gender(noun, head, adjectives, article, neuter)
    if gender is None:
        return None
    if article is None and head.feat("Case") not in ("Gen", "Dat", "Acc"):
        return None  # no sign of a German case: "Creative Cities", "Forte Village" stay as written
    rebuilt = []
    for adjective in adjectives:
        stem = _adjective_stem(adjective)
        if stem is None:
            return None  # "Berliner", "Höchsten": not an adjective its lemma and an ending make
        ending = adjective.text[len(stem):].lower()
        if ending in ("er", "es") or ending == "e" and (article is None or gender in ("Fem", "Plur")):
            rebuilt.append(adjective.text)  # already strong ("Islamischer Dschihad") or the same
        else:
            rebuilt.append(stem + _STRONG[gender])  # "Weißen", "das Weiße" → "Weißes"
    name = " ".join([*rebuilt, noun])
    return name if name != " ".join(w.text for w in words) else None


def _adjective_like(word: Word) -> bool:
    """An adjective, or a word the tagger called a noun that is one by its
    lemma ("Weißen", lemma "weiß"; "Auswärtigen", lemma "Auswärtige")."""
    if word.upos == "ADJ":
        return True
    lemma = word.lemma.lower()
    return word.upos == "NOUN" and (word.lemma[:1].islower() or lemma.endswith(_ADJECTIVE_SUFFIXES)) \
        and _adjective_stem(word) is not None


def _adjective_stem(adjective: Word) -> str | None:
    """"Weißen" (lemma "weiß") → "Weiß"; "Deutschen" (lemma "Deutsche", as
    the tagger lemmatizes a name part) → "Deutsch"."""
    lemma = adjective.lemma
    if _has_ending(adjective.text, lemma, _ADJECTIVE_ENDINGS):
        return adjective.text[:len(lemma)]
    if lemma.endswith("e") and adjective.text.lower() == lemma.lower() + "n":
        return adjective.text[:len(lemma) - 1]
    return None


def _genitive(head: Word, adjectives: Sequence[Word], article: Word | None) -> bool:
    """The article says genitive ("des Irans"), or the parse does for the
    noun and its adjective; a noun alone in a genitive the parse may have
    guessed is no evidence ("Mercedes", "Windows")."""
    if article is not None and article.text.lower() in ("des", "eines"):
        return True
    return head.feat("Case") == "Gen" and any(w.feat("Case") == "Gen" for w in adjectives)


def _without_genitive(head: Word, adjectives: Sequence[Word], article: Word | None) -> str:
    """A singular noun the lemmatizer left as written ("Bundestages"): without
    its genitive ending where the parse or the article says genitive ("des
    Bundestages" → "Bundestag", "des Komitees" → "Komitee")."""
    text = head.text
    genitive = _genitive(head, adjectives, article)
    if not genitive or not text.endswith("s") or text.endswith("ss") or len(text) < 4:
        return text
    if not adjectives and (head.upos == "PROPN" or text[-2].lower() in "aeiouäöüy"
                           or text.endswith("es") and text[-3].lower() in "aeiouäöüyn"):
        return text  # "des Airbus", "des Johannes": a bare name may end in -s in every case
    # "-es" after a consonant ("Hauses", "Amtes"), "-s" after a vowel or a longer word ending ("Gremiums")
    if text.endswith("es") and text[-3].lower() not in "aeiouäöüy":
        return text[:-2]
    return text[:-1]


def person_nominative(words: Sequence[Word]) -> str | None:
    """A person's name changes only by a genitive -s the lemma removes
    ("Putins" → "Putin")."""
    if not words:
        return None
    last = words[-1]
    # the lemmatizer takes the -s off "Gibbs" or "Fuchs" too: only a genitive the tagger marks
    if len(last.text) > 3 and last.text.endswith("s") and last.lemma == last.text[:-1] \
            and last.feat("Case") == "Gen":
        return " ".join([*(w.text for w in words[:-1]), last.lemma])
    return None
