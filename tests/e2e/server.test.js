// The test server itself: sub-path, folders, gzip, headers and 404s, so the browser tests
// can trust what it serves.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const { serve, acceptsGzip, CSP } = require('./server.js');

let parent;
let server;

/* A raw GET (no URL normalisation, unlike fetch): resolves to {status, headers, body}. */
function get(pathname, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: pathname, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'knead-e2e-server-'));
  const root = path.join(parent, 'site');
  fs.mkdirSync(path.join(root, 'search'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!DOCTYPE html><title>home</title>');
  fs.writeFileSync(path.join(root, '404.html'), '<!DOCTYPE html><title>missing</title>');
  fs.writeFileSync(path.join(root, 'search', 'index.html'), '<!DOCTYPE html><title>search</title>');
  fs.writeFileSync(path.join(root, 'search', 's0.js'), 'knead.searchShard(0, {});');
  fs.writeFileSync(path.join(root, 'style.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(parent, 'secret.txt'), 'outside the folder');
  fs.symlinkSync(path.join(parent, 'secret.txt'), path.join(root, 'link.txt'));
  server = await serve({ root, prefix: '/docs/kn/', notFound: '404.html' });
});

after(async () => {
  await server.close();
  fs.rmSync(parent, { recursive: true, force: true });
});

test('serves the folder under the sub-path with content types and the CSP header', async () => {
  assert.equal(server.url, `http://127.0.0.1:${server.port}/docs/kn/`);
  const cases = {
    '/docs/kn/': 'text/html; charset=utf-8',
    '/docs/kn/index.html': 'text/html; charset=utf-8',
    '/docs/kn/search/?q=a%20b': 'text/html; charset=utf-8',
    '/docs/kn/search/s0.js?v=1': 'text/javascript; charset=utf-8',
    '/docs/kn/style.css': 'text/css; charset=utf-8',
    '/docs/kn/icon.svg': 'image/svg+xml',
  };
  for (const [url, type] of Object.entries(cases)) {
    const res = await get(url);
    assert.equal(res.status, 200, url);
    assert.equal(res.headers['content-type'], type, url);
    assert.equal(res.headers['content-security-policy'], CSP, url);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
  }
  assert.equal((await get('/docs/kn/search/')).body.toString(), '<!DOCTYPE html><title>search</title>');
});

test('redirects a folder address to its trailing slash, keeping the query', async () => {
  let res = await get('/docs/kn/search?q=hip');
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, '/docs/kn/search/?q=hip');
  res = await get('/docs/kn');
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, '/docs/kn/');
});

test('gzips only when Accept-Encoding allows it', async () => {
  assert.equal(acceptsGzip('gzip, deflate, br'), true);
  assert.equal(acceptsGzip('br;q=1, gzip;q=0.5'), true);
  assert.equal(acceptsGzip('*'), true);
  assert.equal(acceptsGzip('gzip;q=0'), false);
  assert.equal(acceptsGzip('*;q=0'), false);
  assert.equal(acceptsGzip('gzip;q=0, *'), false);
  assert.equal(acceptsGzip('identity'), false);
  assert.equal(acceptsGzip(undefined), false);

  let res = await get('/docs/kn/search/s0.js', { 'Accept-Encoding': 'gzip' });
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.equal(zlib.gunzipSync(res.body).toString(), 'knead.searchShard(0, {});');
  res = await get('/docs/kn/search/s0.js', { 'Accept-Encoding': 'gzip;q=0' });
  assert.equal(res.headers['content-encoding'], undefined);
  assert.equal(res.body.toString(), 'knead.searchShard(0, {});');
  res = await get('/docs/kn/search/s0.js');
  assert.equal(res.headers['content-encoding'], undefined);
});

test('answers 404 for anything outside the folder or the sub-path', async () => {
  const outside = [
    '/',
    '/index.html',
    '/docs/index.html',
    '/docs/kn/../../secret.txt',
    '/docs/kn/%2e%2e/secret.txt',
    '/docs/kn/..%2fsecret.txt',
    '/docs/kn/search/..%2f..%2fsecret.txt',
    '/docs/kn/link.txt',
    '/docs/kn/%00',
    '/docs/kn/%E0%A4%A',
  ];
  for (const url of outside) {
    const res = await get(url);
    assert.equal(res.status, 404, url);
    assert.ok(!res.body.toString().includes('outside the folder'), url);
  }
  // A missing page under the sub-path gets the site's 404 page, as static hosts do.
  const res = await get('/docs/kn/no/such/page/');
  assert.equal(res.status, 404);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(res.body.toString(), '<!DOCTYPE html><title>missing</title>');
});
