"""Where the project's resources live.

In a source checkout (editable install) the resources are the top-level folders of
the repository. In an installed wheel they are copied into ``aiwork_kg/_resources``
(see ``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml).
"""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent
_PACKAGED = _PKG / "_resources"
_CHECKOUT = _PKG.parent.parent


def resource_root() -> Path:
    """The folder that holds ontology/, shapes/, data/, queries/, sources/, examples/."""
    if (_CHECKOUT / "ontology").is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT
    return _PACKAGED


ROOT = resource_root()
ONTOLOGY_DIR = ROOT / "ontology"
IMPORTS_DIR = ONTOLOGY_DIR / "imports"
SHAPES_DIR = ROOT / "shapes"
DATA_DIR = ROOT / "data"
LINKS_DIR = DATA_DIR / "links"
QUERIES_DIR = ROOT / "queries"
SOURCES_DIR = ROOT / "sources"
EXAMPLES_DIR = ROOT / "examples"
W3ID_DIR = ROOT / "w3id"  # the w3id.org redirect rules (aiwork/.htaccess), copied by `aiwork-kg site`
CONTEXT_FILE = _PKG / "context" / "aiwork.jsonld"  # the profile's JSON-LD context, inside the package


def default_dist_dir() -> Path:
    """Where `build` writes a release and where the embedded store looks for one."""
    return Path.cwd() / "dist"
