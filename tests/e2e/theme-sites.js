// The sites and page types the default theme's quality tests visit (theme, validate and
// lighthouse tests): this repository's own site and a small fixture that uses every part of
// the theme (a collection of each accent, care cards of each kind, a table, a quiz).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const { serve } = require('./server.js');
const { REPO, tempDir, build, writeFiles } = require('./support.js');

/* Where reviewers find what the test run leaves: screenshots and figures. */
const ARTIFACTS = path.join(REPO, 'target');

const FIXTURE = {
  'site.yaml': 'title: Theme fixture\ndescription: A small site that uses every part of the default theme.\nlanguage: en-GB\n',
  'content/_index.md':
    '---\ntitle: Theme fixture\nsummary: A small site that shows every part of the theme.\n---\n' +
    'Read about [sitting](@/causes/sitting.md) or [warmth](@/benefits/warmth.md).\n',
  'content/causes/_index.md': '---\ntitle: Causes\nsummary: Things that may add to pain.\norder: 1\n---\nPossible contributors.\n',
  'content/benefits/_index.md': '---\ntitle: Benefits\nsummary: What may help.\norder: 2\n---\nWhat massage aims to do.\n',
  'content/techniques/_index.md': '---\ntitle: Techniques\nsummary: Ways of working.\norder: 3\n---\nThe main techniques.\n',
  'content/notes/_index.md': '---\ntitle: Notes\nsummary: Everything else.\norder: 4\n---\nOther notes.\n',
  'content/causes/sitting.md': `---
title: Sitting for long periods
summary: Sitting still for hours may leave your back stiff.
order: 1
tags: [posture, lower back]
reviewed: 2026-11-20
next_review: 2027-11-20
author: Fixture team
reviewer: A. Reviewer
evidence: Low
sources:
  - {title: "Back pain (NHS)", url: "https://www.nhs.uk/conditions/back-pain/"}
benefits: [warmth]
---

Sitting still for a long time may make your back feel stiff. Read the [NHS page on back pain](https://www.nhs.uk/conditions/back-pain/) and [warmth](@/benefits/warmth.md) too.

## What helps

Get up and move every half hour.

\`\`\`care urgent
Call your local emergency number now if:

- you cannot feel your legs
- you have lost control of your bladder
\`\`\`

\`\`\`care doctor
See a doctor if:

- the pain is no better after a few weeks
- the pain stops you doing daily activities
\`\`\`

\`\`\`care self-care
Things you can try yourself

Keep moving, take breaks from sitting, and use a warm pack.
\`\`\`

## How long to sit

| Activity | Break after | Stand for | Walk for | Stretch |
|---|---|---|---|---|
| Desk work | 30 minutes | 2 minutes | 5 minutes | shoulders |
| Driving | 2 hours | 5 minutes | 10 minutes | hamstrings |

## Notes

> Most back pain gets better within a few weeks.

Use \`stand up\` as a reminder.
`,
  'content/causes/lifting.md':
    '---\ntitle: Lifting\nsummary: Heavy lifting may strain muscles.\norder: 2\ntags: [lower back]\n---\nLift with bent knees.\n',
  'content/benefits/warmth.md':
    '---\ntitle: Warmth\nsummary: A warm pack may ease stiffness.\nevidence: Moderate\ntags: [posture]\n---\nWarmth may help.\n',
  'content/techniques/stretching.md':
    '---\ntitle: Stretching\nsummary: Gentle stretches may help.\ncauses: [lifting]\n---\nStretch gently.\n',
  'content/notes/about.md': '---\ntitle: About this fixture\nsummary: Why this site exists.\n---\nIt tests the theme.\n',
  'content/quiz.yaml': `title: What may help?
intro: Two short questions.
red_flags:
  title: "Call for help now if:"
  message: Call your local emergency number now.
  items: [you cannot feel your legs, you fell badly]
questions:
  - id: pain
    text: What kind of pain do you have?
    answers:
      - text: A dull ache
        scores: {causes/sitting: 2, benefits/warmth: 1}
      - text: A sharp pain
        scores: {causes/lifting: 2}
  - id: when
    text: When is it worse?
    multiple: true
    answers:
      - text: In the morning
        scores: {techniques/stretching: 1}
      - text: In the evening
        scores: {causes/sitting: 1}
`,
};

/* Page types, as paths below the site root. The quiz results need the quiz's question ids. */
const REFERENCE_PAGES = [
  { name: 'home', path: '' },
  { name: 'collection', path: 'causes/' },
  { name: 'article', path: 'guides/when-to-get-help/' },
  { name: 'tag', path: 'tags/lower-back/' },
  { name: 'tags', path: 'tags/' },
  { name: 'search', path: 'search/?q=massage' },
  { name: 'quiz', path: 'quiz/' },
  { name: 'quiz-results', path: 'quiz/', results: true },
  { name: '404', path: 'no-such-page/' },
];

const FIXTURE_PAGES = [
  { name: 'home', path: '' },
  { name: 'collection', path: 'causes/' },
  { name: 'article', path: 'causes/sitting/' },
  { name: 'article-default-accent', path: 'notes/about/' },
  { name: 'tag', path: 'tags/lower-back/' },
  { name: 'tags', path: 'tags/' },
  { name: 'search', path: 'search/?q=sitting' },
  { name: 'quiz', path: 'quiz/' },
  { name: 'quiz-results', path: 'quiz/', results: true },
  { name: '404', path: 'no-such-page/' },
];

/* Builds a site into a temporary folder and serves it at the root of a local server, with
 * 404.html for missing pages, as a static host would. Resolves to {dir, server, url}. */
async function serveBuilt(root, label) {
  const dir = path.join(tempDir(label), 'public');
  const server = await serve({ root: dir, prefix: '/', notFound: '404.html' });
  build({ root, output: dir, baseUrl: server.url });
  return { dir, server, url: server.url };
}

async function referenceSite() {
  return serveBuilt(REPO, 'theme-reference');
}

async function fixtureSite() {
  return serveBuilt(writeFiles(tempDir('theme-fixture-src'), FIXTURE), 'theme-fixture');
}

/* Opens a page type in `page` and waits until it shows what it is for: search results, the
 * quiz form, or the quiz results (with one warning sign ticked, so its alert shows too). */
async function visit(page, site, spec) {
  const response = await page.goto(site.url + spec.path);
  if (spec.name === '404') {
    if (response.status() !== 404) throw new Error(`expected a 404 for ${spec.path}, got ${response.status()}`);
  } else if (!response.ok()) {
    throw new Error(`${spec.path}: HTTP ${response.status()}`);
  }
  if (spec.path.startsWith('search/')) {
    await page.waitForFunction(() => document.querySelectorAll('#search_results > li').length > 0);
  }
  if (spec.path.startsWith('quiz/')) {
    await page.waitForSelector('#quiz_form:not([hidden])');
    if (spec.results) {
      const data = JSON.parse(await page.textContent('#quiz_data'));
      const answers = data.questions.map((q) => `${encodeURIComponent(q.id)}=0`);
      await page.goto(site.url + spec.path + '#' + ['at=results', 'flags=0.0', ...answers].join('&'));
      await page.waitForSelector('#quiz_results .quiz-result');
    }
  }
}

/* Every .html file under `dir`, as paths relative to it. */
function htmlFiles(dir) {
  const out = [];
  (function walk(sub) {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.html')) out.push(rel);
    }
  })('');
  return out.sort();
}

module.exports = {
  ARTIFACTS,
  FIXTURE,
  REFERENCE_PAGES,
  FIXTURE_PAGES,
  referenceSite,
  fixtureSite,
  visit,
  htmlFiles,
};
