// Live redline preview for the amendment form: the server's redline engine renders it, this only
// sends the text as the member types (debounced) and swaps the result in. Without JavaScript the
// form's "Preview" button does the same with a full page.
(function () {
  "use strict";
  var form = document.getElementById("amendment-form");
  if (!form) return;
  var textarea = form.querySelector("textarea[name=proposed_text]");
  var target = document.getElementById("preview");
  if (!textarea || !target) return;
  var timer = null;
  var sequence = 0;

  function refresh() {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("input[name=csrfmiddlewaretoken]").value);
    body.append("proposed_text", textarea.value);
    body.append("kind", form.dataset.kind || "modify");
    if (form.dataset.amendment) body.append("amendment", form.dataset.amendment);
    var mine = ++sequence;
    fetch(form.dataset.previewUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine === sequence) target.innerHTML = html; // the server escaped every piece of text
      })
      .catch(function () { /* keep the last preview; the Preview button still works */ });
  }

  textarea.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 200);
  });
})();
