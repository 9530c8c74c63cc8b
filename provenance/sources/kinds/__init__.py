"""Kinds and anonymity: what a speaker phrase names, by the conventions of
the speaker-kind labels (``SPEAKER-KINDS.md`` beside the WIKINEWS data).

The phrase is read from its head noun outwards: the wrapper noun of "Angaben
der Polizei" only says how the source spoke (the source is the police); a name
in the head part is an entity of the article (its type gives the kind); role
nouns are officials, or the person the article names for that role;
institution nouns are organisations; collective and vague nouns are
unspecified; the markers of anonymity make an anonymous source. Pronouns are
not classified here: :mod:`provenance.sources.coref` finds what they refer to.

The components, in the order they read a phrase: :mod:`.wrappers` (pronouns,
wrapper nouns), :mod:`.outlets`, :mod:`.names`, :mod:`.nouns`; the records
and the reading of a phrase are in :mod:`.phrase`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from provenance.config import Config
from provenance.records import Span, Word
from provenance.sources.kinds import names, nouns, outlets
from provenance.sources.kinds.nouns import body_in_apposition
from provenance.sources.kinds.phrase import (
    QUOTES,
    SELF_STANDING,
    UNNAMED,
    Context,
    Mention,
    nominative,
    read_phrase,
)
from provenance.sources.kinds.wrappers import compound_wrapper, pronoun_type, unwrap
from provenance.sources.lexicon import Lexicon, merge_hyphens

__all__ = ["QUOTES", "SELF_STANDING", "UNNAMED", "Classifier", "Context", "Mention"]


class Classifier:
    def __init__(self, lexicon: Lexicon | Config):
        # a configuration is compiled here; :func:`provenance.sources.classifier_for` caches that
        self.lexicon = lexicon if isinstance(lexicon, Lexicon) else Lexicon(lexicon)

    # the API the graph and the analysis use
    def outlet(self, text: str) -> tuple[str, re.Match] | None:
        return self.lexicon.outlet(text)

    def classify(self, span: Span, words: Sequence[Word], ctx: Context | None = None,
                 definite: bool = False) -> Mention:
        lex = self.lexicon
        # a word of letters the tagger read as punctuation ("von ai") is a word, if the text writes it
        words = [replace(w, upos="X") if w.upos == "PUNCT" and w.text.isalnum()
                 and span.text[w.start - span.start:w.end - span.start] == w.text else w for w in merge_hyphens(words)]
        words = [w for w in words if w.upos != "PUNCT" or w.text in (",", "(", ")")]
        tokens = [w for w in words if w.upos != "PUNCT"]
        lowered = [w.text.lower() for w in tokens]
        if not tokens:
            # "faz.net", "ndr.de": the tagger may read a web address as punctuation
            hit = lex.outlet(span.text.strip(), strict=False)
            if hit is not None:
                return Mention(span, hit[0], "outlet", False)
            return Mention(span, span.text, "unspecified", True)
        if len(tokens) == 1 and lowered[0] in lex.generic_pronouns:
            # "wie man hört": no one in particular, so nothing to resolve
            return Mention(span, f"{span.text} (generic)", "unspecified", True, span.text)
        pronoun = pronoun_type(lex, tokens, lowered)
        if pronoun is not None:
            return Mention(span, span.text, "unspecified", True, pronoun=pronoun, resolved=False)
        # "Nach Angaben von X", "In der Untersuchung": drop what opens the phrase
        while len(tokens) > 1 and tokens[0].text.lower() in lex.leading_prepositions:
            tokens = tokens[1:]
        inner = unwrap(lex, tokens, span.text, span.start)
        if inner is None:  # a compound wrapper ("Polizeiangaben") or a bare one ("Angaben")
            return compound_wrapper(lex, span, tokens)
        if not inner:
            return Mention(span, span.text, "unspecified", True)
        segments = self._segments(words, inner)
        best = None
        found = []
        for n, segment in enumerate(segments):
            mention = self.segment(span, segment, ctx, definite and n == 0 and segment[0] is tokens[0])
            if mention.pronoun == "epithet" and len(segments) > 1:
                # "der Eigentümer, das Medienhaus Lensing": the apposition names whom the noun means
                mention = replace(mention, pronoun=None)
            found.append(mention)
            if best is not None and best.kind == "official" and best.affiliation and mention.kind != "person":
                # "ein Vertreter des Konzerns X, Y": a name after the affiliation is the affiliation's
                continue
            if best is None or _rank(mention) > _rank(best) or _named_here(mention, span) and not _named_here(best, span):
                # "des Direktors der Fluggesellschaft, Jefferson Jauwena": the name the phrase gives
                # beats the person an earlier role noun of the article named
                best = mention
        if best.kind == "organization" and found[0] is best and len(best.name.split()) >= 2 \
                and not lex.has_org_part(best.name) and any(m.kind == "official" for m in found[1:]):
            # "Tony Auden, ein Sprecher des Warnzentrums": a name with a role in apposition is a
            # person, whatever type the entity tagger gave it
            best = replace(best, kind="person")
        if self._never_named(best, ctx):
            best = replace(best, anonymous=True)
        role = bool(best.head) and lex.is_role(best.head)
        return replace(best, role=role, gender=lex.noun_gender(best.head) if role else None)

    def _never_named(self, mention: Mention, ctx: Context | None) -> bool:
        """An organisation named by what it does at an event ("die Veranstalter") that the article never
        names: no entity behind the phrase, and no one it names with that noun ("der Organisator X")."""
        head = mention.head or ""
        if mention.kind != "organization" or mention.entity is not None or ctx is None \
                or not self.lexicon.ends_with(head, self.lexicon.event_bodies):
            return False
        if mention.span is not None and (ctx.entity_at(mention.span.start, mention.span.end) is not None
                                         or body_in_apposition(mention.span, ctx)):
            return False  # "die Initiatoren, unter ihnen die ALA"
        end = len(getattr(ctx, "text", None) or "") + 1
        # "nach Angaben der Veranstalter … der Organisator Karl Brenner": one of these nouns names them;
        # or a clause that says who organised the event ("… hatte der Verein X aufgerufen")
        return not any(ctx.organization_with_noun(noun, end) or ctx.person_with_role(noun, end)
                       for noun in self.lexicon.event_bodies) and not ctx.organizers_named()

    def _segments(self, words: list[Word], inner: list[Word]) -> list[list[Word]]:
        """Appositions separated by commas are classified one by one ("Rob
        Mueller, Klub-Sekretär der Buitenboys")."""
        keep = {id(w) for w in inner}
        first = inner[0]
        segments, current = [], []
        for word in words:
            if word.start < first.start:
                continue
            if word.text == ",":
                if current:
                    segments.append(current)
                current = []
                continue
            if word.upos == "PUNCT" or id(word) not in keep and word.upos != "PUNCT":
                if id(word) not in keep:
                    continue
            current.append(word)
        if current:
            segments.append(current)
        return segments or [inner]

    def segment(self, span: Span, tokens: list[Word], ctx: Context | None, definite: bool = False) -> Mention:
        """One apposition of a phrase, read by the components in turn: an outlet, a name, the head noun."""
        phrase = read_phrase(self.lexicon, span, tokens, definite)
        for step in (outlets.outlet, names.quoted_body, names.body_name):
            mention = step(self, phrase, ctx)
            if mention is not None:
                return mention
        phrase, entity, words = names.read_names(self.lexicon, phrase, ctx)
        if entity is not None or words:
            return names.named(self, phrase, entity, words, ctx)
        return nouns.classify(self, phrase, ctx)

    def nominative(self, words: Sequence[Word]) -> str:
        return nominative(self.lexicon, words)


def _named_here(m: Mention, span: Span) -> bool:
    """A person whose surname the phrase itself writes."""
    return m.kind == "person" and bool(m.name.split()) and m.name.split()[-1] in span.text


def _rank(m: Mention) -> int:
    """Which apposition names the source best: a name, then a specific kind."""
    return (3 if m.entity or m.kind in ("person", "outlet") else 0) + {
        "person": 3, "outlet": 3, "organization": 2, "official": 2, "anonymous": 1, "unspecified": 0}[m.kind]
