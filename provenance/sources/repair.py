"""Speaker spans the rule layer cut short, completed before sources are
resolved, so the source named is the referent and not a fragment:

- a compound split at its hyphen: "der Ryanair" + claim "-Sprecherin Anja
  Seugling ist …" → "der Ryanair-Sprecherin Anja Seugling";
- a bare wrapper noun whose "von X" went into the claim: "Angaben" + claim
  "von X sind …" → "Angaben von X";
- a media, role or institution noun whose name the parser made a second
  subject: "Die Agentur" + "dpa meldete" → "Die Agentur dpa".

The words moved leave the claim; nothing else of the finding changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from provenance.records import ParsedDocument, Sentence, Span, Word
from provenance.rules import Finding
from provenance.sources.lexicon import Lexicon

_GENITIVE_OPENERS = ("von", "vom", "des", "der", "seitens")
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
        k = max(0, sum(1 for s in starts if s <= source.start) - 1)
        sentence = doc.sentences[k]
        repaired = _hyphen(doc, sentence, finding) or _wrapper(doc, sentence, finding, lexicon) \
            or _name_after(doc, sentence, finding, lexicon)
        out.append(repaired or finding)
    return out


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
    if claim.overlaps(Span(source.end, end, "")):
        return None
    return replace(finding, source=new_source)


def _hyphen(doc: ParsedDocument, sentence: Sentence, finding: Finding) -> Finding | None:
    source = finding.source
    text = doc.text
    if source.end + 1 >= len(text) or text[source.end] not in "-‐" or not text[source.end + 1].isalnum():
        return None
    words = [w for w in sentence.words if w.start > source.end]
    if not words or words[0].start != source.end + 1:
        return None
    end_word = words[0]
    for word in words[1:]:
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
    if not after or after[0].text.lower() not in _GENITIVE_OPENERS:
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
    for word in (w for w in sentence.words if w.start >= source.end):
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
