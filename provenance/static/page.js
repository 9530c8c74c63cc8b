// The provenance page: draws the graph from the embedded JSON, pans and
// zooms it, links nodes to the highlighted article text, searches and
// filters, places labels so that none overlaps another, and keeps the
// selection in the address (#source=…, #claim=…, #article=…). Every text
// from the data goes in through textContent, never as markup.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const { nodes, edges, chains } = data;
  const SVG = "http://www.w3.org/2000/svg";
  const svg = document.getElementById("graph");
  const view = document.getElementById("view");
  const details = document.getElementById("details");
  const texts = document.getElementById("texts");
  const byId = new Map(nodes.map((n, i) => [n.id, i]));

  function make(tag, attrs = {}, text = null, ns = null) {
    const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text !== null) el.textContent = text;
    return el;
  }
  const short = (s, n) => (s.length <= n ? s : s.slice(0, n - 1) + "…");
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const onKey = (el, action) => el.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); action(); }
  });

  // which chains each node takes part in, for the details list
  const chainsOf = nodes.map(() => []);
  chains.forEach((c, k) => {
    for (const n of new Set([c.claim, c.article, ...c.path])) chainsOf[n].push(k);
  });

  // --- drawing -------------------------------------------------------------
  const defs = make("defs", {}, null, SVG);
  const marker = make("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6,
    markerHeight: 6, orient: "auto-start-reverse" }, null, SVG);
  marker.appendChild(make("path", { d: "M0,0 L10,5 L0,10 z", fill: "#777" }, null, SVG));
  defs.appendChild(marker);
  svg.insertBefore(defs, view);

  const edgeLayer = make("g", { class: "edges" }, null, SVG);
  const nodeLayer = make("g", { class: "nodes" }, null, SVG);
  view.appendChild(edgeLayer);
  view.appendChild(nodeLayer);

  const edgeEls = edges.map((e) => {
    const a = nodes[e.s], b = nodes[e.t];
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    const line = make("line", { x1: a.x, y1: a.y, x2: b.x - (dx / len) * (b.r + 2), y2: b.y - (dy / len) * (b.r + 2),
      class: `edge ${e.relation}`, "stroke-width": 1 + Math.log(e.n), "marker-end": "url(#arrow)" }, null, SVG);
    line.appendChild(make("title", {}, `${e.relation.replace("_", " ")} ×${e.n}`, SVG));
    edgeLayer.appendChild(line);
    return line;
  });

  const labelEls = [];
  const nodeEls = nodes.map((n, i) => {
    const g = make("g", { class: `node ${n.type}`, "data-index": i, "data-id": n.id, tabindex: 0, role: "button",
      "aria-label": `${n.kind || n.type}: ${n.label}`, transform: `translate(${n.x} ${n.y})` }, null, SVG);
    const shape = n.type === "article"
      ? make("rect", { x: -n.r, y: -n.r, width: 2 * n.r, height: 2 * n.r, rx: 2 }, null, SVG)
      : make("circle", { r: n.r }, null, SVG);
    shape.setAttribute("fill", n.color);
    shape.setAttribute("stroke", n.anonymous ? "#000" : "#fff");
    if (n.anonymous) shape.setAttribute("stroke-dasharray", "2 2");
    g.appendChild(shape);
    g.appendChild(make("title", {}, n.label, SVG));
    if (n.type !== "claim") {
      const label = make("text", { y: 4 }, short(n.label, 40), SVG);
      g.appendChild(label);
      labelEls[i] = label;
    }
    g.addEventListener("click", (ev) => { ev.stopPropagation(); select(i, true); });
    onKey(g, () => select(i, true));
    nodeLayer.appendChild(g);
    return g;
  });

  // --- labels that do not overlap ----------------------------------------------
  // Greedy, in graph coordinates (zooming scales everything alike): the
  // labels of the nodes with most claims first, each at the first of four
  // places beside its node that overlaps no label placed before nor any
  // node; a label with no free place is hidden until its node is selected,
  // focused or hovered.
  const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  // boxes in a grid of cells, so that a check looks at the boxes nearby only
  // (thousands of nodes stay quick)
  const CELL = 60;
  function grid() {
    const cells = new Map();
    const keys = (b) => {
      const out = [];
      for (let gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++) {
        for (let gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++) out.push(`${gx},${gy}`);
      }
      return out;
    };
    return {
      add(b) { for (const k of keys(b)) { if (!cells.has(k)) cells.set(k, []); cells.get(k).push(b); } },
      hits(b) { return keys(b).some((k) => (cells.get(k) || []).some((o) => o.owner !== b.owner && overlaps(o, b))); },
    };
  }
  function placeLabels() {
    const xs = nodes.map((n) => n.x);
    const midX = (Math.min(...xs) + Math.max(...xs)) / 2;
    const discs = grid(), placed = grid();
    nodes.forEach((n, i) => discs.add({ x: n.x - n.r, y: n.y - n.r, w: 2 * n.r, h: 2 * n.r, owner: i }));
    const order = nodes.map((_, i) => i).filter((i) => labelEls[i])
      .sort((a, b) => nodes[b].r - nodes[a].r || a - b);
    for (const i of order) {
      const n = nodes[i], label = labelEls[i];
      const box = label.getBBox();
      const w = box.width + 2, h = box.height;
      // inwards first, so that fitting the nodes to the panel keeps their labels in it too
      const sides = n.x > midX ? ["left", "right", "above", "below"] : ["right", "left", "above", "below"];
      let chosen = null;
      for (const side of sides) {
        const spot = {
          right: { dx: n.r + 3, dy: 4, anchor: "start", box: { x: n.x + n.r + 2, y: n.y - h / 2, w, h } },
          left: { dx: -(n.r + 3), dy: 4, anchor: "end", box: { x: n.x - n.r - 2 - w, y: n.y - h / 2, w, h } },
          above: { dx: 0, dy: -(n.r + 4), anchor: "middle", box: { x: n.x - w / 2, y: n.y - n.r - 3 - h, w, h } },
          below: { dx: 0, dy: n.r + h, anchor: "middle", box: { x: n.x - w / 2, y: n.y + n.r + 2, w, h } },
        }[side];
        spot.box.owner = i;
        if (!placed.hits(spot.box) && !discs.hits(spot.box)) { chosen = spot; break; }
      }
      if (chosen) {
        label.setAttribute("x", chosen.dx);
        label.setAttribute("y", chosen.dy);
        label.setAttribute("text-anchor", chosen.anchor);
        label.classList.remove("crowded");
        placed.add(chosen.box);
      } else {
        label.setAttribute("x", n.r + 3);
        label.setAttribute("y", 4);
        label.setAttribute("text-anchor", "start");
        label.classList.add("crowded");
      }
    }
  }

  // --- pan and zoom ----------------------------------------------------------
  const t = { x: 0, y: 0, k: 1 };
  let fitBox = null;
  const apply = () => view.setAttribute("transform", `translate(${t.x} ${t.y}) scale(${t.k})`);

  function fit() {
    // everything drawn, labels included, in the panel with a margin
    const w = svg.clientWidth || 800, h = svg.clientHeight || 600;
    // measured once, with the labels as placed (a hovered or selected node may show one more)
    const box = fitBox || (fitBox = nodeLayer.getBBox());
    const [x0, x1, y0, y1] = [box.x, box.x + box.width, box.y, box.y + box.height];
    t.k = Math.min((w - 40) / (x1 - x0 || 1), (h - 40) / (y1 - y0 || 1), 4) || 1;
    t.x = w / 2 - ((x0 + x1) / 2) * t.k;
    t.y = h / 2 - ((y0 + y1) / 2) * t.k;
    apply();
  }

  function zoom(factor, px, py) {
    const k = Math.min(Math.max(t.k * factor, 0.05), 20);
    t.x = px - ((px - t.x) * k) / t.k;
    t.y = py - ((py - t.y) * k) / t.k;
    t.k = k;
    apply();
  }

  function centre(i) {
    const w = svg.clientWidth || 800, h = svg.clientHeight || 600;
    t.x = w / 2 - nodes[i].x * t.k;
    t.y = h / 2 - nodes[i].y * t.k;
    apply();
  }

  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const box = svg.getBoundingClientRect();
    zoom(Math.exp(-ev.deltaY * 0.0015), ev.clientX - box.left, ev.clientY - box.top);
  }, { passive: false });

  let drag = null;
  svg.addEventListener("pointerdown", (ev) => {
    if (ev.target.closest("g.node")) return;
    drag = { x: ev.clientX - t.x, y: ev.clientY - t.y };
    svg.setPointerCapture(ev.pointerId);
    svg.classList.add("panning");
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    t.x = ev.clientX - drag.x;
    t.y = ev.clientY - drag.y;
    apply();
  });
  const stop = () => { drag = null; svg.classList.remove("panning"); };
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointercancel", stop);

  const centreOfView = () => [(svg.clientWidth || 800) / 2, (svg.clientHeight || 600) / 2];
  document.getElementById("zoom-in").addEventListener("click", () => zoom(1.25, ...centreOfView()));
  document.getElementById("zoom-out").addEventListener("click", () => zoom(0.8, ...centreOfView()));
  document.getElementById("zoom-fit").addEventListener("click", fit);

  // --- selection ---------------------------------------------------------------
  function chainItem(k) {
    const c = chains[k];
    const li = make("li", { tabindex: 0 });
    li.appendChild(make("span", { class: "claim-text" }, short(nodes[c.claim].label, 160)));
    if (c.anon) li.appendChild(make("span", { class: "badge anon", title: "rests on no one named" }, "anonymous origin"));
    li.appendChild(make("br"));
    const path = c.path.map((n, step) => nodes[n].label + (c.cues[step] ? ` (${c.cues[step]})` : "")).join(" → ");
    li.appendChild(make("span", { class: "chain" }, `${nodes[c.article].label}: ${path || "no source"}`));
    li.addEventListener("click", () => select(c.claim, true));
    onKey(li, () => select(c.claim, true));
    return li;
  }

  function neighbours(i, outgoing) {
    // who a source cites (or is cited by), with the claims each edge carries
    const found = [];
    edges.forEach((e) => {
      if (e.relation !== "cites" && e.relation !== "relays") return;
      if (outgoing ? e.s === i : e.t === i) found.push(`${nodes[outgoing ? e.t : e.s].label} ×${e.n}`);
    });
    return found;
  }

  function describe(i) {
    const n = nodes[i];
    details.replaceChildren();
    const title = make("h2", {}, n.label);
    const badge = make("span", { class: "badge" }, n.kind || n.type);
    badge.style.background = n.color;
    title.appendChild(badge);
    if (n.anonymous) {
      const anon = make("span", { class: "badge" }, "anonymous");
      anon.style.background = "#000";
      title.appendChild(anon);
    }
    details.appendChild(title);
    const dl = make("dl");
    const add = (key, value) => {
      const shown = Array.isArray(value) ? value.join(", ") : String(value);
      if (shown === "" || value === null) return; // no empty fields
      dl.appendChild(make("dt", {}, key.replace("_", " ")));
      dl.appendChild(make("dd", {}, shown));
    };
    for (const [key, value] of n.info) add(key, value);
    if (n.type === "source") {
      add("cites", neighbours(i, true));
      add("cited by", neighbours(i, false));
    }
    if (dl.childElementCount) details.appendChild(dl);
    const mine = chainsOf[i];
    if (mine.length) {
      details.appendChild(make("h3", {}, `Claims (${mine.length})`));
      const list = make("ol");
      mine.slice(0, 300).forEach((k) => list.appendChild(chainItem(k)));
      details.appendChild(list);
      if (mine.length > 300) details.appendChild(make("p", { class: "hint" }, `… and ${mine.length - 300} more`));
    }
  }

  function linkTo(i) {
    const n = nodes[i];
    const what = n.type === "claim" ? "claim" : n.type === "article" ? "article" : "source";
    const hash = `#${what}=${encodeURIComponent(n.id)}`;
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  let selected = null;
  function select(i, fromGraph, fromLink = false) {
    for (const el of document.querySelectorAll(".selected, .near, .active")) {
      el.classList.remove("selected", "near", "active");
    }
    selected = i;
    nodeEls[i].classList.add("selected");
    edges.forEach((e, k) => {
      if (e.s === i || e.t === i) edgeEls[k].classList.add("near");
    });
    describe(i);
    if (!fromLink) linkTo(i);
    const n = nodes[i];
    let marks = [];
    if (n.type === "claim") marks = texts.querySelectorAll(`[data-claims~="${i}"]`);
    else if (n.type === "source") marks = texts.querySelectorAll(`[data-sources~="${i}"]`);
    marks.forEach((m) => m.classList.add("active"));
    if (fromGraph) {
      const target = marks[0] || document.getElementById(`article-${i}`);
      if (target) target.scrollIntoView({ block: "center" });
    } else {
      centre(i);
    }
  }

  // the first piece of each claim and every source mention take keyboard focus
  const seenClaims = new Set();
  for (const mark of texts.querySelectorAll("[data-claims], [data-sources]")) {
    const claimIds = (mark.dataset.claims || "").split(" ").filter(Boolean);
    const fresh = claimIds.some((c) => !seenClaims.has(c));
    claimIds.forEach((c) => seenClaims.add(c));
    if (mark.dataset.sources || fresh) {
      mark.setAttribute("tabindex", 0);
      mark.setAttribute("role", "button");
    }
  }
  const markTarget = (mark) => {
    // a source mention is more specific than the claim around it; of nested
    // claims, the innermost (listed last) is the one meant
    const ids = (mark.dataset.sources || mark.dataset.claims).split(" ");
    return Number(ids[ids.length - 1]);
  };
  texts.addEventListener("click", (ev) => {
    const mark = ev.target.closest("[data-claims], [data-sources]");
    if (mark) select(markTarget(mark), false);
  });
  texts.addEventListener("keydown", (ev) => {
    const mark = ev.target.closest("[data-claims], [data-sources]");
    if (mark && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); select(markTarget(mark), false); }
  });

  // --- filters -------------------------------------------------------------------
  const onlyAnonymous = document.getElementById("only-anonymous");
  const byKind = document.getElementById("filter-kind");
  const byArticle = document.getElementById("filter-article");
  const byOutlet = document.getElementById("filter-outlet");
  const shownCount = document.getElementById("shown");

  function visibleNodes() {
    const anonymous = onlyAnonymous.checked, kind = byKind.value, article = byArticle.value;
    const outlet = byOutlet.value === "" ? null : Number(byOutlet.value);
    const show = new Set();
    if (chains.length) {
      // the claims level: a chain is shown when it passes every filter, with all its nodes
      chains.forEach((c) => {
        if (anonymous && !c.anon) return;
        if (kind && !c.path.some((n) => nodes[n].kind === kind)) return;
        if (article && nodes[c.article].articles[0] !== article) return;
        if (outlet !== null && !c.path.includes(outlet)) return;
        [c.claim, c.article, ...c.path].forEach((n) => show.add(n));
      });
      return show;
    }
    // the sources level: nodes, and an outlet with its neighbours
    const near = new Set();
    if (outlet !== null) {
      near.add(outlet);
      edges.forEach((e) => { if (e.s === outlet) near.add(e.t); if (e.t === outlet) near.add(e.s); });
    }
    nodes.forEach((n, i) => {
      if (anonymous && !n.anonymous) return;
      if (kind && n.kind !== kind) return;
      if (article && !n.articles.includes(article)) return;
      if (outlet !== null && !near.has(i)) return;
      show.add(i);
    });
    return show;
  }

  function applyFilters() {
    const active = onlyAnonymous.checked || byKind.value || byArticle.value || byOutlet.value !== "";
    const show = active ? visibleNodes() : new Set(nodes.keys());
    nodeEls.forEach((g, i) => g.classList.toggle("filtered", !show.has(i)));
    edgeEls.forEach((line, k) => line.classList.toggle("filtered", !(show.has(edges[k].s) && show.has(edges[k].t))));
    for (const el of texts.querySelectorAll("article.text")) {
      const index = Number(el.id.slice("article-".length));
      el.hidden = active && !show.has(index);
    }
    const sources = [...show].filter((i) => nodes[i].type === "source").length;
    const claims = [...show].filter((i) => nodes[i].type === "claim").length;
    shownCount.textContent = active ? `showing ${plural(sources, "source")}${chains.length ? `, ${plural(claims, "claim")}` : ""}` : "";
  }
  [onlyAnonymous, byKind, byArticle, byOutlet].forEach((el) => el.addEventListener("change", applyFilters));

  // --- search ---------------------------------------------------------------------
  const search = document.getElementById("search");
  const results = document.getElementById("results");
  const fold = (s) => s.normalize("NFC").toLocaleLowerCase("de");
  const haystack = nodes.map((n) => fold(n.label));

  function runSearch() {
    const q = fold(search.value.trim());
    for (const g of document.querySelectorAll("g.node.match")) g.classList.remove("match");
    results.replaceChildren();
    if (!q) { results.hidden = true; return; }
    const found = [];
    haystack.forEach((text, i) => {
      if (nodes[i].type !== "article" && text.includes(q)) found.push(i);
    });
    // sources before claims, then in page order
    found.sort((a, b) => (nodes[a].type === "claim") - (nodes[b].type === "claim") || a - b);
    found.forEach((i) => nodeEls[i].classList.add("match"));
    found.slice(0, 30).forEach((i) => {
      const li = make("li", { tabindex: 0, "data-index": i, class: nodes[i].type });
      li.appendChild(make("span", { class: "kind" }, nodes[i].type === "claim" ? "claim" : nodes[i].kind));
      li.appendChild(document.createTextNode(" " + short(nodes[i].label, 90)));
      li.addEventListener("click", () => { select(i, true); results.hidden = true; });
      onKey(li, () => { select(i, true); results.hidden = true; });
      results.appendChild(li);
    });
    if (!found.length) results.appendChild(make("li", { class: "none" }, "nothing found"));
    results.hidden = false;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      const first = results.querySelector("li[data-index]");
      if (first) { select(Number(first.dataset.index), true); results.hidden = true; }
    } else if (ev.key === "Escape") {
      search.value = "";
      runSearch();
    } else if (ev.key === "ArrowDown") {
      const first = results.querySelector("li[data-index]");
      if (first) { ev.preventDefault(); first.focus(); }
    }
  });

  // --- deep links -------------------------------------------------------------------
  function followLink() {
    const match = /^#(source|claim|article|node)=(.+)$/.exec(location.hash);
    if (!match) return;
    let id;
    try { id = decodeURIComponent(match[2]); } catch (e) { return; }
    const i = byId.get(id);
    if (i === undefined) return;
    select(i, true, true);
    centre(i);
  }
  window.addEventListener("hashchange", followLink);

  placeLabels();
  fit();
  followLink();
  document.body.dataset.ready = "true";
})();
