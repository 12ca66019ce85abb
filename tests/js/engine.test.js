// Unit tests of the search engine (themes/default/static/search/engine.js), and tests of the
// engine over an index that the real knead binary builds from a small fixture site, so the
// Rust indexer and the browser engine are checked together (stems, Bloom filter, shards).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const { execFileSync } = require('node:child_process');

const repo = path.join(__dirname, '..', '..');
const staticDir = path.join(repo, 'themes', 'default', 'static', 'search');
globalThis.window = globalThis;
globalThis.self = globalThis;
require(path.join(staticDir, 'stemmer.js'));
const engine = require(path.join(staticDir, 'engine.js'));

test('one edit: insertion, deletion, substitution and swap, nothing more', () => {
  assert.equal(engine.oneEdit('shiatsu', 'shiatzu'), true);
  assert.equal(engine.oneEdit('myofasci', 'myofaci'), true);
  assert.equal(engine.oneEdit('stretch', 'stretchi'), true);
  assert.equal(engine.oneEdit('tissue', 'tisuse'), true);
  assert.equal(engine.oneEdit('tissue', 'tissue'), false);
  assert.equal(engine.oneEdit('tissue', 'tsisue'), true);
  assert.equal(engine.oneEdit('tissue', 'tessui'), false);
  assert.equal(engine.oneEdit('massage', 'message1'), false);
});

test('folding removes case and accents like the build does', () => {
  assert.equal(engine.fold('Shiatsu CAFÉ Über'), 'shiatsu cafe uber');
});

test('combining marks stay in their word, as in the build (slug::is_word_char)', () => {
  // Hindi "health and yoga": viramas and vowel signs are marks inside the words.
  assert.deepEqual(engine.words(engine.fold('स्वास्थ्य और योग')), ['स्वास्थ्य', 'और', 'योग']);
  // An accent typed as a mark of its own is folded away, and never splits the word.
  assert.deepEqual(engine.words(engine.fold('Cafe\u0301s, naïve')), ['cafes', 'naive']);
  // Letters that are Alphabetic without being \p{L}, as Rust's is_alphanumeric counts them.
  assert.deepEqual(engine.words('ⓐⓑ x'), ['ⓐⓑ', 'x']);
});

test('parsing drops stop words but keeps a stop word still being typed', () => {
  const manifest = { stem: true, stop: ['the', 'to', 'a'] };
  const words = (q) => engine.parse(q, manifest, globalThis.knead.stem).map((w) => w.stem);
  assert.deepEqual(words('the stretches'), ['stretch']);
  assert.deepEqual(words('stretches to'), ['stretch', 'to']);
  assert.deepEqual(words('stretches to '), ['stretch']);
});

test('a term is found in the shard whose first term is the last one not after it', () => {
  const bounds = ['a', 'fl', 'ma', 'st'];
  assert.equal(engine.shardOf(bounds, 'deep'), 0);
  assert.equal(engine.shardOf(bounds, 'ma'), 2);
  assert.equal(engine.shardOf(bounds, 'massag'), 2);
  assert.equal(engine.shardOf(bounds, 'zzz'), 3);
});

test('hashes match the build (src/output/search_index/bloom.rs)', () => {
  assert.equal(engine.fnv1a('massag', 0), 0x714ac255);
});

test('highlighting marks matched words and leaves markup as text', () => {
  const manifest = { stem: true, stop: [] };
  const parsed = engine.parse('stretch', manifest, globalThis.knead.stem);
  const pieces = engine.highlight('<b>Stretching</b> helps', parsed, manifest, globalThis.knead.stem);
  assert.deepEqual(pieces, [
    { text: '<b>', mark: false },
    { text: 'Stretching', mark: true },
    { text: '</b> helps', mark: false },
  ]);
});

/* ---- The engine over a real index ---- */

function knead() {
  for (const profile of ['release', 'debug']) {
    const bin = path.join(repo, 'target', profile, 'knead');
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error('build knead first: cargo build --release');
}

function article(title, summary, body, extra = '') {
  return `---\ntitle: '${title.replace(/'/g, "''")}'\nsummary: '${summary.replace(/'/g, "''")}'\n${extra}---\n\n${body}\n`;
}

const fixture = {
  'site.yaml': 'title: Fixture\nsynonyms:\n  knots: [trigger points]\n',
  'content/techniques/_index.md': '---\ntitle: Techniques\norder: 1\n---\nHands-on methods.\n',
  'content/techniques/neuromuscular-therapy.md': article('Neuromuscular therapy', 'Pressure on tender points.', 'Neuromuscular therapy uses steady pressure on tender points in a muscle.'),
  'content/techniques/shiatsu.md': article('Shiatsu', 'A Japanese form of pressure.', 'Shiatsu uses finger pressure along lines of the body.'),
  'content/techniques/trigger-point-therapy.md': article('Trigger point therapy', 'Work on tight spots.', 'Trigger points are tight spots in a muscle that can send pain elsewhere.'),
  'content/techniques/hostile.md': article('<img src=x onerror=alert(1)>', 'He said </script> hello.', 'A page about hostile titles and escaping.'),
  'content/causes/_index.md': '---\ntitle: Causes\norder: 2\n---\nWhy it hurts.\n',
  'content/causes/collision.md': article('Sports injuries', 'Hits and falls.', 'A collision on the pitch can bruise the hip. Stretching helps recovery.'),
  'content/causes/hip-pain.md': article('Hip pain', 'Pain around the hip joint.', 'Hip pain has many causes.'),
  'content/causes/back-and-hip.md': article('Back strain', 'Strain of the lower back.', 'Back strain often comes with a sore back after lifting. The back and the hip work together, and back pain is common.'),
  'content/causes/stretching-guide.md': article('Stretching', 'Gentle stretches.', 'Stretches for the back, done daily, ease stiffness.'),
  'content/causes/hindi.md': article('योग', 'स्वास्थ्य और योग।', 'नियमित योग से स्वास्थ्य अच्छा रहता है।'),
};

let search;
test.before(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knead-engine-'));
  for (const [file, text] of Object.entries(fixture)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const out = path.join(dir, 'public');
  execFileSync(knead(), ['build', '--root', dir, '--output', out], { stdio: 'pipe' });
  vm.runInThisContext(fs.readFileSync(path.join(out, 'search', 'index.js'), 'utf8'));
  const manifest = globalThis.knead.searchManifest;
  const load = (kind, prefix) => (n) => new Promise((resolve) => {
    globalThis.knead[kind] = (_, data) => resolve(data);
    vm.runInThisContext(fs.readFileSync(path.join(out, 'search', `${prefix}${n}.js`), 'utf8'));
  });
  const e = engine.create(manifest, { shard: load('searchShard', 's'), docs: load('searchDocs', 'd'), titles: load('searchTitles', 't') });
  search = (q, limit) => e.search(q, limit);
  search.load = load;
  search.manifest = manifest;
  search.out = out;
});

const titles = (answer) => answer.results.map((r) => r.title);

test('the last word matches as a prefix while it is being typed', async () => {
  assert.equal(titles(await search('neuromusc'))[0], 'Neuromuscular therapy');
  assert.equal(titles(await search('shia'))[0], 'Shiatsu');
});

test('one typo is forgiven on words of five letters or more', async () => {
  assert.equal(titles(await search('shiatzu'))[0], 'Shiatsu');
  assert.equal(titles(await search('neuromuscolar'))[0], 'Neuromuscular therapy');
  // Four letters: no typo forgiven.
  assert.deepEqual(titles(await search('hup')), []);
});

test('stems match other forms of a word', async () => {
  assert.ok(titles(await search('collisions')).includes('Sports injuries'));
  assert.equal(titles(await search('stretched'))[0], 'Stretching');
});

test('pages matching more of the words rank first, title matches above body matches', async () => {
  const ranked = titles(await search('back hip'));
  // "Back strain" says back many times and hip once: it matches both words.
  assert.equal(ranked[0], 'Back strain');
  assert.ok(ranked.indexOf('Hip pain') > 0);
  assert.equal(titles(await search('hip'))[0], 'Hip pain');
});

test('an exact title ranks first', async () => {
  assert.equal(titles(await search('trigger point therapy'))[0], 'Trigger point therapy');
  assert.equal(titles(await search('Hip pain'))[0], 'Hip pain');
});

test('words with combining marks are found whole, as typed and while typing', async () => {
  assert.equal(titles(await search('स्वास्थ्य'))[0], 'योग');
  assert.equal(titles(await search('स्वास्'))[0], 'योग');
  const answer = await search('नियमित');
  const marked = answer.results[0].excerpt.filter((p) => p.mark).map((p) => p.text);
  assert.deepEqual(marked, ['नियमित']);
});

test('synonyms from site.yaml find pages that use the other words', async () => {
  assert.ok(titles(await search('knots')).includes('Trigger point therapy'));
});

test('page text comes back as text, to be shown with textContent', async () => {
  const answer = await search('hostile');
  assert.equal(answer.results[0].title, '<img src=x onerror=alert(1)>');
  const excerpt = answer.results[0].excerpt.map((p) => p.text).join('');
  assert.ok(!excerpt.includes('&lt;'), 'no HTML entities: the interface escapes by using text nodes');
});

test('the Bloom filter holds every term of every shard', async () => {
  const manifest = search.manifest;
  const files = fs.readdirSync(path.join(search.out, 'search')).filter((f) => /^s\d+\.js$/.test(f));
  let checked = 0;
  for (const file of files) {
    const data = await new Promise((resolve) => {
      globalThis.knead.searchShard = (_, d) => resolve(d);
      vm.runInThisContext(fs.readFileSync(path.join(search.out, 'search', file), 'utf8'));
    });
    for (const term of data.terms) {
      assert.ok(engine.mayExist(manifest, term), term);
      checked++;
    }
  }
  assert.ok(checked > 20);
  assert.equal(engine.mayExist(manifest, 'zzqxjvw'), false);
});

test('results report the total number of matching pages', async () => {
  const answer = await search('back', 1);
  assert.equal(answer.results.length, 1);
  assert.ok(answer.total >= 2, `total ${answer.total}`);
});

test('every page URL the index gives, stored or worked out from the title, is a built page', async () => {
  const { manifest, load, out } = search;
  let checked = 0;
  const rowsOf = async (kind, prefix, count) => {
    const rows = [];
    for (let n = 0; n < count; n++) rows.push(...await load(kind, prefix)(n));
    return rows;
  };
  const details = await rowsOf('searchDocs', 'd', manifest.groups);
  const titles = await rowsOf('searchTitles', 't', manifest.titleFiles);
  assert.equal(titles.length, manifest.docs);
  assert.equal(details.length, manifest.docs);
  titles.forEach((row, doc) => {
    const fromTitles = row[2] || engine.derivedUrl(manifest, row[0], row[1]);
    const fromDetails = details[doc][2] || engine.derivedUrl(manifest, details[doc][0], details[doc][1]);
    assert.equal(fromTitles, fromDetails);
    assert.equal(row[0], details[doc][0]);
    assert.ok(fs.existsSync(path.join(out, fromTitles, 'index.html')), `${row[0]} -> ${fromTitles}`);
    checked++;
  });
  // Some URLs are worked out (file named after the title), some stored (named otherwise).
  assert.ok(titles.some((r) => r.length === 2) && titles.some((r) => r.length === 3));
  assert.ok(checked >= 8);
});

test('once the titles are fetched, suggestions need no page-details file', async () => {
  const { manifest, load } = search;
  const fetched = [];
  const counting = (kind, prefix) => (n) => { fetched.push(prefix + n); return load(kind, prefix)(n); };
  const e = engine.create(manifest, { shard: counting('searchShard', 's'), docs: counting('searchDocs', 'd'), titles: counting('searchTitles', 't') });
  const full = await search('back');
  assert.equal(await e.prefetch(), true);
  fetched.length = 0;
  const quick = await e.search('back', 10, { excerpts: false });
  assert.deepEqual(fetched.filter((f) => f.startsWith('d')), []);
  assert.deepEqual(quick.results.map((r) => [r.title, r.url, r.collection]), full.results.map((r) => [r.title, r.url, r.collection]));
  assert.equal(quick.results[0].excerpt, null);
  // Without titles, the same suggestions come from page details.
  const cold = engine.create(manifest, { shard: load('searchShard', 's'), docs: load('searchDocs', 'd') });
  const slow = await cold.search('back', 10, { excerpts: false });
  assert.deepEqual(slow.results.map((r) => r.url), full.results.map((r) => r.url));
  assert.equal(await cold.prefetch(), false);
});
