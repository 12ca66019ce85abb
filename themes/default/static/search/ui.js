/* knead search interface: the as-you-type box in the header (a WAI-ARIA combobox with a
 * listbox) on every page, and the results on the search page (search/?q=...).
 * Without JavaScript the header form still submits to the search page, which then shows
 * links to browse instead. Page text is only ever inserted with textContent, never as HTML.
 */
(function () {
  'use strict';
  var knead = (window.knead = window.knead || {});
  var manifest = knead.searchManifest;
  var form = document.querySelector('form.site-search');
  if (!manifest || !form || !knead.searchEngine) return;

  var base = form.getAttribute('data-root') || './';
  var portable = form.hasAttribute('data-portable');
  var engine = knead.searchEngine.create(manifest, knead.searchEngine.scriptLoader(base, manifest.version));

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pageUrl(url) {
    return base + url;
  }

  function searchPageUrl(query) {
    return base + 'search/' + (portable ? 'index.html' : '') + '?q=' + encodeURIComponent(query);
  }

  /* An excerpt as text with <mark>ed words. */
  function excerptNode(tag, className, pieces) {
    var node = el(tag, className);
    pieces.forEach(function (p) {
      node.appendChild(p.mark ? el('mark', null, p.text) : document.createTextNode(p.text));
    });
    return node;
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  /* ---- The header combobox ---- */
  function combobox() {
    var input = form.querySelector('input[type=search]');
    if (!input) return;
    var list = el('ul', 'search-suggestions');
    list.id = input.id + '_listbox';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Search suggestions');
    list.hidden = true;
    var status = el('p', 'visually-hidden');
    status.setAttribute('role', 'status');
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);

    var options = [];
    var active = -1;
    var asked = 0;
    var announceTimer = null;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function setActive(index) {
      options.forEach(function (o, i) { o.node.setAttribute('aria-selected', i === index ? 'true' : 'false'); });
      active = index;
      if (index >= 0) {
        input.setAttribute('aria-activedescendant', options[index].node.id);
        options[index].node.scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function announce(text) {
      clearTimeout(announceTimer);
      // Wait for a pause in typing so a screen reader is not flooded.
      announceTimer = setTimeout(function () { status.textContent = text; }, 400);
    }

    function show(answer, query) {
      list.textContent = '';
      options = [];
      answer.results.forEach(function (r, i) {
        var li = el('li', 'search-suggestion');
        li.id = list.id + '_' + i;
        li.setAttribute('role', 'option');
        li.appendChild(el('span', 'search-suggestion-title', r.title));
        if (r.collection) li.appendChild(el('span', 'search-suggestion-collection', r.collection));
        options.push({ node: li, href: pageUrl(r.url) });
        list.appendChild(li);
      });
      var all = el('li', 'search-suggestion search-suggestion-all',
        answer.total ? 'See all ' + plural(answer.total, 'result', 'results') + ' for “' + query + '”' : 'No results for “' + query + '”');
      all.id = list.id + '_all';
      all.setAttribute('role', 'option');
      options.push({ node: all, href: searchPageUrl(query) });
      list.appendChild(all);
      options.forEach(function (o, i) {
        o.node.addEventListener('mousedown', function (e) { e.preventDefault(); });
        o.node.addEventListener('click', function () { window.location.href = options[i].href; });
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      setActive(-1);
      announce(answer.total ? plural(answer.total, 'result', 'results') + ' available' : 'No results');
    }

    /* After the first answer with results, fetch every page's title, and from then on the shards of a new
     * word's first letter, so the next keystrokes show suggestions without waiting for the
     * network. Not when the visitor asked to save data. */
    var connection = navigator.connection;
    var saveData = !!(connection && connection.saveData);
    var answered = false;
    function prefetchOnce() {
      if (answered || saveData) return;
      answered = true;
      setTimeout(function () { engine.prefetch().catch(function () { answered = false; }); }, 0);
    }

    input.addEventListener('input', function () {
      var query = input.value.trim();
      var ticket = ++asked;
      if (!query) {
        clearTimeout(announceTimer);
        close();
        status.textContent = '';
        return;
      }
      if (answered) engine.ahead(input.value);
      engine.search(query, 8, { excerpts: false }).then(function (answer) {
        if (ticket === asked) show(answer, query);
        if (answer.total > 0) prefetchOnce();
      }, function () { if (ticket === asked) close(); });
    });

    input.addEventListener('keydown', function (e) {
      var open = !list.hidden && options.length > 0;
      if (e.key === 'ArrowDown' && open) {
        e.preventDefault();
        setActive(active + 1 >= options.length ? 0 : active + 1);
      } else if (e.key === 'ArrowUp' && open) {
        e.preventDefault();
        setActive(active <= 0 ? options.length - 1 : active - 1);
      } else if (e.key === 'Enter' && open && active >= 0) {
        e.preventDefault();
        window.location.href = options[active].href;
      } else if (e.key === 'Escape') {
        if (open) { e.preventDefault(); close(); } else { input.value = ''; }
      }
    });
    input.addEventListener('blur', close);
  }

  /* ---- The search page ---- */
  function resultsPage() {
    var results = document.getElementById('search_results');
    if (!results) return;
    var statusNode = document.getElementById('search_status');
    var browse = document.getElementById('search_browse');
    var more = document.getElementById('search_more');
    var pageInput = document.getElementById('search_page_q');
    var query = new URLSearchParams(window.location.search).get('q') || '';
    if (pageInput) pageInput.value = query;
    var headerInput = form.querySelector('input[type=search]');
    if (headerInput && !headerInput.value) headerInput.value = query;
    if (!query.trim()) { statusNode.textContent = 'Type a word or two to search every page.'; return; }
    document.title = 'Search: ' + query + ' – ' + document.title.replace(/^Search – /, '');
    var limit = 10;

    function render() {
      engine.search(query, limit).then(function (answer) {
        results.textContent = '';
        answer.results.forEach(function (r) {
          var li = el('li', 'search-result');
          var heading = el('h2', 'search-result-title');
          var link = el('a', null, r.title);
          link.href = pageUrl(r.url);
          heading.appendChild(link);
          li.appendChild(heading);
          if (r.collection) li.appendChild(el('p', 'search-result-collection', r.collection));
          li.appendChild(excerptNode('p', 'search-result-excerpt', r.excerpt));
          results.appendChild(li);
        });
        if (answer.total === 0) {
          statusNode.textContent = 'No results for “' + query + '”. Check the spelling, try fewer or simpler words, or browse the topics below.';
          if (browse) browse.hidden = false;
        } else {
          statusNode.textContent = plural(answer.total, 'result', 'results') + ' for “' + query + '”';
        }
        if (more) more.hidden = answer.total <= answer.results.length;
      }, function () {
        statusNode.textContent = 'Search is not available right now. Browse the topics below instead.';
        if (browse) browse.hidden = false;
      });
    }
    if (more) {
      more.addEventListener('click', function () { limit += 10; render(); });
    }
    render();
  }

  combobox();
  resultsPage();
})();
