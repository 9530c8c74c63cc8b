"""Noun phrases that name a source: read on the surface token by token where
a small parser's attachments are unreliable ("laut X", "X zufolge"), from the
parse where it holds (a verb's subject)."""

from __future__ import annotations

from provenance.records import ParsedDocument, Sentence, Span, Word
from provenance.rules.context import RuleContext
from provenance.rules.spans import contiguous, span_of, subtree, trim
from provenance.rules.words import (
    DETERMINERS,
    EDGE_PUNCT,
    GENITIVE_OPENERS,
    NEW_PHRASE_ARTICLES,
    OBJECT_ARTICLES,
    QUANTIFIERS,
    QUOTE_CHARS,
    TIME_NOUNS,
)
from provenance.wordforms import ends_with


def has_object_article(sentence: Sentence, noun: Word) -> bool:
    """"den Verdacht", "einem Reporter", "seinen Platzverweis", "diesem
    Vorschlag": the noun's phrase cannot be a subject. A determiner in -en or
    -em (a possessive, demonstrative or "kein") is never nominative."""
    return any(c.deprel.startswith("det") and (
        c.text.lower() in OBJECT_ARTICLES
        or (c.lemma.lower() in DETERMINERS and c.text.lower().endswith(("en", "em")))) for c in sentence.children(noun.index)
    ) or after_preposition(sentence, noun)


def after_preposition(sentence: Sentence, noun: Word) -> bool:
    """"sagte gegenüber der Agentur dpa": a noun phrase right behind a
    preposition is its object, whatever the parse made of it (a small
    tagger calls "gegenüber" an adverb and hangs the noun on the verb)."""
    first = min([noun, *(c for c in sentence.children(noun.index) if c.index < noun.index
                          and c.upos in ("DET", "ADJ", "NUM"))], key=lambda w: w.index)
    if first.index <= 1:
        return False
    before = sentence.word(first.index - 1)
    return before.upos == "ADP" and before.deprel != "compound:prt" or before.text.lower() == "gegenüber"


def is_misread_name(doc: ParsedDocument, word: Word) -> bool:
    """"Milinkewitsch sagte dazu, …": a name opening a sentence that a small
    tagger, not knowing it, calls an adverb or adjective. German writes
    adverbs and adjectives in lower case inside a sentence, so a capitalised
    one the entity tagger marks as a name and the text writes capitalised
    inside a sentence too (not after a punctuation mark, where anything may
    open a clause or quotation) is a name ("Höhnisch, …" opens a sentence only)."""
    if word.upos not in ("ADV", "ADJ") or not word.text[:1].isupper() or word.ner == "O":
        return False
    return any(w.text == word.text and w.index > 1 and s.word(w.index - 1).upos != "PUNCT"
               for s in doc.sentences for w in s.words)


def passive_agent(rules: RuleContext, sentence: Sentence, children: list[Word], claim: Span) -> Span | None:
    """Who spoke in the passive: "Es wird von den Behörden angenommen, …"."""
    for child in children:
        if child.deprel in ("obl", "obl:agent") and {
                c.text.lower() for c in sentence.children(child.index) if c.deprel == "case"} & {"von", "vom"}:
            agent = phrase_of(rules, sentence, child)
            if not agent.overlaps(claim):
                return agent
    return None


def phrase_of(rules: RuleContext, sentence: Sentence, head: Word, origin: bool = False) -> Span:
    """The unbroken noun phrase a head word heads, by the parse and, where
    the parse cut it short ("die Agentur | Reuters"), by the surface.
    ``origin``: the phrase names whom a relay cites (see ``phrase_after``)."""
    run = sorted(contiguous(sentence, subtree(sentence, head.index), head.index))
    while run and run[0] != head.index and (sentence.word(run[0]).upos in ("ADP", "SCONJ", "CCONJ", "PUNCT", "ADV")
                                             or sentence.word(run[0]).text.lower() == "wie"):
        run = run[1:]  # "Wie die Agentur …": the subordinator is no part of the source
    parsed = trim(rules.text, span_of(rules.text, (sentence.word(i) for i in run))) or Span.of(
        rules.text, head.start, head.end)
    first = _with_article(rules, sentence, next(t for t, token in enumerate(sentence.tokens) if token.end > parsed.start))
    parsed = Span.of(rules.text, min(parsed.start, sentence.tokens[first].start), parsed.end)
    surface = phrase_after(rules, sentence, first, origin)
    if surface is not None and surface.end > parsed.end:
        parsed = Span.of(rules.text, parsed.start, surface.end)
    parsed = whole_quoted_name(rules, sentence, parsed)
    if head.upos in ("PROPN", "NOUN"):
        parsed = with_apposition(rules, sentence, parsed)
        parsed = up_to_verb(rules, sentence, head, parsed)
    return parsed


def _with_article(rules: RuleContext, sentence: Sentence, first: int) -> int:
    """The first token of a phrase with the article and adjectives before
    token ``first`` that the parse may have left outside ("der | Umweltminister")."""
    while first > 0:
        upos = {w.upos for w in rules.token_words(sentence, first - 1)}
        previous = sentence.tokens[first - 1].text
        if upos & {"DET", "ADJ", "NUM"} and not upos & {"VERB", "AUX"} and previous not in EDGE_PUNCT:
            first -= 1
        elif previous.lower() in ("und", "oder") and first > 1 and _adjectives(rules, sentence, first - 2, first):
            first -= 2  # "Arabische und iranische Medien": adjectives coordinated before the noun
        else:
            break
    return first


def _adjectives(rules: RuleContext, sentence: Sentence, *tokens: int) -> bool:
    return all({w.upos for w in rules.token_words(sentence, k)} == {"ADJ"} for k in tokens)


# words a quoted name in a source phrase may have at most ("„heise online“", "„National Hurricane Centre“")
_QUOTED_NAME_WORDS = 8


def whole_quoted_name(rules: RuleContext, sentence: Sentence, phrase: Span) -> Span:
    """A short quotation that a source phrase begins or ends inside is a
    name, whole with its marks: a small tagger takes a word of it for a verb
    ("Wie „heise | online“ berichtet") and the parse leaves the opening mark
    out ("Das „National Hurricane Centre“ der USA")."""
    start, end = phrase.start, phrase.end
    for q in rules.quotes_near(phrase):
        if q.start < sentence.start or q.end > sentence.end or not q.overlaps(phrase):
            continue
        if len(rules.text[q.start + 1:q.end - 1].split()) > _QUOTED_NAME_WORDS:
            continue
        if q.start < start < q.end:
            # with the article the parse left before the opening mark ("Das | „National …“")
            opening = next(k for k, t in enumerate(sentence.tokens) if t.end > q.start)
            start = sentence.tokens[_with_article(rules, sentence, opening)].start
        if q.start < end < q.end:
            end = q.end
    return phrase if (start, end) == (phrase.start, phrase.end) else Span.of(rules.text, start, end)


_PLACE_PREPOSITIONS = {"in", "im", "aus", "vom", "von", "bei", "beim"}


def up_to_verb(rules: RuleContext, sentence: Sentence, head: Word, phrase: Span) -> Span:
    """"Wie die Notenbank in Rom mitteilte", "Der Gerichtshof in Den Haag
    entschied": a prepositional phrase between a subject and its verb
    that is neither a time nor whom it was told names where the subject is
    from; the subject's phrase runs on to the verb."""
    if not head.deprel.startswith("nsubj") or not head.head:
        return phrase
    verb = sentence.word(head.head)
    if verb.upos not in ("VERB", "AUX"):
        return phrase
    group = [verb, *(c for c in sentence.children(verb.index) if c.deprel in ("aux", "aux:pass", "cop"))]
    following = [w for w in group if w.start >= phrase.end]
    if not following:
        return phrase
    finite = min(following, key=lambda w: w.start)
    tokens = [k for k, t in enumerate(sentence.tokens) if t.start >= phrase.end and t.end <= finite.start]
    if not tokens or sentence.tokens[tokens[0]].text.lower() not in _PLACE_PREPOSITIONS:
        return phrase
    for k in tokens:
        token = sentence.tokens[k]
        upos = {w.upos for w in rules.token_words(sentence, k)}
        if (token.text in EDGE_PUNCT or token.text in QUOTE_CHARS or token.text.lower() in TIME_NOUNS
                or upos & {"VERB", "AUX", "PRON", "SCONJ", "CCONJ", "ADV", "NUM"}):
            return phrase
    return Span.of(rules.text, phrase.start, sentence.tokens[tokens[-1]].end)


# articles an apposition of a subject may open with (nominative)
_APPOSITION_ARTICLES = {"der", "die", "das", "ein", "eine"}
_APPOSITION_TOKENS = 15


def with_apposition(rules: RuleContext, sentence: Sentence, phrase: Span) -> Span:
    """"sagte Thomas Berger, der Sprecher der Feuerwehr.", "sagte Anna Roth,
    Gründerin der Initiative: „…“", "Elon Musk, der Gründer der Firma, kündigte
    an": a name's noun phrase behind its comma, without a verb, up to the end
    of the sentence, a colon, or a comma before a finite verb, is its apposition."""
    tokens = sentence.tokens
    after = next((t for t, token in enumerate(tokens) if token.start >= phrase.end), None)
    if after is None or tokens[after].text != "," or after + 1 >= len(tokens):
        return phrase
    first = after + 1
    words = rules.token_words(sentence, first)
    opener = tokens[first].text
    if not (opener.lower() in _APPOSITION_ARTICLES or (opener[:1].isupper() and {w.upos for w in words} & {"NOUN"})):
        return phrase
    if opener.lower() in TIME_NOUNS:
        return phrase
    end = first
    while end < len(tokens) and tokens[end].text not in (",", ":", ";", ".", "!", "?", "(", "–"):
        if tokens[end].text in QUOTE_CHARS:  # a quoted name in it ("der Sprecher der „Ambulanz“")
            end += 1
            continue
        upos = {w.upos for w in rules.token_words(sentence, end)}
        if upos & {"VERB", "AUX", "PRON", "SCONJ"} or end - first >= _APPOSITION_TOKENS:
            return phrase
        end += 1
    if end == first or not any({w.upos for w in rules.token_words(sentence, k)} & {"NOUN"} for k in range(first, end)):
        return phrase
    if end < len(tokens) and tokens[end].text == ",":
        following = {w.upos for w in rules.token_words(sentence, end + 1)} if end + 1 < len(tokens) else set()
        if not following & {"VERB", "AUX"}:
            return phrase
    elif end < len(tokens) and tokens[end].text not in (":", ".", "!", "?"):
        return phrase
    return Span.of(rules.text, phrase.start, tokens[end - 1].end)


# endings of an adjective behind a noun that continue its phrase: a genitive plural ("vieler", "örtlicher"),
# a present participle of an attribute the phrase opened ("die zur Universität gehörende Stiftung")
_NOT_NEW_ADJECTIVE = ("er", "end", "ende", "enden", "endes", "endem")


# words after an abbreviation in brackets that continue the phrase before it
_GENITIVE_CONTINUATIONS = {"des", "der", "eines", "einer", "von", "vom"}


def phrase_after(rules: RuleContext, sentence: Sentence, token_index: int, origin: bool = False) -> Span | None:
    """The noun phrase that starts at ``token_index``, read token by token
    (German puts the verb right after a fronted "laut X", so the surface
    is more reliable here than a small parser's attachments): articles and
    adjectives, a head noun or name, then names, genitives ("der
    Feuerwehr") and "von"-phrases that extend it. For the ``origin`` a relay
    cites ("beruft sich auf Angaben aus dem Ministerium") an "aus"-phrase
    extends it too: it names the body behind the wrapper noun."""
    tokens = sentence.tokens
    end, k, head_seen = None, token_index, False
    # a phrase that starts inside a quotation (its opening mark before it) reads it to its closing mark
    in_quote = token_index < len(tokens) and any(
        q.start < tokens[token_index].start < q.end for q in rules.quotes_near(
            Span.of(rules.text, tokens[token_index].start, tokens[token_index].end)))
    while k < len(tokens):
        token = tokens[k]
        lowered = token.text.lower()
        previous = tokens[k - 1].text.lower() if k > token_index else ""
        upos = {sentence.word(i).upos for i in token.words}
        if token.text in QUOTE_CHARS:
            in_quote = not in_quote
            k += 1
            if not in_quote and head_seen:
                end = token.end
            continue
        if in_quote:
            head_seen, end, k = True, token.end, k + 1
            continue
        if glued_name(tokens, k):
            head_seen, end, k = True, tokens[k + 2].end, k + 3  # "Ali al-Omar", "das Portal al-Madina"
            continue
        if (head_seen and previous in ("von", "vom") and not upos & {"NOUN", "PROPN", "X"}
                and name_after_von(rules, sentence, k)):
            # "Angaben von n-tv sind …", "von ver.di": a lower-case name the tagger calls ADJ or VERB, and it
            # ends the phrase: "nach Ansicht von ai | Disziplinarmaßnahmen …"
            end = tokens[written_word_end(tokens, k)].end
            break
        if upos & {"VERB", "AUX", "SCONJ", "CCONJ"} and not (head_seen and lowered in ("und", "sowie") and
                                                             k + 1 < len(tokens) and tokens[k + 1].text[:1].isupper()):
            break
        if (head_seen and token.text == "(" and k + 2 < len(tokens) and tokens[k + 2].text == ")"
                and tokens[k + 1].text[:1].isupper() and previous not in GENITIVE_OPENERS):
            # an abbreviation or party in brackets closes the phrase ("Wolfgang Schäuble (CDU)"), unless
            # a genitive goes on behind it ("des Investitionsfonds (MIF) der Entwicklungsbank")
            end, k = tokens[k + 2].end, k + 3
            if k < len(tokens) and tokens[k].text.lower() in _GENITIVE_CONTINUATIONS:
                continue
            break
        if head_seen and numbered_abbreviation(rules, sentence, k):
            end, k = tokens[k + 1].end, k + 2  # "dem Dekret Nr. 72-186", "laut Artikel 5 Abs. 2"
            continue
        if token.text in EDGE_PUNCT or token.text in ("(", ")"):
            break
        if not head_seen:
            if upos & {"NOUN", "PROPN", "X"} or (token.text[:1].isupper() and not upos & {"DET", "ADP"}):
                head_seen = True
                end = token.end
            elif not upos & {"DET", "ADJ", "NUM", "PRON", "ADV", "PART"}:
                break
        elif lowered in TIME_NOUNS or lowered in QUANTIFIERS or (upos == {"NUM"} and previous not in GENITIVE_OPENERS):
            break  # "laut Behördenangaben | 7.000 Menschen", "nach Angaben der Polizei | rund 40 Beamte"
        elif upos & {"NOUN", "PROPN", "X"} and (token.text[:1].isupper() or previous in ("von", "vom", "des", "der")
                                                 or name_of_phrase(sentence, tokens[token_index:k], token)):
            abbreviation = k + 1 < len(tokens) and tokens[k + 1].text == "." and tokens[k + 1].start == token.end
            # a plural the lemmatiser reduced to its singular: a name it took for a plural keeps its form
            plural = all(sentence.word(i).feat("Number") == "Plur" and sentence.word(i).lemma != sentence.word(i).text
                         for i in token.words)
            if (upos == {"NOUN"} and plural and not abbreviation and previous not in GENITIVE_OPENERS
                    and (opens_clause_argument(sentence, tokens[token_index:k], token)
                         or plural_after_name(rules, sentence, k))):
                # "liegen laut Airbus | Bestellungen … vor": a plural noun without article, the verb's own
                # subject or object (a name or title behind the head is singular: "Minister Peer Steinbrück")
                break
            end = token.end  # "Zeitung The Guardian", "BBC News", "von dpa"
        elif head_seen and upos == {"ADJ"} and token.text.islower() and not lowered.endswith(_NOT_NEW_ADJECTIVE) and not any(
                sentence.word(i).feat("VerbForm") for i in token.words) and previous not in GENITIVE_OPENERS and {
                sentence.word(i).upos for i in tokens[k - 1].words} & {"NOUN", "PROPN", "X"}:
            # "sind laut BBC | britische Staatsbürger": an adjective behind the head opens a phrase of its own
            # (not a genitive without article, "Angaben örtlicher Behörden", nor a participle,
            # "die zur Universität | gehörende Stiftung")
            break
        elif upos == {"ADP", "DET"} and lowered not in ("beim", "am", "vom") and is_wrapper_noun(rules, previous):
            # "nach eigenen Angaben | im Süden": a contracted "in dem" hangs on the clause, not on how
            # the source spoke (a document may have it: "einer Umfrage im Auftrag der Zeitung")
            break
        elif lowered in ("des", "der", "eines", "einer", "von", "vom", "und", "sowie", "beim", "am") or (
                origin and (lowered == "aus" or previous == "aus" and upos & {"DET"})) or (
                upos & {"ADJ", "DET", "NUM"} and lowered not in NEW_PHRASE_ARTICLES):
            pass  # may open a genitive or a coordinated name; kept only if a noun follows
        else:
            break
        k += 1
    if end is None:
        return None
    return trim(rules.text, Span.of(rules.text, tokens[token_index].start, end))


def is_wrapper_noun(rules: RuleContext, word: str) -> bool:
    """"Angaben", "Ansicht", "Polizeiangaben": a noun that says how a source
    spoke (``wrapper_nouns`` of configs/sources.yaml), never a source itself."""
    return ends_with(word, rules.wrapper_nouns)


def written_word_end(tokens, k: int) -> int:
    """The last token of the word written without spaces that token ``k``
    opens: the tokenizer cuts "ver.di" and "worldreferee.com" at their dots."""
    while (k + 2 < len(tokens) and tokens[k + 1].text == "." and tokens[k + 1].start == tokens[k].end
           and tokens[k + 2].start == tokens[k + 1].end and tokens[k + 2].text[:1].isalnum()):
        k += 2
    return k


def glued_to_next(tokens, k: int) -> bool:
    """Token ``k`` is a piece of a word written on without a space past a dot
    or hyphen ("worldreferee | . | com", "kochrezepte. | com", "ver | . | di")."""
    if k + 1 >= len(tokens) or tokens[k + 1].start != tokens[k].end:
        return False
    return tokens[k].text.endswith((".", "-")) or tokens[k + 1].text in (".", "-") and (
        k + 2 < len(tokens) and tokens[k + 2].start == tokens[k + 1].end)


# letters an abbreviation before a number has at most ("Nr.", "Art.", "Abs.")
_ABBREVIATION_LETTERS = 3


def numbered_abbreviation(rules: RuleContext, sentence: Sentence, k: int) -> bool:
    """Token ``k`` ends an abbreviation of a few capitalised letters with
    its dot ("Nr.", or the dot the tokenizer cut off "Nr | .") and a number
    follows ("Nr. 72-186", "Abs. 2"): the number is part of the name, the
    dot no full stop."""
    tokens = sentence.tokens
    if k + 1 >= len(tokens) or {w.upos for w in rules.token_words(sentence, k + 1)} != {"NUM"}:
        return False
    token = tokens[k]
    if token.text == "." and k > 0 and token.start == tokens[k - 1].end:
        word = tokens[k - 1].text
    elif token.text.endswith(".") and len(token.text) > 1:
        word = token.text[:-1]
    else:
        return False
    return word.isalpha() and word[:1].isupper() and len(word) <= _ABBREVIATION_LETTERS


# letters a name particle before a hyphen has at most ("al-", "el-", "bin-")
_NAME_PARTICLE_LETTERS = 3


def glued_name(tokens, k: int) -> bool:
    """"al-Madina", "el-Baradei": a short lower-case particle joined by a
    hyphen, without spaces, to a capitalised word is part of a name; the
    tokenizer splits it into three tokens and a small tagger calls the
    particle a noun. A longer lower-case word so joined opens a compound
    ("documenta-Homepage"), no name."""
    if (k + 2 >= len(tokens) or not tokens[k].text.isalpha() or not tokens[k].text.islower()
            or len(tokens[k].text) > _NAME_PARTICLE_LETTERS):
        return False
    hyphen, name = tokens[k + 1], tokens[k + 2]
    return (hyphen.text in ("-", "‐") and hyphen.start == tokens[k].end and name.start == hyphen.end
            and name.text[:1].isupper())


def name_of_phrase(sentence: Sentence, before: list, token) -> bool:
    """A lower-case name the parse hangs on the phrase before it as its
    name ("der Nachrichtenagentur | dpa", "des Netzaktivisten | padeluun")."""
    inside = {i for t in before for i in t.words}
    return any(sentence.word(i).upos == "PROPN" and sentence.word(i).deprel in ("appos", "flat", "flat:name")
               and sentence.word(i).head in inside for i in token.words)


def plural_after_name(rules: RuleContext, sentence: Sentence, k: int) -> bool:
    """"laut Ministerium | Arbeiten an …", "nach SPIEGEL ONLINE | Gerüchte
    über …": a plural noun without article right behind a singular noun
    or name opens a phrase of its own, whatever the parse hangs it on."""
    words = rules.token_words(sentence, k - 1)
    # singular: by the tagger's number, or a word its lemma leaves as it is (the tagger's number is unsure)
    return bool(words) and all(w.upos in ("NOUN", "PROPN") and (w.feat("Number") != "Plur" or w.lemma == w.text)
                               for w in words)


def opens_clause_argument(sentence: Sentence, before: list, token) -> bool:
    """The noun of ``token`` is an argument of the clause in the parse, linked
    to no word of the phrase ``before`` it: its head is a verb (or it is the
    root), in neither direction does it attach to the phrase."""
    inside = {i for t in before for i in t.words}
    words = [sentence.word(i) for i in token.words]
    if any(w.head in inside for w in words) or any(sentence.word(i).head in token.words for i in inside):
        return False
    last = [sentence.word(i) for i in before[-1].words] if before else []
    if any(w.head == v.head and w.deprel == v.deprel for w in words for v in last):
        return False  # "Jens | Wieseke fordert": two subjects in a row are one name the parser split
    return any(w.deprel in ("nsubj", "nsubj:pass", "obj", "iobj", "root") and (
        w.head == 0 or sentence.word(w.head).upos in ("VERB", "AUX")) for w in words)


def name_after_von(rules: RuleContext, sentence: Sentence, k: int) -> bool:
    """Token ``k`` after "von" is a whole noun phrase, whatever its tag: a
    word that opens no phrase of its own (no article, preposition, number,
    pronoun, time word) and that no noun follows. "von" needs its noun, and
    small taggers take lower-case names ("n-tv", "tagesschau.de") for
    adjectives, adverbs or verbs."""
    token, tokens = sentence.tokens[k], sentence.tokens
    lowered = token.text.lower()
    upos = {w.upos for w in rules.token_words(sentence, k)}
    if any(ch.isalpha() for ch in token.text):
        upos -= {"PUNCT"}  # "nach Ansicht von ai": a word the tagger took for punctuation
    if (token.text in EDGE_PUNCT or token.text in QUOTE_CHARS or token.text in ("(", ")")
            or upos & {"DET", "ADP", "NUM", "PRON", "PUNCT", "CCONJ", "SCONJ"}
            or lowered in TIME_NOUNS or lowered in QUANTIFIERS or lowered in rules.cues.never_subjects):
        return False
    following = {w.upos for w in rules.token_words(sentence, k + 1)} if k + 1 < len(tokens) else set()
    return not following & {"NOUN", "PROPN", "X"} or not upos & {"ADJ", "DET"}


def phrase_before(rules: RuleContext, sentence: Sentence, token_index: int) -> Span | None:
    """The noun phrase that ends just before ``token_index`` ("X zufolge")."""
    if token_index <= 0:
        return None
    last = rules.token_words(sentence, token_index - 1)[-1]
    head = last
    indices = subtree(sentence, head.index)
    start = min(sentence.word(i).start for i in contiguous(sentence, indices, head.index))
    # tokens from the start of the phrase, never crossing a comma or a verb
    chosen = []
    for token in reversed(sentence.tokens[:token_index]):
        if token.start < start or token.text in (",", ";", ":") or token.text in QUOTE_CHARS:
            break
        if any(sentence.word(i).upos in ("VERB", "AUX") for i in token.words):
            break
        chosen.append(token)
    if not chosen:
        return None
    first = noun_phrase_start(rules, sentence, sentence.tokens.index(chosen[-1]), token_index)
    return Span.of(rules.text, sentence.tokens[first].start, chosen[0].end)


# genitive articles: a phrase that opens with one may hang on the noun before it ("Angaben | der Polizei")
_GENITIVE_ARTICLES = {"des", "der", "eines", "einer"}
# prepositions whose phrase hangs on the noun before it ("eine Stelle | aus dem Bericht", "die Behörde | für Technik")
_NOUN_PREPOSITIONS = {"von", "vom", "aus", "für", "zur", "zum"}


def noun_phrase_start(rules: RuleContext, sentence: Sentence, first: int, end: int) -> int:
    """The first token of the noun phrase that ends before token ``end``,
    read back on the surface from token ``first``, where the parse began it:
    a small parser cuts a name or a title off from its noun ("Dem Sender |
    Radio Bremen zufolge", "Berichten | mehrerer Zeitungen zufolge", "einer
    Erklärung des Verbands (VDR) | zufolge"). Back over nouns, adjectives,
    numbers and quotation marks; an article ends it unless it opens a
    genitive that hangs on a noun before it; never into a verb's subject or
    object, a preposition, a verb or a comma."""
    tokens = sentence.tokens
    if tokens[end - 1].text == ")" and first == end - 1:
        opening = next((k for k in range(end - 2, -1, -1) if tokens[k].text == "("), None)
        if opening is None or opening == 0:
            return first
        first = opening  # "(VDR) zufolge": the abbreviation closes the phrase it names
    while first > 0:
        k = first - 1
        token, words = tokens[k], rules.token_words(sentence, first - 1)
        upos = {w.upos for w in words}
        lowered = token.text.lower()
        joined = token.end == tokens[first].start and (k == 0 or tokens[k - 1].end == token.start)
        if token.text in ("(", ")") or token.text in QUOTE_CHARS:
            if token.text in QUOTE_CHARS and k > 0:
                first = k
                continue
            break
        if token.text in (".", "-") and joined and k > 0:
            first = k  # "worldreferee.com", "ver.di": a name the tokenizer cut at its dot
            continue
        if glued_to_next(tokens, k) and "." in tokens[k].text + tokens[k + 1].text:
            first = k  # a piece before its dot, whatever the tagger called it ("worldreferee" a verb)
            continue
        noun_before = k > 0 and (bool({w.upos for w in rules.token_words(sentence, k - 1)} & {"NOUN", "PROPN", "X"})
                                 or tokens[k - 1].text.endswith("-"))
        if noun_before and (lowered in _NOUN_PREPOSITIONS or lowered in ("und", "sowie") or token.text.endswith("-")
                            or upos == {"ADP", "DET"}):
            first = k  # "eine Stelle | aus dem Bericht", "der Behörde für Informations- | und Technik", "Wasserständen | am Oberlauf"
            continue
        if upos & {"VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PUNCT", "ADV", "PART"} or token.text in EDGE_PUNCT:
            break
        inside = {i for t in tokens[first:end] for i in t.words}
        linked = any(w.head in inside or sentence.word(i).head == w.index for w in words for i in inside)
        # before the finite verb (the one phrase German puts there) all of it is the phrase
        middle_field = any(w.upos in ("VERB", "AUX") for t in tokens[:k] for w in rules.token_words(sentence, tokens.index(t)))
        if upos & {"NOUN", "PROPN", "X"} and not linked and middle_field and any(
                w.deprel in ("nsubj", "nsubj:pass", "obj", "iobj") and w.head
                and sentence.word(w.head).upos in ("VERB", "AUX") for w in words):
            break  # "hob Sarkozy | dem „Figaro“ zufolge": the verb's subject is no part of it
        if any(w.upos == "PRON" and w.feat("Poss") != "Yes" for w in words):
            break  # "handele sich | ersten Angaben zufolge"; a possessive opens the phrase ("seiner Meinung")
        if upos & {"DET", "PRON"}:
            before = rules.token_words(sentence, k - 1) if k > 0 else []
            if not (lowered in _GENITIVE_ARTICLES and any(w.upos in ("NOUN", "PROPN") for w in before)):
                first = k
                break
            first = k
            continue
        if upos & {"NOUN", "PROPN", "X", "ADJ", "NUM"}:
            first = k
            continue
        break
    while first < end - 1 and {w.upos for w in rules.token_words(sentence, first)} in ({"ADP"}, {"ADP", "DET"}):
        first += 1  # "zitiert aus | der Zeitung, wonach", "am | Oberlauf" behind a verb's object: no part of the source
    return first


def cut_at_clause(rules: RuleContext, sentence: Sentence, span: Span | None) -> Span | None:
    """A source phrase ends before a comma, colon or verb of its own clause."""
    if span is None:
        return None
    end = span.end
    for token in sentence.tokens:
        if token.start <= span.start or token.start >= end:
            continue
        words = [sentence.word(i) for i in token.words]
        if token.text in (",", ":", ";") or any(
                w.upos in ("VERB", "AUX") and w.deprel not in ("amod", "acl") for w in words):
            end = token.start
            break
    # "so Elshorst weiter", "so der Sprecher abschließend": the adverb belongs to the cue
    # (lower case only: surnames such as Klein or Kurz may be tagged ADJ)
    inside = [t for t in sentence.tokens if span.start < t.start and t.end <= end]
    while inside and inside[-1].text.islower() and all(
            sentence.word(i).upos in ("ADV", "ADJ") for i in inside[-1].words):
        end = inside.pop().start
    return trim(rules.text, Span.of(rules.text, span.start, end))


def own_words_speaker(rules: RuleContext, sentence: Sentence, source: Span | None) -> Span | None:
    """"Georg Ratzinger war nach eigenem Bekunden eingeweiht": a source that
    says the words are the speaker's own ("eigenen Angaben", "eigener
    Aussage") stands for the subject of the verb it hangs on; what goes on
    with that report (a quotation, a Konjunktiv after it) is that subject's."""
    if source is None or not source.text.lower().startswith("eigen"):
        return None
    nouns = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos == "NOUN"]
    if not nouns or not nouns[-1].head:
        return None
    verb = sentence.word(nouns[-1].head)
    subject = next((c for c in sentence.children(verb.index) if c.deprel.startswith("nsubj")
                    and c.upos in ("NOUN", "PROPN") and not source.start <= c.start < source.end), None)
    return phrase_of(rules, sentence, subject) if subject is not None and verb.upos in ("VERB", "AUX", "ADJ") else None

