// The proof of work a signer's browser does when many signatures came from one
// connection (signatures/signing/proofofwork.py): find the number n with
// SHA-256(salt + n) = challenge, put it in the form, and let it be sent again. The
// send button waits meanwhile. Without this script (or without WebCrypto), the page
// says to wait a few minutes and send again; what was typed stays in the form.
(function () {
  "use strict";
  var box = document.querySelector("[data-proof-challenge]");
  if (!box || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    return;
  }
  var form = box.closest("form");
  var button = form.querySelector('button[type="submit"]');
  var salt = box.getAttribute("data-proof-salt");
  var challenge = box.getAttribute("data-proof-challenge");
  var max = parseInt(box.getAttribute("data-proof-max"), 10);
  var encoder = new TextEncoder();

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (byte) {
      return ("0" + byte.toString(16)).slice(-2);
    }).join("");
  }

  async function solve() {
    for (var number = 0; number <= max; number++) {
      var digest = await window.crypto.subtle.digest("SHA-256", encoder.encode(salt + number));
      if (hex(digest) === challenge) {
        return number;
      }
    }
    return null;
  }

  if (button) {
    button.disabled = true;
  }
  solve().then(function (number) {
    if (button) {
      button.disabled = false;
    }
    if (number === null) {
      return;
    }
    form.elements.proof_number.value = String(number);
    box.querySelector(".proof-waiting").hidden = true;
    box.querySelector(".proof-ready").hidden = false;
  });
})();
