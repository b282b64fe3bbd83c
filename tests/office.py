"""Office files as a user opening their properties sees them (the parts the writing libraries fill)."""

from __future__ import annotations

import io
import zipfile


def assert_own_application(content: bytes) -> dict[str, str]:
    """The file's parts name the product and speak Norwegian: no «Microsoft Macintosh Word/PowerPoint», no
    «Office Theme», «Openpyxl» or «Office» schemes, no preview picture, no en-US text and no English placeholder
    texts of the libraries' templates."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        parts = {n: archive.read(n).decode("utf-8") for n in names if n.endswith(".xml")}
    assert "<Application>Gevinstportalen</Application>" in parts["docProps/app.xml"]
    assert not [n for n in names if "thumbnail" in n]  # the template's blank 4:3 preview picture
    # the template's 4:3 presentation format; in the properties only («kl. 14:30» in a sheet is content)
    assert "4:3" not in parts["docProps/app.xml"]
    if "ppt/presentation.xml" in parts:
        assert '<p:notesSz cx="7560000" cy="10692000"/>' in parts["ppt/presentation.xml"]  # notes on A4
    everything = "".join(parts.values())
    for english in (
        "Microsoft Macintosh",
        "Openpyxl",
        "Office Theme",
        'Scheme name="Office"',
        'lang="en-US"',
        'w:val="en-US"',
        "Click to edit",
        "Second level",
    ):
        assert english not in everything, english
    return parts
