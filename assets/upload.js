// Uploads (dcc.Upload):
// - A file over the limit never reaches the server: dcc.Upload drops it without a word (the issue-15 trial: a
//   24 MB workbook, and nothing happened). Say so at once, in the upload's own message place, which names the
//   limit in data-max-bytes (components/report_form.py, MAX_UPLOAD_BYTES).
// - Choosing the same file again (corrected in Excel and saved under the same name, or to check it once more)
//   must be read again: the file input is emptied once its files are taken, so the browser reports the next
//   choice even when it is the same file (the session-19 trial).
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

  document.addEventListener(
    "change",
    (event) => {
      const input = event.target;
      check(input.files, input);
      if (input instanceof HTMLInputElement && input.type === "file" && input.closest("[id]")) {
        window.setTimeout(() => {
          input.value = "";
        }, 0);
      }
    },
    true,
  );
  document.addEventListener("drop", (event) => check(event.dataTransfer && event.dataTransfer.files, event.target), true);
})();
