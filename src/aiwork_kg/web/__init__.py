"""The web pages of ``aiwork-kg serve``: server-rendered HTML (Jinja2 templates), in en, da and nl.

The pieces, for whoever adds a page:

- :mod:`.app`: the route table and :class:`~.app.Page`, the per-request context a handler gets
  (the chosen language, URL building that keeps ``?lang=``, template rendering, the store);
- :mod:`.i18n`: the interface strings in every language of :mod:`aiwork_kg.languages`;
- ``templates/``: ``base.html`` (landmarks, language switch; blocks ``title``, ``head``,
  ``content``, ``alternates``) and one template per page;
- ``static/``: CSS and any vendored asset, served at ``/static/``; nothing is loaded from
  another host (``static/THIRD_PARTY.md`` lists what is not ours, with its licence);
- ``pages/``: one module per group of pages; every module there is imported on the first web
  request and registers its routes with :func:`~.app.route`.

:func:`dispatch` is what :class:`aiwork_kg.server.serve.SparqlApp` calls.
"""
from __future__ import annotations

from .app import Page, dispatch, fallback, route

__all__ = ["Page", "dispatch", "fallback", "route"]
