// Selecting words in a paragraph's text fills the secretariat's bracket form: the passage, and its
// offsets in the text of the version shown (so a word that occurs twice can be chosen), and the
// link to the alternatives form. Without JavaScript the passage is typed and must occur once; the
// server checks the offsets against the version either way.
(function () {
  "use strict";
  var root = document.querySelector("[data-bracket-text]");
  var form = document.getElementById("bracket-form");
  if (!root || !form) return;
  var passage = form.querySelector("input[name=passage]");
  var start = form.querySelector("input[name=start]");
  var end = form.querySelector("input[name=end]");
  var link = document.getElementById("alternatives-link");
  var help = document.getElementById("bracket-help");
  var baseHref = link ? link.getAttribute("href") : "";
  // Footnote marks and the names beside alternatives are shown but are not part of the text.
  var SKIP = "sup.fn-mark, .alternative__by";

  function walk(node, visit) {
    for (var child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        visit(child.nodeValue);
      } else if (child.nodeType === 1 && !child.matches(SKIP)) {
        if (child.tagName === "BR") visit("\n"); // a line break of the text is shown as <br>
        else walk(child, visit);
      }
    }
  }

  function textOf(node) {
    var out = "";
    walk(node, function (piece) { out += piece; });
    return out;
  }

  // The offset in the stored text of a point of the page: the length of the text before it.
  function offsetAt(container, offset) {
    var range = document.createRange();
    range.setStart(root, 0);
    range.setEnd(container, offset);
    var box = document.createElement("div");
    box.appendChild(range.cloneContents());
    return textOf(box).length;
  }

  function clearOffsets() {
    start.value = "";
    end.value = "";
    if (link) link.setAttribute("href", baseHref);
  }

  function selected() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return;
    var text = textOf(root);
    var from = offsetAt(range.startContainer, range.startOffset);
    var to = offsetAt(range.endContainer, range.endOffset);
    // The spaces around a selection (a double click takes the one after a word) are left out.
    while (from < to && /\s/.test(text.charAt(from))) from++;
    while (to > from && /\s/.test(text.charAt(to - 1))) to--;
    if (from >= to) return;
    passage.value = text.slice(from, to);
    start.value = String(from);
    end.value = String(to);
    if (link) {
      var query = new URLSearchParams({ passage: passage.value, start: start.value, end: end.value });
      link.setAttribute("href", baseHref + "?" + query.toString());
    }
    if (help) help.textContent = "Selected: “" + passage.value + "”. Bracket it, or record alternatives for it.";
  }

  root.addEventListener("mouseup", selected);
  root.addEventListener("keyup", selected); // a selection made with Shift and the arrow keys
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (selection && selection.rangeCount && !selection.isCollapsed && root.contains(selection.anchorNode)) selected();
  });
  // A passage typed by hand is found by its words: the offsets of an earlier selection no longer hold.
  passage.addEventListener("input", clearOffsets);
})();
