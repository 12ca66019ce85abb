// The browser stemmer must stem every word exactly as rust-stemmers does when the search index
// is built. fixtures/stems.tsv holds `word<TAB>stem` lines written by tools/stem-fixture.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { stem } = require('../../themes/default/static/search/stemmer.js');

test('stems words as the search index does', () => {
  const cases = {
    stretches: 'stretch',
    stretching: 'stretch',
    stretched: 'stretch',
    knots: 'knot',
    collisions: 'collis',
    myofascial: 'myofasci',
    neuromuscular: 'neuromuscular',
    generously: 'generous',
    massage: 'massag',
    relaxation: 'relax',
    hips: 'hip',
    hopping: 'hop',
    hoping: 'hope',
  };
  for (const [word, expected] of Object.entries(cases)) {
    assert.equal(stem(word), expected, word);
  }
});

test('keeps the special cases of the algorithm', () => {
  assert.equal(stem('skies'), 'sky');
  assert.equal(stem('dying'), 'die');
  assert.equal(stem('early'), 'earli');
  assert.equal(stem('news'), 'news');
  assert.equal(stem('innings'), 'inning');
  assert.equal(stem('succeeded'), 'succeed');
  assert.equal(stem('generation'), 'generat');
  assert.equal(stem('communities'), 'communiti');
  assert.equal(stem('arsenical'), 'arsenic');
  assert.equal(stem('yoga'), 'yoga');
  assert.equal(stem('saying'), 'say');
  assert.equal(stem('by'), 'by');
  assert.equal(stem('ox'), 'ox');
  assert.equal(stem("dog's"), 'dog');
  assert.equal(stem('2nd'), '2nd');
});

test('is published on the knead namespace without replacing it', () => {
  const source = fs.readFileSync(path.join(__dirname, '../../themes/default/static/search/stemmer.js'), 'utf8');
  const sandbox = { knead: { other: 1 } };
  new Function('window', 'module', source)(sandbox, undefined);
  assert.equal(sandbox.knead.other, 1);
  assert.equal(sandbox.knead.stem('stretching'), 'stretch');
});

test('matches rust-stemmers on every fixture word', () => {
  const lines = fs.readFileSync(path.join(__dirname, 'fixtures/stems.tsv'), 'utf8').split('\n').filter(Boolean);
  assert.ok(lines.length >= 5000, `fixture has ${lines.length} lines`);
  const wrong = [];
  for (const line of lines) {
    const [word, expected] = line.split('\t');
    const got = stem(word);
    if (got !== expected) wrong.push(`${word}: expected ${expected}, got ${got}`);
  }
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} of ${lines.length} words differ`);
});
