/* knead search engine: turns a visitor's words into ranked pages, using the index that
 * `knead build` writes under search/ (index.js, s<N>.js shards, d<N>.js page groups).
 *
 * The index already holds a BM25F score (1-255) for each (word, page) pair, so a query only
 * looks words up and adds numbers:
 * 1. fold, split and stem the query exactly as the build did (lowercase, no accents, no stop words);
 * 2. find each word's terms: the exact stem; for the last word also terms it begins
 *    (the visitor is still typing); for words of 5+ letters with no exact match, terms one
 *    typo away;
 * 3. score pages: for each query word its best matching term counts; pages matching more words
 *    rank first, then by total score;
 * 4. load the page details of the best pages, put an exact title match first, and pick an
 *    excerpt holding a matched word. Once the first answer is shown, `prefetch` fetches the
 *    title files (every page's title, collection and URL), so while the visitor goes on typing
 *    a suggestion list needs at most the shard of a new word, and often nothing at all.
 * A classic script, not a module: it must work from file:// and under script-src 'self'.
 */
(function () {
  'use strict';
  var root = typeof window !== 'undefined' ? window : globalThis;
  var knead = (root.knead = root.knead || {});

  var PREFIX_WEIGHT = 0.7;
  var TYPO_WEIGHT = 0.6;
  var MAX_PREFIX_TERMS = 12;
  var MIN_TYPO_LENGTH = 5;
  /* Title files are fetched ahead only up to this many (20,000 pages): past that, the page
   * details of each answer are fetched as needed. */
  var MAX_TITLE_FILES = 8;
  /* A new word's first letter fetches the shards of that letter only up to this many. */
  var MAX_AHEAD_SHARDS = 12;

  /* A character of a word, as the build's `is_word_char` (src/model/slug.rs) decides: a letter
   * or digit of any script (Rust's is_alphanumeric: Alphabetic or a number), or a combining
   * mark, so a Hindi virama or vowel sign stays in its word. */
  var WORD_CHAR = '\\p{Alphabetic}\\p{N}\\p{M}';
  var NOT_WORD = new RegExp('[^' + WORD_CHAR + ']+', 'u');
  var ENDS_IN_WORD = new RegExp('[' + WORD_CHAR + ']$', 'u');

  function fold(text) {
    return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function words(folded) {
    return folded.split(NOT_WORD).filter(function (w) { return w.length > 0; });
  }

  /* The same rule as the build: not a stop word, and two letters or more (digits may be one). */
  function indexed(word, stop) {
    return (word.length > 1 || /^[0-9]+$/.test(word)) && stop.indexOf(word) < 0;
  }

  /* True when a and b differ by exactly one insertion, deletion, substitution or swap of
   * neighbours (Damerau-Levenshtein distance 1). */
  function oneEdit(a, b) {
    if (a === b) return false;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* FNV-1a over the UTF-8 bytes of `text`, as the build computes it (src/output/search_index/bloom.rs). */
  var encoder = typeof TextEncoder !== 'undefined' ? new TextEncoder() : null;
  function fnv1a(text, seed) {
    var bytes = encoder.encode(text);
    var hash = (0x811c9dc5 ^ seed) >>> 0;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash;
  }

  /* Whether `term` may be in the index (a Bloom filter: never wrong about a "no"). */
  function mayExist(manifest, term) {
    if (!manifest.terms) return true;
    if (!manifest.bits) {
      var raw = atob(manifest.terms);
      manifest.bits = new Uint8Array(raw.length);
      for (var j = 0; j < raw.length; j++) manifest.bits[j] = raw.charCodeAt(j);
    }
    var size = manifest.bits.length * 8;
    var a = fnv1a(term, 0);
    var b = (fnv1a(term, 0x5bd1e995) | 1) >>> 0;
    for (var i = 0; i < manifest.probes; i++) {
      var bit = ((a + Math.imul(i, b)) >>> 0) % size;
      if (!(manifest.bits[bit >> 3] & (1 << (bit & 7)))) return false;
    }
    return true;
  }

  /* Index of the shard whose range holds `term`: the last bound not after it. */
  function shardOf(bounds, term) {
    var lo = 0, hi = bounds.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (bounds[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* Parses a query into words: [{word, stem, last}]. */
  function parse(text, manifest, stem) {
    var all = words(fold(text));
    var endsInWord = ENDS_IN_WORD.test(String(text));
    var out = [];
    all.forEach(function (word, i) {
      var last = i === all.length - 1 && endsInWord;
      // A stop word still being typed may be the start of a real word ("th" -> "therapy").
      if (!indexed(word, manifest.stop) && !(last && word.length > 1)) return;
      out.push({ word: word, stem: manifest.stem ? stem(word) : word, last: last });
    });
    return out;
  }

  /* Shards a query needs: each word's own; for the last word, those of the words it begins;
   * for a word long enough to forgive a typo, those of its first two letters (the build keeps
   * terms sharing two letters together), at most three around its own. */
  function shardsFor(parsed, manifest) {
    var needed = {};
    var bounds = manifest.bounds;
    function range(from, to, around) {
      if (to - from > 2) {
        from = Math.max(from, around - 1);
        to = Math.min(to, from + 2);
      }
      for (var s = from; s <= to; s++) needed[s] = true;
    }
    parsed.forEach(function (q) {
      var own = shardOf(bounds, q.stem);
      needed[own] = true;
      if (q.last) range(shardOf(bounds, q.word), shardOf(bounds, q.word + '\uffff'), shardOf(bounds, q.word));
      // Only a word the index does not have needs the shards of its possible corrections.
      if (q.word.length >= MIN_TYPO_LENGTH && !mayExist(manifest, q.stem) && !mayExist(manifest, q.word)) {
        var two = q.stem.slice(0, 2);
        range(shardOf(bounds, two), shardOf(bounds, two + '\uffff'), own);
      }
    });
    return Object.keys(needed).map(Number).sort(function (a, b) { return a - b; });
  }

  /* Every term of the loaded shards with its postings: {term: {shard, index}}. */
  function termsOf(shards) {
    var list = [];
    Object.keys(shards).forEach(function (n) {
      shards[n].terms.forEach(function (term, index) {
        list.push({ term: term, shard: shards[n], index: index });
      });
    });
    return list;
  }

  /* Terms matching one query word, each with a weight. */
  function match(q, terms) {
    var found = [];
    var exact = false;
    terms.forEach(function (t) {
      if (t.term === q.stem || t.term === q.word) {
        exact = true;
        found.push({ t: t, weight: 1 });
      }
    });
    if (q.last) {
      var prefixed = terms.filter(function (t) {
        return t.term !== q.stem && t.term !== q.word && t.term.indexOf(q.word) === 0;
      });
      // Most widely used first, so a short prefix finds the likely words.
      prefixed.sort(function (a, b) {
        return b.shard.postings[b.index].length - a.shard.postings[a.index].length || (a.term < b.term ? -1 : 1);
      });
      // A completion counts by how common it is, so "stret" leans to "stretch", not a rare
      // "stretchy" whose few pages score high on their own.
      var kept = prefixed.slice(0, MAX_PREFIX_TERMS);
      var most = kept.length ? kept[0].shard.counts[kept[0].index] : 1;
      kept.forEach(function (t) {
        var share = Math.sqrt(t.shard.counts[t.index] / most);
        found.push({ t: t, weight: PREFIX_WEIGHT * share });
      });
    }
    if (!exact && found.length === 0 && q.word.length >= MIN_TYPO_LENGTH) {
      terms.forEach(function (t) {
        // One edit from the stem or the word; or a known stem that the word begins with and
        // then goes wrong after ("circulaton" starts with the stem "circul").
        var extends_ = t.term.length >= 4 && q.word.indexOf(t.term) === 0 && q.word.length - t.term.length <= 4;
        if (oneEdit(q.stem, t.term) || oneEdit(q.word, t.term) || extends_) found.push({ t: t, weight: TYPO_WEIGHT });
      });
    }
    return found;
  }

  /* Ranks pages for parsed query words over loaded shards: {pages: [{doc, score, matched,
   * terms}], atLeast}: atLeast counts the pages of the most used exact word, which the index
   * may have cut to its best pages. */
  function rank(parsed, shards) {
    var terms = termsOf(shards);
    var pages = {};
    var atLeast = 0;
    parsed.forEach(function (q, qi) {
      var best = {};
      match(q, terms).forEach(function (m) {
        if (m.weight === 1) atLeast = Math.max(atLeast, m.t.shard.counts[m.t.index]);
        var postings = m.t.shard.postings[m.t.index];
        var doc = 0;
        for (var i = 0; i < postings.length; i += 2) {
          doc += postings[i];
          var score = postings[i + 1] * m.weight;
          if (!best[doc] || best[doc].score < score) best[doc] = { score: score, t: m.t };
        }
      });
      Object.keys(best).forEach(function (d) {
        var page = pages[d] || (pages[d] = { doc: Number(d), score: 0, matched: 0, terms: [] });
        page.score += best[d].score;
        page.matched += 1;
        page.terms[qi] = best[d].t;
      });
    });
    var ranked = Object.keys(pages).map(function (d) { return pages[d]; }).sort(function (a, b) {
      return b.matched - a.matched || b.score - a.score || a.doc - b.doc;
    });
    return { pages: ranked, atLeast: Math.max(atLeast, ranked.length) };
  }

  /* The excerpt sentence a shard keeps for (term, doc), or null. */
  function excerptOf(t, doc) {
    var pairs = t.shard.excerpts[t.index];
    for (var i = 0; i < pairs.length; i += 2) {
      if (pairs[i] === doc) return pairs[i + 1] >= 0 ? t.shard.sentences[pairs[i + 1]] : null;
    }
    return null;
  }

  /* Splits text into [{text, mark}] pieces, marking words that match the query. */
  function highlight(text, parsed, manifest, stem) {
    var pieces = [];
    var re = new RegExp('[' + WORD_CHAR + ']+', 'gu');
    var at = 0, m;
    while ((m = re.exec(text)) !== null) {
      var w = fold(m[0]);
      var s = manifest.stem ? stem(w) : w;
      var hit = parsed.some(function (q) {
        return s === q.stem || w === q.word || (q.last && w.indexOf(q.word) === 0) ||
          (q.word.length >= MIN_TYPO_LENGTH && (oneEdit(q.stem, s) || oneEdit(q.word, w)));
      });
      if (!hit) continue;
      if (m.index > at) pieces.push({ text: text.slice(at, m.index), mark: false });
      pieces.push({ text: m[0], mark: true });
      at = m.index + m[0].length;
    }
    if (at < text.length) pieces.push({ text: text.slice(at), mark: false });
    return pieces;
  }

  /* An article's URL worked out from its title, as the build does (derived_url in
   * src/output/search_index/mod.rs): the title's ASCII letters and digits, lowercased, in runs
   * joined by hyphens, in its collection's folder. The index stores the URL of any page whose
   * URL differs from this. */
  function derivedUrl(manifest, title, collection) {
    var slug = String(title).toLowerCase().split(/[^a-z0-9]+/).filter(function (w) { return w; }).join('-');
    return manifest.folders[collection] + '/' + slug + '/' + (manifest.portable ? 'index.html' : '');
  }

  /* A page's URL from its row: [title, collection, url or "" (derived), ...]. */
  function rowUrl(manifest, row) {
    return row[2] || derivedUrl(manifest, row[0], row[1]);
  }

  function sameWords(a, b, stop) {
    var x = words(fold(a)).filter(function (w) { return indexed(w, stop); }).join(' ');
    var y = words(fold(b)).filter(function (w) { return indexed(w, stop); }).join(' ');
    return x.length > 0 && x === y;
  }

  /* Makes a search engine over an index reached through `load`:
   *   load.shard(n), load.docs(n), load.titles(n) -> Promise of that file's data.
   * search(text, limit, options) -> Promise of {query, total, results: [{title, url, collection,
   * excerpt: [{text, mark}] or null}]}. With options.excerpts false (the suggestion list), a
   * page whose title row is already here needs no page-details file.
   * prefetch() fetches the title files, once, when the index has few enough of them. */
  function create(manifest, load, stem) {
    stem = stem || knead.stem || function (w) { return w; };
    var shardCache = {};
    var docCache = {};
    var titleCache = {};
    var titleRows = {};
    function cached(cache, n, fetch) {
      if (!cache[n]) {
        cache[n] = fetch(n).catch(function (e) { delete cache[n]; throw e; });
      }
      return cache[n];
    }
    /* The title row of `doc` if its title file has arrived, else null. */
    function titleRow(doc) {
      var rows = manifest.titleSize ? titleRows[Math.floor(doc / manifest.titleSize)] : null;
      return rows ? rows[doc % manifest.titleSize] : null;
    }
    function prefetch() {
      if (!load.titles || !manifest.titleFiles || manifest.titleFiles > MAX_TITLE_FILES) return Promise.resolve(false);
      var all = [];
      for (var n = 0; n < manifest.titleFiles; n++) {
        all.push(cached(titleCache, n, function (k) {
          return load.titles(k).then(function (rows) { titleRows[k] = rows; return rows; });
        }));
      }
      return Promise.all(all).then(function () { return true; });
    }
    function search(text, limit, options) {
      limit = limit || 10;
      var excerpts = !options || options.excerpts !== false;
      var parsed = parse(text, manifest, stem);
      if (parsed.length === 0) return Promise.resolve({ query: text, total: 0, results: [] });
      var needed = shardsFor(parsed, manifest);
      return Promise.all(needed.map(function (n) { return cached(shardCache, n, load.shard); }))
        .then(function (loaded) {
          var shards = {};
          needed.forEach(function (n, i) { shards[n] = loaded[i]; });
          var ranking = rank(parsed, shards);
          var ranked = ranking.pages;
          var top = ranked.slice(0, limit);
          var groups = {};
          top.forEach(function (p) {
            if (excerpts || !titleRow(p.doc)) groups[Math.floor(p.doc / manifest.groupSize)] = true;
          });
          var wanted = Object.keys(groups).map(Number);
          return Promise.all(wanted.map(function (g) { return cached(docCache, g, load.docs); }))
            .then(function (rows) {
              var byGroup = {};
              wanted.forEach(function (g, i) { byGroup[g] = rows[i]; });
              var results = top.map(function (p) {
                var group = byGroup[Math.floor(p.doc / manifest.groupSize)];
                var row = group ? group[p.doc % manifest.groupSize] : titleRow(p.doc);
                var excerpt = null;
                if (excerpts) {
                  p.terms.forEach(function (t) { if (!excerpt && t) excerpt = excerptOf(t, p.doc); });
                  excerpt = highlight(excerpt || row[3], parsed, manifest, stem);
                }
                return {
                  doc: p.doc,
                  title: row[0],
                  url: rowUrl(manifest, row),
                  collection: manifest.collections[row[1]] || '',
                  exact: sameWords(row[0], text, manifest.stop),
                  excerpt: excerpt,
                };
              });
              // A page whose title is exactly the query comes first, whatever its score.
              results.sort(function (a, b) { return (b.exact ? 1 : 0) - (a.exact ? 1 : 0); });
              return { query: text, total: ranking.atLeast, results: results };
            });
        });
    }
    /* When the visitor has typed the first letter of a new word, fetch the shards of every term
     * starting with that letter (when there are few enough of them), so that the next keystroke
     * finds its shard already here. Returns how many shards it asked for. */
    function ahead(text) {
      var folded = fold(text);
      var all = words(folded);
      var last = all[all.length - 1];
      if (!last || last.length !== 1 || !ENDS_IN_WORD.test(folded)) return 0;
      var from = shardOf(manifest.bounds, last);
      var to = shardOf(manifest.bounds, last + '\uffff');
      if (to - from + 1 > MAX_AHEAD_SHARDS) return 0;
      for (var n = from; n <= to; n++) cached(shardCache, n, load.shard).catch(function () {});
      return to - from + 1;
    }
    return { search: search, prefetch: prefetch, ahead: ahead };
  }

  /* Loads index files as classic scripts (works from file://, unlike fetch). Each file calls
   * knead.searchShard(n, data) or knead.searchDocs(n, rows) when it runs. */
  function scriptLoader(base, version) {
    var waiting = { searchShard: {}, searchDocs: {}, searchTitles: {} };
    function receiver(kind) {
      return function (n, data) {
        var w = waiting[kind][n];
        if (w) { delete waiting[kind][n]; w.resolve(data); }
      };
    }
    knead.searchShard = receiver('searchShard');
    knead.searchDocs = receiver('searchDocs');
    knead.searchTitles = receiver('searchTitles');
    function load(kind, file) {
      return function (n) {
        return new Promise(function (resolve, reject) {
          waiting[kind][n] = { resolve: resolve };
          var script = document.createElement('script');
          script.src = base + 'search/' + file + n + '.js?v=' + version;
          script.async = true;
          script.onerror = function () { delete waiting[kind][n]; reject(new Error('search index file missing: ' + script.src)); };
          script.onload = function () { script.remove(); };
          document.head.appendChild(script);
        });
      };
    }
    return { shard: load('searchShard', 's'), docs: load('searchDocs', 'd'), titles: load('searchTitles', 't') };
  }

  knead.searchEngine = {
    create: create,
    scriptLoader: scriptLoader,
    // Exposed for tests.
    fold: fold,
    words: words,
    fnv1a: fnv1a,
    mayExist: mayExist,
    parse: parse,
    oneEdit: oneEdit,
    shardOf: shardOf,
    highlight: highlight,
    derivedUrl: derivedUrl,
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = knead.searchEngine;
})();
