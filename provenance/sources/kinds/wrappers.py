"""What opens a speaker phrase before its source: pronouns to resolve ("seiner
Meinung nach"), and wrapper nouns that only say how the source spoke ("Angaben
der Polizei" → the police; "Polizeiangaben": the first part of the compound)."""

from __future__ import annotations

from provenance.records import Span, Word
from provenance.sources.kinds.phrase import QUOTES, UNNAMED, Mention
from provenance.sources.lexicon import Lexicon


def pronoun_type(lex: Lexicon, tokens: list[Word], lowered: list[str]) -> str | None:
    """How a phrase that must be resolved points back: "personal", "adverb", "demonstrative",
    "possessive", "eigen"; None for a phrase that names its source."""
    text = " ".join(lowered)
    if len(tokens) == 1:
        if lowered[0] in lex.personal_pronouns:
            return "personal"
        if lowered[0] in lex.pronominal_adverbs:
            return "adverb"
        if lowered[0] in lex.demonstratives:
            return "demonstrative"
    if text in lex.pronominal_adverbs:
        return "adverb"
    # "seiner Meinung", "deren Angaben", "nach eigenen Angaben", "ihren Worten"
    core = [t for t in lowered if t not in lex.leading_prepositions]
    if len(core) >= 2 and core[0] in lex.definite and core[1] in lex.possessives:
        # "gegen die ihrer Meinung nach verbreiteten Illusionen": the article opens the noun phrase the
        # possessive phrase sits in, not the source
        core = core[1:]
    # "ihrer Presseerklärung", "seinem Bericht": a document of the one the possessive refers to
    if 1 <= len(core) <= 3 and core[0] in lex.possessives and all(
            lex.ends_with(t, lex.wrappers | lex.document_nouns) or t in ("meinung", "worten", "ansicht", "angaben")
            for t in core[1:]):
        return "eigen" if core[0].startswith("eigen") else "possessive"
    return None


def unwrap(lex: Lexicon, tokens: list[Word], text: str | None = None, start: int = 0) -> list[Word] | None:
    """The words after a wrapper noun ("Angaben der Polizei" → "Polizei");
    None for a wrapper with nothing after it."""
    if len(tokens) >= 2 and tokens[-1].text.lower() in lex.wrappers and all(
            w.upos in ("PROPN", "X") or w.text[:1].isupper() and w.upos == "NOUN" and not lex.is_common(w.text)
            for w in tokens[:-1]) and tokens[-2].text.endswith("s"):
        # "Grupps Meinung", "Merkels Worten": the name in the genitive before the wrapper is the source
        return tokens[:-1]
    for k, word in enumerate(tokens[:4]):
        low = word.text.lower()
        if word.text[:1].isupper() and (low in lex.wrappers or lex.ends_with(low, lex.wrappers)):
            rest = tokens[k + 1:]
            if low not in lex.wrappers and not rest:
                return None  # compound: "Polizeiangaben"
            if low not in lex.wrappers and text is not None and any(
                    c in QUOTES for c in text[word.end - start:rest[0].start - start]):
                # a quotation right after a compound wrapper is what was said, not who said it
                # ("laut Zeugenaussagen „Britain First“")
                return None
            if not rest:
                return None
            if rest[0].text.lower() in ("von", "vom", "des", "der", "seitens", "eines", "einer"):
                rest = rest[1:] if rest[0].text.lower() in ("von", "vom", "seitens") else rest
            if all(w.text.lower() in lex.time_words or w.upos in ("ADP", "DET", "ADJ", "NUM") for w in rest):
                return None  # "Ersten Angaben vom gestrigen Mittwoch": when, not who
            return rest
        if word.upos not in ("DET", "ADJ", "ADP", "PRON", "NUM"):
            break
    return tokens


def compound_stem(lex: Lexicon, low: str) -> str:
    """The first part of a compound of a wrapper or document noun ("polizeiangaben" → "polizei",
    "verfassungsschutzberichts" → "verfassungsschutz"); "" for any other word."""
    for wrapper in sorted(lex.wrappers | lex.unspecified_nouns | lex.document_nouns, key=len, reverse=True):
        for ending in ("", "n", "en", "s", "es"):
            form = wrapper + ending
            if low.endswith(form) and len(low) > len(form) + 2:
                return low[:-len(form)].rstrip("s-") if not low[:-len(form)].endswith("ss") else low[:-len(form)]
    return ""


def compound_wrapper(lex: Lexicon, span: Span, tokens: list[Word]) -> Mention:
    """"Polizeiangaben", "Behördenangaben", "Augenzeugenberichten",
    "Militärangaben": the first part of the compound is the source."""
    # the compound, not what follows it ("Zeugenaussagen „Britain First“")
    head = next((t.text for t in tokens if t.text[:1].isupper() and lex.ends_with(t.text, lex.wrappers)
                 and t.text.lower() not in lex.wrappers), tokens[-1].text)
    low = head.lower()
    stem = compound_stem(lex, low)
    unspecified = Mention(span, lex.strip_articles(span.text), "unspecified", True, head=low)
    if not stem:
        if low in lex.document_nouns and tokens[0].text.lower() in lex.definite:
            # "Das geht aus dem Urteil hervor", "in der Mitteilung": a definite document, as "der Bericht",
            # points back to the one who issued it (the resolver links it)
            return Mention(span, lex.strip_articles(span.text), "unspecified", True, definite=True, head=low,
                           pronoun="document")
        if low in lex.wrappers:
            # a bare "Angaben", "Ansicht": how someone spoke, not who; the wrapper is never a name
            return Mention(span, UNNAMED, "unspecified", True, span.text, head=low)
        return unspecified
    if lex.ends_with(stem, lex.anonymous_nouns) or lex.ends_with(stem + "n", lex.anonymous_nouns):
        return Mention(span, stem.capitalize(), "anonymous", True, head=low)
    body = lex.authority_body(stem) or lex.authority_body(stem + "n")
    if body is not None:
        # "Polizeibehördenangaben": the body the compound names
        return Mention(span, body.capitalize(), "organization", False, head=low)
    if lex.ends_with(stem, lex.authority_nouns) or lex.ends_with(stem + "n", lex.authority_nouns):
        # "Behördenangaben", "Gesundheitsbehördenangaben": unnamed, unspecific authorities
        return unspecified
    if lex.ends_with(stem, lex.generic_media) or lex.ends_with(stem, lex.generic_groups):
        return unspecified
    if lex.ends_with(stem, lex.org_words) or stem in ("militär", "armee", "polizei", "regierung"):
        return Mention(span, stem.capitalize(), "organization", False, head=low)
    hit = lex.outlet(stem, strict=False) or lex.outlet(head.split("-")[0], strict=False)
    if hit is not None:
        return Mention(span, hit[0], "outlet", False, head=low)
    first = head.split("-")[0]
    if "-" in head and len(first) >= 2 and first.isupper():
        # "USGS-Angaben", "UNHCR-Angaben": an acronym names the body that gave them
        return Mention(span, first, "organization", False, head=low)
    return unspecified
