// The story editor: a toolbar over an editable area that writes its HTML back into the
// form's textarea. Progressive: without script the textarea is edited as it is. The
// server cleans whatever arrives (portal.content.clean_html, nh3), so this file is a
// convenience for the editor, never the guard. No inline script or style (the CSP
// allows 'self' only); keyboard: Tab reaches the toolbar, the arrow keys move in it,
// Escape returns to the text, Alt+F10 goes from the text to the toolbar.
(function () {
  "use strict";

  function init(root) {
    var textarea = document.getElementById(root.getAttribute("data-rte"));
    var toolbar = root.querySelector("[role=toolbar]");
    var area = root.querySelector("[contenteditable]");
    if (!textarea || !toolbar || !area || typeof document.execCommand !== "function") {
      return;
    }
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    var saved = null;

    // The textarea holds the text as the server cleaned and stored it.
    area.innerHTML = textarea.value;
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || textarea.id + "-label";
      area.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", function (event) {
        event.preventDefault();
        area.focus();
      });
    }
    if (document.getElementById(textarea.id + "-help")) {
      area.setAttribute("aria-describedby", textarea.id + "-help");
    }
    textarea.hidden = true;
    toolbar.hidden = false;
    area.hidden = false;

    function sync() {
      textarea.value = area.innerHTML;
    }

    function blockOf() {
      try {
        return String(document.queryCommandValue("formatBlock") || "").toLowerCase();
      } catch (e) {
        return "";
      }
    }

    function refresh() {
      buttons.forEach(function (b) {
        if (!b.hasAttribute("aria-pressed")) {
          return;
        }
        var cmd = b.getAttribute("data-cmd");
        var on = false;
        try {
          on = cmd === "formatBlock" ? blockOf() === b.getAttribute("data-value")
            : document.queryCommandState(cmd);
        } catch (e) {
          on = false;
        }
        b.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }

    function restore() {
      area.focus();
      if (saved) {
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(saved);
      }
    }

    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      if (selection.rangeCount && area.contains(selection.anchorNode)) {
        saved = selection.getRangeAt(0).cloneRange();
        refresh();
      }
    });

    // A click on a button keeps the focus (and the selection) in the text.
    toolbar.addEventListener("mousedown", function (event) {
      if (event.target.closest("button")) {
        event.preventDefault();
      }
    });

    toolbar.addEventListener("click", function (event) {
      var b = event.target.closest("button");
      if (!b) {
        return;
      }
      var cmd = b.getAttribute("data-cmd");
      var value = b.getAttribute("data-value");
      if (cmd === "createLink") {
        value = window.prompt(b.getAttribute("data-prompt"), "https://");
        if (!value || !/^(https?:\/\/|mailto:)/i.test(value.trim())) {
          restore();
          return;
        }
        value = value.trim();
      }
      restore();
      if (cmd === "formatBlock") {
        // Pressed again: back to a plain paragraph.
        value = "<" + (blockOf() === value ? "p" : value) + ">";
      }
      document.execCommand(cmd, false, value);
      sync();
      refresh();
    });

    // The toolbar is one tab stop; the arrow keys, Home and End move within it.
    function focusButton(index) {
      buttons.forEach(function (b, i) {
        b.tabIndex = i === index ? 0 : -1;
      });
      buttons[index].focus();
    }
    buttons.forEach(function (b, i) {
      b.tabIndex = i === 0 ? 0 : -1;
    });
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) {
        return;
      }
      var last = buttons.length - 1;
      var next = {ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last}[event.key];
      if (next !== undefined) {
        event.preventDefault();
        focusButton(next > last ? 0 : next < 0 ? last : next);
      } else if (event.key === "Escape") {
        event.preventDefault();
        restore();
      }
    });

    area.addEventListener("keydown", function (event) {
      if (event.altKey && event.key === "F10") {
        event.preventDefault();
        focusButton(0);
      }
    });
    // Pasted text arrives as plain text: no hidden formatting from a word processor.
    area.addEventListener("paste", function (event) {
      var text = event.clipboardData && event.clipboardData.getData("text/plain");
      if (text !== undefined && text !== null) {
        event.preventDefault();
        document.execCommand("insertText", false, text);
      }
    });
    area.addEventListener("input", sync);
    var form = textarea.form;
    if (form) {
      form.addEventListener("submit", sync);
    }
    document.execCommand("defaultParagraphSeparator", false, "p");
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-rte]"), init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
