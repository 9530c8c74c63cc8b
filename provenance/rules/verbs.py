"""The verbs family: speech and report verbs with the message they govern
and the speaker, whom it was told and what it relays."""

from __future__ import annotations

from provenance.config import Verb
from provenance.records import Cue, Form, Sentence, Span, Word
from provenance.rules.addressees import find_addressee, source_before_addressee
from provenance.rules.citing import add_citing_origins, add_relay
from provenance.rules.clauses import (
    after_reporting_phrases,
    ends_clause,
    from_comma,
    has_passive_auxiliary,
    in_subordinate_clause,
    is_finite,
    is_konjunktiv,
    is_konjunktiv_clause,
    is_main_clause,
    mark_before_verb,
    whole_message,
)
from provenance.rules.context import Finding, RuleContext
from provenance.rules.lexicon import matches_any, own_particle, verb_cue
from provenance.rules.noun_phrases import (
    has_object_article,
    passive_agent,
    phrase_after,
    phrase_of,
)
from provenance.rules.registry import register
from provenance.rules.spans import subtree, trim
from provenance.rules.verb_speakers import (
    document_before_relative,
    document_of_passive,
    is_capitalised_adverb,
    is_contraction,
    is_fronted_object,
    is_relative_pronoun,
    misread_prefield_name,
    nearest_subject,
    prefield_of_two_subjects,
    prefield_speaker,
    source_text,
    subject_after_verb,
    subject_fallback,
    wie_clause_speaker,
)
from provenance.rules.words import (
    ANAPHORIC_OBJECTS,
    COMMENT_OPENERS,
    CORRELATES,
    FOCUS_PARTICLES,
    QUOTE_CHARS,
    RELATIVE_PRONOUNS,
    SENTENCE_COMMENTS,
    TIME_NOUNS,
)


@register("verbs")
def verbs(rules: RuleContext, sentence: Sentence) -> None:
    """Speech and report verbs: "X sagte, …", "…, sagte X.", "Wie X berichtet, …"."""
    lexicon = rules.cue_verbs
    for word in sentence.words:
        found = verb_cue(sentence, word, lexicon, rules.quotes_near(Span.of(rules.text, sentence.start, sentence.end)),
                         rules.cues.lemma_repairs)
        if found is None:
            continue
        lemma, entry, cue_words = found
        if entry.reflexive and not any(c.text.lower() == "sich" for c in sentence.children(word.index)):
            continue  # "wurde zum Präsidenten berufen" appoints; "beruft sich auf" cites
        if entry.not_with and any(c.deprel in ("obj", "nsubj", "obl") and matches_any(c.text.lower(), entry.not_with)
                                  for c in sentence.children(word.index)):
            continue  # "Das Hochwasser forderte drei Todesopfer": the dead counted, nothing demanded
        if lemma in rules.cues.naming_verbs and any(
                c.text.lower() == "sich" or c.text.lower() == "man" and c.deprel.startswith("nsubj")
                for c in sentence.children(word.index)):
            continue  # "nennt sich „Aufbruch“", "nennt man einen „Split“": a name given, nothing said
        cue_words = cue_words + cue_companions(rules, sentence, word, lemma, entry)
        if lemma in rules.cues.relay_verbs and add_relay(rules, sentence, word, cue_words):
            continue
        children = sentence.children(word.index)
        # the subject of a passive speech verb is told, not telling ("Die Anwohner
        # wurden aufgefordert"); only "X wird zitiert" names the speaker
        passive = has_passive_auxiliary(children) and lemma not in rules.cues.relay_verbs
        subjects = [] if passive else [c for c in children if c.deprel == "nsubj"]
        if not passive and (name := misread_prefield_name(rules, sentence, word)) is not None:
            subjects = [name, *subjects]
        subject = subjects[0] if subjects else None
        if entry.impersonal and not any(c.text.lower() == "es" for c in children):
            continue  # "Das Lokal hieß „Zur Post“": the verb names, "es heißt" reports
        if entry.impersonal and (subject is None or subject.text.lower() == "es"):
            subject = None
        marks = [c for c in children if c.deprel == "mark" and c.lemma.lower() == "wie"]
        if not marks and sentence.words[0].text.lower() == "wie" and ends_clause(rules, sentence, word):
            marks = [sentence.words[0]]
        cue_spans = tuple(Span.of(rules.text, w.start, w.end) for w in sorted(marks + cue_words, key=lambda w: w.start))
        cue = Cue(" ".join(s.text for s in cue_spans), cue_spans)
        claim, form, how = verb_claim(rules, sentence, word, subjects, marks)
        # "sagte heute Abend": a small parser takes the time for the subject
        subjects = [c for c in subjects if c.text.lower() not in rules.cues.never_subjects
                    and c.text.lower() not in TIME_NOUNS and not is_fronted_object(sentence, word, c)
                    and not has_object_article(sentence, c)  # "teilte dem Sender mit": whom it was told
                    and not is_contraction(sentence, c) and not is_capitalised_adverb(rules, sentence, c)]
        if claim is not None:  # a parser may hang a subject of the message on the verb
            inside = [c for c in subjects if claim.overlaps(Span.of(rules.text, c.start, c.end))]
            outside = [c for c in subjects if c not in inside]
            # two subjects as near ("Der Politik schlug er vor"): the pronoun, which shows its case
            subject = nearest_subject(sentence, word, outside) if outside else None
            if claim.start > word.end:
                subject = prefield_of_two_subjects(sentence, word, outside) or subject
        elif subjects and subject not in subjects:
            # no message clause, and the first subject is none: of those left, the nearest
            # ("Gestern äußerte sich die Ministerin …")
            subject = nearest_subject(sentence, word, subjects)
        if claim is None and subject is not None and is_fronted_object(sentence, word, subject):
            # "Als Beispiel nannte die Behörde …": the speaker stands behind the verb
            subject = subject_after_verb(sentence, word) or subject
        if how == "inner":
            continue  # what it did is told by the speech verb of its "indem" or "da" clause
        if claim is None or len(claim.text.split()) < rules.windows.min_claim_words:
            quoted = quote_in_clause(rules, sentence, word, subject)
            anaphoric = None if quoted is not None else anaphoric_claim(rules, sentence, word, children)
            if anaphoric is not None:
                claim, form, subject = anaphoric
                how = "anaphoric-object"
            elif quoted is None:
                reported_statement(rules, sentence, word, lemma, entry, subject, passive)
                continue
            else:
                claim, form, how = quoted, "direct", "quoted-object"
        if subject is not None and claim.contains(Span.of(rules.text, subject.start, subject.end)):
            continue
        opener = _preposition_before_claim(rules, sentence, word, lemma, entry, claim)
        if opener is not None and opener not in cue_words:
            # "bezeichnete die Reform als „maßvoll“", "sprach von einer „Katastrophe“": part of the cue
            cue_spans = tuple(sorted(cue_spans + (Span.of(rules.text, opener.start, opener.end),), key=lambda s: s.start))
            cue = Cue(" ".join(s.text for s in cue_spans), cue_spans)
        if form != "direct" and any(c.text.lower() in rules.cues.negations and c.deprel == "advmod"
                                    and c.start < claim.start for c in children):
            continue  # "wollte nicht bestätigen, dass …": what was not said is no claim
        if quoted_speakers_words(rules, word, claim):
            continue
        source = None
        if subject is not None:
            source = phrase_of(rules, sentence, subject)
            if source.overlaps(claim):
                source = (trim(rules.text, Span.of(rules.text, source.start, claim.start))
                          if source.start < claim.start else None) or Span.of(rules.text, subject.start, subject.end)
        elif passive:
            agent = passive_agent(rules, sentence, children, claim)
            source = _bare_agent(rules, sentence, agent) if agent is not None else None
        elif not entry.impersonal:
            source = subject_fallback(rules, sentence, word, claim, marks)
        if source is None and (passive or entry.impersonal):
            source = document_before_relative(rules, sentence, word, claim)
        if source is None and passive:
            source = document_of_passive(rules, sentence, children, claim)
        if entry.source_after and (text := source_text(rules, sentence, children, entry, claim)) is not None:
            source = text
        if marks and (whole := wie_clause_speaker(rules, sentence, word, marks[0], claim)) is not None and (
                source is None or whole.contains(source) or subject is not None and subject.upos == "PRON"):
            source = whole
        if claim.start > word.end and (fronted := prefield_speaker(rules, sentence, word, claim, source)) is not None:
            source = fronted
        addressee = find_addressee(rules, sentence, word, lemma, children, claim)
        if source is not None and addressee is not None and source.start < addressee.start < source.end:
            source = source_before_addressee(rules, sentence, source, addressee)
        confidence = entry.confidence * (1.0 if source else rules.confidence.verb_without_source)
        index = rules.add(Finding(
            rule=f"verb.{how}", form=form, medium=entry.medium, cue=cue, source=source, claim=claim,
            confidence=round(confidence, 2), frame=rules.frame(sentence, claim, cue), addressee=addressee,
            sentence=sentence.index,
            evidence=f"'{word.text}' (lemma {lemma}) governs the claim as {how}"
                     + (f"; subject '{source.text}'" if source else "; no subject"),
        ))
        add_citing_origins(rules, sentence, word, index)






# subordinators of a clause that says how or why something was done: a speech verb there reports
# the Konjunktiv clause behind it ("…, indem er sagte, X werde …", "…, da sie befürchten, X könnten …")
_MANNER_SUBORDINATORS = {"indem", "da", "weil"}


def _speech_in_manner_clause(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span) -> bool:
    """The verb closes an "indem", "da" or "weil" clause with its own subject,
    and the clause behind the comma is reported speech (its finite verb
    Konjunktiv)."""
    before = [w for w in sentence.words if w.end <= verb.start]
    opener = next((w for w in reversed(before) if w.text == "," or w.text.lower() in _MANNER_SUBORDINATORS), None)
    if opener is None or opener.text == ",":
        return False
    if not any(c.deprel == "nsubj" for c in sentence.children(verb.index)):
        return False
    return any(is_konjunktiv(w, sentence) and w.feat("VerbForm") != "Inf" for w in sentence.words
               if claim.start <= w.start < claim.end and w.upos in ("VERB", "AUX")
               and not rules.in_quotation(w.start))


def _speech_clause_between(rules: RuleContext, sentence: Sentence, verb: Word, child: Word) -> bool:
    """Between the verb and its message candidate ``child`` an "indem", "da"
    or "weil" clause closes with a speech verb of its own right before the
    candidate's comma: the parse hung the message on the outer verb."""
    inner = [w for w in sentence.words if verb.end <= w.start and w.end <= child.start
             and w.upos == "VERB" and w.lemma.lower() in rules.cue_verbs]
    return any(_speech_in_manner_clause(rules, sentence, w, Span.of(rules.text, child.start, child.end))
               or any(c.deprel == "nsubj" for c in sentence.children(w.index)) and any(
                   t.text.lower() in _MANNER_SUBORDINATORS for t in sentence.words if verb.end <= t.start < w.start)
               for w in inner)


def with_subject_and_relative(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span) -> Span:
    """"sagte, der Mann, der am Montag festgenommen worden war, sei frei": a
    message whose subject carries a relative clause between commas starts at
    the comma behind the verb; the parse makes the relative clause or the
    verb behind it the message and leaves the subject out."""
    tokens = sentence.tokens
    after = [k for k, t in enumerate(tokens) if t.start >= verb.end]
    if not after or tokens[after[0]].text != ",":
        return claim
    first = after[0] + 1
    gap = [k for k in range(first, len(tokens)) if tokens[k].end <= claim.start]
    opener = next((k for k, t in enumerate(tokens) if t.start >= claim.start), None)
    if not gap or opener is None or tokens[gap[-1]].text != ",":
        return claim
    commas = [k for k in gap if tokens[k].text == ","]
    noun_phrase = range(first, commas[0])
    if not noun_phrase or not all({w.upos for w in rules.token_words(sentence, k)} <= {"DET", "NOUN", "PROPN", "ADJ", "NUM"}
                                  for k in noun_phrase) or not any(
            {w.upos for w in rules.token_words(sentence, k)} & {"NOUN", "PROPN"} for k in noun_phrase):
        return claim
    if len(commas) == 1:
        # the message begins with the relative clause: "…, die sich … befunden hatte, habe …"
        opens = is_relative_pronoun(rules, sentence, tokens[opener])
    else:
        # the relative clause lies between, the message begins with the subject's finite verb
        relative = commas[0] + 1
        opens = len(commas) == 2 and (is_relative_pronoun(rules, sentence, tokens[relative]) or (
            {w.upos for w in rules.token_words(sentence, relative)} == {"ADP"}
            and is_relative_pronoun(rules, sentence, tokens[relative + 1]))) and any(
            is_finite(w) for w in rules.token_words(sentence, opener))
    return Span.of(rules.text, tokens[first].start, claim.end) if opens else claim


def quoted_speakers_words(rules: RuleContext, verb: Word, claim: Span) -> bool:
    """The verb and its message stand inside one quotation („Ich glaube, dass
    …“, sagte X): the quoted speaker reports in their own words; the
    attribution is the quotation's, to whoever the text says spoke it."""
    return any(q.start < verb.start < q.end and q.contains(claim)
               # a verb of the quotation's own words is not the cue of one its 'so' names („… wird dort vermutet“, so der Chef)
               and (q == claim and rules.text[q.end:q.end + 5].lstrip(" ,").lower().startswith("so ")
                    or q != claim and len(q.text.split()) >= rules.windows.min_adjacent_quote_words)
               for q in rules.quotes_near(Span.of(rules.text, verb.start, verb.end)))


def cue_companions(rules: RuleContext, sentence: Sentence, verb: Word, lemma: str, entry: Verb) -> list[Word]:
    """Words the annotation counts as part of a verb cue: auxiliaries,
    "sich", a correlate the message hangs on ("wies darauf hin", "rief
    dazu auf"; not "sagte dazu" = about it), the preposition a verb needs
    ("sprach von") and "als" of "bezeichnete … als"."""
    companions = []
    for child in sentence.children(verb.index):
        lowered = child.text.lower()
        if child.deprel in ("aux", "aux:pass", "expl", "expl:pv"):
            companions.append(child)
        elif child.deprel in ("obj", "obl", "advmod") and (lowered in CORRELATES or lowered in entry.correlates):
            companions.append(child)
        elif lemma in rules.cues.as_verbs or entry.requires:
            wanted = {"als"} if lemma in rules.cues.as_verbs else set(entry.requires)
            companions += [c for c in sentence.children(child.index)
                           if c.deprel in ("case", "mark") and c.text.lower() in wanted and c.start > verb.start]
    return companions


def _preposition_before_claim(rules: RuleContext, sentence: Sentence, verb: Word, lemma: str, entry: Verb,
                              claim: Span) -> Word | None:
    """"als" of an as-verb or the preposition a verb requires ("von") that
    opens the phrase of the claim, the claim's first words after it but an
    article or adjective ("sprach von einer „…“"), wherever the parse hangs it."""
    wanted = ({"als"} if lemma in rules.cues.as_verbs else set()) | set(entry.requires)
    if not wanted:
        return None
    before = [w for w in sentence.words if verb.end <= w.start and w.end <= claim.start and w.upos != "PUNCT"]
    k = len(before) - 1
    while k >= 0 and before[k].upos in ("DET", "ADJ") and len(before) - k <= 2:
        k -= 1
    return before[k] if k >= 0 and before[k].text.lower() in wanted else None




def _reads_as_message(sentence: Sentence, claim: Span) -> bool:
    """What follows a verb's comma is its message only as a clause with a
    verb that does not open with its finite verb: ", hielt sich aber
    zurück" is the main clause after a fronted one ("Er wollte die Vorwürfe
    zurückweisen, hielt sich …"), ", darunter die Grünen" no clause."""
    words = [w for w in sentence.words if claim.start <= w.start and w.end <= claim.end and w.upos != "PUNCT"]
    if not words or is_finite(words[0]):
        return False
    # a verb the tagger missed shows as a Konjunktiv form, an infinitive's "zu" or a subordinator, or the
    # clause opens with its subject ("das Geld reiche nicht" with "reiche" for an adverb)
    return words[0].upos in ("DET", "NOUN", "PROPN", "PRON") or any(
        w.upos in ("VERB", "AUX") or is_konjunktiv(w, sentence) or w.text.lower() in ("zu", "dass", "ob") for w in words)


def _verb_first(sentence: Sentence, verb: Word) -> bool:
    """A reporting clause after its message opens with its finite verb and
    names who speaks (", sagte der Minister", ", wird er zitiert"): not a verb
    that closes a clause (", als „Sonnenwind“ bezeichnet wird") nor a second
    verb of the subject before (", sprach aber von …")."""
    children = sentence.children(verb.index)
    auxiliaries = [c for c in children if c.deprel in ("aux", "aux:pass")]
    first = min([verb, *auxiliaries], key=lambda w: w.start)
    # the subject right behind the verb, perhaps after an adverb (", teilte später der Direktor mit")
    after = next((w for w in sentence.words[first.index:] if w.upos not in ("ADV", "PART")), None)
    return is_finite(first) and (has_passive_auxiliary(children)
                               or any(c.deprel.startswith(("nsubj", "expl")) for c in children)
                               or after is not None and after.upos in ("DET", "NOUN", "PROPN", "PRON"))


def _fronted_subordinate(rules: RuleContext, sentence: Sentence, span: Span) -> bool:
    """"Sobald die Ergebnisse vorliegen, können …", "Selbst wenn er kommt, …":
    a clause before the finite verb that opens with a subordinator of
    ``circumstance_conjunctions`` and ends with its verb is a fronted
    subordinate clause of the sentence, not a message."""
    words = [w for w in sentence.words if span.start <= w.start and w.end <= span.end and w.upos != "PUNCT"]
    while words and words[0].text.lower() in FOCUS_PARTICLES:
        words = words[1:]
    return (len(words) > 1 and words[0].text.lower() in rules.cues.circumstance_conjunctions
            and words[-1].upos in ("VERB", "AUX"))


def _opens_no_message(rules: RuleContext, sentence: Sentence, claim: Span) -> bool:
    """", nachdem er …", ", um … zu …", ", weil …": a clause behind the comma
    that opens with a subordinator of ``circumstance_conjunctions`` says
    when or why, not what was said."""
    first = next((w for w in sentence.words if w.start >= claim.start and w.upos != "PUNCT"), None)
    return (first is not None and first.upos == "SCONJ"
            and first.text.lower() in rules.cues.circumstance_conjunctions)


def _to_clause_end(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span) -> Span:
    """A message after its verb runs to the end of the sentence, over the
    clauses the parser hung elsewhere ("die Grünen seien | nun in der
    Opposition und dass …"): up to a semicolon, colon or dash, a comment
    on the whole (", wobei …", ", was …") or a second verb of the speaker
    ("… und fügte hinzu")."""
    body = rules.body(sentence)
    if claim.start < verb.end:
        return claim
    lexicon = rules.cue_verbs
    end = body.end
    tokens = [t for t in sentence.tokens if claim.start < t.start and t.end <= body.end]
    for k, token in enumerate(tokens):
        lowered = token.text.lower()
        words = rules.token_words(sentence, sentence.tokens.index(token))
        if k > 0 and tokens[k - 1].text.lower() in ("und", "aber", "sowie") and any(
                w.upos == "VERB" and w.feat("Mood") == "Ind" and verb_cue(sentence, w, lexicon) for w in words):
            end = tokens[k - 1].start  # "… und fügte hinzu, …": the speaker's next speech act
            break
        following = tokens[k + 1].text.lower() if k + 1 < len(tokens) else ""
        if lowered == "," and following in SENTENCE_COMMENTS:
            end = token.start  # ", wobei …" comments on the sentence even where the parse hangs it on the message
            break
        if token.start < claim.end:
            continue
        if lowered in (";", ":", "–", "—", "(") or (lowered == "," and following in COMMENT_OPENERS):
            end = token.start
            break
        if any(w.deprel == "conj" and w.head == verb.index for w in words):
            cc = [c for w in words for c in sentence.children(w.index) if c.deprel == "cc" and c.start < w.start]
            end = min([c.start for c in cc] + [token.start])
            break
    # an unbalanced quotation mark would cut a quotation apart: keep the parse's claim then
    tail = trim(rules.text, Span.of(rules.text, claim.start, end))
    # only the end moves: the claim's own start stands ("-2 Prozent seien …")
    extended = None if tail is None else Span.of(rules.text, claim.start, tail.end)
    if extended is None or sum(extended.text.count(q) for q in "„“”\"") % 2:
        return claim
    return extended


def _relative_clause(rules: RuleContext, sentence: Sentence, verb: Word, claim: Span) -> bool:
    """"berichtet das Institut, das Websites begutachtet", "sagte Peter
    Maier, der Leiter der Firma": a clause behind a noun after the verb that
    opens with a relative pronoun and holds no Konjunktiv describes that
    noun; it is no message ("sagte der Zeitung, die Lage sei ernst" is one)."""
    words = [w for w in sentence.words if claim.start <= w.start < claim.end]
    opening = [w for w in words if w.upos != "PUNCT"][:2]
    # "auf Studien, nach denen …": a preposition before the pronoun
    prepositional = len(opening) == 2 and opening[0].upos == "ADP" and opening[1].upos == "PRON"
    first = opening[1] if prepositional else next(iter(opening), None)
    # "Berichte, wonach …", "Studien, nach denen …": the relative clause reports what the noun says, a
    # cue phrase of its own with the noun for its source, whatever its mood
    reports = bool(opening) and (opening[0].text.lower() == "wonach" or prepositional
                                 and opening[0].text.lower() in ("nach", "laut", "gemäß"))
    if reports:
        return True  # (extraposed behind the verb too: "hat Berichte zurückgewiesen, wonach …")
    if first is None or first.text.lower() not in RELATIVE_PRONOUNS or first.text.lower() == "wo":
        return False
    before = [w for w in sentence.words if verb.end <= w.start and w.end <= claim.start and w.upos != "PUNCT"]
    if not before or before[-1].upos not in ("NOUN", "PROPN") or before[-1].text.lower() in TIME_NOUNS:
        return False
    verbs = [w for w in words if w.upos in ("VERB", "AUX")]
    if verbs and not any(w.feat("VerbForm") == "Fin" or w.feat("Mood") for w in verbs):
        return False  # "beschloss am Dienstag, das Bad zu schließen": an infinitive clause
    return not any(is_konjunktiv(w, sentence) for w in verbs)


def quote_in_clause(rules: RuleContext, sentence: Sentence, verb: Word, subject: Word | None) -> Span | None:
    """"bezeichnete sie als „maßvoll“": a quotation among the verb's own
    dependents (not inside its subject) is what the source said."""
    inside = subtree(sentence, verb.index, exclude={subject.index} if subject else set())
    words = [sentence.word(i) for i in inside]
    if not words:
        return None
    lo, hi = min(w.start for w in words), max(w.end for w in words)
    passive = has_passive_auxiliary(sentence.children(verb.index))
    return next((q for q in rules.quotes_starting(lo - 1, hi + 1) if lo <= q.start + 1 and q.end - 1 <= hi
                 and not (subject and q.overlaps(Span.of(rules.text, subject.start, subject.end)))
                 and not rules.covered(q) and not names_a_noun(rules, sentence, q)
                 and not (passive and _passive_subject(sentence, verb, q))), None)


def _quote_head(sentence: Sentence, quote: Span) -> Word | None:
    """The word of a quotation the parse hangs outside it."""
    words = [w for w in sentence.words if quote.start <= w.start and w.end <= quote.end and w.upos != "PUNCT"]
    inside = {w.index for w in words}
    return next((w for w in words if w.head not in inside), None)


def _passive_subject(sentence: Sentence, verb: Word, quote: Span) -> bool:
    """"Das Format wurde „Blauband“ genannt": the subject of a passive is
    what was named or told, not what was said."""
    head = _quote_head(sentence, quote)
    return head is not None and head.head == verb.index and head.deprel.startswith("nsubj")


def names_a_noun(rules: RuleContext, sentence: Sentence, quote: Span) -> bool:
    """"die Nachrichtensite „Golem“", "die Operation „Eagle“": a short
    quotation right after a noun is its name, not something said; so is a
    longer one the parse makes its apposition ("der Film „Reise zum Mond und
    zurück“", "unter dem Motto „…“")."""
    before = [t for t in sentence.tokens if t.end <= quote.start]
    if not before or not {w.upos for w in rules.token_words(sentence, sentence.tokens.index(before[-1]))} & {"NOUN", "PROPN"}:
        return False
    if len(quote.text.split()) <= rules.windows.name_quote_words:
        return True
    head = _quote_head(sentence, quote)
    return head is not None and head.deprel in ("appos", "flat", "flat:name")


def anaphoric_claim(rules: RuleContext, sentence: Sentence, verb: Word,
                    children: list[Word]) -> tuple[Span, Form, Word] | None:
    """"Das bestätigte die Organisation in Bonn.": the claim is the sentence before,
    in the same paragraph and not already someone's claim; the speaker follows the verb."""
    first = sentence.words[0]
    if first.text.lower() not in ANAPHORIC_OBJECTS or sentence.index == 0:
        return None
    if verb.index != 2 and not (first in children and verb.deprel == "root"):
        return None  # the verb in second place, or the parse links them
    previous = rules.doc.sentences[sentence.index - 1]
    if "\n\n" in rules.text[previous.end:sentence.start]:
        return None
    claim = trim(rules.text, rules.body(previous))
    if claim is None or rules.covered(claim) or len(claim.text.split()) < rules.windows.min_antecedent_words:
        return None
    speaker = _anaphoric_speaker(sentence, verb, children)
    if speaker is None:
        return None
    return *rules.message(claim), speaker


def _anaphoric_speaker(sentence: Sentence, verb: Word, children: list[Word]) -> Word | None:
    """Who said what a fronted "Das" points back at: in the passive the
    agent ("Das wurde von einem Sprecher bestätigt"), else the first noun
    behind the finite verb in second place, which may be a modal or an
    auxiliary before the speech verb at the end ("Das musste der Minister
    einräumen")."""
    if has_passive_auxiliary(children):
        return next((c for c in children if c.deprel in ("obl", "obl:agent") and c.upos in ("NOUN", "PROPN") and {
            g.text.lower() for g in sentence.children(c.index) if g.deprel == "case"} & {"von", "vom"}), None)
    # found on the surface: the parser may hang the speaker elsewhere ("Das erklärte gestern ein Sprecher");
    # none in an object-case phrase ("Das bestätigte den Verdacht der Ermittler": "Das" is the subject)
    return next((w for w in sentence.words[2:] if w.upos in ("NOUN", "PROPN")
                 and w.text.lower() not in TIME_NOUNS and w.deprel != "nmod"
                 and not has_object_article(sentence, w)), None)


def reported_statement(rules: RuleContext, sentence: Sentence, verb: Word, lemma: str, entry: Verb,
                       subject: Word | None, passive: bool = False) -> None:
    """"Die Polizei sprach von einem Unfall.": a speech act with no message
    clause reports the statement; the whole sentence is the claim. In the
    passive the agent reported it ("Die Pläne wurden vom Minister als
    unrealistisch bezeichnet.")."""
    if (entry.impersonal or entry.confidence < rules.confidence.reported_minimum
            or not entry.reports or len(sentence.words) < rules.windows.min_reported_words):
        return
    clause = reported_clause(rules, sentence, verb)
    if clause is None:
        return
    agent = None
    if passive and subject is None:
        # an empty span at the sentence's end: no agent phrase overlaps it
        agent = passive_agent(rules, sentence, sentence.children(verb.index), Span.of(rules.text, sentence.end, sentence.end))
        if agent is None:
            return
        agent = _bare_agent(rules, sentence, agent)
    elif subject is None or subject.upos not in ("NOUN", "PROPN", "PRON") or subject.text.lower() in rules.cues.never_subjects:
        return
    elif any(c.lemma == "werden" and c.deprel in ("aux", "aux:pass") for c in sentence.children(verb.index)) and (
            verb.feat("VerbForm") == "Part" or verb.text.lower().startswith("ge")):
        return  # passive: its subject is what was reported, not who reported it
    if any(c.deprel == "compound:prt" and not lemma.startswith(c.text.lower()) and own_particle(sentence, verb, c)
           for c in sentence.children(verb.index)):
        return  # "forderte die Truppen an", "sagte den Termin ab": another verb, which reports nothing
    # the verb and its particle, the parse's or not ("gab … nicht | bekannt")
    heads = [verb] + [c for c in sentence.children(verb.index) if c.text.lower() != lemma and lemma.startswith(c.text.lower())]
    if any(c.text.lower() in rules.cues.negations and c.deprel == "advmod" for h in heads for c in sentence.children(h.index)):
        return  # "gab die Namen nicht bekannt": what was not said is no statement
    after = {t.text.lower() for t in sentence.tokens if t.start > verb.start}
    if entry.requires and not after & set(entry.requires):
        return  # "sprach mit seinem Anwalt" reports nothing; "sprach von" does
    claim = clause
    if rules.covered(claim) or rules.inside_quotation(claim):
        return
    source = agent or phrase_of(rules, sentence, subject)
    if source.overlaps(claim) and not claim.contains(source):
        return
    rules.add(Finding(
        rule="verb.reported", form="reported", medium=entry.medium, cue=None, source=source, claim=claim,
        confidence=round(entry.confidence * rules.confidence.verb_reported, 2), sentence=sentence.index,
        evidence=f"'{verb.text}' (lemma {lemma}) reports what '{source.text}' said, without quoting it",
    ))


def reported_clause(rules: RuleContext, sentence: Sentence, verb: Word) -> Span | None:
    """The clause a speech act without message clause reports: the whole sentence for
    its main verb, but not a main clause coordinated behind it with a subject of its own
    ("Die Veranstalter zählten 7.000, die Polizei sprach von 4.000"); for a main clause so
    coordinated ("…, die Polizei spricht von 4.000"), or a verb coordinated with the one
    before ("…, sprach aber von einem offenen Prozess") its own words."""
    if verb.deprel == "conj":
        # a main clause of its own behind a comma: its subject opens it ("…, die Polizei spricht von …")
        head = sentence.word(verb.head)
        subjects = [c for c in sentence.children(verb.index) if c.deprel == "nsubj" and c.index < verb.index
                    and c.text.lower() not in rules.cues.never_subjects]  # "…, das teilte X mit": X said it
        if head.deprel != "root" or head.upos not in ("VERB", "AUX") or not subjects:
            return None
        opening = min(subtree(sentence, subjects[0].index))
        if opening < 2 or sentence.word(opening - 1).text != ",":
            return None
    elif verb.deprel != "root":
        return None
    own = {c.index for c in sentence.words if c.head == verb.index and c.deprel == "conj"
           and c.upos in ("VERB", "AUX") and c.index > verb.index
           and any(g.deprel == "nsubj" for g in sentence.children(c.index))
           and not is_konjunktiv(c, sentence)}  # "…, er warte auf Rettung" is the message
    exclude = set().union(*(subtree(sentence, i) for i in own)) if own else set()
    if exclude:
        # the coordinated clause without the comma and conjunction that open it
        lead = sorted(exclude)
        while lead and sentence.word(lead[0]).deprel in ("punct", "cc"):
            lead.pop(0)
        first = min(sentence.word(i).start for i in exclude)
        rest = Span.of(rules.text, first, sentence.end)
        between = rules.text[:sentence.word(lead[0]).start if lead else sentence.end].rstrip()
        if lead and sentence.word(lead[0] - 1).deprel == "cc":
            between = between[:-len(sentence.word(lead[0] - 1).text)].rstrip()
        if between[-1:] != "," or any(q.overlaps(rest) for q in rules.quotes_near(rest)):
            return None  # "… mit den Worten: „…“", "…: Nur kurz …": what follows says what was said
    if verb.deprel == "root" and own:
        # behind a speech verb only a speech act of its own ("…, er verwies aber auf …") is no
        # part of what it reports ("berichtete im Fernsehen, er warte auf Rettung")
        lexicon = rules.cue_verbs
        own = {i for i in own if verb_cue(sentence, sentence.word(i), lexicon, (), rules.cues.lemma_repairs)}
        exclude = set().union(*(subtree(sentence, i) for i in own)) if own else set()
    if verb.deprel == "root":
        if not own:
            return Span.of(rules.text, sentence.start, sentence.end)
        first = min(sentence.word(i).start for i in exclude)
        return trim(rules.text, Span.of(rules.text, sentence.start, first))
    words = subtree(sentence, verb.index, exclude)
    words = {i for i in words if sentence.word(i).deprel not in ("cc", "punct") or
             min(words) < i < max(words)}
    if len(words) < rules.windows.min_reported_words:
        return None
    return trim(rules.text, Span.of(rules.text, min(sentence.word(i).start for i in words),
                                    max(sentence.word(i).end for i in words)))


def _bare_agent(rules: RuleContext, sentence: Sentence, agent: Span) -> Span:
    """The agent phrase without the contraction that opens it ("vom
    Amtsgericht") and without the "als" phrase the parse hung on it ("vom
    Amtsgericht | als Querulant")."""
    tokens = [t for t in sentence.tokens if agent.start <= t.start and t.end <= agent.end]
    if tokens and tokens[0].text.lower() in ("von", "vom") and len(tokens) > 1:
        tokens = tokens[1:]
    for k, token in enumerate(tokens):
        if k > 0 and token.text.lower() in ("als", "für"):
            tokens = tokens[:k]
            break
    return (trim(rules.text, Span.of(rules.text, tokens[0].start, tokens[-1].end)) if tokens else None) or agent


def verb_claim(rules: RuleContext, sentence: Sentence, verb: Word, subjects: list[Word], marks: list[Word]):
    """The message a reporting verb governs, with how it was found."""
    children = sentence.children(verb.index)
    # "gab am Montag bekannt, dass …": the parser may hang the message on the particle
    children += [c for p in children if p.deprel == "compound:prt" for c in sentence.children(p.index)]
    exclude = {verb.index} | {s.index for s in subjects}
    if marks:  # "Wie X berichtet, planen …": the claim is the rest of the sentence
        comma = next((t for t in sentence.tokens if t.start >= verb.end and t.text == ","), None)
        if comma is not None:
            return *rules.message(trim(rules.text, Span.of(rules.text, comma.end, rules.body(sentence).end))), "wie-clause"
        return None, "indirect", ""
    inverted = mark_before_verb(rules, sentence, verb, subjects) is not None
    lead = None
    for child in children:
        # A small parser often makes the message a conjunct or an adverbial clause
        # ("sagte der Zeitung, die Reform komme", "teilte mit, dass …"): after the
        # verb, a dass/ob clause or a Konjunktiv clause without subordinator is it
        subordinators = {c.text.lower() for c in sentence.children(child.index) if c.deprel == "mark"}
        misattached = child.deprel in ("conj", "advcl") and child.start > verb.end and (
            bool(subordinators & {"dass", "ob"}) or (not subordinators and any(
                is_konjunktiv(w, sentence) for w in [child, *sentence.children(child.index)]
                if w is child or w.deprel in ("aux", "aux:pass", "cop"))))
        if (child.deprel in ("ccomp", "parataxis", "xcomp", "csubj") or misattached) and child.upos in (
                "VERB", "AUX", "NOUN", "ADJ", "PROPN", "PRON"):
            if child.deprel == "xcomp" and not any(c.lemma == "zu" or c.text == "zu" for c in sentence.children(child.index)):
                # "zeigte sich darüber besorgt, dass …": the message hangs on the predicative
                inner = next((c for c in sentence.children(child.index) if c.deprel == "ccomp" and c.start > child.end
                              and {m.text.lower() for m in sentence.children(c.index) if m.deprel == "mark"} & {"dass", "ob"}),
                             None)
                if inner is None:
                    continue
                child = inner
            if child.start < verb.start and not inverted:
                continue  # a message before its verb needs "…, sagte X" order
            if child.start > verb.end and _speech_clause_between(rules, sentence, verb, child):
                return None, "indirect", "inner"  # "bestritt es, indem er sagte, …": the inner verb's message
            words = subtree(sentence, child.index, exclude=exclude)
            if child.start > verb.end:
                words = whole_message(rules, sentence, verb, words, exclude)
            claim, form = rules.claim(words, sentence, child.index)
            if claim is not None and claim.start > verb.start:
                # the message starts after the reporting clause's own phrases
                claim = after_reporting_phrases(rules, sentence, verb, claim) or claim
                claim = from_comma(rules, sentence, verb, claim)
                claim = with_subject_and_relative(rules, sentence, verb, claim)
            if claim is not None and form != "direct":
                # "erklärte am Abend: „Die Straße bleibt …“": a message inside the
                # quotation the colon behind the verb opens is that quotation
                colon = next((t for t in sentence.tokens if verb.end <= t.start < claim.start and t.text == ":"), None)
                quote = colon and next((q for q in rules.quotes_starting(colon.end, colon.end + 2)
                                        if q.start < claim.start and claim.end <= q.end), None)
                if quote is not None:
                    claim, form = quote, "direct"
            if claim is not None and form != "direct" and (_relative_clause(rules, sentence, verb, claim) or (
                    claim.start > verb.end and _opens_no_message(rules, sentence, claim)
                    and not is_konjunktiv_clause(rules, sentence, child))):
                continue  # "wurde bekannt gegeben, da …": a clause that says why, not what (not "…, wenn … werde")
            if claim is not None and form != "direct" and child.start > verb.end:
                claim = _to_clause_end(rules, sentence, verb, claim)
            if claim is not None and len(claim.text.split()) < rules.windows.min_claim_words and any(
                    c.deprel in ("ccomp", "parataxis") and c.start > child.end for c in children):
                lead = claim  # "sagte, „No-Go-Areas“ dürfe es nicht geben": a quoted word opens the message clause after it
                continue
            if claim is not None and lead is not None and lead.end <= claim.start and form != "direct" \
                    and "," not in rules.text[lead.end:claim.start]:
                claim = Span.of(rules.text, lead.start, claim.end)
            # a complement too short to be the message ("sei" alone, its words hung on the verb) leaves
            # the reading to the surface rules below ("Der Mann sei in Freiheit, bestätigte X")
            if claim is not None and len(claim.text.split()) >= rules.windows.min_claim_words:
                return claim, form, "complement"
    # "…, sagte X.": German puts the finite verb first in a reporting
    # clause after the message, right behind the comma (or closing quote)
    # that ends it. The surface is clearer than the parse here: the
    # message runs from the start of its clause to that mark.
    boundary = mark_before_verb(rules, sentence, verb, subjects)
    if boundary is not None and _verb_first(sentence, verb):
        end = boundary.start if boundary.text == "," else boundary.end
        start = max([sentence.start] + [t.end for t in sentence.tokens if t.end <= end and t.text in (";", ":")])
        span = trim(rules.text, Span.of(rules.text, start, end))
        if span is not None and ((boundary.text != "," and span.text[0] in QUOTE_CHARS)
                                 or is_main_clause(rules, sentence, span) and not _fronted_subordinate(rules, sentence, span)):
            return *rules.message(span), "inverted"
    # Token fallback: "X sagte (außerdem), dass …" or "X sagte: „…“" with a
    # parse that missed it: a comma or colon within a few plain words. Not
    # after a passive that says nothing ("wurde verurteilt, …"), and after a
    # verb that ends a subordinate clause ("nachdem er es bemerkt hatte, …")
    # only for a dass/ob clause or a quotation.
    if has_passive_auxiliary(children) and verb.lemma.lower() not in rules.cues.addressee_verbs:
        return None, "indirect", ""
    # "meldete mit Verweis auf Augenzeugen, die Stadt sei gefallen": step over a citing phrase
    skip = verb.end
    for _, phrase, i in rules.phrases_in(sentence):
        cited = phrase_after(rules, sentence, i + len(phrase.tokens)) if phrase.role == "citing" else None
        if cited is not None and 0 <= sentence.tokens[i].start - verb.end <= rules.windows.citing_gap_chars:
            skip = max(skip, cited.end)
    after = [t for t in sentence.tokens if t.start >= skip][:rules.windows.message_mark_tokens]
    mark = next((t for t in after if t.text in (",", ":")), None)
    between = [w for t in after if mark and t.start < mark.start for w in rules.token_words(sentence, sentence.tokens.index(t))]
    plain = mark is not None and all(w.upos in ("ADV", "PART", "ADP", "PRON") or w.deprel in ("compound:prt", "aux", "advmod")
                                     or w.text.lower() in rules.cues.never_subjects for w in between)
    # "sagte bei der Gelegenheit, er freue sich": a prepositional phrase of the verb before the comma,
    # then a clause that reads as reported speech (dass/ob, Konjunktiv)
    prepositional = (mark is not None and not plain and between and between[0].upos == "ADP"
                     and all(w.upos in ("ADP", "DET", "ADJ", "NOUN", "PROPN", "NUM") for w in between))
    if plain or prepositional:
        body = rules.body(sentence)
        claim, form = rules.message(trim(rules.text, Span.of(rules.text, mark.end, body.end)))
        if prepositional and claim is not None and not (form == "direct" or claim.text.lower().startswith(("dass ", "ob "))
                                                        or any(is_konjunktiv(w, sentence) for w in sentence.words
                                                               if claim.start <= w.start < claim.end)):
            return None, "indirect", ""
        if claim is not None and form != "direct" and (_opens_no_message(rules, sentence, claim)
                                                       or _relative_clause(rules, sentence, verb, claim)
                                                       or rules.cues.following_clause_reads_as_message
                                                       and not _reads_as_message(sentence, claim)):
            return None, "indirect", ""
        if claim is not None and (not in_subordinate_clause(rules, sentence, verb) or form == "direct"
                                  or claim.text.lower().startswith(("dass ", "ob "))
                                  or _speech_in_manner_clause(rules, sentence, verb, claim)):
            return claim, form, "colon" if form == "direct" else "following-clause"
    return None, "indirect", ""
