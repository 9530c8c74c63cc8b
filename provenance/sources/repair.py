"""Speaker spans the rule layer cut short, completed before sources are
resolved, so the source named is the referent and not a fragment:

- a compound split at its hyphen: "der Ryanair" + claim "-Sprecherin Anja
  Seugling ist …" → "der Ryanair-Sprecherin Anja Seugling";
- a bare wrapper noun whose "von X" went into the claim: "Angaben" + claim
  "von X sind …" → "Angaben von X";
- a media, role or institution noun whose name the parser made a second
  subject: "Die Agentur" + "dpa meldete" → "Die Agentur dpa".

and speaker spans that run past their noun phrase, or stop short of it,
brought to the phrase the annotation marks:

- a phrase that runs into the clause is cut after its noun phrase ("er |
  seine Kandidatur", "Felix Magath | zur Sportschau", "eigenen Angaben |
  weitere Joint-Ventures"), and a relative clause after the name is no part
  of it ("Zapatero | , der der PSOE angehört");
- the wrapper noun a source hangs on belongs to it ("Ersten Angaben" + "vom
  gestrigen Mittwoch zufolge"), and so do an acronym or party in brackets
  right after it ("dem United States Geological Survey (USGS)") and a name in
  apposition ("Einer der Putschisten, Harouna Djibrilla Adamou").

The words moved leave the claim; nothing else of the finding changes.
"""

from __future__ import annotations

import bisect

import re
from collections.abc import Sequence
from dataclasses import replace

from provenance.records import ParsedDocument, Sentence, Span, Word
from provenance.rules import Finding
from provenance.rules.noun_phrases import is_misread_name
from provenance.sources.lexicon import Lexicon, merge_hyphens

# what a name continues with inside one noun phrase
_NAME_RELATIONS = ("flat", "flat:name", "appos", "nmod", "compound")


def complete_sources(doc: ParsedDocument, findings: Sequence[Finding], lexicon: Lexicon) -> list[Finding]:
    starts = [s.start for s in doc.sentences]
    out = []
    for finding in findings:
        source = finding.source
        if source is None or not doc.sentences:
            out.append(finding)
            continue
        k = max(0, bisect.bisect_right(starts, source.start) - 1)  # the starts are in order
        sentence = doc.sentences[k]
        # "die US- | amerikanische Musikzeitschrift | „Billboard“": the hyphen's word first, then what follows it
        hyphened = _hyphen(doc, sentence, finding) or finding
        repaired = _wrapper(doc, sentence, hyphened, lexicon) \
            or _genitive_after(doc, sentence, hyphened, lexicon) or _name_after(doc, sentence, hyphened, lexicon) \
            or _published_at(doc, sentence, hyphened, lexicon) or hyphened
        repaired = _title_before_split(doc, k, repaired, lexicon) or repaired
        repaired = _trim(doc, sentence, repaired, lexicon) or repaired
        repaired = _cut_new_phrase(doc, sentence, repaired, lexicon) or repaired
        repaired = _wrapper_before(doc, sentence, repaired, lexicon) or repaired
        repaired = _head_noun_before(doc, sentence, repaired) or repaired
        # "von Athen" → "des seismologischen Instituts von Athen" → "Angaben des …"
        repaired = _wrapper_before(doc, sentence, repaired, lexicon) or repaired
        repaired = _rest_of_phrase(doc, sentence, repaired, lexicon) or repaired
        repaired = _brackets_after(doc, sentence, repaired) or repaired
        repaired = _name_in_apposition(doc, sentence, repaired, lexicon) or repaired
        repaired = _role_after_name(doc, sentence, repaired, lexicon) or repaired
        repaired = _attribute_after(doc, sentence, repaired, lexicon) or repaired
        # the phrases added above may end in the clause's time or circumstances ("des
        # Unternehmens RWE | bis Montag", "Kommandeur des Einsatzes | am Montag")
        repaired = _cut_new_phrase(doc, sentence, repaired, lexicon) or repaired
        # after the cuts: the parse that split "der 330 Seiten | starke Bericht" calls the noun a new phrase
        repaired = _measured_noun_after(doc, sentence, repaired) or repaired
        repaired = _balanced_quotes(doc, repaired) or repaired
        out.append(_without_non_speaker(doc, sentence, repaired, lexicon))
    return out


_NOMINAL_ROOTS = {"NOUN", "PROPN", "PRON"}
# what a verb has besides its subject: after the speaker's phrase, these are the clause's
_CLAUSE_ARGUMENTS = {"obj", "iobj", "obl", "obl:tmod", "advmod", "xcomp", "ccomp"}
_NEW_PHRASE = {"nsubj", "nsubj:pass", "obj", "iobj", "expl"}
_TOLD = {"zu", "zur", "zum", "gegenüber"}


def phrase_words(words: list[Word], lexicon: Lexicon) -> list[Word]:
    """The noun phrase a speaker span opens with. The rule layer's span may
    run past it ("er seine Tätigkeit", "ihrem Anführer starken Zulauf",
    "Felix Magath zur Sportschau"): the words after the subtree of the span's
    first nominal root belong to the clause, not to the speaker; so does a
    relative clause that closes the span."""
    if len(words) < 2 or any(b.index <= a.index for a, b in zip(words, words[1:])):
        return words  # one word, or a span across sentences
    inside = {w.index for w in words}
    roots = [w for w in words if w.upos != "PUNCT" and w.head not in inside]
    if not roots or roots[0].upos not in _NOMINAL_ROOTS:
        return words
    first = roots[0]
    children: dict[int, list[Word]] = {}
    for w in words:
        children.setdefault(w.head, []).append(w)
    tree, stack = set(), [first.index]
    while stack:
        i = stack.pop()
        if i not in tree:
            tree.add(i)
            stack.extend(c.index for c in children.get(i, ()))
    kept = words
    if len(roots) > 1 and not any(_measures(*words[k:k + 4]) for k in range(len(words) - 3)) \
            and _cut_after(first, roots[1], [w for w in words if w.index not in tree and w.upos != "PUNCT"
                                             and w.start > first.start], lexicon):
        end = max(w.end for w in words if w.index in tree)
        kept = [w for w in words if w.end <= end]
    # "Zapatero, der der PSOE angehört": the relative clause closing the phrase is not the speaker
    relative = next((w for w in kept if w.deprel in ("acl:relcl", "acl") and w.index in tree and w.head in inside
                     and any(c.text == "," for c in kept if c.end <= w.start)), None)
    if relative is not None:
        clause = {relative.index}
        stack = [relative.index]
        while stack:
            i = stack.pop()
            for c in children.get(i, ()):
                if c.index not in clause:
                    clause.add(c.index)
                    stack.append(c.index)
        start = min(w.start for w in kept if w.index in clause)
        if all(w.index in clause or w.upos == "PUNCT" for w in kept if w.start >= start):
            kept = [w for w in kept if w.start < start]
    # "Georg Ratzinger zur Nachrichtenagentur dpa", "gegenüber der Zeitung": whom the speaker
    # told, attached to the name by the parse, is the addressee
    told = next((k for k, w in enumerate(kept) if k > 0 and w.text.lower() in _TOLD and w.upos == "ADP"
                 and w.head in inside and w.start > first.start
                 # "zu Guttenberg" is a name; "zur Zeitung" ("zu der") is not
                 and (w.text.lower() != "zu" or k + 1 < len(kept) and kept[k + 1].upos == "DET")), None)
    if told is not None:
        kept = kept[:told]
    # a word the tagger calls punctuation may be a name ("von ai"): only real marks come off
    while kept and kept[-1].upos == "PUNCT" and not any(c.isalnum() for c in kept[-1].text) \
            and kept[-1].text not in (")", "“", "\"", "”"):
        kept = kept[:-1]
    return kept if kept else words


def _cut_after(first: Word, second: Word, dropped: list[Word], lexicon: Lexicon) -> bool:
    if not dropped:
        return False
    if first.upos == "PRON":
        return True  # "er | seine Kandidatur"
    wrapper = lexicon.ends_with(first.text, lexicon.wrappers) or lexicon.ends_with(first.text, lexicon.document_nouns)
    if second.feat("Case") == "Gen" or any(w.feat("Case") == "Gen" for w in dropped if w.start < second.start):
        return False  # "Angaben | libanesischer Sicherheitskreise"
    if _bare_genitive(dropped, dropped[0].start) is second and (wrapper or lexicon.ends_with(first.text, lexicon.unspecified_nouns)):
        return False  # the same with the adjective tagged dative: "Schätzungen | französischer Behörden"
    if wrapper:
        # "Angaben von X" keeps X; "eigenen Angaben | weitere Joint-Ventures" starts the clause
        return second.deprel in _NEW_PHRASE and dropped[0].upos in ("DET", "ADJ", "NOUN", "NUM") \
            and dropped[0].text.lower() not in lexicon.genitive_openers
    if dropped[0].upos == "ADP" and second.deprel in _CLAUSE_ARGUMENTS:
        return True  # "Felix Magath | zur Sportschau", "X | am Montag"
    return second.deprel in _CLAUSE_ARGUMENTS and not any(w.upos == "PROPN" for w in dropped) \
        and not dropped[0].text[:1].isupper()


def _trim(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    source = finding.source
    if _across(sentence, source):
        return None
    words = [w for w in sentence.words if source.start <= w.start and w.end <= source.end]
    kept = phrase_words(words, lexicon)
    if kept is words or not kept or (kept[0].start, kept[-1].end) == (source.start, source.end):
        return None
    return replace(finding, source=Span.of(doc.text, kept[0].start, kept[-1].end))


def _title_before_split(doc: ParsedDocument, k: int, finding: Finding, lexicon: Lexicon) -> Finding | None:
    """"laut Klinikdirektor Prof. | Dr. Anna W. Berger": a speaker span that ends with a title
    where the sentence splitter took the title's full stop for the end of the sentence runs on
    over the name that opens the next sentence (titles, initials, names)."""
    source = finding.source
    sentence = doc.sentences[k]
    inside = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    if not inside or inside[-1].text.lower().strip(".") not in lexicon.titles or k + 1 >= len(doc.sentences):
        return None
    if doc.text[source.end:sentence.end].strip() != "." or len(inside) < 1:
        return None
    end = None
    for w in doc.sentences[k + 1].words:
        title = w.text.lower().strip(".") in lexicon.titles
        initial = len(w.text) == 2 and w.text[0].isupper() and w.text[1] == "."
        if title or initial or w.upos in ("PROPN", "X") and w.text[:1].isupper() or w.ner not in ("O", "") \
                and w.text[:1].isupper():
            if not title and not initial:
                end = w.end
            continue
        break
    if end is None:
        return None
    return _extended(doc, finding, end)


def _across(sentence: Sentence, source: Span) -> bool:
    """The span runs past the end of its sentence ("Klinikdirektor Prof. | Dr. Anna Berger", split
    at an abbreviation): the words of its first sentence are not its phrase, and nothing is cut."""
    return source.end > sentence.end


# "am Montag", "bis Sonntagabend": when the speaker spoke, not who ("am" is the words "an dem")
_TIME_PREPOSITIONS = {"am", "an", "bis", "seit"}


def _time_follows(words: list[Word], lexicon: Lexicon) -> bool:
    """The words after a preposition are a day or month ("dem Montag"), not a phrase it
    opens ("am Dienstag veröffentlichten …")."""
    rest = [w for w in words if w.upos != "DET"]
    return bool(rest) and any(rest[0].text.lower().startswith(t) for t in lexicon.time_words) \
        and not any(w.upos in ("ADJ", "VERB") for w in rest[1:2])


# prepositions that open how or when the speaker spoke, never an attribute of the speaker:
# "Ein Hauptkommissar | nach der Festnahme", "NDRInfo | unter Berufung auf Scotland Yard",
# "das Gericht | im Zuge der Beweisaufnahme"
# ("im" is the parser's words "in dem")
_CIRCUMSTANCES = {"nach": None, "während": None, "unter": "berufung", "im": "zuge", "in": "zuge"}


def _circumstance_follows(preposition: str, rest: list[Word]) -> bool:
    if preposition not in _CIRCUMSTANCES or not rest:
        return False
    noun = _CIRCUMSTANCES[preposition]
    if noun is None:
        return rest[0].upos in ("DET", "NOUN", "ADJ")
    return any(w.text.lower() == noun for w in rest)


def _cut_new_phrase(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    """A speaker span that runs past its noun phrase into the clause, read
    from the words where the parse joins them: after a noun or name, a
    determiner that is no genitive ("Angaben des ZDFs | die Jahre …", "der
    ai-Bericht | den Behörden", "Sergei Voznyak | der persönliche Sprecher"),
    a negative, possessive or indefinite one ("Aussagen Gordons | keine
    Stellungnahme", "| seine Flucht"), an adverb or a non-genitive adjective
    ("Koppelin | wörtlich", "BBC | britische Staatsbürger"), a number that
    counts ("UNO-Angaben | 62 Zivilisten") or a time ("| am Montag") opens
    the next phrase."""
    source = finding.source
    words = [w for w in sentence.words if source.start <= w.start and w.end <= source.end]
    if len(words) < 2 or any(w.text in _QUOTE_MARKS for w in words) or _across(sentence, source):
        return None
    cut = None
    for k in range(1, len(words)):
        w, prev = words[k], words[k - 1]
        nxt = words[k + 1] if k + 1 < len(words) else None
        if prev.upos not in ("NOUN", "PROPN", "X"):
            continue
        case = w.feat("Case")
        low = w.text.lower()
        if w.upos == "DET" and (case in ("Nom", "Acc", "Dat") or case is None and w.feat("PronType") == "Neg"):
            cut = k
        elif w.upos == "PRON" and w.feat("Poss") == "Yes":
            cut = k
        elif w.text[:1].islower() and (w.upos == "ADV" or w.upos == "ADJ" and case not in (None, "Gen") and (
                nxt is None or nxt.upos != "NOUN" or w.text.endswith("e") and prev.upos == "PROPN")
                and not any(v.upos == "ADP" for v in words[:k])
                and _bare_genitive(merge_hyphens(words[k:]), w.start) is None):
            # a capitalised word is a name the tagger misread ("Max Straubinger"); an adjective
            # inside "die zur Universität gehörende …" is no new phrase, nor one that opens a
            # genitive without article ("Berichten | verschiedener US-Medien")
            cut = k
        elif w.upos == "NUM" and nxt is not None and nxt.upos == "NOUN" and not prev.text.endswith("."):
            cut = k
        elif (low in _TIME_PREPOSITIONS and _time_follows(words[k + 1:k + 4], lexicon)) \
                or (w.upos == "ADP" and _circumstance_follows(low, words[k + 1:k + 3])):
            cut = k
        if cut is not None:
            break
    if cut is None:
        return None
    kept = words[:cut]
    while kept and kept[-1].upos == "PUNCT":
        kept = kept[:-1]
    if not kept:
        return None
    return replace(finding, source=Span.of(doc.text, kept[0].start, kept[-1].end))


def _moved_ok(finding: Finding, moved: Span) -> bool:
    """Words may join the source unless they are the cue, the addressee or the
    frame, or claim words while the claim did not already hold the source."""
    if finding.cue and any(s.overlaps(moved) for s in finding.cue.spans):
        return False
    if finding.addressee is not None and finding.addressee.overlaps(moved):
        return False
    return not finding.claim.overlaps(moved) or finding.claim.contains(finding.source)


# how the words of one noun phrase hang together: a genitive or prepositional attribute,
# an apposition, the parts of a name
_PHRASE_LINKS = {"nmod", "nmod:poss", "appos", "flat", "flat:name", "compound", "case", "det", "amod", "nummod",
                 "punct", "fixed"}


def _head_noun_before(doc: ParsedDocument, sentence: Sentence, finding: Finding) -> Finding | None:
    """"Den Polizeibehörden | in Mombasa zufolge", "die Befunde des Amts |
    Aulendorf": a span that is only the attribute of the noun before it
    takes that noun and its article."""
    source = finding.source
    inside = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    if not inside:
        return None
    indices = {w.index for w in inside}
    roots = [w for w in inside if w.head not in indices]
    if len(roots) != 1 or not roots[0].head or roots[0].deprel not in ("nmod", "appos", "flat", "flat:name", "nmod:poss"):
        return None
    if inside[0].upos != "ADP" and roots[0].deprel not in ("flat", "flat:name"):
        # "der CDU" of "Vorschlag der CDU" is the source as annotated; only a bare
        # "in Mombasa" or a name's last part ("Aulendorf") lacks its noun
        return None
    noun = sentence.word(roots[0].head)
    if noun.upos not in ("NOUN", "PROPN") or noun.end > source.start:
        return None
    between = [w for w in sentence.words if noun.end <= w.start and w.end <= source.start]
    if any(w.upos != "PUNCT" and w.head not in indices | {noun.index} for w in between):
        return None
    return _from_noun_phrase(doc, finding, noun, [w for w in sentence.words if w.end <= noun.start],
                             ("DET", "ADJ", "NUM", "PRON"))


def _from_noun_phrase(doc: ParsedDocument, finding: Finding, noun: Word, before: list[Word],
                      tags: tuple[str, ...]) -> Finding | None:
    """The source span moved left to start at ``noun`` with its adjacent
    determiners and attributes (``before``: the words preceding it), where
    that move is allowed."""
    source = finding.source
    start = noun
    for w in reversed(before):
        if w.head == noun.index and w.upos in tags and start.start - w.end <= 1:
            start = w
        else:
            break
    if not _moved_ok(finding, Span(start.start, source.start, "")):
        return None
    return replace(finding, source=Span.of(doc.text, start.start, source.end))


def _rest_of_phrase(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    """"das Parlament | in Mexiko-Stadt", "Lars Schauer | , Manager von Energie
    Cottbus", "Angaben | des Kraftfahrt-Bundesamtes": a genitive, a place or
    body named in a prepositional attribute and an apposition that closes
    belong to the speaker's phrase; a relative clause, a time, a quotation
    and a prepositional phrase of the verb the parse hung on it do not."""
    source = finding.source
    inside = {w.index for w in sentence.words if source.start <= w.start and w.end <= source.end}
    if not inside:
        return None
    children: dict[int, list[Word]] = {}
    for w in sentence.words:
        children.setdefault(w.head, []).append(w)

    def tree(word: Word) -> list[Word]:
        out, stack = [], [word]
        while stack:
            w = stack.pop()
            out.append(w)
            stack.extend(c for c in children.get(w.index, ()) if c.deprel not in _NOT_PHRASE)
        return sorted(out, key=lambda w: w.start)

    roots = [w for w in sentence.words if w.index in inside and w.upos != "PUNCT" and w.head not in inside]
    if len(roots) != 1 or any(w.upos == "NOUN" and w.deprel not in ("compound", "flat", "flat:name")
                              for w in sentence.words if w.index in inside and w.start < roots[0].start):
        return None  # only a span that is one noun phrase, opened by its head noun, is grown
    end, grown = source.end, set(inside)
    for dependent in sorted((w for w in sentence.words if w.head in inside and w.start >= source.end),
                            key=lambda w: w.start):
        words = [w for w in tree(dependent) if w.upos != "PUNCT" or w.text == ")"]
        if not words or dependent.index in grown:
            continue
        gap = doc.text[end:words[0].start]
        nouns = [w for w in words if w.upos in ("NOUN", "PROPN")]
        case = [w for w in words if w.deprel == "case" and w.head == dependent.index]
        if dependent.deprel == "nmod" and not case and gap.strip() == "" and nouns:
            pass  # "Angaben | des Kraftfahrt-Bundesamtes"
        elif dependent.deprel == "nmod" and case and case[0].start < dependent.start and gap.strip() == "" \
                and (dependent.upos == "PROPN" or case[0].text.lower() == "für"
                     and lexicon.is_org_word(sentence.word(dependent.head).text)):
            pass  # "das Parlament | in Mexiko-Stadt", "dem Institut | für Küstenforschung"
        elif dependent.deprel in ("flat", "flat:name") and dependent.upos == "PROPN" and gap.strip() == "":
            pass
        elif dependent.deprel == "appos" and gap.strip() == "," and dependent.upos in ("NOUN", "PROPN"):
            after = doc.text[words[-1].end:words[-1].end + 2].strip()
            if after[:1] not in (",", ".", ";", ")", ""):
                break  # the apposition must close: "X, Manager von Y, sagte"
        else:
            break
        if any(w.text in _QUOTE_MARKS for w in words):
            break
        end = words[-1].end
        grown.update(w.index for w in words)
    if end <= source.end:
        return None
    moved = Span(source.end, end, "")
    if not _moved_ok(finding, moved):
        return None
    return replace(finding, source=Span.of(doc.text, source.start, end))


_NOT_PHRASE = {"acl", "acl:relcl", "conj", "cc", "advcl", "parataxis", "ccomp", "xcomp", "csubj", "punct"}
_QUOTE_MARKS = set("„“”\"'‚‘’»«›‹")


def _wrapper_before(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    """"Ersten Angaben | vom gestrigen Mittwoch zufolge": the wrapper noun the
    source hangs on is part of the speaker phrase."""
    source = finding.source
    inside = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    before = [w for w in sentence.words if w.end <= source.start]
    if not inside or not before:
        return None
    noun = before[-1]
    if noun.upos != "NOUN" or source.start - noun.end > 1 or not (
            lexicon.ends_with(noun.text, lexicon.wrappers) or lexicon.ends_with(noun.text, lexicon.document_nouns)
            or lexicon.ends_with(noun.text, lexicon.media_nouns) or lexicon.ends_with(noun.text, lexicon.unspecified_nouns)
            or lexicon.ends_with(noun.text, lexicon.generic_groups) or lexicon.is_role(noun.text)):
        return None
    # the parse hangs the span on the noun, or the span opens as its genitive attribute
    # ("Ermittlungen | der Polizei", "Experten | der polnischen Marine")
    genitive = inside[0].text.lower() in ("des", "der", "eines", "einer") and inside[0].feat("Case") == "Gen" \
        or inside[0].text.lower() in ("von", "vom")
    if not any(w.head == noun.index for w in inside) and not genitive:
        return None
    return _from_noun_phrase(doc, finding, noun, before[:-1], ("DET", "ADJ", "NUM"))


_BRACKETS = re.compile(r"[ \t]?\(([A-ZÄÖÜ][\w&./ -]{0,30})\)")


def _brackets_after(doc: ParsedDocument, sentence: Sentence, finding: Finding) -> Finding | None:
    """"dem United States Geological Survey (USGS)", "Wolfgang Schäuble (CDU)":
    an acronym or party in brackets right after the source is part of it."""
    source = finding.source
    match = _BRACKETS.match(doc.text, source.end)
    if match is None or len(match.group(1).split()) > 3 or match.end() > sentence.end:
        return None
    return _extended(doc, finding, match.end())


def _name_in_apposition(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    """"Einer der Putschisten, Harouna Djibrilla Adamou": a name in apposition
    right after the speaker phrase is the speaker's name."""
    source = finding.source
    inside = {w.index for w in sentence.words if source.start <= w.start and w.end <= source.end}
    after = [w for w in sentence.words if w.start >= source.end]
    if len(after) < 2 or after[0].text != "," or after[0].start - source.end > 1:
        return None
    name = after[1]
    # the parse's apposition, or a name after a phrase whose head is a role noun ("den Worten der
    # Sprecherin der FDP-Fraktion, Gisela Piltz"; the parser often hangs the name elsewhere)
    role = any(w.upos == "NOUN" and lexicon.is_role(w.text) for w in merge_hyphens(
        [w for w in sentence.words if w.index in inside]))
    if not (name.upos == "PROPN" and (name.deprel == "appos" and name.head in inside or role)
            or role and _tagged_name(name)):
        return None
    end = name
    for w in after[2:]:
        if w.start - end.end > 1:
            break
        if w.upos == "PROPN" and (w.deprel in ("flat", "flat:name") or role) or role and (
                w.text in "-‐" and w.start == end.end or _tagged_name(w)):
            end = w
        else:
            break
    if end.text in "-‐":
        return None
    following = next((w for w in after if w.start >= end.end), None)
    if following is not None and following.text not in (",", ")", ".", ";"):
        return None  # the name opens the clause, not an apposition that closes
    return _extended(doc, finding, end.end)  # a claim that began with the name starts after it


def _tagged_name(word: Word) -> bool:
    """A capitalised word the entity tagger puts in a name, whatever its part of speech: a small
    tagger takes first names it does not know for nouns ("Frank-Jürgen Weise")."""
    return word.text[:1].isupper() and word.ner not in ("O", "")


# what closes an apposition: punctuation, a quotation mark, the end of the sentence
_CLOSERS = {",", ".", ";", ":", "!", "?", ")", "–", "-"} | set("„“”\"'‚‘’»«›‹")
# words an apposition runs over: its attributes, a name, a hyphen or bracket inside a name
_APPOSITION_WORDS = {"DET", "ADJ", "NOUN", "PROPN", "ADP", "NUM", "X"}


def _role_after_name(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    """"Ursula Castrup | , die Leiterin der Bielefelder Fachstelle für
    Suchtvorbeugung", "Andrew Wetzler | , ein Anwalt des Natural Resources
    Defense Council": a role noun in apposition after the speaker's name is
    part of the speaker phrase. Read from the words, not the parse: the small
    parser hangs such an apposition as a conjunct or a clause as often as
    not. The apposition must close (a comma, a full stop, a quotation mark or
    the sentence's end after it); a verb or an adverb inside means a clause."""
    source = finding.source
    inside = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    if not inside or inside[-1].upos not in ("PROPN", "NOUN", "X") or not inside[-1].text[:1].isupper() \
            or not any(w.upos == "PROPN" for w in inside):
        return None
    after = [w for w in sentence.words if w.start >= source.end]
    if len(after) < 3 or after[0].text != "," or after[0].start - source.end > 1:
        return None
    k = 1
    if after[k].text.lower() in lexicon.articles:  # "X, der Sprecher der Polizei"
        k += 1
    while k < len(after) and after[k].upos == "ADJ":
        k += 1
    if k >= len(after):
        return None
    role = merge_hyphens(after[k:k + 3])[0]
    if role.upos not in ("NOUN", "PROPN") or not (lexicon.is_role(role.text)
                                                  or lexicon.ends_with(role.text, lexicon.generic_groups)):
        return None
    end = role
    rest = [w for w in after if w.start >= role.end]
    for n, word in enumerate(rest):
        if word.text in "„»‚":
            return None  # a quotation inside: where the apposition ends is unclear
        if word.text in _CLOSERS and not (word.text in "-–" and word.start == end.end):
            break
        if word.upos == "CCONJ" and word.text == "und" and n + 1 < len(rest) and rest[n + 1].upos in ("NOUN", "ADJ"):
            continue  # "kanadischer General und Kommandeur des Einsatzes"
        if word.upos not in _APPOSITION_WORDS and word.text not in "-–":
            return None
        if word.upos == "ADP" and n + 1 < len(rest) and rest[n + 1].text.lower() in lexicon.time_words:
            break
        end = word
    else:
        if rest and end is not rest[-1]:
            return None
    return _extended(doc, finding, end.end)


# prepositions of an attribute that names where a body sits or what it is part of
_ATTRIBUTE_PREPOSITIONS = {"in", "im", "aus", "vom", "von", "für"}


def _attribute_after(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    """"die Regierung | in Lomé", "Ken Rice vom Institut | für Astronomie in
    Edinburgh", "Politiker | aus anderen Parteien", "Privatdozent Dr.
    Dittrich | aus dem Forscherteam": a prepositional attribute right after
    the speaker's noun phrase that names a place or a body belongs to it
    where the phrase then ends (a comma, a full stop, "zufolge", the cue or
    the verb follows). Read from the words: the parse hangs such a phrase on
    the verb as often as on the noun. Not the circumstances of speaking ("in
    einem Interview", "in der Nacht"), and after a person's name only where
    the person comes from ("vom Carnegie-Institut"), not where they spoke ("in
    Berlin")."""
    source = finding.source
    inside = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    if not inside or inside[-1].upos not in ("NOUN", "PROPN", "X") or not inside[-1].text[:1].isupper():
        return None
    named = inside[-1].upos != "NOUN" or not (lexicon.is_org_word(inside[-1].text)
                                              or lexicon.ends_with(inside[-1].text, lexicon.generic_groups))
    allowed = {"vom", "aus"} if named else _ATTRIBUTE_PREPOSITIONS
    end = source.end
    words = [w for w in sentence.words if w.start >= source.end]
    k = 0
    # the preposition as written: a tokenizer splits "vom" into "von" + "dem"
    while k < len(words) and sentence.tokens[words[k].token].text.lower() in allowed and words[k].start - end <= 1:
        after = next((j for j in range(k + 1, len(words)) if words[j].token != words[k].token), len(words))
        closing = _quoted_name_end(words, after) if inside[-1].upos == "PROPN" else None
        if closing is not None:  # "Anna Berger vom „Bündnis für Arbeit“": behind a name, a quoted name is a body's
            end, k = words[closing].end, closing + 1
            continue
        j = k + 1
        while j < len(words) and j - k <= 6 and (words[j].upos in ("DET", "ADJ", "NOUN", "PROPN", "X")
                                                 or words[j].text in "-‐" and words[j].start == words[j - 1].end):
            j += 1
        phrase = words[k + 1:j]
        nouns = [w for w in phrase if w.upos in ("NOUN", "PROPN", "X")]
        if not phrase or phrase[-1] is not (nouns[-1] if nouns else None) \
                or phrase[0].text.lower() in ("ein", "eine", "einer", "einem", "einen") \
                or any(w.text.lower() in lexicon.time_words for w in phrase) \
                or not any(w.upos == "PROPN" or lexicon.is_org_word(w.text) for w in nouns):
            break
        end, k = phrase[-1].end, j
    if end == source.end:
        return None
    following = next((w for w in words if w.start >= end), None)
    cue_starts = {s.start for s in finding.cue.spans} if finding.cue else set()
    if following is not None and not (following.text in (",", ".", ";", ":", ")", "“", "”") or following.start in cue_starts
                                      or following.text.lower() == "zufolge" or following.upos in ("VERB", "AUX")):
        return None
    moved = Span(source.end, end, "")
    if not _moved_ok(finding, moved):
        return None
    return replace(finding, source=Span.of(doc.text, source.start, end))


# words a quoted name after a preposition of an attribute has at most
_QUOTED_ATTRIBUTE_WORDS = 8


def _quoted_name_end(words: list[Word], k: int) -> int | None:
    """The index of the closing mark of a short quotation that opens at
    ``words[k]`` right behind the word before it, else None."""
    if k >= len(words) or words[k].text not in _OPENING or words[k].start - words[k - 1].end > 1:
        return None
    return next((j for j in range(k + 2, min(len(words), k + 2 + _QUOTED_ATTRIBUTE_WORDS))
                 if words[j].text in _CLOSING), None)


_OPENING = "„»‚"
_CLOSING = "“”«‘"


def _balanced_quotes(doc: ParsedDocument, finding: Finding) -> Finding | None:
    """"„Die Zeit“" cut to "Die Zeit“" (or "„Die Zeit"): a title's quotation
    mark on one side takes its partner on the other."""
    source, text = finding.source, doc.text
    start, end = source.start, source.end
    opened = sum(text[start:end].count(c) for c in _OPENING)
    closed = sum(text[start:end].count(c) for c in _CLOSING)
    if closed > opened and text[end - 1] in _CLOSING and start > 0 and text[start - 1] in _OPENING:
        start -= 1
    elif opened > closed and text[start] in _OPENING and end < len(text) and text[end] in _CLOSING:
        end += 1
    else:
        return None
    if finding.cue and any(s.overlaps(Span(start, end, "")) for s in finding.cue.spans):
        return None
    claim = finding.claim
    if claim.overlaps(Span(start, start + 1, "") if start < source.start else Span(end - 1, end, "")) \
            and not claim.contains(source):
        return None
    return replace(finding, source=Span.of(text, start, end))


def _without_non_speaker(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding:
    """"Insbesondere", "Sinngemäß", "Um", "Und", "zum Beispiel": a single word
    that cannot name anyone (an adverb, an adjective, a conjunction or
    preposition, a noun of ``not_sources``) is no speaker; the claim stays,
    sourceless. Pronominal adverbs that refer to a statement ("Demnach") are
    sources and stay, and so does a name the tagger misread as an adverb
    ("Milinkewitsch sagte …", see ``is_misread_name``)."""
    source = finding.source
    if source is None:
        return finding
    words = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    if len(words) != 1:
        return finding
    word = words[0]
    low = word.text.lower()
    if low in lexicon.pronominal_adverbs or low in lexicon.personal_pronouns or low in lexicon.demonstratives:
        return finding
    if is_misread_name(doc, word):
        return finding
    if word.upos in ("ADV", "ADJ", "CCONJ", "SCONJ", "ADP", "PART") or low in lexicon.not_sources:
        return replace(finding, source=None)
    return finding


def _extended(doc: ParsedDocument, finding: Finding, end: int) -> Finding | None:
    """``_with``, unless the words the source would take are its cue or its addressee."""
    moved = Span(finding.source.end, end, "")
    if finding.cue and any(c.overlaps(moved) for c in finding.cue.spans):
        return None
    if finding.addressee is not None and finding.addressee.overlaps(moved):
        return None
    return _with(doc, finding, end)


def _with(doc: ParsedDocument, finding: Finding, end: int) -> Finding | None:
    """``finding`` with its source running to ``end`` and its claim starting
    after it, when the claim began inside the words moved."""
    source, claim = finding.source, finding.claim
    new_source = Span.of(doc.text, source.start, end)
    if claim.start >= source.end and claim.start < end:
        start = end
        while start < claim.end and (doc.text[start].isspace() or doc.text[start] in ",;:"):
            start += 1
        if start >= claim.end:
            return None
        return replace(finding, source=new_source, claim=Span.of(doc.text, start, claim.end))
    if claim.overlaps(Span(source.end, end, "")) and not (claim.start <= source.start and end <= claim.end):
        return None  # words of the claim, unless the claim holds the whole source ("laut X zufolge …")
    return replace(finding, source=new_source)


def _hyphen(doc: ParsedDocument, sentence: Sentence, finding: Finding) -> Finding | None:
    source = finding.source
    text = doc.text
    if source.end + 1 >= len(text) or text[source.end] not in "-‐" or not text[source.end + 1].isalnum():
        return None
    words = [w for w in sentence.words if w.start > source.end]
    if not words or words[0].start != source.end + 1:
        return None
    end_word = _noun_of_adjective(words) or words[0]
    for word in words[words.index(end_word) + 1:]:
        # the name after a role compound ("-Sprecherin Anja Seugling")
        if word.upos == "PROPN" and word.start - end_word.end <= 1 and word.deprel in _NAME_RELATIONS:
            end_word = word
        else:
            break
    return _with(doc, finding, end_word.end)


def _wrapper(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    source = finding.source
    inside = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    if not inside or inside[-1].text.lower() not in lexicon.wrappers:
        return None
    if any(w.upos in ("PROPN",) or (w.upos == "NOUN" and w is not inside[-1]) for w in inside):
        return None
    after = [w for w in sentence.words if w.start >= source.end]
    if not after or after[0].text.lower() not in lexicon.genitive_openers:
        return None
    wrapper = inside[-1]
    # the noun phrase the wrapper governs ("von X", "des Y")
    children = [w for w in sentence.words if w.head == wrapper.index and w.start > wrapper.end
                and w.deprel in ("nmod", "obl", "nmod:poss", "appos")]
    end = None
    if children:
        covered = _subtree_end(sentence, children[0])
        end = covered
    else:
        names = []
        for word in after[1:]:
            if word.upos in ("PROPN", "NOUN", "DET", "ADJ", "X", "NUM") and not word.upos == "VERB":
                names.append(word)
                if word.upos in ("PROPN", "NOUN", "X"):
                    break
            else:
                break
        end = names[-1].end if names else None
    if end is None or end <= after[0].end:
        return None
    return _with(doc, finding, end)


def _genitive_after(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    """"nach Schätzungen | französischer Behörden", "Angaben | libanesischer Sicherheitskreise": a plural
    noun after adjectives in "-er" with no article is a genitive (a dative would end in "-en"), the
    attribute of the wrapper or document noun the speaker span ends with, however the parse hangs it."""
    source = finding.source
    inside = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    if not inside or inside[-1].upos != "NOUN" or not (
            lexicon.ends_with(inside[-1].text, lexicon.wrappers) or lexicon.ends_with(inside[-1].text, lexicon.document_nouns)
            or lexicon.ends_with(inside[-1].text, lexicon.unspecified_nouns)):
        return None
    noun = _bare_genitive(merge_hyphens([w for w in sentence.words if w.start >= source.end]), source.end)
    if noun is None:
        return None
    return _extended(doc, finding, noun.end)


def _published_at(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    """"in der Meldung | auf der Homepage von X": where a document was published, and whose that place
    is, belong to the source that ends in the document noun (the parse hangs them on the verb)."""
    source = finding.source
    inside = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    after = [w for w in sentence.words if w.start >= source.end][:3]
    if not inside or inside[-1].upos != "NOUN" or not lexicon.ends_with(inside[-1].text, lexicon.document_nouns) \
            or len(after) < 3:
        return None
    preposition, article, place = after
    if preposition.text.lower() not in ("auf", "in") or article.upos != "DET" or place.upos != "NOUN" \
            or not lexicon.ends_with(place.text, lexicon.document_nouns) or preposition.start - source.end > 1:
        return None
    end = max(_subtree_end(sentence, place), _owner_end(doc.text, place.end))
    if end <= place.end:
        return None  # "in der Erklärung auf der Website": no owner of the place named
    return _extended(doc, finding, end)


def _owner_end(text: str, offset: int) -> int:
    """Where the owner named right after ``offset`` ends: a quoted name after "von", "des", "der"
    ("auf der Homepage | von „X“"), however the parse read the words inside the quotes; else ``offset``."""
    found = re.match(r"\s+(?:von|vom|des|der)\s+„[^“”\"\n]{1,60}[“”]", text[offset:offset + 80])
    return offset + found.end() if found else offset


def _noun_of_adjective(words: list[Word]) -> Word | None:
    """"die US- | amerikanische Musikzeitschrift": the noun that the adjective the hyphen opens goes with,
    right after it and its fellow adjectives, the head of the phrase the source was cut from."""
    k = 0
    while k < len(words) and words[k].upos == "ADJ" and (k == 0 or words[k].start - words[k - 1].end <= 1):
        k += 1
    if k == 0 or k >= len(words):
        return None
    noun = words[k]
    if noun.upos != "NOUN" or noun.start - words[k - 1].end > 1 or words[0].head != noun.index:
        return None
    return noun


def _measured_noun_after(doc: ParsedDocument, sentence: Sentence, finding: Finding) -> Finding | None:
    """"der 330 Seiten | starke Bericht", "die 20 Mann | starke Truppe": a source that ends in a counted
    noun runs on through the adjective it measures to the noun that adjective goes with, the phrase's
    head (a parse may take the counted noun for the subject)."""
    source = finding.source
    inside = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    after = [w for w in sentence.words if w.start >= source.end][:2]
    if len(inside) < 2 or len(after) < 2 or not _measures(inside[-2], inside[-1], *after):
        return None
    return _extended(doc, finding, after[1].end)


def _measures(number: Word, counted: Word, adjective: Word, noun: Word) -> bool:
    """"330 | Seiten | starke | Bericht": a number, the noun it counts, the adjective they measure and
    the noun that adjective goes with, one after the other."""
    return number.upos == "NUM" and counted.upos == "NOUN" and adjective.upos == "ADJ" \
        and adjective.text[:1].islower() and noun.upos == "NOUN" and noun.text[:1].isupper() \
        and adjective.start - counted.end <= 1 and noun.start - adjective.end <= 1


def _bare_genitive(words: list[Word], offset: int) -> Word | None:
    """The plural noun of a genitive without article that ``words`` open right at ``offset``:
    adjectives in "-er", then the noun ("französischer Behörden")."""
    k = 0
    while k < len(words) and words[k].upos == "ADJ" and words[k].text[:1].islower() and words[k].text.endswith("er") \
            and words[k].start - (words[k - 1].end if k else offset) <= 1:
        k += 1
    if k == 0 or k >= len(words):
        return None
    noun = words[k]
    if noun.upos != "NOUN" or not noun.text[:1].isupper() or noun.feat("Number") != "Plur" \
            or noun.start - words[k - 1].end > 1:
        return None
    return noun


def _subtree_end(sentence: Sentence, head: Word) -> int:
    children: dict[int, list[Word]] = {}
    for w in sentence.words:
        children.setdefault(w.head, []).append(w)
    end, stack = head.end, [head]
    while stack:
        word = stack.pop()
        end = max(end, word.end)
        stack.extend(c for c in children.get(word.index, ()) if c.deprel not in ("acl", "acl:relcl", "punct", "conj",
                                                                                 "cc", "advcl", "parataxis"))
    return end


def _name_after(doc: ParsedDocument, sentence: Sentence, finding: Finding, lexicon: Lexicon) -> Finding | None:
    source = finding.source
    inside = [w for w in sentence.words if source.start <= w.start and w.end <= source.end and w.upos != "PUNCT"]
    if not inside or inside[-1].upos != "NOUN":
        return None
    last = inside[-1].text
    if not (lexicon.ends_with(last, lexicon.media_nouns) or lexicon.is_role(last) or lexicon.is_org_word(last)):
        return None
    end = None
    following = [w for w in sentence.words if w.start >= source.end]
    closing = _quoted_name_end([inside[-1], *following], 1)
    if closing is not None:
        # "die Musikzeitschrift | „Billboard“": the quoted name of the medium or body the noun introduces
        end, following = following[closing - 1].end, []
    for word in following:
        if word.start - (end or source.end) > 1:
            break
        if word.upos == "PROPN" or lexicon.outlet(word.text, strict=False) is not None and word.text[:1].isalpha():
            end = word.end
        else:
            break
    if end is None:
        return None
    moved = Span(source.end, end, "")
    if finding.claim.overlaps(moved) or (finding.cue and any(s.overlaps(moved) for s in finding.cue.spans)):
        return None
    return replace(finding, source=Span.of(doc.text, source.start, end))
