/* The actor-graph view: reads /graph.json with the form's filters and draws it with Cytoscape.js.
 * Nodes: colour = actor kind, size = the chosen centrality. Edges: colour = relation; a click shows
 * every claim behind the edge (source, Arabic quote, translation). All data is put into the page
 * with textContent, never as HTML. The server places every node (x, y: a seeded layout, the same
 * one the SVG and PNG use), so the page runs no layout: the same filters draw the same picture,
 * and thousands of actors are drawn as fast as they are painted. */
(function () {
  "use strict";

  const page = document.getElementById("graph-page");
  const form = document.getElementById("graph-filters");
  const statusBox = document.getElementById("status");
  const selection = document.getElementById("selection");
  const metricsBox = document.getElementById("metrics");
  const state = { data: null, cy: null, first: true, selected: null };

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "style") node.style.cssText = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of [].concat(children || [])) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function lang() { return form.elements.lang.value; }
  function sizeBy() { return form.elements.size_by.value; }
  function label(item) { return lang() === "ar" ? (item.label_ar || item.label_en) : item.label_en; }

  function setStatus(text, isError) {
    statusBox.textContent = text;
    statusBox.classList.toggle("error", Boolean(isError));
  }

  /* ---- the query string: one place reads and writes the filters -------------------------------- */

  function checked(box) {
    const all = box.querySelectorAll("input[type=checkbox]");
    const on = Array.from(all).filter((c) => c.checked).map((c) => c.value);
    return on.length === all.length ? [] : on;  // everything ticked = no restriction
  }

  function unchecked(box) {
    return Array.from(box.querySelectorAll("input[type=checkbox]"))
      .filter((c) => !c.checked).map((c) => c.value);
  }

  function filterParams() {
    const p = new URLSearchParams();
    checked(document.getElementById("relations")).forEach((r) => p.append("relation", r));
    // Whichever is shorter: the sources kept, or those left out (thousands of documents, one off).
    const sources = document.getElementById("sources");
    const on = checked(sources);
    const off = unchecked(sources);
    if (off.length && off.length < on.length) off.forEach((s) => p.append("not_source", s));
    else on.forEach((s) => p.append("source", s));
    for (const name of ["from", "to", "actor"]) {
      const value = form.elements[name].value.trim();
      if (value) p.set(name, value);
    }
    if (p.has("actor")) p.set("depth", form.elements.depth.value || "1");
    const a = document.getElementById("between-a").value;
    const b = document.getElementById("between-b").value;
    if (a && b) { p.append("between", a); p.append("between", b); }
    p.set("top", form.elements.top.value.trim());  // empty: everyone, and it stays so in the URL
    p.set("lang", lang());
    return p;
  }

  function readLocation() {
    const p = new URLSearchParams(window.location.search);
    for (const name of ["from", "to", "depth", "lang", "size_by"]) {
      if (p.get(name)) form.elements[name].value = p.get(name);
    }
    if (p.has("top")) form.elements.top.value = p.get("top");
    return p;
  }

  /* ---- filter widgets, filled from the first answer -------------------------------------------- */

  function fillChecks(boxId, items, wanted, unwanted = []) {
    const box = document.getElementById(boxId);
    box.replaceChildren();
    for (const item of items) {
      const on = wanted.length === 0 || wanted.includes(item.value);
      const input = el("input", { type: "checkbox", value: item.value,
        checked: on && !unwanted.includes(item.value) });
      box.append(el("label", { title: item.title || "" }, [
        input,
        item.color ? el("span", { class: "swatch", style: `background:${item.color}` }) : null,
        el("span", { text: item.text, dir: "auto" }),
        item.count !== undefined ? el("span", { class: "count", text: String(item.count) }) : null,
      ]));
    }
  }

  function sourceGroups(sources) {
    const byGraph = new Map();
    for (const s of sources) {
      if (!byGraph.has(s.graph)) byGraph.set(s.graph, []);
      byGraph.get(s.graph).push(s);
    }
    return Array.from(byGraph, ([graph, docs]) => ({
      value: graph,
      // A graph that is one document (the article) shows its title; a collection shows its name.
      text: docs.length === 1 && docs[0].id === graph ? label(docs[0])
        : `${graph} (${docs.length} document${docs.length === 1 ? "" : "s"})`,
      title: docs.map((d) => `${d.id}: ${d.label_en}`).join("\n"),
      count: docs.reduce((n, d) => n + (d.claims || 0), 0) || undefined,
    }));
  }

  function fillActors(actors, p) {
    const between = p.getAll("between");
    const wanted = { actor: p.get("actor") || "", "between-a": between[0] || "", "between-b": between[1] || "" };
    // Thousands of actors: the options are made once (new Option sets text, not HTML) and cloned.
    const options = document.createDocumentFragment();
    for (const a of actors) options.append(new Option(`${label(a)} (${a.id})`, a.id));
    for (const select of document.querySelectorAll("select.actor-select")) {
      const keep = select.options[0];
      select.replaceChildren(keep, options.cloneNode(true));
      select.value = wanted[select.id] || "";
    }
  }

  function fillWidgets(data, p) {
    fillChecks("relations", data.relations.map((r) => ({
      value: r.id, text: label(r) + (r.reference ? (lang() === "ar" ? " (مرجعي)" : " (reference)") : ""), color: r.color,
      count: r.edges, title: r.id,
    })), p.getAll("relation").flatMap((v) => v.split(",")));
    const listed = (name) => p.getAll(name).flatMap((v) => v.split(","));
    fillChecks("sources", sourceGroups(data.sources), listed("source"), listed("not_source"));
    fillActors(data.actors, p);
  }

  /* ---- drawing --------------------------------------------------------------------------------- */

  function nodeSize(value, top) { return 18 + 34 * (top > 0 ? value / top : 0); }
  // Below this zoom the view opens zoomed in on the most connected actor rather than fitting
  // everything: node labels (FONT_SIZE) stay at least 11 px on screen.
  const FONT_SIZE = 16;
  const MIN_OPEN_ZOOM = 0.7;
  // Above this many elements the canvas is painted as a picture while panning and zooming.
  const LARGE = 2000;
  const NAMED = 300;

  function elementsOf(data) {
    const metric = sizeBy();
    const top = Math.max(0, ...data.elements.nodes.map((n) => Number(n.data[metric]) || 0));
    const named = new Set(data.elements.nodes.map((n) => [Number(n.data[metric]) || 0, n.data.id])
      .sort((a, b) => (b[0] - a[0]) || (a[1] < b[1] ? -1 : 1)).slice(0, NAMED).map((pair) => pair[1]));
    const nodes = data.elements.nodes.map((n) => ({
      group: "nodes",
      classes: named.has(n.data.id) ? "named" : "",
      position: { x: Number(n.data.x) || 0, y: Number(n.data.y) || 0 },
      data: Object.assign({}, n.data, { label: label(n.data), size: nodeSize(Number(n.data[metric]) || 0, top) }),
    }));
    const edges = data.elements.edges.map((e) => ({
      group: "edges",
      data: Object.assign({}, e.data, { id: e.data.id, label: label(e.data) }),
    }));
    return nodes.concat(edges);
  }

  function makeCy(large) {
    return cytoscape({
      container: document.getElementById("cy"),
      wheelSensitivity: 0.25,
      textureOnViewport: large,
      hideEdgesOnViewport: large,
      pixelRatio: large ? 1 : "auto",
      style: [
        { selector: "node", style: {
          "background-color": "data(color)", label: "data(label)", width: "data(size)", height: "data(size)",
          "font-size": FONT_SIZE, "min-zoomed-font-size": 9, "text-valign": "bottom", "text-margin-y": 3,
          "text-wrap": "wrap", "text-max-width": 150, "text-background-color": "#fff", "text-background-opacity": 0.75,
          "text-background-padding": 1, "border-width": 1, "border-color": "#555" } },
        // A large graph names only its most connected actors (NAMED), the others on hover.
        ...(large ? [{ selector: "node", style: { label: "", "text-background-opacity": 0, "text-wrap": "none" } },
          { selector: "node.named, node.hover, node:selected", style: { label: "data(label)", "text-background-opacity": 0.75 } }] : []),
        { selector: "node[kind = 'DraftResolution']", style: { shape: "round-rectangle" } },
        { selector: "node[kind = 'Country'], node[kind = 'Region'], node[kind = 'Settlement'], node[kind = 'AdministrativeArea']",
          style: { shape: "round-tag" } },
        { selector: "edge", style: {
          "line-color": "data(color)", "target-arrow-color": "data(color)", "target-arrow-shape": "triangle",
          "curve-style": large ? "haystack" : "bezier", width: "mapData(weight, 1, 4, 2.5, 7)", "arrow-scale": 1.1,
          opacity: 0.85 } },
        { selector: "edge[?reference]", style: { "line-style": "dashed", opacity: 0.6 } },
        { selector: "edge[!directed]", style: { "target-arrow-shape": "none" } },
        { selector: "edge:selected, edge.hover", style: {
          label: "data(label)", "font-size": 10, color: "data(color)", "text-rotation": "autorotate",
          "text-background-color": "#fff", "text-background-opacity": 0.9, width: 6, opacity: 1 } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#111" } },
      ],
    });
  }

  /* Fit everything if the labels stay readable; else open on the most connected actor at the
   * smallest zoom that keeps them so (zooming out shows the rest, labels fading below 9 px). */
  function frame() {
    const cy = state.cy;
    if (cy.nodes().length === 0) return;
    // Fitted to the nodes' places, as the server gave them: measuring thousands of nodes and
    // labels for a bounding box takes seconds.
    const box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
    for (const n of state.data.elements.nodes) {
      const x = Number(n.data.x) || 0, y = Number(n.data.y) || 0;
      box.x1 = Math.min(box.x1, x); box.x2 = Math.max(box.x2, x);
      box.y1 = Math.min(box.y1, y); box.y2 = Math.max(box.y2, y);
    }
    box.w = box.x2 - box.x1; box.h = box.y2 - box.y1;
    const pad = 60;
    const zoom = Math.min(cy.maxZoom(), (cy.width() - 2 * pad) / Math.max(box.w, 1), (cy.height() - 2 * pad) / Math.max(box.h, 1));
    cy.viewport({ zoom: zoom, pan: { x: cy.width() / 2 - zoom * (box.x1 + box.w / 2), y: cy.height() / 2 - zoom * (box.y1 + box.h / 2) } });
    if (cy.zoom() >= MIN_OPEN_ZOOM) return;
    const metric = sizeBy();
    const hub = cy.getElementById(state.data.elements.nodes.reduce((best, n) =>
      ((Number(n.data[metric]) || 0) > (Number(best.data[metric]) || 0) ? n : best)).data.id);
    cy.zoom(MIN_OPEN_ZOOM);
    cy.center(hub);
  }

  function draw(data) {
    if (!window.cytoscape) return;
    const large = data.elements.nodes.length + data.elements.edges.length > LARGE;
    if (state.cy && state.large !== large) { state.cy.destroy(); state.cy = null; }
    if (!state.cy) {
      state.cy = makeCy(large);
      state.large = large;
      state.cy.on("tap", "edge", (evt) => showEdge(evt.target));
      state.cy.on("tap", "node", (evt) => showNode(evt.target));
      state.cy.on("mouseover", "edge, node", (evt) => evt.target.addClass("hover"));
      state.cy.on("mouseout", "edge, node", (evt) => evt.target.removeClass("hover"));
    }
    const elements = elementsOf(data);
    state.timings.mapped = performance.now();
    state.cy.batch(() => {
      state.cy.elements().remove();
      state.selected = null;
      state.cy.add(elements);
    });
    state.timings.added = performance.now();
    frame();
    state.timings.framed = performance.now();
  }

  function relabel() {
    if (!state.cy || !state.data) return;
    page.dataset.lang = lang();
    const metric = sizeBy();
    const top = Math.max(0, ...state.cy.nodes().map((n) => Number(n.data(metric)) || 0));
    state.cy.nodes().forEach((n) => n.data({ label: label(n.data()), size: nodeSize(Number(n.data(metric)) || 0, top) }));
    state.cy.edges().forEach((e) => e.data("label", label(e.data())));
    drawLegend(state.data);
    drawMetrics(state.data);
    const picked = state.selected;
    if (picked && picked.inside()) (picked.isEdge() ? showEdge : showNode)(picked);
  }

  function drawLegend(data) {
    const box = document.getElementById("legend");
    box.replaceChildren(...data.kinds.map((k) =>
      el("span", {}, [el("span", { class: "swatch", style: `background:${k.color}` }), el("span", { text: label(k) })])));
  }

  /* ---- the details panel ----------------------------------------------------------------------- */

  function evidenceCard(item) {
    const ar = lang() === "ar";
    const source = ar ? item.source_label_ar : item.source_label_en;
    if (item.kind === "reference") {
      return el("div", { class: "evidence reference" }, [
        el("div", { class: "meta", text: ar ? "الطبقة المرجعية" : "reference layer" }),
        item.note ? el("div", { text: item.note, dir: "auto" }) : null,
        item.cites ? el("a", { href: item.cites, text: item.cites }) : null,
      ]);
    }
    return el("div", { class: "evidence" }, [
      el("div", { class: "meta" }, [
        el("span", { text: `${source} (${item.source})`, dir: "auto" }),
        item.when ? el("span", { text: ` · ${item.when}` }) : null,
        item.attitude ? el("span", { text: ` · ${item.attitude}` }) : null,
        item.claimant ? el("span", { text: ` · ${ar ? "بحسب" : "according to"} ${item.claimant}` }) : null,
      ]),
      item.quote_ar ? el("blockquote", { class: "quote", lang: "ar", dir: "rtl", text: item.quote_ar }) : null,
      item.translation_en ? el("p", { class: "translation", lang: "en", dir: "ltr", text: item.translation_en }) : null,
      // A record claim keeps no quote: what it says (its label) and the page it cites stand in.
      !item.quote_ar && (item.claim_label_en || item.claim_label_ar)
        ? el("p", { class: "record", dir: "auto", text: ar ? (item.claim_label_ar || item.claim_label_en) : item.claim_label_en }) : null,
      !item.quote_ar && item.source_url ? el("a", { href: item.source_url, text: item.source_url, class: "source-link" }) : null,
      item.verdict ? el("p", { class: "verdict", dir: "auto" }, [
        el("strong", { text: (ar ? "التحقق من السجلات: " : "cross-check with the records: ") + item.verdict }),
        el("span", { text: " — " + ((ar ? item.verdict_ar : item.verdict_en) || "") }),
      ]) : null,
      el("div", {}, el("a", { href: item.claim_url, text: item.claim, class: "claim-link" })),
    ]);
  }

  function showEdge(edge) {
    state.selected = edge;
    const d = edge.data();
    const cy = state.cy;
    const from = cy.getElementById(d.source).data();
    const to = cy.getElementById(d.target).data();
    selection.replaceChildren(
      el("h2", { dir: "auto", text: `${label(from)} — ${label(d)} — ${label(to)}` }),
      el("p", { class: "muted", text: `${d.relation} · ${d.evidence.length} × evidence · ${d.sources.join(", ")}${d.when ? " · " + d.when : ""}` }),
      ...d.evidence.map(evidenceCard),
    );
  }

  function showNode(node) {
    state.selected = node;
    const d = node.data();
    const expand = el("button", { type: "button", id: "expand", text: lang() === "ar" ? "أظهر الجوار" : "Expand neighbours" });
    expand.addEventListener("click", () => expandNode(d.id));
    const focus = el("button", { type: "button", text: lang() === "ar" ? "هذا الفاعل فقط" : "Focus here" });
    focus.addEventListener("click", () => { form.elements.actor.value = d.id; apply(); });
    selection.replaceChildren(
      el("h2", { dir: "auto", text: label(d) }),
      el("p", { class: "muted", text: `${d.kind_label} · ${d.id}` }),
      el("p", { lang: "ar", dir: "rtl", text: d.label_ar }),
      el("div", { class: "node-actions" }, [el("a", { href: d.url, text: lang() === "ar" ? "صفحة الفاعل" : "Open page" }), expand, focus]),
      el("table", { class: "metrics" }, ["degree", "in_degree", "out_degree", "betweenness", "eigenvector", "community"].map((m) =>
        el("tr", {}, [el("th", { text: m }), el("td", { class: "num", text: String(d[m]) })]))),
    );
  }

  async function expandNode(id) {
    const p = filterParams();
    p.set("actor", id);
    p.set("depth", "1");
    p.delete("between");
    setStatus("expanding…");
    const data = await fetchJson(p);
    if (!data) return;
    const have = new Set(state.cy.elements().map((e) => e.id()));
    // The neighbourhood was laid out on its own: keep its shape, moved to where the actor is.
    const centre = data.elements.nodes.find((n) => n.data.id === id);
    const here = state.cy.getElementById(id).position();
    const fresh = elementsOf(data).filter((e) => !have.has(e.data.id));
    for (const e of fresh) {
      if (e.group !== "nodes" || !centre) continue;
      e.position = { x: here.x + e.position.x - Number(centre.data.x), y: here.y + e.position.y - Number(centre.data.y) };
    }
    state.cy.add(fresh);
    setStatus(`${fresh.length} element(s) added around ${id}`);
  }

  function drawMetrics(data) {
    const stats = data.data.stats;
    const metric = sizeBy();
    const rows = data.elements.nodes.slice().sort((a, b) => (b.data[metric] - a.data[metric]) || a.data.id.localeCompare(b.data.id)).slice(0, 10);
    const parts = [
      el("h2", { text: lang() === "ar" ? "المقاييس" : "Metrics" }),
      stats.hidden ? el("p", { class: "note", text: `The ${stats.nodes} most connected actors are drawn; ${stats.hidden} more are not. Narrow the filters, or raise “at most”, to see them.` }) : null,
      el("p", { class: "muted", text: `shown: ${stats.nodes} nodes, ${stats.edges} edges · network: ${stats.network_nodes} nodes, ${stats.network_edges} edges, ${stats.components} component(s), ${stats.communities} communities (modularity ${stats.modularity})` }),
      stats.eigenvector_converged ? null : el("p", { class: "note", text: "Eigenvector centrality did not converge; shown as 0." }),
      stats.approximate ? el("p", { class: "note", text: "A large graph: communities are found by label propagation (fast, seeded), not by modularity." }) : null,
      el("table", { class: "metrics" }, [
        el("tr", {}, [el("th", { text: "actor" }), el("th", { text: metric }), el("th", { text: "community" })]),
        ...rows.map((n) => el("tr", {}, [el("td", { dir: "auto", text: label(n.data) }), el("td", { class: "num", text: String(n.data[metric]) }), el("td", { class: "num", text: String(n.data.community) })])),
      ]),
    ];
    for (const path of data.data.paths || []) {
      parts.push(el("p", { dir: "auto", text: (lang() === "ar" ? "مسار: " : "path: ") + path.join(" → ") }));
    }
    metricsBox.replaceChildren(...parts.filter((part) => part !== null));
  }

  function updateExports() {
    const p = filterParams();
    p.set("size_by", sizeBy());
    p.set("download", "1");
    for (const a of document.querySelectorAll("#exports a[data-format]")) {
      a.href = a.href.split("?")[0] + "?" + p.toString();
    }
  }

  /* ---- loading --------------------------------------------------------------------------------- */

  async function fetchJson(params) {
    try {
      const response = await fetch(page.dataset.json + "?" + params.toString(), { headers: { Accept: "application/json" } });
      const body = await response.json();
      if (!response.ok) { setStatus(body.error || `error ${response.status}`, true); return null; }
      return body;
    } catch (err) {
      setStatus(`could not load the graph: ${err}`, true);
      return null;
    }
  }

  async function load(params) {
    setStatus("loading…");
    const data = await fetchJson(params);
    if (!data) return;
    // When each step ended (ms since the page opened): bench/graph_bench.py reads "painted".
    state.timings = { fetched: performance.now() };
    state.data = data;
    page.dataset.lang = lang();
    draw(data);
    // The filters' lists after the drawing is painted: with thousands of actors they take a moment.
    const timings = state.timings;
    await new Promise((done) => requestAnimationFrame(() => setTimeout(() => { timings.painted = performance.now(); done(); }, 0)));
    if (state.first) {
      state.first = false;
      fillWidgets(data, params);
      timings.filled = performance.now();
    }
    drawLegend(data);
    drawMetrics(data);
    updateExports();
    const s = data.data.stats;
    setStatus(`${s.nodes} nodes, ${s.edges} edges` + (s.hidden ? ` (${s.hidden} less connected not drawn)` : "") + (window.cytoscape ? "" : " (Cytoscape.js is missing: run make static)"));
  }

  function apply() {
    const p = filterParams();
    p.set("size_by", sizeBy());
    history.replaceState(null, "", page.dataset.base + "?" + p.toString());
    load(filterParams());
  }

  form.addEventListener("submit", (evt) => { evt.preventDefault(); apply(); });
  document.getElementById("reset").addEventListener("click", () => {
    form.reset();
    for (const c of form.querySelectorAll("input[type=checkbox]")) c.checked = true;
    apply();
  });
  form.elements.lang.addEventListener("change", () => {
    if (state.data) fillWidgets(state.data, filterParams());  // keeps what is ticked and chosen
    relabel();
    updateExports();
  });
  form.elements.size_by.addEventListener("change", () => { relabel(); updateExports(); });
  document.getElementById("canvas-png").addEventListener("click", () => {
    if (!state.cy) return;
    const link = el("a", { href: state.cy.png({ full: true, scale: 2, bg: "#ffffff" }), download: "syriakg-actor-graph-view.png" });
    document.body.append(link);
    link.click();
    link.remove();
  });

  const initial = readLocation();
  const params = new URLSearchParams(initial);
  params.delete("size_by");
  params.set("top", form.elements.top.value.trim());
  params.set("lang", lang());
  load(params);
  window.syriakgGraph = state;  // for the browser test and the curious
})();
