/* readouts web UI: a little progressive enhancement for the document page.
   Click a highlighted piece of text to list the fields it feeds; switch highlight layers on and off.
   Everything also works without this script (the title attribute shows the same on hover). */
(function () {
  'use strict';

  function setup() {
    var text = document.getElementById('doctext');
    if (!text) {
      return;
    }
    var panel = document.getElementById('feeds');
    var list = document.getElementById('feeds-list');
    var close = document.getElementById('feeds-close');
    var layers = document.getElementById('layers');
    var selected = null;

    text.addEventListener('click', function (event) {
      var target = event.target;
      var piece = target && target.closest ? target.closest('#doctext [title]') : null;
      if (!piece || !panel || !list) {
        return;
      }
      if (selected) {
        selected.classList.remove('is-selected');
      }
      selected = piece;
      piece.classList.add('is-selected');
      list.textContent = '';
      piece.getAttribute('title').split('\n').forEach(function (line) {
        var item = document.createElement('li');
        item.textContent = line;
        list.appendChild(item);
      });
      panel.hidden = false;
    });

    if (close && panel) {
      close.addEventListener('click', function () {
        panel.hidden = true;
        if (selected) {
          selected.classList.remove('is-selected');
          selected = null;
        }
      });
    }

    if (layers) {
      layers.hidden = false;
      var legendList = document.getElementById('legend-list');
      if (legendList) {
        legendList.hidden = true;
      }
      layers.addEventListener('change', function (event) {
        var box = event.target;
        if (box && box.type === 'checkbox') {
          text.classList.toggle('hide-' + box.value, !box.checked);
        }
      });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setup);
  } else {
    setup();
  }
}());
