// Cold-query payload of knead's search: which index files the engine loads for each query,
// and their gzipped size, plus the engine's own scripts. Usage:
//   node bench/search-payload.js <built site folder> [query ...]
'use strict';
const fs = require('fs');
const vm = require('vm');
const zlib = require('zlib');
const path = require('path');

const site = process.argv[2];
const queries = process.argv.length > 3 ? process.argv.slice(3) : [
  'massage', 'hip pain', 'deep tissue massage', 'stretches', 'myofacial', 'neuromusc', 'sciatica relief at night',
];
const themeStatic = path.join(__dirname, '..', 'themes', 'default', 'static', 'search');
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

global.self = global;
global.window = global;
require(path.join(themeStatic, 'stemmer.js'));
const engines = require(path.join(themeStatic, 'engine.js'));
vm.runInThisContext(fs.readFileSync(path.join(site, 'search', 'index.js'), 'utf8'));
const manifest = global.knead.searchManifest;

const base = ['stemmer.js', 'engine.js', 'ui.js'].reduce((n, f) => n + gz(path.join(themeStatic, f)), 0)
  + gz(path.join(site, 'search', 'index.js'));

function run(query) {
  const loaded = [];
  const loader = (kind, prefix) => (n) => new Promise((resolve) => {
    const file = path.join(site, 'search', `${prefix}${n}.js`);
    loaded.push({ file, sequence: prefix === 's' ? 1 : 2 });
    global.knead[kind] = (_, data) => resolve(data);
    vm.runInThisContext(fs.readFileSync(file, 'utf8'));
  });
  const engine = engines.create(manifest, { shard: loader('searchShard', 's'), docs: loader('searchDocs', 'd'), titles: loader('searchTitles', 't') });
  return engine.search(query, 10).then(async (answer) => {
    const bytes = loaded.reduce((n, l) => n + gz(l.file), 0);
    // Warm: the same query again, all files cached.
    const times = [];
    for (let i = 0; i < 30; i++) {
      const t = process.hrtime.bigint();
      await engine.search(query, 10);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    times.sort((a, b) => a - b);
    return { query, total: answer.total, files: loaded.length, bytes, p95: times[Math.floor(times.length * 0.95)], top: answer.results[0] && answer.results[0].title };
  });
}

(async () => {
  const files = fs.readdirSync(path.join(site, 'search')).filter((f) => f.endsWith('.js')).length;
  console.log(`index: ${manifest.docs} pages, ${files} index files, scripts+manifest ${(base / 1024).toFixed(1)} kB gz`);
  let worst = 0;
  for (const q of queries) {
    const r = await run(q);
    const total = base + r.bytes;
    worst = Math.max(worst, total);
    console.log(`${q.padEnd(28)} ${String(r.total).padStart(6)} hits  ${r.files} files  cold ${(total / 1024).toFixed(1).padStart(6)} kB gz  warm p95 ${r.p95.toFixed(2)} ms  top: ${r.top}`);
  }
  console.log(`worst cold query: ${(worst / 1024).toFixed(1)} kB gz`);
})();
