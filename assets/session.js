/* Sessions that end honestly (decision 38).
 * 1. When the server answers a Dash request (/_dash-…) with 401, the session has ended (timed out, logged
 *    out elsewhere, password changed, user disabled). Instead of a click that silently does nothing, a
 *    Norwegian banner says so, with a login link that opens in a new tab and returns to this page: this
 *    page, and everything typed in it, stays as it is. Dash gets "no update" (204), so no script error.
 * 2. Before the session times out, a warning with a button that keeps it alive. The page asks /okt how
 *    long the session has left (asking does not extend it), so activity in another tab counts.
 * 3. When the tab gets focus again after a new login elsewhere, the banner says so and goes away.
 * 4. A Dash request that gets no answer from the app (a proxy's 502/504, a dropped connection) says so in the
 *    app's alert, in Norwegian, and Dash gets "no update": the page and what is typed in it stay (trial 24b:
 *    a save answered 502 by nginx showed nothing at all).
 */
(function () {
  "use strict";
  var STATUS = "/okt", KEEP_ALIVE = "/okt/forleng", LOGIN = "/logg-inn";
  var TEXT = {
    expired: "Økten din er utløpt. Logg inn igjen – det du har skrevet er tatt vare på i denne nettleseren.",
    login: "Logg inn igjen (åpnes i ny fane)",
    then: "Når du har logget inn, kan du fortsette her og prøve på nytt.",
    back: "Du er logget inn igjen. Prøv på nytt det du holdt på med.",
    stay: "Fortsett å være innlogget",
    failed: function (status) {
      return "Svaret fra serveren kom ikke fram" + (status ? " (feil " + status + ")" : "") + ". Det du gjorde nå, " +
        "ble kanskje ikke utført. Det du har skrevet, står fortsatt på siden: vent litt og prøv igjen.";
    },
    warning: function (seconds) {
      if (seconds < 60) { return "Økten utløper om under ett minutt."; }
      var minutes = Math.round(seconds / 60);
      return "Økten utløper om " + (minutes === 1 ? "1 minutt." : minutes + " minutter.");
    }
  };
  var nativeFetch = window.fetch.bind(window);
  var timeout = null;   // the session's idle timeout in seconds, as /okt says
  var timer = null;
  var state = "ok";     // ok | warning | expired | back

  function isDash(url) { return String(url || "").indexOf("/_dash-") !== -1; }

  function loginHref() { return LOGIN + "?neste=" + encodeURIComponent(location.pathname + location.search); }

  function warnAt() { return Math.min(120, (timeout || 3600) / 4); }

  function banner(kind) {
    var el = document.getElementById("okt-banner");
    if (!el) {
      el = document.createElement("div");
      el.id = "okt-banner";
      document.body.insertBefore(el, document.body.firstChild);
    }
    el.className = "session-banner session-" + kind;
    el.setAttribute("role", kind === "back" ? "status" : "alert");
    el.hidden = false;
    while (el.firstChild) { el.removeChild(el.firstChild); }
    return el;
  }

  function element(tag, text, props) {
    var el = document.createElement(tag);
    el.textContent = text;
    Object.keys(props || {}).forEach(function (key) { el.setAttribute(key, props[key]); });
    return el;
  }

  function hide() {
    var el = document.getElementById("okt-banner");
    if (el) { el.hidden = true; }
    state = "ok";
  }

  function showExpired(message) {
    clearTimeout(timer);
    state = "expired";
    var el = banner("expired");
    el.appendChild(element("p", message || TEXT.expired));
    var link = element("a", TEXT.login, { href: loginHref(), target: "_blank", rel: "noopener", id: "okt-logg-inn" });
    el.appendChild(element("p", "")).appendChild(link);
    el.appendChild(element("p", TEXT.then));
  }

  function showWarning(seconds) {
    state = "warning";
    var el = banner("warning");
    var text = element("p", TEXT.warning(seconds) + " ");
    var button = element("button", TEXT.stay, { type: "button", id: "okt-forleng", "class": "button-primary" });
    button.addEventListener("click", keepAlive);
    text.appendChild(button);
    el.appendChild(text);
  }

  function schedule(remaining) {
    clearTimeout(timer);
    var wait = state === "warning" ? Math.min(15, remaining + 1) : Math.max(0, remaining - warnAt());
    timer = setTimeout(check, Math.min(wait * 1000, 2147483647));
  }

  function apply(status) {
    timeout = status.timeout;
    if (!status.active) { showExpired(); return; }
    if (state === "expired") {
      state = "back";
      banner("back").appendChild(element("p", TEXT.back));
    } else if (status.remaining <= warnAt()) {
      showWarning(status.remaining);
    } else if (state === "warning") {
      hide();
    }
    schedule(status.remaining);
  }

  function check() {
    nativeFetch(STATUS, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(apply)
      .catch(function () { clearTimeout(timer); timer = setTimeout(check, 30000); });
  }

  function keepAlive() {
    nativeFetch(KEEP_ALIVE, {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: "{}"
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (response.status === 401) { showExpired(body.error); return; }
          hide();
          apply(body);
        });
      })
      .catch(function () { showExpired(); });
  }

  function active() {
    // a Dash request went through: the server has just extended the session
    if (state !== "ok") { hide(); }
    if (timeout) { schedule(timeout); }
  }

  function showFailed(status, message) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("app-feil", { children: message || TEXT.failed(status), hidden: false });
    }
    return new Response(null, { status: 204 });  // Dash: no update, no error
  }

  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    var answer = nativeFetch(input, init);
    if (!isDash(url)) { return answer; }
    return answer.then(function (response) {
      // a proxy's, or the app's own «Databasen er opptatt» (503, JSON); a request too large to read (413, trial 26a:
      // said only in the console); a POST refused as from another site (403, trial 26b: behind a proxy the app was
      // not told to trust, every page's content stayed empty without a word)
      if (response.status >= 500 || response.status === 413 || response.status === 403) {
        return response.clone().json().catch(function () { return {}; }).then(function (body) {
          return showFailed(response.status, typeof body.error === "string" ? body.error : null);
        });
      }
      if (response.status !== 401) {
        if (response.ok) { active(); }
        return response;
      }
      return response.clone().json().catch(function () { return {}; }).then(function (body) {
        showExpired(body.error);
        return new Response(null, { status: 204 });  // Dash: no update, no error
      });
    }, function () { return showFailed(null); });
  };

  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (isDash(url)) {
      this.addEventListener("load", function () {
        if (this.status === 401) { showExpired(); } else if (this.status < 400) { active(); }
      });
    }
    return open.apply(this, arguments);
  };

  function recheck() { if (state !== "ok" && document.visibilityState === "visible") { check(); } }
  window.addEventListener("focus", recheck);
  document.addEventListener("visibilitychange", recheck);
  check();
})();
