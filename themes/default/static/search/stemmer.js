/* English stemmer: the Snowball English ("Porter2") algorithm as published at
   snowballstem.org, matching the Rust crate rust-stemmers 1.2 used when the
   search index is built, so a query word stems exactly as the indexed words did.
   knead.stem('stretching') === 'stretch'. Tested against tests/js/fixtures/stems.tsv. */
(function () {
  'use strict';

  var root = typeof window !== 'undefined' ? window : globalThis;
  var knead = root.knead = root.knead || {};

  // Whole words handled before anything else.
  var EXCEPTIONS = {
    skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie',
    idly: 'idl', gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl',
    sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes'
  };
  // Words left as they are once Step 1a is done.
  var INVARIANT = /^(inning|outing|canning|herring|earring|proceed|exceed|succeed)$/;

  var STEP2 = {
    tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent',
    izer: 'ize', ization: 'ize', ational: 'ate', ation: 'ate', ator: 'ate',
    alism: 'al', aliti: 'al', alli: 'al', fulness: 'ful', ousli: 'ous', ousness: 'ous',
    iveness: 'ive', iviti: 'ive', biliti: 'ble', bli: 'ble', ogi: 'og', fulli: 'ful',
    lessli: 'less', li: ''
  };
  var STEP3 = {
    tional: 'tion', ational: 'ate', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic',
    ful: '', ness: '', ative: ''
  };
  var STEP4 = {
    al: 1, ance: 1, ence: 1, er: 1, ic: 1, able: 1, ible: 1, ant: 1, ement: 1, ment: 1,
    ent: 1, ism: 1, ate: 1, iti: 1, ous: 1, ive: 1, ize: 1, ion: 1
  };

  function has(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key);
  }

  function isVowel(w, i) {
    return i >= 0 && i < w.length && 'aeiouy'.indexOf(w.charAt(i)) >= 0;
  }

  // The longest ending of w that is a key of table, or '' if none is.
  function ending(w, table) {
    for (var k = Math.min(w.length, 7); k > 0; k--) {
      if (has(table, w.slice(-k))) return w.slice(-k);
    }
    return '';
  }

  // Index just past the first non-vowel that follows a vowel at or after i (-1 if none).
  function pastVowelRun(w, i) {
    while (i < w.length && !isVowel(w, i)) i++;
    if (i === w.length) return -1;
    while (i < w.length && isVowel(w, i)) i++;
    return i < w.length ? i + 1 : -1;
  }

  // Whether w ends in a short syllable just before index i: non-vowel + vowel + non-vowel
  // other than w, x or Y; or, as the whole word, vowel + non-vowel.
  function shortSyllable(w, i) {
    if (i < 2 || isVowel(w, i - 1) || !isVowel(w, i - 2)) return false;
    if (i === 2) return true;
    return 'wxY'.indexOf(w.charAt(i - 1)) < 0 && !isVowel(w, i - 3);
  }

  function stem(word) {
    word = String(word);
    if (has(EXCEPTIONS, word)) return EXCEPTIONS[word];
    // Positions count characters as Rust does: fold each astral character to one unit.
    var chars = Array.from(word);
    if (chars.length < 3) return word;
    var w = chars.map(function (c) { return c.length > 1 ? '\uFFFF' : c; }).join('');

    // Prelude: drop a leading apostrophe; y at the start or after a vowel is a consonant, Y.
    if (w.charAt(0) === "'") { w = w.slice(1); chars.shift(); }
    var foundY = false;
    for (var i = 0; i < w.length; i++) {
      if (w.charAt(i) === 'y' && (i === 0 || isVowel(w, i - 1))) {
        w = w.slice(0, i) + 'Y' + w.slice(i + 1);
        foundY = true;
      }
    }

    // Regions: R1 starts after the first non-vowel following a vowel (or after gener-,
    // commun-, arsen-), R2 likewise within R1. A suffix is "in R1" if it starts at or after p1.
    var p1 = w.length, p2 = w.length;
    var prefix = /^(gener|commun|arsen)/.exec(w);
    var m = prefix ? prefix[0].length : pastVowelRun(w, 0);
    if (m >= 0) {
      p1 = m;
      m = pastVowelRun(w, p1);
      if (m >= 0) p2 = m;
    }
    function start(suffix) { return w.length - suffix.length; }
    function replace(suffix, by) { w = w.slice(0, start(suffix)) + by; }

    // Step 1a: apostrophe endings, then plurals.
    var s = ending(w, { "'": 1, "'s": 1, "'s'": 1 });
    if (s) replace(s, '');
    s = ending(w, { sses: 1, ied: 1, ies: 1, s: 1, us: 1, ss: 1 });
    if (s === 'sses') replace(s, 'ss');
    else if (s === 'ied' || s === 'ies') replace(s, start(s) > 1 ? 'i' : 'ie');
    else if (s === 's' && /[aeiouy]/.test(w.slice(0, -2))) replace(s, '');

    if (!INVARIANT.test(w)) {
      // Step 1b: -eed, -ed, -ing and their -ly forms.
      s = ending(w, { eed: 1, eedly: 1, ed: 1, edly: 1, ing: 1, ingly: 1 });
      if (s === 'eed' || s === 'eedly') {
        if (start(s) >= p1) replace(s, 'ee');
      } else if (s && /[aeiouy]/.test(w.slice(0, start(s)))) {
        replace(s, '');
        if (/(at|bl|iz)$/.test(w)) w += 'e';
        else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
        else if (p1 === w.length && shortSyllable(w, w.length)) w += 'e';
      }

      // Step 1c: final y or Y after a non-vowel that is not the first letter becomes i.
      var n = w.length;
      if (n > 2 && /[yY]/.test(w.charAt(n - 1)) && !isVowel(w, n - 2)) w = w.slice(0, -1) + 'i';

      // Step 2: suffixes in R1.
      s = ending(w, STEP2);
      if (s && start(s) >= p1) {
        var before = w.charAt(start(s) - 1);
        if (s === 'ogi') { if (before === 'l') replace(s, 'og'); }
        else if (s === 'li') { if (before && 'cdeghkmnrt'.indexOf(before) >= 0) replace(s, ''); }
        else replace(s, STEP2[s]);
      }

      // Step 3: suffixes in R1; -ative only in R2.
      s = ending(w, STEP3);
      if (s && start(s) >= p1 && (s !== 'ative' || start(s) >= p2)) replace(s, STEP3[s]);

      // Step 4: suffixes in R2 are deleted; -ion only after s or t.
      s = ending(w, STEP4);
      if (s && start(s) >= p2 && (s !== 'ion' || /[st]/.test(w.charAt(start(s) - 1)))) replace(s, '');

      // Step 5: final e in R2, or in R1 after no short syllable; final l in R2 after l.
      n = w.length;
      if (w.charAt(n - 1) === 'e' && (n - 1 >= p2 || (n - 1 >= p1 && !shortSyllable(w, n - 1)))) {
        w = w.slice(0, -1);
      } else if (w.charAt(n - 1) === 'l' && n - 1 >= p2 && w.charAt(n - 2) === 'l') {
        w = w.slice(0, -1);
      }
    }

    // Postlude: Y back to y, astral characters back in place.
    if (foundY) w = w.replace(/Y/g, 'y');
    return w.replace(/\uFFFF/g, function (c, k) { return chars[k] || c; });
  }

  knead.stem = stem;
  if (typeof module !== 'undefined' && module.exports) module.exports = { stem: stem };
})();
