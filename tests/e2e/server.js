// A tiny static file server for the end-to-end tests: serves one folder under a sub-path
// (such as /docs/kn/) on 127.0.0.1 and a random port, the way a static host would.
// - a folder address without its trailing slash redirects to it; a folder serves its index.html
// - gzip when the request's Accept-Encoding allows it
// - every response carries `Content-Security-Policy: script-src 'self'` and nosniff
// - anything outside the folder or the sub-path is a 404; with `notFound` ('404.html'), a
//   missing address under the sub-path gets that page with status 404, as static hosts do
// Run by hand: node tests/e2e/server.js DIR [/sub/path/]
'use strict';

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

const COMPRESSIBLE = /^(text\/|application\/(json|xml)|image\/svg\+xml)/;

const CSP = "script-src 'self'";

/* Whether an Accept-Encoding header value allows gzip (RFC 9110: `gzip;q=0` refuses it). */
function acceptsGzip(header) {
  if (!header) return false;
  let gzip = null;
  let star = null;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') gzip = q;
    else if (name.trim() === '*') star = q;
  }
  if (gzip !== null) return gzip > 0;
  return star !== null && star > 0;
}

function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/* Starts serving `root` under `prefix` ('/docs/kn/'). Resolves to {origin, url, port, close()}. */
function serve({ root, prefix = '/', notFound = null } = {}) {
  if (!root) throw new Error('serve: root is required');
  if (!prefix.startsWith('/')) prefix = '/' + prefix;
  if (!prefix.endsWith('/')) prefix += '/';
  const folder = path.resolve(root);

  function send(req, res, status, headers, body) {
    const all = {
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      ...headers,
    };
    let data = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
    if (data.length > 0 && COMPRESSIBLE.test(all['Content-Type'] || '')) {
      all.Vary = 'Accept-Encoding';
      if (acceptsGzip(req.headers['accept-encoding'])) {
        data = zlib.gzipSync(data);
        all['Content-Encoding'] = 'gzip';
      }
    }
    all['Content-Length'] = data.length;
    res.writeHead(status, all);
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  function missing(req, res, underPrefix) {
    const page = underPrefix && notFound ? inside(path.join(folder, notFound)) : null;
    if (page && fs.statSync(page).isFile()) {
      send(req, res, 404, { 'Content-Type': contentType(page) }, fs.readFileSync(page));
    } else {
      send(req, res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
    }
  }

  /* The real path of a file strictly inside the folder, or null. */
  function inside(file) {
    let real, base;
    try {
      real = fs.realpathSync(file);
      base = fs.realpathSync(folder);
    } catch {
      return null;
    }
    return real === base || real.startsWith(base + path.sep) ? real : null;
  }

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' }, 'Method not allowed\n');
      return;
    }
    const raw = req.url || '/';
    const q = raw.indexOf('?');
    const pathname = q < 0 ? raw : raw.slice(0, q);
    const search = q < 0 ? '' : raw.slice(q);
    if (pathname + '/' === prefix) {
      send(req, res, 301, { Location: prefix + search }, '');
      return;
    }
    if (!pathname.startsWith(prefix)) return missing(req, res, false);
    let rel;
    try {
      rel = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      return missing(req, res, false);
    }
    if (rel.includes('\0')) return missing(req, res, false);
    const target = path.resolve(folder, '.' + path.sep + rel);
    if (target !== folder && !target.startsWith(folder + path.sep)) return missing(req, res, false);
    let file = inside(target);
    if (!file) return missing(req, res, true);
    let stat = fs.statSync(file);
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        send(req, res, 301, { Location: pathname + '/' + search }, '');
        return;
      }
      file = inside(path.join(file, 'index.html'));
      if (!file) return missing(req, res, true);
      stat = fs.statSync(file);
    }
    if (!stat.isFile()) return missing(req, res, true);
    send(req, res, 200, { 'Content-Type': contentType(file) }, fs.readFileSync(file));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        port,
        origin,
        url: origin + prefix,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

module.exports = { serve, acceptsGzip, contentType, CSP };

if (require.main === module) {
  const [dir, prefix = '/'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node server.js DIR [/sub/path/]');
    process.exit(2);
  }
  serve({ root: dir, prefix }).then((s) => console.log(`serving ${path.resolve(dir)} at ${s.url}`));
}
