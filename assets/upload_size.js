// A file over an upload's limit never reaches the server: dcc.Upload drops it without a word (the issue-15
// trial: a 24 MB workbook, and nothing happened). Say so at once, in the upload's own message place, which
// names the limit in data-max-bytes (components/report_form.py, MAX_UPLOAD_BYTES).
(function () {
  "use strict";

  function megabytes(bytes) {
    const value = bytes / (1024 * 1024);
    return Number.isInteger(value) ? String(value) : value.toFixed(1).replace(".", ",");
  }

  function check(files, target) {
    if (!files || !files.length || !target || !target.closest) {
      return;
    }
    let place = null;
    for (let box = target.closest("[id]"); box && !place; box = box.parentElement && box.parentElement.closest("[id]")) {
      place = document.querySelector('[data-field="' + CSS.escape(box.id) + '"][data-max-bytes]');
    }
    if (!place) {
      return;
    }
    const limit = Number(place.dataset.maxBytes);
    const large = Array.from(files).find((file) => file.size > limit);
    if (!large) {
      return;
    }
    const text =
      "«" + large.name + "» er " + megabytes(large.size) + " MB, mer enn grensen på " + megabytes(limit) +
      " MB, og ble ikke lastet opp. Lagre arbeidsboken uten bilder og andre ark enn malens, og prøv igjen.";
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(place.id, { children: text });
    } else {
      place.textContent = text;
    }
  }

  document.addEventListener("change", (event) => check(event.target.files, event.target), true);
  document.addEventListener("drop", (event) => check(event.dataTransfer && event.dataTransfer.files, event.target), true);
})();
