"""Material's navigation and tabs, rendered once for the many pages they render alike.

Every page's template includes Material's `partials/nav.html` (the whole site
navigation) and `partials/tabs.html`; Jinja renders both afresh for each page,
about a third of the template's time. For a page that is not itself in the
navigation (the archive's record pages), what the two partials read is:

- the navigation's items: their titles, whether each is active, their
  Markdown metadata (icons, subtitles, status) and their links;
- those links made relative to the page by MkDocs' `url` filter;
- the site's configuration (features, site name, logo) and the translations,
  the same for the whole build.

The page itself enters only through comparisons with navigation items, which
a page outside the navigation never equals, and through `toc` of the page that
is in the navigation. So two such pages whose navigation state and relative
links are the same get the same output: `NavCache` keys each rendering by
exactly those values and renders the partial only for a key it has not seen.
Pages in the navigation are rendered every time.

base.html's `config` block (the JSON the theme's script reads) is cached the
same way, by the only two things in it that differ between pages: the base
URL and the search worker's address relative to the page.

The reasoning holds for the templates as Material 9.8.1 ships them; with any
other source for these templates (another Material, or an override in
`custom_dir`) they are rendered every time.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from mkdocs.utils.templates import url_filter

# Material 9.8.1's templates, whose reading above the cache relies on.
_CHECKED_SOURCES = {
    "partials/nav.html": "af33f6e032f632eb055c365eb5f1a975bf8456152fa768e69a1aad6d470b843f",
    "partials/nav-item.html": "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7",
    "partials/tabs.html": "d2c82916569e645a6b6dc5a36a2beddfaca5a66c8738c5b3e13b7d100ac2e8b7",
    "partials/tabs-item.html": "52fe1f551aa2dbfc9e15a19718a4cadd1f1e728d567ca21fea493ebfccaf3fe2",
    "partials/logo.html": "e0925ef6c190174a5162ed1ecc55295016dd8a7beec3018db3e04aac283a2dd9",
    "base.html": "8536d352b0093623df9e0032894f321cbe264b15a9b48cdd962583772455dadb",
}
CACHED_PARTIALS = ("partials/nav.html", "partials/tabs.html")
# base.html's `config` block: the JSON the theme's script reads, made of the base
# URL, the features, translations, the configuration's extras and this asset's
# address relative to the page.
_SEARCH_WORKER = "assets/javascripts/workers/search.a7633da7.min.js"


def _sources_checked(env) -> bool:
    for name, digest in _CHECKED_SOURCES.items():
        try:
            source, _, _ = env.loader.get_source(env, name)
        except Exception:  # noqa: BLE001 - any template we cannot read is one we did not check
            return False
        if hashlib.sha256(source.encode("utf-8")).hexdigest() != digest:
            return False
    return True


def _flatten(items):
    for item in items:
        yield item
        yield from _flatten(getattr(item, "children", None) or ())


class NavCache:
    """Wraps the navigation partials and the config block of one Jinja environment, for one build's navigation."""

    def __init__(self, env, nav) -> None:
        self.nav = nav
        self.items = list(_flatten(nav.items))
        self.urls = [item.url for item in self.items if hasattr(item, "url")]
        if nav.homepage is not None:
            self.urls.append(nav.homepage.url)
        self.nav_files = {id(page.file) for page in nav.pages}
        self.nav_src_uris = {page.file.src_uri for page in nav.pages}
        self.rendered: dict[tuple, str] = {}
        self.counts: Counter = Counter()  # (template or block, "hit" or "miss") -> renderings
        self.installed = _sources_checked(env)
        if self.installed:
            for name in CACHED_PARTIALS:
                template = env.get_template(name)
                template.root_render_func = self._wrap(name, template.root_render_func, self.key)
            base = env.get_template("base.html")
            base.blocks["config"] = self._wrap("base.html:config", base.blocks["config"], self.config_key)

    def key(self, context) -> tuple | None:
        """Everything the partials read that can differ between pages, or None for a page in the navigation."""
        page = context.get("page")
        if page is None or context.get("nav") is not self.nav or page.file is None:
            return None
        if id(page.file) in self.nav_files or page.file.src_uri in self.nav_src_uris:
            return None
        links = tuple(url_filter(context, url) for url in self.urls)
        state = tuple((item.title, item.active, repr(getattr(item, "meta", None))) for item in self.items)
        return (context.get("base_url"), links, state)

    @staticmethod
    def config_key(context) -> tuple:
        """What base.html's config block reads that can differ between pages."""
        return (context.get("base_url"), url_filter(context, _SEARCH_WORKER))

    def _wrap(self, name, render, key_of):
        concat = "".join

        def cached(context):
            key = key_of(context)
            if key is None:
                yield from render(context)
                return
            key = (name, *key)
            output = self.rendered.get(key)
            if output is None:
                self.counts[name, "miss"] += 1
                output = self.rendered[key] = concat(render(context))
            else:
                self.counts[name, "hit"] += 1
            yield output

        return cached
