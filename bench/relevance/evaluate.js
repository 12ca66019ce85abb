#!/usr/bin/env node
// Relevance of knead's search over the judged queries in judgments.json: nDCG@10 and MRR per
// site and category, exact-title queries whose page is not ranked first, and the misspelling
// rule. Runs knead's real engine (the built site's static/search/engine.js and stemmer.js over
// its search/ index files) in node.
//   node bench/relevance/evaluate.js [--verbose] [--json FILE]
// Exit status 1 only when an exact-title query does not rank its page first, or a misspelling
// returns, in its top 3, a page that only matches a prefix of the misspelt word and none of
// the intended word.
'use strict';

const fs = require('fs');
const path = require('path');
const common = require('../lib/common');
const { pagesOf } = require('./pages');
const { judge } = require('./judge-synthetic');

const K = 10;
const RULE_TOP = 3;

function dcg(grades) {
  return grades.slice(0, K).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

function ndcg(ranked, relevant) {
  const ideal = dcg(Object.values(relevant).sort((a, b) => b - a));
  return ideal > 0 ? dcg(ranked.map((u) => relevant[u] || 0)) / ideal : 0;
}

/** Reciprocal rank of the first result with any grade, within the top K. */
function reciprocalRank(ranked, relevant) {
  const i = ranked.slice(0, K).findIndex((u) => relevant[u] > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Folded words of a text, as the engine folds them. */
function wordsOf(engine, text) {
  return engine.searchEngine.fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Per page: its folded words and their stems, from title, summary, tags and body. */
function vocabulary(engine, pages) {
  const out = {};
  const stemmed = new Map();
  const stem = (w) => {
    if (!stemmed.has(w)) stemmed.set(w, engine.stem(w));
    return stemmed.get(w);
  };
  for (const [url, p] of Object.entries(pages)) {
    const words = new Set(wordsOf(engine, [p.title, p.summary, p.tags.join(' '), p.body].join(' \n ')));
    const stems = new Set([...words].map(stem));
    out[url] = { words, stems };
  }
  return out;
}

/** The query's misspelt words, each with the word it stands for. */
function misspelt(engine, query, intended) {
  const q = wordsOf(engine, query);
  const good = wordsOf(engine, intended);
  const pairs = [];
  if (q.length === good.length) {
    q.forEach((w, i) => { if (w !== good[i]) pairs.push({ bad: w, good: good[i] }); });
  } else {
    const bad = q.filter((w) => !good.includes(w));
    const fixed = good.filter((w) => !q.includes(w));
    bad.forEach((w, i) => pairs.push({ bad: w, good: fixed[i] || fixed[0] }));
  }
  return pairs;
}

function hasWord(engine, vocab, word) {
  return vocab.words.has(word) || vocab.stems.has(engine.stem(word));
}

function hasPrefix(vocab, prefix) {
  for (const w of vocab.words) if (w !== prefix && w.startsWith(prefix)) return true;
  for (const s of vocab.stems) if (s !== prefix && s.startsWith(prefix)) return true;
  return false;
}

async function evaluateSite(name, root, out, queries, verbose) {
  const build = common.buildSite(root, out);
  const engine = common.nodeEngine(out);
  const pages = pagesOf(root);
  const vocab = vocabulary(engine, pages);
  const rows = [];
  for (const q of queries) {
    const missing = Object.keys(q.relevant).filter((u) => !pages[u]);
    if (missing.length) throw new Error(`judged page(s) not in the ${name} site for "${q.query}": ${missing.join(', ')}`);
    const started = process.hrtime.bigint();
    const { answer } = await engine.search(q.query, K);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const ranked = answer.results.map((r) => r.url);
    const row = {
      site: name,
      category: q.category,
      query: q.query,
      ndcg: ndcg(ranked, q.relevant),
      rr: reciprocalRank(ranked, q.relevant),
      ranked,
      titles: answer.results.map((r) => r.title),
      total: answer.total,
      ms,
    };
    if (q.category === 'title' || q.page) {
      row.page = q.page;
      row.pageRank = ranked.indexOf(q.page) + 1;
    }
    if (q.intended) {
      row.intended = q.intended;
      row.prefixOnly = [];
      row.unrelated = [];
      const pairs = misspelt(engine, q.query, q.intended);
      for (const url of ranked.slice(0, RULE_TOP)) {
        const v = vocab[url];
        if (!v) continue;
        for (const { bad, good } of pairs) {
          const intended = hasWord(engine, v, good);
          if (!intended && hasPrefix(v, bad)) row.prefixOnly.push({ url, bad, good });
          else if (!intended) row.unrelated.push({ url, bad, good });
        }
      }
    }
    rows.push(row);
  }
  return { build, rows };
}

function table(rows, by) {
  const groups = new Map();
  for (const r of rows) {
    const key = by(r);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  return [...groups.entries()].map(([key, rs]) => ({ key, n: rs.length, ndcg: mean(rs.map((r) => r.ndcg)), mrr: mean(rs.map((r) => r.rr)) }));
}

async function main() {
  const started = Date.now();
  const verbose = process.argv.includes('--verbose');
  const jsonAt = process.argv.indexOf('--json');
  const data = JSON.parse(fs.readFileSync(path.join(__dirname, 'judgments.json'), 'utf8'));
  common.knead();
  const work = common.workDir();

  // Synthetic judgments come from their rules; say so if the file is behind them.
  const syn = data.sites.synthetic;
  const synRoot = common.corpus(syn.pages, syn.seed);
  const synPages = pagesOf(synRoot);
  const stale = data.queries.filter((q) => q.site === 'synthetic' && q.rules
    && JSON.stringify(judge(q.rules, synPages)) !== JSON.stringify(q.relevant));
  if (stale.length) {
    console.log(`warning: ${stale.length} synthetic judgments differ from their rules (run node bench/relevance/judge-synthetic.js): ${stale.map((q) => q.query).join(', ')}`);
  }

  const own = await evaluateSite('own', common.REPO, path.join(work, 'relevance-own'), data.queries.filter((q) => q.site === 'own'), verbose);
  const synthetic = await evaluateSite('synthetic', synRoot, path.join(work, `relevance-synthetic-${syn.pages}`), data.queries.filter((q) => q.site === 'synthetic'), verbose);
  const rows = own.rows.concat(synthetic.rows);

  console.log(`own site: ${own.build.line}`);
  console.log(`synthetic site (${syn.pages} pages, seed ${syn.seed}): ${synthetic.build.line}`);
  console.log('');
  console.log('per query (nDCG@10, reciprocal rank, first three results; * marks a judged page):');
  for (const r of rows) {
    const judged = data.queries.find((q) => q.site === r.site && q.query === r.query).relevant;
    const top = r.ranked.slice(0, 3).map((u, i) => `${judged[u] ? `*${judged[u]}` : ''}${verbose ? u : r.titles[i]}`).join(' | ');
    console.log(`  ${r.site.padEnd(9)} ${r.category.padEnd(11)} ${JSON.stringify(r.query).padEnd(42)} ${r.ndcg.toFixed(3)} ${r.rr.toFixed(2)}  ${top || '(no results)'}`);
  }

  const print = (title, list) => {
    console.log('');
    console.log(`${title.padEnd(26)} queries  nDCG@10    MRR`);
    for (const t of list) console.log(`${String(t.key).padEnd(26)} ${String(t.n).padStart(7)}  ${t.ndcg.toFixed(3).padStart(7)}  ${t.mrr.toFixed(3).padStart(6)}`);
  };
  print('site / category', table(rows, (r) => `${r.site} / ${r.category}`));
  print('category (both sites)', table(rows, (r) => r.category));
  print('site', table(rows, (r) => r.site));
  print('overall', table(rows, () => 'all'));

  const titleMisses = rows.filter((r) => r.category === 'title' && r.pageRank !== 1);
  console.log('');
  console.log(`exact-title queries whose page is not ranked first: ${titleMisses.length} of ${rows.filter((r) => r.category === 'title').length}`);
  for (const r of titleMisses) console.log(`  ${r.site} "${r.query}": ${r.pageRank ? `rank ${r.pageRank}` : `not in the top ${K}`}; first: ${r.titles[0] || '(none)'}`);
  const misspeltTitles = rows.filter((r) => r.category !== 'title' && r.page);
  for (const r of misspeltTitles) console.log(`  (misspelt title, not checked) ${r.site} "${r.query}": its page is ${r.pageRank ? `rank ${r.pageRank}` : `not in the top ${K}`}`);

  const spelling = rows.filter((r) => r.intended);
  const broken = spelling.filter((r) => r.prefixOnly.length);
  console.log('');
  console.log(`misspellings never return an unrelated prefix match in their top ${RULE_TOP}: ${broken.length ? 'BROKEN' : 'holds'} (${spelling.length} misspelling queries)`);
  for (const r of broken) {
    for (const p of r.prefixOnly) console.log(`  ${r.site} "${r.query}" (meant "${r.intended}"): ${p.url} has words beginning "${p.bad}" but not "${p.good}"`);
  }
  const unrelated = spelling.filter((r) => r.unrelated.length);
  for (const r of unrelated) {
    for (const p of r.unrelated) console.log(`  note: ${r.site} "${r.query}": ${p.url} in the top ${RULE_TOP} has neither "${p.good}" nor a word beginning "${p.bad}"`);
  }

  const seconds = (Date.now() - started) / 1000;
  console.log('');
  console.log(`engine time per query: median ${rows.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(rows.length / 2)].toFixed(2)} ms (node, first run of each query)`);
  console.log(`total run time ${seconds.toFixed(2)} s`);
  if (jsonAt > 0) fs.writeFileSync(process.argv[jsonAt + 1], JSON.stringify({ rows, seconds }, null, 2));
  if (titleMisses.length || broken.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(2);
});
