// Runs queries through the built site's own Pagefind script, in Node, ranked by
// the site's own search code (build_tools/assets/search.js: its RANKING and its
// rankedSearch), as a reader's browser would (tests/search_queries.py calls it):
//   node tests/pagefind_query.mjs SITE_DIR LIMIT QUERY...
// prints [{query, count, results: [{url, title, label, excerpt, score}]}] (the first LIMIT).
// Pagefind fetches its files relative to pagefind.js; here fetch reads them from disk.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

const [site, limit, ...queries] = process.argv.slice(2);
const searchJs = fileURLToPath(new URL("../build_tools/assets/search.js", import.meta.url));
// search.js on a page without Material's search box: it only defines window.chronicleSearch.
const page = { window: {}, document: { querySelector: () => null }, URL };
vm.runInNewContext(await readFile(searchJs, "utf8"), page);
const { ranking, search } = page.window.chronicleSearch;

globalThis.fetch = async (url) => new Response(await readFile(fileURLToPath(String(url).split("?")[0])));
const bundle = path.resolve(site, "pagefind");
const pagefind = await import(pathToFileURL(path.join(bundle, "pagefind.js")).href);
await pagefind.options({ baseUrl: "/", ranking });
let parts = [];  // a large site is indexed in parts, which the browser merges (search.js)
try { parts = JSON.parse(await readFile(path.join(bundle, "chronicle-parts.json"), "utf8")); } catch { /* one part */ }
for (const part of parts) await pagefind.mergeIndex(pathToFileURL(path.join(bundle, part)).href + "/", { baseUrl: "/", ranking });

const out = [];
for (const query of queries) {
  const results = (await search(pagefind, query)) || [];
  const shown = await Promise.all(results.slice(0, Number(limit)).map(async (result) => {
    const data = await result.data();
    return { url: data.url, title: data.meta.title, label: data.meta.label ?? null, excerpt: data.excerpt, score: result.score };
  }));
  out.push({ query, count: results.length, results: shown });
}
process.stdout.write(JSON.stringify(out));
