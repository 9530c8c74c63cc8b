// The provenance page: draws the graph from the embedded JSON, pans and
// zooms it, and links nodes to the highlighted article text. Every text
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

  function make(tag, attrs = {}, text = null, ns = null) {
    const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text !== null) el.textContent = text;
    return el;
  }
  const short = (s, n) => (s.length <= n ? s : s.slice(0, n - 1) + "…");

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

  const edgeEls = edges.map((e) => {
    const a = nodes[e.s], b = nodes[e.t];
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    const line = make("line", { x1: a.x, y1: a.y, x2: b.x - (dx / len) * (b.r + 2), y2: b.y - (dy / len) * (b.r + 2),
      class: `edge ${e.relation}`, "stroke-width": 1 + Math.log(e.n), "marker-end": "url(#arrow)" }, null, SVG);
    line.appendChild(make("title", {}, `${e.relation} ×${e.n}`, SVG));
    view.appendChild(line);
    return line;
  });

  const midX = (Math.min(...nodes.map((n) => n.x)) + Math.max(...nodes.map((n) => n.x))) / 2;
  const nodeEls = nodes.map((n, i) => {
    const g = make("g", { class: `node ${n.type}`, "data-index": i, "data-id": n.id,
      transform: `translate(${n.x} ${n.y})` }, null, SVG);
    const shape = n.type === "article"
      ? make("rect", { x: -n.r, y: -n.r, width: 2 * n.r, height: 2 * n.r, rx: 2 }, null, SVG)
      : make("circle", { r: n.r }, null, SVG);
    shape.setAttribute("fill", n.color);
    shape.setAttribute("stroke", n.anonymous ? "#000" : "#fff");
    if (n.anonymous) shape.setAttribute("stroke-dasharray", "2 2");
    g.appendChild(shape);
    g.appendChild(make("title", {}, n.label, SVG));
    // a label points inwards, so that fitting the nodes to the panel keeps their labels in it too
    const inwards = n.x > midX ? { x: -(n.r + 3), "text-anchor": "end" } : { x: n.r + 3 };
    if (n.type !== "claim") g.appendChild(make("text", { ...inwards, y: 4 }, short(n.label, 28), SVG));
    g.addEventListener("click", (ev) => { ev.stopPropagation(); select(i, true); });
    view.appendChild(g);
    return g;
  });

  // --- pan and zoom ----------------------------------------------------------
  const t = { x: 0, y: 0, k: 1 };
  const apply = () => view.setAttribute("transform", `translate(${t.x} ${t.y}) scale(${t.k})`);

  function fit() {
    const w = svg.clientWidth || 800, h = svg.clientHeight || 600;
    const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    t.k = Math.min(w / (x1 - x0 + 200), h / (y1 - y0 + 100), 4) || 1;
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
    const li = make("li");
    li.appendChild(make("span", { class: "claim-text" }, short(nodes[c.claim].label, 160)));
    li.appendChild(make("br"));
    const path = c.path.map((n, step) => nodes[n].label + (c.cues[step] ? ` (${c.cues[step]})` : "")).join(" → ");
    li.appendChild(make("span", { class: "chain" }, `${nodes[c.article].label}: ${path || "no source"}`));
    li.addEventListener("click", () => select(c.claim, true));
    return li;
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
    for (const [key, value] of n.info) {
      dl.appendChild(make("dt", {}, key));
      dl.appendChild(make("dd", {}, Array.isArray(value) ? value.join(", ") : String(value)));
    }
    details.appendChild(dl);
    const mine = chainsOf[i];
    details.appendChild(make("h3", {}, `Claims (${mine.length})`));
    const list = make("ol");
    mine.slice(0, 300).forEach((k) => list.appendChild(chainItem(k)));
    details.appendChild(list);
    if (mine.length > 300) details.appendChild(make("p", { class: "hint" }, `… and ${mine.length - 300} more`));
  }

  function select(i, fromGraph) {
    for (const el of document.querySelectorAll(".selected, .near, .faded, .active")) {
      el.classList.remove("selected", "near", "faded", "active");
    }
    nodeEls[i].classList.add("selected");
    edges.forEach((e, k) => {
      if (e.s === i || e.t === i) edgeEls[k].classList.add("near");
    });
    describe(i);
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

  texts.addEventListener("click", (ev) => {
    const mark = ev.target.closest("[data-claims], [data-sources]");
    if (!mark) return;
    // a source mention is more specific than the claim around it; of nested
    // claims, the innermost (listed last) is the one clicked
    const ids = (mark.dataset.sources || mark.dataset.claims).split(" ");
    select(Number(ids[ids.length - 1]), false);
  });

  fit();
  document.body.dataset.ready = "true";
})();
