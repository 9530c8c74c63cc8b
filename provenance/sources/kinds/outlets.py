"""The first reading of a phrase: an outlet, by the gazetteer or by a media noun
before a name ("die Tageszeitung „taz“"); an unnamed medium is unspecified."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provenance.records import Word
from provenance.sources.kinds.phrase import QUOTES, Context, Mention, Phrase
from provenance.sources.lexicon import Lexicon

if TYPE_CHECKING:
    from provenance.sources.kinds import Classifier


def outlet(clf: Classifier, p: Phrase, ctx: Context | None) -> Mention | None:
    lex = clf.lexicon
    span, text, head, head_low = p.span, p.text, p.head, p.head_low
    core = lex.strip_articles(text).strip(QUOTES + " ")
    hit = lex.outlet(text) or lex.outlet(core, strict=False) if core in lex.outlet_names else lex.outlet(text)
    if hit is not None and _outlet_is_head(lex, hit[1], text, head) and not _in_person_name(p, hit[1], ctx):
        entity = ctx.entity_at(p.start, p.end) if ctx else None
        return Mention(span, hit[0], "outlet", False, _descriptor(text, hit[1], lex), None,
                       entity=entity[0] if entity and entity[2] == "outlet" else None, head=head_low)
    if head is not None and lex.ends_with(head_low, lex.media_nouns) and not lex.ends_with(head_low, lex.generic_media) \
            and not lex.ends_with(head_low, lex.not_media):
        return _media_noun(clf, p, ctx)
    return None


def _media_noun(clf: Classifier, p: Phrase, ctx: Context | None) -> Mention:
    lex = clf.lexicon
    span, tokens, head, head_low, head_index, head_part = p.span, p.tokens, p.head, p.head_low, p.head_index, p.head_part
    definite = p.definite
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
        name = clf.nominative(head_part[head_part.index(proper[0]):head_index + 1])
        return Mention(span, name, "outlet", False, name, None, definite, head=head_low)
    after = ctx.outlet_right_after(span.end) if ctx is not None and head is tokens[-1] else None
    if after is not None:
        # "die Tageszeitung | „taz“": the name the speaker span stopped before is the outlet's
        return Mention(span, after[1], "outlet", False, None, None, definite, entity=after[0], head=head_low)
    if definite and not p.indefinite:
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
        return Mention(span, clf.nominative(head_part), "outlet", False, clf.nominative(head_part),
                       p.affiliation, definite, head=head_low)
    # "eines Lokalsenders": an unnamed medium
    return Mention(span, lex.strip_articles(p.text), "unspecified", True, definite=definite, head=head_low)


def _in_person_name(p: Phrase, match: re.Match, ctx: Context | None) -> bool:
    """"Bürgermeister Michael Bloomberg": an outlet's alias closing a person's name (a name word right
    before it, the two one person of the article) is that person's surname, not the outlet."""
    first = match.group(0).split()[0]
    k = next((k for k, w in enumerate(p.tokens) if w.text == first), None)
    if ctx is None or not k or p.tokens[k - 1].upos != "PROPN" or not p.tokens[k - 1].text[:1].isupper():
        return False
    last = p.tokens[min(len(p.tokens), k + len(match.group(0).split())) - 1]
    entity = ctx.entity_at(p.tokens[k - 1].start, last.end)
    return entity is not None and entity[2] == "person" and entity[1].split()[-1] == last.text


def _outlet_is_head(lex: Lexicon, match: re.Match, text: str, head: Word | None) -> bool:
    """"Karl Harb von den Salzburger Nachrichten" is a person; "ein Sprecher
    der Nachrichtenagentur" an official: an outlet in the affiliation is
    not the source."""
    before = text[:match.start()].split()
    if not before:
        return True
    lowered = [b.lower() for b in before]
    if any(b in lex.affiliation_openers - {"der", "des"} for b in lowered):
        return False
    if head is not None and head.text in text[:match.start()]:
        low = head.text.lower()
        if lex.is_role(low) or lex.ends_with(low, lex.private_nouns) or lex.ends_with(low, lex.generic_groups):
            return False
    return True


def _descriptor(text: str, match: re.Match, lexicon: Lexicon) -> str | None:
    before = lexicon.strip_articles(text[:match.start()]).strip(" ,")
    return before or None
