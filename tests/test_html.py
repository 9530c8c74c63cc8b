"""The HTML page: self-contained, escaped, and working in a real headless
Chromium (Debian's, driven by playwright; no browser is downloaded)."""

import json
import re
import shutil
import struct
import zlib

import networkx as nx
import pytest

from provenance.export import export
from provenance.graph import corpus_graph
from provenance.page import html_page

from graph_corpus import HOSTILE_ID, hostile_article, two_reuters_articles

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def graph():
    return corpus_graph([*two_reuters_articles(), hostile_article()])


@pytest.fixture(scope="module")
def page_html(graph):
    return html_page(graph)


def test_article_text_and_ids_are_escaped(page_html):
    assert "<script>alert(1)</script>" in hostile_article().text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html
    # the page's own two scripts (data and code) are the only ones
    assert len(re.findall(r"<script\b", page_html)) == 2
    assert "<img" not in page_html and "&lt;img src=x onerror=" in page_html


def test_nothing_is_loaded_from_elsewhere(page_html):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page_html)
    assert "default-src 'none'" in page_html


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("chromium not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 900})
        yield context
        context.close()


@pytest.fixture(scope="module")
def opened(browser, graph, tmp_path_factory):
    """The page loaded, with every console message, error, dialog and
    request it caused."""
    path = export(graph, tmp_path_factory.mktemp("page") / "graph.html")
    events = {"console": [], "errors": [], "dialogs": [], "requests": []}
    page = browser.new_page()
    page.on("console", lambda m: events["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=15000)
    yield page, events, path
    page.close()


def png_rows(png: bytes) -> list[bytes]:
    """The filtered scan lines of a PNG (enough to tell a blank image from a drawn one)."""
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    data, at = b"", 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        if kind == b"IDAT":
            data += png[at + 8:at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + width * {2: 3, 6: 4}[colour] * depth // 8
    return [raw[k * stride:(k + 1) * stride] for k in range(height)]


def test_page_loads_without_errors_requests_or_dialogs(opened):
    page, events, path = opened
    shot = page.screenshot(full_page=False)
    # a PNG of the whole viewport, and not a blank one: its rows differ
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and shot[12:16] == b"IHDR"
    assert struct.unpack(">II", shot[16:24]) == (1400, 900)
    assert len(set(png_rows(shot))) > 100
    # every node is drawn inside the graph panel, at a visible size
    panel = page.locator("#graph").bounding_box()
    for box in (page.locator("g.node").nth(k).bounding_box() for k in range(page.locator("g.node").count())):
        assert box["width"] > 2 and box["height"] > 2
        assert panel["x"] <= box["x"] and box["x"] + box["width"] <= panel["x"] + panel["width"] + 1
        assert panel["y"] <= box["y"] and box["y"] + box["height"] <= panel["y"] + panel["height"] + 1
    assert events["errors"] == []
    assert [m for m in events["console"] if m[0] in ("error", "warning")] == []
    assert events["dialogs"] == []  # the article's <script>alert(1)</script> stayed text
    assert events["requests"] == [path.as_uri()]


def test_graph_and_highlights_are_present(opened, graph):
    page, _, _ = opened
    assert page.locator("g.node").count() == graph.number_of_nodes()
    assert page.locator("line.edge.cites").count() > 0
    for mark in (".claim", ".cue", ".src"):
        assert page.locator(f"#texts {mark}").count() > 0, mark
    assert page.locator("article.text").count() == 3
    texts = page.inner_text("#texts")
    assert "<script>alert(1)</script>" in texts and HOSTILE_ID in texts


def test_clicking_a_source_shows_its_claims_and_marks_them_in_the_text(opened):
    page, events, _ = opened
    page.click('g.node[data-id="outlet:reuters"] circle')
    assert page.locator('g.node[data-id="outlet:reuters"].selected').count() == 1
    details = page.inner_text("#details")
    assert details.startswith("Reuters") and "IN-Ukraine.info → Reuters" in details
    # Reuters carries five claims: three in the seed, two in the relay (see test_queries.py) ...
    assert page.locator("#details li").count() == 5
    # ... and is named once in each of the two articles
    assert page.locator("#texts .src.active").count() == 2
    # a claim in the list leads to its text
    page.locator("#details li").first.click()
    assert page.locator("g.node.claim.selected").count() == 1
    assert page.locator("#texts .claim.active").count() > 0
    assert events["errors"] == []


def test_clicking_the_text_selects_the_node(opened):
    page, events, _ = opened
    page.locator("#texts .claim").first.click()
    assert page.locator("g.node.selected").count() == 1
    assert page.inner_text("#details").strip()
    assert events["errors"] == []


def test_pan_and_zoom_move_the_view(opened):
    page, events, _ = opened
    view = page.locator("#view")
    page.click("#zoom-fit")
    before = view.get_attribute("transform")
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 5)
    page.mouse.wheel(0, -400)
    zoomed = view.get_attribute("transform")
    assert zoomed != before
    page.mouse.down()
    page.mouse.move(box["x"] + 80, box["y"] + box["height"] - 60, steps=5)
    page.mouse.up()
    assert view.get_attribute("transform") != zoomed
    page.click("#zoom-fit")
    assert view.get_attribute("transform") == before
    assert events["errors"] == []


def test_page_from_a_graph_read_back_from_a_file(graph, tmp_path):
    # the node-link JSON keeps the article texts: the page marks the same claims
    data = json.loads(export(graph, tmp_path / "graph.json").read_text(encoding="utf-8"))
    read = nx.node_link_graph(data, edges="edges")
    assert html_page(read).count('class="claim') == html_page(graph).count('class="claim')
    # GraphML holds no article text: the page still draws every node and chain
    back = nx.read_graphml(export(graph, tmp_path / "graph.graphml"), force_multigraph=True)
    assert json.loads(_data(html_page(back)))["chains"] and "id=\"article-" in html_page(back)


def _data(page: str) -> str:
    return re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1)


# --- search, filters, legend, labels, keyboard and deep links, in Chromium -----------------

def visible(page, selector):
    return page.locator(f"{selector}:not(.filtered)").count()


def test_search_finds_sources_and_claims_and_selects(opened):
    page, events, path = opened
    page.fill("#search", "reuters")
    results = page.locator("#results li[data-index]")
    assert results.count() >= 1 and "Reuters" in results.first.inner_text()
    assert page.locator('g.node.match[data-id="outlet:reuters"]').count() == 1
    page.press("#search", "Enter")
    assert page.locator('g.node.selected[data-id="outlet:reuters"]').count() == 1
    assert page.evaluate("location.hash") == "#source=outlet%3Areuters"
    # a claim's words find the claim
    page.fill("#search", "naher Zukunft")
    texts = page.locator("#results li.claim").all_inner_texts()
    assert texts and all("naher Zukunft" in t for t in texts)
    page.fill("#search", "kein solcher Name")
    assert page.inner_text("#results") == "nothing found"
    page.press("#search", "Escape")
    assert page.locator("#results").is_hidden() and page.locator("g.node.match").count() == 0
    assert events["errors"] == []


def test_filters_show_the_chains_they_keep(opened, graph):
    from provenance.queries import traces

    page, events, _ = opened
    every = traces(graph)
    anonymous = {t.claim for t in every if t.anonymous_origin}
    page.check("#only-anonymous")
    shown_claims = page.locator("g.node.claim:not(.filtered)").count()
    assert shown_claims == len({(t.article, t.claim_start, t.claim_end) for t in every if t.anonymous_origin})
    assert page.locator('g.node.filtered[data-id="person:donald trump"]').count() == 1  # a named origin
    assert page.locator('g.node.filtered[data-id="outlet:reuters"]').count() == 0  # relays an unnamed official
    assert "showing" in page.inner_text("#shown") and anonymous
    page.uncheck("#only-anonymous")
    assert visible(page, "g.node") == graph.number_of_nodes()
    # by kind: only chains through a person
    page.select_option("#filter-kind", "person")
    persons = [t for t in every if any(h.kind == "person" for h in t.hops)]
    assert visible(page, "g.node.claim") == len({(t.article, t.claim_start) for t in persons})
    page.select_option("#filter-kind", "")
    # by article: the other articles' texts are hidden too
    page.select_option("#filter-article", "tagesspiegel_ukraine")
    assert visible(page, "g.node.claim") == sum(1 for t in every if t.article == "tagesspiegel_ukraine")
    assert page.locator("article.text:visible").count() == 1
    page.select_option("#filter-article", "")
    # by outlet: every chain through Reuters, in both articles
    reuters = page.locator("#filter-outlet option", has_text="Reuters").get_attribute("value")
    page.select_option("#filter-outlet", reuters)
    through = [t for t in every if any(h.node == "outlet:reuters" for h in t.hops)]
    assert visible(page, "g.node.claim") == len(through) == 5
    page.select_option("#filter-outlet", "")
    assert visible(page, "g.node") == graph.number_of_nodes() and page.inner_text("#shown") == ""
    assert events["errors"] == []


def test_deep_links_select_sources_and_claims(browser, graph, tmp_path):
    from urllib.parse import quote

    path = export(graph, tmp_path / "graph.html")
    claim = next(n for n, d in graph.nodes(data=True) if d["type"] == "claim" and "naher Zukunft" in d["label"]
                 and d["label"].startswith("„"))
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri() + "#source=" + quote("outlet:reuters", safe=""))
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator('g.node.selected[data-id="outlet:reuters"]').count() == 1
    assert page.inner_text("#details").startswith("Reuters")
    page.evaluate(f"location.hash = '#claim=' + encodeURIComponent({json.dumps(claim)})")
    page.wait_for_selector(f'g.node.selected[data-id="{claim}"]')
    assert page.locator("#texts .claim.active").count() > 0
    page.close()
    # a link to nothing opens the page with nothing selected
    page = browser.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri() + "#source=nobody")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("g.node.selected").count() == 0 and errors == []
    page.close()


def test_keyboard_reaches_nodes_claims_and_list_items(opened):
    page, events, _ = opened
    assert page.locator("g.node[tabindex='0']").count() == page.locator("g.node").count()
    page.focus('g.node[data-id="outlet:reuters"]')
    page.keyboard.press("Enter")
    assert page.locator('g.node.selected[data-id="outlet:reuters"]').count() == 1
    page.focus("#details li")
    page.keyboard.press("Enter")
    assert page.locator("g.node.claim.selected").count() == 1
    focusable = page.locator("#texts [data-claims][tabindex='0']")
    assert focusable.count() >= 12  # each claim once (the first piece of it)
    focusable.first.focus()
    page.keyboard.press("Enter")
    assert page.locator("g.node.claim.selected").count() == 1
    # Tab moves from the search box through the filters
    page.focus("#search")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "only-anonymous"
    assert events["errors"] == []


def test_labels_do_not_overlap(opened):
    page, _, _ = opened
    boxes = page.evaluate("""() => [...document.querySelectorAll('g.node text')]
        .filter((t) => getComputedStyle(t).display !== 'none')
        .map((t) => { const b = t.getBoundingClientRect(); return [b.x, b.y, b.width, b.height, t.textContent]; })""")
    assert len(boxes) >= 8
    for k, (x, y, w, h, a) in enumerate(boxes):
        for x2, y2, w2, h2, b in boxes[k + 1:]:
            assert not (x < x2 + w2 - 0.5 and x2 < x + w - 0.5 and y < y2 + h2 - 0.5 and y2 < y + h - 0.5), (a, b)


def test_the_legend_names_every_shape_colour_and_line(opened, graph):
    page, _, _ = opened
    legend = page.inner_text("#legend")
    for kind in {d.get("kind") for _, d in graph.nodes(data=True)} - {None}:
        assert f"{kind} source" in legend, kind
    for relation in {d["relation"] for *_, d in graph.edges(data=True)}:
        assert relation.replace("_", " ") in legend, relation
        assert page.locator(f"#legend line.edge.{relation}").count() == 1
    assert "article" in legend and "claim" in legend and "dashed outline: anonymous" in legend


def test_the_details_panel_has_no_empty_field(opened):
    page, events, _ = opened
    empty = page.evaluate("""() => {
        const found = [];
        for (const g of document.querySelectorAll('g.node')) {
          g.dispatchEvent(new MouseEvent('click', { bubbles: true }));
          for (const dd of document.querySelectorAll('#details dd')) {
            if (!dd.textContent.trim()) found.push(g.dataset.id + ': ' + dd.previousElementSibling.textContent);
          }
        }
        return found;
    }""")
    assert empty == []
    assert events["errors"] == []


def test_the_source_level_page_works_offline(browser, graph, tmp_path):
    from provenance.graph import source_graph

    level = source_graph(graph)
    path = export(level, tmp_path / "sources.html")
    html = path.read_text(encoding="utf-8")
    assert "default-src 'none'" in html and len(re.findall(r"<script\b", html)) == 2
    page = browser.new_page()
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri() + "#source=" + "outlet%3Areuters")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("g.node").count() == level.number_of_nodes()
    details = page.inner_text("#details")
    assert "cited by" in details and "IN-Ukraine.info ×3" in details and "Tagesspiegel ×2" in details
    page.check("#only-anonymous")
    assert visible(page, "g.node") == sum(1 for _, d in level.nodes(data=True) if d["anonymous"])
    assert errors == [] and requests == [path.as_uri()]
    page.close()


@pytest.mark.skipif(shutil.which("sfdp") is None, reason="Graphviz sfdp not installed")
def test_a_large_graph_is_laid_out_by_sfdp(monkeypatch):
    import dataclasses

    from provenance import page
    from graph_corpus import two_reuters_articles

    seed = two_reuters_articles()[0]
    large = corpus_graph([dataclasses.replace(seed, id=f"copy-{k}") for k in range(30)])
    assert large.number_of_nodes() > page.SPRING_NODES

    def refuse(*args, **kwargs):
        raise AssertionError("spring_layout takes minutes on a graph this size")

    monkeypatch.setattr(page.nx, "spring_layout", refuse)
    positions = page._layout(large)
    assert set(positions) == set(large)
    assert all(0 <= x <= page.WIDTH and 0 <= y <= page.HEIGHT for x, y in positions.values())
    assert len({(round(x), round(y)) for x, y in positions.values()}) > 0.9 * len(positions)  # spread out
