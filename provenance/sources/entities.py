"""The entity layer: every person, organisation, outlet and place the
article names, grouped into entities.

Mentions come from the named-entity tags of the parse where the pipeline ran
NER (``Word.ner``, BIOES); without them, from runs of proper nouns, the outlet
gazetteer and the role nouns around them. Mentions of one entity are grouped:
full name, surname, title + name, small spelling variants ("Marco Rubio",
"Mark Rubio"), outlet aliases, acronyms the article introduces
("die Weltgesundheitsorganisation (WHO)").
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from provenance.config import GenderedNouns
from provenance.parsing import EntityMention as NerMention, entity_mentions
from provenance.records import Entity, EntityType, ParsedDocument, Sentence, Span, Word
from provenance.sources.base_form import nominative, person_nominative
from provenance.sources.lexicon import Lexicon, merge_hyphens

NER_TYPES: dict[str, EntityType] = {"PER": "person", "ORG": "organization", "LOC": "place", "OTH": "other"}
_ACRONYM = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜa-z0-9&.-]*[A-ZÄÖÜ0-9]$")
# an initial in a name ("George W. Bush")
_INITIAL = re.compile(r"^[A-ZÄÖÜ]\.$")
# a name opened by a short lower-case particle and a hyphen ("el-Baradei", "al-Assad")
_PARTICLE_NAME = re.compile(r"^[a-z]{2,3}-[A-ZÄÖÜ][a-zäöüß]+$")


@dataclass(slots=True)
class EntityMention:
    span: Span
    type: EntityType
    sentence: int  # index in doc.sentences
    words: tuple[Word, ...]
    role: str | None = None  # the role or institution noun before the name ("Außenminister")
    gender: str | None = None  # "Masc", "Fem" where known
    entity: int = -1  # index of its entity


@dataclass(slots=True)
class EntityGroup:
    name: str
    type: EntityType
    mentions: list[EntityMention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    id: str = ""  # set by as_records

    @property
    def roles(self) -> set[str]:
        return {m.role.lower() for m in self.mentions if m.role}

    @property
    def gender(self) -> str | None:
        genders = [m.gender for m in self.mentions if m.gender]
        counts = sorted((genders.count(g) for g in set(genders)), reverse=True)
        if not genders or len(counts) > 1 and counts[0] == counts[1]:
            # "der Weihbischof" tagged feminine, "Pfarrer Wagner" masculine: a tie of guesses tells nothing
            return None
        return max(set(genders), key=genders.count)


def article_gender(sentence: Sentence, noun: Word) -> str | None:
    """The gender the tagger gives the article or demonstrative of ``noun`` (its
    determiner child, "der" of "der Weihbischof"), where it gives one."""
    for w in sentence.words:
        if w.head == noun.index and w.upos == "DET" and w.feat("PronType") in ("Art", "Dem") and w.end <= noun.start:
            gender = w.feat("Gender")
            return gender if gender in ("Masc", "Fem", "Neut") else None
    return None


def similar(a: str, b: str, threshold: float) -> bool:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= threshold


def _base(token: str) -> str:
    """A name without its genitive ending ("Berningers" → "Berninger")."""
    return token[:-1] if len(token) > 4 and token.endswith("s") and not token.endswith("ss") else token


# How alike two last names must be (difflib's ratio) for one person; the
# source index bounds its candidates by it (sources/__init__.py).
SURNAME_RATIO = 0.85


def same_person(a: str, b: str) -> bool:
    """"Marco Rubio" = "Rubio" = "Mark Rubio"; "Bill Clinton" ≠ "Hillary Clinton"."""
    pa, pb = a.split(), b.split()
    if not pa or not pb:
        return False
    last_a, last_b = pa[-1], pb[-1]
    if not (similar(last_a, last_b, SURNAME_RATIO) or _base(last_a) == _base(last_b)):
        return False
    if len(pa) == 1 or len(pb) == 1:
        return True
    return similar(pa[0], pb[0], 0.6)


def _same_organization(a: str, b: str) -> bool:
    """"Die Demokratische Partei Thailands" = "Demokratische Partei"."""
    ta, tb = a.lower().split(), b.lower().split()
    if ta == tb:
        return True
    short, long = sorted((ta, tb), key=len)
    return len(short) >= 2 and long[:len(short)] == short


def _names_body(name: str, aliases: set[str]) -> bool:
    """``name`` is one of a body's names or their first words ("Wikimedia" of "Wikimedia Deutschland")."""
    words = name.split()
    return any(alias.split()[:len(words)] == words for alias in aliases)


def tagged_gender(word: Word, sentence: Sentence, lexicon: Lexicon) -> str | None:
    """The tagger's gender of a person noun, or none where its article and the noun disagree and
    the noun's form does not tell ("Der Weihbischof" with the noun tagged feminine: neither is sure)."""
    gender = lexicon.gender(word)
    if lexicon.noun_gender(word.text) is None and article_gender(sentence, word) not in (None, gender):
        return None
    return gender


class Genders:
    """The gender of a person noun that is its referent's sex (``coref.yaml``
    ``gendered_nouns``: "Mann", "Schwiegermutter"), where the tagger's guess is
    not to be trusted."""

    def __init__(self, nouns: GenderedNouns | None = None):
        nouns = nouns or GenderedNouns()
        self._masculine = frozenset(w.lower() for w in nouns.masculine)
        self._feminine = frozenset(w.lower() for w in nouns.feminine)

    def of(self, noun: str) -> str | None:
        forms = Lexicon.case_forms(noun)
        # the last part of a compound, also a short one ("Ehemann", "Ehefrau"; Lexicon.ends_with
        # reads only parts longer than four letters)
        if any(f.endswith(stem) for f in forms for stem in self._feminine):
            return "Fem"
        if any(f.endswith(stem) for f in forms for stem in self._masculine):
            return "Masc"
        return None


class EntityFinder:
    def __init__(self, lexicon: Lexicon, genders: Genders | None = None):
        self.lexicon = lexicon
        self.genders = genders or Genders()

    def find(self, doc: ParsedDocument) -> tuple[list[EntityGroup], list[EntityMention]]:
        use_ner = any(w.ner not in ("O", "") for s in doc.sentences for w in s.words)
        # the tagger's entities, decoded once per token (the words of "zum" share its tag)
        tagged: dict[int, list[NerMention]] = {}
        starts = [s.start for s in doc.sentences]
        for found_ner in entity_mentions(doc) if use_ner else ():
            tagged.setdefault(bisect.bisect_right(starts, found_ner.start) - 1, []).append(found_ner)
        mentions: list[EntityMention] = []
        self._untagged: list[tuple[Sentence, list[Word]]] = []
        for k, sentence in enumerate(doc.sentences):
            runs = self._tagged_runs(sentence, tagged.get(k, ())) if use_ner else self._name_runs(sentence)
            found = [self._mention(doc, k, sentence, run, type_) for run, type_ in runs]
            found += self._outlets(doc, k, sentence, found)
            found += self._acronym_introducers(doc, k, sentence, found)
            mentions.extend(sorted(found, key=lambda m: m.span.start))
        if self._untagged:
            # a bare surname the tagger missed ("Trump") where the article names that person in full
            surnames = {m.span.text.split()[-1] for m in mentions if m.type == "person" and len(m.span.text.split()) > 1}
            # the bare name of a body the article introduced with its institution noun ("das Netzwerk
            # Twitter … Twitter rät"), which the tagger missed
            bodies = {m.span.text for m in mentions if m.type == "organization" and len(m.words) == 1}
            index = {id(s): k for k, s in enumerate(doc.sentences)}
            for sentence, run in self._untagged:
                if len(run) == 1 and run[0].text in surnames:
                    mentions.append(self._mention(doc, index[id(sentence)], sentence, run, "person"))
                elif len(run) == 1 and run[0].text in bodies:
                    mentions.append(self._mention(doc, index[id(sentence)], sentence, run, "organization"))
            mentions.sort(key=lambda m: m.span.start)
        self._without_trailing_nouns(doc, mentions)
        return self._group(doc, mentions), mentions

    @staticmethod
    def _without_trailing_nouns(doc: ParsedDocument, mentions: list[EntityMention]) -> None:
        """"Die Behörden werfen Luna Menschenhandel vor" tagged as one name: a common noun closing a
        person's name as an object of the clause, where the word before it is the surname of another
        mention of the article ("Vincio Luna"), is the clause's, not the name's."""
        surnames = {m.words[-1].text for m in mentions if m.type == "person" and len(m.words) >= 2}
        for m in mentions:
            if m.type == "person" and len(m.words) >= 2 and m.words[-1].upos == "NOUN" \
                    and m.words[-1].deprel in ("obj", "iobj", "obl") \
                    and m.words[-2].text in surnames and m.words[-2].end < m.words[-1].start \
                    and not any(o is not m and o.words and o.words[-1].text == m.words[-1].text for o in mentions):
                m.words = m.words[:-1]
                m.span = Span.of(doc.text, m.words[0].start, m.words[-1].end)

    # -- mention detection --------------------------------------------------

    def _tagged_runs(self, sentence: Sentence, tagged: Sequence[NerMention]) -> list[tuple[list[Word], EntityType | None]]:
        """The tagger's entities, without a role noun or title it took into the
        name ("Außenminister | Rubio"), plus names it missed where a role noun
        stands before them ("Präsident Trump")."""
        lex = self.lexicon
        words = list(sentence.words)
        runs = []
        for run, type_ in self._ner_runs(sentence, tagged):
            while len(run) > 1 and not (type_ == "organization" and run[0].text.isupper()
                                        and lex.is_org_word(run[-1].text)) \
                    and (lex.is_role(run[0].text) or lex.is_common(run[0].text)
                         or run[0].text.lower().strip(".") in lex.titles or not run[0].text[:1].isupper()):
                run = run[1:]  # "Außenminister | Rubio"; a lower-case verb or adverb is no part of a name
            while len(run) > 1 and not run[-1].text[:1].isupper() and run[-1].text[:1].isalpha():
                run = run[:-1]
            while len(run) > 1 and run[-1].upos == "NOUN" and any(
                    lex.ends_with(run[-1].text, words) for words in (lex.wrappers, lex.unspecified_nouns)):
                run = run[:-1]  # "nimmt die Organisation | Schätzungen zufolge …": how it is known, never a name
            if not any(w.text[:1].isupper() for w in run):
                continue
            if len(run) == 1 and run[0].text.lower() in lex.anonymous_nouns | lex.generic_groups \
                    | lex.unspecified_nouns | lex.wrappers:
                continue  # "Insider sagten", "Kreise": a capitalised common noun the tagger took for a name
            # "Franz | - | Josef Weber": a first name the tokenizer split at its hyphen belongs to the name
            k = words.index(run[0])
            while k >= 2 and words[k - 1].text in ("-", "‐") and words[k - 2].end == words[k - 1].start \
                    and words[k - 1].end == words[k].start and words[k - 2].text[:1].isupper() \
                    and words[k - 2].upos == "PROPN":
                run = [words[k - 2], words[k - 1]] + run
                k -= 2
            # "Robert Koch | - | Institut": an institution word after the hyphen makes a person's name a body's
            k = words.index(run[-1])
            if type_ == "person" and len(run) >= 2 and k + 2 < len(words) and words[k + 1].text in ("-", "‐") and words[k].end == words[k + 1].start \
                    and words[k + 1].end == words[k + 2].start and words[k + 2].text[:1].isupper() \
                    and lex.is_org_word(words[k + 2].text) and not lex.is_role(words[k + 2].text):
                run = run + [words[k + 1], words[k + 2]]
                type_ = "organization"
            # "Mohammed | el | - | Baradei": a surname opened by a particle belongs to the name
            k = words.index(run[-1])
            if type_ == "person" and k + 3 < len(words) and _PARTICLE_NAME.match(
                    "".join(w.text for w in words[k + 1:k + 4])) and words[k + 1].end == words[k + 2].start \
                    and words[k + 2].end == words[k + 3].start:
                run = run + words[k + 1:k + 4]
            # "Nordstadt | - | Bote": a name the tokenizer split at its hyphen stays one name
            k = words.index(run[-1])
            while k + 2 < len(words) and words[k + 1].text in ("-", "‐") and words[k].end == words[k + 1].start \
                    and words[k + 1].end == words[k + 2].start and words[k + 2].text[:1].isupper() \
                    and not (lex.is_common(words[k + 2].text) or lex.is_role(words[k + 2].text)
                             or lex.is_org_word(words[k + 2].text)):
                run = run + [words[k + 1], words[k + 2]]
                k += 2
            if runs and type_ == "person" and runs[-1][1] == "person" and _INITIAL.match(runs[-1][0][-1].text) \
                    and 0 <= run[0].start - runs[-1][0][-1].end <= 1:
                # "George W. | Bush": a name the tagger ended at an initial goes on with the surname after it
                runs[-1] = (runs[-1][0] + run, "person")
                continue
            runs.append((run, type_))
        tagged = {w.index for run, _ in runs for w in run}
        for run, _ in self._name_runs(sentence):
            before = self._noun_before(sentence, run[0])
            if any(w.index in tagged for w in run) or not all(w.upos == "PROPN" or _PARTICLE_NAME.match(w.text)
                                                               for w in run) and not self._body_noun(before):
                continue
            if before is not None and lex.is_role(before.text) or len(run) >= 2:
                # a name the tagger missed: after a role noun ("Präsident Trump"), or first name and
                # surname ("Donald Trump")
                runs.append((run, "person"))
            elif self._body_noun(before):
                # "das Netzwerk Twitter", "die Gruppe Nordlicht": a name after an institution noun is a body's
                runs.append((run, "organization"))
            else:
                self._untagged.append((sentence, run))
        return sorted(runs, key=lambda r: r[0][0].start)

    @staticmethod
    def _ner_runs(sentence: Sentence, tagged: Sequence[NerMention]) -> list[tuple[list[Word], EntityType | None]]:
        """The words of each tagged entity (``parsing.entity_mentions``) of the sentence."""
        runs = []
        for found in tagged:
            words = [w for w in sentence.words if found.start <= w.start and w.end <= found.end]
            if words:
                runs.append((words, NER_TYPES.get(found.type)))
        return runs

    def _name_runs(self, sentence: Sentence) -> list[tuple[list[Word], EntityType | None]]:
        runs, current = [], []
        words = merge_hyphens(sentence.words)
        lex = self.lexicon
        for k, word in enumerate(words):
            plain = not lex.is_common(word.text) and not lex.is_org_word(word.text)
            # a first name the tagger called a noun ("Mark Rubio"), not a title ("Außenminister Rubio")
            first_name = (word.upos == "NOUN" and k + 1 < len(words) and words[k + 1].upos == "PROPN"
                          and len(word.text) <= 8 and plain and word.feat("Number") != "Plur")
            # a surname the tagger called a noun after a first name ("Rob Mueller")
            surname = (word.upos == "NOUN" and current and current[-1].upos == "PROPN" and plain
                       and word.start - current[-1].end <= 1)
            # "die Zeitung Nordstadt-Bote", "das Netzwerk Twitter": what follows a media or institution
            # noun is a name, also one the tagger called a common noun; a name is not inflected
            # (not "vor dem Einkaufszentrum Parolen", lemma "Parole")
            after_media = (not current and k > 0 and words[k - 1].upos == "NOUN" and word.upos == "NOUN"
                           and (lex.ends_with(words[k - 1].text, lex.media_nouns)
                                or self._body_noun(words[k - 1]) and word.lemma == word.text)
                           and plain)
            # "National Health Service", "Bundesamt": an institution word closing a name
            closing = (current and word.upos == "NOUN" and lex.is_org_word(word.text) and word.text[:1].isupper()
                       and word.start - current[-1].end <= 1 and not lex.is_role(word.text)
                       and current[-1].upos == "PROPN" and len(current) >= 2)
            if closing:
                current.append(word)
                continue
            if (word.upos == "PROPN" or first_name or surname or after_media or self._acronym_noun(word)
                or _PARTICLE_NAME.match(word.text)) \
                    and (word.text[:1].isupper() or _PARTICLE_NAME.match(word.text)) \
                    and not lex.is_common(word.text) and word.text.lower() not in lex.titles:
                current.append(word)
            else:
                if current:
                    runs.append((current, None))
                current = []
        if current:
            runs.append((current, None))
        # "am Montag", "im Oktober": dates are no entities
        return [(run, t) for run, t in runs if not (len(run) == 1 and run[0].text.lower() in lex.time_words)]

    @staticmethod
    def _acronym_noun(word: Word) -> bool:
        return word.upos in ("NOUN", "X") and len(word.text) >= 2 and bool(_ACRONYM.match(word.text)) \
            and sum(c.isupper() for c in word.text) >= 2

    def _mention(self, doc: ParsedDocument, k: int, sentence: Sentence, run: list[Word],
                 ner_type: EntityType | None) -> EntityMention:
        span = Span.of(doc.text, run[0].start, run[-1].end)
        before = self._noun_before(sentence, run[0])
        role = before.text if before is not None else None
        type_ = self._type(span.text, run, before, ner_type)
        apposed = self._role_in_apposition(sentence, run) or self._role_by_copula(sentence, run) \
            if role is None else None
        if apposed is not None and type_ == "person":
            # "Tegaye Mununhe, der Polizeichef der Region", "Der Flugbetriebsleiter, Reinhard
            # Kraxner": the role noun beside the name, so "der Polizeichef" later is this person
            role, before = apposed.text, apposed
        lex = self.lexicon
        genitive = before is not None and run[-1].text.endswith("s") and apposed is None \
            and not (lex.is_role(before.text) or lex.ends_with(before.text.lower(), lex.private_nouns))
        # "die Wahl Bans": the noun before a name in the genitive is not the person's, nor its gender
        return EntityMention(span, type_, k, tuple(run), role, None if genitive else self._gender(before, sentence))

    def _role_in_apposition(self, sentence: Sentence, run: list[Word]) -> Word | None:
        words = merge_hyphens(sentence.words)
        first = next((i for i, w in enumerate(words) if w.start >= run[0].start), None)
        last = next((i for i in range(len(words) - 1, -1, -1) if words[i].end <= run[-1].end), None)
        if first is None or last is None:
            return None
        # a role noun, a comma, the name; the role noun may carry an affiliation ("der
        # Ministerpräsident des Landes Niedersachsen, Christian Wulff"), and a role in the
        # affiliation is someone else's ("der Bruder des Papstes, Georg Ratzinger")
        if first >= 2 and words[first - 1].text == ",":
            head = self._head_before_comma(words, first - 1)
            if head is not None and self.lexicon.is_role(head.text):
                return head
        # the name, a comma, an article, adjectives, a role noun
        k = last + 1
        if k < len(words) and words[k].text == ",":
            k += 1
            while k < len(words) and words[k].upos in ("DET", "ADJ"):
                k += 1
            if k < len(words) and words[k].upos == "NOUN" and self.lexicon.is_role(words[k].text) \
                    and k > last + 2 and words[last + 2].upos == "DET":
                return words[k]
            # "Anna Roth, Chefin der Garde": a bare role noun with an affiliation; not one that opens the
            # next name of a list ("Roth, Außenminister Weber und …")
            if k == last + 2 and k + 1 < len(words) and words[k].upos == "NOUN" and self.lexicon.is_role(words[k].text) \
                    and words[k + 1].text.lower() in ("der", "des", "von", "vom"):
                return words[k]
        return None

    def _role_by_copula(self, sentence: Sentence, run: list[Word]) -> Word | None:
        """"Anna Roth ist die Chefin der Garde": the role noun the name is the subject of by a copula,
        so "die Chefin" later is this person."""
        inside = {w.index for w in run}
        subject = next((w for w in run if w.deprel == "nsubj" and w.head not in inside), None)
        if subject is None or not subject.head:
            return None
        predicate = sentence.word(subject.head)
        if predicate.upos != "NOUN" or not self.lexicon.is_role(predicate.text):
            return None
        if not any(c.deprel == "cop" for c in sentence.children(predicate.index)):
            return None
        return predicate

    def _head_before_comma(self, words: list[Word], comma: int) -> Word | None:
        """The head noun of the noun phrase that ends right before ``words[comma]``:
        its first noun, after the genitive and prepositional attributes are walked
        back over ("der Direktor | der Behörde"); a wrapper noun gives way to the
        noun of its attribute ("Angaben | des Direktors")."""
        lex = self.lexicon
        start, k = None, comma - 1
        while k >= 0 and comma - k <= 10:
            word = words[k]
            low = word.text.lower()
            if word.upos in ("NOUN", "PROPN", "ADJ", "NUM", "X"):
                start = k
            elif word.upos == "DET" or word.upos == "ADP":
                genitive = word.upos == "DET" and (word.feat("Case") == "Gen" or low in ("des", "eines"))
                if (genitive or low in lex.affiliation_openers) and k > 0 \
                        and words[k - 1].upos in ("NOUN", "PROPN", "X"):
                    k -= 1
                    continue
                if word.upos == "DET":
                    start = k
                break
            else:
                break
            k -= 1
        if start is None:
            return None
        nouns = [w for w in words[start:comma] if w.upos == "NOUN"]
        while nouns and nouns[0].text.lower() in lex.wrappers and len(nouns) > 1:
            nouns = nouns[1:]
        return nouns[0] if nouns else None

    def _noun_before(self, sentence: Sentence, first: Word) -> Word | None:
        """The common noun right before a name ("Außenminister Rubio", "der
        Konzern Siemens", "Ryanair-Sprecherin Anja Seugling")."""
        words = merge_hyphens([w for w in sentence.words if w.end <= first.start])
        if not words:
            return None
        word = words[-1]
        if word.upos == "PROPN" and self.lexicon.is_role(word.text) and word.text[:1].isupper() \
                and word.text.lower().strip(".") not in self.lexicon.titles:
            return word  # "Papst Benedikt XVI." opening the text: the tagger may take the role noun for a name
        return word if word.upos == "NOUN" and word.text[:1].isupper() else None

    def _body_noun(self, before: Word | None) -> bool:
        """An institution noun that introduces a name ("der Konzern", "das Netzwerk"), not a role."""
        lex = self.lexicon
        return before is not None and lex.is_org_word(before.text) and not lex.is_role(before.text) \
            and not lex.ends_with(before.text, lex.media_nouns)

    def _type(self, text: str, run: list[Word], before: Word | None, ner_type: EntityType | None) -> EntityType:
        lex = self.lexicon
        whole = lex.outlet(text, strict=False)
        if whole is not None and whole[1].group(1) == text and (lex.outlet(text) is not None or before is not None
                                                                and lex.ends_with(before.text, lex.media_nouns)
                                                                and not lex.ends_with(before.text, lex.not_media)):
            return "outlet"
        if before is not None and lex.ends_with(before.text, lex.media_nouns) and not lex.ends_with(before.text, lex.not_media):
            return "outlet"
        if ner_type == "person" and lex.is_place(text):
            return "place"  # "Myanmar" tagged PER: a country is no one's name
        if ner_type is not None:
            # the tagger's type, save two things the words say better: a role noun before a
            # name makes a person ("Bundesverkehrsminister Manfred Stolpe" tagged ORG), an
            # institution word in it a body ("Interpol" tagged PER)
            if ner_type == "organization" and before is not None and lex.is_role(before.text) \
                    and not lex.has_org_part(text) and not lex.is_org_word(before.text):
                return "person"
            if ner_type == "person" and (lex.has_org_part(text) or len(run) == 1 and self._body_noun(before)):
                # "Interpol" tagged PER; "der Konzern Nordwerk" tagged PER: one word after an
                # institution noun is the body's name, not a surname
                return "organization"
            return ner_type
        if before is not None and lex.is_org_word(before.text) and not lex.is_role(before.text):
            return "organization"
        if lex.has_org_part(text):
            return "organization"
        if lex.is_place(text):
            return "place"  # also in the genitive ("Russlands")
        if before is not None and lex.is_role(before.text):
            return "person"
        if len(run) == 1 and _ACRONYM.match(run[0].text) and sum(c.isupper() for c in run[0].text) >= 2:
            return "organization"
        return "person"

    def _gender(self, before: Word | None, sentence: Sentence | None = None) -> str | None:
        if before is not None:
            known = self.genders.of(before.text)
            if known is not None:
                return known  # "Ehemann Karl Holm"
            gender = tagged_gender(before, sentence, self.lexicon) if sentence is not None else self.lexicon.gender(before)
            low = before.text.lower()
            if gender == "Masc" and self.lexicon.noun_gender(before.text) is None and len(low) > 5 \
                    and low.endswith("in") and low[-3] not in "aeiouäöü" \
                    and not self.lexicon.ends_with(low, self.lexicon.media_nouns):
                # "Kanzlerkandidatin Angela Merkel": a person noun in "-in" before a name is a woman's,
                # whatever gender the tagger guessed
                gender = "Fem"
            if gender in ("Masc", "Fem"):
                return gender
        # a small tagger's gender of a proper name is a guess; only the role noun tells
        return None

    def _outlets(self, doc: ParsedDocument, k: int, sentence: Sentence,
                 found: list[EntityMention]) -> list[EntityMention]:
        """Gazetteer outlets the name runs did not catch ("dpa", "n-tv")."""
        extra = []
        text = sentence.text
        offset = sentence.start
        position = 0
        while True:
            hit = self.lexicon.outlet(text[position:])
            if hit is None:
                break
            _, match = hit
            start, end = offset + position + match.start(1), offset + position + match.end(1)
            position += match.end(1)
            span = Span.of(doc.text, start, end)
            overlapping = [m for m in found if m.span.overlaps(span)]
            if overlapping:
                # the gazetteer knows the whole name ("Financial Times", not "Times");
                # an alias inside a longer name ("Petra" in a person's name) is no outlet
                for m in overlapping:
                    if span.contains(m.span):
                        m.type = "outlet"
                        m.span = span
                        m.words = tuple(w for w in sentence.words if start <= w.start and w.end <= end)
                continue
            words = tuple(w for w in sentence.words if start <= w.start and w.end <= end)
            extra.append(EntityMention(span, "outlet", k, words))
        return extra

    def _acronym_introducers(self, doc: ParsedDocument, k: int, sentence: Sentence,
                             found: list[EntityMention]) -> list[EntityMention]:
        """"die Weltgesundheitsorganisation (WHO)": an institution noun before
        an acronym in brackets is a name."""
        extra = []
        words = merge_hyphens(sentence.words)
        for j, word in enumerate(words[:-2]):
            if words[j + 1].text != "(" or not _ACRONYM.match(words[j + 2].text):
                continue
            if word.upos != "NOUN" or not word.text[:1].isupper() or not self.lexicon.is_org_word(word.text):
                continue
            span = Span.of(doc.text, word.start, word.end)
            if any(m.span.overlaps(span) for m in found):
                continue
            extra.append(EntityMention(span, "organization", k, (word,)))
        return extra

    # -- grouping -----------------------------------------------------------

    def _group(self, doc: ParsedDocument, mentions: list[EntityMention]) -> list[EntityGroup]:
        groups: list[EntityGroup] = []
        for m in mentions:
            name = self._name_of(m, doc)
            target = self._match(groups, m, name)
            if target is None:
                groups.append(EntityGroup(name, m.type, [m], {name}))
                m.entity = len(groups) - 1
                continue
            group = groups[target]
            group.mentions.append(m)
            group.aliases.add(name)
            m.entity = target
            if m.type == group.type and len(name.split()) > len(group.name.split()) and m.type != "outlet":
                group.name = name
        self._persons_named_as_bodies(groups)
        self._acronyms(doc, groups, mentions)
        for group in groups:
            if group.type == "person":
                group.name = " ".join(self._base_form(t, group) for t in group.name.split())
        return groups

    @staticmethod
    def _persons_named_as_bodies(groups: list[EntityGroup]) -> None:
        """"Wikimedia Deutschland" tagged ORG once and PER elsewhere, "Wikimedia" alone tagged PER: a
        "person" with no role noun whose every name is a name, or the first words of a name, of one body
        of the article is that body (the tagger's types of one name disagree; the article's
        institution evidence wins)."""
        bodies = [g for g in groups if g.type == "organization"]
        for group in groups:
            if group.type != "person" or group.roles or not group.mentions:
                continue
            owner = next((b for b in bodies if all(_names_body(alias, b.aliases) for alias in group.aliases)), None)
            if owner is None:
                continue
            for m in group.mentions:
                m.type = "organization"
                m.entity = groups.index(owner)
            owner.mentions.extend(group.mentions)
            owner.mentions.sort(key=lambda x: x.span.start)
            group.mentions = []

    def _name_of(self, m: EntityMention, doc: ParsedDocument) -> str:
        if m.type == "outlet":
            hit = self.lexicon.outlet(m.span.text, strict=False)
            if hit is not None:
                return hit[0]
        # the base form: "des Weißen Hauses" is the entity "Weißes Haus", "Putins" is "Putin"
        if m.type == "person":
            base = person_nominative(m.words)
        else:
            before = [w for w in doc.sentences[m.sentence].words if w.end <= m.span.start]
            article = before[-1] if before and before[-1].upos == "DET" else None
            base = nominative(m.words, article, self._neuter)
        if base is not None:
            return base
        text = " ".join(m.span.text.split())
        return text.strip("„“”\"'‚‘’»«()")

    def _neuter(self, noun: str) -> bool:
        """A neuter head noun, or a compound ending in one ("Bundesamt")."""
        return any(noun.lower().endswith(stem) for stem in self.lexicon.neuter_nouns)

    def _match(self, groups: list[EntityGroup], m: EntityMention, name: str) -> int | None:
        for k in range(len(groups) - 1, -1, -1):
            group = groups[k]
            if m.type == "person" and group.type == "person":
                if any(same_person(alias, name) for alias in group.aliases):
                    return k
            elif group.type == "person" and len(name.split()) == 1 and m.type in ("place", "organization", "other") \
                    and any(alias.split()[-1] == name for alias in group.aliases if len(alias.split()) > 1):
                # "Putin" tagged as a place once, after "Wladimir Putin": the person's surname
                m.type = "person"
                return k
            elif m.type == group.type or {m.type, group.type} <= {"organization", "place", "other"}:
                if any(alias.lower() == name.lower() or _same_organization(alias, name) for alias in group.aliases):
                    return k
        return None

    @staticmethod
    def _base_form(token: str, group: EntityGroup) -> str:
        base = _base(token)
        if base != token and any(base in alias.split() for alias in group.aliases):
            return base
        return token

    def _acronyms(self, doc: ParsedDocument, groups: list[EntityGroup], mentions: list[EntityMention]) -> None:
        """"die Weltgesundheitsorganisation (WHO)": the acronym in brackets
        right after a name is that entity; later mentions of it join it."""
        by_entity = {id(m): m.entity for m in mentions}
        for k, m in enumerate(mentions):
            after = doc.text[m.span.end:m.span.end + 20]
            match = re.match(r"\s*\(([A-ZÄÖÜ][\w&.-]{1,12})\)", after)
            if not match:
                continue
            acronym = match.group(1)
            owner = by_entity[id(m)]
            if groups[owner].type == "person" or sum(c.isupper() for c in acronym) < 2:
                # "Renate Künast (Grüne)", "Heiko Maas (SPD)": a party after a person's name is
                # that person's affiliation, never another name of the person
                continue
            for other in mentions:
                if other.span.text == acronym and other.entity != owner:
                    source = groups[other.entity]
                    if source.mentions == [other] or all(x.span.text == acronym for x in source.mentions):
                        for x in list(source.mentions):
                            source.mentions.remove(x)
                            groups[owner].mentions.append(x)
                            x.entity = owner
            groups[owner].aliases.add(acronym)
        for group in groups:
            group.mentions.sort(key=lambda x: x.span.start)


def as_records(groups: Sequence[EntityGroup]) -> list[Entity]:
    """The article's entities as records, numbered in the order they are first
    mentioned; groups that lost all their mentions to another are dropped."""
    kept = [g for g in groups if g.mentions]
    kept.sort(key=lambda g: g.mentions[0].span.start)
    for k, group in enumerate(kept):
        group.id = f"e{k + 1}"
    return [Entity(g.id, g.name, g.type, tuple(m.span for m in g.mentions)) for g in kept]
