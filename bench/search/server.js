// A small static file server for the benchmark: serves one folder on 127.0.0.1 with gzip
// (level 6, as common web servers use) for text files, Content-Length on every response, and
// folder URLs answered by their index.html. Pagefind's own files are already compressed and
// are sent as they are. --delay MS holds every response back that long, as a round trip over
// a real network would, so that requests sent together and requests that wait for another
// stay far apart in time. --tls DIR serves HTTP/2 over TLS (with HTTP/1.1 for clients without
// it) using DIR/key.pem and DIR/cert.pem, as static hosts do: browsers open at most six
// HTTP/1.1 connections to a host, so over HTTP/1.1 a seventh file requested at the same time
// waits for one of the first six.
//   node bench/search/server.js DIR [--port PORT] [--delay MS] [--tls CERTDIR]
// prints "listening http[s]://127.0.0.1:PORT/"
'use strict';

const fs = require('fs');
const http = require('http');
const http2 = require('http2');
const path = require('path');
const zlib = require('zlib');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};
const COMPRESS = /^(text\/|application\/(json|xml|javascript)|image\/svg)/;

function serve(root, delay = 0, tls = null) {
  root = path.resolve(root);
  const cache = new Map();
  const handler = (req, res) => {
    let url;
    try {
      url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400);
      res.end();
      return;
    }
    let file = path.join(root, path.normalize(url));
    if (!file.startsWith(root)) {
      res.writeHead(403);
      res.end();
      return;
    }
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    } catch { /* answered below */ }
    let body;
    try {
      body = fs.readFileSync(file);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 9 });
      res.end('not found');
      return;
    }
    const type = TYPES[path.extname(file)] || 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
    const gzip = COMPRESS.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    if (gzip) {
      const key = `${file}:${body.length}`;
      if (!cache.has(key)) cache.set(key, zlib.gzipSync(body, { level: 6 }));
      body = cache.get(key);
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    headers['Content-Length'] = body.length;
    const send = () => {
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (delay > 0) setTimeout(send, delay);
    else send();
  };
  if (!tls) return http.createServer(handler);
  return http2.createSecureServer({
    key: fs.readFileSync(path.join(tls, 'key.pem')),
    cert: fs.readFileSync(path.join(tls, 'cert.pem')),
    allowHTTP1: true,
  }, handler);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : null;
  };
  const port = Number(option('--port')) || 0;
  const delay = Number(option('--delay')) || 0;
  const tls = option('--tls');
  const [dir] = args;
  if (!dir) {
    console.error('usage: node server.js DIR [--port PORT] [--delay MS] [--tls CERTDIR]');
    process.exit(2);
  }
  const server = serve(dir, delay, tls);
  server.listen(port, '127.0.0.1', () => {
    console.log(`listening http${tls ? 's' : ''}://127.0.0.1:${server.address().port}/`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

module.exports = { serve };
