/* Enter in a one-line field sends the form it belongs to, as on any web form (trial 25a: in «Navn på runden»,
 * «E-post» or «Gjenta det nye passordet» Enter did nothing; you had to Tab to the button).
 * Only inside a container marked data-enter (the builders mark the small forms whose button only saves what is
 * typed): Enter clicks the first button after the field in that container, when it is shown and enabled. A text
 * area keeps Enter for a new line; a dropdown, a grid and a search field keep their own Enter. The browser's own
 * form submission (a page reload) is prevented.
 */
(function () {
  var ONE_LINE = ["text", "email", "password", "number", "tel", "url", "date"];

  function nextButton(container, field) {
    var buttons = container.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      var after = field.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING;
      if (after && !button.hidden && button.offsetParent !== null) return button;
    }
    return null;
  }

  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Enter" || event.isComposing || event.shiftKey || event.ctrlKey || event.altKey) return;
      var field = event.target;
      if (!(field instanceof HTMLInputElement) || ONE_LINE.indexOf(field.type) < 0 || field.readOnly) return;
      if (field.closest(".dash-dropdown, .Select, .ag-root-wrapper")) return;
      var container = field.closest("[data-enter]");
      if (!container) return;
      var button = nextButton(container, field);
      if (!button || button.disabled) return;
      // after Dash has taken the keystroke (its fields push their value on the key press that follows)
      setTimeout(function () {
        if (!button.disabled) button.click();
      }, 0);
    }
  );

  document.addEventListener(
    "submit",
    function (event) {
      if (event.target.closest("[data-enter]")) event.preventDefault(); // the button's callback does the work
    },
    true
  );
})();
