// Reads the populated places (Who's On First placetype "locality" and
// "neighbourhood") out of local snapshots of Who's On First per-country
// repositories (whosonfirst-data/whosonfirst-data-admin-XX). Most of their
// localities are GeoNames populated places of every size, down to hamlets,
// which the cities500 extract lacks.
//
// Each argument is a git directory (bare or not) of one such repository;
// the files are read with git itself, so no work tree is needed, at the
// commit wof-pins.tsv pins for the repository (a repository it does not
// list, or a clone that lacks the commit, is refused). Cloning the
// repositories is the step that needs the network; this script does not. Polygon files (regions, countries) are large and skipped by
// size: a point record is a few kilobytes.
'use strict';

const { execFileSync, spawnSync } = require('child_process');

const fs = require('fs');
const path = require('path');

const MAX_BLOB = 64 * 1024;

// pins maps "owner/name" to its pin in wof-pins.tsv: a commit hash, or
// "before:TIME" for the last commit of the default branch before TIME.
function pins() {
  const m = new Map();
  for (const line of fs.readFileSync(path.join(__dirname, 'wof-pins.tsv'), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [repo, pin] = line.split('\t');
    m.set(repo, pin);
  }
  return m;
}

// pinnedCommit resolves the pin of the repository in gitDir (named by its
// origin URL, else by the directory) to a commit hash, or throws.
function pinnedCommit(gitDir) {
  const git = (...a) => execFileSync('git', ['--git-dir', gitDir, ...a]).toString().trim();
  let url = '';
  try {
    url = git('config', 'remote.origin.url');
  } catch {}
  const m = /(whosonfirst-data-admin-[a-z]{2})/.exec(url) || /(whosonfirst-data-admin-[a-z]{2})/.exec(path.resolve(gitDir));
  if (!m) throw new Error(`${gitDir}: not a whosonfirst-data-admin-XX repository`);
  const repo = `whosonfirst-data/${m[1]}`;
  const pin = pins().get(repo);
  if (!pin) throw new Error(`${repo} is not pinned in kb/gen/places/wof-pins.tsv`);
  let commit;
  try {
    commit = pin.startsWith('before:') ? git('rev-list', '-1', `--before=${pin.slice(7)}`, 'HEAD') : git('rev-parse', '--verify', `${pin}^{commit}`);
  } catch (e) {
    throw new Error(`${gitDir}: pinned commit ${pin} of ${repo} not found (fetch the full history): ${e.message}`);
  }
  if (!commit) throw new Error(`${gitDir}: no commit of ${repo} ${pin} (fetch the full history)`);
  process.stderr.write(`${repo}: ${pin} = ${commit}\n`);
  return commit;
}

// blobs lists the geojson blobs of a repository's pinned commit with their sizes.
function blobs(gitDir) {
  const out = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-l', pinnedCommit(gitDir), 'data'], { maxBuffer: 1 << 30 }).toString();
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
