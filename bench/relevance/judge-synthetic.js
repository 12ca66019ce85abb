#!/usr/bin/env node
// Fills in the relevant pages of the synthetic queries in judgments.json from their rules,
// reading each page's title, summary and tags from the synthetic corpus (never the search
// engine). Run it after changing a rule or the corpus generator:
//   node bench/relevance/judge-synthetic.js [--check]
// A rule is [grade, field, phrase]: field is "title", "summary" or "tags", and the page gets
// the grade when that field holds the phrase as whole words (phrase: a regular expression,
// case-insensitive; a list of phrases must all be there). [grade, "title_is", text] matches the
// page with exactly that title. A page gets the highest grade of any rule it matches.
'use strict';

const fs = require('fs');
const path = require('path');
const common = require('../lib/common');
const { pagesOf } = require('./pages');

const FILE = path.join(__dirname, 'judgments.json');

function fieldText(page, field) {
  if (field === 'tags') return page.tags.join(' \n ').replace(/-/g, ' ');
  return page[field];
}

const patterns = new Map();
function holds(text, phrase) {
  const phrases = Array.isArray(phrase) ? phrase : [phrase];
  return phrases.every((p) => {
    if (!patterns.has(p)) patterns.set(p, new RegExp(`(?<![\\p{L}\\p{N}])(?:${p})(?![\\p{L}\\p{N}])`, 'iu'));
    return patterns.get(p).test(text);
  });
}

/** {url: grade} for one query's rules over the pages. */
function judge(rules, pages) {
  const relevant = {};
  for (const page of Object.values(pages)) {
    let grade = 0;
    for (const [g, field, phrase] of rules) {
      const ok = field === 'title_is' ? page.title === phrase : holds(fieldText(page, field), phrase);
      if (ok) grade = Math.max(grade, g);
    }
    if (grade > 0) relevant[page.url] = grade;
  }
  // Best grades first, then by URL, so the file reads well and stays stable.
  return Object.fromEntries(Object.entries(relevant).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/** judgments.json with one query a line, a blank line between groups. */
function serialise(data) {
  const lines = ['{'];
  for (const key of Object.keys(data)) {
    if (key === 'queries') continue;
    if (key === 'sites') {
      lines.push('  "sites": {');
      const names = Object.keys(data.sites);
      names.forEach((n, i) => lines.push(`    ${JSON.stringify(n)}: ${JSON.stringify(data.sites[n]).replace(/,"/g, ', "').replace(/":/g, '": ')}${i < names.length - 1 ? ',' : ''}`));
      lines.push('  },');
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(data[key]).replace(/,"/g, ', "').replace(/":/g, '": ')},`);
    }
  }
  lines.push('  "queries": [');
  data.queries.forEach((q, i) => {
    const prev = data.queries[i - 1];
    if (prev && (prev.site !== q.site || prev.category !== q.category)) lines.push('');
    const text = JSON.stringify(q).replace(/,"/g, ', "').replace(/":/g, '": ').replace(/\],\[/g, '], [');
    lines.push(`    ${text}${i < data.queries.length - 1 ? ',' : ''}`);
  });
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

function main() {
  const check = process.argv.includes('--check');
  const data = JSON.parse(fs.readFileSync(FILE, 'utf8'));
  const { pages, seed } = data.sites.synthetic;
  const root = common.corpus(pages, seed);
  const all = pagesOf(root);
  let changed = 0;
  for (const q of data.queries) {
    if (q.site !== 'synthetic' || !q.rules) continue;
    const relevant = judge(q.rules, all);
    if (JSON.stringify(relevant) !== JSON.stringify(q.relevant || {})) changed++;
    // Keep the key order: relevant last.
    delete q.relevant;
    q.relevant = relevant;
    const grades = Object.values(relevant);
    console.log(`${q.category.padEnd(12)} ${JSON.stringify(q.query).padEnd(58)} ${grades.filter((g) => g === 3).length} × 3, ${grades.filter((g) => g === 2).length} × 2, ${grades.filter((g) => g === 1).length} × 1`);
  }
  if (check) {
    console.log(changed ? `${changed} synthetic queries are out of date: run node bench/relevance/judge-synthetic.js` : 'synthetic judgments are up to date');
    process.exitCode = changed ? 1 : 0;
    return;
  }
  fs.writeFileSync(FILE, serialise(data));
  console.log(`wrote ${FILE} (${changed} queries changed)`);
}

module.exports = { judge };
if (require.main === module) main();
