/* xinyu: the faceted browser of collection index pages, and small page helpers.
 * The page is a complete list of links without JavaScript; this script turns the
 * facet links into toggles, filters the list (AND across facets, OR within one),
 * keeps live counts, sorts, and keeps the state in the URL (?grade=初中&topics=情绪调适).
 * No library, nothing fetched: the list in the page is the data. */
(function () {
  "use strict";

  function splitValues(raw) {
    var out = [];
    raw.forEach(function (v) {
      String(v).split(/[,，]/).forEach(function (part) {
        part = part.trim();
        if (part) out.push(part);
      });
    });
    return out;
  }

  function Browser(root) {
    this.root = root;
    this.cards = Array.prototype.slice.call(root.querySelectorAll(".xy-card"));
    this.groups = Array.prototype.slice.call(root.querySelectorAll(".xy-group"));
    this.status = root.querySelector(".xy-status");
    this.empty = root.querySelector(".xy-empty");
    this.quick = root.querySelector('input[name="filter"]');
    this.sort = root.querySelector('select[name="sort"]');
    this.facets = {};
    this.selected = {};
    this.itemLabel = (this.status && this.status.textContent.replace(/^共\s*\d+\s*个/, "")) || "条目";
    var self = this;
    Array.prototype.forEach.call(root.querySelectorAll(".xy-facet"), function (section) {
      var key = section.getAttribute("data-facet");
      var aliases = {};
      try { aliases = JSON.parse(section.getAttribute("data-aliases") || "{}"); } catch (e) { aliases = {}; }
      var links = {};
      Array.prototype.forEach.call(section.querySelectorAll(".xy-value"), function (a) {
        var value = a.getAttribute("data-value");
        links[value] = a;
        a.setAttribute("role", "button");
        a.setAttribute("aria-pressed", "false");
        a.addEventListener("click", function (event) {
          event.preventDefault();
          self.toggle(key, value);
        });
        a.addEventListener("keydown", function (event) {
          if (event.key === " ") { event.preventDefault(); self.toggle(key, value); }
        });
      });
      self.facets[key] = { aliases: aliases, links: links };
      self.selected[key] = [];
    });
    this.values = this.cards.map(function (card) {
      var v = {};
      Object.keys(self.facets).forEach(function (key) {
        var raw = card.getAttribute("data-f-" + key) || "";
        v[key] = raw ? raw.split("|") : [];
      });
      v.text = card.textContent.toLowerCase();
      return v;
    });
    if (this.quick) this.quick.addEventListener("input", function () { self.update(true); });
    if (this.sort) this.sort.addEventListener("change", function () { self.update(true); });
    var reset = root.querySelector(".xy-reset");
    if (reset) reset.addEventListener("click", function () { self.reset(); });
    this.foldFacets(root);
    this.skipToResults(root);
    window.addEventListener("popstate", function () { self.readURL(); self.update(false); });
    this.readURL();
    this.update(false);
  }

  /* Phones: the facets fold behind the 筛选 button, which says how many filters are on. */
  Browser.prototype.foldFacets = function (root) {
    var toggle = root.querySelector(".xy-filter-toggle");
    var panel = root.querySelector(".xy-facets");
    if (!toggle || !panel) return;
    this.toggleCount = toggle.querySelector(".xy-filter-toggle__count");
    function open(on) {
      toggle.setAttribute("aria-expanded", on ? "true" : "false");
      panel.classList.toggle("xy-facets--open", on);
      // Each facet is a row that scrolls sideways: bring its first chosen value into view.
      if (on) Array.prototype.forEach.call(panel.querySelectorAll(".xy-facet ul"), function (list) {
        var chosen = list.querySelector(".xy-value--on");
        if (chosen) list.scrollLeft = chosen.offsetLeft - list.offsetLeft - 8;
      });
    }
    toggle.addEventListener("click", function () { open(toggle.getAttribute("aria-expanded") !== "true"); });
    var done = root.querySelector(".xy-filter-done");
    if (done) done.addEventListener("click", function () { open(false); toggle.focus(); });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.offsetParent) { open(false); toggle.focus(); }
    });
  };

  /* Keyboard: after picking a value, Tab reaches "跳到结果" at the end of that facet, instead of passing every
   * value of every facet below it (the tags alone run to 60). On phones it folds the panel as 查看结果 does. */
  Browser.prototype.skipToResults = function (root) {
    var listing = root.querySelector(".xy-listing");
    var toggle = root.querySelector(".xy-filter-toggle");
    var done = root.querySelector(".xy-filter-done");
    if (!listing) return;
    listing.id = listing.id || "xy-results";
    listing.setAttribute("tabindex", "-1");
    Array.prototype.forEach.call(root.querySelectorAll(".xy-facet"), function (section) {
      var link = document.createElement("a");
      link.className = "xy-to-results";
      link.href = "#" + listing.id;
      link.textContent = "跳到结果";
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (done && toggle && toggle.offsetParent) done.click();
        listing.focus();
      });
      section.appendChild(link);
    });
  };

  Browser.prototype.activeFilters = function () {
    var self = this;
    var n = Object.keys(this.selected).reduce(function (sum, key) { return sum + self.selected[key].length; }, 0);
    return n + (this.quick && this.quick.value.trim() ? 1 : 0);
  };

  Browser.prototype.normalise = function (key, value) {
    var facet = this.facets[key];
    return (facet && facet.aliases[value]) || value;
  };

  Browser.prototype.readURL = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    Object.keys(this.facets).forEach(function (key) {
      self.selected[key] = splitValues(params.getAll(key)).map(function (v) { return self.normalise(key, v); });
    });
    if (this.quick) this.quick.value = params.get("filter") || "";
    if (this.sort) this.sort.value = params.get("sort") || "newest";
  };

  Browser.prototype.writeURL = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    Object.keys(this.facets).forEach(function (key) {
      params.delete(key);
      self.selected[key].forEach(function (v) { params.append(key, v); });
    });
    ["filter", "sort"].forEach(function (name) { params.delete(name); });
    if (this.quick && this.quick.value.trim()) params.set("filter", this.quick.value.trim());
    if (this.sort && this.sort.value !== "newest") params.set("sort", this.sort.value);
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  };

  Browser.prototype.toggle = function (key, value) {
    var list = this.selected[key];
    var at = list.indexOf(value);
    if (at >= 0) list.splice(at, 1); else list.push(value);
    this.update(true);
  };

  Browser.prototype.reset = function () {
    var self = this;
    Object.keys(this.selected).forEach(function (key) { self.selected[key] = []; });
    if (this.quick) this.quick.value = "";
    this.update(true);
  };

  /* Does item i pass every facet except `skip` (for live counts), and the text filter? */
  Browser.prototype.matches = function (i, skip, words) {
    var v = this.values[i];
    for (var key in this.selected) {
      if (key === skip) continue;
      var wanted = this.selected[key];
      if (!wanted.length) continue;
      var has = v[key];
      var ok = false;
      for (var j = 0; j < wanted.length && !ok; j++) ok = has.indexOf(wanted[j]) >= 0;
      if (!ok) return false;
    }
    for (var w = 0; w < words.length; w++) if (v.text.indexOf(words[w]) < 0) return false;
    return true;
  };

  Browser.prototype.update = function (push) {
    var self = this;
    var words = this.quick ? this.quick.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
    var shown = 0;
    var visible = [];
    for (var i = 0; i < this.cards.length; i++) {
      var ok = this.matches(i, null, words);
      visible.push(ok);
      if (this.cards[i].hidden === ok) this.cards[i].hidden = !ok;
      if (ok) shown++;
    }
    this.updateCounts(words);
    this.applySort();
    this.groups.forEach(function (g) { g.hidden = !g.querySelector(".xy-card:not([hidden])"); });
    if (this.empty) this.empty.hidden = shown > 0;
    var filtered = shown !== this.cards.length;
    if (this.status) this.status.textContent = (filtered ? "筛选出 " + shown + " 个，" : "") + "共 " + this.cards.length + " 个" + this.itemLabel;
    if (this.toggleCount) {
      var active = this.activeFilters();
      this.toggleCount.textContent = active ? "（已选 " + active + " 项）" : "";
    }
    if (push) this.writeURL();
  };

  Browser.prototype.updateCounts = function (words) {
    var self = this;
    Object.keys(this.facets).forEach(function (key) {
      var counts = {};
      for (var i = 0; i < self.values.length; i++) {
        if (!self.matches(i, key, words)) continue;
        self.values[i][key].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      }
      var links = self.facets[key].links;
      Object.keys(links).forEach(function (value) {
        var a = links[value];
        var on = self.selected[key].indexOf(value) >= 0;
        a.setAttribute("aria-pressed", on ? "true" : "false");
        a.classList.toggle("xy-value--on", on);
        var n = counts[value] || 0;
        var badge = a.querySelector(".xy-count");
        if (badge && badge.textContent !== String(n)) badge.textContent = String(n);
        a.classList.toggle("xy-value--zero", n === 0 && !on);
      });
    });
  };

  Browser.prototype.applySort = function () {
    var mode = this.sort ? this.sort.value : "newest";
    var grouped = mode === "newest";
    this.root.classList.toggle("xy-browser--flat", !grouped);
    var first = this.root.querySelector(".xy-group .xy-cards");
    if (!first) return;
    if (grouped) {
      if (this.sortedFlat) {
        this.cards.forEach(function (card) { card.__home.appendChild(card); });
        this.sortedFlat = false;
      }
      return;
    }
    var cards = this.cards.slice();
    cards.forEach(function (card) { if (!card.__home) card.__home = card.parentNode; });
    cards.sort(function (a, b) {
      if (mode === "award") {
        var d = a.getAttribute("data-award").localeCompare(b.getAttribute("data-award"));
        if (d) return d;
        return b.getAttribute("data-date").localeCompare(a.getAttribute("data-date"));
      }
      return sortTitle(a).localeCompare(sortTitle(b), "zh-Hans-CN-u-co-pinyin");
    });
    var fragment = document.createDocumentFragment();
    cards.forEach(function (card) { fragment.appendChild(card); });
    first.appendChild(fragment);
    this.sortedFlat = true;
  };

  /* Titles often open with quotes or brackets (“小房子”…): sort by the first real character. */
  function sortTitle(card) {
    return card.getAttribute("data-title").replace(/^[\s“”"'‘’《》「」『』（）()【】\[\]]+/, "");
  }

  function copyButtons() {
    Array.prototype.forEach.call(document.querySelectorAll(".xy-copy"), function (button) {
      button.addEventListener("click", function () {
        var target = document.querySelector(button.getAttribute("data-copy"));
        if (!target) return;
        target.select();
        var done = function () { button.textContent = "已复制"; };
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(target.value).then(done, function () { document.execCommand("copy"); done(); });
        else { document.execCommand("copy"); done(); }
      });
    });
  }

  /* Parts that Material's script adds to the page, and wide tables: each code block's toolbar (a <nav>)
   * gets a name of its own, and a table or code block that scrolls sideways can be reached and scrolled
   * by keyboard (WCAG 2.1.1). */
  function fixThemeParts() {
    var tables = document.querySelectorAll('[role="region"][tabindex="0"]').length;
    Array.prototype.forEach.call(document.querySelectorAll(".md-code__nav"), function (nav, i) {
      if (!nav.hasAttribute("aria-label")) nav.setAttribute("aria-label", "第 " + (i + 1) + " 段代码的操作");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap, .xy-table-wrap, .md-typeset pre > code"), function (box) {
      if (box.hasAttribute("tabindex") || box.scrollWidth <= box.clientWidth + 1) return;
      box.setAttribute("tabindex", "0");
      if (box.tagName !== "CODE") {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "第 " + (++tables) + " 个表格（可左右滚动）");
      }
    });
  }

  /* The skip link moves keyboard focus, not only the view, past the header and the navigation. */
  function skipLink() {
    var link = document.querySelector(".xy-skip");
    var target = document.getElementById("xy-main");
    if (!link || !target) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView();
    });
  }

  /* Material's menu button (small screens) is a <label> for a hidden checkbox, which a keyboard cannot
   * reach: a real button takes its place and says whether the menu is open; Escape closes the menu. */
  function menuButton() {
    var drawer = document.getElementById("__drawer");
    var label = document.querySelector('.md-header label[for="__drawer"]');
    if (!drawer || !label) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " xy-menu-button";
    button.setAttribute("aria-label", "导航菜单");
    button.innerHTML = label.innerHTML;
    label.parentNode.replaceChild(button, label);
    function set(on) {
      drawer.checked = on;
      drawer.dispatchEvent(new Event("change"));
    }
    var sync = function () { button.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); };
    sync();
    drawer.addEventListener("change", sync);
    button.addEventListener("click", function () { set(!drawer.checked); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) { set(false); button.focus(); }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".xy-browser"), function (root) {
      root.__xinyu = new Browser(root);
    });
    // For scripts/bench_facets.py: navigation start → browser ready (list read, URL applied, counts live).
    if (window.performance && performance.mark) performance.mark("xinyu-facets-ready");
    copyButtons();
    fixThemeParts();
    skipLink();
    menuButton();
    var resized = 0;
    window.addEventListener("resize", function () { clearTimeout(resized); resized = setTimeout(fixThemeParts, 200); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
