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
  var ATTACHED = 8;    /* a weight 1..7: the term occurs only in the item's attachments (analyze.py) */
  var SUGGESTIONS = 3; /* reader.py: at most this many, each checked to find something */
  var TRIES = 6;
  var PAGE = 10;
  /* analyze.py QUESTION_WORDS: dropped from a longer query (如何缓解考试焦虑) */
  var QUESTION_WORDS = new Set("如何 怎么 怎样 怎么办 怎么样 什么 什么是 哪些 为什么 有没有 有关".split(" "));
  var FACETS = ["collection", "grade", "topics", "type", "year"];

  /* ---------- setup: everything this script assumes about the page, in one place ----------
   * (docs/dev/search.md, "Client setup"; a site that hosts another search changes only this)
   * - the site root: <meta name="xinyu-root" content="../../"> (relative to the page) where a page has one,
   *   else this script's own address (<root>/assets/xinyu/search.js: a host site's pages carry no meta of ours);
   * - the index: <root>/search/ (meta.js, t/, d/, urls.js, pinyin.js), the styles: <root>/assets/xinyu/search.css;
   * - the search box goes into Material's header (SETUP.header, before SETUP.headerAnchor), or, on a page
   *   without it, at the top of <body> (class xinyu-search--standalone);
   * - an element with the attribute SETUP.owner (the facet browser) shows ?q= results itself through
   *   window.xinyuSearch.query(); the box then only fills in the query. */
  var SETUP = {
    rootMeta: 'meta[name="xinyu-root"]',
    index: "search/",
    styles: "assets/xinyu/search.css",
    header: ".md-header__inner",
    headerAnchor: ".md-header__source",
    owner: "[data-xinyu-search-owner]",
  };

  /* This script is <root>/assets/xinyu/search.js on every page, a host site's own pages included. */
  var SCRIPT = document.currentScript;
  function siteRoot() {
    var meta = document.querySelector(SETUP.rootMeta);
    if (meta) return new URL(meta.getAttribute("content") || "./", location.href);
    return new URL(SCRIPT && SCRIPT.src ? "../../" : "./", SCRIPT && SCRIPT.src ? SCRIPT.src : location.href);
  }
  var root = siteRoot();
  var base = new URL(SETUP.index, root);
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
  var dictionary = null;   /* words the index keeps whole (3+ characters) */
  var splitter = null;     /* what queries are segmented by: those and the synonyms' words */
  var others = new Map();  /* a synonym → the other words of its groups */
  var maxWord = 0;
  function ready() {
    if (!metaPromise) {
      metaPromise = load("meta").then(function (meta) {
        version = meta.version;
        dictionary = new Set(meta.dictionary);
        splitter = new Set(meta.dictionary);
        QUESTION_WORDS.forEach(function (w) { splitter.add(w); });
        (meta.synonyms || []).forEach(function (group) {
          group.forEach(function (word) {
            var known = others.get(word) || [];
            group.forEach(function (w) { if (w !== word && known.indexOf(w) < 0) known.push(w); });
            others.set(word, known);
            if (CJK_ONLY.test(word)) splitter.add(word);
          });
        });
        splitter.forEach(function (w) { if (w.length > maxWord) maxWord = w.length; });
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
        if (splitter.has(run.slice(i, i + size))) { found = size; break; }
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

  function bigrams(text) {
    var out = [];
    for (var i = 0; i + 1 < text.length; i++) out.push(text.slice(i, i + 2));
    return out;
  }

  /* the terms a whole word is found by: itself if the index keeps it whole, else its bigrams */
  function wordTerms(word) {
    return dictionary.has(word) || word.length < 2 || !CJK_ONLY.test(word) ? [word] : bigrams(word);
  }

  /* {terms, marks, groups: [{words, alternatives}], phrase, loaded}: see analyze.py's query_terms */
  function analyze(q) {
    var out = { terms: [], marks: [], groups: [], phrase: [] };
    function addPiece(piece, terms) {
      out.terms = out.terms.concat(terms);
      if (others.has(piece)) {
        var words = others.get(piece);
        out.groups.push({ words: [piece].concat(words), alternatives: [terms].concat(words.map(wordTerms)) });
        return;
      }
      var seen = new Set();
      out.groups.forEach(function (g) { if (g.alternatives.length === 1) g.alternatives[0].forEach(function (t) { seen.add(t); }); });
      unique(terms).forEach(function (t) { if (!seen.has(t)) out.groups.push({ words: [t], alternatives: [[t]] }); });
    }
    (normalize(q).match(TOKENS) || []).forEach(function (token) {
      out.marks.push(token);
      if (!CJK_ONLY.test(token) || token.length === 1) { addPiece(token, [token]); return; }
      var offset = 0, noEdge = false; /* noEdge: the piece before was a synonym or a dropped question word */
      segment(token).forEach(function (p) {
        var piece = p[0], synonym = others.has(piece), terms;
        if (QUESTION_WORDS.has(piece) && piece !== token) { offset += piece.length; noEdge = true; return; }
        if (p[1] && (piece.length >= MIN_WORD || synonym)) terms = wordTerms(piece);
        else if (piece.length >= 2) terms = bigrams(piece);
        else { var start = offset > 0 && !noEdge ? offset - 1 : offset; terms = [token.slice(start, start + 2)]; }
        addPiece(piece, terms);
        if (piece.length >= 2 && piece !== token) out.marks.push(piece);
        if (offset && !synonym && !noEdge) out.phrase.push(token.slice(offset - 1, offset + 1));
        offset += piece.length;
        noEdge = synonym;
      });
    });
    out.terms = unique(out.terms);
    var synonymWords = [], synonymTerms = [];
    out.groups.forEach(function (g) {
      synonymWords = synonymWords.concat(g.words.slice(1));
      g.alternatives.slice(1).forEach(function (alt) { synonymTerms = synonymTerms.concat(alt); });
    });
    out.marks = unique(out.marks.concat(synonymWords));
    out.phrase = unique(out.phrase).filter(function (t) { return out.terms.indexOf(t) < 0; });
    out.loaded = unique(out.terms.concat(synonymTerms, out.phrase));
    return out;
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

  /* The attachment text around the first mark, from its excerpt files (loaded four at a time). */
  function attachmentExcerpt(meta, id, rec, marks, pattern) {
    var key = "d/" + Math.floor(id / meta.bucket) + "/" + id + "-";
    function from(start) {
      if (start >= rec.k) return Promise.resolve(null);
      var keys = [];
      for (var n = start; n < Math.min(rec.k, start + 4); n++) keys.push(load(key + n));
      return Promise.all(keys).then(function (pieces) {
        for (var i = 0; i < pieces.length; i++) {
          var found = excerptAt(pieces[i][2], marks, pattern);
          if (found) return { attachment: rec.a[pieces[i][0]], where: pieces[i][1], html: found };
        }
        return from(start + 4);
      });
    }
    return from(0).catch(function () { return null; });
  }

  function excerptAt(source, marks, pattern) {
    var text = source.replace(/\s+/g, " "), lower = text.toLowerCase(), best = -1;
    marks.forEach(function (m) {
      var at = lower.indexOf(m);
      if (at >= 0 && (best < 0 || at < best)) best = at;
    });
    if (best < 0) return "";
    var start = Math.max(0, best - 36), end = Math.min(text.length, start + 130);
    return (start > 0 ? "…" : "") + highlight(text.slice(start, end), pattern) + (end < text.length ? "…" : "");
  }

  function excerpt(rec, marks, pattern) {
    var sources = [rec.x || "", rec.y || ""];
    for (var s = 0; s < sources.length; s++) {
      var found = excerptAt(sources[s], marks, pattern);
      if (found) return found;
    }
    var plain = (rec.y || rec.x || "").replace(/\s+/g, " ");
    return highlight(plain.slice(0, 130), pattern) + (plain.length > 130 ? "…" : "");
  }

  function present(rec, marks, hit, inAttachment) {
    var pattern = markPattern(marks);
    var title = String(rec.t || "").replace(/\s*¶\s*/g, "");
    var excerptHtml = excerpt(rec, marks, pattern);
    if (inAttachment) {
      /* found only in an attachment: say which, with the text around the match */
      excerptHtml = "附件《" + escapeHtml(inAttachment.attachment[0]) + "》" +
        (/^第/.test(inAttachment.where) ? escapeHtml(inAttachment.where) : "") + "中：" + inAttachment.html;
    }
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
      excerptHtml: excerptHtml,
      attachment: inAttachment ? inAttachment.attachment[0] : "",
      synonyms: hit ? hit.synonyms : [],
    };
  }

  function details(meta, hit, marks) {
    return record(meta, hit.id).then(function (rec) {
      if (!hit.attached || !rec.k) return present(rec, marks, hit, null);
      return attachmentExcerpt(meta, hit.id, rec, marks, markPattern(marks)).then(function (found) {
        return present(rec, marks, hit, found);
      });
    });
  }

  /** Search: text (may be empty) combined with facets {collection, grade, topics, type, year: [values]}.
   *  Resolves to {total, relaxed, terms, marks, results, suggestions}; each result has id, score,
   *  synonyms (words it was found by instead of the written ones), phrase, attached, page and data()
   *  → its record; the first options.limit (default 10) are filled in already (title, url,
   *  excerptHtml, attachment …). options.urls: true also sets url on every result (one more small
   *  file). With no result (or only partial ones), suggestions: [{text, total, pinyin}] are queries
   *  that do find something. */
  function query(q, filters, options) {
    options = options || {};
    var limit = options.limit == null ? PAGE : options.limit;
    return ready().then(function (meta) {
      var analysis = analyze(q);
      var clean = cleanFilters(filters);
      return Promise.all([
        allowedIds(meta, clean),
        Promise.all(analysis.loaded.map(function (t) { return postings(meta, t); })),
        options.urls ? load("urls") : null,
      ]).then(function (loaded) {
        var allowed = loaded[0], lists = new Map(), urls = loaded[2];
        analysis.loaded.forEach(function (t, i) { lists.set(t, loaded[1][i]); });
        var ranked = rank(meta, analysis, lists, allowed);
        var results = ranked.hits.map(function (hit) {
          hit.data = function () { return details(meta, hit, analysis.marks); };
          if (urls) hit.url = new URL(urls[hit.id], root).href;
          return hit;
        });
        var answer = { query: q, filters: clean, total: results.length, relaxed: ranked.relaxed, terms: analysis.terms,
          marks: analysis.marks, results: results, suggestions: [] };
        /* nothing, or only part of the query: offer what would find it all */
        var more = (results.length && !ranked.relaxed) || options.suggest === false || !analysis.groups.length ? null : suggest(q, filters);
        return Promise.all([
          Promise.all(results.slice(0, limit).map(function (r) { return r.data().then(function (d) { Object.assign(r, d); }); })),
          more,
        ]).then(function (done) {
          if (done[1]) answer.suggestions = done[1];
          return answer;
        });
      });
    });
  }

  /* same order as reader.py's rank: items before pages, more groups matched, as written before
   * through synonyms, the written phrase before its words apart, score, id */
  function rank(meta, analysis, lists, allowed) {
    if (!analysis.groups.length) {
      var all = allowed ? Array.from(allowed).sort(function (a, b) { return a - b; }) : [];
      return { hits: all.map(function (id) { return newHit(meta, id); }), relaxed: false };
    }
    var idf = new Map();
    lists.forEach(function (list, term) { idf.set(term, Math.log(1 + meta.docs / Math.max(1, list.size))); });
    var hits = new Map();
    analysis.groups.forEach(function (group) {
      var done = new Set(), written = group.alternatives[0].length;
      group.alternatives.forEach(function (alt, k) {
        var plists = alt.map(function (t) { return lists.get(t); });
        var base = plists.reduce(function (a, b) { return b.size < a.size ? b : a; });
        base.forEach(function (_, id) {
          if (done.has(id) || (allowed && !allowed.has(id))) return;
          if (!plists.every(function (p) { return p.has(id); })) return;
          done.add(id);
          var hit = hits.get(id);
          if (!hit) { hit = newHit(meta, id); hits.set(id, hit); }
          hit.matched += 1;
          var sum = 0;
          alt.forEach(function (t) { sum += idf.get(t) * lists.get(t).get(id); });
          hit.score += sum * (written / alt.length);
          hit.attached = hit.attached || alt.some(function (t) { var w = lists.get(t).get(id); return w < ATTACHED; });
          if (k) hit.synonyms.push(group.words[k]);
        });
      });
    });
    var need = analysis.groups.length, relaxed = false, full = false;
    hits.forEach(function (h) { if (h.matched === need) full = true; });
    if (need > 1 && !full) { need = Math.max(1, Math.ceil(need * RELAX)); relaxed = true; }
    var found = [];
    hits.forEach(function (h) {
      if (h.matched < need) return;
      h.phrase = !h.synonyms.length && h.matched === analysis.groups.length &&
        analysis.phrase.every(function (t) { return lists.get(t).has(h.id); });
      found.push(h);
    });
    found.sort(function (a, b) {
      return (a.page - b.page) || (b.matched - a.matched) || (!!a.synonyms.length - !!b.synonyms.length) ||
        (b.phrase - a.phrase) || (b.score - a.score) || (a.id - b.id);
    });
    return { hits: found, relaxed: relaxed };
  }

  function newHit(meta, id) {
    return { id: id, score: 0, matched: 0, synonyms: [], phrase: false, attached: false, page: id >= (meta.items == null ? meta.docs : meta.items) };
  }

  /* ---------- no dead ends: suggestions (reader.py's candidate_queries) ---------- */

  var PINYIN = /^[a-z]{2,}$/;
  var pinyinTable = null;
  function loadPinyin() {
    if (!pinyinTable) {
      pinyinTable = load("pinyin").then(function (data) {
        var readings = new Map();
        Object.keys(data.c).forEach(function (syllable) {
          for (var ch of data.c[syllable]) { var r = readings.get(ch) || new Set(); r.add(syllable); readings.set(ch, r); }
        });
        return { words: data.w.map(function (w) { return [w[0], w[1].split(" ")]; }), readings: readings };
      });
      pinyinTable.catch(function () { pinyinTable = null; });
    }
    return pinyinTable;
  }

  function byPinyin(table, latin) {
    var full = [], initials = [];
    table.words.forEach(function (w) {
      if (w[1].join("") === latin) full.push(w[0]);
      else if (w[1].map(function (s) { return s[0]; }).join("") === latin) initials.push(w[0]);
    });
    return full.concat(initials.filter(function (w) { return full.indexOf(w) < 0; }));
  }

  function soundsLike(table, text, word, syllables) {
    if (word.length !== text.length || word === text) return false;
    for (var i = 0; i < text.length; i++) {
      var r = table.readings.get(text[i]);
      if (!r || !r.has(syllables[i])) return false;
    }
    return true;
  }

  function oneOff(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    if (a.length === b.length) {
      var diff = 0;
      for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
      return diff === 1;
    }
    var short = a.length < b.length ? a : b, long = a.length < b.length ? b : a, j = 0;
    while (j < short.length && short[j] === long[j]) j++;
    return short.slice(j) === long.slice(j + 1);
  }

  function oneOffPart(token, part, word) {
    if (part.length === word.length) return part.length >= 3 && oneOff(part, word);
    return part === token && word.length >= 2 && oneOff(part, word);
  }

  function parts(token) {
    if (PINYIN.test(token) || token.length < 2) return [];
    var out = [];
    for (var n = Math.min(token.length, 8); n > 1; n--) for (var s = 0; s + n <= token.length; s++) out.push([s, s + n]);
    return out;
  }

  function candidateQueries(text, table) {
    var tokens = text.match(TOKENS) || [], out = [];
    function replace(i, start, end, word, pinyin) {
      var changed = tokens.slice(0, i).concat([tokens[i].slice(0, start) + word + tokens[i].slice(end)], tokens.slice(i + 1));
      out.push([changed.join(" "), !!pinyin]);
    }
    if (tokens.length > 1 && tokens.every(function (t) { return PINYIN.test(t); })) {
      byPinyin(table, tokens.join("")).forEach(function (w) { out.push([w, true]); });
    }
    tokens.forEach(function (token, i) {
      if (PINYIN.test(token)) byPinyin(table, token).forEach(function (w) { replace(i, 0, token.length, w, true); });
    });
    ["sound", "oneOff"].forEach(function (tier) {
      tokens.forEach(function (token, i) {
        parts(token).forEach(function (se) {
          var part = token.slice(se[0], se[1]);
          table.words.forEach(function (w) {
            if (tier === "sound" ? soundsLike(table, part, w[0], w[1]) : oneOffPart(token, part, w[0])) replace(i, se[0], se[1], w[0]);
          });
        });
      });
    });
    var seen = new Set();
    return out.filter(function (c) { if (seen.has(c[0])) return false; seen.add(c[0]); return true; });
  }

  function suggest(q, filters) {
    return loadPinyin().then(function (table) {
      var tries = candidateQueries(normalize(q), table).slice(0, TRIES);
      return Promise.all(tries.map(function (c) {
        return query(c[0], filters, { limit: 0, suggest: false }).then(function (a) {
          return { text: c[0], total: a.relaxed ? 0 : a.total, pinyin: c[1], ids: a.results.map(function (r) { return r.id; }).join() };
        });
      }));
    }).then(function (checked) {
      var seen = new Set();  /* each suggestion finds something else (reader.py's suggest) */
      return checked.filter(function (c) {
        if (!c.total || seen.has(c.ids)) return false;
        seen.add(c.ids);
        return true;
      }).slice(0, SUGGESTIONS).map(function (c) { return { text: c.text, total: c.total, pinyin: c.pinyin }; });
    }).catch(function () { return []; });
  }

  window.xinyuSearch = { query: query, analyze: function (q) { return ready().then(function () { return analyze(q); }); }, ready: ready };

  /* ---------- the search box and results panel ---------- */

  var ui = {};

  function params() { return new URLSearchParams(location.search); }

  function addStyle() {
    var href = new URL(SETUP.styles, root).href;
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
    var header = document.querySelector(SETUP.header);
    var anchor = header && header.querySelector(SETUP.headerAnchor);
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
      // The panel sits at the end of the page: Tab would go on to the links it covers, so it leads into the panel.
      if (e.key === "Tab" && !e.shiftKey && !ui.panel.hidden) { var stop = panelStops()[0]; if (stop) { e.preventDefault(); stop.focus(); } }
      if (e.key === "Escape") close();
    });
    ui.input.addEventListener("focus", function () { if (ui.input.value.trim()) show(); });
    panel.addEventListener("keydown", onPanelKey);
    // Closed by keyboard (a click without pointer, detail 0), the focus goes back to the box, not to the page's top.
    panel.querySelector(".xinyu-search__close").addEventListener("click", function (e) { if (!e.detail) ui.input.focus(); close(); });
    ui.more.addEventListener("click", function () { renderMore(); });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key === "/" && !typing) { e.preventDefault(); ui.input.focus(); }
    });

    var q = p.get("q");
    if (q) {
      ui.input.value = q;
      if (!document.querySelector(SETUP.owner)) search(false);
    }
  }

  function panelStops() {
    return Array.prototype.filter.call(ui.panel.querySelectorAll("select, button, a[href]"), function (el) { return !el.hidden; });
  }

  function onPanelKey(e) {
    if (e.key === "Escape") { ui.input.focus(); close(); return; }
    if (e.key === "Tab" && e.shiftKey && document.activeElement === panelStops()[0]) { e.preventDefault(); ui.input.focus(); return; }
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
      /* pinyin typed with the input method off (kaoshijiaolv, ksjl): show the word's results at once */
      var read = !answer.total && answer.suggestions.length && answer.suggestions[0].pinyin ? answer.suggestions[0] : null;
      if (!read) return [answer, null];
      return query(read.text, ui.selected, { limit: PAGE }).then(function (a) { return [a, { read: read, others: answer.suggestions.slice(1) }]; });
    }).then(function (done) {
      if (run !== ui.run) return;
      var answer = done[0], pinyin = done[1];
      if (remember) updateUrl(q);
      ui.answer = answer;
      ui.shown = 0;
      ui.list.innerHTML = "";
      showStatus(q, answer, pinyin);
      appendResults(answer.results.slice(0, PAGE));
    }).catch(function (err) {
      if (run === ui.run) ui.status.textContent = "搜索暂时不可用：" + err.message;
    });
  }

  function showStatus(q, answer, pinyin) {
    var note = answer.relaxed ? "（没有同时包含全部词语的结果，以下为部分匹配）" : "";
    var text = answer.total ? "找到 " + answer.total + " 条结果" + note : "没有找到与“" + q + "”相关的内容。";
    if (pinyin) text = "按拼音“" + q + "”显示“" + pinyin.read.text + "”的结果：" + text;
    ui.status.textContent = text;
    var offered = pinyin ? pinyin.others : answer.suggestions;
    if (!offered.length) return;
    ui.status.appendChild(document.createTextNode(pinyin ? " 也可以找：" : "您是不是要找："));
    offered.forEach(function (s, i) {
      var link = document.createElement("a");
      var p = params();
      p.set("q", s.text);
      link.href = "?" + p.toString() + location.hash;
      link.className = "xinyu-search__suggestion";
      link.textContent = s.text;
      link.addEventListener("click", function (e) { e.preventDefault(); ui.input.value = s.text; search(true); ui.input.focus(); });
      if (i) ui.status.appendChild(document.createTextNode("、"));
      ui.status.appendChild(link);
      ui.status.appendChild(document.createTextNode("（" + s.total + " 条）"));
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
      var meta = [r.collectionLabel].concat(r.meta, r.people.slice(0, 2), r.school ? [r.school] : [],
        r.synonyms.length ? ["同义词：" + r.synonyms.join("、")] : []);
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
