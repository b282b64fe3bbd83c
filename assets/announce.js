/* What an action did, for people who cannot see it happen (trial 25a).
 * 1. A filter change (the address's query changes, the page stays) redraws the page's content; a persistent live
 *    region (#kunngjoring, app.layout) then says what is shown: the page's count ([data-announce]), an empty
 *    state («Ingen treff: …»), or «Utvalget er oppdatert.» (WCAG 4.1.3: a replaced region is never announced).
 * 2. A button that disables itself while it works (documents on /ssu, «Godkjenn») took focus with it to <body>:
 *    focus moves to the message area beside it, and back to the button when it is enabled again.
 * 3. The menu marks the page you are on (aria-current=page; theme.css underlines it): the menu stays while Dash
 *    changes pages in the browser, so the mark follows the address.
 */
(function () {
  var armedUntil = 0;
  var timer = null;

  function markCurrent() {
    var here = location.pathname;
    document.querySelectorAll("nav[aria-label='Hovedmeny'] a").forEach(function (link) {
      var path = new URL(link.href, location.href).pathname;
      var current = here === path || (path !== "/" && here.indexOf(path + "/") === 0);
      if (current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  function arm(before) {
    markCurrent();
    if (location.pathname === before.path && location.search !== before.search) armedUntil = Date.now() + 5000;
  }

  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var before = { path: location.pathname, search: location.search };
      var result = original.apply(this, arguments);
      arm(before);
      return result;
    };
  });

  function say(text) {
    var region = document.getElementById("kunngjoring");
    if (!region) return;
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 60);  // a new text, even when it is the same again
  }

  function shown(el) {
    return el && el.isConnected && el.offsetParent !== null;
  }

  function announce() {
    var main = document.getElementById("hovedinnhold");
    if (!main) return;
    var empty = main.querySelector(".empty-state");
    var count = main.querySelector("[data-announce]");
    if (shown(empty)) {
      var title = empty.querySelector("h2");
      var text = empty.querySelector("p");
      say((title ? title.textContent.trim() + ": " : "") + (text ? text.textContent.trim() : ""));
    } else if (shown(count)) {
      say(count.textContent.trim().split(/\.\s/)[0] + ".");  // its first sentence: the count
    } else {
      say("Utvalget er oppdatert.");
    }
  }

  var contentObserver = new MutationObserver(function (records) {
    markCurrent();  // the menu is drawn after the page loads, and Dash may draw it again
    if (Date.now() > armedUntil) return;
    var inMain = records.some(function (r) {
      var node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      return node && node.closest && node.closest("#hovedinnhold") && !node.closest("#kunngjoring");
    });
    if (!inMain) return;
    clearTimeout(timer);
    timer = setTimeout(function () { armedUntil = 0; announce(); }, 400);  // once the redraw has settled
  });

  /* 2. Focus kept when the focused button disables itself */
  var waiting = null;
  var home = null;
  var lastFocused = null;
  document.addEventListener("focusin", function (event) { lastFocused = event.target; });

  function messageNear(button) {
    var area = button.closest("section, form, .panel, .card, .review, .documents") || button.parentElement;
    for (var node = area; node && node !== document.body; node = node.parentElement) {
      var found = node.querySelectorAll("[role=status]:not(#kunngjoring), [aria-live]:not(#kunngjoring)");
      for (var i = 0; i < found.length; i++) {  // the first message after the button, where its outcome is told
        if (button.compareDocumentPosition(found[i]) & Node.DOCUMENT_POSITION_FOLLOWING) return found[i];
      }
      if (found.length) return found[found.length - 1];
    }
    return null;
  }

  var buttonObserver = new MutationObserver(function (records) {
    records.forEach(function (r) {
      var button = r.target;
      if (button.tagName !== "BUTTON") return;
      var had = document.activeElement === button || (document.activeElement === document.body && lastFocused === button);
      if (button.disabled && had) {
        waiting = button;
        home = messageNear(button);
        if (home) {
          if (!home.hasAttribute("tabindex")) home.setAttribute("tabindex", "-1");
          home.focus({ preventScroll: true });
        }
      } else if (!button.disabled && button === waiting) {
        var here = document.activeElement;
        if (here === document.body || here === home || !here) button.focus({ preventScroll: true });
        waiting = home = null;
      }
    });
  });

  window.addEventListener("popstate", markCurrent);

  function start() {
    markCurrent();
    contentObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
    buttonObserver.observe(document.body, { attributes: true, attributeFilter: ["disabled"], subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
