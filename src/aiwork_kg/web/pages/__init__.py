"""The page modules: each registers its routes with :func:`aiwork_kg.web.app.route` when imported.

:func:`aiwork_kg.web.app.load_pages` imports every module here; adding a page is adding a module.
"""
