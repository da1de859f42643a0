"""The theme's navigation and tabs rendered once a build for all the pages that show them alike.

Material renders its navigation sidebar (``partials/nav.html``) and tabs (``partials/tabs.html``)
on every page; on a page that is not itself in the navigation, the HTML differs only by the
relative links, so thousands of item and listing pages share a handful of renderings. Our
templates folder overrides these two partials with one call, :meth:`Fragments.render`, which renders
the theme's own partial (reached under :data:`THEME`) or reuses a rendering with the same key:
what the theme's templates read of the page, i.e. whether some navigation entry is active or is
the page, and where each link the partials print (:func:`linked`) points from the page.

Reused only when that is all the partials can read: no other plugin takes part in rendering, and no
theme folder before the theme's own (a site's ``custom_dir``) has a template the partials use.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, pass_context
from markupsafe import Markup

THEME = "xinyu-theme"  # prefix under which the theme's own templates are found from our overrides
PARTIALS = ("partials/nav.html", "partials/tabs.html")  # ours call render(); the theme's are rendered
# What those two include (Material 9): a site overriding one of them may read anything of the page.
USED = (*PARTIALS, "partials/nav-item.html", "partials/tabs-item.html", "partials/logo.html", "partials/source.html", "partials/toc.html")


class Fragments:
    """A build's renderings of the theme's navigation and tabs, by key (made anew for every build)."""

    def __init__(self) -> None:
        self.html: dict[tuple, str] = {}
        self.reuse = False
        self.urls: list[str] = []

    def begin(self, env, config, ours: Path, alone: bool) -> None:
        """``env``: the build's Jinja environment; ``ours``: our templates folder; ``alone``: no other plugin renders."""
        self.html = {}
        dirs = [Path(d).resolve() for d in config.theme.dirs]
        after = dirs[dirs.index(ours.resolve()) + 1 :] if ours.resolve() in dirs else dirs
        env.loader = ChoiceLoader([env.loader, PrefixLoader({THEME: FileSystemLoader([str(d) for d in after])})])
        before = dirs[: len(dirs) - len(after)]
        self.reuse = alone and not any((d / name).exists() for d in before if d != ours.resolve() for name in USED)

    @pass_context
    def render(self, context, name: str) -> Markup:
        """The theme's ``name`` partial as it renders in ``context`` (an include's)."""
        key = self.key(context, name) if self.reuse else None
        html = self.html.get(key) if key is not None else None
        if html is None:
            html = context.environment.get_template(f"{THEME}/{name}").render(context.get_all())
            if key is not None:
                self.html[key] = html
        return Markup(html)

    def key(self, context, name: str) -> tuple | None:
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None or page.active is not True:
            return None
        items = list(_walk(nav.items))
        if any(item == page or item.active for item in items):
            return None  # the page or its section is in the navigation: marked there
        url = context.environment.filters["url"]
        return (name, *(url(context, link) for link in linked(context, items)))


def linked(context, items: list) -> list[str]:
    """Every address the partials print through the ``url`` filter: the entries', the home page's, the logo's
    (and the site's root: an empty address is the root, as deep as the page)."""
    config, nav = context.get("config"), context.get("nav")
    extra = config.extra.get("homepage") if hasattr(config.extra, "get") else None
    home = nav.homepage.url if nav.homepage is not None else None
    links = (".", extra, home, config.theme.get("logo"), *(getattr(item, "url", None) for item in items))
    return [str(link) for link in links if link]


def _walk(items):
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or [])
