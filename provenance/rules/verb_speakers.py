"""Who speaks through a verb cue: the subject a small parse misses or
misplaces — a fronted phrase with its apposition, the phrase of a "wie"
clause, the first of two subjects around the finite verb, the subject in
the middle field or behind the verb, a document a passive names. Used by
the verbs family (``verbs.py``)."""

from __future__ import annotations

from provenance.config import Verb
from provenance.records import Sentence, Span, Word
from provenance.rules.clauses import has_passive_auxiliary, is_finite
from provenance.rules.context import RuleContext
from provenance.rules.lexicon import matches_any
from provenance.rules.noun_phrases import (
    has_object_article,
    is_misread_name,
    phrase_after,
    phrase_before,
    phrase_of,
)
from provenance.rules.spans import subtree, trim
from provenance.rules.words import QUOTE_CHARS, RELATIVE_PRONOUNS, TIME_NOUNS


def wie_clause_speaker(rules: RuleContext, sentence: Sentence, verb: Word, wie: Word, claim: Span) -> Span | None:
    """"Wie die Zentralbank in Rom bekannt gab", "Wie Dr. Roth aus dem
    Forscherteam erklärte", "Wie Anna Roth, die …, dazu feststellt": in a
    "wie" clause that ends with its verb, what stands between "wie" and the
    verb is the speaker's phrase, places and groups it names included,
    whatever the parse hung elsewhere; up to a relative clause. Only a phrase
    of nouns, names, articles, adjectives, numbers and prepositions, with no
    time, adverb or pronoun (which say when or to whom, or are the subject)."""
    cluster = [verb, *(c for c in sentence.children(verb.index)
                       if c.deprel in ("aux", "aux:pass", "compound:prt", "expl", "expl:pv") or c.text.lower() == "sich")]
    first = min(w.index for w in cluster)
    if wie.index >= first - 1 or claim.start < verb.end:
        return None
    words = [sentence.word(i) for i in range(wie.index + 1, first)]
    # a participle or adjective the cue needs ("bekannt gab") is part of the verb
    while words and words[-1].head == verb.index and words[-1].upos in ("ADJ", "VERB") and words[-1].deprel in (
            "xcomp", "compound", "advmod"):
        words = words[:-1]
    for k, w in enumerate(words):
        if w.text == "," and k + 1 < len(words) and is_relative_pronoun(rules, sentence, sentence.tokens[words[k + 1].token]):
            words = words[:k]
            break
    if not words or words[0].upos not in ("DET", "NOUN", "PROPN", "ADJ"):
        return None
    if any(w.upos not in ("DET", "NOUN", "PROPN", "ADJ", "NUM", "ADP", "PUNCT") or w.text.lower() in TIME_NOUNS
           or w.text in QUOTE_CHARS or w.text.lower() in ("gegenüber", "sich") for w in words):
        return None
    if words[-1].upos in ("PUNCT", "ADP", "DET"):
        return None
    return Span.of(rules.text, words[0].start, words[-1].end)


def prefield_of_two_subjects(sentence: Sentence, verb: Word, subjects: list[Word]) -> Word | None:
    """"Bloomberg kritisierte Gillibrand dafür, …", "Die Präsidentin hatte
    Müller gebeten, …": a small parser that makes a noun before the finite
    verb and one right behind it both its subject means no case told them
    apart, and German then reads the first as the subject. For a message
    behind the verb only. Not when one is a pronoun, which shows its case
    ("Der Politik schlug er vor"), nor a first one that the verb does not
    agree with or that a comma or quotation closes ("Die Lage, so meint …",
    "…“, erklärte X": a clause of its own) or one with another phrase
    between it and the verb. The first of a row of siblings
    stands for the name they make."""
    if any(c.upos == "PRON" for c in subjects):
        return None
    auxiliaries = [c for c in sentence.children(verb.index) if c.deprel in ("aux", "aux:pass")]
    finite = min([verb, *auxiliaries], key=lambda w: w.index)
    before = [c for c in subjects if c.index < finite.index]
    if not before or not any(c.index > finite.index for c in subjects) or finite.index < 2:
        return None
    if sentence.word(finite.index - 1).upos == "PUNCT":
        return None
    subject = max(before, key=lambda c: c.index)
    if not set(range(subject.index + 1, finite.index)) <= subtree(sentence, subject.index):
        return None  # "Bereits im Dezember hatte …": another phrase stands between it and the verb
    if subject.feat("Number") and finite.feat("Number") and subject.feat("Number") != finite.feat("Number"):
        return None
    if any(w.upos in ("NOUN", "PROPN", "ADV") and w.text[:1].isupper() and w.lemma[:1].islower()
           for w in sentence.words[1:finite.index - 1]):
        return None  # a capitalised adverb inside ("… Bereits im Mai hatte"): a heading ran into the sentence
    while subject.index > 1 and sentence.word(subject.index - 1) in before:
        subject = sentence.word(subject.index - 1)
    return subject


# tokens a fronted speaker with its apposition may run to before the verb
_PREFIELD_TOKENS = 30


def prefield_speaker(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span,
                     source: Span | None) -> Span | None:
    """"Albrecht Conze, der politische Direktor der Mission, bezeichnete …",
    "Die Organisation, die im Gazastreifen regiert, erklärte, …": German puts
    one phrase before the finite verb, so a noun phrase that runs from the
    start of the sentence with an apposition or a relative clause to a comma
    right before the finite verb is its subject, whatever a small parser
    (which often takes the object for it) says. Not a prepositional phrase, a
    subordinate clause or a quotation there, nor one with a verb outside its
    relative clauses; not when the message opens with a finite verb ("Die
    Lage, sagte er, sei ernst": the clause was cut by the reporting one).
    ``source``: the speaker found so far."""
    auxiliaries = [c for c in sentence.children(verb.index) if c.deprel in ("aux", "aux:pass")]
    finite = min([verb, *auxiliaries], key=lambda w: w.start)
    before = [t for t in sentence.tokens if t.end <= finite.start]
    if not before or len(before) > _PREFIELD_TOKENS or has_passive_auxiliary(auxiliaries):
        return None  # the subject of a passive is told, not telling
    after = next((sentence.word(i) for t in sentence.tokens if t.start >= finite.end for i in t.words), None)
    if after is not None and after.upos == "PRON" and after.feat("Case") == "Nom":
        return None  # "Der Politik schlug er vor, …", "…, warnte er": the subject follows the verb
    k = 0
    while k < len(before) - 1 and {w.upos for w in rules.token_words(sentence, k)} <= {"ADV", "CCONJ", "PART"}:
        k += 1  # "Auch die Fraktionschefin, …": a focus adverb is no part of the name
    first = {w.upos for w in rules.token_words(sentence, k)}
    if not first & {"DET", "NOUN", "PROPN", "ADJ", "NUM"} or first & {"ADP", "VERB", "AUX", "SCONJ"}:
        return None
    tokens = before[k:-1]
    if (len(before) < 4 or before[-1].text != "," or not tokens or tokens[0].text in QUOTE_CHARS
            or not any(t.text == "," for t in tokens)):
        return None
    end = len(tokens)
    for j, token in enumerate(tokens):
        words = rules.token_words(sentence, sentence.tokens.index(token))
        if token.text == ",":
            following = tokens[j + 1:j + 3]
            if (following and is_relative_pronoun(rules, sentence, following[0])) or (
                    len(following) == 2 and is_relative_pronoun(rules, sentence, following[1])
                    and {w.upos for w in rules.token_words(sentence, sentence.tokens.index(following[0]))} == {"ADP"}):
                end = j  # a relative clause closes the speaker's phrase (the source layer leaves it out)
                break
        elif token.text in (";", ":") or token.text in ("–", "—"):
            return None
        elif any(is_finite(w) for w in words):
            return None
    if end == 0:
        return None
    if not any(t.text == "," for t in tokens[:end]) and source is not None and (
            tokens[0].start <= source.start < before[-1].start):
        return None  # "Jeder, der …, weiß": only a relative clause, and the parse found the subject
    # the phrase before the verb is its object when its head shows an object case or a number the verb
    # does not agree with
    head = next((w for t in tokens[:end] for w in rules.token_words(sentence, sentence.tokens.index(t))
                 if w.upos in ("NOUN", "PROPN")), None)
    if head is not None and head.feat("Case") in ("Acc", "Dat"):
        return None
    if head is not None and head.feat("Number") and finite.feat("Number") and head.feat("Number") != finite.feat("Number"):
        return None  # "Die Mönche, …, beschrieb die Agentur": a subject agrees with its verb
    opening = next((w for w in sentence.words if w.start >= claim.start and w.upos != "PUNCT"), None)
    if opening is not None and is_finite(opening):
        return None
    return Span.of(rules.text, tokens[0].start, tokens[end - 1].end)


def document_of_passive(rules: RuleContext, sentence: Sentence, children: list[Word], claim: Span) -> Span | None:
    """"In einem Bericht der Zeitung wurde vermutet, dass …", "So wird in einer
    Pressemitteilung gefordert, …": a passive cue without an agent, placed in
    a report (a noun of ``reporting_nouns`` after "in"), cites that report."""
    for child in children:
        cases = {c.text.lower() for c in sentence.children(child.index) if c.deprel == "case"}
        if (child.deprel == "obl" and cases & {"in", "im"} and child.upos == "NOUN"
                and matches_any(child.text.lower(), rules.cues.reporting_nouns)):
            document = phrase_of(rules, sentence, child)
            if not document.overlaps(claim):
                return document
    return None


def source_text(rules: RuleContext, sentence: Sentence, children: list[Word], entry: Verb, claim: Span) -> Span | None:
    """"Aus dem Bericht geht hervor, dass …", "Wie sich aus der Auswertung der
    Daten ergab, …": a verb that says a message comes out of something names
    its source in the phrase of one of its ``source_after`` prepositions; its
    subject, where it has one, is what came out."""
    for child in children:
        cases = {c.text.lower() for c in sentence.children(child.index) if c.deprel == "case"}
        if child.deprel == "obl" and child.upos in ("NOUN", "PROPN") and cases & set(entry.source_after):
            text = phrase_of(rules, sentence, child)
            if not text.overlaps(claim):
                return text
    return None


def document_before_relative(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span) -> Span | None:
    """"eine Erklärung der Behörde, in der es heißt, dass …", "ein Schreiben,
    in dem mitgeteilt wird, …": a passive or impersonal cue in a relative
    clause that opens with a preposition names no speaker of its own; the
    text the clause is in, the noun phrase before it, is the source."""
    tokens = sentence.tokens
    commas = [k for k, t in enumerate(tokens) if t.text == "," and t.end <= verb.start]
    if not commas:
        return None
    k = commas[-1]
    if k < 1 or k + 2 >= len(tokens) or tokens[k + 2].start > verb.start:
        return None
    preposition = {w.upos for w in rules.token_words(sentence, k + 1)}
    if preposition != {"ADP"} or not is_relative_pronoun(rules, sentence, tokens[k + 2]):
        return None
    source = phrase_before(rules, sentence, k)
    return source if source is not None and not source.overlaps(claim) else None


def subject_fallback(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span, marks: list[Word]) -> Span | None:
    """The speaker when the parse hung it elsewhere: a subject outside the
    claim nearest the verb, else the noun phrase beside the verb ("…,
    sagte die Bürgermeisterin", "…, äußerte sich die Bürgermeisterin", "Wie
    die Agentur Reuters berichtet")."""
    middle = middle_field_subject(rules, sentence, verb, claim)
    if middle is not None:
        return middle
    shared = conjunct_speaker(rules, sentence, verb, claim)
    if shared is not None:
        return shared
    outside = [w for w in sentence.words if w.deprel == "nsubj" and not claim.overlaps(Span.of(rules.text, w.start, w.end))
               and w.text.lower() not in rules.cues.never_subjects and not is_contraction(sentence, w)
               and not (w.head == verb.index and is_fronted_object(sentence, verb, w))]
    if outside:
        nearest = min(outside, key=lambda w: abs(w.index - verb.index))
        source = phrase_of(rules, sentence, nearest)
        return source if not source.overlaps(claim) else Span.of(rules.text, nearest.start, nearest.end)
    verb_token = verb.token
    if marks or (verb_token > 0 and sentence.tokens[verb_token - 1].text in (",", *QUOTE_CHARS)):
        start = marks[0].token + 1 if marks else verb_token + 1
        if not marks and start < len(sentence.tokens) and sentence.tokens[start].text.lower() == "sich":
            start += 1  # "…“, äußerte sich die Ministerin": the reflexive is the verb's, the speaker follows
        source = phrase_after(rules, sentence, start)
        return source if source and not source.overlaps(claim) else None
    return None


def misread_prefield_name(rules: RuleContext, sentence: Sentence, verb: Word) -> Word | None:
    """"Milinkewitsch sagte dazu, …": a name the tagger misread as an adverb
    or adjective, alone before the finite verb and hung on it, is the phrase
    German puts before the verb, its subject (where the parse makes another
    word the subject too, as the first of two; see ``prefield_of_two_subjects``)."""
    auxiliaries = [c for c in sentence.children(verb.index) if c.deprel in ("aux", "aux:pass")]
    finite = min([verb, *auxiliaries], key=lambda w: w.index)
    if finite.index != 2 or len(sentence.words) < 2:
        return None
    first = sentence.word(1)
    if first.head not in (verb.index, finite.index) or not is_misread_name(rules.doc, first):
        return None
    return first


def nearest_subject(sentence: Sentence, verb: Word, subjects: list[Word]) -> Word:
    """Of several words the parse makes the verb's subject, the nearest (the
    pronoun, which shows its case, when two are as near: "Der Politik schlug
    er vor", "Das Angebot lehnt er ab"); siblings in a row before it are one
    name the parser split ("Heiko | Maas")."""
    subject = min(subjects, key=lambda c: (abs(c.index - verb.index), c.upos != "PRON"))
    while subject.index > 1 and sentence.word(subject.index - 1) in subjects:
        subject = sentence.word(subject.index - 1)
    return subject


def conjunct_speaker(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span) -> Span | None:
    """"Dies wollte die Schülerin nicht hinnehmen und gab vor, …", "…, hatte
    Anna Berger gesagt und auf das Gutachten verwiesen": a speech verb without
    a subject of its own, joined by a conjunction to a verb before it in the
    same clause, shares that verb's subject. Where the parse gave the first
    verb none, a small parser took it for the object: the noun phrase right
    behind the first verb's finite auxiliary, where German puts the subject of
    a clause whose first place another phrase holds."""
    if verb.deprel != "conj" or not any(c.deprel == "cc" for c in sentence.children(verb.index)):
        return None
    head = sentence.word(verb.head)
    # "erklärte, X sei „… und das passt …“ und kündigte an": a verb inside a quotation is none the
    # conjunct outside it can share; it is joined to the verb the quoted clause hangs on
    quoted = head
    while quoted.deprel in ("conj", "parataxis") and quoted.head and rules.inside_quotation(
            Span.of(rules.text, quoted.start, quoted.end)) and not rules.inside_quotation(
            Span.of(rules.text, verb.start, verb.end)):
        quoted = sentence.word(quoted.head)
    if quoted is not head and quoted.upos in ("VERB", "AUX") and quoted.index < verb.index and (
            shared := head_subject(rules, sentence, verb, quoted, claim)) is not None:
        return shared
    if head.upos not in ("VERB", "AUX") or head.index > verb.index:
        return None
    if any(sentence.word(i).upos == "PUNCT" for i in range(head.index + 1, verb.index)):
        return None  # ", und viele Menschen verlieren …": behind a comma a clause may bring its own subject
    children = sentence.children(head.index)
    auxiliary = next((c for c in children if c.deprel == "aux" and c.index < head.index), None)
    if auxiliary is None or any(c.deprel == "nsubj" and c.text.lower() not in rules.cues.never_subjects for c in children):
        return None
    following = sentence.word(auxiliary.index + 1)
    noun = following if following.upos in ("NOUN", "PROPN") else (
        sentence.word(following.head) if following.upos in ("DET", "ADJ", "NUM") and following.head else None)
    if noun is None or noun.head != head.index or noun.deprel != "obj" or has_object_article(sentence, noun):
        return None
    return speaker_before_claim(rules, phrase_of(rules, sentence, noun), claim)


def head_subject(rules: RuleContext, sentence: Sentence, verb: Word, head: Word, claim: Span) -> Span | None:
    """"Die Abgeordnete erklärte, X sei „…“ und kündigte an, …": a conjunct
    whose finite verb comes right behind its conjunction has no place before
    it for a subject of its own, so it shares the subject ``head`` has before
    it, however near a subject inside the first message stands."""
    auxiliaries = [c for c in sentence.children(verb.index) if c.deprel in ("aux", "aux:pass")]
    finite = min([verb, *auxiliaries], key=lambda w: w.index)
    if finite.index < 2 or sentence.word(finite.index - 1).deprel != "cc" or sentence.word(finite.index - 1).head != verb.index:
        return None
    subjects = [c for c in sentence.children(head.index) if c.deprel == "nsubj" and c.index < head.index
                and c.text.lower() not in rules.cues.never_subjects]
    if len(subjects) != 1:
        return None
    source = phrase_of(rules, sentence, subjects[0])
    return None if source.overlaps(claim) else source


def is_capitalised_adverb(rules: RuleContext, sentence: Sentence, word: Word) -> bool:
    """"Ferner habe die Studie festgestellt", "Unterdessen haben einige
    Abgeordnete angekündigt": the first word of a sentence, capitalised there,
    that a small tagger calls a noun, with no word of its own, and that is a
    sentence adverb of the lexicon or one its lemmatiser gives in lower case
    (no noun's lemma is): an adverb, not the subject."""
    return (word.index == 1 and word.upos in ("NOUN", "PROPN")
            and (word.lemma[:1].islower() or word.text.lower() in rules.cues.sentence_adverbs)
            and not any(w.head == word.index for w in sentence.words))


def is_contraction(sentence: Sentence, word: Word) -> bool:
    """"Um 10 Uhr meldete …": a word the tokenizer cut from a contraction
    ("zum", "am", and a misread "Um" = "un dem") shares its token with the
    article of a prepositional phrase; it is no subject, whatever the parse says."""
    return len(sentence.tokens[word.token].words) > 1


def is_fronted_object(sentence: Sentence, verb: Word, subject: Word) -> bool:
    """"Als Grund nannte die Behörde, …" (a phrase with a preposition), "Eine
    Verschiebung bezeichnete der Diplomat als fatal" (the phrase after the
    verb is nominative, "der"/"ein" is no accusative): the phrase before the
    verb that the parser took for the subject is not."""
    if subject.index > verb.index:
        return False
    if any(c.deprel == "case" for c in sentence.children(subject.index)) or after_als(sentence, subject):
        return True
    if parenthetical_so(sentence, verb):
        return True
    after = subject_after_verb(sentence, verb)
    # a word without a case of its own (a name the tagger misread as an adverb) yields only to an
    # article that shows the nominative, not to the tagger's case of an ambiguous "die"
    return after is not None and subject.upos != "PRON" and subject.feat("Case") != "Nom" and (
        after.feat("Case") == "Nom" and subject.feat("Case") is not None
        or any(c.deprel == "det" and c.text.lower() in ("der", "ein") for c in sentence.children(after.index)))


def after_als(sentence: Sentence, noun: Word) -> bool:
    """"Als „unerwartetes Geschenk“ bezeichnet die Archäologin den Fund": a
    phrase behind "als" (and the quotation marks it may open with) is what the
    speaker calls something, whatever the parse hangs "als" on; never the
    subject. Not behind the "als" that opens a clause."""
    k = min(subtree(sentence, noun.index)) - 1
    while k >= 1 and sentence.word(k).text in QUOTE_CHARS:
        k -= 1
    # not the subordinator of a clause ("Als die Täterin bemerkte, …", "als sie gesagt hat")
    return k >= 1 and sentence.word(k).text.lower() == "als" and sentence.word(k).deprel != "mark"


def parenthetical_so(sentence: Sentence, verb: Word) -> bool:
    """"Der Grund, so vermutet die Zeitung, dürfte …": an inserted "so" clause
    behind a comma fills the place before its verb itself; the phrase before
    the comma is none of its arguments, the speaker stands behind the verb."""
    if verb.index < 3:
        return False
    so, comma = sentence.word(verb.index - 1), sentence.word(verb.index - 2)
    return so.text.lower() == "so" and so.head == verb.index and comma.text in (",", "–", "-")


def subject_after_verb(sentence: Sentence, verb: Word) -> Word | None:
    """The noun the parser made the object of a finite verb, in the phrase right behind it ("nannte die Behörde"),
    or behind the verb's adverbs ("meldete dann die Agentur")."""
    if verb.index >= len(sentence.words):
        return None
    following = sentence.word(verb.index + 1)
    # "meldeten dann die Nachrichten der Tagesschau": an adverb of the verb may come first
    while following.upos == "ADV" and following.head == verb.index and following.index < len(sentence.words):
        following = sentence.word(following.index + 1)
    head = following if following.upos in ("NOUN", "PROPN") else (
        sentence.word(following.head) if following.upos in ("DET", "ADJ") and following.head > verb.index else None)
    if head is None or head.head != verb.index or head.deprel not in ("obj", "nsubj") or head.feat("Case") in ("Dat", "Gen"):
        return None
    return None if has_object_article(sentence, head) else head


def middle_field_subject(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span) -> Span | None:
    """"Bereits 1997 hatte die EU zugesagt, …", "Am Freitag hat eine Sprecherin
    mitgeteilt, …": behind a fronted phrase the subject stands between the
    finite auxiliary and the participle, and a small parser takes it for the
    object. A noun phrase there without an object-case article is the speaker."""
    auxiliaries = [c for c in sentence.children(verb.index) if c.deprel == "aux" and c.index < verb.index]
    if not auxiliaries:
        # "Des Weiteren verwies der Minister darauf, …": the finite verb itself, then the subject
        after = subject_after_verb(sentence, verb) if verb.feat("Mood") and verb.index > 1 else None
        if after is None or after.text.lower() in rules.cues.never_subjects or after.text.lower() in TIME_NOUNS:
            return None
        return speaker_before_claim(rules, phrase_of(rules, sentence, after), claim)
    first = auxiliaries[0]
    candidate = next((c for c in sentence.children(verb.index) if c.deprel == "obj" and first.index < c.index < verb.index
                      and c.upos in ("NOUN", "PROPN") and c.feat("Case") not in ("Dat", "Gen")
                      and not has_object_article(sentence, c)
                      and c.text.lower() not in rules.cues.never_subjects and c.text.lower() not in TIME_NOUNS), None)
    if candidate is None:
        return None
    return speaker_before_claim(rules, phrase_of(rules, sentence, candidate), claim)


def is_relative_pronoun(rules: RuleContext, sentence: Sentence, token) -> bool:
    """"die" as a relative pronoun, not the article of an apposition ("…, die Sprecherin der …")."""
    return token.text.lower() in RELATIVE_PRONOUNS and all(
        w.upos == "PRON" for w in rules.token_words(sentence, sentence.tokens.index(token)))


def speaker_before_claim(rules: RuleContext, source: Span, claim: Span) -> Span | None:
    """A speaker's phrase the parse ran on past a comma into the message ("die
    Site „Golem“, | Wikimedia habe …", a conjunct of the name) ends at that
    comma. One the message starts inside of ("nannte den Angriff „…“") is none."""
    if not source.overlaps(claim):
        return source
    cut = trim(rules.text, Span.of(rules.text, source.start, claim.start)) if source.start < claim.start else None
    return cut if cut is not None and "," in rules.text[cut.end:claim.start] else None
