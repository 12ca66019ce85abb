// Lighthouse (npm `lighthouse`, its node API) in the system Chromium against this repository's
// own site, served over the same local HTTP server as the other browser tests: performance,
// accessibility, best practices and SEO on the home page, an article, search and the quiz.
// Lighthouse's default mobile settings (simulated slow 4G and a slower CPU) are used.
// The scores go to target/lighthouse.json and target/lighthouse.md and are printed; any score
// below 95 fails.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { ARTIFACTS, referenceSite } = require('./theme-sites.js');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const MINIMUM = 95;
const PAGES = [
  { name: 'home', path: '' },
  { name: 'article', path: 'causes/poor-posture/' },
  { name: 'search', path: 'search/?q=massage' },
  { name: 'quiz', path: 'quiz/' },
];

let site;
let chrome;
let lighthouse;

before(async () => {
  site = await referenceSite();
  lighthouse = (await import('lighthouse')).default;
  const { launch } = await import('chrome-launcher');
  chrome = await launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});

after(async () => {
  if (chrome) await chrome.kill();
  if (site) await site.server.close();
});

test('Lighthouse scores at least 95 in every category on home, article, search and quiz', { timeout: 600_000 }, async () => {
  const scores = {};
  const failing = {};
  for (const page of PAGES) {
    const result = await lighthouse(site.url + page.path, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    });
    assert.ok(result && result.lhr, `Lighthouse ran on ${page.name}`);
    const { lhr } = result;
    assert.equal(lhr.runtimeError, undefined, `${page.name}: ${JSON.stringify(lhr.runtimeError)}`);
    scores[page.name] = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
    // Name the audits that cost points, so a failure says what to fix.
    failing[page.name] = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
      .map((a) => `${a.id} (${a.score}${a.displayValue ? `, ${a.displayValue}` : ''})`);
  }
  const rows = Object.entries(scores).map(([name, s]) => `| ${name} | ${CATEGORIES.map((c) => s[c]).join(' | ')} |`);
  const table = [`| page | ${CATEGORIES.join(' | ')} |`, `|---|${CATEGORIES.map(() => '---').join('|')}|`, ...rows].join('\n');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'lighthouse.json'), JSON.stringify({ scores, failing }, null, 2) + '\n');
  fs.writeFileSync(path.join(ARTIFACTS, 'lighthouse.md'), table + '\n');
  console.log(table);
  for (const [name, audits] of Object.entries(failing)) if (audits.length) console.log(`${name}: ${audits.join(', ')}`);
  for (const [name, s] of Object.entries(scores)) {
    for (const c of CATEGORIES) {
      assert.ok(s[c] >= MINIMUM, `${name} ${c}: ${s[c]} (below ${MINIMUM}); audits short of full marks: ${failing[name].join(', ')}`);
    }
  }
});
