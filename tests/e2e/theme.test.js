// The default theme in a real browser (Chromium driven by playwright-core): axe-core finds no
// WCAG 2.2 AA or best-practice violation on any page type in light and dark colour schemes;
// no page scrolls sideways at 320 px; screenshots at 320, 768 and 1280 px for reviewers
// (target/screenshots/); the page-weight budget of an article; no request leaves the site;
// print shows link addresses; reduced motion is honoured.
// Sites: this repository's own site and a small fixture, each built once with
// target/release/knead and served at the root of a local server.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const { launch, openPage } = require('./support.js');
const { ARTIFACTS, REFERENCE_PAGES, FIXTURE_PAGES, referenceSite, fixtureSite, visit } = require('./theme-sites.js');

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];
const WIDTHS = [320, 768, 1280];
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
const BUDGET = { raw: 60_000, gzip: 20_000 };
const TIMEOUT = { timeout: 120_000 };

let browser;
let reference;
let fixture;

before(async () => {
  reference = await referenceSite();
  fixture = await fixtureSite();
  browser = await launch();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  if (browser) await browser.close();
  if (reference) await reference.server.close();
  if (fixture) await fixture.server.close();
});

/* Opens a page whose every request is recorded, so a test can check none leaves the site. */
async function openRecorded(options) {
  const opened = await openPage(browser, options);
  const requests = [];
  opened.context.on('request', (r) => requests.push(r.url()));
  return { ...opened, requests };
}

function foreign(requests, site) {
  return requests.filter((u) => !u.startsWith(new URL(site.url).origin + '/'));
}

/* axe-core's violations on the open page: [{rule, impact, nodes: [selector: message]}].
 * The script goes in through the DevTools protocol, so the page's CSP does not block it. */
async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, AXE_TAGS);
}

for (const [label, pages, which] of [
  ['reference site', REFERENCE_PAGES, () => reference],
  ['fixture site', FIXTURE_PAGES, () => fixture],
]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`axe: no violations on any page type of the ${label} in ${colorScheme} mode`, TIMEOUT, async () => {
      const site = which();
      const opened = await openRecorded({ colorScheme, viewport: { width: 1280, height: 900 } });
      const found = {};
      for (const spec of pages) {
        await visit(opened.page, site, spec);
        const violations = await axe(opened.page);
        if (violations.length) found[spec.name] = violations;
      }
      assert.deepEqual(found, {}, `axe violations (${colorScheme}):\n${JSON.stringify(found, null, 2)}`);
      assert.deepEqual(foreign(opened.requests, site), [], 'no request to another origin');
      await opened.done();
    });
  }

  test(`no page type of the ${label} scrolls sideways at 320 px`, TIMEOUT, async () => {
    const site = which();
    const opened = await openRecorded({ viewport: { width: 320, height: 640 } });
    const wide = [];
    for (const spec of pages) {
      await visit(opened.page, site, spec);
      const { scroll, client } = await opened.page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      if (scroll > client) wide.push(`${spec.name}: scrollWidth ${scroll} > clientWidth ${client}`);
    }
    assert.deepEqual(wide, []);
    await opened.done();
  });
}

test('screenshots of every page type at 320, 768 and 1280 px (light) and 320 px (dark)', TIMEOUT, async () => {
  const shots = [];
  for (const [width, colorScheme] of [...WIDTHS.map((w) => [w, 'light']), [320, 'dark']]) {
    const opened = await openRecorded({ colorScheme, viewport: { width, height: 800 } });
    for (const spec of REFERENCE_PAGES) {
      await visit(opened.page, reference, spec);
      const file = path.join(SCREENSHOTS, `${spec.name}-${width}${colorScheme === 'dark' ? '-dark' : ''}.png`);
      await opened.page.screenshot({ path: file, fullPage: true });
      shots.push(file);
    }
    await opened.done();
  }
  for (const file of shots) assert.ok(fs.statSync(file).size > 5_000, `${file} holds a picture`);
  console.log(`${shots.length} screenshots in ${path.relative(process.cwd(), SCREENSHOTS) || SCREENSHOTS}`);
});

test('the header is compact at 320 px and its navigation works without JavaScript', TIMEOUT, async () => {
  const opened = await openRecorded({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
  const { page } = opened;
  await page.goto(reference.url + 'causes/poor-posture/');
  const header = await page.locator('.site-header').boundingBox();
  assert.ok(header.height <= 150, `the header is ${header.height} px tall at 320 px`);
  // Every navigation link is on the page, reachable, and at least 24 px square.
  const links = await page.$$eval('.site-nav a, .search-link', (as) => as.map((a) => {
    const r = a.getBoundingClientRect();
    return { text: a.textContent.trim() || a.querySelector('svg').getAttribute('aria-label'), href: a.getAttribute('href'), width: r.width, height: r.height };
  }));
  assert.ok(links.length >= 4, JSON.stringify(links));
  assert.ok(links.some((l) => l.text === 'Search' && /(^|\/)search\/$/.test(l.href)), 'a Search link stands in for the box');
  for (const link of links) {
    assert.ok(link.width >= 24 && link.height >= 24, `${link.text} is a 24 px target: ${JSON.stringify(link)}`);
  }
  await page.click('.site-nav a >> text=Techniques');
  await page.waitForURL(/\/techniques\/$/);
  assert.equal((await page.textContent('h1')).trim(), 'Techniques');
  await opened.done();
});

test('articles carry their collection: accent class and icon', TIMEOUT, async () => {
  const opened = await openRecorded({});
  const { page } = opened;
  const seen = {};
  for (const [site, route] of [
    [reference, 'causes/poor-posture/'],
    [reference, 'benefits/circulation/'],
    [reference, 'techniques/myofascial-release/'],
    [fixture, 'notes/about/'],
  ]) {
    await page.goto(site.url + route);
    seen[route] = await page.evaluate(() => {
      const icon = document.querySelector('.page-header svg.icon');
      return {
        body: document.body.className,
        icon: icon ? icon.getAttribute('aria-hidden') : null,
        accent: getComputedStyle(document.body).getPropertyValue('--accent').trim(),
      };
    });
  }
  assert.match(seen['causes/poor-posture/'].body, /\bcollection-causes\b/);
  assert.match(seen['benefits/circulation/'].body, /\bcollection-benefits\b/);
  assert.match(seen['techniques/myofascial-release/'].body, /\bcollection-techniques\b/);
  assert.match(seen['notes/about/'].body, /\bcollection-notes\b/);
  for (const [route, s] of Object.entries(seen)) assert.equal(s.icon, 'true', `${route} shows a decorative icon`);
  const accents = Object.values(seen).map((s) => s.accent);
  assert.equal(new Set(accents).size, 4, `one accent per collection, a default for others: ${accents}`);
  await opened.done();
});

test('scrollable tables are named after their heading', TIMEOUT, async () => {
  const opened = await openRecorded({ viewport: { width: 320, height: 640 } });
  await opened.page.goto(fixture.url + 'causes/sitting/');
  const box = opened.page.locator('.table-scroll');
  assert.equal(await box.count(), 1);
  assert.equal(await box.getAttribute('role'), 'region');
  assert.equal(await box.getAttribute('aria-label'), 'How long to sit', 'the box is named after the heading above it');
  // At 320 px the table is wider than its box, which scrolls and takes keyboard focus.
  assert.ok(await box.evaluate((b) => b.scrollWidth > b.clientWidth), 'the table scrolls in its box');
  assert.equal(await box.getAttribute('tabindex'), '0');
  await opened.done();
});

test('care cards: one of each kind, with a heading that names the kind to screen readers', TIMEOUT, async () => {
  const opened = await openRecorded({});
  await opened.page.goto(fixture.url + 'causes/sitting/');
  const cards = await opened.page.$$eval('.prose .care-card', (cs) => cs.map((c) => {
    const h = c.querySelector('.care-card-heading');
    return {
      kind: [...c.classList].find((k) => k.startsWith('care-card-') && k !== 'care-card-heading'),
      heading: h ? h.textContent.replace(/\s+/g, ' ').trim() : null,
      level: h ? h.tagName : null,
      band: h ? getComputedStyle(h).backgroundColor : null,
    };
  }));
  assert.deepEqual(cards.map((c) => [c.kind, c.heading, c.level]), [
    ['care-card-urgent', 'Urgent advice: Call your local emergency number now if:', 'H3'],
    ['care-card-doctor', 'See a doctor: See a doctor if:', 'H3'],
    ['care-card-self-care', 'Self-care: Things you can try yourself', 'H3'],
  ]);
  assert.equal(new Set(cards.map((c) => c.band)).size, 3, 'each kind has its own colour');
  await opened.done();
});

test('print shows the addresses of links and leaves out the navigation', TIMEOUT, async () => {
  const opened = await openRecorded({});
  const { page } = opened;
  await page.goto(fixture.url + 'causes/sitting/');
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => {
    const external = document.querySelector('.prose a[href^="https:"]');
    const internal = document.querySelector('.prose a[href^="../"]');
    return {
      external: getComputedStyle(external, '::after').content,
      internal: getComputedStyle(internal, '::after').content,
      nav: getComputedStyle(document.querySelector('.site-nav')).display,
      search: getComputedStyle(document.querySelector('.site-search')).display,
    };
  });
  assert.match(printed.external, /https:\/\/www\.nhs\.uk\/conditions\/back-pain\//);
  // A relative address means nothing on paper: links within the site print as text only.
  assert.equal(printed.internal, 'none');
  assert.equal(printed.nav, 'none');
  assert.equal(printed.search, 'none');
  await opened.done();
});

test('reduced motion: no smooth scrolling, transitions or animations', TIMEOUT, async () => {
  const motion = {};
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const opened = await openRecorded({ reducedMotion });
    await opened.page.goto(reference.url + 'guides/when-to-get-help/');
    motion[reducedMotion] = await opened.page.evaluate(() => {
      const moving = [...document.querySelectorAll('*')].filter((el) => {
        const s = getComputedStyle(el);
        const long = (v) => v.split(',').some((d) => parseFloat(d) > 0.01);
        return long(s.transitionDuration) || long(s.animationDuration);
      });
      return { scroll: getComputedStyle(document.documentElement).scrollBehavior, moving: moving.length };
    });
    await opened.done();
  }
  assert.equal(motion['no-preference'].scroll, 'smooth');
  assert.deepEqual(motion.reduce, { scroll: 'auto', moving: 0 });
});

test('page weight: an article is under 60 kB of HTML, CSS and JS, and 20 kB gzipped', TIMEOUT, async () => {
  const opened = await openRecorded({});
  const { page, context } = opened;
  const origin = new URL(reference.url).origin;
  const loaded = [];
  context.on('response', async (response) => {
    const type = response.request().resourceType();
    if (!['document', 'stylesheet', 'script'].includes(type)) return;
    loaded.push(response.body().then((body) => ({ url: response.url(), type, body })));
  });
  await page.goto(reference.url + 'causes/poor-posture/', { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  const files = (await Promise.all(loaded))
    // The search index (search/*.js at the site root) loads as a reader searches: not counted.
    .filter((f) => !new URL(f.url).pathname.startsWith('/search/'))
    .map((f) => ({
      file: new URL(f.url).pathname,
      type: f.type,
      bytes: f.body.length,
      gzip: zlib.gzipSync(f.body, { level: 9 }).length,
    }));
  const total = files.reduce((t, f) => ({ bytes: t.bytes + f.bytes, gzip: t.gzip + f.gzip }), { bytes: 0, gzip: 0 });
  const report = { page: '/causes/poor-posture/', files, total, budget: BUDGET };
  fs.writeFileSync(path.join(ARTIFACTS, 'page-weight.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(files.map((f) => `${f.file}: ${f.bytes} B, ${f.gzip} B gzipped`).join('\n'));
  console.log(`article total: ${total.bytes} B, ${total.gzip} B gzipped`);
  assert.ok(files.some((f) => f.type === 'document') && files.some((f) => f.type === 'stylesheet'), JSON.stringify(files));
  assert.ok(total.bytes < BUDGET.raw, `${total.bytes} B uncompressed`);
  assert.ok(total.gzip < BUDGET.gzip, `${total.gzip} B gzipped`);
  assert.deepEqual(foreign(opened.requests, reference), [], 'no request to another origin');
  assert.ok(opened.requests.every((u) => u.startsWith(origin)));
  await opened.done();
});

test('axe reports the violations it is shown (the check can fail)', TIMEOUT, async () => {
  const opened = await openRecorded({});
  await opened.page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="data:,"><p style="color:#777;background:#888">low contrast</p></main></body></html>');
  const rules = (await axe(opened.page)).map((v) => v.rule);
  assert.ok(rules.includes('image-alt') && rules.includes('color-contrast') && rules.includes('html-has-lang'), rules.join(' '));
  await opened.done();
});
