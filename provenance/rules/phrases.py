"""The phrases family: prepositional and other multi-word cues ("laut X",
"X zufolge", "nach Angaben der X", "demnach", "hieß es")."""

from __future__ import annotations

import functools
import re

from provenance.config import Phrase
from provenance.records import Cue, Sentence, Span, Word
from provenance.rules.clauses import clause_of
from provenance.rules.context import Finding, RuleContext
from provenance.rules.lexicon import matches_any, relative_antecedents, relative_reports
from provenance.rules.noun_phrases import phrase_after, phrase_before
from provenance.rules.registry import register
from provenance.rules.spans import span_of, subtree, trim
from provenance.rules.words import (
    DETERMINERS,
    DOCUMENT_PREPOSITIONS,
    EDGE_PUNCT,
    QUOTE_CHARS,
)


@register("phrases")
def phrases(rules: RuleContext, sentence: Sentence) -> None:
    """Prepositional cues: "laut X", "X zufolge", "nach Angaben der X", "demnach"."""
    question = rules.body(sentence).end < sentence.end and rules.text[sentence.start:sentence.end].rstrip().endswith("?")
    for name, phrase, i in rules.phrases_in(sentence):
        if phrase.role == "citing":
            continue
        if question and phrase.role in ("preposition", "postposition"):
            continue  # "Welche Vorschläge sind Ihrer Meinung nach …?": a question asks, it reports nothing
        n = len(phrase.tokens)
        cue_length = phrase.cue_length or n
        if phrase.noun_phrase_follows and not opens_noun_phrase(rules, sentence, i, phrase):
            continue
        if phrase.antecedent == "previous_source" and in_konjunktiv_ii(rules, sentence, i):
            continue  # "Ein Flug wäre demnach vertretbar gewesen": the writer's inference, not a report
        if phrase.nouns and phrase.role == "preposition" and not heads_with_reporting_noun(rules, sentence, i + n, phrase):
            continue
        tokens = sentence.tokens
        if phrase.role == "postposition":
            # the cue is the trailing tokens; those before it close the source ("seiner Meinung | nach")
            cue_tokens = tokens[i + n - cue_length:i + n]
            source = phrase_before(rules, sentence, i + n - cue_length)
        else:
            cue_tokens = tokens[i:i + cue_length]
            source = source_after(rules, sentence, i + cue_length) if phrase.role == "preposition" else None
            if source is not None and i == 0:
                source = fronted_to_verb(rules, sentence, source)
        if phrase.role == "preposition" and source is None:
            continue
        if phrase.not_nouns and source is not None and any(matches_any(t.text.lower(), phrase.not_nouns) for t in tokens
                                    if source.start <= t.start and t.end <= source.end):
            continue  # "gemäß der damaligen Regelung": a rule followed, no source
        if phrase.role == "postposition" and source is None:
            continue
        cue = Cue(" ".join(t.text for t in cue_tokens),
                  (Span.of(rules.text, cue_tokens[0].start, cue_tokens[-1].end),))
        frame_parts = [s for s in (source, *cue.spans) if s is not None]
        frame = Span.of(rules.text, min(s.start for s in frame_parts), max(s.end for s in frame_parts))
        if phrase.role == "impersonal":
            # "hieß es aus X", "hieß es vom Sprecher X": the source follows the preposition
            nxt = i + n
            if nxt < len(tokens) and tokens[nxt].text.lower() in DOCUMENT_PREPOSITIONS | {"von", "vom"}:
                source = phrase_after(rules, sentence, nxt + 1)
                if source is not None:
                    frame = Span.of(rules.text, frame.start, source.end)
            elif (fronted := fronted_document(rules, sentence, i)) is not None:
                # "In der Pressemitteilung des WWF heißt es, …": the document is the source
                source, frame = fronted, Span.of(rules.text, tokens[0].start, frame.end)
        claim = claim_around(rules, sentence, frame, phrase.role, cue.spans[0])
        if claim is not None and phrase.role == "impersonal":
            if claim.overlaps(frame):  # "Nun heißt es im Abschlussbericht, …": the message follows the comma
                mark = next((t for t in sentence.tokens if t.start >= frame.end and t.text in (",", ":")), None)
                claim = trim(rules.text, Span.of(rules.text, mark.end, claim.end)) if mark and mark.end < claim.end else claim
            claim = claim and after_short_lead(rules, sentence, claim)
        if claim is not None and phrase.role == "preposition" and source is not None:
            claim = past_relative_clause(rules, sentence, source, claim)
        if claim is None or len(claim.text.split()) < rules.windows.min_claim_words:
            continue
        if phrase.role == "anaphoric":
            previous = len(rules.findings) - 1 if rules.findings else None
            if phrase.antecedent == "reporting_noun":
                # with no report noun before it ("kehrten zur ersten Version zurück, wonach …") the
                # relative adverb itself stands for the source, as the relative pronoun of
                # "Gerüchte, nach denen …" does (the annotation's speaker)
                source = reporting_noun_before(rules, sentence, i) or Span.of(
                    rules.text, cue_tokens[0].start, cue_tokens[-1].end)
                previous = None
            else:
                source = Span.of(rules.text, cue_tokens[0].start, cue_tokens[-1].end)
            if source is None and previous is None:
                continue
        else:
            previous = None
        claim, form = rules.message(claim)
        # "hieß es" is also the verb "heißen": one attribution, the phrase's (it knows the source)
        same_cue = next((k for k, f in enumerate(rules.findings) if f.sentence == sentence.index and f.cue
                         and any(a.overlaps(b) for a in f.cue.spans for b in cue.spans)), None)
        add = rules.add if same_cue is None else functools.partial(rules.replace_at, same_cue)
        add(Finding(
            rule=f"phrase.{name}", form=form, medium=phrase.medium, cue=cue, source=source,
            claim=claim, confidence=phrase.confidence, frame=trim(rules.text, frame),
            sentence=sentence.index, inherits_from=previous if phrase.antecedent == "previous_source" else None,
            evidence=f"cue phrase '{cue.text}' ({phrase.role})" + (f" with source '{source.text}'" if source else ""),
        ))


def source_after(rules: RuleContext, sentence: Sentence, k: int) -> Span | None:
    """The source behind a prepositional cue: a web address, the relative
    pronoun of "Gerüchte, nach denen …" alone (the annotation's speaker, its
    clause is the message) or the noun phrase."""
    if relative_antecedents(sentence, k) is not None:
        token = sentence.tokens[k]
        return Span.of(rules.text, token.start, token.end)
    return web_address(rules, sentence, k) or phrase_after(rules, sentence, k)


def heads_with_reporting_noun(rules: RuleContext, sentence: Sentence, start: int, phrase: Phrase) -> bool:
    """The phrase behind "nach" is headed by its reporting noun: no other
    common noun comes first ("nach Abschluss | der Ermittlungen", "nach
    einem Jahr | Untersuchungshaft" say when, not who said it). A relative
    pronoun behind it stands for the noun before the comma ("Gerüchte, nach
    denen …"): that noun is the one to report."""
    if (reports := relative_reports(sentence, start, phrase.nouns)) is not None:
        return reports
    for k in range(start, min(start + phrase.window + 1, len(sentence.tokens))):
        if matches_any(sentence.tokens[k].text.lower(), phrase.nouns):
            return True
        tokens = sentence.tokens
        joined = k + 1 < len(tokens) and tokens[k + 1].text == "-" and tokens[k + 1].start == tokens[k].end
        if {w.upos for w in rules.token_words(sentence, k)} == {"NOUN"} and not joined:
            return False  # (the first part of a compound cut at its hyphen, "UNHCR- | Angaben", is none)
    return True


# tokens a fronted source phrase may run on past its noun phrase before the finite verb
_FRONTED_RUN = 8


def fronted_to_verb(rules: RuleContext, sentence: Sentence, source: Span) -> Span:
    """"Nach Angaben des Ombudsmans für Menschenrechte wurden …": a cue
    phrase that opens the sentence fills the place before the finite verb
    (German puts one phrase there), so the words up to that verb still name
    the source, whatever the surface reading cut off."""
    tokens = sentence.tokens
    rest = [t for t in tokens if t.start >= source.end]
    for k, token in enumerate(rest[:_FRONTED_RUN + 1]):
        words = rules.token_words(sentence, tokens.index(token))
        if any(w.upos in ("VERB", "AUX") and w.feat("Mood") for w in words):
            return Span.of(rules.text, source.start, rest[k - 1].end) if k else source
        if token.text == "," and k == 0:
            return apposition_to_verb(rules, sentence, source, rest[1:]) or source
        if token.text in (",", ";", ":", ".", "!", "?", "–", "—") or token.text in QUOTE_CHARS:
            return source
    return source


def apposition_to_verb(rules: RuleContext, sentence: Sentence, source: Span, rest: list) -> Span | None:
    """"Nach Angaben von Sam Maiha, dem Direktor der Wetterbehörde, hatten …":
    behind a comma, a noun phrase that runs to the finite verb (or to a comma
    right before it) is an apposition of the fronted source."""
    if not rest or not {w.upos for w in rules.token_words(sentence, sentence.tokens.index(rest[0]))} & {"DET", "NOUN", "PROPN"}:
        return None
    for k, token in enumerate(rest[:_FRONTED_RUN + 1]):
        words = rules.token_words(sentence, sentence.tokens.index(token))
        if any(w.upos in ("VERB", "AUX") and w.feat("Mood") for w in words):
            end = rest[k - 2] if k > 1 and rest[k - 1].text == "," else rest[k - 1]
            return Span.of(rules.text, source.start, end.end) if k > 1 or rest[k - 1].text != "," else None
        if token.text == "," and not (k + 1 < len(rest) and any(
                w.upos in ("VERB", "AUX") and w.feat("Mood")
                for w in rules.token_words(sentence, sentence.tokens.index(rest[k + 1])))):
            return None
        if token.text in (";", ":", ".", "!", "?", "–", "—") or token.text in QUOTE_CHARS or any(
                w.upos in ("VERB", "AUX", "SCONJ") for w in words):
            return None
    return None


def in_konjunktiv_ii(rules: RuleContext, sentence: Sentence, k: int) -> bool:
    """The clause of token ``k`` (read between commas: a small parser may hang
    the verb elsewhere) has a finite verb in Konjunktiv II ("wäre", "hätten",
    "würde", "könnte"): by the tagger's mood and past tense, or, where it
    calls "wären" indicative, an umlaut in a form of sein, haben or werden
    (their indicative and Konjunktiv I forms have none)."""
    tokens = sentence.tokens
    first = next((j + 1 for j in range(k - 1, -1, -1) if tokens[j].text in (",", ";", ":")), 0)
    last = next((j for j in range(k + 1, len(tokens)) if tokens[j].text in (",", ";", ":")), len(tokens))
    finite = [w for j in range(first, last) for w in rules.token_words(sentence, j) if w.feat("VerbForm") == "Fin"]
    return any(w.feat("Mood") == "Sub" and w.feat("Tense") == "Past"
               or w.lemma in ("sein", "haben", "werden") and any(ch in w.text for ch in "äü") for w in finite)


def past_relative_clause(rules: RuleContext, sentence: Sentence, source: Span, claim: Span) -> Span:
    """"Laut einem Artikel der Zeitung, der sich auf Daten der Behörde
    beruft, leben dort …": a relative clause on the source, behind its
    comma, tells more of the source; the message begins behind the comma
    that closes it."""
    tokens = sentence.tokens
    after = [k for k, t in enumerate(tokens) if t.start >= source.end]
    if len(after) < 2 or tokens[after[0]].text != "," or tokens[after[1]].start != claim.start:
        return claim
    if not any("Rel" in (w.feat("PronType") or "") for w in rules.token_words(sentence, after[1])):
        return claim
    # the clause ends with its verb (German puts it last) before a comma; read on the surface, as a
    # small parser may hang the main clause on the relative one
    for k in after[2:]:
        if tokens[k].start >= claim.end or tokens[k].text in (";", ":", "–") or tokens[k].text in QUOTE_CHARS:
            return claim
        if tokens[k].text == "," and any(w.upos in ("VERB", "AUX") for w in rules.token_words(sentence, k - 1)):
            return trim(rules.text, Span.of(rules.text, tokens[k].end, claim.end)) or claim
    return claim


def fronted_document(rules: RuleContext, sentence: Sentence, cue: int) -> Span | None:
    """"In der Pressemitteilung des WWF heißt es", "Im Bericht, der …,
    heißt es": a place phrase that opens the sentence right before the cue."""
    tokens = sentence.tokens
    if cue < 2 or tokens[0].text.lower() not in DOCUMENT_PREPOSITIONS:
        return None
    source = phrase_after(rules, sentence, 1)
    if source is None:
        return None
    between = [t for t in tokens[:cue] if t.start >= source.end]
    if not between or between[0].text == "," and between[-1].text == ",":
        return source
    # German puts one phrase before the finite verb: words up to the cue without a mark or verb
    # are still the document's ("In der Ankündigung des Komitees | von heute Mittag heißt es")
    if len(between) <= _FRONTED_RUN and not any(
            t.text in EDGE_PUNCT or t.text in QUOTE_CHARS or t.text in ("(", ")")
            or any(w.upos in ("VERB", "AUX", "SCONJ") for w in rules.token_words(sentence, tokens.index(t)))
            for t in between):
        return Span.of(rules.text, source.start, between[-1].end)
    return None


def after_short_lead(rules: RuleContext, sentence: Sentence, claim: Span) -> Span:
    """"heißt es weiter, dass …", "hieß es zur Begründung: „…“": a few words
    without a verb before a comma or colon belong to the frame."""
    inside = [t for t in sentence.tokens if claim.start <= t.start and t.end <= claim.end]
    for k, token in enumerate(inside[:rules.windows.short_lead_tokens]):
        if token.text in (",", ":"):
            lead = [w for t in inside[:k] for w in rules.token_words(sentence, sentence.tokens.index(t))]
            if k and not any(w.upos in ("VERB", "AUX") for w in lead):
                return trim(rules.text, Span.of(rules.text, token.end, claim.end)) or claim
            break
    return claim


def reporting_noun_before(rules: RuleContext, sentence: Sentence, index: int) -> Span | None:
    """"Berichte der „New York Times“ …, wonach": the nearest report noun
    before the cue, with the noun phrase it heads."""
    for k in range(index - 1, -1, -1):
        lowered = sentence.tokens[k].text.lower()
        if matches_any(lowered, rules.cues.reporting_nouns):
            start = k
            while start > 0 and any(w.upos == "NUM" or w.upos == "DET" and w.lemma.lower() in DETERMINERS
                                    for w in rules.token_words(sentence, start - 1)):
                start -= 1
            return phrase_after(rules, sentence, start)
    return phrase_before(rules, sentence, index) if index > 0 and sentence.tokens[index - 1].text != "," else None


# "ndr.de", "faz.net", "news.bbc.co.uk": a host name, which the tokenizer cuts at its dots
_WEB_ADDRESS = re.compile(r"(?:www\.)?[a-zäöü0-9][\w-]*(?:\.[\w-]+)*\.[a-z]{2,6}(?![\w.])", re.IGNORECASE)


def web_address(rules: RuleContext, sentence: Sentence, k: int) -> Span | None:
    """The web address that starts at token ``k`` ("laut ndr.de"), as one
    source: a small tagger takes its pieces for punctuation and nouns."""
    if k >= len(sentence.tokens):
        return None
    start = sentence.tokens[k].start
    match = _WEB_ADDRESS.match(rules.text, start, sentence.end)
    if match is None or "." not in match.group():
        return None
    return Span.of(rules.text, start, match.end())


def opens_noun_phrase(rules: RuleContext, sentence: Sentence, i: int, phrase: Phrase) -> bool:
    """A cue word that is also another word: "laut" the adjective ("so
    laut, dass", "sprach laut") is followed by punctuation or a verb, or
    follows a degree word; the preposition is followed by its noun phrase."""
    n = len(phrase.tokens)
    if i + n >= len(sentence.tokens):
        return False
    nxt = rules.token_words(sentence, i + n)[0]
    previous = sentence.tokens[i - 1].text.lower() if i else ""
    if previous in phrase.not_after:
        return False
    if web_address(rules, sentence, i + n) is not None:
        return True
    return nxt.upos in ("PROPN", "NOUN", "DET", "ADJ", "NUM", "PRON", "X") or nxt.text in QUOTE_CHARS


def claim_around(rules: RuleContext, sentence: Sentence, frame: Span, role: str, cue: Span) -> Span | None:
    """The message of a phrase cue: its clause without the frame. A frame
    behind a comma ("…, hieß es am Abend") closes the message there."""
    clause = before_quotation_running_on(rules, frame, clause_of(rules, sentence, frame))
    if frame.start > clause.start + 1 and (inner := dependent_clause(rules, sentence, cue, frame, clause)) is not None:
        clause = inner
    if frame.start <= clause.start + 1:
        return trim(rules.text, Span.of(rules.text, frame.end, clause.end))
    if frame.end >= clause.end - 1:
        return trim(rules.text, Span.of(rules.text, clause.start, frame.start))
    comma = next((t for t in reversed(sentence.tokens) if t.end <= frame.start), None)
    if comma is not None and comma.text == "," and role == "anaphoric":
        return trim(rules.text, Span.of(rules.text, frame.end, clause.end))  # "…, wonach X"
    if comma is not None and comma.text == ",":
        return trim(rules.text, Span.of(rules.text, clause.start, comma.start))
    return trim(rules.text, clause)


def before_quotation_running_on(rules: RuleContext, frame: Span, clause: Span) -> Span:
    """"…, die ihrer Meinung nach verbreiteten Illusionen: „Ich kritisiere
    … .“": a quotation behind the frame that runs on past the sentence is
    words of their own (the sentence splitter cut it); the clause ends
    before it."""
    for quote in rules.quotes_near(clause):
        if frame.end <= quote.start and clause.start < quote.start < clause.end < quote.end:
            return trim(rules.text, Span.of(rules.text, clause.start, quote.start)) or clause
    return clause


# the relations of a clause that hangs on another: a relative, adverbial or complement clause, a conjunct
_DEPENDENT_CLAUSES = ("acl", "acl:relcl", "advcl", "ccomp", "csubj", "conj", "parataxis")


def dependent_clause(rules: RuleContext, sentence: Sentence, cue: Span, frame: Span, clause: Span) -> Span | None:
    """"…, das nach Angaben eines Sprechers nicht abgeschlossen werden
    konnte", "…, diese Taten seien aber laut der Anwältin verjährt": a cue
    phrase inside a clause that hangs on another attributes that clause
    only, the one its phrase is a dependent of (up the tree from the cue
    word to the first word outside the frame)."""
    word = next((w for w in sentence.words if cue.start <= w.start < cue.end), None)
    seen = set()
    while word is not None and word.head and frame.start <= word.start < frame.end and word.index not in seen:
        seen.add(word.index)
        word = sentence.word(word.head)
    if word is None or frame.start <= word.start < frame.end:
        return None
    # a phrase the parser hung on a noun ("für den Verband laut X") says nothing of the clause
    if word.deprel not in _DEPENDENT_CLAUSES or not heads_clause(sentence, word):
        return None
    inner = trim(rules.text, span_of(rules.text, (sentence.word(i) for i in subtree(sentence, word.index))))
    if inner is None or not (clause.start <= inner.start and inner.end <= clause.end) or inner == clause:
        return None
    return inner


def heads_clause(sentence: Sentence, word: Word) -> bool:
    """A verb, or a predicate noun or adjective with its copula or subject ("…, die laut X eine Gefahr sei")."""
    return word.upos in ("VERB", "AUX") or any(
        c.deprel == "cop" or c.deprel.startswith("nsubj") for c in sentence.children(word.index))
