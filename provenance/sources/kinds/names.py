"""The second reading of a phrase: a name. A body's name in quotation marks or
one that reads as common words ("Ärzte ohne Grenzen"), or a name in the head
part, whose entity gives the kind. A name in the genitive ("Irans
Außenminister", "ein Sprecher Koch-Mehrins") is whose role holder speaks: it
is taken out of the head part, and the head noun decides (:mod:`.nouns`)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from provenance.records import SourceKind, Span, Word
from provenance.sources.kinds.phrase import Context, Mention, Phrase
from provenance.sources.lexicon import Lexicon

if TYPE_CHECKING:
    from provenance.sources.kinds import Classifier

Entity = tuple[str, str, str]  # (entity id, name, type)


def quoted_body(clf: Classifier, p: Phrase, ctx: Context | None) -> Mention | None:
    """A body's name in quotation marks ("der neue „Oberste Rat zur Wiederherstellung der
    Demokratie“"), whatever the tagger made of its words."""
    quoted = _quoted_name(clf.lexicon, p.span, p.start, p.head.start) if p.head is not None else None
    if quoted is None:
        return None
    entity = ctx.entity_at(p.head_start, p.end) if ctx else None
    return Mention(p.span, quoted, "organization", False, None, None, p.definite,
                   entity=entity[0] if entity and entity[2] == "organization" else None, head=p.head_low)


def body_name(clf: Classifier, p: Phrase, ctx: Context | None) -> Mention | None:
    """A body whose name reads as common words ("Ärzte ohne Grenzen", "ai"), the head inside it."""
    if p.head is None:
        return None
    head_text = " ".join(w.text for w in p.head_part)
    where = clf.lexicon.body_name(head_text)
    at = sum(len(w.text) + 1 for w in p.head_part[:p.head_index])
    if where is not None and where[0] <= at < where[1]:
        return Mention(p.span, head_text[where[0]:where[1]], "organization", False, None, p.affiliation,
                       p.definite, head=p.head_low)
    return None


def read_names(lex: Lexicon, p: Phrase, ctx: Context | None) -> tuple[Phrase, Entity | None, list[Word]]:
    """The entity and the name words of the head part, and the phrase as the head noun then reads it
    (a genitive name before or after a role noun is taken out of the head part)."""
    tokens, head, head_low, head_index, head_part = p.tokens, p.head, p.head_low, p.head_index, p.head_part
    entity = ctx.entity_at(p.head_start, p.head_end) if ctx else None
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
        p = replace(p, head_part=head_part)
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
        # "Irans Außenminister": the country in the genitive is whose role holder speaks; a genitive
        # makes the phrase definite
        p = replace(p, head_index=tokens.index(head_part[genitive + 1]), definite=True)
        return p, None, []
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
            and _genitive_name(lex, after_head, entity, ctx) and (
                lex.is_role(head_low) or lex.ends_with(head_low, lex.private_nouns)
                or lex.ends_with(head_low, lex.generic_groups)
                or lex.is_org_word(head_low) and entity is not None and entity[2] == "person"):
        # "die Anwältin Samanis", "ein Sprecher Koch-Mehrins", "Anhänger Saddam Husseins", "die
        # Verteidigung Saddam Husseins": the name in the genitive is whose role holder, group or
        # body the phrase names, not the speaker
        p = replace(p, head_part=tokens[:head_index + 1], affiliation_words=tokens[head_index + 1:])
        return p, None, []
    return p, entity, names


def named(clf: Classifier, p: Phrase, entity: Entity | None, names: list[Word], ctx: Context | None) -> Mention:
    """The source a name in the head part gives: its entity's, or the name's own."""
    lex = clf.lexicon
    span, tokens, head, head_low, head_index, head_part = p.span, p.tokens, p.head, p.head_low, p.head_index, p.head_part
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
    descriptor = lex.strip_articles(" ".join(w.text for w in head_part if w not in names)).strip(" ,") or None
    # "Besorgt äußerte sich …": a lone capitalised word opening a sentence, which neither the entity
    # tagger nor the entity layer took for a name, is a weak antecedent
    guessed = entity is None and len(tokens) == 1 and names == tokens and tokens[0].index == 1 \
        and tokens[0].ner == "O"
    return Mention(span, name, kind, False, descriptor, p.affiliation, p.definite, entity=entity_id, head=head_low,
                   guessed=guessed)


def name_after_affiliation(lex: Lexicon, affiliation: list[Word], ctx: Context | None) -> tuple[str, str] | None:
    """(entity id, name) of the person whose name ends an affiliation."""
    if ctx is None or len(affiliation) < 3:
        return None
    run: list[Word] = []
    for word in reversed(affiliation):
        if word.upos in ("PROPN", "X") or word.upos == "NOUN" and word.text[:1].isupper() \
                and not lex.is_common(word.text) and not lex.is_org_word(word.text):
            run.insert(0, word)
        else:
            break
    titled = [k for k, w in enumerate(run) if w.text.lower().strip(".") in lex.titles]
    if titled and titled[-1] + 1 < len(run):
        run = run[titled[-1]:]  # "von Freising Herr Dieter Thalhammer": the name follows the title
    names = [w for w in run if w.text.lower().strip(".") not in lex.titles]
    if len(names) < 2 or run[0] is affiliation[0]:
        return None  # a first name and a surname; one capitalised word may be a place or a body
    before = affiliation[affiliation.index(run[0]) - 1]
    if before.upos == "NOUN" and lex.ends_with(before.text, lex.private_nouns):
        return None  # "der Ermittler des Jungen Rhys Jones": the name is the boy's
    if before.upos == "NOUN" and lex.is_role(before.text) and before is affiliation[1]:
        return None  # "ein Sprecher von Bundeskanzlerin Anna Roth": the name is the chancellor's
    entity = ctx.entity_at(names[0].start, names[-1].end)
    if entity is None or entity[2] != "person" or entity[1].split()[-1] != names[-1].text:
        return None
    return entity[0], entity[1]


def _quoted_name(lex: Lexicon, span: Span, start: int, head_start: int) -> str | None:
    """The name in quotation marks that opens the phrase from ``start`` (after articles and
    adjectives) up to its head noun, where it holds an institution word: "Oberste Rat zur
    Wiederherstellung der Demokratie"; not a name in the affiliation ("der „Polizei von X“")."""
    # the span may stop inside the name, before its closing mark
    found = re.search(r"[„“\"»]([A-ZÄÖÜ][^„“”\"«»]*)(?:[“”\"«]|$)", span.text[start - span.start:])
    if found is None or start + found.start() > head_start:
        return None
    name = found.group(1).strip()
    words = [w for w in re.findall(r"[\w-]+", name) if w[:1].isupper()]
    return name if any(lex.is_org_word(w) and not lex.is_role(w) for w in words) else None


def _genitive_name(lex: Lexicon, names: list[Word], entity: Entity | None, ctx: Context | None) -> bool:
    """The name is written in the genitive: "Samanis" of the entity "Ali Samani", "Libyens"."""
    last = names[-1].text
    if not last.endswith("s") or last.endswith("ss") or len(last) < 4:
        return False
    if lex.is_place(last) and last.lower() not in lex.places:
        return True
    if entity is not None and entity[2] == "person" and entity[1].split()[-1] == last[:-1]:
        return True
    # "ein Sprecher Koch-Mehrins" with the genitive tagged as a body: the surname of a person named
    person = ctx.person_by_surname(last[:-1]) if ctx is not None and len(names) == 1 else None
    return person is not None and person[1].split()[-1] == last[:-1]
