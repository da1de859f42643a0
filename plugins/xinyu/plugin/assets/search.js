/* 心育资源库 站内搜索 — the browser half of xinyu.search (see docs/dev/search.md).
 *
 * Loads the sharded index written by xinyu.search.write_index from <root>/search/:
 * meta.js first, then one term shard per query term and one record per shown
 * result, each a script that calls __xinyuSearchData(key, data). Script tags
 * work over HTTP and from file:// alike. No framework, nothing outside the site.
 * The query analysis below must stay the same as analyze.py's query_terms.
 */
(function () {
  "use strict";
  if (window.xinyuSearch) return;

  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var TOKENS = new RegExp("[" + CJK + "]+|[a-z0-9]+", "g");
  var CJK_ONLY = new RegExp("^[" + CJK + "]+$");
  /* posting digits (encode.py DIGITS): the printable ASCII characters but " and \, in code order */
  var BASE = 92;
  var DIGIT = new Int8Array(128).fill(-1);
  for (var c = 0x21, n = 0; c < 0x7f; c++) { if (c !== 0x22 && c !== 0x5c) DIGIT[c] = n++; }
  var MIN_WORD = 3;
  var RELAX = 0.5;
  var PAGE = 10;
  var FACETS = ["collection", "grade", "topics", "type", "year"];

  /* ---------- where the index lives ---------- */

  function siteRoot() {
    var meta = document.querySelector('meta[name="xinyu-root"]');
    return new URL(meta ? meta.getAttribute("content") || "./" : "./", location.href);
  }
  var root = siteRoot();
  var base = new URL("search/", root);
  var version = "";
  var cache = {};
  var waiting = {};

  window.__xinyuSearchData = function (key, data) {
    cache[key] = data;
    var w = waiting[key];
    if (w) { delete waiting[key]; w.resolve(data); }
  };

  function load(key) {
    if (Object.prototype.hasOwnProperty.call(cache, key)) return Promise.resolve(cache[key]);
    if (waiting[key]) return waiting[key].promise;
    var entry = {};
    entry.promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
    waiting[key] = entry;
    var script = document.createElement("script");
    script.src = new URL(key + ".js" + (version ? "?v=" + version : ""), base).href;
    script.async = true;
    script.onload = function () {
      script.remove();
      if (waiting[key] === entry) { delete waiting[key]; entry.reject(new Error("搜索数据格式不对：" + key)); }
    };
    script.onerror = function () {
      script.remove();
      delete waiting[key];
      entry.reject(new Error("无法加载搜索数据：" + key));
    };
    document.head.appendChild(script);
    return entry.promise;
  }

  var metaPromise = null;
  var dictionary = null;
  var maxWord = 0;
  function ready() {
    if (!metaPromise) {
      metaPromise = load("meta").then(function (meta) {
        version = meta.version;
        dictionary = new Set(meta.dictionary);
        meta.dictionary.forEach(function (w) { if (w.length > maxWord) maxWord = w.length; });
        return meta;
      });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  /* ---------- analysis: same rules as analyze.py ---------- */

  function normalize(text) { return String(text || "").normalize("NFKC").toLowerCase(); }

  function segment(run) {
    var pieces = [], rest = "", i = 0;
    while (i < run.length) {
      var found = 0;
      for (var size = Math.min(maxWord, run.length - i); size > 1; size--) {
        if (dictionary.has(run.slice(i, i + size))) { found = size; break; }
      }
      if (found) {
        if (rest) { pieces.push([rest, false]); rest = ""; }
        pieces.push([run.slice(i, i + found), true]);
        i += found;
      } else { rest += run[i]; i += 1; }
    }
    if (rest) pieces.push([rest, false]);
    return pieces;
  }

  function analyze(q) {
    var terms = [], marks = [];
    (normalize(q).match(TOKENS) || []).forEach(function (token) {
      marks.push(token);
      if (!CJK_ONLY.test(token) || token.length === 1) { terms.push(token); return; }
      var offset = 0;
      segment(token).forEach(function (p) {
        var piece = p[0];
        if (p[1] && piece.length >= MIN_WORD) terms.push(piece);
        else if (piece.length >= 2) { for (var i = 0; i + 1 < piece.length; i++) terms.push(piece.slice(i, i + 2)); }
        else { var start = offset > 0 ? offset - 1 : offset; terms.push(token.slice(start, start + 2)); }
        if (piece.length >= 2 && piece !== token) marks.push(piece);
        offset += piece.length;
      });
    });
    return { terms: unique(terms), marks: unique(marks) };
  }

  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  /* ---------- index files ---------- */

  function fnv1a(term) {
    var h = 0x811c9dc5;
    for (var ch of term) { h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0; }
    return h;
  }

  /* a posting list: fixed-width base-92 numbers id * 64 + weight, in id order → Map id → weight */
  function decodePostings(code, width) {
    var map = new Map();
    for (var i = 0; i + width <= code.length; i += width) {
      var value = 0;
      for (var j = 0; j < width; j++) value = value * BASE + DIGIT[code.charCodeAt(i + j)];
      map.set(Math.floor(value / 64), value % 64);
    }
    return map;
  }

  var decoded = {};
  function postings(meta, term) {
    if (decoded[term]) return Promise.resolve(decoded[term]);
    var key = "t/" + (fnv1a(term) & (meta.shards - 1)).toString(16);
    return load(key).then(function (shard) {
      var code = shard[term];
      var map = code ? decodePostings(code, meta.width) : new Map();
      decoded[term] = map;
      return map;
    });
  }

  function record(meta, id) {
    return load("d/" + Math.floor(id / meta.bucket) + "/" + id);
  }

  function cleanFilters(filters) {
    var out = {};
    Object.keys(filters || {}).forEach(function (key) {
      var raw = filters[key];
      var values = (Array.isArray(raw) ? raw : [raw]).reduce(function (all, v) {
        return all.concat(String(v == null ? "" : v).split(/[,，]/));
      }, []).map(function (v) { return v.trim(); }).filter(Boolean);
      if (values.length) out[key] = values;
    });
    return out;
  }

  function allowedIds(meta, filters) {
    var keys = Object.keys(filters);
    if (!keys.length) return Promise.resolve(null);
    return Promise.all(keys.map(function (key) {
      return Promise.all(filters[key].map(function (v) { return postings(meta, "f:" + key + "=" + v); })).then(function (maps) {
        var set = new Set();
        maps.forEach(function (m) { m.forEach(function (_, id) { set.add(id); }); });
        return set;
      });
    })).then(function (sets) {
      return sets.reduce(function (a, b) { return new Set([...a].filter(function (id) { return b.has(id); })); });
    });
  }

  /* ---------- results ---------- */

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function markPattern(marks) {
    var sorted = marks.slice().sort(function (a, b) { return b.length - a.length; });
    if (!sorted.length) return null;
    return new RegExp(sorted.map(function (m) { return m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
  }

  function highlight(text, pattern) {
    if (!pattern) return escapeHtml(text);
    var out = "", last = 0, m;
    pattern.lastIndex = 0;
    while ((m = pattern.exec(text)) !== null) {
      if (!m[0]) { pattern.lastIndex++; continue; }
      out += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>";
      last = m.index + m[0].length;
    }
    return out + escapeHtml(text.slice(last));
  }

  function excerpt(rec, marks, pattern) {
    var sources = [rec.x || "", rec.y || ""];
    for (var s = 0; s < sources.length; s++) {
      var text = sources[s].replace(/\s+/g, " "), lower = text.toLowerCase(), best = -1;
      marks.forEach(function (m) {
        var at = lower.indexOf(m);
        if (at >= 0 && (best < 0 || at < best)) best = at;
      });
      if (best >= 0) {
        var start = Math.max(0, best - 36), end = Math.min(text.length, start + 130);
        return (start > 0 ? "…" : "") + highlight(text.slice(start, end), pattern) + (end < text.length ? "…" : "");
      }
    }
    var plain = (rec.y || rec.x || "").replace(/\s+/g, " ");
    return highlight(plain.slice(0, 130), pattern) + (plain.length > 130 ? "…" : "");
  }

  function present(rec, marks) {
    var pattern = markPattern(marks);
    var title = String(rec.t || "").replace(/\s*¶\s*/g, "");
    return {
      title: title,
      titleHtml: highlight(title, pattern),
      url: new URL(rec.u, root).href,
      path: rec.u,
      collection: rec.c,
      collectionLabel: rec.l,
      meta: rec.m || [],
      people: rec.p || [],
      school: rec.s || "",
      summary: rec.y || "",
      excerptHtml: excerpt(rec, marks, pattern),
    };
  }

  /** Search: text (may be empty) combined with facets {collection, grade, topics, type, year: [values]}.
   *  Resolves to {total, relaxed, terms, marks, results}; each result has id, score and data() → its
   *  record; the first options.limit (default 10) are filled in already (title, url, excerptHtml …).
   *  options.urls: true also sets url on every result (one more small file). */
  function query(q, filters, options) {
    options = options || {};
    var limit = options.limit == null ? PAGE : options.limit;
    return ready().then(function (meta) {
      var analysis = analyze(q);
      var clean = cleanFilters(filters);
      return Promise.all([
        allowedIds(meta, clean),
        Promise.all(analysis.terms.map(function (t) { return postings(meta, t); })),
        options.urls ? load("urls") : null,
      ]).then(function (loaded) {
        var allowed = loaded[0], lists = loaded[1], urls = loaded[2];
        var ranked = rank(meta, lists, allowed);
        var results = ranked.ids.map(function (id) {
          var r = { id: id, score: ranked.scores.get(id) || 0 };
          r.data = function () { return record(meta, id).then(function (rec) { return present(rec, analysis.marks); }); };
          if (urls) r.url = new URL(urls[id], root).href;
          return r;
        });
        return Promise.all(results.slice(0, limit).map(function (r) {
          return r.data().then(function (d) { Object.assign(r, d); });
        })).then(function () {
          return { query: q, filters: clean, total: results.length, relaxed: ranked.relaxed, terms: analysis.terms, marks: analysis.marks, results: results };
        });
      });
    });
  }

  function rank(meta, lists, allowed) {
    if (!lists.length) {
      var all = allowed ? Array.from(allowed).sort(function (a, b) { return a - b; }) : [];
      return { ids: all, scores: new Map(), relaxed: false };
    }
    var scores = new Map(), matched = new Map();
    lists.forEach(function (list) {
      var idf = Math.log(1 + meta.docs / Math.max(1, list.size));
      list.forEach(function (weight, id) {
        if (allowed && !allowed.has(id)) return;
        scores.set(id, (scores.get(id) || 0) + idf * weight);
        matched.set(id, (matched.get(id) || 0) + 1);
      });
    });
    var need = lists.length, relaxed = false, full = false;
    matched.forEach(function (m) { if (m === need) full = true; });
    if (!full && need > 1) { need = Math.max(1, Math.ceil(need * RELAX)); relaxed = true; }
    var ids = [];
    matched.forEach(function (m, id) { if (m >= need) ids.push(id); });
    ids.sort(function (a, b) {
      return (matched.get(b) - matched.get(a)) || (scores.get(b) - scores.get(a)) || (a - b);
    });
    return { ids: ids, scores: scores, relaxed: relaxed };
  }

  window.xinyuSearch = { query: query, analyze: function (q) { return ready().then(function () { return analyze(q); }); }, ready: ready };

  /* ---------- the search box and results panel ---------- */

  var ui = {};

  function params() { return new URLSearchParams(location.search); }

  function addStyle() {
    var href = new URL("assets/xinyu/search.css", root).href;
    var present = Array.prototype.some.call(document.querySelectorAll('link[rel="stylesheet"]'), function (l) { return l.href.split("?")[0] === href; });
    if (present) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function build() {
    addStyle();
    var form = document.createElement("form");
    form.className = "xinyu-search";
    form.setAttribute("role", "search");
    form.innerHTML =
      '<label class="xinyu-search__label" for="xinyu-search-input">搜索资源库</label>' +
      '<input id="xinyu-search-input" class="xinyu-search__input" type="search" name="q" autocomplete="off" ' +
      'placeholder="搜索案例、课程、讲座、课题" aria-controls="xinyu-search-panel" aria-describedby="xinyu-search-hint">' +
      '<span id="xinyu-search-hint" class="xinyu-search__label">按 / 键聚焦搜索框，↓ 键进入结果，Esc 关闭</span>';
    var header = document.querySelector(".md-header__inner");
    var anchor = header && header.querySelector(".md-header__source");
    if (header) header.insertBefore(form, anchor || null);
    else { form.classList.add("xinyu-search--standalone"); document.body.insertBefore(form, document.body.firstChild); }

    var panel = document.createElement("section");
    panel.id = "xinyu-search-panel";
    panel.className = "xinyu-search__panel";
    panel.hidden = true;
    panel.setAttribute("aria-label", "搜索结果");
    panel.innerHTML =
      '<div class="xinyu-search__bar"><div class="xinyu-search__filters"></div>' +
      '<button type="button" class="xinyu-search__close" aria-label="关闭搜索结果">关闭</button></div>' +
      '<p class="xinyu-search__status" role="status" aria-live="polite"></p>' +
      '<ol class="xinyu-search__results"></ol>' +
      '<button type="button" class="xinyu-search__more" hidden>显示更多结果</button>';
    document.body.appendChild(panel);

    ui = {
      form: form, input: form.querySelector("input"), panel: panel,
      filters: panel.querySelector(".xinyu-search__filters"), status: panel.querySelector(".xinyu-search__status"),
      list: panel.querySelector(".xinyu-search__results"), more: panel.querySelector(".xinyu-search__more"),
      selected: {}, answer: null, shown: 0, timer: 0, run: 0,
    };
    var p = params();
    FACETS.forEach(function (key) { var v = p.getAll(key).join(","); if (v) ui.selected[key] = v; });

    form.addEventListener("submit", function (e) { e.preventDefault(); search(true); });
    ui.input.addEventListener("input", function () { clearTimeout(ui.timer); ui.timer = setTimeout(function () { search(true); }, 120); });
    ui.input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { var first = ui.list.querySelector("a"); if (first) { e.preventDefault(); first.focus(); } }
      if (e.key === "Escape") close();
    });
    ui.input.addEventListener("focus", function () { if (ui.input.value.trim()) show(); });
    panel.addEventListener("keydown", onPanelKey);
    panel.querySelector(".xinyu-search__close").addEventListener("click", close);
    ui.more.addEventListener("click", function () { renderMore(); });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key === "/" && !typing) { e.preventDefault(); ui.input.focus(); }
    });

    var q = p.get("q");
    if (q) {
      ui.input.value = q;
      if (!document.querySelector("[data-xinyu-search-owner]")) search(false);
    }
  }

  function onPanelKey(e) {
    if (e.key === "Escape") { ui.input.focus(); close(); return; }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(ui.list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    e.preventDefault();
    if (e.key === "ArrowDown" && at + 1 < links.length) links[at + 1].focus();
    if (e.key === "ArrowUp") (at > 0 ? links[at - 1] : ui.input).focus();
  }

  function show() { ui.panel.hidden = false; document.documentElement.classList.add("xinyu-search-open"); }
  function close() { ui.panel.hidden = true; document.documentElement.classList.remove("xinyu-search-open"); }

  function buildFilters(meta) {
    if (ui.filters.childElementCount) return;
    FACETS.forEach(function (key) {
      var facet = meta.facets[key];
      if (!facet || !facet.values.length) return;
      var select = document.createElement("select");
      select.className = "xinyu-search__filter";
      select.dataset.facet = key;
      select.setAttribute("aria-label", facet.label);
      var html = '<option value="">全部' + escapeHtml(facet.label) + "</option>";
      facet.values.forEach(function (v) {
        html += '<option value="' + escapeHtml(v[0]) + '">' + escapeHtml(v[1]) + "</option>";
      });
      select.innerHTML = html;
      select.value = (ui.selected[key] || "").split(",")[0];
      select.addEventListener("change", function () {
        if (select.value) ui.selected[key] = select.value; else delete ui.selected[key];
        search(true);
      });
      ui.filters.appendChild(select);
    });
  }

  function updateUrl(q) {
    var p = params();
    if (q) p.set("q", q); else p.delete("q");
    FACETS.forEach(function (key) { if (ui.selected[key]) p.set(key, ui.selected[key]); });
    var s = p.toString();
    history.replaceState(history.state, "", location.pathname + (s ? "?" + s : "") + location.hash);
  }

  function search(remember) {
    var q = ui.input.value.trim();
    var run = ++ui.run;
    if (!q) { close(); if (remember) updateUrl(""); return; }
    show();
    ui.status.textContent = "正在搜索…";
    ready().then(function (meta) {
      buildFilters(meta);
      return query(q, ui.selected, { limit: PAGE });
    }).then(function (answer) {
      if (run !== ui.run) return;
      if (remember) updateUrl(q);
      ui.answer = answer;
      ui.shown = 0;
      ui.list.innerHTML = "";
      var note = answer.relaxed ? "（没有同时包含全部词语的结果，以下为部分匹配）" : "";
      ui.status.textContent = answer.total ? "找到 " + answer.total + " 条结果" + note : "没有找到与“" + q + "”相关的内容";
      appendResults(answer.results.slice(0, PAGE));
    }).catch(function (err) {
      if (run === ui.run) ui.status.textContent = "搜索暂时不可用：" + err.message;
    });
  }

  function renderMore() {
    var answer = ui.answer, next = answer.results.slice(ui.shown, ui.shown + PAGE);
    Promise.all(next.map(function (r) { return r.title ? r : r.data().then(function (d) { return Object.assign(r, d); }); }))
      .then(function () { if (ui.answer === answer) appendResults(next); });
  }

  function appendResults(results) {
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.className = "xinyu-search__result";
      var meta = [r.collectionLabel].concat(r.meta, r.people.slice(0, 2), r.school ? [r.school] : []);
      li.innerHTML =
        '<a class="xinyu-search__link" href="' + escapeHtml(r.url) + '">' +
        '<span class="xinyu-search__title">' + r.titleHtml + "</span>" +
        '<span class="xinyu-search__meta"><span class="xinyu-search__collection">' + escapeHtml(meta[0] || "") + "</span>" +
        meta.slice(1).map(function (m) { return "<span>" + escapeHtml(m) + "</span>"; }).join("") + "</span>" +
        '<span class="xinyu-search__excerpt">' + r.excerptHtml + "</span></a>";
      ui.list.appendChild(li);
    });
    ui.shown += results.length;
    ui.more.hidden = !ui.answer || ui.shown >= ui.answer.total;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
