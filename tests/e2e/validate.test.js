// The Nu HTML Checker (npm `vnu-jar`, run with the system's `java -jar`) over every .html page
// knead builds for this repository's own site and the theme fixture: no errors.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const { REPO, tempDir, build, writeFiles } = require('./support.js');
const { FIXTURE, htmlFiles } = require('./theme-sites.js');

const VNU = require('vnu-jar');

/* The checker's messages for every .html file under `dir`: [{file, line, type, message}]. */
function check(dir) {
  const files = htmlFiles(dir);
  let out;
  try {
    out = execFileSync('java', ['-jar', VNU, '--format', 'json', '--stdout', ...files], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    // The checker exits with status 1 when it reports an error; its report is still on stdout.
    if (!e.stdout) throw e;
    out = e.stdout;
  }
  const messages = JSON.parse(out).messages.map((m) => ({
    file: m.url ? path.relative(dir, new URL(m.url).pathname) : null,
    line: m.lastLine,
    type: m.subType ? `${m.type}/${m.subType}` : m.type,
    message: m.message,
  }));
  return { files, messages };
}

for (const [label, root] of [
  ['this repository\'s site', () => REPO],
  ['the theme fixture', () => writeFiles(tempDir('vnu-fixture-src'), FIXTURE)],
]) {
  test(`the Nu HTML Checker finds no errors on any page of ${label}`, { timeout: 180_000 }, () => {
    const dir = build({ root: root(), output: path.join(tempDir('vnu'), 'public'), baseUrl: 'https://example.org/guide/' });
    const { files, messages } = check(dir);
    assert.ok(files.length >= 10 && files.includes('index.html') && files.includes('404.html'), files.join(' '));
    const errors = messages.filter((m) => m.type.startsWith('error') || m.type === 'non-document-error');
    const warnings = messages.filter((m) => !errors.includes(m));
    console.log(`${label}: ${files.length} pages checked, ${errors.length} errors, ${warnings.length} warnings`);
    for (const w of warnings) console.log(`warning: ${w.file}:${w.line}: ${w.message}`);
    assert.deepEqual(errors, []);
  });
}

test('the Nu HTML Checker reports an error it is shown', { timeout: 60_000 }, () => {
  const dir = writeFiles(tempDir('vnu-broken'), {
    'index.html': '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div>x</div></p></body></html>',
  });
  const { messages } = check(dir);
  assert.ok(messages.some((m) => m.type === 'error'), JSON.stringify(messages));
});
