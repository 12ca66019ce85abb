#!/usr/bin/env node
// knead's search benchmark, side by side with Pagefind on the same built site. Prints figures;
// it is a command to run by hand, never a timed test. See bench/README.md.
//
//   node bench/search/run.js [--pages 100,1000,10000] [--queries 'massage,hip pain']
//                            [--warm 'lower back pain,trigger point'] [--repeat N]
//                            [--no-pagefind] [--http1] [--json FILE] [--check] [--verbose] [--quick]
'use strict';

const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const common = require('../lib/common');

const HERE = __dirname;
const DEFAULT_QUERIES = ['massage', 'hip pain', 'deep tissue massage', 'stretches', 'myofacial', 'neuromusc', 'sciatica relief at night'];
const DEFAULT_WARM = ['lower back pain', 'trigger point therapy', 'piriformis stretch', 'sciatica relief'];
const QUICK_QUERIES = ['massage', 'myofacial'];
const QUICK_WARM = ['hip pain'];
// Cold first query, gzipped, in bytes (1 kB = 1,000 bytes).
const COLD_TARGET = { 100: 40e3, 1000: 60e3, 10000: 120e3 };
const MAX_SEQUENCE = 2;
const WARM_P95_TARGET_MS = 16;
const WARM_TARGET_PAGES = 10000;
const PAGES_PER_FILE = 20;
const FILES_TARGET_PAGES = 10000;
const TYPE_DELAY_MS = 120;
// Cold queries are served with this much delay per response, like a round trip on a real
// network; warm keystrokes without any.
const ROUND_TRIP_MS = 50;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function parseArgs(argv) {
  const o = { pages: [100, 1000, 10000], queries: DEFAULT_QUERIES, warm: DEFAULT_WARM, repeat: null, pagefind: true, json: null, check: false, quick: false, verbose: false, http1: false };
  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') {
      o.quick = true;
      o.pages = [100];
      o.queries = QUICK_QUERIES;
      o.warm = QUICK_WARM;
    } else if (a === '--pages') o.pages = list(value()).map((n) => Number(n.replace(/[_k]/g, (c) => (c === 'k' ? '000' : ''))));
    else if (a === '--queries') o.queries = list(value());
    else if (a === '--warm') o.warm = list(value());
    else if (a === '--repeat') o.repeat = Number(value());
    else if (a === '--no-pagefind') o.pagefind = false;
    else if (a === '--json') o.json = value();
    else if (a === '--check') o.check = true;
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--http1') o.http1 = true;
    else if (a === '-h' || a === '--help') {
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 7).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (o.pages.some((n) => !Number.isInteger(n) || n < 3)) throw new Error('--pages takes whole numbers of 3 or more');
  return o;
}

// ---------- formatting ----------
const kB = (b) => (b == null || Number.isNaN(b) ? '-' : `${(b / 1000).toFixed(1)} kB`);
const MB = (b) => `${(b / 1e6).toFixed(2)} MB`;
const int = (n) => (n == null || Number.isNaN(n) ? '-' : Number(n).toLocaleString('en-US'));
const ms = (x) => (x == null || Number.isNaN(x) ? '-' : `${x.toFixed(x < 10 ? 2 : 1)} ms`);
const sec = (x) => `${x.toFixed(2)} s`;
const pad = (s, n) => String(s).padEnd(n);
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

function percentile(values, p) {
  if (!values.length) return NaN;
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const median = (v) => percentile(v, 50);

// ---------- setup ----------
function ensureNodeModules() {
  const have = () => {
    try {
      require.resolve('playwright-core', { paths: [HERE] });
      return fs.existsSync(pagefindBin());
    } catch {
      return false;
    }
  };
  if (have()) return;
  console.error('installing bench/search dependencies from package-lock.json...');
  // npm ci refuses a lock file without every platform's optional Pagefind binary, which a
  // registry mirror may not carry; npm install then installs the same locked versions.
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: HERE, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (ci.status !== 0) {
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: HERE, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm install failed in bench/search');
  }
  if (!have()) throw new Error('playwright-core or the Pagefind binary is missing from bench/search/node_modules');
}

function chromiumPath() {
  const p = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(p)) throw new Error(`Chromium not found at ${p}: apt-get update && apt-get install -y chromium (or set CHROMIUM)`);
  return p;
}

function pagefindBin() {
  return path.join(HERE, 'node_modules', '.bin', 'pagefind');
}

/** A self-signed certificate for 127.0.0.1, made once in the work folder. */
function certificate() {
  const dir = path.join(common.workDir(), 'tls');
  if (fs.existsSync(path.join(dir, 'cert.pem'))) return dir;
  fs.mkdirSync(dir, { recursive: true });
  common.run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
  return dir;
}

function startServer(dir, delay, tls) {
  return new Promise((resolve, reject) => {
    const args = [path.join(HERE, 'server.js'), dir, '--delay', String(delay)].concat(tls ? ['--tls', tls] : []);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

// ---------- build figures ----------
function kneadBuild(corpusDir, out, repeat) {
  const runs = [];
  for (let i = 0; i < repeat; i++) runs.push(common.buildSite(corpusDir, out));
  const files = common.filesUnder(path.join(out, 'search'));
  const scripts = files.filter((f) => f.rel.endsWith('.js'));
  const zlib = require('zlib');
  const gz = scripts.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(out, 'search', f.rel)), { level: 6 }).length, 0);
  const manifest = /searchManifest=(\{.*\});\s*$/s.exec(fs.readFileSync(path.join(out, 'search', 'index.js'), 'utf8'));
  return {
    docs: manifest ? JSON.parse(manifest[1]).docs : NaN,
    seconds: median(runs.map((r) => r.seconds)),
    allSeconds: runs.map((r) => r.seconds),
    peakKiB: Math.max(...runs.map((r) => r.peakKiB)),
    htmlPages: runs[0].pages,
    searchFiles: files.length,
    indexFiles: scripts.length,
    indexBytes: scripts.reduce((n, f) => n + f.size, 0),
    searchBytes: files.reduce((n, f) => n + f.size, 0),
    indexGzBytes: gz,
  };
}

function pagefindIndex(out) {
  fs.rmSync(path.join(out, 'pagefind'), { recursive: true, force: true });
  const r = common.run('/usr/bin/time', ['-f', 'TIME %e %M', pagefindBin(), '--site', out]);
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr);
  const pages = /Indexed (\d+) pages/.exec(r.stdout);
  const files = common.filesUnder(path.join(out, 'pagefind'));
  const isIndex = (f) => /\.(pf_index|pf_fragment|pf_meta|pagefind)$/.test(f.rel) || f.rel.endsWith('pagefind-entry.json');
  const index = files.filter(isIndex);
  return {
    seconds: m ? Number(m[1]) : NaN,
    peakKiB: m ? Number(m[2]) : NaN,
    pages: pages ? Number(pages[1]) : NaN,
    files: files.length,
    indexFiles: index.length,
    fragments: files.filter((f) => f.rel.endsWith('.pf_fragment')).length,
    chunks: files.filter((f) => f.rel.endsWith('.pf_index')).length,
    bytes: files.reduce((n, f) => n + f.size, 0),
    indexBytes: index.reduce((n, f) => n + f.size, 0),
  };
}

// ---------- network recording ----------
// Playwright's request events cover the page and its workers (Pagefind searches in a worker).
// Times are the browser's own (request start, last byte received); sizes are the gzipped
// bodies as sent (Content-Length; the server sets it on every response) and the bytes on the
// wire with headers.
async function recorder(context) {
  const list = [];
  let phase = 'before';
  context.on('request', (req) => {
    list.push({ req, url: req.url(), phase, done: false });
  });
  const finish = async (req, failed) => {
    const r = list.find((x) => x.req === req);
    if (!r) return;
    try {
      const t = req.timing();
      r.start = t.startTime;
      r.end = t.responseEnd >= 0 ? t.startTime + t.responseEnd : Date.now();
      const res = failed ? null : await req.response();
      r.status = res ? res.status() : 0;
      const sizes = failed ? null : await req.sizes();
      const length = res ? Number(await res.headerValue('content-length')) : NaN;
      r.body = failed ? 0 : (Number.isFinite(length) && length >= 0 ? length : sizes.responseBodySize);
      r.wire = failed ? 0 : r.body + sizes.responseHeadersSize;
      r.failed = failed;
    } catch (e) {
      r.failed = true;
      r.body = r.wire = 0;
    }
    r.done = true;
  };
  context.on('requestfinished', (req) => finish(req, false));
  context.on('requestfailed', (req) => finish(req, true));
  const relevant = (r) => /^https?:/.test(r.url) && !/favicon\.ico/.test(r.url);
  return {
    mark(p) { phase = p; },
    requests(p) {
      return list.filter((r) => r.phase === p && relevant(r)).map(({ req, ...r }) => r);
    },
    async settle(p, timeout = 5000) {
      const until = Date.now() + timeout;
      while (Date.now() < until) {
        if (this.requests(p).every((r) => r.done)) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** Longest chain of requests where each one starts after the previous one finished. Every
 * response takes at least ROUND_TRIP_MS, and requests sent together start within a few ms of
 * each other, so "after" allows half a round trip for the browser's own timing jitter. */
function sequenceDepth(reqs) {
  const s = reqs.filter((r) => r.end != null).sort((a, b) => a.start - b.start);
  const slack = ROUND_TRIP_MS / 2;
  const d = [];
  let best = 0;
  for (let i = 0; i < s.length; i++) {
    let before = 0;
    for (let j = 0; j < i; j++) if (s[j].end - slack <= s[i].start) before = Math.max(before, d[j]);
    d[i] = before + 1;
    best = Math.max(best, d[i]);
  }
  return best;
}

function summarise(reqs) {
  return {
    bytes: reqs.reduce((n, r) => n + r.body, 0),
    wire: reqs.reduce((n, r) => n + (r.wire || 0), 0),
    requests: reqs.length,
    depth: sequenceDepth(reqs),
    failed: reqs.filter((r) => r.failed || !r.done || r.status >= 400).map((r) => r.url),
    files: reqs.map((r) => ({ file: new URL(r.url).pathname.replace(/^\//, ''), start: r.start, end: r.end, body: r.body })),
  };
}

// ---------- knead in the browser ----------
const LISTBOX = '#site_search_q_listbox';

/** Installs a recorder of input-to-listbox-update times in the page. */
async function installLatencyProbe(page) {
  await page.evaluate((sel) => {
    const input = document.getElementById('site_search_q');
    const list = document.querySelector(sel);
    window.__bench = { records: [], pending: null };
    document.addEventListener('input', (e) => {
      if (e.target !== input) return;
      window.__bench.pending = { t: performance.now(), q: input.value.trim(), n: performance.getEntriesByType('resource').length };
    }, true);
    new MutationObserver(() => {
      const p = window.__bench.pending;
      if (!p || list.hidden || !list.lastElementChild) return;
      if (list.lastElementChild.textContent.indexOf('“' + p.q + '”') < 0) return;
      const titles = [...list.querySelectorAll('.search-suggestion-title')].map((n) => n.textContent);
      window.__bench.records.push({ q: p.q, ms: performance.now() - p.t, fetched: performance.getEntriesByType('resource').length - p.n, titles, all: list.lastElementChild.textContent });
      window.__bench.pending = null;
    }).observe(list, { childList: true, subtree: true, characterData: true });
  }, LISTBOX);
}

async function waitForRecord(page, count, timeout = 10000) {
  await page.waitForFunction((n) => window.__bench.records.length >= n, count, { timeout });
  return page.evaluate(() => window.__bench.records[window.__bench.records.length - 1]);
}

async function openArticle(browser, base, articlePath) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const net = await recorder(context);
  await page.goto(base + articlePath, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  await page.waitForSelector(LISTBOX, { state: 'attached' });
  return { context, page, net };
}

async function kneadCold(browser, base, articlePath, query, typed) {
  const { context, page, net } = await openArticle(browser, base, articlePath);
  try {
    const before = net.requests('before').filter((r) => /\/search\/index\.js|\/static\/search\/[^/]+\.js/.test(r.url));
    await installLatencyProbe(page);
    net.mark('after');
    await page.focus('#site_search_q');
    if (typed) {
      await page.keyboard.type(query, { delay: TYPE_DELAY_MS });
      // The last keystroke's answer is the one that shows the whole query.
      await page.waitForFunction(([sel, q]) => {
        const l = document.querySelector(sel);
        return l && !l.hidden && l.lastElementChild && l.lastElementChild.textContent.includes('“' + q + '”');
      }, [LISTBOX, query.trim()], { timeout: 15000 });
    } else {
      await page.fill('#site_search_q', query);
    }
    const record = typed ? null : await waitForRecord(page, 1);
    await page.waitForTimeout(50);
    await net.settle('after');
    // The title files fetched once the first answer is shown serve the keystrokes after it,
    // not this query: reported on their own line.
    const titleFile = (r) => /\/search\/t\d+\.js/.test(r.url);
    const after = summarise(net.requests('after').filter((r) => !titleFile(r)));
    const prefetched = summarise(net.requests('after').filter(titleFile));
    const scripts = summarise(before);
    const all = await page.$eval(LISTBOX, (l) => l.lastElementChild.textContent);
    const titles = await page.$$eval(`${LISTBOX} .search-suggestion-title`, (n) => n.map((x) => x.textContent));
    const total = /See all ([\d,]+) result/.exec(all);
    const protocol = await page.evaluate(() => [...new Set(performance.getEntriesByType('resource').filter((e) => /\/search\//.test(e.name)).map((e) => e.nextHopProtocol))].join(','));
    return { query, protocol, before: scripts, after, prefetched, total: total ? Number(total[1].replace(/,/g, '')) : 0, top: titles[0] || '', latency: record && record.ms };
  } finally {
    await context.close();
  }
}

async function kneadWarm(browser, base, articlePath, first, queries) {
  const { context, page } = await openArticle(browser, base, articlePath);
  try {
    await installLatencyProbe(page);
    await page.focus('#site_search_q');
    await page.fill('#site_search_q', first);
    await waitForRecord(page, 1);
    const samples = [];
    let count = 1;
    for (const q of queries) {
      await page.fill('#site_search_q', '');
      await page.evaluate(() => { window.__bench.pending = null; });
      for (const ch of q) {
        await page.keyboard.type(ch);
        const r = await waitForRecord(page, ++count);
        samples.push({ q: r.q, ms: r.ms, fetched: r.fetched });
        await page.waitForTimeout(20);
      }
    }
    return samples;
  } finally {
    await context.close();
  }
}

// ---------- Pagefind in the browser ----------
async function pagefindCold(browser, base, query) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const net = await recorder(context);
  try {
    await page.goto(base + 'pagefind-bench.html', { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    net.mark('after');
    const r = await page.evaluate((q) => window.benchSearch(q), query);
    await page.waitForTimeout(50);
    await net.settle('after');
    return { query, after: summarise(net.requests('after')), total: r.total, top: r.titles[0] || '', latency: r.ms };
  } finally {
    await context.close();
  }
}

async function pagefindWarm(browser, base, first, queries) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  try {
    await page.goto(base + 'pagefind-bench.html', { waitUntil: 'load' });
    await page.evaluate((q) => window.benchSearch(q), first);
    const samples = [];
    for (const q of queries) {
      for (let i = 1; i <= q.length; i++) {
        const prefix = q.slice(0, i).trim();
        if (!prefix || prefix === q.slice(0, i - 1).trim()) continue;
        const r = await page.evaluate((x) => window.benchSearch(x), prefix);
        samples.push({ q: prefix, ms: r.ms });
      }
    }
    return samples;
  } finally {
    await context.close();
  }
}

// ---------- one size ----------
function firstArticle(out) {
  for (const coll of ['causes', 'benefits', 'techniques']) {
    const dir = path.join(out, coll);
    if (!fs.existsSync(dir)) continue;
    const slug = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()[0];
    if (slug) return `${coll}/${slug}/`;
  }
  throw new Error(`no article found in ${out}`);
}

async function measureSize(browser, n, o) {
  const t0 = Date.now();
  const corpusDir = common.corpus(n, '1');
  const out = path.join(common.workDir(), `site-${n}`);
  const repeat = o.repeat || (n <= 1000 ? 3 : 1);
  process.stderr.write(`[${n}] building with knead (${repeat}x)... `);
  const build = kneadBuild(corpusDir, out, repeat);
  process.stderr.write(`${sec(build.seconds)}\n`);
  let pf = null;
  if (o.pagefind) {
    process.stderr.write(`[${n}] indexing with Pagefind... `);
    pf = pagefindIndex(out);
    fs.copyFileSync(path.join(HERE, 'pagefind-bench.html'), path.join(out, 'pagefind-bench.html'));
    process.stderr.write(`${sec(pf.seconds)}\n`);
  }
  const tls = o.http1 ? null : certificate();
  const server = await startServer(out, ROUND_TRIP_MS, tls);
  const local = await startServer(out, 0, tls);
  const article = firstArticle(out);
  const result = { pages: n, build, pagefind: pf, article, knead: [], kneadTyped: [], pf: [], warm: {}, seconds: 0 };
  try {
    for (const q of o.queries) {
      process.stderr.write(`[${n}] cold "${q}"\n`);
      result.knead.push(await kneadCold(browser, server.url, article, q, false));
      result.kneadTyped.push(await kneadCold(browser, server.url, article, q, true));
      if (pf) result.pf.push(await pagefindCold(browser, server.url, q));
    }
    process.stderr.write(`[${n}] warm keystrokes\n`);
    result.warm.knead = await kneadWarm(browser, local.url, article, o.queries[0], o.warm);
    if (pf) result.warm.pf = await pagefindWarm(browser, local.url, o.queries[0], o.warm);
  } finally {
    await server.stop();
    await local.stop();
  }
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}

// ---------- report ----------
function checksFor(r) {
  const checks = [];
  const total = (k) => k.before.bytes + k.after.bytes;
  const worst = r.knead.reduce((a, k) => (total(k) > total(a) ? k : a), r.knead[0]);
  if (COLD_TARGET[r.pages]) {
    checks.push({ name: `cold first query ≤ ${kB(COLD_TARGET[r.pages])} gz at ${int(r.pages)} pages`, ok: total(worst) <= COLD_TARGET[r.pages], value: `${kB(total(worst))} ("${worst.query}")` });
  }
  const deep = r.knead.reduce((a, k) => (k.after.depth > a.after.depth ? k : a), r.knead[0]);
  checks.push({ name: `≤ ${MAX_SEQUENCE} requests in sequence after focus at ${int(r.pages)} pages`, ok: deep.after.depth <= MAX_SEQUENCE, value: `${deep.after.depth} ("${deep.query}")` });
  if (r.pages === WARM_TARGET_PAGES) {
    const p95 = percentile(r.warm.knead.map((s) => s.ms), 95);
    checks.push({ name: `warm keystroke p95 ≤ ${WARM_P95_TARGET_MS} ms at ${int(r.pages)} pages`, ok: p95 <= WARM_P95_TARGET_MS, value: ms(p95) });
  }
  if (r.pages === FILES_TARGET_PAGES) {
    const limit = Math.floor(r.pages / PAGES_PER_FILE);
    checks.push({ name: `index files ≤ 1 per ${PAGES_PER_FILE} pages (${int(limit)}) at ${int(r.pages)} pages`, ok: r.build.indexFiles <= limit, value: `${int(r.build.indexFiles)} scripts (${int(r.build.searchFiles)} files under search/ with the search page)` });
  }
  const broken = r.knead.concat(r.kneadTyped).filter((k) => k.after.failed.length);
  if (broken.length) checks.push({ name: `every search file answered at ${int(r.pages)} pages`, ok: false, value: broken[0].after.failed[0] });
  return checks;
}

function report(r, verbose) {
  const b = r.build;
  const pf = r.pagefind;
  const total = (k) => k.before.bytes + k.after.bytes;
  const worstK = r.knead.reduce((a, k) => (total(k) > total(a) ? k : a), r.knead[0]);
  const worstKT = r.kneadTyped.reduce((a, k) => (k.after.bytes > a.after.bytes ? k : a), r.kneadTyped[0]);
  const worstP = r.pf.length ? r.pf.reduce((a, k) => (k.after.bytes > a.after.bytes ? k : a), r.pf[0]) : null;
  const maxOf = (list, f) => (list.length ? Math.max(...list.map(f)) : NaN);
  const wk = r.warm.knead.map((s) => s.ms);
  const wkNoFetch = r.warm.knead.filter((s) => !s.fetched).map((s) => s.ms);
  const wp = (r.warm.pf || []).map((s) => s.ms);
  const coldTarget = COLD_TARGET[r.pages];
  const check = (ok) => ` ${verdict(ok)}`;

  const lines = [];
  lines.push('');
  lines.push(`== ${int(r.pages)} pages (knead wrote ${int(b.htmlPages)} HTML pages; article opened: /${r.article}) ==`);
  const row = (label, k, p, target = '') => lines.push(`${pad(label, 44)}${pad(k, 38)} ${pad(p, 38)} ${target}`.trimEnd());
  row('', 'knead', pf ? 'Pagefind' : '(Pagefind skipped)', 'target');
  row('index build time', `${sec(b.seconds)} (whole site build)`, pf ? `${sec(pf.seconds)} (indexing only)` : '-');
  row('peak memory', `${int(Math.round(b.peakKiB / 1024))} MB`, pf ? `${int(Math.round(pf.peakKiB / 1024))} MB` : '-');
  row('pages indexed', int(b.docs), pf ? int(pf.pages) : '-');
  const filesLimit = Math.floor(r.pages / PAGES_PER_FILE);
  row('index files', `${int(b.indexFiles)} (+ search page = ${int(b.searchFiles)})`, pf ? `${int(pf.indexFiles)} (${int(pf.fragments)} fragments)` : '-',
    r.pages === FILES_TARGET_PAGES ? `≤ ${int(filesLimit)}${check(b.indexFiles <= filesLimit)}` : `(≤ 1 per ${PAGES_PER_FILE} pages, judged at ${int(FILES_TARGET_PAGES)})`);
  row('all files in the search output', int(b.searchFiles), pf ? int(pf.files) : '-');
  row('index size on disk (raw)', MB(b.indexBytes), pf ? `${MB(pf.indexBytes)} (already gz)` : '-');
  row('cold first query, worst, gz', `${kB(total(worstK))} "${worstK.query}"`, worstP ? `${kB(worstP.after.bytes)} "${worstP.query}"` : '-',
    coldTarget ? `≤ ${kB(coldTarget)}${check(total(worstK) <= coldTarget)}` : '');
  row('  search scripts + manifest before focus', kB(worstK.before.bytes), worstP ? '0 (nothing before)' : '-');
  row('  after focus, worst', kB(maxOf(r.knead, (k) => k.after.bytes)), worstP ? kB(worstP.after.bytes) : '-');
  row('  then title files, fetched ahead', kB(maxOf(r.knead, (k) => (k.prefetched ? k.prefetched.bytes : 0))), '', 'for the keystrokes after the first answer');
  row('requests after focus, worst', int(maxOf(r.knead, (k) => k.after.requests)), worstP ? int(maxOf(r.pf, (k) => k.after.requests)) : '-');
  const depthK = maxOf(r.knead, (k) => k.after.depth);
  row('requests in sequence after focus, worst', int(depthK), worstP ? int(maxOf(r.pf, (k) => k.after.depth)) : '-', `≤ ${MAX_SEQUENCE}${check(depthK <= MAX_SEQUENCE)}`);
  row(`cold time to results, median (${ROUND_TRIP_MS} ms RTT)`, ms(median(r.knead.map((k) => k.latency))), worstP ? ms(median(r.pf.map((k) => k.latency))) : '-');
  row(`cold, typed ${TYPE_DELAY_MS} ms/key, worst, gz`, `${kB(worstKT.before.bytes + worstKT.after.bytes)} ${int(worstKT.after.requests)} req "${worstKT.query}"`, '');
  const warmOk = percentile(wk, 95) <= WARM_P95_TARGET_MS;
  row(`warm keystroke p50 / p95 (${wk.length} / ${wp.length} keys)`, `${ms(percentile(wk, 50))} / ${ms(percentile(wk, 95))}`, wp.length ? `${ms(percentile(wp, 50))} / ${ms(percentile(wp, 95))}` : '-',
    r.pages === WARM_TARGET_PAGES ? `p95 ≤ ${WARM_P95_TARGET_MS} ms${check(warmOk)}` : `(p95 ≤ ${WARM_P95_TARGET_MS} ms judged at ${int(WARM_TARGET_PAGES)})`);
  row('  keys that loaded no file: p50 / p95', `${ms(percentile(wkNoFetch, 50))} / ${ms(percentile(wkNoFetch, 95))} (${wkNoFetch.length})`, '');
  row('  slowest key', r.warm.knead.length ? `${ms(Math.max(...wk))} "${r.warm.knead.find((s) => s.ms === Math.max(...wk)).q}"` : '-', wp.length ? `${ms(Math.max(...wp))}` : '');
  lines.push('');
  lines.push('per query, cold (gz = search scripts before focus + after focus; req = requests after focus; seq = longest sequence):');
  r.knead.forEach((k, i) => {
    const t = r.kneadTyped[i];
    const p = r.pf[i];
    lines.push(`  "${k.query}"`);
    lines.push(`    knead     ${kB(k.before.bytes)} + ${kB(k.after.bytes)} = ${kB(total(k))}, ${k.after.requests} req, seq ${k.after.depth}, ${ms(k.latency)}, ${int(k.total)} hits, first: ${k.top || '(none)'}`);
    lines.push(`    typed     ${kB(t.before.bytes)} + ${kB(t.after.bytes)} = ${kB(t.before.bytes + t.after.bytes)}, ${t.after.requests} req (one search per key, ${TYPE_DELAY_MS} ms apart)`);
    if (p) lines.push(`    Pagefind  ${kB(p.after.bytes)}, ${p.after.requests} req, seq ${p.after.depth}, ${ms(p.latency)}, ${int(p.total)} hits, first: ${p.top || '(none)'}`);
    if (verbose) {
      for (const [name, s] of [['knead', k.after], ['Pagefind', p && p.after]]) {
        if (!s) continue;
        const t0 = Math.min(...s.files.map((f) => f.start));
        for (const f of s.files) lines.push(`      ${pad(name, 9)} ${pad(f.file, 48)} ${(f.start - t0).toFixed(1).padStart(7)} -> ${(f.end - t0).toFixed(1).padStart(7)} ms  ${kB(f.body)}`);
      }
    }
  });
  return lines.join('\n');
}

async function main() {
  const started = Date.now();
  const o = parseArgs(process.argv.slice(2));
  ensureNodeModules();
  const { chromium } = require(require.resolve('playwright-core', { paths: [HERE] }));
  process.stderr.write('building knead (cargo build --release)...\n');
  common.knead();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  const results = [];
  try {
    for (const n of o.pages) {
      const r = await measureSize(browser, n, o);
      results.push(r);
      console.log(report(r, o.verbose));
    }
  } finally {
    await browser.close();
  }
  const checks = results.flatMap(checksFor);
  console.log('\n== targets ==');
  for (const c of checks) console.log(`${verdict(c.ok)}  ${pad(c.name, 58)} ${c.value}`);
  const seconds = (Date.now() - started) / 1000;
  const protocols = [...new Set(results.flatMap((r) => r.knead.map((k) => k.protocol)))].join(',');
  console.log(`\nmachine: ${require('os').cpus().length} cores, node ${process.version}, Chromium ${(await chromiumVersion())}; gzip level 6 over ${protocols} on 127.0.0.1, cold queries with ${ROUND_TRIP_MS} ms added to every response, warm keystrokes with none; 1 kB = 1,000 bytes`);
  console.log(`total run time ${sec(seconds)}`);
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ results, checks, seconds }, null, 2));
  if (o.check && checks.some((c) => !c.ok)) process.exitCode = 1;
}

async function chromiumVersion() {
  try {
    return spawnSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).stdout.replace(/^Chromium /, '').split(' ')[0];
  } catch {
    return '?';
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(2);
});
