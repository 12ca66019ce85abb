// Shared helpers for the end-to-end tests: building sites with the real knead binary,
// writing fixture sites, and opening pages in Chromium with problem recording.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const KNEAD = path.join(REPO, 'target', 'release', 'knead');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/* A new empty temporary folder, removed when the process exits. */
function tempDir(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `knead-e2e-${label}-`));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/* Builds `root` into `output` with the release binary; returns the output folder. */
function build({ root, output, portable = false, baseUrl } = {}) {
  if (!fs.existsSync(KNEAD)) {
    throw new Error(`${KNEAD} not found: run \`cargo build --release\` first`);
  }
  const args = ['build', '--root', root, '--output', output];
  if (portable) args.push('--portable');
  if (baseUrl) args.push('--base-url', baseUrl);
  execFileSync(KNEAD, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return output;
}

/* Writes files ({relative path: text}) under `dir`. */
function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}

async function launch() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/* Opens a fresh context and page that record what must never happen on any page:
 * dialogs, uncaught script errors and Content Security Policy violations.
 * Call `done()` at the end of the test: it closes the context and asserts none happened. */
async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems = { dialogs: [], errors: [], csp: [], console: [] };
  function watch(p) {
    p.on('dialog', (d) => {
      problems.dialogs.push(`${d.type()}: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    p.on('pageerror', (e) => problems.errors.push(String(e && e.message)));
    p.on('console', (m) => {
      if (m.type() !== 'error') return;
      problems.console.push(m.text());
      if (/content security policy/i.test(m.text())) problems.csp.push(m.text());
    });
  }
  watch(page);
  context.on('page', watch);
  async function done() {
    await context.close();
    assert.deepEqual(problems.dialogs, [], 'no dialog may open');
    assert.deepEqual(problems.errors, [], 'no uncaught script error');
    assert.deepEqual(problems.csp, [], 'no Content Security Policy violation');
  }
  return { context, page, problems, done };
}

/* Text of the search page's status once the search has answered. */
async function searchStatus(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('search_status');
    return s && /results? for “|No results for “/.test(s.textContent);
  });
  return (await page.locator('#search_status').textContent()).trim();
}

/* [{title, href, collection, excerpt, marks}] of the results shown on the search page. */
async function results(page) {
  return page.$$eval('#search_results > li.search-result', (items) =>
    items.map((li) => {
      const a = li.querySelector('h2.search-result-title > a');
      const collection = li.querySelector('p.search-result-collection');
      const excerpt = li.querySelector('p.search-result-excerpt');
      return {
        title: a ? a.textContent : null,
        href: a ? a.href : null,
        collection: collection ? collection.textContent : null,
        excerpt: excerpt ? excerpt.textContent : null,
        marks: excerpt ? [...excerpt.querySelectorAll('mark')].map((m) => m.textContent) : [],
      };
    }),
  );
}

/* Waits for the open header listbox to answer `query`; returns its options. */
async function suggestions(page, query) {
  await page.waitForFunction((q) => {
    const list = document.getElementById('site_search_q_listbox');
    const all = document.getElementById('site_search_q_listbox_all');
    return list && !list.hidden && all && all.textContent.includes('“' + q + '”');
  }, query);
  return page.$$eval('#site_search_q_listbox > li[role=option]', (items) =>
    items.map((li) => {
      const t = li.querySelector('.search-suggestion-title');
      return { id: li.id, title: t ? t.textContent : null, text: li.textContent };
    }),
  );
}

module.exports = {
  REPO,
  KNEAD,
  tempDir,
  build,
  writeFiles,
  launch,
  openPage,
  searchStatus,
  results,
  suggestions,
};
