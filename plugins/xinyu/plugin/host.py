"""Living in a host site: which search box the reader gets, and what we add to every page.

The one place that sets up the search client (docs/dev/host-sites.md):
- the site keeps Material's ``search`` plugin → ``host``: its box and its index stay untouched;
  our item pages are ordinary pages, so that box finds them too. We write no index of ours.
- otherwise → ``xinyu``: our Chinese search box, on every page (the header), and our index.
- ``search: false`` → ``off``: no box of ours.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

HOST_SEARCH = ("material/search", "search")
SEARCH_ASSETS = ("assets/xinyu/search.css", "assets/xinyu/search.js")


def host_search(config: MkDocsConfig) -> bool:
    """Whether the site keeps the theme's (or MkDocs') own search plugin, enabled."""
    for name in HOST_SEARCH:
        plugin = config.plugins.get(name)
        if plugin is not None and getattr(plugin, "config", {}).get("enabled", True) is not False:
            return True
    return False


def search_mode(config: MkDocsConfig, wanted: bool | None) -> str:
    """``xinyu``, ``host`` or ``off`` (see the module docstring); two boxes are a configuration error."""
    if wanted is False:
        return "off"
    if not host_search(config):
        return "xinyu"
    if wanted:
        raise PluginError(
            "xinyu 配置错误：search: true 与 Material 的 search 插件会在页头放两个搜索框。"
            "要用 xinyu 的中文搜索，请从 plugins 中删去 - search；要保留 Material 的搜索框（它也能搜到条目页），请删去 search: true。"
        )
    return "host"


def add_search_client(config: MkDocsConfig) -> None:
    """Our box is in every page's header: its script and style load on every page, once."""
    for path in SEARCH_ASSETS:
        target = config.extra_css if path.endswith(".css") else config.extra_javascript
        if path not in [str(s) for s in target]:
            target.append(path)
