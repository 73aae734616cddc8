// Live updates (amendments/live): the page listens on a websocket and, when told that something it
// shows changed, asks the server again for it, through the same views as a reload, and updates
// in place. A form being filled is never replaced: the page keeps what was typed and says that
// the text changed. Without this script, or while the connection is down, the page works as
// before; the connection comes back by itself, and the page then reloads what it may have missed.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-socket]");
  if (!root || !window.WebSocket || !window.fetch) return;
  var notice = root.querySelector("[data-live-notice]");
  var blockUrl = root.dataset.liveBlocks;
  var poll = parseInt(root.dataset.livePoll || "0", 10);
  var retry = 1000;
  var pollTimer = null;
  var busy = false; // a refetch under way: the next notices wait for it
  var queued = null;

  // A field someone is typing in, or has typed in: text-like inputs, text areas, selects.
  function entries(element) {
    return element.querySelectorAll("textarea, select, input:not([type=hidden]):not([type=submit]):not([type=button])");
  }
  function edited(field) {
    if (field === document.activeElement) return true;
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
    return field.value !== field.defaultValue;
  }
  function inUse(element) {
    if (element.nodeType !== 1) return false;
    if (element.matches("textarea, select, input") && edited(element)) return true;
    return Array.prototype.some.call(entries(element), edited);
  }

  function tell() {
    if (notice) notice.hidden = false;
  }

  // Brings `old` to what `fresh` is, touching only what differs, so that listeners on the
  // elements kept (the comment and bracket tools) still work. A subtree in use is left as it is.
  function morph(old, fresh) {
    if (old.nodeType !== fresh.nodeType || old.nodeName !== fresh.nodeName) {
      if (inUse(old)) { tell(); return; }
      old.replaceWith(fresh);
      return;
    }
    if (old.nodeType !== 1) {
      if (old.nodeValue !== fresh.nodeValue) old.nodeValue = fresh.nodeValue;
      return;
    }
    if (old.isEqualNode(fresh)) return;
    if (old.matches("form") && inUse(old)) { tell(); return; }
    if (old.matches("[data-live-notice]")) return;
    Array.prototype.slice.call(old.attributes).forEach(function (a) {
      if (!fresh.hasAttribute(a.name)) old.removeAttribute(a.name);
    });
    Array.prototype.forEach.call(fresh.attributes, function (a) {
      if (old.getAttribute(a.name) !== a.value) old.setAttribute(a.name, a.value);
    });
    var before = Array.prototype.slice.call(old.childNodes);
    var after = Array.prototype.slice.call(fresh.childNodes);
    if (before.length !== after.length) {
      if (inUse(old)) { tell(); return; }
      old.replaceChildren.apply(old, after);
      return;
    }
    for (var i = 0; i < before.length; i++) morph(before[i], after[i]);
  }

  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Live": "1" } }).then(function (response) {
      // Logged out meanwhile, or the row is gone: the page stays as it is; a reload tells why.
      if (response.status === 204) return "";
      if (!response.ok || response.redirected) throw new Error("live: " + response.status);
      return response.text();
    });
  }

  function refreshPage() {
    return get(window.location.href).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var fresh = page.querySelector("main");
      var main = document.querySelector("main");
      if (fresh && main) morph(main, fresh);
      if (page.title) document.title = page.title;
      // What the page shows may have moved (the screen to another paragraph).
      var live = page.querySelector("[data-live-socket]");
      if (live) root.dataset.liveWatch = live.dataset.liveWatch || "";
    });
  }

  function refreshBlock(id) {
    var old = document.getElementById("p-" + id);
    if (!old || !old.matches("article")) return Promise.resolve();
    return get(blockUrl.replace("{id}", id) + window.location.search).then(function (html) {
      if (!html) { if (!inUse(old)) old.remove(); return; }
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      if (holder.firstElementChild) morph(old, holder.firstElementChild);
    });
  }

  function shows(notice) {
    var watch = (root.dataset.liveWatch || "").split(" ").filter(Boolean);
    if (notice.screen && root.dataset.liveScreen !== undefined) return true;
    if (watch.indexOf("*") !== -1) return true;
    return notice.paragraphs.some(function (id) { return watch.indexOf(String(id)) !== -1; }) ||
      (notice.report && watch.length > 0);
  }

  function handle(message) {
    if (blockUrl) {
      if (message.structure || message.report) return refreshPage();
      return Promise.all(message.paragraphs.map(refreshBlock));
    }
    if (shows(message)) return refreshPage();
    return Promise.resolve();
  }

  // One refetch at a time; notices that arrive meanwhile are merged into the next one.
  function receive(message) {
    if (busy) {
      queued = queued || { paragraphs: [], structure: false, report: false, screen: false };
      queued.paragraphs = queued.paragraphs.concat(message.paragraphs);
      queued.structure = queued.structure || message.structure;
      queued.report = queued.report || message.report;
      queued.screen = queued.screen || message.screen;
      return;
    }
    busy = true;
    handle(message).catch(function () { /* the next notice or a reload brings it */ }).then(function () {
      busy = false;
      root.dataset.liveReceived = String(parseInt(root.dataset.liveReceived || "0", 10) + 1);
      var next = queued;
      queued = null;
      if (next) receive(next);
    });
  }

  function everything() {
    return { paragraphs: [], structure: true, report: true, screen: true };
  }

  function connect(again) {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + root.dataset.liveSocket);
    socket.onopen = function () {
      retry = 1000;
      root.dataset.liveState = "open";
      if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
      if (again) receive(everything()); // what changed while the connection was down
    };
    socket.onmessage = function (event) {
      try { receive(JSON.parse(event.data)); } catch (error) { /* not a notice */ }
    };
    socket.onclose = function (event) {
      root.dataset.liveState = "closed";
      if (event.code === 4403) return; // refused (logged out): a reload shows the login page
      if (poll && !pollTimer) pollTimer = setInterval(function () { receive(everything()); }, poll * 1000);
      // Half the delay plus a random part: after a restart, the room's hundreds of pages come back
      // spread over the interval instead of all in the same instant (and all refetching at once).
      setTimeout(function () { connect(true); }, retry / 2 + Math.random() * retry / 2);
      retry = Math.min(retry * 2, 30000);
    };
  }

  var reload = root.querySelector("[data-live-reload]");
  if (reload) reload.addEventListener("click", function (event) { event.preventDefault(); window.location.reload(); });
  connect(false);
})();
