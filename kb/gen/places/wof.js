// Reads the populated places (Who's On First placetype "locality" and
// "neighbourhood") out of local snapshots of Who's On First per-country
// repositories (whosonfirst-data/whosonfirst-data-admin-XX). Most of their
// localities are GeoNames populated places of every size, down to hamlets,
// which the cities500 extract lacks.
//
// Each argument is a git directory (bare or not) of one such repository;
// the files are read from its HEAD commit with git itself, so no work tree
// is needed. Polygon files (regions, countries) are large and skipped by
// size: a point record is a few kilobytes.
'use strict';

const { execFileSync, spawnSync } = require('child_process');

const MAX_BLOB = 64 * 1024;

// blobs lists the geojson blobs of a repository's HEAD with their sizes.
function blobs(gitDir) {
  const out = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-l', 'HEAD', 'data'], { maxBuffer: 1 << 30 }).toString();
  const ids = [];
  for (const line of out.split('\n')) {
    // <mode> blob <id> <size>\t<path>
    const m = /^\d+ blob ([0-9a-f]+)\s+(\d+)\t(.*\.geojson)$/.exec(line);
    if (m && +m[2] <= MAX_BLOB && !m[3].includes('-alt-')) ids.push(m[1]);
  }
  return ids;
}

// readBlobs returns the contents of the blobs ids, via git cat-file --batch.
function readBlobs(gitDir, ids) {
  const res = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: ids.join('\n') + '\n', maxBuffer: 2 ** 31 });
  if (res.status !== 0) throw new Error(`git cat-file in ${gitDir}: ${res.stderr}`);
  const buf = res.stdout;
  const docs = [];
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(10, at);
    const head = buf.toString('utf8', at, nl).split(' ');
    const size = +head[2];
    docs.push(buf.toString('utf8', nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return docs;
}

// localities yields one record per current populated place of a repository:
// {gnid, name, names (variants), cc, lat, lon, pop, a1 (GeoNames admin1 code),
// placetype}.
function* localities(gitDir) {
  const ids = blobs(gitDir);
  for (let i = 0; i < ids.length; i += 20000) {
    for (const text of readBlobs(gitDir, ids.slice(i, i + 20000))) {
      let doc;
      try {
        doc = JSON.parse(text);
      } catch {
        continue;
      }
      const p = doc.properties || {};
      const pt = p['wof:placetype'];
      if (pt !== 'locality' && pt !== 'neighbourhood') continue;
      if ((p['wof:superseded_by'] || []).length || p['mz:is_current'] === 0 || p['edtf:deprecated'] || p['edtf:cessation'] && p['edtf:cessation'] !== 'uuuu') continue;
      const lat = p['geom:latitude'];
      const lon = p['geom:longitude'];
      const name = p['wof:name'];
      const cc = p['wof:country'] || p['iso:country'];
      if (!name || typeof lat !== 'number' || typeof lon !== 'number' || !cc || (lat === 0 && lon === 0)) continue;
      const names = [];
      for (const k of ['gn:name', 'gn:asciiname', 'name:eng_x_preferred', 'name:eng_x_variant', 'name:und_x_variant']) {
        const v = p[k];
        if (Array.isArray(v)) names.push(...v);
        else if (typeof v === 'string') names.push(v);
      }
      yield {
        gnid: p['gn:geonameid'] || (p['wof:concordances'] || {})['gn:id'] || 0,
        name,
        names,
        cc,
        lat,
        lon,
        pop: +p['gn:population'] || +p['wof:population'] || 0,
        a1: p['gn:admin1_code'] ? String(p['gn:admin1_code']).replace(/\.0$/, '') : '',
        placetype: pt,
      };
    }
  }
}

module.exports = { localities };
