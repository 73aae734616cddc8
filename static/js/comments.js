// Selecting words of the text commented on (a paragraph's text, an amendment's proposed text)
// offers a button that puts them in the comment form's "Words you are commenting on", shows them
// quoted there and moves to the comment box. The server checks the words against the text either
// way; without JavaScript they are typed or pasted into the same field.
(function () {
  "use strict";
  var root = document.querySelector("[data-comment-text]");
  var form = document.getElementById("comment-form");
  if (!root || !form) return;
  var field = form.querySelector("input[name=anchor]");
  var box = form.querySelector("textarea[name=text]");
  var quote = document.getElementById("comment-quote");
  if (!field || !box) return;
  var limit = parseInt(field.getAttribute("maxlength"), 10) || 500;
  // The printed number, footnote marks and the names beside alternatives are shown but are not
  // part of the text.
  var SKIP = ".para__inline-number, sup.fn-mark, .alternative__by";
  var chosen = "";

  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button--small comment-on-selection";
  button.textContent = "Comment on the selected words";
  button.hidden = true;
  // Right after the text, so that it comes next in the tab order too.
  root.insertAdjacentElement("afterend", button);

  function walk(node, visit) {
    for (var child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        visit(child.nodeValue);
      } else if (child.nodeType === 1 && !child.matches(SKIP)) {
        if (child.tagName === "BR") visit("\n");
        else walk(child, visit);
      }
    }
  }

  function selectedWords() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return "";
    var range = selection.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return "";
    var holder = document.createElement("div");
    holder.appendChild(range.cloneContents());
    var out = "";
    walk(holder, function (piece) { out += piece; });
    return out.replace(/\s+/g, " ").trim();
  }

  // Below the end of the selection, inside the box the button is positioned in.
  function place(range) {
    var rects = range.getClientRects();
    var last = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    var frame = (button.offsetParent || document.body).getBoundingClientRect();
    button.style.top = Math.round(last.bottom - frame.top + 4) + "px";
    button.style.left = Math.round(Math.max(0, last.left - frame.left)) + "px";
  }

  function update() {
    chosen = selectedWords();
    if (!chosen) {
      button.hidden = true;
      return;
    }
    button.hidden = false;
    place(window.getSelection().getRangeAt(0));
  }

  function showQuote() {
    if (!quote) return;
    var words = field.value.replace(/\s+/g, " ").trim();
    quote.textContent = words ? "On “" + words + "”:" : "";
    quote.hidden = !words;
  }

  document.addEventListener("selectionchange", update);
  // A press on the button must not take the selection away before its click reads it.
  button.addEventListener("mousedown", function (event) { event.preventDefault(); });
  button.addEventListener("click", function () {
    if (!chosen) return;
    field.value = chosen.slice(0, limit);
    showQuote();
    button.hidden = true;
    box.focus();
  });
  field.addEventListener("input", showQuote);
  showQuote();

  // Highlighted words lead to the first comment on them (the link back is the comment's quote).
  root.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("mark.comment-anchor") : null;
    var selection = window.getSelection();
    if (!mark || (selection && !selection.isCollapsed)) return;
    var first = (mark.getAttribute("data-comments") || "").split(" ")[0];
    if (first && document.getElementById(first)) window.location.hash = first;
  });
})();
