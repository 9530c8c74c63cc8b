"""Kinds and anonymity: what a speaker phrase names, by the conventions of
the speaker-kind labels (``SPEAKER-KINDS.md`` beside the WIKINEWS data).

The phrase is read from its head noun outwards: the wrapper noun of "Angaben
der Polizei" only says how the source spoke (the source is the police); a name
in the head part is an entity of the article (its type gives the kind); role
nouns are officials, or the person the article names for that role;
institution nouns are organisations; collective and vague nouns are
unspecified; the markers of anonymity make an anonymous source. Pronouns are
not classified here: :mod:`provenance.sources.coref` finds what they refer to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from provenance.config import Config
from provenance.records import SourceKind, Span, Word
from provenance.sources.lexicon import Lexicon, merge_hyphens

QUOTES = "„“”\"'‚‘’»«›‹"
# the name of a source the text gives only as a wrapper noun ("nach Angaben")
UNNAMED = "unnamed source"
# phrases that point back, classified as they stand for where no referent is found ("die Studie", "in
# einer Erklärung": content of unknown authorship; "die Aktivistin": an unnamed individual)
SELF_STANDING = ("document", "statement", "epithet")
_AGE = re.compile(r"^\d+[-–]?[Jj]ährige[nrm]?$")
# the age split by the tokenizer ("53 | - | jährige Uribe"): the surname is then the head
_AGE_SPLIT = re.compile(r"^[Jj]ährige[nrm]?$")
# "das Team um Anna Roth": a body's noun, then the person it is named after
_TEAM_OF = re.compile(r"\b([A-ZÄÖÜ]\w+)\s+um\s+(?=[A-ZÄÖÜ])")
_NOMINAL_ADJECTIVES = ("beamte", "angestellte", "vorsitzende", "abgeordnete", "verdächtige", "jährige", "bekannte",
                       "verwandte", "angehörige", "beauftragte", "delegierte", "gefangene", "betroffene", "vertraute",
                       "unbekannte", "tatverdächtige", "angeklagte", "beschuldigte", "befragte", "offizielle")


@dataclass(frozen=True, slots=True)
class Mention:
    """One speaker phrase, classified."""

    span: Span | None  # None: known from metadata, not from the text
    name: str
    kind: SourceKind
    anonymous: bool
    descriptor: str | None = None
    affiliation: str | None = None
    definite: bool = False
    entity: str | None = None  # entity id
    resolved: bool = True
    pronoun: str | None = None  # set when the phrase must be resolved: "personal", "demonstrative", …
    head: str | None = None  # the head noun, lower case
    guessed: bool = False  # no word list knew the head noun: a weak antecedent
    role: bool = False  # the head noun is a role noun ("Beamter", "Regierungsvertreter")
    gender: str | None = None  # the role noun's, where its form tells: "Sprecherin" Fem, "Sprecher" Masc


class Context(Protocol):
    """What a phrase can be checked against in its article."""

    def entity_at(self, start: int, end: int) -> tuple[str, str, str] | None:
        """(entity id, name, type) of the entity mentioned inside [start, end)."""

    def person_with_role(self, role: str, before: int) -> tuple[str, str] | None:
        """(id, name) of a person the article introduced with this role noun."""

    def organization_with_noun(self, noun: str, before: int) -> tuple[str, str, str] | None:
        """(id, name, type) of an organisation or outlet introduced with this noun."""

    def last_outlet(self, before: int) -> tuple[str, str] | None:
        ...

    def outlet_right_after(self, offset: int) -> tuple[str, str] | None:
        """(id, name) of an outlet named right after ``offset``."""

    def person_right_after(self, offset: int) -> tuple[str, str] | None:
        """(id, name) of a person named right after ``offset``."""

    def person_by_surname(self, word: str) -> tuple[str, str] | None:
        """(id, name) of the person named in full whose surname ``word`` is."""

    def organization_ending_with(self, word: str) -> tuple[str, str] | None:
        """(id, name) of the body whose name ends with ``word``."""

    def organizers_named(self) -> bool:
        """The article names, by a clause, a body that organised its event."""


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
        pronoun = self._pronoun(tokens, lowered)
        if pronoun is not None:
            return Mention(span, span.text, "unspecified", True, pronoun=pronoun, resolved=False)
        # "Nach Angaben von X", "In der Untersuchung": drop what opens the phrase
        while len(tokens) > 1 and tokens[0].text.lower() in self.lexicon.leading_prepositions:
            tokens = tokens[1:]
        inner = self._unwrap(tokens, span.text, span.start)
        if inner is None:  # a compound wrapper ("Polizeiangaben") or a bare one ("Angaben")
            return self._compound_wrapper(span, tokens)
        if not inner:
            return Mention(span, span.text, "unspecified", True)
        segments = self._segments(words, inner)
        best = None
        found = []
        for n, segment in enumerate(segments):
            mention = self._segment(span, segment, ctx, definite and n == 0 and segment[0] is tokens[0])
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
                                         or self._body_in_apposition(mention.span, ctx)):
            return False  # "die Initiatoren, unter ihnen die ALA"
        end = len(getattr(ctx, "text", None) or "") + 1
        # "nach Angaben der Veranstalter … der Organisator Karl Brenner": one of these nouns names them;
        # or a clause that says who organised the event ("… hatte der Verein X aufgerufen")
        return not any(ctx.organization_with_noun(noun, end) or ctx.person_with_role(noun, end)
                       for noun in self.lexicon.event_bodies) and not ctx.organizers_named()

    # -- pieces ---------------------------------------------------------------

    def _pronoun(self, tokens: list[Word], lowered: list[str]) -> str | None:
        lex = self.lexicon
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
        # "ihrer Presseerklärung", "seinem Bericht": a document of the one the possessive refers to
        if 1 <= len(core) <= 3 and core[0] in lex.possessives and all(
                lex.ends_with(t, lex.wrappers | lex.document_nouns) or t in ("meinung", "worten", "ansicht", "angaben")
                for t in core[1:]):
            return "eigen" if core[0].startswith("eigen") else "possessive"
        return None

    def _unwrap(self, tokens: list[Word], text: str | None = None, start: int = 0) -> list[Word] | None:
        """The words after a wrapper noun ("Angaben der Polizei" → "Polizei");
        None for a wrapper with nothing after it."""
        lex = self.lexicon
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

    def _compound_wrapper(self, span: Span, tokens: list[Word]) -> Mention:
        """"Polizeiangaben", "Behördenangaben", "Augenzeugenberichten",
        "Militärangaben": the first part of the compound is the source."""
        lex = self.lexicon
        # the compound, not what follows it ("Zeugenaussagen „Britain First“")
        head = next((t.text for t in tokens if t.text[:1].isupper() and lex.ends_with(t.text, lex.wrappers)
                     and t.text.lower() not in lex.wrappers), tokens[-1].text)
        low = head.lower()
        stem = ""
        for wrapper in sorted(lex.wrappers | lex.unspecified_nouns | lex.document_nouns, key=len, reverse=True):
            for ending in ("", "n", "en"):
                form = wrapper + ending
                if low.endswith(form) and len(low) > len(form) + 2:
                    stem = low[:-len(form)].rstrip("s-") if not low[:-len(form)].endswith("ss") else low[:-len(form)]
                    break
            if stem:
                break
        if not stem:
            if low in lex.wrappers:
                # a bare "Angaben", "Ansicht": how someone spoke, not who; the wrapper is never a name
                return Mention(span, UNNAMED, "unspecified", True, span.text, head=low)
            return Mention(span, self.lexicon.strip_articles(span.text), "unspecified", True, head=low)
        if lex.ends_with(stem, lex.anonymous_nouns) or lex.ends_with(stem + "n", lex.anonymous_nouns):
            return Mention(span, stem.capitalize(), "anonymous", True, head=low)
        body = lex.authority_body(stem) or lex.authority_body(stem + "n")
        if body is not None:
            # "Polizeibehördenangaben": the body the compound names
            return Mention(span, body.capitalize(), "organization", False, head=low)
        if lex.ends_with(stem, lex.authority_nouns) or lex.ends_with(stem + "n", lex.authority_nouns):
            # "Behördenangaben", "Gesundheitsbehördenangaben": unnamed, unspecific authorities
            return Mention(span, self.lexicon.strip_articles(span.text), "unspecified", True, head=low)
        if lex.ends_with(stem, lex.generic_media) or lex.ends_with(stem, lex.generic_groups):
            return Mention(span, self.lexicon.strip_articles(span.text), "unspecified", True, head=low)
        if lex.ends_with(stem, lex.org_words) or stem in ("militär", "armee", "polizei", "regierung"):
            return Mention(span, stem.capitalize(), "organization", False, head=low)
        hit = lex.outlet(stem, strict=False) or lex.outlet(head.split("-")[0], strict=False)
        if hit is not None:
            return Mention(span, hit[0], "outlet", False, head=low)
        first = head.split("-")[0]
        if "-" in head and len(first) >= 2 and first.isupper():
            # "USGS-Angaben", "UNHCR-Angaben": an acronym names the body that gave them
            return Mention(span, first, "organization", False, head=low)
        return Mention(span, self.lexicon.strip_articles(span.text), "unspecified", True, head=low)

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

    def _segment(self, span: Span, tokens: list[Word], ctx: Context | None, definite: bool = False) -> Mention:
        lex = self.lexicon
        text = " ".join(w.text for w in tokens).replace("( ", "(").replace(" )", ")")
        lowered_text = text.lower()
        first_lower = tokens[0].text.lower()
        definite = definite or first_lower in lex.definite
        indefinite = first_lower in lex.indefinite
        # the head part and the affiliation ("Sprecher | des Weißen Hauses")
        head_index, cut = self._head(tokens)
        head_part, affiliation_words = tokens[:cut], tokens[cut:]
        head = tokens[head_index] if head_index is not None else None
        head_low = head.text.lower() if head is not None else ""
        affiliation = " ".join(w.text for w in affiliation_words) or None
        start, end = tokens[0].start, tokens[-1].end
        head_start, head_end = head_part[0].start, head_part[-1].end if head_part else end

        # 1. an outlet: the gazetteer, or a media noun before a name
        core = self.lexicon.strip_articles(text).strip(QUOTES + " ")
        hit = lex.outlet(text) or lex.outlet(core, strict=False) if core in lex.outlet_names else lex.outlet(text)
        if hit is not None and self._outlet_is_head(hit[1], text, head):
            entity = ctx.entity_at(start, end) if ctx else None
            return Mention(span, hit[0], "outlet", False, _descriptor(text, hit[1], lex), None,
                           entity=entity[0] if entity and entity[2] == "outlet" else None, head=head_low)
        if head is not None and lex.ends_with(head_low, lex.media_nouns) and not lex.ends_with(head_low, lex.generic_media) \
                and not lex.ends_with(head_low, lex.not_media):
            rest = [w for w in tokens[head_index + 1:] if w.text not in QUOTES]
            named = [w for w in rest if w.text[:1].isupper() or w.text.strip(QUOTES)[:1].isupper()]
            if named and (rest[0] is named[0] or rest[0].text.lower() in ("the", "der", "die", "das", "la", "le", "el")):
                name = " ".join(w.text for w in rest).strip(QUOTES + " ")
                name = re.sub(r"^[" + QUOTES + r"]+|[" + QUOTES + r"]+$", "", name)
                entity = ctx.entity_at(rest[0].start, rest[-1].end) if ctx else None
                return Mention(span, name, "outlet", False, head.text, None, entity=entity[0] if entity else None,
                               head=head_low)
            proper = [w for w in head_part[:head_index] if w.upos == "ADJ" and w.text[:1].isupper() and w.index > 1]
            if proper and head_index is not None:
                # "des Bayerischen Rundfunks", "der Mitteldeutschen Zeitung": a capitalised adjective
                # inside the phrase makes the media noun part of a name
                name = self.nominative(head_part[head_part.index(proper[0]):head_index + 1])
                return Mention(span, name, "outlet", False, name, None, definite, head=head_low)
            after = ctx.outlet_right_after(span.end) if ctx is not None and head is tokens[-1] else None
            if after is not None:
                # "die Tageszeitung | „taz“": the name the speaker span stopped before is the outlet's
                return Mention(span, after[1], "outlet", False, None, None, definite, entity=after[0], head=head_low)
            if definite and not indefinite:
                last = ctx.organization_with_noun(head_low, span.start) if ctx else None
                if last is not None and last[2] == "outlet":
                    return Mention(span, last[1], "outlet", False, None, None, True, entity=last[0], head=head_low)
                last = ctx.last_outlet(span.start) if ctx else None
                if last is not None:
                    return Mention(span, last[1], "outlet", False, None, None, True, entity=last[0], head=head_low)
            if head.feat("Number") != "Plur" and (lex.ends_with(head_low, lex.state_media)
                                          or any(w.text.lower() in lex.state_media for w in head_part)):
                # "die staatliche libanesische Nachrichtenagentur", "das ägyptische Staatsfernsehen":
                # a country's state medium is one specific outlet, even unnamed
                return Mention(span, self.nominative(head_part), "outlet", False, self.nominative(head_part),
                               affiliation, definite, head=head_low)
            # "eines Lokalsenders": an unnamed medium
            return Mention(span, self.lexicon.strip_articles(text), "unspecified", True, definite=definite, head=head_low)

        # 2. a body's name in quotation marks ("der neue „Oberste Rat zur Wiederherstellung der Demokratie“"),
        # whatever the tagger made of its words
        quoted = self._quoted_body(span, start, head.start) if head is not None else None
        if quoted is not None:
            entity = ctx.entity_at(head_start, end) if ctx else None
            return Mention(span, quoted, "organization", False, None, None, definite,
                           entity=entity[0] if entity and entity[2] == "organization" else None, head=head_low)

        # 2. a body whose name reads as common words ("Ärzte ohne Grenzen", "ai"), the head inside it
        if head is not None:
            head_text = " ".join(w.text for w in head_part)
            where = lex.body_name(head_text)
            at = sum(len(w.text) + 1 for w in head_part[:head_index])
            if where is not None and where[0] <= at < where[1]:
                return Mention(span, head_text[where[0]:where[1]], "organization", False, None, affiliation,
                               definite, head=head_low)

        # 2. a name in the head part: the entity it belongs to
        entity = ctx.entity_at(head_start, head_end) if ctx else None
        if entity is not None and all(w.upos == "NOUN" and lex.is_common(w.text) and not any(c.isupper() for c in w.text[1:])
                                      for w in head_part if w.upos not in ("DET", "ADJ", "ADP", "NUM", "PRON")) \
                and not any(c.isupper() for w in head_part for c in w.text[1:]):
            # "Schätzungen" inside a name the entity tagger made of "die Organisation Schätzungen
            # zufolge": a common noun of the lexicon alone names no one
            entity = None
        if entity is not None and head is not None and "-" in head.text and lex.is_role(head_low) \
                and not any(w.upos == "PROPN" for w in head_part if w is not head):
            # "der UN-Generalsekretär": the name inside a role compound is the role's institution,
            # the phrase names the role holder
            entity = None
        if head is not None and "-" in head.text and lex.ends_with(head_low, lex.generic_groups) \
                and not lex.is_role(head_low) and head_part[-1] is head:
            # "Brandt-Kenner", "SPD-Anhänger": the name inside the compound says what the group is
            # about; a name after it ("FDP-Finanzexperte Jürgen Koppelin") is the speaker's
            entity = None
            head_part = [w for w in head_part if w is head or w.upos != "PROPN"]
        names = [w for w in head_part if (w.upos == "PROPN" or (w.upos in ("NOUN", "X") and w.text.isupper()
                                                                and len(w.text) > 1)) and not lex.is_common(w.text)
                 and not lex.ends_with(w.text.lower(), lex.time_words)]  # "einer am Dienstag veröffentlichten …"
        if head is not None and lex.is_role(head_low) and names and all(
                n.start > head.start and lex.is_place(n.text) for n in names):
            # "der Präsident Irans", "der Vertreter Libyens": the country is the role's affiliation,
            # the phrase names the role holder
            entity, names = None, []
        genitive = next((k for k, w in enumerate(head_part[:-1]) if w in names and w.text.endswith("s")
                         and head_part[k + 1].upos == "NOUN" and lex.is_role(head_part[k + 1].text)), None)
        after = [n for n in names if genitive is not None and n.start > head_part[genitive + 1].start]
        if genitive is not None and not after and names == [head_part[genitive]] and head is head_part[genitive] \
                and lex.is_place(head.text) and head_part[genitive + 1] is head_part[-1]:
            # "Irans Außenminister": the country in the genitive is whose role holder speaks
            head_index = genitive + 1
            head = head_part[head_index]
            head_low = head.text.lower()
            entity, names, definite = None, [], True  # a genitive makes the phrase definite
        if after and ctx is not None:
            # "Kölns Präsident Wolfgang Overath", "Schalkes Trainer Felix Magath": the body in the
            # genitive before the role is the role's; the name after it is the speaker's
            found = ctx.entity_at(after[0].start, after[-1].end)
            if found is not None and found[2] == "person":
                entity, names = found, after
        # the name after the head, also one the tagger called a common noun ("ein Sprecher Koch-Mehrins")
        after_head = names or ([w for w in head_part[head_index + 1:] if w.text[:1].isupper()]
                               if entity is not None and head_index is not None else [])
        if head is not None and after_head and head not in after_head and all(n.start > head.start for n in after_head) \
                and self._genitive_name(after_head, entity, ctx) and (lex.is_role(head_low) or lex.ends_with(
                    head_low, lex.private_nouns) or lex.ends_with(head_low, lex.generic_groups)
                                                            or lex.is_org_word(head_low) and entity is not None
                                                            and entity[2] == "person"):
            # "die Anwältin Samanis", "ein Sprecher Koch-Mehrins", "Anhänger Saddam Husseins", "die
            # Verteidigung Saddam Husseins": the name in the genitive is whose role holder, group or
            # body the phrase names, not the speaker
            entity, names = None, []
            affiliation_words = tokens[head_index + 1:]
            head_part = tokens[:head_index + 1]
            affiliation = " ".join(w.text for w in affiliation_words)
        if entity is not None or names:
            if entity is not None:
                entity_id, name, etype = entity
            else:
                entity_id, name = None, " ".join(w.text for w in names)
                # no entity for the name: an acronym, a name with an institution word or a
                # country is a body; other names are people's
                acronym = len(names) == 1 and sum(c.isupper() for c in name) >= 2 and name.isupper()
                etype = "organization" if acronym or lex.has_org_part(name) or lex.is_place(name) else "person"
            if etype != "person" and " " not in name and name.endswith("s") and not lex.is_place(name) \
                    and ctx is not None:
                # "Grupps Meinung" with "Grupps" tagged as a place: the genitive of a person's surname
                person = ctx.person_by_surname(name[:-1])
                if person is not None and person[1].split()[-1] == name[:-1]:
                    entity_id, name, etype = person[0], person[1], "person"
            last = name.split()[-1].lower()
            compound = head is not None and "-" in head.text and head.text.lower() != last \
                and lex.is_org_word(head.text.split("-")[-1].lower()) and not lex.is_role(head_low) \
                and not lex.ends_with(head_low, lex.member_words)
            if etype == "person" and (" " in name and (lex.is_org_word(last) or last in lex.places) or compound):
                # "Hoover Institution", "Wikimedia Deutschland" tagged as a person: its last word names a body
                etype = "organization"
            kind: SourceKind = {"person": "person", "organization": "organization", "outlet": "outlet",
                                "place": "organization", "other": "organization"}[etype]
            if head is not None and head not in names and not lex.is_role(head_low):
                if lex.is_org_word(head_low) or lex.ends_with(head_low, lex.document_nouns | lex.law_nouns):
                    kind = "organization" if etype != "person" or lex.is_org_word(head_low) else "person"
                    after = head_part[head_index + 1:] if head_index is not None else []
                    if etype == "person" and len(name.split()) >= 2 and after and all(w in names for w in after) \
                            and lex.ends_with(head_low, lex.member_words):
                        # "Osram-Vorstand Martin Goetzler": a full name after a board that also
                        # names its members is the member who speaks
                        kind = "person"
            if head is not None and lex.is_role(head_low) and etype in ("organization", "place", "other") \
                    and head_index is not None and head_index < len(head_part) - 1 and etype != "outlet":
                # "Sprecher Müller" typed ORG by mistake stays a person; "Präsident der Region X" has
                # its name in the affiliation and never gets here
                kind = "person" if entity is None or etype == "other" else kind
            descriptor = self.lexicon.strip_articles(" ".join(w.text for w in head_part if w not in names)).strip(" ,") or None
            # "Besorgt äußerte sich …": a lone capitalised word opening a sentence, which neither the entity
            # tagger nor the entity layer took for a name, is a weak antecedent
            guessed = entity is None and len(tokens) == 1 and names == tokens and tokens[0].index == 1 \
                and tokens[0].ner == "O"
            return Mention(span, name, kind, False, descriptor, affiliation, definite, entity=entity_id, head=head_low,
                           guessed=guessed)

        # 3. no name: the head noun decides
        anonymous_marked = any(m in lowered_text for m in lex.anonymous_markers)
        descriptor = self.nominative(head_part)
        readable = f"{descriptor} {affiliation}" if affiliation else descriptor
        if head is None:
            return Mention(span, self.lexicon.strip_articles(text) or text, "unspecified", True, head=head_low)
        # the article knows the number better than a small tagger does at the noun ("Die Mönche")
        article = next((w for w in head_part if w.start < head.start and _is_article(w)), None)
        plural = head.feat("Number") == "Plur" or article is not None and article.feat("Number") == "Plur"
        if anonymous_marked or lex.ends_with(head_low, lex.anonymous_nouns):
            return Mention(span, readable, "anonymous", True, descriptor, affiliation, definite, head=head_low)
        if lex.ends_with(head_low, lex.collective_nouns) and not affiliation_words:
            # "die Menschenmenge": a crowd of no one in particular
            return Mention(span, readable, "unspecified", True, descriptor, affiliation, definite, head=head_low)
        if lex.ends_with(head_low, lex.generic_groups) and (plural or not (definite or indefinite)) \
                and not (indefinite and lex.is_role(head_low)):
            issuer = self._issuer(affiliation_words, ctx)
            if issuer is not None and issuer.kind in ("organization", "outlet") and not (
                    issuer.entity is None and lex.ends_with(issuer.head or "", lex.law_nouns | lex.document_nouns)):
                # "die Demonstranten der UDD" speak for the UDD; "Gegner des Gesetzes" for no law
                return replace(issuer, span=span, descriptor=descriptor, head=head_low)
            if definite and plural and not affiliation_words and ctx is not None \
                    and any(w.text.lower() in ("beiden", "beide") for w in head_part):
                # "die Politiker Anna Roth und Karl Brenner … nach Meinung der beiden Politiker": a
                # counted, definite group points back to people the article named with that noun
                person = ctx.person_with_role(head_low, span.start)
                if person is not None:
                    return Mention(span, person[1], "person", False, descriptor, affiliation, True,
                                   entity=person[0], head=head_low)
            if definite and plural and not affiliation_words and ctx is not None and lex.is_role(head_low):
                # "Das Team um Anna Roth … fordern die Wissenschaftler": a definite group of role
                # holders points back to the team the article named after its head
                leader = self._team_leader(span, ctx)
                if leader is not None:
                    return Mention(span, leader[1], "person", False, descriptor, affiliation, True,
                                   entity=leader[0], head=head_low)
            return Mention(span, readable, "unspecified", True, descriptor, affiliation, definite, head=head_low)
        if lex.is_role(head_low) and plural and not (definite or indefinite) and not affiliation_words \
                and not lex.ends_with(head_low, lex.rank_and_file) and first_lower not in lex.possessives:
            # "laut Gutachtern", "Berater warnen": role holders of no one in particular are a group
            return Mention(span, readable, "unspecified", True, descriptor, affiliation, definite, head=head_low)
        if lex.is_role(head_low):
            holder = self._name_after_affiliation(affiliation_words, ctx)
            if holder is None and ctx is not None and not plural:
                # "die Sprecherin der Fraktion | , Anna Roth": the name the speaker span stopped before
                holder = ctx.person_right_after(span.end)
            if holder is not None:
                # "Der Bürgermeister von Freising Herr Dieter Thalhammer", "der Vorsitzende des
                # Ausschusses Alain Lamassou": the role holder's name closes the affiliation
                return Mention(span, holder[1], "person", False, descriptor, affiliation, definite, entity=holder[0],
                               head=head_low)
            if (definite or first_lower in lex.possessives) and ctx is not None:
                person = ctx.person_with_role(head_low, span.start)
                if person is not None:
                    return Mention(span, person[1], "person", False, descriptor, affiliation, True, entity=person[0],
                                   head=head_low)
            anonymous = bool(affiliation_words) and affiliation_words[0].text.lower() in ("eines", "einer")
            # "ein Beamter", "US-Beamte": unnamed officials without a speaking function; "ein Wissenschaftler",
            # "ein Ministeriumsvertreter": a role holder of no institution the article identifies, who does not
            # speak for one by office. Both are unidentified individuals
            unidentified = ((indefinite or not definite and plural) and lex.ends_with(head_low, lex.rank_and_file)
                            or indefinite and not plural and not affiliation_words
                            and not lex.ends_with(head_low, lex.speaking_roles))
            if unidentified and not self._named_body(affiliation_words, head, ctx):
                return Mention(span, readable, "anonymous", True, descriptor, affiliation, definite, head=head_low)
            return Mention(span, readable, "official", anonymous, descriptor, affiliation, definite, head=head_low)
        aged = _AGE.match(head.text) and head is not tokens[-1] or \
            head is tokens[-1] and any(_AGE.match(t.text) or _AGE_SPLIT.match(t.text) for t in tokens[:-1])
        if aged and tokens[-1].text[:1].isupper() and ctx is not None and not lex.is_common(tokens[-1].text):
            # "der 84-jährige Holm": the age before a surname of a person named in full before
            person = ctx.person_by_surname(tokens[-1].text)
            if person is not None:
                return Mention(span, person[1], "person", False, entity=person[0], head=head_low)
        if lex.ends_with(head_low, lex.private_nouns) or _AGE.match(head.text):
            if definite and ctx is not None:
                person = ctx.person_with_role(head_low, span.start)
                if person is None and not plural and (lex.ends_with(head_low, lex.legal_status) or _AGE.match(head.text)):
                    # "Das Gericht verurteilte Karl Holm … Der Verurteilte sagte": the person the
                    # proceedings were about; "Karl Holm … Der 74-Jährige": the person named just before
                    person = ctx.person_without_role(span.start)
                if person is not None:
                    return Mention(span, person[1], "person", False, descriptor, affiliation, True, entity=person[0],
                                   head=head_low)
            counted = any(w.upos == "NUM" or w.text.lower() in ("beiden", "beide") for w in head_part)
            if plural and not counted and lex.ends_with(head_low, lex.generic_groups):
                # "die Anwohner", "Besucher": a group; "die beiden Täter", "zwei Passanten": individuals
                return Mention(span, readable, "unspecified", True, descriptor, affiliation, definite, head=head_low)
            return Mention(span, readable, "anonymous", True, descriptor, affiliation, definite, head=head_low)
        if lex.ends_with(head_low, lex.generic_media) and not head.text[:1].islower():
            return Mention(span, readable, "unspecified", True, descriptor, affiliation, definite, head=head_low)
        if lex.authority_body(head_low) is not None:
            # "den Polizeibehörden in Mombasa", like "Polizeiangaben": the body the compound names
            return Mention(span, readable, "organization", False, descriptor, affiliation, definite, head=head_low)
        if head_low in lex.authority_nouns or (lex.ends_with(head_low, lex.authority_nouns) and plural):
            return Mention(span, readable, "unspecified", True, descriptor, affiliation, definite, head=head_low)
        if lex.ends_with(head_low, lex.law_nouns) and not lex.ends_with(head_low, lex.document_nouns):
            return Mention(span, readable, "organization", False, descriptor, affiliation, definite, head=head_low)
        if (lex.ends_with(head_low, lex.document_nouns) or lex.ends_with(head_low, lex.unspecified_nouns)) \
                and head_low not in lex.document_nouns | lex.unspecified_nouns and not affiliation_words:
            # "Augenzeugenberichten", "Polizeiberichten": the first part of the compound speaks
            compound = self._compound_wrapper(span, [head])
            if compound.kind != "unspecified" or compound.name != self.lexicon.strip_articles(span.text):
                return replace(compound, definite=definite)
        if lex.ends_with(head_low, lex.document_nouns) or lex.ends_with(head_low, lex.unspecified_nouns):
            issuer = self._issuer(affiliation_words, ctx) or self._compound_issuer(head)
            if issuer is not None:
                return replace(issuer, span=span, head=head_low, definite=definite)
            if definite and lex.ends_with(head_low, lex.document_nouns):
                # "der Bericht", "die Studie": points back; the resolver links it
                return Mention(span, readable, "unspecified", True, descriptor, affiliation, True,
                               pronoun="document", head=head_low)
            if indefinite and lex.ends_with(head_low, lex.statement_nouns):
                # "Die Regierung entschuldigte sich. In einer Erklärung hieß es …": a statement is always
                # someone's, here of whom the sentence before spoke about
                return Mention(span, readable, "unspecified", True, descriptor, affiliation, False,
                               pronoun="statement", head=head_low)
            return Mention(span, readable, "unspecified", True, descriptor, affiliation, definite, head=head_low)
        if first_lower in lex.vague_quantifiers:
            # "verschiedene Länderparlamente", "einige Politiker": no one in particular
            return Mention(span, readable, "unspecified", True, descriptor, affiliation, head=head_low)
        if lex.is_org_word(head_low) and plural and head.text.lower() != head.lemma.lower() \
                and not (definite or indefinite) and not affiliation_words:
            # "Schwulenfeindliche Gruppen", "Hilfsorganisationen": bodies of no one in particular
            return Mention(span, readable, "unspecified", True, descriptor, affiliation, definite, head=head_low)
        if lex.is_org_word(head_low) or head_low in lex.places:
            if ctx is not None and definite:
                known = ctx.organization_with_noun(head_low, span.start)
                if known is not None and known[2] != "outlet":
                    return Mention(span, known[1], "organization", False, descriptor, affiliation, True,
                                   entity=known[0], head=head_low)
            if head_low in lex.places:
                readable = head.text
            return Mention(span, self.lexicon.strip_articles(text), "organization", False, None, None, definite, head=head_low)
        if len(tokens) == 1 and head.text[:1].isupper() and not definite and not indefinite and ctx is not None:
            # a bare capitalised word the tagger took for a noun ("Berninger sagte"): the surname of a
            # person the article names
            person = ctx.person_by_surname(head.text)
            if person is not None:
                return Mention(span, person[1], "person", False, entity=person[0], head=head_low)
        if len(tokens) == 1 and head.text[:1].isupper() and not definite and not indefinite and not plural \
                and head.text == head.lemma and len(head.text) > 2 and head.upos in ("PROPN", "NOUN", "X"):
            # a bare capitalised word no list knows, speaking on its own: most often a surname
            return Mention(span, head.text, "person", False, head=head_low, guessed=True)
        if ctx is not None and head is tokens[-1] and head.text[:1].isupper() and not plural \
                and not lex.is_common(head.text) and len(head.text) > 2:
            # "der 84-jährige Küng": a surname the tagger took for a common noun, after adjectives
            person = ctx.person_by_surname(head.text)
            if person is not None:
                return Mention(span, person[1], "person", False, entity=person[0], head=head_low)
        # "die beiden Sängerinnen": counted, definite people are individuals the article named, not a group
        counted = any(w.upos == "NUM" or w.text.lower() in ("beiden", "beide") for w in head_part)
        epithet = self._epithet(span, head, head_part, definite and (not plural or counted), ctx)
        if epithet is not None:
            return replace(epithet, descriptor=descriptor, affiliation=affiliation)
        form_gender = lex.person_noun_form(head.text)
        if indefinite and not plural and head.upos == "NOUN" and head is head_part[-1] \
                and form_gender is not None and form_gender == head.feat("Gender"):
            # "ein islamistischer Prediger", "eine Aktivistin": a person noun by its form no list knows, with an
            # indefinite article, is an unidentified individual (as "ein Wissenschaftler")
            return Mention(span, readable, "anonymous", True, descriptor, affiliation, definite, head=head_low)
        if plural and definite and affiliation_words and head.upos == "NOUN" \
                and lex.person_noun_form(head.text) is None:
            issuer = self._issuer(affiliation_words, ctx)
            if issuer is not None and issuer.entity is not None and issuer.kind in ("organization", "outlet"):
                # "die so genannten Gelbhemden der PAD": a definite group no list knows, of a body the
                # article names, speaks for that body (as "die Demonstranten der UDD"); a person noun
                # by its form ("die Kämpfer der X") names individuals of it
                return replace(issuer, span=span, descriptor=descriptor, head=head_low)
        if head.upos == "PROPN" or head.text[:1].isupper() and definite:
            return Mention(span, self.lexicon.strip_articles(text), "organization", False, None, None, definite, head=head_low,
                           guessed=True)
        return Mention(span, self.lexicon.strip_articles(text) or text, "unspecified", True, definite=definite, head=head_low,
                       guessed=True)

    def _epithet(self, span: Span, head: Word, head_part: list[Word], individual: bool,
                 ctx: Context | None) -> Mention | None:
        """"die Aktivistin", "der Berliner", "die beiden Sängerinnen": a definite person noun no list
        knows, singular or counted, refers back to someone of the article, like a pronoun of its gender
        (:mod:`.coref` resolves it); the person the article names with that noun, if it does; where no
        one is found, an unnamed individual (anonymous)."""
        gender = self.lexicon.person_noun_form(head.text)
        if not individual or head.upos != "NOUN" or head is not head_part[-1] or gender is None:
            return None
        counted = any(w.upos == "NUM" or w.text.lower() in ("beiden", "beide") for w in head_part)
        if gender == "Masc" and head_part[0].text.lower() == "die" and not counted:
            return None  # "die Kanadier": a masculine noun after "die" is a plural, a group
        if self._body_in_apposition(span, ctx):
            return None  # "der Eigentümer, das Medienhaus X": the apposition names whom the noun means
        head_low = head.text.lower()
        person = ctx.person_with_role(head_low, span.start) if ctx is not None else None
        if person is not None:
            return Mention(span, person[1], "person", False, definite=True, entity=person[0], head=head_low)
        return Mention(span, self.nominative(head_part), "anonymous", True, definite=True, head=head_low,
                       pronoun="epithet")

    def _quoted_body(self, span: Span, start: int, head_start: int) -> str | None:
        """The name in quotation marks that opens the phrase from ``start`` (after articles and
        adjectives) up to its head noun, where it holds an institution word: "Oberste Rat zur
        Wiederherstellung der Demokratie"; not a name in the affiliation ("der „Polizei von X“")."""
        # the span may stop inside the name, before its closing mark
        found = re.search(r"[„“\"»]([A-ZÄÖÜ][^„“”\"«»]*)(?:[“”\"«]|$)", span.text[start - span.start:])
        if found is None or start + found.start() > head_start:
            return None
        name = found.group(1).strip()
        words = [w for w in re.findall(r"[\w-]+", name) if w[:1].isupper()]
        return name if any(self.lexicon.is_org_word(w) and not self.lexicon.is_role(w) for w in words) else None

    @staticmethod
    def _body_in_apposition(span: Span, ctx: Context | None) -> bool:
        """A noun phrase with a name stands in apposition right after the span
        (", das … Medienhaus Lensing,", ", unter ihnen die ALA"), not a clause ("…, der Westen sei verloren")."""
        text = getattr(ctx, "text", None) or ""
        found = re.match(r"\s*,\s*(?:der|die|das|ein|eine|unter ihnen|darunter)\b[^,.;:]*", text[span.end:span.end + 120])
        if found is None:
            return False
        return ctx.entity_at(span.end + found.start(), span.end + found.end()) is not None

    def _head(self, tokens: list[Word]) -> tuple[int | None, int]:
        """Position of the head noun and where the affiliation starts."""
        head = None
        for k, word in enumerate(tokens):
            low = word.text.lower()
            if head is not None and (low in self.lexicon.affiliation_openers or word.text == "("):
                # "Präsident der Region Elsass Adrien Zeller": a person's name after the
                # affiliation still belongs to the head part
                return head, k
            # a capitalised word of another class may be a name the tagger misread, but not an adverb
            # or a conjunction opening the sentence ("Auch die Sprecherin", "Einzig Sony")
            if word.upos in ("NOUN", "PROPN", "X") or (word.text[:1].isupper() and word.upos not in (
                    "DET", "ADJ", "ADP", "PRON", "NUM", "ADV", "CCONJ", "SCONJ", "PART")):
                if head is None or tokens[head].upos == "NOUN" and word.upos == "NOUN" and k == head + 1 \
                        and self.lexicon.is_role(word.text) and not self.lexicon.is_role(tokens[head].text):
                    head = k
        return head, len(tokens)

    def _named_body(self, affiliation: list[Word], head: Word, ctx: Context | None) -> bool:
        """The role holder's body is named: "ein Mitarbeiter der Welthungerhilfe", "ein
        BA-Sachbearbeiter"; not "ein Beamter der Stadtverwaltung", "eines Mitarbeiters einer NGO"."""
        prefix = head.text.rsplit("-", 1)[0] if "-" in head.text else ""
        if prefix[:1].isupper() and (prefix.isupper() or self.lexicon.outlet(prefix, strict=False) is not None):
            return True
        body = self.lexicon.institution_compound(head.text) or self.lexicon.implied_body(head.text)
        text = getattr(ctx, "text", None) or ""
        if body is not None and re.search(r"\b" + re.escape(body.capitalize()) + r"\b", text):
            # "Die Polizei sucht Zeugen … eine Polizeistreife", "Die Feuerwehr … einer der Feuerwehrmänner":
            # the compound names a body the article names; not "ein Ministeriumsbeamter" of no ministry named;
            # a rank implies its body ("ein Hauptkommissar" of the police)
            return True
        if not affiliation or affiliation[0].text.lower() in ("eines", "einer", "einem"):
            return False
        if ctx is None or any(self.lexicon.ends_with(w.text.lower(), self.lexicon.anonymous_nouns) for w in affiliation):
            return False  # "eines Mitarbeiters des Roten Kreuzes sowie anderer Augenzeugen"
        entity = ctx.entity_at(affiliation[0].start, affiliation[-1].end)
        if entity is not None:
            return entity[2] in ("organization", "outlet")
        nouns = [w for w in affiliation if w.upos in ("NOUN", "PROPN")]
        return bool(nouns) and not self.lexicon.is_org_word(nouns[0].text.lower()) \
            and ctx.organization_ending_with(nouns[0].text) is not None

    def _team_leader(self, span: Span, ctx: Context, window: int = 1500) -> tuple[str, str] | None:
        """(id, name) of the person whose team ("das Team um Anna Roth", "die Gruppe um
        Karl Brenner") the article named last in the ``window`` characters before ``span``."""
        text = getattr(ctx, "text", None) or ""
        low = max(0, span.start - window)
        for found in reversed(list(_TEAM_OF.finditer(text, low, span.start))):
            if not self.lexicon.is_org_word(found.group(1)):
                continue
            after = found.end()
            person = ctx.entity_at(after, min(after + 60, span.start))
            if person is not None and person[2] == "person" and person[1].split()[-1] in text[after:after + 60]:
                return person[0], person[1]
            return None
        return None

    def _genitive_name(self, names: list[Word], entity: tuple[str, str, str] | None, ctx: Context | None) -> bool:
        """The name is written in the genitive: "Samanis" of the entity "Ali Samani", "Libyens"."""
        last = names[-1].text
        if not last.endswith("s") or last.endswith("ss") or len(last) < 4:
            return False
        if self.lexicon.is_place(last) and last.lower() not in self.lexicon.places:
            return True
        if entity is not None and entity[2] == "person" and entity[1].split()[-1] == last[:-1]:
            return True
        # "ein Sprecher Koch-Mehrins" with the genitive tagged as a body: the surname of a person named
        person = ctx.person_by_surname(last[:-1]) if ctx is not None and len(names) == 1 else None
        return person is not None and person[1].split()[-1] == last[:-1]

    def _name_after_affiliation(self, affiliation: list[Word], ctx: Context | None) -> tuple[str, str] | None:
        """(entity id, name) of the person whose name ends an affiliation."""
        if ctx is None or len(affiliation) < 3:
            return None
        run: list[Word] = []
        for word in reversed(affiliation):
            if word.upos in ("PROPN", "X") or word.upos == "NOUN" and word.text[:1].isupper() \
                    and not self.lexicon.is_common(word.text) and not self.lexicon.is_org_word(word.text):
                run.insert(0, word)
            else:
                break
        titled = [k for k, w in enumerate(run) if w.text.lower().strip(".") in self.lexicon.titles]
        if titled and titled[-1] + 1 < len(run):
            run = run[titled[-1]:]  # "von Freising Herr Dieter Thalhammer": the name follows the title
        names = [w for w in run if w.text.lower().strip(".") not in self.lexicon.titles]
        if len(names) < 2 or run[0] is affiliation[0]:
            return None  # a first name and a surname; one capitalised word may be a place or a body
        before = affiliation[affiliation.index(run[0]) - 1]
        if before.upos == "NOUN" and self.lexicon.ends_with(before.text, self.lexicon.private_nouns):
            return None  # "der Ermittler des Jungen Rhys Jones": the name is the boy's
        if before.upos == "NOUN" and self.lexicon.is_role(before.text) and before is affiliation[1]:
            return None  # "ein Sprecher von Bundeskanzlerin Anna Roth": the name is the chancellor's
        entity = ctx.entity_at(names[0].start, names[-1].end)
        if entity is None or entity[2] != "person" or entity[1].split()[-1] != names[-1].text:
            return None
        return entity[0], entity[1]

    def _outlet_is_head(self, match: re.Match, text: str, head: Word | None) -> bool:
        """"Karl Harb von den Salzburger Nachrichten" is a person; "ein Sprecher
        der Nachrichtenagentur" an official: an outlet in the affiliation is
        not the source."""
        before = text[:match.start()].split()
        if not before:
            return True
        lowered = [b.lower() for b in before]
        if any(b in self.lexicon.affiliation_openers - {"der", "des"} for b in lowered):
            return False
        if head is not None and head.text in text[:match.start()]:
            low = head.text.lower()
            if self.lexicon.is_role(low) or self.lexicon.ends_with(low, self.lexicon.private_nouns) or \
                    self.lexicon.ends_with(low, self.lexicon.generic_groups):
                return False
        return True

    def _issuer(self, affiliation: list[Word], ctx: Context | None) -> Mention | None:
        """Who issued a document or speaks for a group: the affiliation
        classified on its own ("eines Berichts | des UNHCHR")."""
        words = list(affiliation)
        while words and words[0].text.lower() in self.lexicon.affiliation_openers | self.lexicon.articles:
            words = words[1:]
        if not words:
            return None
        span = Span(words[0].start, words[-1].end, " ".join(w.text for w in words))
        last = words[-1]
        if len(words) > 1 and last.text.endswith("s") and last.text[:1].isupper() \
                and all(w.upos in ("DET", "ADJ") for w in words[:-1]):
            # "eines Berichts des österreichischen Standards": a medium named in the genitive
            hit = self.lexicon.outlet(last.text[:-1], strict=False)
            if hit is not None and hit[1].group(0) == last.text[:-1]:
                return Mention(span, hit[0], "outlet", False)
        mention = self._segment(span, words, ctx)
        if mention.kind in ("unspecified",) and mention.entity is None:
            _, cut = self._head(words)
            if mention.guessed and 0 < cut < len(words) and words[cut].text.lower() in ("des", "der"):
                # "der Webseite des Preises der Stadt Kassel": a thing no list knows, of a body named
                # in the genitive, is that body's
                owner = self._issuer(words[cut:], ctx)
                if owner is not None and (owner.entity is not None or owner.kind == "outlet"):
                    return owner
            return None
        return mention

    def _compound_issuer(self, head: Word) -> Mention | None:
        """"EU-Dokument", "dpa-Meldung", "HIS-Studie": the name before the hyphen."""
        if "-" not in head.text:
            return None
        prefix = head.text.rsplit("-", 1)[0]
        hit = self.lexicon.outlet(prefix, strict=False)
        if hit is not None:
            return Mention(None, hit[0], "outlet", False)
        if prefix[:1].isupper() and (prefix.isupper() or self.lexicon.is_org_word(prefix) or prefix.lower() in self.lexicon.places) \
                or self.lexicon.body_name(prefix) == (0, len(prefix)):  # "ai-Bericht"
            return Mention(None, prefix, "organization", False)
        return None

    def nominative(self, words: Sequence[Word]) -> str:
        """A readable descriptor in the nominative: "einen namentlich nicht
        genannten leitenden Beamten" → "leitender Beamter"."""
        lex = self.lexicon
        kept = [w for w in words if w.text.lower() not in lex.articles | lex.definite | lex.leading_prepositions]
        text = " ".join(w.text for w in kept).lower()
        drop: set[int] = set()
        for marker in lex.anonymous_markers:
            if " " in marker and marker in text:
                marker_words = marker.split()
                for k in range(len(kept) - len(marker_words) + 1):
                    if all(kept[k + j].text.lower().startswith(m) for j, m in enumerate(marker_words)):
                        drop.update(range(k, k + len(marker_words)))
        kept = [w for k, w in enumerate(kept) if k not in drop]
        nouns = [w for w in kept if w.upos in ("NOUN", "PROPN")]
        if not any(_is_article(w) for w in words):
            # a bare noun phrase ("anonyme informierte Quellen") is plural or a mass noun: as it stands
            return " ".join(w.text for w in kept)
        if not nouns:
            return " ".join(w.text for w in kept)
        head = nouns[-1]
        # the article knows number and gender better than a small tagger does at the noun
        article = next((w for w in words if _is_article(w)), None)
        source = article if article is not None else head
        plural = source.feat("Number") == "Plur"
        # a role or private noun tells its gender by its form ("Vermittler" / "Vermittlerin"); "eines",
        # "einem" do not tell masculine from neuter, and the tagger guesses
        gender = lex.gender(head) if lex.gender(head) in ("Masc", "Fem") and (
            lex.is_role(head.text) or lex.ends_with(head.text, lex.private_nouns)) else None
        gender = gender or source.feat("Gender") or head.feat("Gender")
        singular_case = source.feat("Case") not in (None, "Nom")
        out = []
        for w in kept:
            if w is head:
                lemma = w.lemma if w.lemma and w.lemma[:1].isupper() == w.text[:1].isupper() else w.text
                if plural or not singular_case:
                    # a nominative stands as written ("ein Beamter"); a lemma may drop its ending
                    out.append(w.text if plural or source.feat("Case") == "Nom" else lemma)
                elif lemma.lower().endswith(_NOMINAL_ADJECTIVES) and gender != "Fem":
                    out.append(lemma + "r")
                else:
                    out.append(lemma)
            elif w.upos == "ADJ" and singular_case and not plural and w.lemma and w.lemma.isalpha():
                ending = {"Masc": "er", "Fem": "e", "Neut": "es"}.get(gender or "Masc", "er")
                out.append(w.lemma + ending)
            else:
                out.append(w.text)
        return " ".join(out)


def _is_article(word: Word) -> bool:
    """A real article or demonstrative ("einen", "der", "dieser"); a tagger may call
    "anonyme" a determiner too."""
    return word.upos == "DET" and word.feat("PronType") in ("Art", "Dem") and bool(word.feat("Number"))


def _named_here(m: Mention, span: Span) -> bool:
    """A person whose surname the phrase itself writes."""
    return m.kind == "person" and bool(m.name.split()) and m.name.split()[-1] in span.text


def _rank(m: Mention) -> int:
    """Which apposition names the source best: a name, then a specific kind."""
    return (3 if m.entity or m.kind in ("person", "outlet") else 0) + {
        "person": 3, "outlet": 3, "organization": 2, "official": 2, "anonymous": 1, "unspecified": 0}[m.kind]


def _descriptor(text: str, match: re.Match, lexicon: Lexicon) -> str | None:
    before = lexicon.strip_articles(text[:match.start()]).strip(" ,")
    return before or None
