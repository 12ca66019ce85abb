// Shared helpers for the search benchmark (bench/search/) and the relevance evaluation
// (bench/relevance/): where things are, building knead, synthetic corpora, building a site,
// and knead's real search engine run in node over a built index.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vm = require('vm');
const { spawnSync } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..');

/** Where corpora and built sites go: never inside the repository. */
function workDir() {
  const dir = process.env.KNEAD_BENCH_DIR
    || (fs.existsSync('/dev/shm') ? '/dev/shm/knead-bench' : path.join(os.tmpdir(), 'knead-bench'));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The synthetic corpus generator, beside the repository unless KNEAD_GENCORPUS says otherwise. */
function gencorpusPath() {
  const file = process.env.KNEAD_GENCORPUS || path.resolve(REPO, '..', 'shared', 'bench', 'gencorpus.py');
  if (!fs.existsSync(file)) {
    throw new Error(`corpus generator not found at ${file}; set KNEAD_GENCORPUS to gencorpus.py`);
  }
  return file;
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}\n${r.stdout || ''}${r.stderr || ''}`);
  }
  return r;
}

/** Builds knead in release mode (unless KNEAD_BIN names a binary) and returns the binary. */
let kneadBin = null;
function knead({ quiet = true } = {}) {
  if (kneadBin) return kneadBin;
  if (process.env.KNEAD_BIN) {
    kneadBin = process.env.KNEAD_BIN;
    return kneadBin;
  }
  run('cargo', ['build', '--release', '--quiet'], { cwd: REPO, stdio: quiet ? 'pipe' : 'inherit' });
  kneadBin = path.join(REPO, 'target', 'release', 'knead');
  return kneadBin;
}

/** The synthetic site of `pages` articles (seed `seed`), generated once and cached in workDir(). */
function corpus(pages, seed = '1') {
  const dir = path.join(workDir(), `corpus-${pages}-s${seed}`);
  if (fs.existsSync(path.join(dir, 'site.yaml'))) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  run('python3', [gencorpusPath(), '--flavor', 'knead', '--pages', String(pages), '--seed', String(seed), '--out', partial]);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  return dir;
}

/** Builds `root` into `out` with knead under /usr/bin/time: {seconds, peakKiB, pages, line}. */
function buildSite(root, out) {
  const bin = knead();
  const timed = fs.existsSync('/usr/bin/time');
  const args = ['build', '--root', root, '--output', out];
  const r = timed
    ? run('/usr/bin/time', ['-f', 'TIME %e %M', bin, ...args])
    : run(bin, args);
  const line = (r.stdout + r.stderr).split('\n').find((l) => l.startsWith('Built ')) || '';
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr || '');
  const pages = /Built (\d+) pages/.exec(line);
  return {
    seconds: m ? Number(m[1]) : NaN,
    peakKiB: m ? Number(m[2]) : NaN,
    pages: pages ? Number(pages[1]) : NaN,
    line,
  };
}

/** Every file below `dir`: [{rel, size}]. */
function filesUnder(dir) {
  const out = [];
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push({ rel: path.relative(dir, p), size: fs.statSync(p).size });
    }
  })(dir);
  return out;
}

/**
 * knead's search engine as the browser runs it, in a node vm context: the site's own copies
 * of static/search/stemmer.js and engine.js, its search/index.js manifest, and a loader that
 * runs the s<N>.js and d<N>.js files as the browser's classic scripts would.
 * Returns {manifest, stem, searchEngine, search(query, limit) -> {answer, files}}.
 */
function nodeEngine(site) {
  const scriptDir = fs.existsSync(path.join(site, 'static', 'search', 'engine.js'))
    ? path.join(site, 'static', 'search')
    : path.join(REPO, 'themes', 'default', 'static', 'search');
  const context = vm.createContext({ TextEncoder, atob, console });
  context.self = context;
  const runFile = (file) => vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
  runFile(path.join(scriptDir, 'stemmer.js'));
  runFile(path.join(scriptDir, 'engine.js'));
  runFile(path.join(site, 'search', 'index.js'));
  const knead = context.knead;
  const manifest = knead.searchManifest;
  if (!manifest || !knead.searchEngine) throw new Error(`no search index in ${site}`);

  function search(query, limit = 10) {
    const files = [];
    const loader = (hook, prefix) => (n) => new Promise((resolve) => {
      const file = path.join(site, 'search', `${prefix}${n}.js`);
      files.push(file);
      knead[hook] = (_, data) => resolve(data);
      runFile(file);
    });
    const engine = knead.searchEngine.create(manifest, { shard: loader('searchShard', 's'), docs: loader('searchDocs', 'd'), titles: loader('searchTitles', 't') }, knead.stem);
    return engine.search(query, limit).then((answer) => ({ answer, files }));
  }
  return { manifest, stem: knead.stem, searchEngine: knead.searchEngine, search };
}

module.exports = { REPO, workDir, gencorpusPath, run, knead, corpus, buildSite, filesUnder, nodeEngine };
