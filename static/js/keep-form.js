// Switching the language keeps what was typed (issue: a half-filled form was lost).
// The header's language links reload the page in the other language; just before one
// is followed, the page's forms are kept in this tab's sessionStorage under the page's
// path, and put back, then forgotten, when the page comes back. Passwords, files and
// hidden fields (the CSRF token) are never kept. Without this script, nothing breaks:
// the form comes back empty, as before.
(function () {
  "use strict";
  var KEY = "firmas-form:" + location.pathname;
  var SKIP = ["password", "file", "hidden", "submit", "button", "reset", "image"];

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && SKIP.indexOf(el.type) === -1;
    });
  }

  function keep() {
    var kept = [];
    document.querySelectorAll('form[method="post"]').forEach(function (form, index) {
      fields(form).forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") {
          kept.push([index, el.name, el.value, el.checked]);
        } else if (el.tagName === "SELECT" && el.multiple) {
          Array.prototype.forEach.call(el.options, function (option) {
            kept.push([index, el.name, option.value, option.selected]);
          });
        } else if (el.value) {
          kept.push([index, el.name, el.value, null]);
        }
      });
    });
    if (kept.length) sessionStorage.setItem(KEY, JSON.stringify(kept));
  }

  function restore() {
    var text = sessionStorage.getItem(KEY);
    if (!text) return;
    sessionStorage.removeItem(KEY);
    var forms = document.querySelectorAll('form[method="post"]');
    JSON.parse(text).forEach(function (item) {
      var form = forms[item[0]];
      if (!form) return;
      fields(form).forEach(function (el) {
        if (el.name !== item[1]) return;
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === item[2]) el.checked = item[3];
        } else if (el.tagName === "SELECT" && el.multiple) {
          Array.prototype.forEach.call(el.options, function (option) {
            if (option.value === item[2]) option.selected = item[3];
          });
        } else if (item[3] === null) {
          el.value = item[2];
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    restore();
    document.querySelectorAll(".language-switcher a").forEach(function (link) {
      link.addEventListener("click", keep);
    });
  });
})();
