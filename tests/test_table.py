"""The flat table of attributions (CSV, Parquet, pandas) and the Python API
around it: readable chains, sources by id, corpus runs in one call, and the
notebook view."""

import csv
import io
import json
import logging
import re
from html import escape as html_escape

import pandas as pd
import pytest

import provenance
from provenance import report, table
from provenance.records import rests_on_no_one
from provenance.safe_text import csv_text

from corpus_helpers import ENGLISH, GERMAN, GERMAN_3, jsonl, write
from graph_corpus import HOSTILE_ID, SEED_ID, hostile_article, two_reuters_articles


@pytest.fixture(scope="module")
def results():
    return list(two_reuters_articles())


def test_one_row_per_attribution_with_stable_columns(results):
    rows = list(provenance.attribution_rows(results))
    assert len(rows) == sum(len(r.attributions) for r in results)
    assert all(list(row) == list(table.COLUMN_NAMES) for row in rows)
    # the columns the issue names, in a fixed order
    assert table.COLUMN_NAMES[:5] == ("article_id", "url", "title", "published", "publisher")
    for row, (result, a) in zip(rows, ((r, a) for r in results for a in r.attributions)):
        assert (row["article_id"], row["attribution_id"], row["rule"]) == (result.id, a.id, a.rule)
        assert result.text[row["claim_start"]:row["claim_end"]] == row["claim"]
        if row["source_start"] is not None:
            assert result.text[row["source_start"]:row["source_end"]] == row["source_text"]
        if row["cue_start"] is not None:
            assert result.text[row["cue_start"]:row["cue_end"]].startswith(row["cue"].split()[0])


def test_the_chain_is_readable_and_its_origin_follows_the_share_definition(results):
    seed = results[0]
    rows = [r for r in table.attribution_rows([seed])]
    # the seed's Reuters sentence: relayed by Reuters from an unnamed official
    relayed = [r for r in rows if r["source_name"] == "Reuters"]
    assert relayed and all(r["chain"].startswith("IN-Ukraine.info → Reuters → ") for r in relayed)
    assert all(r["origin_kind"] == "anonymous" and r["rests_on_no_one"] for r in relayed)
    # counted once per claim, the rows give the report's share
    outer = {(r["claim_start"], r["claim_end"]): r["rests_on_no_one"] for r in rows if not r["nested"]
             and (r["claim_start"], r["claim_end"]) in {(c.claim.start, c.claim.end) for c in seed.chains}}
    assert sum(outer.values()) / len(outer) == pytest.approx(report.unsourced_share(seed))
    # the nested quotation „in naher Zukunft“ is marked nested
    assert {r["claim"] for r in rows if r["nested"]} == {"„in naher Zukunft“"}


def test_dataframe_has_nullable_dtypes_and_every_row(results):
    frame = provenance.to_dataframe(results)
    assert list(frame.columns) == list(table.COLUMN_NAMES)
    assert len(frame) == sum(len(r.attributions) for r in results)
    assert str(frame["claim_start"].dtype) == "Int64" and str(frame["rests_on_no_one"].dtype) == "boolean"
    assert str(frame["confidence"].dtype) == "Float64" and str(frame["claim"].dtype) == "string"
    # a single result is a table too
    assert len(provenance.to_dataframe(results[0])) == len(results[0].attributions)
    # one question a data journalist asks: which origins does each publisher rely on anonymously
    anonymous = frame[frame["rests_on_no_one"] & ~frame["nested"]].groupby("publisher")["claim"].nunique()
    assert anonymous.to_dict() == {"IN-Ukraine.info": 6, "Tagesspiegel": 1}


def test_parquet_and_csv_round_trip_through_pandas(results, tmp_path):
    frame = provenance.to_dataframe(results)
    path = tmp_path / "attributions.parquet"
    table.write_parquet(results, str(path))
    back = pd.read_parquet(path)
    assert list(back.columns) == list(table.COLUMN_NAMES)
    pd.testing.assert_frame_equal(back.convert_dtypes(), frame.convert_dtypes(), check_dtype=False)
    text = table.csv_header() + table.csv_lines(table.attribution_rows(results))
    read = pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])
    assert list(read.columns) == list(table.COLUMN_NAMES) and len(read) == len(frame)
    assert read["claim"].tolist() == frame["claim"].tolist()
    assert read["claim_start"].tolist() == frame["claim_start"].tolist()
    assert read["rests_on_no_one"].tolist() == frame["rests_on_no_one"].tolist()


def test_csv_cells_are_no_formulas():
    rows = [dict.fromkeys(table.COLUMN_NAMES) | {"claim": "=HYPERLINK(1)", "source_name": "+1", "confidence": -0.5}]
    cells = next(csv.DictReader(io.StringIO(table.csv_header() + table.csv_lines(rows))))
    assert cells["claim"] == "'=HYPERLINK(1)" and cells["source_name"] == "'+1" and cells["confidence"] == "-0.5"


def test_chain_names_and_sources_by_id(results):
    seed = results[0]
    for chain in seed.chains:
        assert chain.names == tuple(seed.source(i).name for i in chain.path)
        assert str(chain) == " → ".join(chain.names)
        assert seed.attribution(chain.attributions[0]).claim == chain.claim
    assert ("IN-Ukraine.info", "Reuters", "hochrangiger Beamter des Weißen Hauses") in {c.names for c in seed.chains}
    with pytest.raises(KeyError, match="no source 'nobody'"):
        seed.source("nobody")
    # names do not change what a chain is
    assert seed.chains[0] == provenance.Chain(seed.chains[0].claim, seed.chains[0].attributions, seed.chains[0].path)


def test_public_records_say_what_they_are():
    for record in (provenance.ArticleResult, provenance.Attribution, provenance.Chain, provenance.Source,
                   provenance.Span, provenance.Cue, provenance.Publisher, provenance.Entity):
        assert record.__doc__ and len(record.__doc__.split()) > 5, record.__name__


def test_analyze_corpus_streams_results_and_reports_problems(tmp_path):
    feed = jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": GERMAN}, "{broken", {"id": "b", "text": GERMAN_3}])
    write(tmp_path / "dir" / "english.txt", ENGLISH)
    problems = []
    found = provenance.analyze_corpus([feed, tmp_path / "dir"], on_problem=problems.append)
    assert not isinstance(found, list)  # a stream
    assert [r.id for r in found] == ["a", "b"]
    assert len(problems) == 2
    assert "feed.jsonl:2: malformed JSON" in problems[0].reason and "english.txt: not German" in problems[1].reason
    forced = list(provenance.analyze_corpus(tmp_path / "dir", force=True))
    assert [r.id for r in forced] == ["english"]


def test_analyze_corpus_logs_problems_by_default(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="provenance"):
        assert list(provenance.analyze_corpus(write(tmp_path / "empty.txt", ""))) == []
    assert "empty.txt: empty file" in caplog.text


def test_top_level_graph_functions(results):
    graph = provenance.corpus_graph(results)
    assert graph.number_of_nodes() > 0 and provenance.source_graph(graph).graph["level"] == "sources"


def test_notebook_view_highlights_and_stays_inert(results):
    html = results[0]._repr_html_()
    # the claims, cues and every source mention, each source in its kind's colour and labelled
    assert html.count("background:#fff3b0") >= len(results[0].chains)
    assert "font-weight:600" in html and ">zufolge<" in html
    assert "Reuters" in html and "OUTLET" not in html and ">outlet</span>" in html
    assert "IN-Ukraine.info → Reuters → hochrangiger Beamter des Weißen Hauses" in html.replace(
        '<span style="color:#1f77b4">', "").replace('<span style="color:#d62728">', "").replace("</span>", "")
    hostile = hostile_article()._repr_html_()
    assert "<script" not in hostile and "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert HOSTILE_ID not in hostile and html_escape(HOSTILE_ID) in hostile
    # no tag with an event handler, a link or a script: only spans, divs and table cells with inline styles
    tags = set(re.findall(r"<(\w+)", hostile))
    assert tags <= {"div", "h4", "span", "p", "table", "tr", "th", "td"}, tags
    assert not re.search(r"<\w+[^>]*\son\w+\s*=", hostile)


def test_the_share_definition_is_the_one_in_records():
    seed = two_reuters_articles()[0]
    rows = [r for r in table.attribution_rows([seed])]
    for row in rows:
        assert row["rests_on_no_one"] == rests_on_no_one(row["origin_kind"], bool(row["origin_anonymous"]))
    assert SEED_ID == seed.id


def test_query_csv_and_json_stay_inert():
    from provenance import queries

    hostile = provenance.analyze("Der Sprecher sagte, der Test sei \u202eein Erfolg\u202c gewesen.", id="@hostile")
    found = queries.trace([hostile])
    assert found and "\u202e" in found[0].claim
    rows = list(csv.DictReader(io.StringIO(csv_text(queries.TRACE_COLUMNS, queries.trace_rows(found)))))
    assert rows[0]["article_id"] == "'@hostile" and not any(
        cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    text = queries.json_text(queries.traces_document(found))
    assert "\u202e" not in text and "\\u202e" in text
    assert json.loads(text)["traces"][0]["claim"]["text"] == found[0].claim
