// The symptom quiz of knead's default theme, in a real browser (Chromium driven by
// playwright-core): keyboard use, red flags, validation, ranking, the address fragment and
// history, file:// portable builds, no JavaScript, privacy, Start again and Print.
// Sites are built with target/release/knead: this repository's own site (served under a
// sub-path with `Content-Security-Policy: script-src 'self'`) and a tiny ranking fixture.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');

const { serve, CSP } = require('./server.js');
const { REPO, tempDir, build, writeFiles, launch, openPage } = require('./support.js');

const PREFIX = '/docs/kn/';
const TIMEOUT = { timeout: 30_000 };
const NOT_DIAGNOSIS = 'This is education, not a diagnosis';

/* The ranking fixture: two collections whose site order (Remedies, then Factors) is not their
 * folder order, and articles whose reading order is not alphabetical.
 * Answering "A dull ache" and then "In the morning" and "In the evening" scores:
 *   Remedies: Warmth 1+1 = 2, Stretching 2 (a tie: reading order puts Warmth first)
 *   Factors:  Sitting 1+2 = 3, Lifting 1+3 = 4 (Lifting first, although it reads second) */
const FIXTURE = {
  'site.yaml': 'title: Quiz fixture\n',
  'content/_index.md': '---\ntitle: Quiz fixture\n---\nA tiny site for quiz tests.\n',
  'content/remedies/_index.md': '---\ntitle: Remedies\norder: 1\n---\nThings that may help.\n',
  'content/factors/_index.md': '---\ntitle: Factors\norder: 2\n---\nThings that may add to pain.\n',
  'content/remedies/warmth.md':
    '---\ntitle: Warmth\nsummary: A warm pack may ease stiffness.\norder: 1\nevidence: Moderate\nfactors: [sitting]\n---\nWarmth.\n',
  'content/remedies/stretching.md':
    '---\ntitle: Stretching\nsummary: Gentle stretches may help.\norder: 2\n---\nStretching.\n',
  'content/factors/sitting.md':
    '---\ntitle: Sitting\nsummary: Sitting still for long may stiffen you.\norder: 1\n---\nSitting.\n',
  'content/factors/lifting.md':
    '---\ntitle: Lifting\nsummary: Heavy lifting may strain muscles.\norder: 2\n---\nLifting.\n',
  'content/quiz.yaml': `title: What may help?
intro: Two questions.
red_flags:
  - title: "Call for help now if:"
    message: Call your local emergency number now.
    items: [you cannot feel your legs, you fell badly]
  - title: "See a doctor today if:"
    message: Ask a doctor for an appointment today.
    items: [you have a fever]
questions:
  - id: pain
    text: What kind of pain do you have?
    answers:
      - text: A dull ache
        scores: {remedies/stretching: 2, factors/sitting: 1, factors/lifting: 1}
      - text: A sharp pain
        scores: {remedies/warmth: 5}
      - text: No pain
  - id: when
    text: When is it worse?
    multiple: true
    answers:
      - text: In the morning
        scores: {remedies/warmth: 1, factors/lifting: 3}
      - text: In the evening
        scores: {remedies/warmth: 1, factors/sitting: 2}
      - text: Never
`,
};

let browser;
let site; // this repository's site over HTTP under PREFIX: {dir, server, url}
let portable; // this repository's site built with --portable, read from file://
let fixture; // the ranking fixture over HTTP under PREFIX: {dir, server, url}

before(async () => {
  const siteDir = path.join(tempDir('quiz-site'), 'public');
  const siteServer = await serve({ root: siteDir, prefix: PREFIX, notFound: '404.html' });
  build({ root: REPO, output: siteDir });
  site = { dir: siteDir, server: siteServer, url: siteServer.url + 'quiz/' };

  portable = build({ root: REPO, output: path.join(tempDir('quiz-portable'), 'public'), portable: true });

  const fixtureRoot = writeFiles(tempDir('quiz-fixture-src'), FIXTURE);
  const fixtureDir = path.join(tempDir('quiz-fixture'), 'public');
  const fixtureServer = await serve({ root: fixtureDir, prefix: PREFIX });
  build({ root: fixtureRoot, output: fixtureDir });
  fixture = { dir: fixtureDir, server: fixtureServer, url: fixtureServer.url + 'quiz/' };

  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (site) await site.server.close();
  if (fixture) await fixture.server.close();
});

/* ---- What the source says ---- */

/* The repository's quiz.yaml, read just enough to know the questions and red flags. */
function repoQuiz() {
  const text = fs.readFileSync(path.join(REPO, 'content', 'quiz.yaml'), 'utf8');
  const unquote = (s) => s.trim().replace(/^"(.*)"$/, '$1');
  const questions = [...text.matchAll(/^ {2}- id: *(\S+)\s*\n\s+text: *(.+)$/gm)].map((m) => ({
    id: m[1],
    text: unquote(m[2]),
  }));
  const flagsText = text.slice(text.indexOf('\nred_flags:'), text.indexOf('\nquestions:'));
  const flags = [];
  for (const line of flagsText.split('\n')) {
    let m = /^ {2}- title: *(.+)$/.exec(line);
    if (m) flags.push({ title: unquote(m[1]), items: [] });
    else if ((m = /^ {6}- (.+)$/.exec(line))) flags[flags.length - 1].items.push(unquote(m[1]));
  }
  return { questions, flags };
}

/* Top-level `key: value` pairs of a Markdown file's front matter. */
function frontMatter(file) {
  const m = /^---\n([\s\S]*?)\n---/.exec(fs.readFileSync(file, 'utf8'));
  const out = {};
  for (const line of (m ? m[1] : '').split('\n')) {
    const kv = /^([a-z_]+): *(.*)$/.exec(line);
    if (kv) out[kv[1]] = kv[2].trim().replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/* The repository's collections in site order: [{dir, title, articles: [{slug, title}]}],
 * articles in reading order (order, then title), drafts left out. */
function repoCollections() {
  const content = path.join(REPO, 'content');
  const byOrder = (a, b) => (a.order ?? Infinity) - (b.order ?? Infinity) || a.title.localeCompare(b.title);
  return fs
    .readdirSync(content, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(content, d.name);
      const index = fs.existsSync(path.join(dir, '_index.md')) ? frontMatter(path.join(dir, '_index.md')) : {};
      const articles = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.md') && f !== '_index.md')
        .map((f) => {
          const fm = frontMatter(path.join(dir, f));
          return { slug: fm.slug || f.replace(/\.md$/, ''), title: fm.title, order: fm.order ? Number(fm.order) : undefined, draft: fm.draft === 'true' };
        })
        .filter((a) => !a.draft)
        .sort(byOrder);
      return { dir: d.name, title: index.title || d.name, order: index.order ? Number(index.order) : undefined, articles };
    })
    .filter((c) => c.articles.length > 0)
    .sort(byOrder);
}

/* ---- The page ---- */

const norm = (s) => String(s || '').replace(/\s+/g, ' ').trim();

/* The steps of the form in order, and each question's inputs: [{step, type, count}]. */
async function outline(page) {
  return page.$$eval('#quiz_form section.quiz-step', (steps) =>
    steps.map((s) => {
      const step = s.getAttribute('data-step');
      const inputs = [...s.querySelectorAll('input')].filter((i) => i.name === step);
      return { step, type: inputs.length ? inputs[0].type : null, count: inputs.length };
    }),
  );
}

/* The visible steps (exactly one while the quiz runs). */
async function visibleSteps(page) {
  return page.$$eval('#quiz_form section.quiz-step', (steps) =>
    steps.filter((s) => !s.hidden && s.offsetParent !== null).map((s) => s.getAttribute('data-step')),
  );
}

async function waitForStep(page, step) {
  await page.waitForFunction((at) => {
    const shown = [...document.querySelectorAll('#quiz_form section.quiz-step')].filter((s) => !s.hidden);
    const inAddress = new URLSearchParams(location.hash.slice(1)).get('at');
    // Before any step change the address may hold no step, or one that does not exist.
    const addressed = inAddress === at || (at === 'flags' && !document.querySelector(`section.quiz-step[data-step="${inAddress}"]`));
    return shown.length === 1 && shown[0].getAttribute('data-step') === at && addressed;
  }, step);
  assert.deepEqual(await visibleSteps(page), [step], `only step ${step} shows`);
}

/* What has focus: {tag, id, step, text, checked, action, href}. */
async function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    const step = a && a.closest('section.quiz-step');
    return {
      tag: a ? a.tagName.toLowerCase() : null,
      id: a ? a.id : null,
      step: step ? step.getAttribute('data-step') : null,
      text: a ? a.textContent.replace(/\s+/g, ' ').trim() : null,
      checked: a && 'checked' in a ? a.checked : null,
      action: a && a.getAttribute ? a.getAttribute('data-action') : null,
      href: a && a.href ? a.href : null,
    };
  });
}

/* Presses `key` until `check(focus)` holds; fails after `max` presses. */
async function pressUntil(page, key, check, what, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (check(await focused(page))) return;
  }
  assert.fail(`${key} never reached ${what}`);
}

/* The ids of every ticked input in the form. */
async function ticked(page) {
  return page.$$eval('#quiz_form input', (inputs) => inputs.filter((i) => i.checked).map((i) => i.id));
}

/* The results as shown: [{collection, pages: [{title, href, summary, evidence, because, related, relatedLinks}]}]. */
async function quizResults(page) {
  return page.$$eval('#quiz_results > section.quiz-result-group', (groups) =>
    groups.map((g) => ({
      collection: g.querySelector('h3') ? g.querySelector('h3').textContent : null,
      pages: [...g.querySelectorAll('li.quiz-result')].map((li) => {
        const a = li.querySelector('h4.quiz-result-title > a');
        const text = (sel) => (li.querySelector(sel) ? li.querySelector(sel).textContent : null);
        const related = li.querySelector('p.quiz-result-related');
        return {
          title: a ? a.textContent : null,
          href: a ? a.href : null,
          summary: text('h4 + p'),
          evidence: text('p.quiz-result-evidence'),
          because: text('p.quiz-result-because'),
          related: related ? related.textContent : null,
          relatedLinks: related ? [...related.querySelectorAll('a')].map((r) => ({ title: r.textContent, href: r.href })) : [],
        };
      }),
    })),
  );
}

async function clickButton(page, action) {
  await page.click(`#quiz_form section.quiz-step:not([hidden]) button[data-action=${action}]`);
}

/* From the red-flag step, continues and answers every question by clicking, then waits for the
 * results. `pick(q)` gives the answer indices for a question of `outline()`. */
async function answerAll(page, pick) {
  const steps = (await outline(page)).filter((s) => s.step !== 'flags' && s.step !== 'results');
  await waitForStep(page, 'flags');
  await clickButton(page, 'next');
  for (const q of steps) {
    await waitForStep(page, q.step);
    for (const i of pick(q)) await page.check(`#quiz_${q.step}_${i}`);
    await clickButton(page, 'next');
  }
  await waitForStep(page, 'results');
  return steps;
}

/* A pick: the first answer of single-choice questions, the first and third of multiple. */
const firstAnswers = (q) => (q.type === 'checkbox' && q.count > 2 ? [0, 2] : [0]);

/* The address of the results for the answers `pick` gives every question of `outline()`,
 * with the red flags `flags` ('<group>.<item>'), as the quiz writes it. */
function resultsAddress(url, steps, pick, flags = []) {
  const parts = ['at=results'];
  if (flags.length) parts.push('flags=' + flags.join(','));
  for (const q of steps.filter((s) => s.step !== 'flags' && s.step !== 'results')) {
    parts.push(`${encodeURIComponent(q.step)}=${pick(q).join(',')}`);
  }
  return url + '#' + parts.join('&');
}

async function openQuiz(url, options = {}) {
  const opened = await openPage(browser, options);
  const response = await opened.page.goto(url);
  return { ...opened, response };
}

/* ---- Tests ---- */

test('the quiz can be done with the keyboard only, focus moving to each step', TIMEOUT, async () => {
  const { page, response, done } = await openQuiz(site.url);
  assert.equal(response.headers()['content-security-policy'], CSP, 'served with the policy');
  const questions = repoQuiz().questions;
  const steps = await outline(page);
  assert.deepEqual(steps.map((s) => s.step), ['flags', ...questions.map((q) => q.id), 'results'], 'one step per question, in order');
  await waitForStep(page, 'flags');

  // Tick nothing: Tab past every warning sign to Continue.
  await pressUntil(page, 'Tab', (f) => f.step === 'flags' && f.action === 'next', 'the red-flag Continue button');
  assert.deepEqual(await ticked(page), [], 'Tab ticks nothing');
  await page.keyboard.press('Enter');

  const picked = {};
  for (const [n, q] of questions.entries()) {
    const step = steps[n + 1];
    await waitForStep(page, q.id);
    let f = await focused(page);
    assert.equal(f.tag, 'legend', `focus is on the legend of ${q.id}`);
    assert.equal(f.step, q.id);
    assert.equal(f.text, `Question ${n + 1} of ${questions.length} ${q.text}`);

    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, `quiz_${q.id}_0`, 'Tab from the legend reaches the first answer');
    if (step.type === 'checkbox') {
      // Over to the second box and back, then tick the first with Space.
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).id, `quiz_${q.id}_1`);
      await page.keyboard.press('Shift+Tab');
      assert.equal((await focused(page)).id, `quiz_${q.id}_0`);
      await page.keyboard.press('Space');
      f = await focused(page);
      assert.equal(f.checked, true, 'Space ticks the box');
      picked[q.id] = [0];
      await pressUntil(page, 'Tab', (x) => x.step === q.id && x.action === 'next', `the Continue button of ${q.id}`);
    } else {
      assert.equal(step.type, 'radio');
      assert.equal((await focused(page)).checked, false, 'Tab into the group chooses nothing');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      f = await focused(page);
      assert.equal(f.id, `quiz_${q.id}_1`);
      assert.equal(f.checked, true, 'the arrow keys choose an answer');
      picked[q.id] = [1];
      await page.keyboard.press('Tab');
    }
    f = await focused(page);
    assert.equal(f.action, 'next');
    assert.equal(f.text, n === questions.length - 1 ? 'See results' : 'Continue');
    await page.keyboard.press(n % 2 ? 'Space' : 'Enter');
  }

  await waitForStep(page, 'results');
  const f = await focused(page);
  assert.equal(f.id, 'quiz_results_title', 'focus is on the results heading');
  const expected = '#at=results&' + questions.map((q) => `${encodeURIComponent(q.id)}=${picked[q.id].join(',')}`).join('&');
  assert.equal(new URL(page.url()).hash, expected, 'the address holds every answer');

  const shown = await quizResults(page);
  assert.ok(shown.length > 0 && shown.every((g) => g.pages.length > 0), 'the results list pages');
  const first = shown[0].pages[0];
  assert.ok(first.href.startsWith(site.server.url), `links stay under the sub-path: ${first.href}`);
  await page.keyboard.press('Tab');
  const link = await focused(page);
  assert.equal(link.tag, 'a', 'Tab from the heading reaches the first result link');
  assert.equal(link.href, first.href);
  await page.keyboard.press('Enter');
  await page.waitForURL(first.href);
  assert.equal(norm(await page.textContent('h1')), first.title);
  await done();
});

test('an emergency warning sign shows its message at once and on every later step', TIMEOUT, async () => {
  const { page, done } = await openQuiz(site.url);
  const alert = page.locator('#quiz_alert');
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.equal(norm(await alert.textContent()), '', 'no alert before a sign is ticked');
  const [emergency, urgent] = await page.$$eval('#quiz_static section.care-card-urgent .care-card-message', (ms) =>
    ms.map((m) => m.textContent.replace(/\s+/g, ' ').trim()),
  );
  assert.match(emergency, /emergency/i, 'the first group is the emergency one');

  await page.check('#quiz_flag_0_1');
  // At once: no waiting for the message.
  const now = await page.evaluate(() => {
    const a = document.getElementById('quiz_alert');
    return { text: a.textContent.replace(/\s+/g, ' ').trim(), visible: a.offsetParent !== null && a.getClientRects().length > 0 };
  });
  assert.ok(now.visible, 'the alert region shows');
  assert.ok(now.text.includes(emergency), `the alert holds the emergency message: ${now.text}`);
  assert.ok(!now.text.includes(urgent), 'and not the message of a group that was not ticked');

  await clickButton(page, 'next');
  const first = repoQuiz().questions[0].id;
  await waitForStep(page, first);
  assert.match(new URL(page.url()).hash, /[#&]flags=0\.1(&|$)/);
  assert.ok(await alert.isVisible(), 'the alert stays on the next question');
  assert.ok(norm(await alert.textContent()).includes(emergency));

  await page.check(`#quiz_${first}_0`);
  await clickButton(page, 'next');
  const steps = (await outline(page)).filter((s) => !['flags', 'results', first].includes(s.step));
  for (const q of steps) {
    await waitForStep(page, q.step);
    assert.ok(norm(await alert.textContent()).includes(emergency), `the alert stays on ${q.step}`);
    await page.check(`#quiz_${q.step}_0`);
    await clickButton(page, 'next');
  }
  await waitForStep(page, 'results');
  assert.ok(await alert.isVisible(), 'the alert stays on the results');
  assert.ok(norm(await alert.textContent()).includes(emergency));
  const resultFlags = page.locator('#quiz_result_flags');
  assert.ok(await resultFlags.isVisible(), 'the results repeat the warning');
  const repeated = norm(await resultFlags.textContent());
  assert.ok(repeated.includes(emergency), `the results hold the emergency message: ${repeated}`);
  assert.ok(!repeated.includes(urgent));
  await done();
});

test('Continue without an answer shows the error summary and stays on the question', TIMEOUT, async () => {
  const { page, done } = await openQuiz(site.url);
  const steps = await outline(page);
  const questions = steps.filter((s) => s.step !== 'flags' && s.step !== 'results');
  const multiple = questions.find((s) => s.type === 'checkbox');
  const single = questions.find((s) => s.type === 'radio');
  assert.ok(multiple && single, 'the quiz has both kinds of question');

  for (const q of [multiple, single]) {
    const index = steps.indexOf(q);
    // Reach the question with every earlier question answered.
    const earlier = steps.slice(1, index).map((s) => `${s.step}=0`);
    await page.goto(site.url + '#' + ['at=' + q.step, ...earlier].join('&'));
    await waitForStep(page, q.step);
    const hash = new URL(page.url()).hash;
    assert.equal(await page.locator('#quiz_error_summary').isVisible(), false, 'no error before Continue');

    await clickButton(page, 'next');
    const message = q.type === 'checkbox' ? 'Tick at least one answer' : 'Choose an answer';
    await page.waitForFunction(() => !document.getElementById('quiz_error_summary').hidden);
    assert.equal((await focused(page)).id, 'quiz_error_summary', 'the error summary has focus');
    assert.ok(await page.locator('#quiz_error_summary').isVisible());
    assert.equal(norm(await page.textContent('#quiz_error_link')), message);
    assert.equal(await page.getAttribute('#quiz_error_link', 'href'), `#quiz_${q.step}_0`, 'the summary links to the first answer');
    const inline = page.locator(`#quiz_error_${q.step}`);
    assert.ok(await inline.isVisible(), 'the message shows by the question');
    assert.match(norm(await inline.textContent()), new RegExp(message + '$'));
    await waitForStep(page, q.step);
    assert.equal(new URL(page.url()).hash, hash, 'the address does not move on');

    // The link moves focus to the first answer, from the keyboard.
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'quiz_error_link');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, `quiz_${q.step}_0`, 'the link focuses the first answer');
    assert.equal(new URL(page.url()).hash, hash, 'following the link keeps the step');
    assert.deepEqual(await visibleSteps(page), [q.step]);

    await page.check(`#quiz_${q.step}_0`);
    await clickButton(page, 'next');
    await waitForStep(page, steps[index + 1].step);
    assert.equal(await page.locator('#quiz_error_summary').isVisible(), false, 'the summary goes away');
    assert.equal(await page.locator(`#quiz_error_${q.step}`).count(), 1);
    assert.equal(await page.locator('.quiz-error-message:visible').count(), 0, 'no error message remains');
  }
  await done();
});

test('results are grouped in collection order, ranked by score, ties in reading order', TIMEOUT, async () => {
  const { page, done } = await openQuiz(fixture.url);
  await answerAll(page, (q) => (q.step === 'pain' ? [0] : [0, 1]));
  assert.equal(new URL(page.url()).hash, '#at=results&pain=0&when=0,1');
  assert.ok(await page.getByText(NOT_DIAGNOSIS).isVisible(), 'the results say they are not a diagnosis');
  const url = fixture.server.url;
  const pain = '“A dull ache” (What kind of pain do you have?)';
  const morning = '“In the morning” (When is it worse?)';
  const evening = '“In the evening” (When is it worse?)';
  assert.deepEqual(await quizResults(page), [
    {
      collection: 'Remedies',
      pages: [
        {
          title: 'Warmth',
          href: url + 'remedies/warmth/',
          summary: 'A warm pack may ease stiffness.',
          evidence: 'Strength of evidence: Moderate',
          because: `Because you said ${morning}, ${evening}`,
          related: 'Related: Sitting (Factors)',
          relatedLinks: [{ title: 'Sitting', href: url + 'factors/sitting/' }],
        },
        {
          title: 'Stretching',
          href: url + 'remedies/stretching/',
          summary: 'Gentle stretches may help.',
          evidence: null,
          because: `Because you said ${pain}`,
          related: null,
          relatedLinks: [],
        },
      ],
    },
    {
      collection: 'Factors',
      pages: [
        {
          title: 'Lifting',
          href: url + 'factors/lifting/',
          summary: 'Heavy lifting may strain muscles.',
          evidence: null,
          because: `Because you said ${pain}, ${morning}`,
          related: null,
          relatedLinks: [],
        },
        {
          title: 'Sitting',
          href: url + 'factors/sitting/',
          summary: 'Sitting still for long may stiffen you.',
          evidence: null,
          because: `Because you said ${pain}, ${evening}`,
          related: 'Related: Warmth (Remedies)',
          relatedLinks: [{ title: 'Warmth', href: url + 'remedies/warmth/' }],
        },
      ],
    },
  ]);
  for (const href of await page.$$eval('#quiz_results a', (as) => as.map((a) => a.href))) {
    assert.equal((await page.context().request.get(href)).status(), 200, `${href} exists`);
  }

  // Other answers: a collection with no scored page is left out.
  await page.goto(fixture.url + '#at=results&pain=1&when=2');
  await waitForStep(page, 'results');
  const other = await quizResults(page);
  assert.deepEqual(other.map((g) => [g.collection, g.pages.map((p) => p.title)]), [['Remedies', ['Warmth']]]);
  assert.equal(other[0].pages[0].because, 'Because you said “A sharp pain” (What kind of pain do you have?)');
  await done();
});

test('reloading a results address shows the same results', TIMEOUT, async () => {
  const { page, done } = await openQuiz(site.url);
  await answerAll(page, firstAnswers);
  const address = page.url();
  const shown = await quizResults(page);
  assert.ok(shown.length > 0);

  await page.reload();
  await waitForStep(page, 'results');
  assert.equal(page.url(), address);
  assert.deepEqual(await quizResults(page), shown, 'the same results after a reload');
  assert.ok(await page.getByText(NOT_DIAGNOSIS).isVisible());

  // A fresh tab opened at the address too.
  const { page: other, done: otherDone } = await openQuiz(address);
  await waitForStep(other, 'results');
  assert.deepEqual(await quizResults(other), shown, 'the same results from a bookmark');
  await otherDone();
  await done();
});

test(
  'browser Back returns to the last question with its answer ticked, Forward to the results',
  TIMEOUT,
  async () => {
    const { page, done } = await openQuiz(site.url);
    const steps = await answerAll(page, firstAnswers);
    const results = page.url();
    const shown = await quizResults(page);
    const last = steps[steps.length - 1];
    const lastIds = firstAnswers(last).map((i) => `quiz_${last.step}_${i}`);

    await page.goBack();
    await waitForStep(page, last.step);
    assert.deepEqual(
      (await ticked(page)).filter((id) => id.startsWith(`quiz_${last.step}_`)),
      lastIds,
      'the last answer is still ticked',
    );
    assert.equal((await focused(page)).tag, 'legend', 'focus moves to the question');

    await page.goForward();
    await waitForStep(page, 'results');
    assert.equal(page.url(), results);
    assert.deepEqual(await quizResults(page), shown, 'Forward shows the same results');

    // Two steps back: the question before the last keeps its answer too.
    await page.goBack();
    await page.goBack();
    const before = steps[steps.length - 2];
    await waitForStep(page, before.step);
    assert.deepEqual(
      (await ticked(page)).filter((id) => id.startsWith(`quiz_${before.step}_`)),
      firstAnswers(before).map((i) => `quiz_${before.step}_${i}`),
    );
    await done();
  },
);

test('the Back button returns to the previous question with its answers ticked', TIMEOUT, async () => {
  const { page, done } = await openQuiz(site.url);
  const steps = await answerAll(page, firstAnswers);
  for (let n = steps.length - 1; n >= 0; n--) {
    await clickButton(page, 'back');
    await waitForStep(page, steps[n].step);
    const f = await focused(page);
    assert.equal(f.tag, 'legend', `focus is on the legend of ${steps[n].step}`);
    assert.deepEqual(
      (await ticked(page)).filter((id) => id.startsWith(`quiz_${steps[n].step}_`)),
      firstAnswers(steps[n]).map((i) => `quiz_${steps[n].step}_${i}`),
      `${steps[n].step} keeps its answers`,
    );
  }
  await clickButton(page, 'back');
  await waitForStep(page, 'flags');
  assert.equal((await focused(page)).id, 'quiz_flags_title');
  await done();
});

test('a hand-edited nonsense fragment shows the first step without errors', TIMEOUT, async () => {
  const { page, problems, done } = await openQuiz(site.url);
  await page.goto(resultsAddress(site.url, await outline(page), firstAnswers, ['0.0']));
  await waitForStep(page, 'results');

  // Edited in the address bar: the page stays, the fragment changes.
  await page.goto(site.url + '#at=zzz&where=99');
  await waitForStep(page, 'flags');
  assert.deepEqual(await ticked(page), [], 'nothing is ticked');
  assert.equal(norm(await page.textContent('#quiz_alert')), '');
  assert.equal(await page.locator('#quiz_error_summary').isVisible(), false);
  assert.equal((await focused(page)).id, 'quiz_flags_title', 'focus moves to the first step');

  // Loaded afresh.
  await page.reload();
  await waitForStep(page, 'flags');
  assert.ok(await page.locator('#quiz_form').isVisible());
  assert.equal(await page.locator('#quiz_static').isVisible(), false);
  assert.deepEqual(await ticked(page), []);
  await clickButton(page, 'next');
  await waitForStep(page, repoQuiz().questions[0].id);
  assert.deepEqual(await ticked(page), [], 'the out-of-range answer is not ticked');
  assert.deepEqual(problems.console, [], 'no console error');
  await done();
});

test(
  'a fragment with a broken percent escape still starts the quiz at the first step',
  TIMEOUT,
  async () => {
    const { page, done } = await openQuiz(site.url + '#at=%zz&where=%E0%A4%A');
    await waitForStep(page, 'flags');
    assert.ok(await page.locator('#quiz_form').isVisible());
    assert.deepEqual(await ticked(page), []);

    // Changed by hand on the open page: the quiz keeps running, one step at a time.
    await page.goto(site.url + '#at=results&flags=%');
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('at') === 'results');
    assert.equal((await visibleSteps(page)).length, 1, 'one step shows');
    assert.equal(norm(await page.textContent('#quiz_alert')), '', 'a broken red-flag value ticks nothing');
    await done();
  },
);

test(
  'a hand-edited fragment counts only red flags and answers that exist, each once',
  TIMEOUT,
  async () => {
    const { page, done } = await openQuiz(fixture.url + '#at=flags&flags=0.99,7.0');
    await waitForStep(page, 'flags');
    assert.deepEqual(await ticked(page), []);
    assert.equal(norm(await page.textContent('#quiz_alert')), '', 'no alert for a sign nobody ticked');

    // Stretching (2) outranks Warmth (1) when "In the morning" counts once.
    await page.goto(fixture.url + '#at=results&pain=0&when=0,0');
    await waitForStep(page, 'results');
    const groups = await quizResults(page);
    assert.deepEqual(groups[0].pages.map((p) => p.title), ['Stretching', 'Warmth']);
    await done();
  },
);

test('portable build runs the quiz from file:// and links to index.html files that exist', TIMEOUT, async () => {
  const quizFile = pathToFileURL(path.join(portable, 'quiz', 'index.html')).href;
  const { page, done } = await openQuiz(quizFile);
  await page.check('#quiz_flag_1_0');
  assert.ok(await page.locator('#quiz_alert').isVisible());
  await answerAll(page, firstAnswers);
  assert.ok(page.url().startsWith(quizFile + '#at=results&flags=1.0&'), page.url());
  const shown = await quizResults(page);
  assert.ok(shown.length > 0);
  assert.ok(norm(await page.textContent('#quiz_result_flags')).length > 0, 'the warning shows on the results');

  const hrefs = await page.$$eval('#quiz_results a', (as) => as.map((a) => a.href));
  assert.ok(shown.some((g) => g.pages.some((p) => p.relatedLinks.length > 0)), 'some result has related links');
  for (const href of hrefs) {
    assert.ok(href.startsWith('file://') && href.endsWith('/index.html'), `links name index.html: ${href}`);
    const file = fileURLToPath(href);
    assert.ok(file.startsWith(portable + path.sep), `${href} stays in the site folder`);
    assert.ok(fs.statSync(file).isFile(), `${href} exists`);
  }

  const first = shown[0].pages[0];
  await page.click('#quiz_results a >> nth=0');
  await page.waitForURL(first.href);
  assert.equal(norm(await page.textContent('h1')), first.title);
  await page.goBack();
  await waitForStep(page, 'results');
  assert.deepEqual(await quizResults(page), shown, 'coming back shows the same results');
  await done();
});

test('without JavaScript the red flags and links to every article show, and the form is hidden', TIMEOUT, async () => {
  const { context, page, done } = await openQuiz(site.url, { javaScriptEnabled: false });
  assert.equal(await page.locator('#quiz_form').isVisible(), false, 'the form is hidden');
  assert.ok(await page.locator('#quiz_static').isVisible());
  assert.ok(await page.locator('main noscript p').isVisible(), 'the noscript text shows');

  const { flags } = repoQuiz();
  const cards = await page.$$eval('#quiz_static section.care-card-urgent', (sections) =>
    sections.map((s) => ({
      title: s.querySelector('h2') ? s.querySelector('h2').textContent.trim() : null,
      items: [...s.querySelectorAll('ul > li')].map((li) => li.textContent.trim()),
      message: s.querySelector('.care-card-message') ? s.querySelector('.care-card-message').textContent.trim() : '',
    })),
  );
  assert.deepEqual(cards.map(({ title, items }) => ({ title, items })), flags, 'every red-flag group and item, as quiz.yaml has them');
  for (const [i, card] of cards.entries()) {
    assert.ok(card.message.length > 0, `group ${i} has its message`);
    for (const part of ['h2', 'ul', '.care-card-message']) {
      assert.ok(await page.locator(`#quiz_static section.care-card-urgent >> nth=${i} >> ${part}`).isVisible(), `group ${i} shows its ${part}`);
    }
  }

  const browse = page.locator('#quiz_static section.quiz-browse');
  assert.ok(await browse.isVisible());
  const listed = await browse.evaluate((section) =>
    [...section.querySelectorAll('h3')].map((h) => ({
      title: h.textContent.trim(),
      links: [...h.nextElementSibling.querySelectorAll('a')].map((a) => ({ title: a.textContent.trim(), href: a.href })),
    })),
  );
  const expected = repoCollections().map((c) => ({
    title: c.title,
    links: c.articles.map((a) => ({ title: a.title, href: `${site.server.url}${c.dir}/${a.slug}/` })),
  }));
  assert.ok(expected.some((c) => c.title === 'Causes') && expected.some((c) => c.title === 'Techniques'));
  assert.deepEqual(listed, expected, 'every article, by collection, in reading order');
  const links = browse.locator('a');
  for (let i = 0; i < (await links.count()); i++) {
    const link = links.nth(i);
    assert.ok(await link.isVisible(), `link ${i} shows`);
    const href = await link.evaluate((a) => a.href);
    assert.equal((await context.request.get(href)).status(), 200, `${href} exists`);
  }
  await done();
});

test('answering makes no request: everything stays on this device', TIMEOUT, async () => {
  const { context, page, done } = await openPage(browser);
  const requests = [];
  context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), type: r.resourceType(), body: r.postData() }));
  await page.goto(site.url, { waitUntil: 'networkidle' });
  assert.ok(await page.getByText('Your answers stay on this device').isVisible());
  const atLoad = requests.length;
  assert.ok(atLoad > 0);
  const icon = await page.$eval('link[rel=icon]', (l) => l.href);

  await page.check('#quiz_flag_0_0');
  await page.check('#quiz_flag_1_2');
  const steps = await answerAll(page, firstAnswers);
  await clickButton(page, 'back');
  await waitForStep(page, steps[steps.length - 1].step);
  await clickButton(page, 'next');
  await waitForStep(page, 'results');
  await page.evaluate(() => { window.print = () => {}; });
  await clickButton(page, 'print');
  await page.waitForTimeout(300);
  const hash = new URL(page.url()).hash;
  assert.match(hash, /flags=0\.0,1\.2/);

  const origin = site.server.origin;
  assert.deepEqual(requests.filter((r) => new URL(r.url).origin !== origin), [], 'every request goes to the same origin');
  for (const r of requests) {
    const url = new URL(r.url);
    assert.equal(r.method, 'GET', `only GET requests: ${r.url}`);
    assert.equal(r.body, null, `no request has a body: ${r.url}`);
    assert.equal(url.hash, '', `no request carries the fragment: ${r.url}`);
    for (const key of ['at', 'flags', ...steps.map((s) => s.step)]) {
      assert.ok(!url.searchParams.has(key), `no request carries ${key}: ${r.url}`);
    }
  }
  // Chromium itself fetches the tab's icon again after each change of the fragment (the test
  // server says no-cache); the page's own code must request nothing at all.
  const later = requests.slice(atLoad);
  assert.deepEqual(
    later.filter((r) => !(r.url === icon && r.type === 'other')),
    [],
    'no request at all while answering, other than the browser refreshing the tab icon',
  );
  await done();
});

test('Start again clears every answer and returns to the warning signs', TIMEOUT, async () => {
  const { page, done } = await openQuiz(site.url);
  const steps = (await outline(page)).slice(1, -1);
  await page.goto(resultsAddress(site.url, steps, firstAnswers, ['0.0', '1.1']));
  await waitForStep(page, 'results');
  assert.ok(norm(await page.textContent('#quiz_alert')).length > 0, 'the warning shows');
  assert.ok((await ticked(page)).length > steps.length, 'answers are ticked');

  await clickButton(page, 'restart');
  await waitForStep(page, 'flags');
  assert.equal(new URL(page.url()).hash, '#at=flags', 'the address holds no answer');
  assert.equal((await focused(page)).id, 'quiz_flags_title', 'focus moves to the warning signs');
  assert.deepEqual(await ticked(page), [], 'nothing is ticked');
  assert.equal(norm(await page.textContent('#quiz_alert')), '', 'the alert is cleared');

  await clickButton(page, 'next');
  await waitForStep(page, steps[0].step);
  assert.deepEqual(await ticked(page), []);
  await clickButton(page, 'next');
  assert.ok(await page.locator('#quiz_error_summary').isVisible(), 'the first question needs an answer again');
  await done();
});

test('Print results calls window.print', TIMEOUT, async () => {
  const { page, done } = await openQuiz(site.url);
  await page.goto(resultsAddress(site.url, await outline(page), firstAnswers));
  await waitForStep(page, 'results');
  await page.evaluate(() => {
    window.__printed = 0;
    window.print = () => {
      window.__printed += 1;
    };
  });
  const print = page.locator('#quiz_form section.quiz-step:not([hidden]) button[data-action=print]');
  assert.equal(norm(await print.textContent()), 'Print results');
  await print.click();
  assert.equal(await page.evaluate(() => window.__printed), 1, 'print was called once');
  await waitForStep(page, 'results');
  await done();
});
