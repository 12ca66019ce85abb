/* knead serve's live reload: added to pages by the preview server only, never to a build.
 * It listens for build news; a new build reloads the page, a failed one shows its errors over
 * the page until the next good save. Text only: error messages are never read as HTML. */
(function () {
  'use strict';
  var generation = null;
  var overlay = null;

  function show(errors) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'knead_build_errors';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;' +
        'background:#1b1b1b;color:#fff;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace';
      document.body.appendChild(overlay);
    }
    overlay.textContent = '';
    var title = document.createElement('h2');
    title.textContent = 'The site did not build (' + errors.length + (errors.length === 1 ? ' error)' : ' errors)');
    title.style.cssText = 'margin:0 0 1rem;color:#ff9b9b;font:700 20px/1.3 system-ui,sans-serif';
    overlay.appendChild(title);
    var list = document.createElement('ul');
    list.style.cssText = 'margin:0;padding-left:1.2rem';
    errors.forEach(function (error) {
      var item = document.createElement('li');
      item.textContent = error;
      item.style.cssText = 'margin-bottom:.5rem;white-space:pre-wrap;overflow-wrap:anywhere';
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var hint = document.createElement('p');
    hint.textContent = 'Fix the file and save it: this page updates by itself.';
    hint.style.cssText = 'margin-top:1.5rem;color:#ccc;font:16px/1.5 system-ui,sans-serif';
    overlay.appendChild(hint);
  }

  var events = new EventSource('/__knead/events');
  events.addEventListener('state', function (message) {
    var state = JSON.parse(message.data);
    if (state.errors.length) {
      show(state.errors);
      return;
    }
    if ((generation !== null && state.generation !== generation) || overlay) {
      window.location.reload();
      return;
    }
    generation = state.generation;
  });
})();
