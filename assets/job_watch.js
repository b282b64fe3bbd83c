/* A round document is made by a background job; its first words («Lager PDF …») come from the job itself. When
 * none have come 30 s after the buttons were disabled, the job has not started: no background worker is running
 * (trial 26b: with Celery set up and its worker down, the five buttons stayed grey for minutes without a word).
 * The progress line then says so; the job still runs if a worker comes, and the buttons come back when it is done.
 */
(function () {
  "use strict";
  var WAIT_MS = 30000;
  var PROGRESS = "ssu-dokument-fremdrift";
  var NOT_STARTED =
    "Dokumentet er ikke påbegynt ennå: bakgrunnstjenesten som lager dokumentene, svarer ikke. Vent litt til, " +
    "eller si fra til driftsansvarlig.";
  var since = null;
  var started = false; // the job has said something since the buttons were disabled

  function documentButtonsBusy() {
    var buttons = document.querySelectorAll("button[id*='ssu-dokument']");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].disabled) return true;
    }
    return false;
  }

  setInterval(function () {
    var progress = document.getElementById(PROGRESS);
    if (!progress || !documentButtonsBusy()) {
      since = null;
      started = false;
      return;
    }
    since = since || Date.now();
    var said = progress.textContent.trim();
    started = started || (said !== "" && said !== NOT_STARTED);
    var wait = window.GEVINST_JOB_WAIT_MS || WAIT_MS; // a test may shorten it
    if (!started && !said && Date.now() - since >= wait && window.dash_clientside) {
      window.dash_clientside.set_props(PROGRESS, { children: NOT_STARTED });
    }
  }, 2000);
})();
