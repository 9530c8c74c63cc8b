"""The figures as tables on the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from provenance.evaluate.kinds import KindReport
from provenance.evaluate.scores import EvalReport, MacroScore, SpkAttScores
from provenance.safe_text import plain


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def render(report: EvalReport, console: Console, max_errors: int = 20) -> None:
    official = report.official
    _print_macro(console, f"Official WIKINEWS metric (eval/eval.py, macro over {official.groups} groups): "
                          f"{report.articles} articles, {report.gold_quotations} gold / "
                          f"{report.system_quotations} system quotations, {report.pairs} pairs",
                 [("Messages", official.messages), ("Roles", official.roles), ("Joint", official.joint),
                  ("Form", official.form), ("STWR", official.stwr),
                  *((f"  {name}", s) for name, s in official.per_role)])

    main = Table(title="Micro: tokens pooled over the corpus (not the official metric)")
    for col in ("figure", "P", "R", "F1", "overlap", "system", "gold"):
        main.add_column(col, justify="left" if col == "figure" else "right")
    rows = [("message (micro)", report.message), ("roles (micro)", report.roles), ("joint (micro)", report.joint),
            *((f"  {name} (in pairs)", s) for name, s in report.per_role),
            ("cue spans, exact", report.cue_exact), ("cue spans, overlap", report.cue_overlap),
            ("speaker spans, exact", report.speaker_exact), ("speaker spans, overlap", report.speaker_overlap)]
    for name, s in rows:
        main.add_row(plain(name), _pct(s.precision), _pct(s.recall), _pct(s.f1), str(s.overlap), str(s.system), str(s.gold))
    console.print(main)

    by_type = Table(title="By gold type")
    for col in ("type", "gold", "found", "quotation R", "same type", "message P", "message R", "message F1"):
        by_type.add_column(col, justify="left" if col == "type" else "right")
    for t in report.by_type:
        by_type.add_row(plain(t.type), str(t.gold), str(t.found), _pct(t.quotation_recall), str(t.typed),
                        _pct(t.message.precision), _pct(t.message.recall), _pct(t.message.f1))
    console.print(by_type)

    for title, items in (("Misses", report.misses), ("False hits", report.false_hits)):
        table = Table(title=f"{title} ({len(items)}, showing {min(len(items), max_errors)})")
        for col in ("article", "kind", "type", "speaker", "message", "F1", "system partner"):
            table.add_column(col, overflow="fold")
        for e in items[:max_errors]:
            kind = f"{e.kind}, nested" if e.nested else e.kind
            # Text, not markup: ids, speakers and quotations come from the gold file and the articles
            table.add_row(plain(e.article_id), plain(kind), plain(e.type or "–"), plain(e.speaker), plain(e.text),
                          _pct(e.overlap), plain(e.partner or ""))
        console.print(table)


def render_spkatt(scores: SpkAttScores, console: Console) -> None:
    _print_macro(console, f"SpkAtt-2023 task-1 metric (macro over {scores.groups} groups, paired by cue): "
                          f"{scores.speeches} speeches, {scores.gold} gold / {scores.system} system annotations, "
                          f"{scores.pairs} pairs",
                 [("Cue", scores.cue), ("Roles", scores.roles), ("Joint", scores.joint),
                  ("Roles, mapped (Source, Message, Addr)", scores.mapped_roles),
                  ("Joint, mapped (cue and those roles)", scores.mapped_joint),
                  *((f"  {name}", s) for name, s in scores.per_role)])


def _print_macro(console: Console, title: str, rows: list[tuple[str, MacroScore]]) -> None:
    """A table of macro figures: P, R, F1 and how many values each mean is over."""
    table = Table(title=title)
    for col in ("figure", "P", "R", "F1", "P values", "R values"):
        table.add_column(col, justify="left" if col == "figure" else "right")
    for name, s in rows:
        table.add_row(plain(name), _pct(s.precision), _pct(s.recall), _pct(s.f1), str(s.precisions), str(s.recalls))
    console.print(table)


def render_kinds(report: KindReport, console: Console, max_errors: int = 20) -> None:
    head = Table(title="Source kinds against hand labels (SPEAKER-KINDS.md); anonymity: positive = anonymous")
    for col in ("labels", "n", "covered", "coverage", "kind accuracy", "anon. P", "anon. R", "anon. F1"):
        head.add_column(col, justify="left" if col == "labels" else "right")
    for name, s in (("all", report.all), ("without pronouns", report.without_pronouns)):
        head.add_row(name, str(s.labels), str(s.covered), _pct(s.coverage), _pct(s.accuracy),
                     _pct(s.anonymity.precision), _pct(s.anonymity.recall), _pct(s.anonymity.f1))
    console.print(head)

    per_kind = Table(title="Kind accuracy per gold kind (on covered labels): all | without pronouns")
    for col in ("gold kind", "labels", "covered", "correct", "accuracy", "labels ", "covered ", "correct ", "accuracy "):
        per_kind.add_column(col, justify="left" if col == "gold kind" else "right")
    for (kind, n, c, k), (_, n2, c2, k2) in zip(report.all.per_kind, report.without_pronouns.per_kind):
        per_kind.add_row(plain(kind), str(n), str(c), str(k), _pct(k / c if c else None),
                         str(n2), str(c2), str(k2), _pct(k2 / c2 if c2 else None))
    console.print(per_kind)

    confusion = Table(title="Confusion, all covered labels (rows: gold kind, columns: predicted kind)")
    columns = [kind for kind, _ in report.all.confusion[0][1]] if report.all.confusion else []
    confusion.add_column("gold \\ predicted")
    for kind in columns:
        confusion.add_column(plain(kind), justify="right")
    for gold, row in report.all.confusion:
        confusion.add_row(plain(gold), *(str(n) for _, n in row))
    console.print(confusion)

    errors = report.errors
    table = Table(title=f"Source-kind errors ({len(errors)}, showing {min(len(errors), max_errors)})")
    for col in ("article", "span", "gold", "predicted", "source"):
        table.add_column(col, overflow="fold")
    for e in errors[:max_errors]:
        gold = f"{e.label.kind}{', anon.' if e.label.anonymous else ''}{', pronoun' if e.label.pronoun else ''}"
        predicted = "no candidate" if e.kind is None else f"{e.kind}{', anon.' if e.anonymous else ''}"
        table.add_row(plain(e.label.doc), plain(e.text), plain(gold), plain(predicted), plain(e.source or ""))
    console.print(table)
