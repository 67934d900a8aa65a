"""``/``: the start page (the dataset, the sources with their unit counts, the disagreements, the
entry points to the query and validation pages, the release downloads)."""
from __future__ import annotations

from werkzeug.wrappers import Response

from ...server.answers import PUBLIC
from ..app import Page, route
from ..graph import web_graph
from ..views import Viewer


@route("/")
def start(page: Page) -> Response:
    viewer = Viewer(web_graph(page.app.release_dir), page.lang, page.url)
    return page.render("start.html", s=viewer.start(), headers={"Cache-Control": PUBLIC})
