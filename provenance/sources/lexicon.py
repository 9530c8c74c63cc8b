"""The word lists of ``configs/sources.yaml`` and ``configs/outlets.yaml``,
compiled once per configuration, with the matching they need (compounds,
case endings, outlet aliases that are also common nouns)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from provenance import wordforms
from provenance.config import Config
from provenance.records import Word

_QUOTES = "„“”\"'‚‘’»«›‹"


def _stems(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


class Lexicon:
    def __init__(self, config: Config):
        lex = config.sources
        self.official = _stems(lex.official_roles)
        self.titles = _stems(lex.titles)
        self.anonymous_markers = tuple(sorted(_stems(lex.anonymous_markers), key=len, reverse=True))
        self.anonymous_nouns = _stems(lex.anonymous_nouns)
        self.private_nouns = _stems(lex.private_nouns)
        self.rank_and_file = _stems(lex.rank_and_file)
        self.speaking_roles = _stems(lex.speaking_roles)
        self.leader_nouns = frozenset(w.lower() for w in lex.leader_nouns)
        self.implied_bodies = {rank.lower(): body.lower() for rank, body in lex.implied_bodies.items()}
        self._implied = [(frozenset((rank,)), body) for rank, body in self.implied_bodies.items()]
        self.legal_status = _stems(lex.legal_status)
        self.unspecified_nouns = _stems(lex.unspecified_nouns)
        self.single_sources = frozenset(w.lower() for w in lex.single_sources)
        self.generic_groups = _stems(lex.generic_groups)
        self.org_words = _stems(lex.organization_words)
        self.authority_nouns = _stems(lex.authority_nouns)
        # a unit of a body names it by its first part as an authority noun does ("Polizeistreife")
        self._authorities_longest_first = sorted(self.authority_nouns | _stems(lex.unit_nouns), key=len, reverse=True)
        self.document_nouns = _stems(lex.document_nouns)
        self.law_nouns = _stems(lex.law_nouns)
        self.statement_nouns = _stems(lex.statement_nouns)
        self.person_nouns = _stems(lex.person_nouns)
        self.media_nouns = _stems(lex.media_nouns)
        self.generic_media = _stems(lex.generic_media)
        self.not_media = frozenset(w.lower() for w in lex.not_media_nouns)
        self.state_media = frozenset(w.lower() for w in lex.state_media)
        self.member_words = _stems(lex.member_words)
        self.event_bodies = _stems(lex.event_bodies)
        self.organizing_verbs = frozenset(w.lower() for w in lex.organizing_verbs)
        self.collective_nouns = _stems(lex.collective_nouns)
        self.wrappers = _stems(lex.wrapper_nouns)
        self.places = _stems(lex.places)
        self.personal_pronouns = _stems(lex.personal_pronouns)
        self.generic_pronouns = frozenset(w.lower() for w in lex.generic_pronouns)
        self.first_person_singular = _stems(lex.first_person_singular)
        self.demonstratives = _stems(lex.demonstratives)
        self.pronominal_adverbs = _stems(lex.pronominal_adverbs)
        self.possessives = _stems(lex.possessives)
        self.neuter_nouns = _stems(lex.neuter_nouns)
        self.not_sources = _stems(lex.not_sources)
        self.articles = _stems(lex.articles)
        self.definite = _stems(lex.definite_determiners)
        self.indefinite = _stems(lex.indefinite_articles)
        self.affiliation_openers = _stems(lex.affiliation_openers)
        self.leading_prepositions = _stems(lex.leading_prepositions)
        self.vague_quantifiers = _stems(lex.vague_quantifiers)
        self.time_words = _stems(lex.time_words)
        self.contracted_articles = _stems(lex.contracted_articles)
        self.genitive_openers = _stems(lex.genitive_openers)
        self.outlet_types = {name: outlet.type for name, outlet in config.outlets.outlets.items()}
        aliases: dict[str, str] = {}
        common: set[str] = set()
        for name, outlet in config.outlets.outlets.items():
            for alias in (name, *outlet.aliases):
                aliases[alias] = name
                if " " in alias:
                    # "Welt-Online", "Spiegel-Online": names are written with a hyphen as often as not
                    aliases.setdefault(alias.replace(" ", "-"), name)
            common.update(outlet.common_noun)
        self.outlet_names = aliases
        self.common_noun_aliases = frozenset(common)
        self.outlet_lower = {a.lower(): n for a, n in aliases.items()}
        # longest alias first, so "Financial Times" wins over "Times"
        self.outlet_pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True)) + r")(?![\w-])")
        media = "|".join(sorted((re.escape(m) for m in self.media_nouns), key=len, reverse=True))
        self._media_before = re.compile(r"(?:^|[\s(])(?:\w*(?:" + media + r"))\s*[" + _QUOTES + r"]*$", re.IGNORECASE)

    # -- word classes -------------------------------------------------------

    ends_with = staticmethod(wordforms.ends_with)
    case_forms = staticmethod(wordforms.case_forms)

    def gender(self, word: Word) -> str | None:
        """Gender of a noun, from the word itself where the tagger is unsure
        (:meth:`noun_gender`), else the tagger's."""
        gender = self.noun_gender(word.text) or word.feat("Gender")
        return gender if gender in ("Masc", "Fem", "Neut") else None

    def noun_gender(self, noun: str) -> str | None:
        """"Fem" for a person noun in "-in" ("Wirtschaftsministerin", "Zeugin", "Nachbarin") or in
        "-frau" ("Ehefrau"), "Masc" for its form without "-in" ("Zeuge") or in "-mann"; None for any
        other noun. Person nouns: role, private, group and anonymous nouns."""
        low = noun.lower()
        stems = self.official | self.private_nouns | self.generic_groups | self.anonymous_nouns
        if not self.ends_with(low, stems):
            return None
        if low.endswith("in") and (self.ends_with(low[:-2], stems | {"beamt"})
                                   or self.ends_with(low[:-2] + "e", stems)):
            return "Fem"
        if self.ends_with(low + "in", stems) or low.endswith("e") and self.ends_with(low[:-1] + "in", stems):
            return "Masc"
        if low.endswith("frau"):
            return "Fem"
        if low.endswith(("mann", "männer")):
            return "Masc"
        return None

    # endings of German person nouns (agent nouns, demonyms, nouns of a person's occupation or
    # conviction): "Verfasser", "Berliner", "Aktivist", "Dozent", "Intrigant", "Redakteur", "Autor", "Pädagoge"
    # (not "-at": "Diplomat", but also "Übergangsrat", "Senat")
    _PERSON_ENDINGS = ("er", "ist", "ent", "ant", "eur", "or", "oge")

    def person_noun_form(self, noun: str) -> str | None:
        """"Fem" or "Masc" where a noun no list knows is a person noun (``person_nouns``) or has the
        form of one: a feminine in
        "-in" of a masculine person ending ("Aktivistin", "Sängerin", but not "Medizin", "Termin"),
        or that masculine ending itself; None for any other noun. The masculine form is also that of
        some things and companies ("der Versicherer"): whoever resolves it must allow for them."""
        low = noun.lower()
        low = low[:-3] if low.endswith("innen") else low  # the plural "Sängerinnen"
        if low in self.person_nouns:
            return "Fem" if low.endswith("in") else "Masc"
        if len(low) > 5 and low.endswith("in") and (low[:-2].endswith(self._PERSON_ENDINGS)
                                                   or (low[:-2] + "e").endswith(self._PERSON_ENDINGS)):
            return "Fem"
        if len(low) > 5 and low.endswith(self._PERSON_ENDINGS):
            return "Masc"
        return None

    def strip_articles(self, text: str) -> str:
        """``text`` without the articles and prepositions that open it ("nach der Polizei" → "Polizei")."""
        words = text.split()
        while words and (words[0].lower() in self.articles or words[0].lower() in self.leading_prepositions):
            words = words[1:]
        return " ".join(words).strip(" ,")

    def is_role(self, word: str) -> bool:
        return self.ends_with(word, self.official) or word.lower().strip(".") in self.titles \
            or self._short_role_compound(word)

    @functools.cached_property
    def _short_roles(self) -> tuple[str, ...]:
        return tuple(sorted(w for w in self.official if len(w) == 4))

    def _short_role_compound(self, word: str) -> bool:
        """A compound ending in a four-letter role noun ("Sportchef", "Notarzt", "Parteivize"),
        which :meth:`ends_with` leaves out (its suffixes are five letters or more)."""
        return any(len(form) >= 8 and form.endswith(self._short_roles) for form in self.case_forms(word))

    def is_common(self, word: str) -> bool:
        """A common noun of the lexicon, never part of a name."""
        return self.ends_with(word, self._common_stems) or word.lower().strip(".") in self.titles

    @functools.cached_property
    def _common_stems(self) -> frozenset[str]:
        # ends_with over a union is the union of ends_with: one lookup instead of nine
        return frozenset().union(
            self.official, self.anonymous_nouns, self.unspecified_nouns, self.generic_groups, self.private_nouns,
            self.wrappers, self.media_nouns, self.document_nouns, self.law_nouns)

    def is_place(self, text: str) -> bool:
        """A country or city of ``places``, also in the genitive ("Irans")."""
        low = text.lower()
        return low in self.places or low.endswith("s") and low[:-1] in self.places

    @functools.cached_property
    def _institution_prefixes(self) -> tuple[str, ...]:
        return tuple(sorted((w for w in self.org_words if " " not in w and len(w) >= 5 and w.isalpha()),
                            key=len, reverse=True))

    def institution_compound(self, word: str) -> str | None:
        """The institution a compound role noun names by its first part ("Polizeibeamter",
        "Feuerwehrmänner": the police, the fire brigade); None for any other word."""
        low = word.lower().replace("-", "")
        if not (self.is_role(low) or self.ends_with(low, self.rank_and_file)):
            return None
        return next((p for p in self._institution_prefixes if low.startswith(p) and len(low) >= len(p) + 4), None)

    def authority_body(self, word: str) -> str | None:
        """The institution a compound of an authority or a unit noun names by its first part
        ("Polizeibehörden", "Polizeistellen", "Polizeistreife": the police); None for an unspecific one ("Gesundheitsbehörden", "Amtsstellen",
        listed as authorities themselves) and any other word."""
        low = word.lower()
        if low in self.authority_nouns:
            return None
        for part in self._authorities_longest_first:
            if low.endswith(part) and len(low) > len(part) + 2:
                prefix = low[:-len(part)]
                prefix = prefix if prefix.endswith("ss") else prefix.rstrip("s-")
                return prefix if self.ends_with(prefix, self.org_words) and not self.ends_with(
                    prefix, self.authority_nouns) else None
        return None

    def implied_body(self, word: str) -> str | None:
        """The institution a rank implies ("Hauptkommissar", "Polizisten": the police)."""
        return next((body for rank, body in self._implied if self.ends_with(word, rank)), None)

    def is_org_word(self, word: str) -> bool:
        return self.ends_with(word, self.org_words)

    def has_org_part(self, text: str) -> bool:
        """A name that holds an institution word ("Weißes Haus", "Bundesamt für …",
        "Demokratische Partei"): an organisation's name, not a person's."""
        lowered = text.lower()
        for word in re.findall(r"[\w.-]+", lowered):
            if len(word) > 3 and self.ends_with(word, self.org_words):
                return True
            if word.rstrip(".") in ("ag", "gmbh", "e.v", "inc", "ltd", "corp", "se", "kg"):  # also without the dot ("Lindqvist Corp")
                return True
        return any(" " in w and w in lowered for w in self.org_words)

    @functools.cached_property
    def _body_names(self) -> tuple[re.Pattern, re.Pattern]:
        # names of bodies in the institution words that read as common words ("ärzte ohne grenzen"),
        # matched in any case; and short names written in lower case ("ai"), matched so written
        # only ("Amt", "WHO" are no such name)
        several = sorted((w for w in self.org_words if " " in w), key=len, reverse=True)
        short = sorted((w for w in self.org_words if len(w) <= 3 and w.isalpha()), key=len, reverse=True)
        return tuple(re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
                     for names in (several, short))

    def body_name(self, text: str) -> tuple[int, int] | None:
        """Where ``text`` writes the name of a body the institution words list whole ("Ärzte ohne
        Grenzen"; "ai" in lower case for Amnesty International): names that read as common words."""
        several, short = self._body_names
        match = several.search(text.lower()) or short.search(text)
        return match.span() if match else None

    # -- outlets ------------------------------------------------------------

    def outlet(self, text: str, strict: bool = True) -> tuple[str, re.Match] | None:
        """The first outlet named in ``text``. An alias that is also a common
        noun ("Welt") counts only in a form that names the outlet; with
        ``strict`` False (the whole span is the alias, "Bild berichtete") it
        counts as it stands."""
        for match in self.outlet_pattern.finditer(text):
            alias = match.group(1)
            if alias in self.common_noun_aliases and strict and not self._names_outlet(text, match):
                continue
            return self.outlet_names[alias], match
        return None

    def _names_outlet(self, text: str, match: re.Match) -> bool:
        before, after = text[:match.start()], text[match.end():]
        if before[-1:] and before[-1] in _QUOTES and after[:1] and after[0] in _QUOTES:
            return True
        words = before.split()
        if match.group(1).split()[0] in ("Die", "Der", "Das"):
            # "laut Die Welt": a capitalised article inside a sentence is a title
            return bool(words) and not words[-1].endswith((".", "!", "?", ":"))
        if words:
            last = words[-1].strip(_QUOTES)
            # "Die Welt" as a title inside a sentence: the article is capitalised
            # though it does not open the sentence
            if last in ("Die", "Der", "Das") and len(words) > 1 and not words[-2].endswith((".", "!", "?", ":")):
                return True
            if last == "des" and not match.group(1).endswith("s"):
                after_word = re.match(r"\w*", after).group(0)
                if not after_word:  # "des Spiegel": the common noun would take a genitive -s
                    return True
        return bool(self._media_before.search(before))

    def outlet_type(self, name: str) -> str:
        return self.outlet_types.get(name, "")


def merge_hyphens(words: Sequence[Word]) -> list[Word]:
    """Words the tokenizer split at a hyphen ("UN", "-", "Generalsekretär")
    joined again: a compound is one noun, of the kind of its last part."""
    from dataclasses import replace as _replace

    out: list = []
    k = 0
    words = list(words)
    while k < len(words):
        word = words[k]
        j = k
        while j + 2 < len(words) and words[j + 1].text in ("-", "‐") and words[j].end == words[j + 1].start \
                and words[j + 1].end == words[j + 2].start:
            j += 2
        if j > k:
            last = words[j]
            text = "".join(w.text for w in words[k:j + 1])
            lemma = "".join(w.text for w in words[k:j]) + last.lemma
            out.append(_replace(last, text=text, lemma=lemma, start=word.start))
            k = j + 1
            continue
        # "UN-Generalsekretär" as one token but the hyphen glued to its first word ("UN-", "Generalsekretär")
        out.append(word)
        k += 1
    return out
