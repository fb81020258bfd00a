// sitrep's page: five views of one store linked by one set of filters.
// Everything from the store is put in the page as text (textContent or SVG
// attributes), never parsed as HTML, so an article's markup stays text.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const QUADS = {
  statement: "#9e9e9e",
  verbal_cooperation: "#64b5f6",
  material_cooperation: "#1565c0",
  verbal_conflict: "#ffa726",
  material_conflict: "#d32f2f",
};
const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const TYPE_COLOURS = ["#8dd3c7", "#80b1d3", "#b3de69", "#bebada", "#1f78b4", "#33a02c", "#a6cee3", "#fdb462",
  "#fb8072", "#fccde5", "#e31a1c", "#ff7f00", "#cab2d6", "#6a3d9a", "#b15928", "#7f0000"];
const typeColour = (t) => TYPE_COLOURS[Math.max(0, TYPES.indexOf(t))];

// state.filters are the linked filters; every view reads them.
const state = { filters: {}, cursor: "", selected: "", transfers: [], sort: { key: "date", dir: -1 } };
const FILTER_NAMES = ["since", "until", "actor", "type", "place", "q"];

function el(tag, attrs, ...children) {
  const e = tag.startsWith("svg:") ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") e.textContent = v;
    else if (k === "class") e.setAttribute("class", v);
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function query(extra) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (v) p.set(k, v);
  for (const [k, v] of Object.entries(extra || {})) if (v !== "" && v != null) p.set(k, v);
  return p.toString();
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  if (!r.ok) {
    let msg = r.status + " " + r.statusText;
    try { msg = (await r.json()).error || msg; } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return r.json();
}

function setStatus(text) { document.getElementById("status").textContent = text; }

// ---- filters ----

function readForm() {
  const form = document.getElementById("filters");
  const f = {};
  for (const n of FILTER_NAMES) {
    const v = form.elements[n].value.trim();
    if (v) f[n] = v;
  }
  return f;
}

function writeForm() {
  const form = document.getElementById("filters");
  for (const n of FILTER_NAMES) form.elements[n].value = state.filters[n] || "";
}

function setFilters(f) {
  state.filters = f;
  writeForm();
  const q = query();
  history.replaceState(null, "", q ? "?" + q : location.pathname);
  refresh();
}

function setupFilters() {
  const sel = document.querySelector("select[name=type]");
  for (const t of TYPES) sel.append(el("option", { value: t, text: t }));
  document.getElementById("filters").addEventListener("submit", (ev) => { ev.preventDefault(); setFilters(readForm()); });
  document.getElementById("reset").addEventListener("click", () => setFilters({}));
  const params = new URLSearchParams(location.search);
  for (const n of FILTER_NAMES) if (params.get(n)) state.filters[n] = params.get(n);
  writeForm();
  const legend = document.getElementById("quad-legend");
  for (const [q, c] of Object.entries(QUADS)) {
    const sw = el("span", { class: "swatch" });
    sw.style.background = c;
    legend.append(el("span", {}, sw, q.replace("_", " ")));
  }
}

async function refresh() {
  setStatus("Loading…");
  const exports = document.getElementById("exports");
  clear(exports);
  for (const f of ["csv", "geojson", "graphml", "gdelt", "acled", "jsonl"]) {
    exports.append(el("a", { href: "/api/events?" + query({ format: f }), text: f, download: "" }));
  }
  try {
    const [stats] = await Promise.all([
      api("/api/stats?" + query()).then((s) => { drawTimeline(s); return s; }),
      loadMap(), loadNetwork(), loadEvents(true), loadLedger(),
    ]);
    setStatus(`${stats.events} events in ${stats.documents} documents` + (query() ? " match the filters" : ""));
  } catch (e) {
    setStatus("Error: " + e.message);
  }
}

// ---- timeline ----

function dayNumber(d) { return Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 864e5; }
function dayString(n) { return new Date(n * 864e5).toISOString().slice(0, 10); }

function drawTimeline(stats) {
  const svg = document.getElementById("timeline");
  clear(svg);
  const W = svg.clientWidth || 800, H = svg.clientHeight || 180, pad = { l: 30, r: 10, t: 8, b: 20 };
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const days = stats.by_day;
  const legend = document.getElementById("timeline-legend");
  clear(legend);
  if (!days.length) {
    svg.append(el("svg:text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis", text: "No events dated to the day." }));
    return;
  }
  const perDay = new Map();
  for (const d of days) {
    const n = dayNumber(d.day);
    if (!perDay.has(n)) perDay.set(n, []);
    perDay.get(n).push(d);
  }
  let lo = Math.min(...perDay.keys()), hi = Math.max(...perDay.keys());
  lo -= 1; hi += 1;
  const maxN = Math.max(...[...perDay.values()].map((ds) => ds.reduce((s, d) => s + d.events, 0)));
  const x = (n) => pad.l + (n - lo) / (hi - lo) * (W - pad.l - pad.r);
  const y = (v) => H - pad.b - v / maxN * (H - pad.t - pad.b);
  const bw = Math.max(2, Math.min(24, (W - pad.l - pad.r) / (hi - lo) * 0.8));
  const bars = el("svg:g", { class: "bars" });
  for (const [n, ds] of perDay) {
    let acc = 0;
    ds.sort((a, b) => TYPES.indexOf(a.type) - TYPES.indexOf(b.type));
    for (const d of ds) {
      const r = el("svg:rect", { x: x(n) - bw / 2, y: y(acc + d.events), width: bw, height: y(acc) - y(acc + d.events),
        fill: typeColour(d.type), "data-day": d.day, "data-type": d.type });
      r.append(el("svg:title", { text: `${d.day} ${d.type}: ${d.events}` }));
      bars.append(r);
      acc += d.events;
    }
  }
  svg.append(bars);
  // Axis: first and last day, and the largest count.
  svg.append(el("svg:line", { x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b, stroke: "#999" }));
  const ticks = Math.min(6, hi - lo);
  for (let i = 0; i <= ticks; i++) {
    const n = Math.round(lo + (hi - lo) * i / ticks);
    svg.append(el("svg:text", { x: x(n), y: H - 5, "text-anchor": "middle", class: "axis", text: dayString(n) }));
  }
  svg.append(el("svg:text", { x: 4, y: pad.t + 8, class: "axis", text: String(maxN) }));
  const seen = new Set(days.map((d) => d.type));
  for (const t of TYPES.filter((t) => seen.has(t))) {
    const sw = el("span", { class: "swatch" });
    sw.style.background = typeColour(t);
    legend.append(el("span", {}, sw, t));
  }
  // Range selection: drag across the chart.
  const brush = el("svg:rect", { class: "brush", y: pad.t, height: H - pad.t - pad.b, width: 0, x: 0, visibility: "hidden" });
  svg.append(brush);
  const toDay = (ev) => {
    const box = svg.getBoundingClientRect();
    const px = (ev.clientX - box.left) * W / box.width;
    return Math.round(lo + (px - pad.l) / (W - pad.l - pad.r) * (hi - lo));
  };
  let start = null;
  svg.onmousedown = (ev) => { start = toDay(ev); brush.setAttribute("visibility", "visible"); brush.setAttribute("x", x(start)); brush.setAttribute("width", 0); };
  svg.onmousemove = (ev) => {
    if (start === null) return;
    const cur = toDay(ev);
    brush.setAttribute("x", x(Math.min(start, cur)));
    brush.setAttribute("width", Math.abs(x(cur) - x(start)));
  };
  svg.onmouseup = (ev) => {
    if (start === null) return;
    const end = toDay(ev), a = Math.min(start, end), b = Math.max(start, end);
    start = null;
    setFilters({ ...state.filters, since: dayString(a), until: dayString(b) });
  };
}

// ---- map ----

let world = null;

async function loadMap() {
  if (!world) {
    const topo = await api("/vendor/countries-50m.json");
    world = topojson.feature(topo, topo.objects.countries);
  }
  const fc = await api("/api/events?" + query({ format: "geojson", limit: 20000 }));
  drawMap(fc);
}

function drawMap(fc) {
  const svg = document.getElementById("map");
  clear(svg);
  const W = svg.clientWidth || 600, H = svg.clientHeight || 380;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  // Places: events at the same coordinates, with their counts by quad.
  const places = new Map();
  for (const f of fc.features) {
    const key = f.geometry.coordinates.join(",");
    if (!places.has(key)) places.set(key, { coords: f.geometry.coordinates, name: f.properties.location, n: 0, quads: {} });
    const p = places.get(key);
    p.n++;
    p.quads[f.properties.quad] = (p.quads[f.properties.quad] || 0) + 1;
  }
  const projection = d3.geoNaturalEarth1();
  if (places.size) {
    // Fit the places with a margin, but never closer than a region.
    const pts = { type: "MultiPoint", coordinates: [...places.values()].map((p) => p.coords) };
    const [[w, s], [e, n]] = d3.geoBounds(pts);
    const padDeg = Math.max(3, (e - w) * 0.2, (n - s) * 0.2);
    projection.fitSize([W, H], { type: "MultiPoint", coordinates: [[w - padDeg, s - padDeg], [e + padDeg, n + padDeg]] });
  } else {
    projection.fitSize([W, H], { type: "Sphere" });
  }
  const path = d3.geoPath(projection);
  svg.append(el("svg:path", { class: "graticule", d: path(d3.geoGraticule10()) }));
  const land = el("svg:g");
  for (const f of world.features) land.append(el("svg:path", { class: "country", d: path(f) || "" }));
  svg.append(land);
  const g = el("svg:g", { class: "places" });
  const sorted = [...places.values()].sort((a, b) => b.n - a.n);
  for (const p of sorted) {
    const [px, py] = projection(p.coords);
    const quad = Object.entries(p.quads).sort((a, b) => b[1] - a[1])[0][0];
    const c = el("svg:circle", { class: "place", cx: px, cy: py, r: 4 + 3 * Math.sqrt(p.n), fill: QUADS[quad] || "#555",
      "data-place": p.name, "data-events": p.n,
      onclick: () => setFilters({ ...state.filters, place: p.name }) });
    c.append(el("svg:title", { text: `${p.name}: ${p.n} events` }));
    g.append(c);
  }
  svg.append(g);
  if (!places.size) svg.append(el("svg:text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis", text: "No events with coordinates." }));
}

// ---- network ----

async function loadNetwork() {
  const [dy, ac] = await Promise.all([api("/api/dyads?" + query({ limit: 80 })), api("/api/actors?" + query({ limit: 1000 }))]);
  drawNetwork(dy.dyads, ac.actors);
}

function drawNetwork(dyads, actors) {
  const svg = document.getElementById("network");
  clear(svg);
  const W = svg.clientWidth || 600, H = svg.clientHeight || 380;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const names = new Map(actors.map((a) => [a.code, a]));
  const ids = [...new Set(dyads.flatMap((d) => [d.actor, d.recipient]))].sort();
  if (!ids.length) {
    svg.append(el("svg:text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis", text: "No actor pairs." }));
    return;
  }
  // A small deterministic force layout: nodes start on a circle, repel
  // each other, and edges pull their ends together.
  const nodes = ids.map((id, i) => ({ id, x: W / 2 + Math.cos(2 * Math.PI * i / ids.length) * W / 3,
    y: H / 2 + Math.sin(2 * Math.PI * i / ids.length) * H / 3, dx: 0, dy: 0 }));
  const at = new Map(nodes.map((n) => [n.id, n]));
  const k = Math.sqrt(W * H / nodes.length) * 0.6;
  for (let it = 0; it < 300; it++) {
    const t = 0.1 * (1 - it / 300) * W;
    for (const a of nodes) { a.dx = 0; a.dy = 0; }
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i], b = nodes[j];
      let dx = a.x - b.x, dy = a.y - b.y, d = Math.hypot(dx, dy) || 0.01;
      // Repulsion only nearby, so that gravity keeps separate pairs close.
      if (d > 3 * k) continue;
      const f = k * k / d;
      a.dx += dx / d * f; a.dy += dy / d * f; b.dx -= dx / d * f; b.dy -= dy / d * f;
    }
    for (const e of dyads) {
      const a = at.get(e.actor), b = at.get(e.recipient);
      let dx = a.x - b.x, dy = a.y - b.y, d = Math.hypot(dx, dy) || 0.01;
      const f = d * d / k;
      a.dx -= dx / d * f; a.dy -= dy / d * f; b.dx += dx / d * f; b.dy += dy / d * f;
    }
    for (const a of nodes) {
      // Gravity keeps pairs unconnected to the rest on the canvas.
      a.dx += (W / 2 - a.x) * 0.1;
      a.dy += (H / 2 - a.y) * 0.1;
      const d = Math.hypot(a.dx, a.dy) || 1;
      a.x += a.dx / d * Math.min(d, t);
      a.y += a.dy / d * Math.min(d, t);
    }
  }
  // Fit the layout to the canvas, leaving room for labels on the right.
  const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  for (const n of nodes) {
    n.x = 20 + (x1 > x0 ? (n.x - x0) / (x1 - x0) : 0.5) * (W - 180);
    n.y = 20 + (y1 > y0 ? (n.y - y0) / (y1 - y0) : 0.5) * (H - 40);
  }
  const maxE = Math.max(...dyads.map((d) => d.events));
  const edges = el("svg:g");
  for (const e of dyads) {
    const a = at.get(e.actor), b = at.get(e.recipient);
    const colour = e.goldstein < 0 ? QUADS.material_conflict : QUADS.material_cooperation;
    const line = el("svg:line", { class: "edge", x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: colour,
      "stroke-width": 1 + 5 * e.events / maxE });
    line.append(el("svg:title", { text: `${e.actor} → ${e.recipient}: ${e.events} events, mean Goldstein ${e.goldstein.toFixed(1)}` }));
    edges.append(line);
  }
  svg.append(edges);
  const g = el("svg:g");
  const maxA = Math.max(1, ...ids.map((id) => (names.get(id) || {}).events || 1));
  for (const n of nodes) {
    const a = names.get(n.id);
    const node = el("svg:g", { class: "node", transform: `translate(${n.x},${n.y})`, "data-actor": n.id,
      onclick: () => setFilters({ ...state.filters, actor: n.id }) });
    node.append(el("svg:circle", { r: 4 + 8 * Math.sqrt(((a && a.events) || 1) / maxA) }));
    node.append(el("svg:text", { x: 10, y: 4, text: a ? `${a.name} (${n.id})` : n.id }));
    node.append(el("svg:title", { text: a ? `${a.name}: ${a.events} events` : n.id }));
    g.append(node);
  }
  svg.append(g);
}

// ---- events and evidence ----

function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }

function side(as) {
  return as.map((a) => a.name || (a.country + (a.sector ? "/" + a.sector : ""))).join("; ") || "–";
}

async function loadEvents(fresh) {
  if (fresh) state.cursor = "";
  const page = await api("/api/events?" + query({ limit: 100, sort: "-date", cursor: state.cursor, count: fresh ? "true" : "" }));
  const tbody = document.querySelector("#events tbody");
  if (fresh) clear(tbody);
  for (const e of page.events) {
    const tr = el("tr", { "data-id": e.id, onclick: () => showEvent(e.id) },
      el("td", { text: e.date || "" }),
      el("td", { text: e.type + (e.mode ? " (" + e.mode + ")" : "") }),
      el("td", { text: side(e.actor) + " → " + side(e.recipient) }),
      el("td", { class: "evidence", text: clip(e.evidence, 160), title: e.evidence }));
    tbody.append(tr);
  }
  if (fresh) document.getElementById("events-count").textContent = page.total + " events, newest first";
  state.cursor = page.next || "";
  document.getElementById("more").hidden = !page.next;
}

// byteSlice cuts s at UTF-8 byte offsets, as the API gives them.
const enc = new TextEncoder(), dec = new TextDecoder();
function byteSlice(bytes, a, b) { return dec.decode(bytes.slice(Math.max(0, a), Math.max(0, b))); }

// markSentence returns the evidence sentence as nodes with the trigger and
// the participants' names marked.
function markSentence(ev) {
  const bytes = enc.encode(ev.evidence);
  const marks = [];
  const ts = ev.trigger.start - ev.start, te = ev.trigger.end - ev.start;
  if (ev.trigger.text && ts >= 0 && te <= bytes.length) marks.push([ts, te, "trigger"]);
  const lower = ev.evidence.toLowerCase();
  for (const [cls, list] of [["actor", ev.actor], ["recipient", ev.recipient]]) {
    for (const a of list) {
      if (!a.name) continue;
      const i = lower.indexOf(a.name.toLowerCase());
      if (i < 0) continue;
      const s = enc.encode(ev.evidence.slice(0, i)).length, e = s + enc.encode(ev.evidence.slice(i, i + a.name.length)).length;
      if (!marks.some(([ms, me]) => s < me && e > ms)) marks.push([s, e, cls]);
    }
  }
  marks.sort((a, b) => a[0] - b[0]);
  const out = [];
  let pos = 0;
  for (const [s, e, cls] of marks) {
    if (s < pos) continue;
    out.push(document.createTextNode(byteSlice(bytes, pos, s)));
    out.push(el("mark", { class: cls, text: byteSlice(bytes, s, e), title: cls }));
    pos = e;
  }
  out.push(document.createTextNode(byteSlice(bytes, pos, bytes.length)));
  return out;
}

async function showEvent(id) {
  state.selected = id;
  for (const tr of document.querySelectorAll("#events tbody tr")) tr.classList.toggle("selected", tr.dataset.id === id);
  const box = document.getElementById("evidence");
  clear(box);
  box.append(el("p", { class: "hint", text: "Loading…" }));
  let d;
  try {
    d = await api("/api/events/" + encodeURIComponent(id));
  } catch (e) {
    clear(box);
    box.append(el("p", { class: "hint", text: "Error: " + e.message }));
    return;
  }
  const ev = d.event, doc = d.document;
  clear(box);
  box.dataset.event = ev.id;
  box.append(el("p", { class: "sentence" }, ...markSentence(ev)));
  const dl = el("dl");
  const row = (k, v) => { if (v) dl.append(el("dt", { text: k }), el("dd", {}, v)); };
  row("Event", `${ev.id}: ${ev.type}${ev.mode ? " (" + ev.mode + ")" : ""}, ${ev.quad.replace("_", " ")}, CAMEO ${ev.cameo}, Goldstein ${ev.goldstein}`);
  row("Actor", side(ev.actor));
  row("Recipient", side(ev.recipient));
  row("Date", ev.date);
  row("Place", ev.location ? ev.location.name + (ev.location.country ? ", " + ev.location.country : "") : "");
  row("Source", ev.source ? ev.source.name + " (" + ev.source.kind + ")" : "");
  row("Certainty", ev.certainty);
  row("Rule", ev.rule);
  let title = document.createTextNode(doc.title || "(untitled)");
  // Only web links are links: a document's URL may be anything.
  if (/^https?:\/\//i.test(doc.url || "")) title = el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank", text: doc.title || doc.url });
  const docLine = el("span", {}, title, document.createTextNode(
    [doc.outlet, doc.published].filter(Boolean).length ? " — " + [doc.outlet, doc.published].filter(Boolean).join(", ") : ""));
  row("Document", docLine);
  if (ev.mentions && ev.mentions.length > 1) row("Also stated", ev.mentions.slice(1).map((m) => "“" + m.text + "”").join(" "));
  box.append(dl);
  if (d.context) {
    box.append(el("h3", { text: "In the document" }));
    box.append(el("p", { class: "context", text: d.context.text }));
  }
}

// ---- ledger ----

async function loadLedger() {
  const d = await api("/api/transfers?limit=5000");
  // The ledger follows the actor filter (supplier or recipient) and the
  // date range; the other filters are about events.
  const f = state.filters;
  state.transfers = d.transfers.filter((t) => {
    if (f.actor && ![t.supplier, t.recipient].some((c) => c.toLowerCase() === f.actor.toLowerCase().slice(0, 3))) return false;
    if (f.since && t.date && t.date < f.since.slice(0, t.date.length)) return false;
    if (f.until && t.date && t.date > f.until.slice(0, t.date.length)) return false;
    return true;
  });
  drawLedger();
}

function drawLedger() {
  const { key, dir } = state.sort;
  const rows = [...state.transfers].sort((a, b) => dir * String(a[key] || "").localeCompare(String(b[key] || ""), undefined, { numeric: true }));
  const tbody = document.querySelector("#ledger tbody");
  clear(tbody);
  for (const t of rows) {
    tbody.append(el("tr", { "data-id": t.id },
      ...["supplier", "recipient", "item", "category", "quantity", "status", "date"].map((k) => el("td", { text: t[k] || "" })),
      el("td", { class: "evidence", text: t.evidence })));
  }
  if (!rows.length) tbody.append(el("tr", {}, el("td", { colspan: 8, class: "hint", text: "No transfers." })));
  for (const th of document.querySelectorAll("#ledger th[data-key]")) {
    th.setAttribute("aria-sort", th.dataset.key === key ? (dir > 0 ? "ascending" : "descending") : "none");
  }
}

function setupLedger() {
  for (const th of document.querySelectorAll("#ledger th[data-key]")) {
    th.addEventListener("click", () => {
      const k = th.dataset.key;
      state.sort = { key: k, dir: state.sort.key === k ? -state.sort.dir : 1 };
      drawLedger();
    });
  }
}

window.addEventListener("DOMContentLoaded", () => {
  setupFilters();
  setupLedger();
  document.getElementById("more").addEventListener("click", () => loadEvents(false));
  refresh();
});
