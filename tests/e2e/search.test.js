// The site search of knead's default theme, in a real browser (Chromium driven by
// playwright-core): the search page, the header combobox, file:// portable builds, escaping,
// Content Security Policy, no JavaScript, and the requests a search makes.
// Sites are built with target/release/knead from fixtures written here: a small site about back
// and hip pain and massage (search-fixture.js) and a tiny site for escaping.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const { serve, CSP } = require('./server.js');
const { tempDir, build, writeFiles, launch, openPage, searchStatus, results, suggestions } = require('./support.js');
const { FILES, DRAFT } = require('./search-fixture.js');

const PREFIX = '/docs/kn/';
const TIMEOUT = { timeout: 30_000 };

const EVIL_TITLE = '<img src=x onerror=alert(1)>';
const EVIL_SUMMARY = 'Ends a script early </script><script>alert(2)</script> with "quotes" and a \\ backslash.';

let browser;
let site; // the search fixture over HTTP under PREFIX: {dir, server}
let portable; // the search fixture built with --portable, read from file://
let fixture; // the escaping fixture over HTTP under PREFIX: {dir, server}

/* The text of the fixture's published pages (drafts and site.yaml aside), as one string. */
function publishedText() {
  return Object.entries(FILES)
    .filter(([name]) => name.startsWith('content/') && name !== DRAFT)
    .map(([, text]) => text)
    .join('\n');
}

before(async () => {
  const siteRoot = writeFiles(tempDir('site-src'), FILES);
  const siteDir = path.join(tempDir('site'), 'public');
  const siteServer = await serve({ root: siteDir, prefix: PREFIX, notFound: '404.html' });
  build({ root: siteRoot, output: siteDir, baseUrl: siteServer.url });
  site = { dir: siteDir, server: siteServer };

  portable = build({ root: siteRoot, output: path.join(tempDir('portable'), 'public'), portable: true });

  const fixtureRoot = writeFiles(tempDir('fixture-src'), {
    'site.yaml': 'title: Escaping fixture\n',
    'content/_index.md': '---\ntitle: Escaping fixture\n---\nA tiny site for escaping tests.\n',
    'content/notes/_index.md': '---\ntitle: Notes\n---\nNotes.\n',
    'content/notes/escape.md':
      '---\n' +
      `title: '${EVIL_TITLE}'\n` +
      `summary: '${EVIL_SUMMARY}'\n` +
      '---\n' +
      'Zebrafish need clean water. <img src=y onerror=alert(3)> is shown as text.\n',
    'content/notes/plain.md':
      '---\ntitle: Zebrafish basics\nsummary: Plain care notes about zebrafish.\n---\nZebrafish like warm water.\n',
  });
  const fixtureDir = path.join(tempDir('fixture'), 'public');
  const fixtureServer = await serve({ root: fixtureDir, prefix: PREFIX });
  build({ root: fixtureRoot, output: fixtureDir });
  fixture = { dir: fixtureDir, server: fixtureServer };

  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (site) await site.server.close();
  if (fixture) await fixture.server.close();
});

/* Moves focus into the header search box with the Tab key only, starting from the top of the
 * page; the first stop must be the skip link. */
async function tabToSearch(page) {
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link', 'the first Tab stop is the skip link');
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate(() => document.activeElement.id === 'site_search_q')) return;
    await page.keyboard.press('Tab');
  }
  assert.fail('Tab never reached the header search box');
}

async function headerState(page) {
  return page.evaluate(() => {
    const input = document.getElementById('site_search_q');
    const list = document.getElementById('site_search_q_listbox');
    return {
      expanded: input.getAttribute('aria-expanded'),
      active: input.getAttribute('aria-activedescendant'),
      listHidden: list ? list.hidden : null,
      selected: list ? [...list.querySelectorAll('[role=option]')].map((o) => o.getAttribute('aria-selected')) : [],
    };
  });
}

test('search page under a sub-path forgives typos, marks matches and ranks exact titles first', TIMEOUT, async () => {
  const { page, done } = await openPage(browser);

  await page.goto(site.server.url + 'search/?q=myofacial');
  const status = await searchStatus(page);
  const m = /^(\d+) results? for “myofacial”$/.exec(status);
  assert.ok(m, `status says N results: ${status}`);
  let found = await results(page);
  assert.ok(found.length > 0 && Number(m[1]) >= found.length, `N counts the results shown: ${status}`);
  assert.equal(found[0].title, 'Myofascial release');
  assert.equal(found[0].href, site.server.url + 'techniques/myofascial-release/');
  assert.ok(found[0].marks.length > 0, `the excerpt marks a matched word: ${found[0].excerpt}`);
  assert.equal(await page.inputValue('#search_page_q'), 'myofacial');

  // No page says "stretches": its results come from stemming.
  assert.doesNotMatch(publishedText(), /\bstretches\b/i);
  await page.goto(site.server.url + 'search/?q=stretches');
  assert.match(await searchStatus(page), /^\d+ results? for “stretches”$/);
  found = await results(page);
  assert.ok(
    found.some((r) => r.marks.some((w) => /^stretch/i.test(w))),
    `some excerpt marks a form of "stretch": ${JSON.stringify(found.map((r) => r.marks))}`,
  );

  await page.goto(site.server.url + 'search/?q=' + encodeURIComponent('when to get help'));
  assert.match(await searchStatus(page), /^\d+ results? for “when to get help”$/);
  found = await results(page);
  assert.equal(found[0].title, 'When to get help');

  // More than a page of results: the more button shows the rest, as many as the status says.
  await page.goto(site.server.url + 'search/?q=massage');
  const total = Number(/^(\d+) results? for “massage”$/.exec(await searchStatus(page))[1]);
  found = await results(page);
  assert.ok(total > found.length, `"massage" has more than one page of results (${total})`);
  for (let i = 0; i < 10 && (await page.locator('#search_more').isVisible()); i++) {
    const shown = found.length;
    await page.click('#search_more');
    await page.waitForFunction((n) => document.querySelectorAll('#search_results > li').length > n, shown);
    found = await results(page);
  }
  assert.equal(await page.locator('#search_more').isVisible(), false);
  assert.equal(found.length, total, 'the status counts the results that can be shown');
  assert.equal(new Set(found.map((r) => r.href)).size, total, 'no page is listed twice');

  await page.goto(site.server.url + 'search/?q=' + encodeURIComponent('when to get help'));
  await searchStatus(page);
  // A result link leads to the page under the sub-path.
  await page.click('#search_results > li.search-result:first-child h2 a');
  await page.waitForURL(site.server.url + 'guides/when-to-get-help/');
  assert.equal((await page.textContent('h1')).trim(), 'When to get help');
  await done();
});

test('search page folds accents, completes the last word, uses synonyms and leaves drafts out', TIMEOUT, async () => {
  const { page, context, done } = await openPage(browser);
  const text = publishedText();

  // Accents: the page writes "pétrissage" only with its accent.
  assert.doesNotMatch(text, /\bpetrissage\b/i);
  await page.goto(site.server.url + 'search/?q=petrissage');
  assert.match(await searchStatus(page), /^\d+ results? for “petrissage”$/);
  let found = await results(page);
  assert.equal(found[0].title, 'Swedish massage');
  assert.ok(found[0].marks.includes('pétrissage'), `the accented word is marked: ${found[0].excerpt}`);

  // The last word matches as a prefix: no page has the word "physio" on its own.
  assert.doesNotMatch(text, /\bphysio\b/i);
  await page.goto(site.server.url + 'search/?q=physio');
  assert.match(await searchStatus(page), /^\d+ results? for “physio”$/);
  found = await results(page);
  assert.ok(found.length > 0);
  assert.ok(
    found.every((r) => r.marks.some((w) => /^physio./i.test(w))),
    `every excerpt marks a word that starts with "physio": ${JSON.stringify(found.map((r) => r.marks))}`,
  );

  // Synonyms from site.yaml: no page uses "knots" or "emergency".
  assert.doesNotMatch(text, /\bknots?\b|\bemergenc/i);
  await page.goto(site.server.url + 'search/?q=knots');
  assert.match(await searchStatus(page), /^\d+ results? for “knots”$/);
  assert.equal((await results(page))[0].title, 'Trigger point therapy');
  await page.goto(site.server.url + 'search/?q=emergency');
  assert.match(await searchStatus(page), /^\d+ results? for “emergency”$/);
  assert.equal((await results(page))[0].title, 'When to get help');

  // A draft is neither built nor indexed: a word only it uses finds nothing, its title no page.
  assert.match(FILES[DRAFT], /^draft: true$/m);
  assert.doesNotMatch(text, /mattress/i);
  await page.goto(site.server.url + 'search/?q=mattress');
  assert.match(await searchStatus(page), /^No results for “mattress”/);
  assert.equal(await page.locator('#search_results > li').count(), 0);
  await page.goto(site.server.url + 'search/?q=' + encodeURIComponent('sleeping position'));
  await searchStatus(page);
  assert.ok(!(await results(page)).some((r) => r.title === 'Sleeping position'), 'the draft is not a result');
  assert.equal((await context.request.get(site.server.url + 'causes/sleeping-position/')).status(), 404);
  await done();
});

test('portable build searches from file://', TIMEOUT, async () => {
  const { page, done } = await openPage(browser);
  const searchPage = pathToFileURL(path.join(portable, 'search', 'index.html')).href;

  await page.goto(searchPage + '?q=deep%20tissue');
  assert.match(await searchStatus(page), /^\d+ results? for “deep tissue”$/);
  const found = await results(page);
  assert.equal(found[0].title, 'Deep tissue massage');
  assert.equal(found[0].href, pathToFileURL(path.join(portable, 'techniques', 'deep-tissue-massage', 'index.html')).href);

  // The header box on an article page opened from the folder.
  const article = pathToFileURL(path.join(portable, 'techniques', 'myofascial-release', 'index.html')).href;
  await page.goto(article);
  await page.focus('#site_search_q');
  await page.keyboard.type('deep tissue');
  const options = await suggestions(page, 'deep tissue');
  assert.equal(options[0].title, 'Deep tissue massage');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(found[0].href);
  assert.equal((await page.textContent('h1')).trim(), 'Deep tissue massage');

  // Once the title files are here, suggestions take URLs from them: worked out from the title
  // (above) or stored, for a page whose file is not named after its title.
  await page.evaluate(() => {
    // Index scripts are removed from the page once they have run.
    window.titlesRan = false;
    new MutationObserver((changes) => changes.forEach((c) => c.removedNodes.forEach((n) => {
      if (n.src && /\/search\/t0\.js/.test(n.src)) window.titlesRan = true;
    }))).observe(document.head, { childList: true });
  });
  await page.focus('#site_search_q');
  await page.keyboard.type('plan');
  await suggestions(page, 'plan');
  await page.waitForFunction(() => window.titlesRan);
  await page.fill('#site_search_q', '');
  await page.keyboard.type('long-term plan');
  const planned = await suggestions(page, 'long-term plan');
  assert.equal(planned[0].title, 'Making massage part of a long-term plan');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(pathToFileURL(path.join(portable, 'guides', 'long-term-plan', 'index.html')).href);

  // Enter with no active option opens the search page's index.html.
  await page.focus('#site_search_q');
  await page.keyboard.type('knots');
  await suggestions(page, 'knots');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.href.startsWith(searchPage + '?'));
  assert.equal(new URL(page.url()).searchParams.get('q'), 'knots');
  assert.match(await searchStatus(page), /^\d+ results? for “knots”$/);
  await done();
});

test('header combobox works with the keyboard only', TIMEOUT, async () => {
  const { page, done } = await openPage(browser);
  await page.goto(site.server.url + 'techniques/deep-tissue-massage/');
  const input = page.locator('#site_search_q');
  assert.equal(await input.getAttribute('role'), 'combobox');
  assert.equal(await input.getAttribute('aria-autocomplete'), 'list');
  assert.equal(await input.getAttribute('aria-controls'), 'site_search_q_listbox');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');

  await tabToSearch(page);
  await page.keyboard.type('trigger');
  const options = await suggestions(page, 'trigger');
  assert.ok(options.length >= 2, 'at least one page and the see-all option');
  assert.deepEqual(
    options.map((o) => o.id),
    [...options.slice(0, -1).map((_, i) => `site_search_q_listbox_${i}`), 'site_search_q_listbox_all'],
  );
  assert.equal(options[0].title, 'Trigger point therapy');
  assert.match(options[options.length - 1].text, /^See all \d+ results? for “trigger”$/);
  let state = await headerState(page);
  assert.equal(state.expanded, 'true');
  assert.equal(state.active, null, 'no option is active before the arrows are used');

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  state = await headerState(page);
  assert.equal(state.active, 'site_search_q_listbox_0');
  assert.deepEqual(state.selected, options.map((_, i) => (i === 0 ? 'true' : 'false')));

  await page.keyboard.press('Enter');
  await page.waitForURL(site.server.url + 'techniques/trigger-point-therapy/');
  assert.equal((await page.textContent('h1')).trim(), 'Trigger point therapy');

  // Escape closes the listbox.
  await tabToSearch(page);
  await page.keyboard.type('trigger');
  await suggestions(page, 'trigger');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  state = await headerState(page);
  assert.equal(state.expanded, 'false');
  assert.equal(state.listHidden, true);
  assert.equal(state.active, null);
  assert.equal(await input.inputValue(), 'trigger', 'the first Escape keeps what was typed');

  // Enter with the listbox open and no active option submits the form to the search page.
  await page.keyboard.type(' point');
  await suggestions(page, 'trigger point');
  assert.equal((await headerState(page)).active, null);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === PREFIX + 'search/');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'trigger point');
  assert.match(await searchStatus(page), /^\d+ results? for “trigger point”$/);
  assert.equal((await results(page))[0].title, 'Trigger point therapy');
  await done();
});

test('header search announces the number of results to screen readers', TIMEOUT, async () => {
  const { page, done } = await openPage(browser);
  await page.goto(site.server.url + 'causes/');
  const status = page.locator('form.site-search [role=status]');
  assert.equal(await status.count(), 1, 'one status region in the header form');

  await page.focus('#site_search_q');
  await page.keyboard.type('massage');
  const options = await suggestions(page, 'massage');
  const total = Number(/^See all (\d+) results? for/.exec(options[options.length - 1].text)[1]);
  await page.waitForFunction(() => /available$/.test(document.querySelector('form.site-search [role=status]').textContent));
  const said = (await status.textContent()).trim();
  const m = /^(\d+) results? available$/.exec(said);
  assert.ok(m, `announces N results available: ${said}`);
  assert.ok(Number(m[1]) > 0);
  assert.equal(Number(m[1]), total, 'the announcement and the see-all option agree');

  await page.keyboard.press('Control+A');
  await page.keyboard.type('zzqxj');
  const none = await suggestions(page, 'zzqxj');
  assert.equal(none.length, 1);
  assert.equal(none[0].text, 'No results for “zzqxj”');
  await page.waitForFunction(() => document.querySelector('form.site-search [role=status]').textContent === 'No results');
  await done();
});

test('clearing the header box cancels a pending announcement', { ...TIMEOUT }, async () => {
  const { page, done } = await openPage(browser);
  await page.goto(site.server.url + 'causes/');
  await page.focus('#site_search_q');
  await page.keyboard.type('massage');
  await suggestions(page, 'massage');
  // Empty the box before the announcement is due.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  assert.equal(await page.getAttribute('#site_search_q', 'aria-expanded'), 'false');
  await page.waitForTimeout(800);
  assert.equal(await page.textContent('form.site-search [role=status]'), '', 'an empty box announces nothing');
  await done();
});

test('page titles and summaries show as text in suggestions and results, never as HTML', TIMEOUT, async () => {
  const { page, done } = await openPage(browser);
  await page.goto(fixture.server.url);
  await page.focus('#site_search_q');
  await page.keyboard.type('onerror');
  const options = await suggestions(page, 'onerror');
  assert.ok(options.some((o) => o.title === EVIL_TITLE), `the title shows literally: ${JSON.stringify(options)}`);
  assert.equal(await page.locator('#site_search_q_listbox img').count(), 0, 'no img element in the listbox');

  await page.goto(fixture.server.url + 'search/?q=onerror');
  assert.match(await searchStatus(page), /^\d+ results? for “onerror”$/);
  let found = await results(page);
  assert.equal(found[0].title, EVIL_TITLE);
  assert.equal(await page.locator('#search_results img').count(), 0, 'no img element in the results');

  // The summary (with </script>) as an excerpt.
  await page.goto(fixture.server.url + 'search/?q=' + encodeURIComponent('script early'));
  assert.match(await searchStatus(page), /^\d+ results? for “script early”$/);
  found = await results(page);
  assert.equal(found[0].title, EVIL_TITLE);
  assert.ok(found[0].excerpt.includes('</script>'), `the excerpt shows </script> as text: ${found[0].excerpt}`);
  assert.equal(await page.locator('#search_results script, #search_results img').count(), 0);

  // The body's HTML shows as text too.
  await page.goto(fixture.server.url + 'search/?q=zebrafish');
  await searchStatus(page);
  found = await results(page);
  assert.ok(found.some((r) => r.title === EVIL_TITLE));
  assert.equal(await page.locator('img').count(), 0, 'no img element anywhere on the page');

  // A query that looks like HTML shows as text on the search page.
  await page.goto(fixture.server.url + 'search/?q=' + encodeURIComponent(EVIL_TITLE));
  assert.match(await searchStatus(page), /results? for “<img src=x onerror=alert\(1\)>”/);
  assert.equal(await page.inputValue('#search_page_q'), EVIL_TITLE);
  assert.equal(await page.locator('img').count(), 0, 'no img element anywhere on the page');

  await page.goto(fixture.server.url + 'notes/escape/');
  assert.equal((await page.textContent('h1')).trim(), EVIL_TITLE);
  await done(); // fails if any dialog opened
});

test('search works under Content-Security-Policy script-src self with no violation', TIMEOUT, async () => {
  const { page, problems, done } = await openPage(browser);
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const pages = ['', 'techniques/', 'techniques/myofascial-release/', 'tags/', 'search/', 'search/?q=hip'];
  for (const p of pages) {
    const response = await page.goto(site.server.url + p);
    assert.equal(response.status(), 200, p);
    assert.equal(response.headers()['content-security-policy'], CSP, `${p} is served with the policy`);
    await page.waitForLoadState('load');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], `no violation on ${p || 'the home page'}`);
  }
  // The last page is a search: it must have answered.
  assert.match(await searchStatus(page), /^\d+ results? for “hip”$/);
  assert.ok((await results(page)).length > 0);

  await page.focus('#site_search_q');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('posture');
  const options = await suggestions(page, 'posture');
  assert.ok(options.length > 1, 'the header box suggests pages');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(problems.console, [], 'no console error at all');
  await done();
});

test('without JavaScript the search page offers links to browse and the header form still submits', TIMEOUT, async () => {
  const { context, page, done } = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(site.server.url + 'search/?q=massage');
  const browse = page.locator('nav#search_browse');
  assert.ok(await browse.isVisible(), 'the browse links show');
  const links = await browse.locator('a').evaluateAll((as) => as.map((a) => ({ text: a.textContent.trim(), href: a.href })));
  const collections = ['causes/', 'techniques/', 'guides/'].map((c) => site.server.url + c);
  for (const c of collections) {
    assert.ok(links.some((l) => l.href === c), `links to ${c}: ${JSON.stringify(links)}`);
  }
  for (const l of links) {
    assert.equal((await context.request.get(l.href)).status(), 200, `${l.text} (${l.href}) exists`);
  }
  const noscript = page.locator('main noscript p');
  assert.ok(await noscript.isVisible(), 'the noscript text shows');
  assert.match(await noscript.textContent(), /^Searching needs JavaScript/);
  assert.equal(await page.locator('#search_results > li').count(), 0);
  assert.equal(await page.locator('#search_more').isVisible(), false);

  await page.goto(site.server.url + 'causes/poor-posture/');
  assert.equal(await page.getAttribute('#site_search_q', 'role'), null, 'no combobox without JavaScript');
  await page.fill('#site_search_q', 'hip stretches');
  await page.press('#site_search_q', 'Enter');
  await page.waitForURL((url) => url.pathname === PREFIX + 'search/');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'hip stretches');
  assert.ok(await page.locator('nav#search_browse').isVisible());
  await done();
});

test('typing a search contacts only the same origin and loads few index files', TIMEOUT, async (t) => {
  const { context, page, done } = await openPage(browser);
  const requests = [];
  const failed = [];
  context.on('request', (r) => requests.push(r.url()));
  context.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure() && r.failure().errorText}`));
  context.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.url()} ${r.status()}`);
  });
  const indexFile = /\/search\/([sdt])(\d+)\.js(\?|$)/;

  await page.goto(site.server.url + 'guides/long-term-plan/');
  await page.waitForLoadState('load');
  assert.deepEqual(requests.filter((u) => indexFile.test(u)), [], 'no index file is loaded before the visitor searches');
  const before = requests.length;

  await page.focus('#site_search_q');
  await page.keyboard.type('massage');
  await suggestions(page, 'massage');
  await page.waitForLoadState('networkidle');

  const origin = site.server.origin;
  assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin), [], 'every request goes to the same origin');
  assert.deepEqual(failed, [], 'every request succeeded');
  const loaded = requests.slice(before).filter((u) => indexFile.test(u));
  const shards = loaded.filter((u) => indexFile.exec(u)[1] === 's');
  const docs = loaded.filter((u) => indexFile.exec(u)[1] === 'd');
  const titles = loaded.filter((u) => indexFile.exec(u)[1] === 't');
  const allShards = fs.readdirSync(path.join(site.dir, 'search')).filter((f) => /^s\d+\.js$/.test(f)).length;
  const allTitles = fs.readdirSync(path.join(site.dir, 'search')).filter((f) => /^t\d+\.js$/.test(f)).length;
  t.diagnostic(`typing "massage" loaded ${shards.length} of ${allShards} shard files, ${docs.length} page-group files and ${titles.length} title files`);
  // The first answer shows titles from a page-details group; after it, the title files are
  // fetched for the keystrokes that follow.
  assert.ok(shards.length >= 1 && docs.length >= 1, 'the search loaded its index files');
  assert.equal(titles.length, allTitles, 'the title files are fetched after the first answer');
  assert.equal(new Set(loaded).size, loaded.length, `each index file is loaded once: ${loaded.join(' ')}`);
  assert.ok(shards.length < allShards, `only part of the index is loaded (${shards.length} of ${allShards})`);
  await done();
});

test('header search works on the 404 page served at any address', TIMEOUT, async () => {
  const { page, done } = await openPage(browser);
  const response = await page.goto(site.server.url + 'no/such/page/');
  assert.equal(response.status(), 404);
  assert.equal(await page.getAttribute('form.site-search', 'action'), site.server.url + 'search/');
  await page.focus('#site_search_q');
  await page.keyboard.type('posture');
  const options = await suggestions(page, 'posture');
  assert.equal(options[0].title, 'Poor posture');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(site.server.url + 'causes/poor-posture/');
  assert.equal((await page.textContent('h1')).trim(), 'Poor posture');
  await done();
});
