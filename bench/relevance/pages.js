// The searchable pages of a knead site, read from its content/ folder: URL path (as the search
// index names it), title, summary, tags and body text. Used to judge the synthetic queries by
// their rules and to check which words a result page really holds.
'use strict';

const fs = require('fs');
const path = require('path');

/** Front matter as plain strings and lists: only the simple YAML that these sites use. */
function frontMatter(text) {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { fields: {}, body: text };
  const fields = {};
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (!kv) continue;
    let value = kv[2].trim();
    if (/^\[.*\]$/.test(value)) {
      value = value.slice(1, -1).split(',').map((v) => unquote(v.trim())).filter(Boolean);
    } else {
      value = unquote(value);
    }
    fields[kv[1]] = value;
  }
  return { fields, body: text.slice(m[0].length) };
}

function unquote(v) {
  if (/^".*"$/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v.slice(1, -1);
    }
  }
  if (/^'.*'$/.test(v)) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

/** Markdown as plain text: link targets, emphasis marks and table rules dropped. */
function plain(markdown) {
  return markdown
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/[*_`#>|[\]]/g, ' ')
    .replace(/-{3,}/g, ' ');
}

/** {url: {title, summary, tags, body, collection}} for every article and collection page. */
function pagesOf(root) {
  const content = path.join(root, 'content');
  const pages = {};
  for (const coll of fs.readdirSync(content, { withFileTypes: true })) {
    if (!coll.isDirectory()) continue;
    for (const file of fs.readdirSync(path.join(content, coll.name))) {
      if (!file.endsWith('.md')) continue;
      const { fields, body } = frontMatter(fs.readFileSync(path.join(content, coll.name, file), 'utf8'));
      if (fields.draft === 'true') continue;
      const isIndex = file === '_index.md';
      const url = isIndex ? `${coll.name}/` : `${coll.name}/${fields.slug || file.replace(/\.md$/, '')}/`;
      pages[url] = {
        url,
        collection: coll.name,
        title: fields.title || '',
        summary: fields.summary || '',
        tags: Array.isArray(fields.tags) ? fields.tags : [],
        body: plain(body),
      };
    }
  }
  return pages;
}

module.exports = { pagesOf, frontMatter };
