"""``/static/{file}``: the CSS and vendored assets shipped in the package (``aiwork_kg/web/static``)."""
from __future__ import annotations

import mimetypes

from werkzeug.wrappers import Response

from ..app import STATIC_DIR, Page, fallback

TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png",
         ".woff2": "font/woff2", ".map": "application/json", ".md": "text/markdown", ".txt": "text/plain"}


def static_file(name: str) -> tuple[bytes, str] | None:
    """The bytes and media type of a file in the static folder (None outside it or if absent)."""
    root = STATIC_DIR.resolve()
    path = (root / name).resolve()
    if not name or root not in path.parents or not path.is_file():
        return None
    suffix = path.suffix.lower()
    media = TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.read_bytes(), media


@fallback
def static(page: Page) -> Response | None:
    path = page.request.path
    if not path.startswith("/static/"):
        return None
    found = static_file(path[len("/static/"):])
    if found is None:
        return page.not_found()
    body, media = found
    charset = "; charset=utf-8" if media.startswith("text/") or media == "image/svg+xml" else ""
    return Response(body, content_type=media + charset, headers={"Cache-Control": "public, max-age=3600"})
