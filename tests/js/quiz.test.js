// Unit tests of the quiz's logic (themes/default/static/quiz.js): scoring and ranking, and
// answers kept in the address fragment.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const quiz = require(path.join(__dirname, '..', '..', 'themes', 'default', 'static', 'quiz.js'));

// Two collections; pages in reading order (their index is their order on the site).
const data = {
  collections: ['Causes', 'Techniques'],
  flags: [2, 4],
  pages: [
    { title: 'Posture', collection: 0, related: [2] },
    { title: 'Sitting', collection: 0, related: [] },
    { title: 'Deep tissue', collection: 1, related: [0] },
    { title: 'Stretching', collection: 1, related: [] },
  ],
  questions: [
    { id: 'sitting', multiple: false, answers: [[[1, 2], [0, 1]], [[0, 1]], []] },
    { id: 'knots', multiple: true, answers: [[[2, 2]], [[3, 1], [0, 1]], []] },
  ],
};

test('pages are grouped by collection and ranked by total score', () => {
  const groups = quiz.score(data, { sitting: [0], knots: [0, 1] });
  assert.deepEqual(groups.map((g) => g.title), ['Causes', 'Techniques']);
  // Posture: 1 (sitting) + 1 (knots) = 2; Sitting: 2. A tie goes to reading order.
  assert.deepEqual(groups[0].pages.map((p) => [p.page, p.score]), [[0, 2], [1, 2]]);
  assert.deepEqual(groups[1].pages.map((p) => [p.page, p.score]), [[2, 2], [3, 1]]);
});

test('each suggestion says which answers led to it', () => {
  const groups = quiz.score(data, { sitting: [0], knots: [1] });
  const posture = groups[0].pages.find((p) => p.page === 0);
  assert.deepEqual(posture.reasons, [[0, 0], [1, 1]]);
});

test('answers that score nothing suggest nothing', () => {
  assert.deepEqual(quiz.score(data, { sitting: [2], knots: [2] }), []);
  assert.deepEqual(quiz.score(data, {}), []);
});

test('answers round-trip through the address fragment', () => {
  const state = { at: 'results', flags: ['0.1', '1.3'], answers: { sitting: [1], knots: [0, 1] } };
  const hash = quiz.encode(state, data);
  assert.equal(hash, '#at=results&flags=0.1,1.3&sitting=1&knots=0,1');
  assert.deepEqual(quiz.decode(hash, data), state);
});

test('flags and answers must exist, and count once', () => {
  const state = quiz.decode('#flags=0.1,0.2,1.3,1.3,2.0&knots=1,1,0', data);
  assert.deepEqual(state.flags, ['0.1', '1.3']);
  assert.deepEqual(state.answers, { knots: [1, 0] });
  assert.deepEqual(quiz.decode('#at=%zz&sitting=1', data), { at: 'flags', flags: [], answers: { sitting: [1] } });
});

test('a hand-edited fragment cannot break the quiz', () => {
  const state = quiz.decode('#at=nowhere&flags=x,0.1&sitting=7,1&knots=0,a,1&extra=1', data);
  assert.deepEqual(state, { at: 'flags', flags: ['0.1'], answers: { sitting: [1], knots: [0, 1] } });
  // One answer only for a single-choice question.
  assert.deepEqual(quiz.decode('#sitting=0,1', data).answers, { sitting: [0] });
  assert.deepEqual(quiz.decode('', data), { at: 'flags', flags: [], answers: {} });
});
