"""``/``: the start page (sources with their unit counts, disagreements, entry points, downloads)."""
from __future__ import annotations

from werkzeug.wrappers import Response

from ..app import Page, route
from ..data import start_page_data


@route("/")
def start(page: Page) -> Response:
    return page.render("start.html", **start_page_data(page.store, page.lang, page.app))
