"""Coreference for sources: what a pronoun, a pronominal adverb, a
possessive source phrase or a definite description refers to, within the
article.

Personal pronouns take the most salient compatible noun phrase before them
(agreement in number and gender from the morphology and the entity layer;
salience: nearer sentences first, subjects and earlier speakers preferred).
Relative pronouns take the noun their clause hangs on; demonstratives the
nearest compatible noun; "demnach", "danach" the statement before (the source
of the last attribution, or the subject of the sentence before); "nach
eigenen Angaben" the subject of its own clause. Role nouns and institution
nouns that point back ("der Minister", "der Hersteller") are resolved by the
entity layer through :class:`ArticleContext`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from provenance.records import ParsedDocument, Sentence, Span, Word
from provenance.rules.spans import find_quotations
from provenance.sources.entities import (
    EntityGroup,
    EntityMention,
    Genders,
    same_person,
    tagged_gender,
)
from provenance.sources.kinds import QUOTES, Classifier, Mention
from provenance.sources.lexicon import Lexicon

NOMINAL = {"NOUN", "PROPN"}
# parts of a noun phrase that are not the phrase itself
_CLAUSES = {"acl", "acl:relcl", "conj", "parataxis", "advcl", "ccomp", "csubj", "xcomp", "cc", "punct", "appos"}
_MASC = {"er", "ihm", "ihn", "seiner", "seinen", "seinem", "seine", "sein", "dessen", "dieser", "der", "jener", "welcher"}
_FEM_OR_PLURAL = {"sie", "ihr", "ihre", "ihren", "ihrem", "ihrer", "deren", "diese", "die", "jene", "welche", "denen"}
_NEUTER = {"es", "das", "dieses", "welches"}
_FIRST_PERSON = {"wir", "uns", "unserer", "unseren", "unser", "ich", "mir", "mich", "meiner", "mein"}


def _agent(sentence: Sentence, word: Word) -> bool:
    """The agent of a passive clause: "wurde vom Gerichtshof … erklärt" (the parse may call it "obl")."""
    if word.deprel == "obl:agent":
        return True
    if word.deprel != "obl" or not word.head:
        return False
    children = [w for w in sentence.words if w.head in (word.index, word.head)]
    return any(w.head == word.index and w.deprel == "case" and w.text.lower() in ("von", "vom", "durch")
               for w in children) and any(w.head == word.head and w.deprel == "aux:pass" for w in children)


class ArticleContext:
    """The entities of one article, looked up by offset, role and noun."""

    def __init__(self, groups: Sequence[EntityGroup], mentions: Sequence[EntityMention], lexicon: Lexicon,
                 text: str = "", doc: ParsedDocument | None = None):
        self.groups, self.mentions, self.lexicon = groups, sorted(mentions, key=lambda m: m.span.start), lexicon
        self.text = text  # the article's, for what stands between a phrase and a name after it
        self.doc = doc  # the parse, for what the article's clauses say of its entities
        self._organizers_named: bool | None = None
        self._starts = [m.span.start for m in self.mentions]
        self._reach = list(accumulate((m.span.end for m in self.mentions), max))

    def _group_of(self, m: EntityMention) -> EntityGroup:
        return self.groups[m.entity]

    def entity_at(self, start: int, end: int) -> tuple[str, str, str] | None:
        # only the mentions that overlap [start, end] are read (they are sorted by
        # start): linear in the mentions over an article, not quadratic
        low = bisect.bisect_left(self._reach, start)
        near = self.mentions[low:bisect.bisect_right(self._starts, end)]
        inside = [m for m in near if start <= m.span.start and m.span.end <= end]
        if not inside:
            # a part of a name ("Weber" of "Karl Weber")
            inside = [m for m in near if m.span.start <= start and end <= m.span.end]
        if not inside:
            return None
        # the first name of the phrase; persons before organisations (a name with
        # a function: "Ryanair-Sprecherin Anja Seugling")
        inside.sort(key=lambda m: (self._group_of(m).type != "person", m.span.start))
        group = self._group_of(inside[0])
        return group.id, group.name, group.type

    def person_with_role(self, role: str, before: int) -> tuple[str, str] | None:
        """A person introduced with this role noun ("Bildungsministerin Annette
        Schavan" … "die Ministerin"); the last one before ``before``."""
        role = role.lower()
        base = role[:-1] if role.endswith(("n", "s")) and len(role) > 5 else role

        def holds(m: EntityMention, exact: bool = False) -> bool:
            if not m.role or self._group_of(m).type != "person":
                return False
            known = m.role.lower()
            # a role in the genitive or dative ("des Bundeskanzlers Gerhard Schröder", "dem Präsidenten"), a
            # nominal adjective without its article ("Keller, Vorsitzender des Vereins … der Vorsitzende")
            known = next((known[:-len(e)] for e in ("es", "s", "en", "n", "r") if len(known) > 5 and known.endswith(e)
                          and known[:-len(e)].endswith(role)), known)
            if exact:
                return known in (role, base)
            if known.endswith((role, base)):
                return not self._other_role(known, role if known.endswith(role) else base)
            return len(role) > 5 and role.endswith(known) and not self._other_role(role, known)

        holders = [m.entity for m in self.mentions if m.span.start < before and holds(m)]
        if not holders and role in self.lexicon.leader_nouns:
            # "X ist der Chef der Garde … laut ihrem Anführer": the leader under another leader noun
            holders = [m.entity for m in self.mentions if m.span.start < before and m.role
                       and m.role.lower() in self.lexicon.leader_nouns and self._group_of(m).type == "person"]
        if holders:
            # the last holder named before; of several ("Papst Benedikt XVI." … "Papst Gregor XII. trat 1415
            # ab" … "sagte der Papst"), one the article names far more often is the one it is about
            latest = holders[-1]
            counts = {e: len(self.groups[e].mentions) for e in set(holders)}
            top = max(dict.fromkeys(reversed(holders)), key=counts.get)  # ties: the later named
            group = self.groups[top if counts[top] >= 2 * counts[latest] else latest]
            return group.id, group.name
        # "Der Bundespräsident hat … Bundespräsident Horst Köhler": a role noun before the article
        # names its holder, if it names one person only for that very role
        later = {m.entity for m in self.mentions if m.span.start >= before and holds(m, exact=True)
                 # "der Arzt Lahms": a name in the genitive after a role noun is not its holder
                 and not (m.span.text.endswith("s") and not self._group_of(m).name.endswith(m.span.text))}
        if len(later) == 1:
            group = self.groups[later.pop()]
            return group.id, group.name
        return self._known_by_surname(before, role) or self._epithet_of(before, role)

    def _epithet_of(self, offset: int, role: str, window: int = 300) -> tuple[str, str] | None:
        """"… so Haller. … nach Meinung des SPD-Politikers": a definite epithet of the kind of person
        one is ("Politiker", "Experte", a generic noun in the singular), not an office someone holds
        in the story, refers back to the one person named in the sentences just before it."""
        if not self.lexicon.ends_with(role, self.lexicon.generic_groups):
            return None
        stem = min(Lexicon.case_forms(role), key=len)
        if len(stem) >= 5 and stem in self.text[max(0, offset - window):offset].lower():
            return None  # "ein Experte der Universität … der Experte": someone the noun named before, not the person
        near = {m.entity for m in self.mentions if offset - window <= m.span.start < offset
                and self._group_of(m).type == "person"}
        if len(near) != 1:
            return None
        return self._if_role_agrees(self.groups[near.pop()], role)

    def _known_by_surname(self, offset: int, role: str, window: int = 300) -> tuple[str, str] | None:
        """"Der Bundespräsident konstatierte … Köhler warb": where the article names no one with the
        role noun, the one person near it that the article names by surname only, more than once and
        never with a role noun, is a person it expects the reader to know, and the holder of the role."""
        if not self.lexicon.is_role(role):
            return None  # "der 39-Jährige", "der Mann": someone of the story, not an office
        near = {m.entity for m in self.mentions if abs(m.span.start - offset) <= window
                and self._group_of(m).type == "person"}
        known = [e for e in near if self._surname_only(self.groups[e])]
        if len(known) != 1:
            return None
        return self._if_role_agrees(self.groups[known[0]], role)

    def _if_role_agrees(self, group: EntityGroup, role: str) -> tuple[str, str] | None:
        """(id, name) of ``group`` unless the role noun's gender by its form is not the person's."""
        gender = self.lexicon.noun_gender(role)
        if gender is not None and group.gender not in (None, gender):
            return None
        return group.id, group.name

    def _surname_only(self, group: EntityGroup) -> bool:
        if len(group.mentions) < 2 or len(group.name.split()) != 1 or not group.name[:1].isupper() \
                or self.lexicon.is_common(group.name) or self.lexicon.is_role(group.name) \
                or any(m.role and self.lexicon.is_role(m.role) for m in group.mentions):
            return False
        # a name written in full anywhere ("CSU-Vorsitzender Edmund Stoiber" … "Stoiber", also where the
        # tagger found no name) is no surname only: a capitalised word before it that no list knows
        if any(other is not group and len(other.name.split()) > 1 and same_person(other.name, group.name)
               for other in self.groups):
            return False
        for match in re.finditer(r"([A-ZÄÖÜ][\w.-]*)\s+" + re.escape(group.name) + r"(?!\w)", self.text):
            word = match.group(1)
            if not (self.lexicon.is_common(word) or self.lexicon.is_role(word) or self.lexicon.is_org_word(word)):
                return False
        return True

    def _other_role(self, compound: str, role: str) -> bool:
        """The compound is another role than its last part: its first part is a role noun itself
        ("Vize-Außenminister" is not "der Außenminister", "Vizepräsident" not "der Präsident")."""
        prefix = compound[:len(compound) - len(role)].rstrip("-‐")
        return bool(prefix) and prefix in self.lexicon.official

    def organization_with_noun(self, noun: str, before: int) -> tuple[str, str, str] | None:
        noun = noun.lower()
        for m in reversed(self.mentions):
            group = self._group_of(m)
            if m.span.start >= before or group.type not in ("organization", "outlet", "place"):
                continue
            if m.role and (m.role.lower().endswith(noun) or noun.endswith(m.role.lower())):
                return group.id, group.name, group.type
            if len(noun) >= 5 and any(part.strip("„“\"").endswith(form) for part in group.name.lower().split()
                                      for form in Lexicon.case_forms(noun) if len(form) >= 5):
                # "die Weltgesundheitsorganisation" … "die Organisation", "die Demokratische Partei" … "die
                # Partei": a body whose name holds the noun
                return group.id, group.name, group.type
        return None

    def organizers_named(self) -> bool:
        """A clause of the article whose verb organises an event (``organizing_verbs``: "aufrufen") has
        a named body as its subject ("… hatten … der Chaos Computer Club aufgerufen")."""
        if self._organizers_named is None:
            self._organizers_named = self._find_organizers()
        return self._organizers_named

    def _find_organizers(self) -> bool:
        for sentence in self.doc.sentences if self.doc is not None else ():
            verbs = {w.index for w in sentence.words if w.upos == "VERB" and w.lemma.lower() in self.lexicon.organizing_verbs}
            for w in sentence.words:
                if w.head in verbs and w.deprel.startswith("nsubj"):
                    # the subject and the names in apposition to it ("der Chaos | Computer Club")
                    named = [w] + [x for x in sentence.words if x.deprel in ("appos", "flat", "flat:name")
                                   and (x.head == w.index or sentence.word(x.head).head == w.index)]
                    entity = self.entity_at(w.start, max(x.end for x in named))
                    if entity is not None and entity[2] == "organization":
                        return True
            if self._organizer_stated(sentence):
                return True
        return False

    def _organizer_stated(self, sentence: Sentence) -> bool:
        """A sentence that opens by saying who organises: "Organisator der Konferenz ist das Programm X",
        "Veranstalter sind der Verein X und …": a named body after the copula (the parse of such a
        sentence is often wrong, its words are not)."""
        words = [w for w in sentence.words if w.upos != "PUNCT"]
        first = 1 if words and words[0].text.lower() in ("der", "die") else 0
        if len(words) <= first or words[first].text.lower() not in self.lexicon.event_bodies:
            return False
        for k, word in enumerate(words[first + 1:first + 12], start=first + 1):
            if word.text.lower() in ("ist", "sind", "war", "waren"):
                clause = [w for w in words[k + 1:] if w.start < next(
                    (x.start for x in sentence.words[word.index:] if x.text in (",", ";")), sentence.words[-1].end)]
                entity = self.entity_at(clause[0].start, clause[-1].end) if clause else None
                return entity is not None and entity[2] == "organization"
        return False

    def person_without_role(self, before: int, window: int = 400) -> tuple[str, str] | None:
        """The last person named in the ``window`` characters before ``before``
        without a role noun ("verurteilte Karl Holm", not "Polizeisprecher Hans
        Meier"): whom "der Verurteilte", "der Angeklagte" refer back to."""
        for m in reversed(self.mentions):
            group = self._group_of(m)
            if m.span.start >= before or group.type != "person":
                continue
            if m.span.end < before - window:
                return None
            if any(x.role and self.lexicon.is_role(x.role) for x in group.mentions) or len(group.name.split()) < 2:
                continue  # a role holder, or a single capitalised word the tagger took for a name
            return group.id, group.name
        return None

    def outlet_right_after(self, offset: int) -> tuple[str, str] | None:
        """(id, name) of an outlet named right after ``offset`` ("die Tageszeitung | „taz“")."""
        return self._named_right_after(offset, "outlet")

    def person_right_after(self, offset: int) -> tuple[str, str] | None:
        """(id, name) of a person named in apposition right after ``offset`` ("die Sprecherin der
        Fraktion | , Anna Roth, sagte"), not one who opens a clause ("sagte der Minister, Roth habe …")."""
        return self._named_right_after(offset, "person", apposed=True)

    def _named_right_after(self, offset: int, type_: str, apposed: bool = False) -> tuple[str, str] | None:
        at = bisect.bisect_left(self._starts, offset)
        for m in self.mentions[at:at + 3]:
            if m.span.start - offset <= 3 and self.text and not self.text[offset:m.span.start].strip(" ,„\"«»"):
                group = self._group_of(m)
                closed = self.text[m.span.end:m.span.end + 2].strip()[:1] in ("", ",", ")", "(", ".", ";", ":")
                if group.type == type_ and (closed or not apposed):
                    return group.id, group.name
        return None

    def last_outlet(self, before: int) -> tuple[str, str] | None:
        for m in reversed(self.mentions):
            group = self._group_of(m)
            if m.span.start < before and group.type == "outlet":
                return group.id, group.name
        return None

    def organization_ending_with(self, word: str) -> tuple[str, str] | None:
        """(id, name) of the body whose name ends with ``word`` ("Welthungerhilfe" of "Deutsche
        Welthungerhilfe"), also in the genitive ("des Roten Kreuzes")."""
        low = word.lower()
        for group in self.groups:
            if group.type in ("organization", "outlet") and group.name.split():
                last = group.name.split()[-1].lower()
                if last == low or len(low) > 4 and last in (low[:-1], low[:-2]) and low.endswith("s"):
                    return group.id, group.name
        return None

    def person_by_surname(self, word: str) -> tuple[str, str] | None:
        for m in self.mentions:
            group = self._group_of(m)
            parts = group.name.split()
            # "Álvaro Uribe Vélez" … "der 53-jährige Uribe": a first surname of three names or more
            if group.type == "person" and len(parts) > 1 and (same_person(group.name, word)
                                                               or len(parts) > 2 and parts[-2] == word):
                return group.id, group.name
        return None

    def group(self, entity_id: str) -> EntityGroup | None:
        return next((g for g in self.groups if g.id == entity_id), None)


@dataclass(frozen=True, slots=True)
class Speaker:
    """An earlier speaker phrase and what it was resolved to."""

    span: Span
    sentence: int
    mention: Mention


class Resolver:
    def __init__(self, doc: ParsedDocument, classifier: Classifier, context: ArticleContext,
                 sentence_of: Callable[[int], int], genders: Genders | None = None):
        self.doc, self.classifier, self.context = doc, classifier, context
        self.genders = genders or Genders()
        self.sentence_of = sentence_of
        self.lexicon = classifier.lexicon
        # quoted speech (five words or more: not a quoted title or name): what a quotation talks
        # about is not who speaks it ("„… Dinge gesagt …“ kommentierte er")
        self._quotes = [(q.start, q.end) for q in find_quotations(doc.text) if len(q.text.split()) >= 5]
        self._quote_starts = [q[0] for q in self._quotes]

    def _quoted(self, offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        # quotations may nest: the innermost one that holds the offset is found among the last few
        for q in reversed(self._quotes[max(0, i - 3):i + 1]):
            if q[0] <= offset < q[1]:
                return q
        return None

    def resolve(self, mention: Mention, speakers: Sequence[Speaker]) -> Mention | None:
        """The mention a pronoun-like ``mention`` refers to, or None."""
        span = mention.span
        k = self.sentence_of(span.start)
        sentence = self.doc.sentences[k]
        words = [w for w in sentence.words if span.start <= w.start and w.end <= span.end and w.upos != "PUNCT"]
        if mention.pronoun == "document":
            return self._document(mention, speakers, k)
        if mention.pronoun in ("adverb", "statement"):
            return self._statement_before(span, speakers, k)
        if mention.pronoun == "eigen":
            return self._own_subject(sentence, words, speakers, k)
        if mention.pronoun == "epithet":
            return self._epithet(mention, words, k, speakers)
        pronoun = next((w for w in words if w.text.lower() in self.lexicon.possessives
                        or w.text.lower() in self.lexicon.personal_pronouns or w.upos == "PRON"), words[0] if words else None)
        if pronoun is None:
            return None
        form = pronoun.text.lower()
        if form in _FIRST_PERSON:
            return speakers[-1].mention if speakers else None
        if pronoun.feat("PronType") == "Rel" or (mention.pronoun == "demonstrative" and self._relative(sentence, pronoun)):
            antecedent = self._relative_antecedent(sentence, pronoun) or self._extraposed_antecedent(sentence, pronoun) \
                or self._noun_before_comma(sentence, pronoun)
            if antecedent is not None:
                return self._phrase(sentence, antecedent)
        return self._antecedent(pronoun, form, k, speakers, prefer_subject=mention.pronoun != "demonstrative")

    # -- kinds of reference ------------------------------------------------------

    def _document(self, mention: Mention, speakers: Sequence[Speaker], k: int) -> Mention | None:
        """"der Bericht" after "X legte einen Bericht vor": the last speaker who
        spoke through a document, else the last named speaker."""
        for speaker in reversed(speakers):
            if speaker.mention.head == mention.head and speaker.mention.pronoun is None:
                return speaker.mention
        issued = self._issued_before(mention, k)
        if issued is not None:
            return issued
        # a study or a report is more often a body's or a person's than the outlet's that reports it
        for kinds in (("person", "organization"), ("outlet",)):
            for speaker in reversed(speakers):
                if speaker.mention.kind in kinds and k - speaker.sentence <= 6:
                    return speaker.mention
        # "Das Massaker wurde vom Gerichtshof X als Völkermord eingestuft. Das geht aus dem Urteil hervor":
        # with no speaker before, the body the sentence before named as the one who acted
        agent = self._agent_before(k) if k > 0 else None
        return agent if agent is not None else self._outlet_after(k)

    def _outlet_after(self, k: int) -> Mention | None:
        """"Grund waren dem Bericht zufolge technische Probleme. Die Zeitung X berichtet …": a report no one
        before issued is the one of the outlet the next sentence makes its subject."""
        if k + 1 >= len(self.doc.sentences):
            return None
        following = self.doc.sentences[k + 1]
        for word in following.words:
            if word.upos in NOMINAL and word.deprel == "nsubj" and word.head and following.word(word.head).head == 0:
                found = self._phrase(following, word)
                return found if found is not None and found.kind == "outlet" else None
        return None

    def _agent_before(self, k: int) -> Mention | None:
        """The named body or person the sentence before ``k`` names as its agent ("vom Gerichtshof X")
        or as the subject of its main clause."""
        previous = self.doc.sentences[k - 1]
        for word in previous.words:
            if word.upos not in NOMINAL or not (_agent(previous, word) or word.deprel == "nsubj"
                                                and word.head and previous.word(word.head).head == 0):
                continue
            found = self._phrase(previous, word)
            if found is not None and not found.guessed and (found.entity is not None or found.definite) \
                    and found.kind in ("person", "organization"):
                return found
        return None

    def _epithet(self, mention: Mention, words: list[Word], k: int, speakers: Sequence[Speaker]) -> Mention | None:
        """"Robert Holm … Als Beispiel nannte der Berliner …": a person noun no list knows refers back
        like the pronoun of its gender to a person, named or not; a masculine one ("der Versicherer") also
        to a body."""
        head = next((w for w in reversed(words) if w.text.lower() == mention.head), None)
        gender = self.lexicon.person_noun_form(head.text) if head is not None else None
        if gender is None:
            return None
        referent = self._antecedent(head, "sie" if gender == "Fem" else "er", k, speakers, prefer_subject=True)
        # an unnamed individual before ("ein 61-jähriger Mann … der Sachse") is the same one
        kinds = ("person", "anonymous") if gender == "Fem" else ("person", "anonymous", "organization")
        return referent if referent is not None and referent.kind in kinds and referent.resolved else None

    def _issued_before(self, mention: Mention, k: int) -> Mention | None:
        """"eine Studie des Instituts X" … "die Studie": the same noun named
        with its issuer earlier in the article."""
        head = mention.head or ""
        if not head:
            return None
        found = self._issued_with(mention, head, k)
        if found is not None:
            return found
        # "Ein Abschlussbericht der Kommission … Der Untersuchungsbericht": a compound of the document noun
        # is the same document as another compound of it the article introduced with its issuer
        base = max((d for d in self.lexicon.document_nouns if head.endswith(d) and len(head) > len(d) + 2),
                   key=len, default=None)
        return self._issued_with(mention, base, k) if base is not None else None

    def _issued_with(self, mention: Mention, head: str, k: int) -> Mention | None:
        for j in range(k, -1, -1):
            sentence = self.doc.sentences[j]
            for word in reversed(sentence.words):
                if word.upos != "NOUN" or (j == k and mention.span and word.start >= mention.span.start):
                    continue
                if word.text.lower() != head and word.lemma.lower() != head.rstrip("n") and \
                        not word.text.lower().endswith(head) and not word.lemma.lower().endswith(head):
                    continue
                if word.text.lower().endswith(tuple(head + ending for ending in ("e", "n", "en"))):
                    continue  # "Studien der Charité" are other studies than "die Studie"
                found = self._phrase(sentence, word)
                if found is not None and found.kind in ("person", "organization", "outlet") and not found.guessed:
                    return found
        return None

    def _statement_before(self, span: Span, speakers: Sequence[Speaker], k: int) -> Mention | None:
        for speaker in reversed(speakers):
            if speaker.span.start < span.start and k - speaker.sentence <= 1:
                return speaker.mention
        if k == 0:
            return None
        previous = self.doc.sentences[k - 1]
        # not a sentence adverb the tagger read as a subject ("Unterdessen hat sich die Regierung …")
        subjects = [w for w in previous.words if w.deprel in ("nsubj", "nsubj:pass") and w.upos in NOMINAL
                    and w.text.lower() not in self.lexicon.not_sources]
        # the subject of the main clause first
        subject = next((w for w in subjects if w.head and previous.word(w.head).head == 0), None)
        subject = subject or (subjects[0] if subjects else None)
        if subject is not None:
            return self._phrase(previous, subject)
        # "Mittlerweile hat die Kriminalabteilung … Einzelheiten bekannt gegeben. Demnach …": a parse
        # with no subject; the first phrase of a named or definite source stands for the statement
        for word in previous.words:
            if word.upos in NOMINAL and word.deprel in ("obj", "obl", "nsubj", "nsubj:pass", "iobj"):
                found = self._phrase(previous, word)
                if found is not None and not found.guessed and found.kind in ("person", "organization", "official",
                                                                              "outlet"):
                    return found
        return None

    def _own_subject(self, sentence: Sentence, words: list[Word], speakers: Sequence[Speaker], k: int) -> Mention | None:
        inside = {w.index for w in words}
        subject = next((w for w in sentence.words if w.deprel in ("nsubj", "nsubj:pass") and w.index not in inside), None)
        if subject is None:
            return speakers[-1].mention if speakers else None
        if subject.upos == "PRON":
            return self._antecedent(subject, subject.text.lower(), k, speakers, prefer_subject=True)
        return self._phrase(sentence, subject)

    @staticmethod
    def _relative(sentence: Sentence, word: Word) -> bool:
        head = sentence.word(word.head) if word.head else None
        return head is not None and (head.deprel.startswith("acl") or Resolver._opens_relative_clause(sentence, word))

    @staticmethod
    def _opens_relative_clause(sentence: Sentence, word: Word) -> bool:
        """", der alle aufforderte", ", nach denen …": a relative pronoun after a comma (and a preposition)
        whose finite verb closes the clause (verb last), whatever relation the tagger gave that clause."""
        before = next((w for w in reversed(sentence.words) if w.end <= word.start and w.upos != "ADP"), None)
        verb = sentence.word(word.head) if word.head else None
        return "Rel" in (word.feat("PronType") or "") and before is not None and before.text == "," \
            and verb is not None and verb.index > word.index and (verb.upos in ("VERB", "AUX") or any(
                c.deprel == "cop" for c in sentence.children(verb.index)))  # ", nach denen X nützlich sei"

    @staticmethod
    def _extraposed_antecedent(sentence: Sentence, word: Word) -> Word | None:
        """"ein Prediger aus London zugeschaltet, der …": a relative clause after the verb refers to
        the nearest noun of the clause before it that agrees in gender and number, an argument of that
        clause's verb before a noun of an attribute ("aus London", whose gender a tagger guesses)."""
        if not Resolver._opens_relative_clause(sentence, word) or not word.feat("Gender") or not word.feat("Number"):
            return None
        clause: list[Word] = []
        for w in reversed([w for w in sentence.words if w.end <= word.start][:-1]):  # without the comma
            if w.text in (",", ";", ":"):
                break
            clause.append(w)
        agreeing = [w for w in clause if w.upos in ("NOUN", "PROPN") and w.feat("Gender") == word.feat("Gender")
                    and w.feat("Number") == word.feat("Number")]
        arguments = [w for w in agreeing if w.deprel in ("nsubj", "nsubj:pass", "obj", "iobj")]
        return (arguments or agreeing or [None])[0]

    @staticmethod
    def _noun_before_comma(sentence: Sentence, word: Word) -> Word | None:
        """"Studien der Berliner Charité, nach denen …": a relative pronoun a preposition opens refers to
        the noun phrase right before the comma, by its head (the first noun, whose attributes follow it);
        a tagger's number of a plural in -en is too unsure to choose by."""
        before = [w for w in sentence.words if w.end <= word.start]
        if len(before) < 3 or before[-1].upos != "ADP" or before[-2].text != "," \
                or not Resolver._opens_relative_clause(sentence, word):
            return None
        noun = before[-3]
        if noun.upos not in ("NOUN", "PROPN"):
            return None
        while noun.deprel in ("nmod", "appos", "flat", "flat:name") and noun.head and noun.head < noun.index \
                and sentence.word(noun.head).upos in ("NOUN", "PROPN") \
                and not any(w.text in (",", ";", ":") for w in sentence.words[noun.head - 1:noun.index - 1]):
            noun = sentence.word(noun.head)
        return noun

    @staticmethod
    def _relative_antecedent(sentence: Sentence, word: Word) -> Word | None:
        verb = sentence.word(word.head) if word.head else None
        if verb is None or not verb.deprel.startswith("acl") or not verb.head:
            return None
        noun = sentence.word(verb.head)
        return noun if noun.upos in NOMINAL else None

    def _antecedent(self, pronoun: Word, form: str, k: int, speakers: Sequence[Speaker],
                    prefer_subject: bool, depth: int = 0) -> Mention | None:
        number = pronoun.feat("Number")
        if pronoun.feat("Poss") == "Yes" or form in self.lexicon.possessives:
            # "ihren Aussagen": a possessive's own number is the possessed noun's, and "ihr" is hers or
            # theirs: the form tells the possessor's number no better than a small tagger does
            number = None
        if form == "sie" and pronoun.deprel.startswith("nsubj") and pronoun.head:
            # "Sie sagte" / "Sie sagten": the verb knows the number; the pronoun's tag often does not
            number = self.doc.sentences[k].word(pronoun.head).feat("Number") or number
        best, best_score = None, None
        speaker_spans = [(s.span, s.mention) for s in speakers]
        own_quote = self._quoted(pronoun.start)
        distance, j = -1, k + 1
        while distance < 2 or best is None and distance < 3 and depth == 0:
            # one sentence further when none of the last three holds a referent
            j -= 1
            if j < 0 or k - j > 6:
                break
            sentence = self.doc.sentences[j]
            words = [w for w in sentence.words if w.upos != "PUNCT"]
            if j < k and words and all(self._quoted(w.start) not in (None, own_quote) for w in words):
                continue  # a sentence of quoted speech only: no referent in it, and no step back
            distance += 1
            for word in sentence.words:
                if (j == k and word.start >= pronoun.start) or word is pronoun:
                    continue
                quoted = self._quoted(word.start)
                if quoted is not None and quoted != own_quote:
                    continue  # a word of a quotation the pronoun is not in
                if word.upos == "PRON" and prefer_subject and depth < 2 and word.text.lower() == form \
                        and form in self.lexicon.personal_pronouns and word.deprel.startswith("nsubj") \
                        and not (number and word.head and sentence.word(word.head).feat("Number") not in (None, number)):
                    # "Er werde im Bundestag bleiben. … begründete er": a pronoun subject before this one
                    # is a candidate like a subject noun, and stands for what it was resolved to
                    score = distance * 3 - 3 - word.start / 1e7
                    if best_score is not None and score >= best_score:
                        continue
                    spoken = next((m for s, m in speaker_spans if s.start <= word.start and word.end <= s.end
                                   and m.resolved), None)
                    mention = spoken or self._antecedent(word, form, j, speakers, prefer_subject, depth + 1)
                    if mention is not None and form == "er" and mention.kind not in ("person", "official", "anonymous"):
                        score += 3  # as for a masculine body itself (below)
                    if mention is not None and (best_score is None or score < best_score):
                        best, best_score = mention, score
                    continue
                if word.upos not in NOMINAL:
                    continue
                if any(w.head == word.index and w.deprel == "cop" for w in sentence.words) or \
                        word.deprel.startswith("nsubj") and word.index < word.head and any(w.head == word.head and w is not word and w.upos == "PRON"
                                                                and "Rel" in (w.feat("PronType") or "") and w.deprel.startswith("nsubj")
                                                                for w in sentence.words):
                    # a predicate ("…, der zuvor Justizminister war": a relative pronoun its subject, the verb
                    # after it, not "das meint Homans") says
                    # what its subject is; the subject is the referent
                    continue
                if word.deprel in ("flat", "flat:name", "compound") or (word.deprel == "nmod" and word.upos == "PROPN"
                                                                         and sentence.word(word.head).upos == "PROPN"):
                    continue
                if not self._agrees(word, form, number, j):
                    continue
                score = distance * 3
                if word.deprel in ("nsubj", "nsubj:pass") and prefer_subject:
                    score -= 2
                if word.upos == "PROPN" or self.lexicon.is_role(word.text):
                    score -= 1  # people speak more often than things
                if form == "er" and (word.ner[2:] in ("ORG", "LOC") or self._body(word, sentence)):
                    score += 3  # "er" who speaks is a man far more often than a masculine body
                if not word.deprel.startswith("nsubj") and any(
                        w.head == word.index and w.upos == "DET" and w.feat("Definite") == "Ind" for w in sentence.words):
                    score += 2  # "der erste Besuch eines NASA-Direktors": someone of no identity, not whom "er" means
                spoke = any(s.start <= word.start and word.end <= s.end for s, _ in speaker_spans)
                if spoke:
                    score -= 1
                score -= word.start / 1e7  # later is more salient
                if best_score is None or score < best_score:
                    # a word of an earlier speaker phrase is that speaker, as it was resolved
                    # ("die Zeitung Nordstadt-Bote berichtete … Sie schrieb"), not its fragment
                    spoken = next((m for s, m in speaker_spans if s.start <= word.start and word.end <= s.end
                                   and m.resolved), None)
                    mention = spoken if spoken is not None else self._phrase(sentence, word)
                    # a vague noun is no referent, unless it spoke before ("Die Zeitung berichtete … Sie beruft sich …")
                    if mention is None or mention.guessed or mention.kind == "unspecified" and mention.entity is None \
                            and not self._group_like(mention) and not spoke:
                        continue
                    best, best_score = mention, score
            if best is None and depth < 2:
                # "Sie wirbt um Mitglieder. Nach eigenen Angaben wurde sie …": a pronoun
                # subject of the same form before this one has the same referent
                for word in reversed(sentence.words):
                    if word.upos == "PRON" and word.text.lower() == form and word.deprel.startswith("nsubj") \
                            and (j < k or word.start < pronoun.start) and word is not pronoun:
                        best = self._antecedent(word, form, j, speakers, prefer_subject, depth + 1)
                        break
            if best is not None and distance >= 1 and (best_score is None or best_score <= 3 * (distance + 1) - 4):
                break  # no candidate a sentence further back could score better
        return best

    def _body(self, word: Word, sentence: Sentence) -> bool:
        """The word is part of a name the entity layer found that is not a person's (a body, an outlet, a place, a storm)."""
        entity = self.context.entity_at(word.start, word.end)
        return entity is not None and entity[2] in ("organization", "outlet", "place", "other")

    def _group_like(self, mention: Mention) -> bool:
        head = mention.head or ""
        return self.lexicon.ends_with(head, self.lexicon.generic_groups) or \
            self.lexicon.ends_with(head, self.lexicon.unspecified_nouns)

    def _agrees(self, word: Word, form: str, number: str | None, k: int) -> bool:
        sentence = self.doc.sentences[k]
        phrase = [sentence.word(i) for i in sorted(self._np(sentence, word))]
        # the name of the phrase ("Wirtschaftsministerin Petra Albers" is Petra Albers)
        entity = self.context.entity_at(phrase[0].start, phrase[-1].end) if phrase else None
        gender = self.genders.of(word.text) or tagged_gender(word, sentence, self.lexicon)
        word_number = word.feat("Number") or "Sing"
        verb = sentence.word(word.head) if word.deprel in ("nsubj", "nsubj:pass") and word.head else None
        if verb is not None and verb.feat("VerbForm") == "Fin" and verb.feat("Number") and not self._coordinated(word, k):
            # "Wissenschafter der Universität machen …": a subject's number is its verb's, which a
            # tagger reads more surely than a noun's in -er
            word_number = verb.feat("Number")
        if entity is not None:
            group = self.context.group(entity[0])
            if group is not None and group.type == "person":
                # a tagger's gender of a proper name is a guess; a role noun ("Ministerin") is not
                gender = group.gender
                if form in _NEUTER:
                    return False
                if form in _MASC:
                    return gender != "Fem"
                if form in _FEM_OR_PLURAL:
                    return gender != "Masc" or number == "Plur" and False
                return True
            if group is not None and group.type == "place" and gender is None:
                # a country or city without an article is neuter ("Tibet", "Khartum"): never "er" or "sie"
                return form in _NEUTER
        if form in _MASC:
            return word_number == "Sing" and gender in ("Masc", None)
        if form in _FEM_OR_PLURAL:
            if number == "Plur":
                return word_number == "Plur" or self._coordinated(word, k)
            if number == "Sing":
                return word_number == "Sing" and gender in ("Fem", None)
            return word_number == "Plur" or gender == "Fem" or self._coordinated(word, k)
        if form in _NEUTER:
            return word_number == "Sing" and gender in ("Neut", None)
        return True

    def _coordinated(self, word: Word, k: int) -> bool:
        sentence = self.doc.sentences[k]
        return any(w.head == word.index and w.deprel == "conj" for w in sentence.words)

    def _phrase(self, sentence: Sentence, head: Word) -> Mention | None:
        """The noun phrase of ``head``, classified; a phrase that is itself a
        pronoun is not followed further."""
        indices = self._np(sentence, head)
        words = [sentence.word(i) for i in sorted(indices)]
        if not words:
            return None
        span = Span.of(self.doc.text, words[0].start, words[-1].end)
        before = [w for w in sentence.words if w.end <= words[0].start]
        # "signalisierten die | so genannten Gelbhemden": an article the tagger read as a pronoun
        definite = bool(before) and before[-1].text.lower() in self.classifier.lexicon.definite \
            and before[-1].upos == "PRON" and words[0].start - before[-1].end <= 1
        mention = self.classifier.classify(span, words, self.context, definite=definite)
        if mention.pronoun is not None:
            return None
        return mention

    @staticmethod
    def _np(sentence: Sentence, head: Word) -> set[int]:
        children: dict[int, list[Word]] = {}
        for w in sentence.words:
            children.setdefault(w.head, []).append(w)
        seen, stack = set(), [head.index]
        apposed: set[int] = set()
        while stack:
            i = stack.pop()
            if i in seen:
                continue
            seen.add(i)
            for child in children.get(i, ()):
                # "Die Bürgermeisterin | Anna Berger": a name in apposition is the phrase's name
                # "Der 74 | - | Jährige": a hyphen the tokenizer split off belongs to the phrase, and so do
                # the quotation marks around a name ("der | „ | People's Alliance | “") and a word the
                # tagger read as punctuation ("for")
                # "Der Bruder des Bürgermeisters | , Karl Vogt ,": the commas around a name in
                # apposition join it to the phrase
                if child.deprel == "appos" and child.upos == "PROPN":
                    apposed.add(child.index)
                elif child.deprel in _CLAUSES and not (child.deprel == "punct" and (
                        child.text in ("-", "–") or child.text in QUOTES
                        or child.text == "," and i in apposed and child.index < i)):
                    continue
                stack.append(child.index)
        # one unbroken stretch around the head
        run = {head.index}
        i = head.index - 1
        while i in seen:
            run.add(i)
            i -= 1
        i = head.index + 1
        while i in seen:
            run.add(i)
            i += 1
        return run
