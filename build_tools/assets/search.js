/* Site search: Material's search box, overlay and results, over the Pagefind index.
 *
 * The build writes the index into pagefind/ (build_tools/search_index.py); the
 * box comes from overrides/partials/search.html. Nothing is downloaded until a
 * reader opens the search: then Pagefind's script, its WebAssembly and the
 * index's entry files, and for each query only the index chunks holding its
 * words and one fragment per result shown, not the whole index.
 *
 * Results are rendered in Material's markup, so they look and behave as
 * Material's: `li.md-search-result__item > a.md-search-result__link >
 * article.md-search-result__article`, its h1, the excerpt with <mark>, the
 * label as `.md-tag`, "N matching documents", the "/", "s" and "f" shortcuts,
 * Escape, Tab, the arrow keys and Enter. Titles and labels are set with
 * textContent; of an excerpt only the <mark> tags become elements, everything
 * else is text.
 */
(function () {
  "use strict";

  /* ---- ranking: Pagefind's, and a record's own name first ------------------- */

  // Pagefind searches the metadata fields overrides/main.html writes: the label
  // ("Place · city") is there to show, not to rank; a record's names count as
  // little as its text. Weighting names higher lifted records for their names
  // but buried events and reports under any record sharing a word of their
  // titles (on a 5,000-page archive, 114 of 287 titles then found their page
  // first, against 225 with Pagefind's defaults); rankedSearch below puts a
  // record first only when the query is one of its names. Measured with this
  // ranking: 600 of 600 names and aliases (a sample) land on their record first
  // on that archive (214 of 290 titles on their page), 852 of 855 on the
  // shipped one ("Ukraine" and "UK" on another record).
  var RANKING = {"metaWeights": {"label": 0, "names": 1}};
  // How many of the records that match a query are checked for a name that is the query.
  var CANDIDATES = 5;

  function normalise(text) {
    return String(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(" ");
  }

  /* Pagefind's results for `text`, with the records one of whose names, aliases
     or derived spellings is `text` (letter case and punctuation aside) first:
     "Kupyansk" opens Kupiansk's page, not a report with Kupyansk in its title.
     A second search, of record pages only (the `record` filter), finds them
     among its first CANDIDATES even where reports that use the name outnumber
     them. tests/test_build.py runs this very function in Node. */
  function rankedSearch(pagefind, text) {
    var records = pagefind.search(text, { filters: { record: "yes" } }).catch(function () { return null; });
    return Promise.all([pagefind.search(text), records]).then(function (found) {
      var all = found[0], records = found[1];
      if (!all) return null;
      var candidates = records ? records.results.slice(0, CANDIDATES) : [];
      return Promise.all(candidates.map(function (result) { return result.data(); })).then(function (pages) {
        var wanted = normalise(text);
        var exact = candidates.filter(function (result, index) {
          return String((pages[index].meta || {}).names || "").split(" · ").some(function (name) { return normalise(name) === wanted; });
        });
        var first = exact.map(function (result) { return result.id; });
        return exact.concat(all.results.filter(function (result) { return first.indexOf(result.id) === -1; }));
      });
    });
  }

  window.chronicleSearch = { ranking: RANKING, search: rankedSearch };

  /* ---- Material's search box ------------------------------------------------- */

  var dialog = document.querySelector("[data-chronicle-search]");
  var toggle = document.querySelector("input[data-md-toggle=search]");  // Material's: checked while search is open
  if (!dialog || !toggle) return;
  var form = dialog.querySelector("[data-chronicle-search-form]");
  var query = dialog.querySelector("[data-chronicle-search-query]");
  var meta = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var scrollwrap = dialog.querySelector(".md-search__scrollwrap");

  var PAGE = 10;        // results rendered at once, as Material; more on scrolling down
  var DEBOUNCE = 120;   // ms after the last keystroke

  var config = readConfig();
  var root = siteRoot(config);
  var highlight = (config.features || []).indexOf("search.highlight") !== -1;

  function readConfig() {
    var script = document.getElementById("__config");
    try { return JSON.parse(script.textContent); } catch (error) { return {}; }
  }

  /* Material's base_url is relative to the page the script first ran on; with
     navigation.instant the script stays while pages change, so resolve it now. */
  function siteRoot(config) {
    var base = new URL(config.base || ".", window.location.href).href;
    return base.charAt(base.length - 1) === "/" ? base : base + "/";
  }

  function translate(key, fallback) {
    var value = config.translations && config.translations[key];
    return typeof value === "string" ? value : fallback;
  }

  /* ---- Pagefind, loaded on first use ----------------------------------- */

  var loading = null;
  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        // Result addresses relative to the site root, wherever it is served.
        var options = { baseUrl: new URL(root).pathname, ranking: RANKING };
        return Promise.resolve(module.options(options)).then(function () {
          // A large archive is indexed in parts (build_tools/search_index.py); merge the others in.
          return fetch(new URL("pagefind/chronicle-parts.json", root).href)
            .then(function (response) { return response.ok ? response.json() : []; })
            .catch(function () { return []; });
        }).then(function (parts) {
          return Promise.all(parts.map(function (part) {
            return module.mergeIndex(new URL("pagefind/" + part, root).href, { baseUrl: new URL(root).pathname, ranking: RANKING });
          }));
        }).then(function () { return module; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* ---- state ------------------------------------------------------------- */

  var current = 0;      // the query in force; an older query's results are dropped
  var timer = null;
  var results = [];
  var terms = [];
  var shown = 0;
  var rendering = null;
  var lastRun = Promise.resolve();

  function setMeta(text) { meta.textContent = text; }

  function countText(count) {
    if (count === 0) return translate("search.result.none", "No matching documents");
    if (count === 1) return translate("search.result.one", "1 matching document");
    return translate("search.result.other", "# matching documents").replace("#", String(count));
  }

  function wordsOf(text) {
    return text.split(/[\s\-,:;!?=\[\]()"\/.]+/).filter(Boolean);
  }

  function run() {
    lastRun = runQuery(query.value.trim());
    return lastRun;
  }

  function runQuery(text) {
    var id = ++current;
    results = [];
    shown = 0;
    rendering = null;
    if (!text) {
      list.textContent = "";
      setMeta(translate("search.result.placeholder", "Type to start searching"));
      return Promise.resolve();
    }
    return pagefind().then(function (module) {
      return rankedSearch(module, text);
    }).then(function (found) {
      if (id !== current || !found) return;
      results = found;
      terms = wordsOf(text);
      list.textContent = "";
      setMeta(countText(results.length));
      return more(id);
    }).catch(function (error) {
      if (id !== current) return;
      list.textContent = "";
      setMeta("Search is not available: " + (error && error.message ? error.message : error));
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(function () { timer = null; run(); }, DEBOUNCE);
  }

  /* The next PAGE results, appended in rank order. */
  function more(id) {
    if (rendering || shown >= results.length) return rendering;
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    rendering = Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (id !== current) return;
      pages.forEach(function (data, index) { list.appendChild(item(data, batch[index].score)); });
      rendering = null;
      // Results that do not fill the overlay leave nothing to scroll: show the next ones.
      if (scrollwrap.clientHeight > 0 && scrollwrap.scrollHeight <= scrollwrap.clientHeight) return more(id);
    });
    return rendering;
  }

  /* ---- Material's result markup ----------------------------------------- */

  function element(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function termPattern() {
    var words = terms.map(function (term) { return term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).filter(Boolean);
    return words.length ? new RegExp("(" + words.join("|") + ")", "gi") : null;
  }

  /* Text with the query's words marked, as Material marks them in titles. */
  function appendMarked(parent, text) {
    var pattern = termPattern();
    if (!pattern) { parent.appendChild(document.createTextNode(text)); return; }
    text.split(pattern).forEach(function (part, index) {
      if (!part) return;
      if (index % 2) { var mark = element("mark"); mark.textContent = part; parent.appendChild(mark); }
      else parent.appendChild(document.createTextNode(part));
    });
  }

  /* Pagefind's excerpt is the page's text with "<" and ">" written &lt; and &gt;
     (nothing else is escaped) and <mark> around the words found: only those
     tags become elements; the rest goes in as text. */
  function appendExcerpt(parent, excerpt) {
    var marked = false;
    String(excerpt || "").split(/(<mark>|<\/mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) return;
      var text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (marked) { var mark = element("mark"); mark.textContent = text; parent.appendChild(mark); }
      else parent.appendChild(document.createTextNode(text));
    });
  }

  function address(data) {
    var url = new URL(String(data.url || ""), root);
    if (highlight && terms.length) url.searchParams.set("h", terms.join(" "));
    return url.href;
  }

  function item(data, score) {
    var meta = data.meta || {};
    var li = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = address(data);
    link.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    article.setAttribute("data-md-score", Number(score || 0).toFixed(2));
    article.appendChild(element("div", "md-search-result__icon md-icon"));
    var title = element("h1");
    appendMarked(title, String(meta.title || data.url || ""));
    article.appendChild(title);
    if (data.excerpt) {
      var teaser = element("p");
      appendExcerpt(teaser, data.excerpt);
      article.appendChild(teaser);
    }
    if (meta.label) {
      var tags = element("nav", "md-tags");
      var tag = element("span", "md-tag");
      tag.textContent = String(meta.label);
      tags.appendChild(tag);
      article.appendChild(tags);
    }
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  /* ---- opening, closing and the keyboard, as Material ---------------------- */

  function setOpen(open) {
    if (toggle.checked !== open) toggle.checked = open;
  }

  function editable(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  query.addEventListener("focus", function () {
    setOpen(true);
    pagefind().catch(function () { /* reported when a query runs */ });
    if (!query.value.trim() && !results.length) setMeta(translate("search.result.placeholder", "Type to start searching"));
  });
  query.addEventListener("input", schedule);
  toggle.addEventListener("change", function () {
    if (toggle.checked) setTimeout(function () { query.focus(); }, 0);
    else query.blur();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); query.focus(); }, 0);
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) setOpen(false);
  });
  scrollwrap.addEventListener("scroll", function () {
    if (scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 16) more(current);
  });

  window.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    var active = document.activeElement;
    if (!toggle.checked) {
      if ((event.key === "/" || event.key === "s" || event.key === "f") && !editable(active)) {
        query.focus();
        query.select();
        event.preventDefault();
      }
      return;
    }
    switch (event.key) {
      case "Enter":  // in the box: the best result; on a result: follow it
        if (active === query) {
          if (timer) { clearTimeout(timer); timer = null; run(); }  // the query typed so far, now
          event.preventDefault();
          lastRun.then(function () {
            var best = list.querySelector(".md-search-result__link");
            if (best) best.click();
          });
        }
        break;
      case "Escape":
      case "Tab":
        setOpen(false);
        query.blur();
        break;
      case "ArrowUp":
      case "ArrowDown":
        var items = [query].concat(Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link")));
        var index = Math.max(0, items.indexOf(active));
        items[(index + items.length + (event.key === "ArrowUp" ? -1 : 1)) % items.length].focus();
        event.preventDefault();
        break;
      default:
        if (active !== query && event.key.length === 1) query.focus();
    }
  });

  /* ---- search.highlight: the query's words marked on the page a result opens */

  function highlightPage() {
    if (!highlight) return;
    var words = wordsOf(new URL(window.location.href).searchParams.get("h") || "");
    var content = document.querySelector(".md-content article");
    if (!words.length || !content || content.querySelector("mark[data-md-highlight]")) return;
    var pattern = new RegExp("(" + words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "gi");
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    var found = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement && node.parentElement.offsetHeight && pattern.test(node.nodeValue)) found.push(node);
      pattern.lastIndex = 0;
    }
    found.forEach(function (node) {
      var fragment = document.createDocumentFragment();
      node.nodeValue.split(pattern).forEach(function (part, index) {
        if (!part) return;
        if (index % 2) {
          var mark = element("mark");
          mark.setAttribute("data-md-highlight", "");
          mark.textContent = part;
          fragment.appendChild(mark);
        } else fragment.appendChild(document.createTextNode(part));
      });
      node.parentNode.replaceChild(fragment, node);
    });
  }

  // Material's instant navigation swaps pages without reloading scripts; document$ fires on each page.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(highlightPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", highlightPage);
  else highlightPage();
})();
