"""The app's stylesheets for the pages Flask serves itself (login, not ready), so they look like the app.

The session-19 trial: the login page linked style.css alone, without the design system and theme it rests
on, and showed Times New Roman and text fields without a border. The links are the ones Dash writes for its
own pages: every .css file under assets/, folder by folder in sorted order, files sorted within each.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from markupsafe import escape

ASSETS = Path(__file__).resolve().parent.parent / "assets"


@functools.cache
def stylesheet_links() -> str:
    links = []
    for folder, _dirs, files in sorted(os.walk(ASSETS)):
        for name in sorted(files):
            if name.endswith(".css"):
                path = (Path(folder) / name).relative_to(ASSETS).as_posix()
                links.append(f'<link rel="stylesheet" href="/assets/{escape(path)}">')
    return "".join(links)
