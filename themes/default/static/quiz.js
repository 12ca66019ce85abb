/* knead symptom quiz: a warning-sign screen, then one question at a time, then suggestions.
 *
 * Everything the visitor sees is already in the page, escaped by the build: questions and
 * answers as fieldsets, red-flag messages, and (in a JSON data block) the scores and the
 * pages they point at. This script only shows and hides steps, adds up scores, and builds the
 * results with text nodes. The answers live in the address fragment (#at=...&flags=...&id=...),
 * so a result can be bookmarked, reloaded or shared, Back and Forward move between steps,
 * and nothing is stored or sent anywhere.
 * A classic script, not a module: it must work from file:// and under script-src 'self'.
 */
(function () {
  'use strict';
  var root = typeof window !== 'undefined' ? window : globalThis;
  var knead = (root.knead = root.knead || {});

  /* ---- Answers in the address fragment ---- */

  /* State: {at: 'flags' | question id | 'results', flags: ['0.1', ...], answers: {id: [indices]}} */
  function encode(state, data) {
    var parts = ['at=' + encodeURIComponent(state.at)];
    if (state.flags.length) parts.push('flags=' + state.flags.join(','));
    data.questions.forEach(function (q) {
      var chosen = state.answers[q.id];
      if (chosen && chosen.length) parts.push(encodeURIComponent(q.id) + '=' + chosen.join(','));
    });
    return '#' + parts.join('&');
  }

  /* Reads a fragment, keeping only what fits the quiz (a hand-edited address cannot break it). */
  function decode(hash, data) {
    var state = { at: 'flags', flags: [], answers: {} };
    var params = {};
    String(hash || '').replace(/^#/, '').split('&').forEach(function (pair) {
      var i = pair.indexOf('=');
      if (i <= 0) return;
      try {
        params[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
      } catch (e) {
        // A broken escape in a hand-edited address: ignore that part.
      }
    });
    var steps = ['flags', 'results'].concat(data.questions.map(function (q) { return q.id; }));
    if (steps.indexOf(params.at) >= 0) state.at = params.at;
    if (params.flags) {
      var counts = data.flags || [];
      state.flags = unique(params.flags.split(',').filter(function (f) {
        var m = /^(\d+)\.(\d+)$/.exec(f);
        return m && Number(m[1]) < counts.length && Number(m[2]) < counts[Number(m[1])];
      }));
    }
    data.questions.forEach(function (q) {
      if (!params[q.id]) return;
      var chosen = params[q.id].split(',').map(Number).filter(function (n) {
        return Number.isInteger(n) && n >= 0 && n < q.answers.length;
      });
      chosen = unique(chosen);
      if (!q.multiple) chosen = chosen.slice(0, 1);
      if (chosen.length) state.answers[q.id] = chosen;
    });
    return state;
  }

  function unique(list) {
    return list.filter(function (x, i) { return list.indexOf(x) === i; });
  }

  /* ---- Scoring ---- */

  /* Suggestions for the answers: [{collection, pages: [{page, score, reasons: [[q, a], ...]}]}],
   * collections in site order; in each, highest score first, ties in reading order. */
  function score(data, answers) {
    var totals = {};
    data.questions.forEach(function (q, qi) {
      (answers[q.id] || []).forEach(function (ai) {
        (q.answers[ai] || []).forEach(function (pair) {
          var t = totals[pair[0]] || (totals[pair[0]] = { page: pair[0], score: 0, reasons: [] });
          t.score += pair[1];
          if (!t.reasons.some(function (r) { return r[0] === qi && r[1] === ai; })) t.reasons.push([qi, ai]);
        });
      });
    });
    var ranked = Object.keys(totals).map(function (k) { return totals[k]; })
      .filter(function (t) { return t.score > 0; })
      .sort(function (a, b) {
        return b.score - a.score ||
          data.pages[a.page].collection - data.pages[b.page].collection ||
          a.page - b.page;
      });
    var groups = [];
    data.collections.forEach(function (title, ci) {
      var pages = ranked.filter(function (t) { return data.pages[t.page].collection === ci; });
      if (pages.length) groups.push({ collection: ci, title: title, pages: pages });
    });
    return groups;
  }

  knead.quiz = { encode: encode, decode: decode, score: score };
  if (typeof module !== 'undefined' && module.exports) module.exports = knead.quiz;
  if (typeof document === 'undefined') return;

  /* ---- The page ---- */

  var form = document.getElementById('quiz_form');
  var dataNode = document.getElementById('quiz_data');
  if (!form || !dataNode) return;
  var data = JSON.parse(dataNode.textContent);
  var base = form.getAttribute('data-root') || './';
  var steps = Array.prototype.slice.call(form.querySelectorAll('.quiz-step'));
  var order = steps.map(function (s) { return s.getAttribute('data-step'); });
  var alertBox = document.getElementById('quiz_alert');
  var summary = document.getElementById('quiz_error_summary');
  var state = decode(window.location.hash, data);

  document.getElementById('quiz_static').hidden = true;
  form.hidden = false;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function inputsOf(step) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + step + '"]'));
  }

  /* Puts the state's answers into the form's inputs. */
  function fill() {
    inputsOf('flags').forEach(function (i) { i.checked = state.flags.indexOf(i.value) >= 0; });
    data.questions.forEach(function (q) {
      var chosen = state.answers[q.id] || [];
      inputsOf(q.id).forEach(function (i) { i.checked = chosen.indexOf(Number(i.value)) >= 0; });
    });
  }

  /* Reads the inputs of one step into the state. */
  function read(step) {
    var ticked = inputsOf(step).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    if (step === 'flags') state.flags = ticked;
    else state.answers[step] = ticked.map(Number);
  }

  /* The messages of the ticked red-flag groups, copied from the page. */
  function flagMessages() {
    var groups = {};
    state.flags.forEach(function (f) { groups[f.split('.')[0]] = true; });
    return Array.prototype.slice.call(form.querySelectorAll('.quiz-flag-message')).filter(function (m) {
      return groups[m.getAttribute('data-group')];
    });
  }

  function showAlert() {
    var messages = flagMessages();
    alertBox.textContent = '';
    messages.forEach(function (m) {
      var copy = m.cloneNode(true);
      copy.hidden = false;
      copy.className = 'care-card care-card-urgent';
      alertBox.appendChild(copy);
    });
  }

  function clearError() {
    summary.hidden = true;
    form.querySelectorAll('.quiz-error-message').forEach(function (e) { e.hidden = true; });
    form.querySelectorAll('.quiz-step fieldset').forEach(function (f) { f.classList.remove('quiz-invalid'); });
  }

  /* The GOV.UK pattern: a summary at the top that links to the question, and a message by it. */
  function showError(step) {
    var message = document.getElementById('quiz_error_' + step);
    message.hidden = false;
    message.parentNode.classList.add('quiz-invalid');
    var link = document.getElementById('quiz_error_link');
    link.textContent = message.textContent.replace(/^Error:\s*/, '');
    link.setAttribute('href', '#quiz_' + step + '_0');
    summary.hidden = false;
    summary.focus();
  }

  function go(at) {
    // First keep the answers of the step being left in its own history entry, so the
    // browser's Back returns to it as it was left.
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, '', encode(state, data));
    }
    state.at = at;
    var hash = encode(state, data);
    if (window.location.hash !== hash) {
      window.location.hash = hash;
    } else {
      render(true);
    }
  }

  function render(moveFocus) {
    fill();
    clearError();
    steps.forEach(function (s) { s.hidden = s.getAttribute('data-step') !== state.at; });
    showAlert();
    if (state.at === 'results') results();
    document.title = document.title.replace(/^(Results|Question \d+ of \d+|Warning signs): /, '');
    var index = order.indexOf(state.at);
    var label = state.at === 'results' ? 'Results' : state.at === 'flags' ? 'Warning signs' : 'Question ' + index + ' of ' + (order.length - 2);
    document.title = label + ': ' + document.title;
    if (moveFocus) {
      var current = steps[index];
      var target = current.querySelector('legend[tabindex], h2[tabindex]');
      if (target) target.focus();
    }
  }

  function answerText(qi, ai) {
    var label = form.querySelector('label[for="quiz_' + data.questions[qi].id + '_' + ai + '"]');
    return label ? label.textContent : '';
  }

  function questionText(qi) {
    var node = steps[qi + 1].querySelector('.quiz-question');
    return node ? node.textContent : '';
  }

  function pageLink(page) {
    var a = el('a', null, page.title);
    a.href = base + page.url;
    return a;
  }

  function results() {
    var flagsBox = document.getElementById('quiz_result_flags');
    flagsBox.textContent = '';
    flagMessages().forEach(function (m) {
      var copy = m.cloneNode(true);
      copy.hidden = false;
      copy.className = 'care-card care-card-urgent';
      flagsBox.appendChild(copy);
    });
    var box = document.getElementById('quiz_results');
    box.textContent = '';
    var groups = score(data, state.answers);
    if (!groups.length) {
      box.appendChild(el('p', null, 'Your answers do not point to any page in particular. Browse the topics, or talk to a doctor or physiotherapist about your pain.'));
      return;
    }
    groups.forEach(function (group) {
      var section = el('section', 'quiz-result-group');
      section.appendChild(el('h3', null, group.title));
      var list = el('ol', 'quiz-result-list');
      group.pages.forEach(function (t) {
        var page = data.pages[t.page];
        var item = el('li', 'quiz-result');
        var heading = el('h4', 'quiz-result-title');
        heading.appendChild(pageLink(page));
        item.appendChild(heading);
        item.appendChild(el('p', null, page.summary));
        if (page.evidence) item.appendChild(el('p', 'quiz-result-evidence', 'Strength of evidence: ' + page.evidence));
        var because = t.reasons.map(function (r) { return '“' + answerText(r[0], r[1]) + '” (' + questionText(r[0]) + ')'; });
        item.appendChild(el('p', 'quiz-result-because', 'Because you said ' + because.join(', ')));
        var related = page.related.filter(function (r) { return data.pages[r].collection !== page.collection; });
        if (related.length) {
          var rel = el('p', 'quiz-result-related');
          rel.appendChild(document.createTextNode('Related: '));
          related.forEach(function (r, i) {
            if (i) rel.appendChild(document.createTextNode(', '));
            rel.appendChild(pageLink(data.pages[r]));
            rel.appendChild(document.createTextNode(' (' + data.collections[data.pages[r].collection] + ')'));
          });
          item.appendChild(rel);
        }
        list.appendChild(item);
      });
      section.appendChild(list);
      box.appendChild(section);
    });
  }

  form.addEventListener('change', function (e) {
    if (e.target.name === 'flags') {
      read('flags');
      showAlert();
    }
  });

  form.addEventListener('click', function (e) {
    var button = e.target.closest('button[data-action]');
    if (!button) return;
    var action = button.getAttribute('data-action');
    var index = order.indexOf(state.at);
    if (action === 'next') {
      read(state.at);
      var q = data.questions[index - 1];
      if (q && !(state.answers[q.id] || []).length) {
        showError(q.id);
        return;
      }
      go(order[index + 1]);
    } else if (action === 'back') {
      if (state.at !== 'results') read(state.at);
      go(order[Math.max(0, index - 1)]);
    } else if (action === 'restart') {
      state = { at: 'flags', flags: [], answers: {} };
      go('flags');
    } else if (action === 'print') {
      window.print();
    }
  });

  // Enter in a field moves on, as a one-question form would.
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var next = steps[order.indexOf(state.at)].querySelector('button[data-action="next"]');
    if (next) next.click();
  });

  summary.addEventListener('click', function (e) {
    if (e.target.id !== 'quiz_error_link') return;
    e.preventDefault();
    var first = document.getElementById(e.target.getAttribute('href').slice(1));
    if (first) first.focus();
  });

  window.addEventListener('hashchange', function () {
    state = decode(window.location.hash, data);
    render(true);
  });

  render(false);
})();
