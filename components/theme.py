"""The look's tokens for what CSS cannot reach: Plotly figures (pages and the round report's PNGs).

The page, AG Grid (assets/theme.css) and the charts share one set of tokens: those of Digdir's Designsystemet
default theme (``@digdir/designsystemet-css`` 1.22.0, ``dist/theme/designsystemet.css``, light scheme). The values
here are copies of its custom properties, named after them; ``tests/unit/test_theme.py`` checks them against the
installed theme, so a new theme version cannot leave the charts behind. Colour choices that carry meaning are
computed, not guessed: ``text_on`` picks the text colour for a fill from the fill's luminance (WCAG 2.x).
"""

from __future__ import annotations

from functools import cache

# --ds-font-family (Inter, from Debian's fonts-inter; served from assets/vendor/fonts)
FONT_FAMILY = "Inter, 'DejaVu Sans', Arial, sans-serif"
FONT_SIZE = 15  # px: a chart's tick and label text (the page's small text, --ds-font-size-2..3)
FONT_SIZE_SMALL = 13  # px: annotations beside the data
FONT_SIZE_CELL = 16  # px: the number printed in a heat map cell

# Designsystemet tokens (light scheme): CSS custom property -> value
TOKENS = {
    "--ds-color-neutral-text-default": "#292c30",
    "--ds-color-neutral-text-subtle": "#5b5d60",
    "--ds-color-neutral-border-subtle": "#bbbcbd",
    "--ds-color-neutral-border-default": "#77797b",
    "--ds-color-neutral-background-default": "#fff",
    "--ds-color-neutral-background-tinted": "#f3f3f4",
    "--ds-color-neutral-surface-tinted": "#e8e8e9",
    "--ds-color-accent-background-tinted": "#eef4fa",
    "--ds-color-accent-border-subtle": "#99c0e3",
    "--ds-color-accent-base-default": "#0062ba",
    "--ds-color-accent-text-default": "#002c54",
    "--ds-color-brand1-base-default": "#0d7a5f",
    "--ds-color-danger-base-default": "#c01b1b",
    "--ds-color-focus-outer": "#292c30",
    "--ds-color-focus-inner": "#fff",
}


def _hex6(value: str) -> str:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return "#" + value.lower()


INK = _hex6(TOKENS["--ds-color-neutral-text-default"])
INK_SUBTLE = _hex6(TOKENS["--ds-color-neutral-text-subtle"])
WHITE = "#ffffff"
PAPER = WHITE
GRID_LINE = _hex6(TOKENS["--ds-color-neutral-surface-tinted"])
AXIS_LINE = _hex6(TOKENS["--ds-color-neutral-border-default"])
ACCENT = _hex6(TOKENS["--ds-color-accent-base-default"])

# A heat map's scale: higher score = more (darker), the accent's own ramp from tinted background to its darkest text.
SCORE_RAMP = (
    _hex6(TOKENS["--ds-color-accent-background-tinted"]),
    _hex6(TOKENS["--ds-color-accent-border-subtle"]),
    ACCENT,
    _hex6(TOKENS["--ds-color-accent-text-default"]),
)

# Categorical colours (Okabe–Ito hues, colour-vision safe), the blue and green taken from the theme so that white
# text on them passes 4.5:1; every one is paired with a pattern, a marker or a printed value, never colour alone.
# Sky, orange and purple are Okabe–Ito's darkened to at least 3:1 against white and the page (WCAG 1.4.11; trial
# 25a: «Oppstart» and «Planlegging» bars were 2.3:1 and faded on a projector).
BLUE = ACCENT
SKY = "#2e8bc9"
GREEN = _hex6(TOKENS["--ds-color-brand1-base-default"])
ORANGE = "#c2780a"
VERMILLION = "#d55e00"
GREY = "#8c8c8c"
PURPLE = "#b35f96"
CATEGORICAL = (BLUE, SKY, GREEN, ORANGE, VERMILLION, GREY, PURPLE)


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


@cache
def luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb' or '#rgb'."""
    h = _hex6(colour)[1:]
    r, g, b = (_channel(int(h[i : i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1–21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(fill: str) -> str:
    """The text colour for a fill: the page's ink or white, whichever contrasts more (black when neither
    reaches 4.5:1, which no fill of ours needs)."""
    best = max((INK, WHITE), key=lambda c: contrast(c, fill))
    return best if contrast(best, fill) >= 4.5 else max(("#000000", WHITE), key=lambda c: contrast(c, fill))


def plot_layout() -> dict:
    """The one Plotly 'template': type, sizes and colours from the tokens, Norwegian separators, no Plotly
    template in the payload (``template='none'``), hover labels in the page's font."""
    return dict(
        template="none",
        separators=", ",
        font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=INK),
        paper_bgcolor=PAPER,
        plot_bgcolor=PAPER,
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, font=dict(color=INK)),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=INK), bgcolor=WHITE, bordercolor=AXIS_LINE),
    )


def plot_axis() -> dict:
    """An axis: light grid, ticks and titles in the page's ink."""
    return dict(
        gridcolor=GRID_LINE,
        linecolor=AXIS_LINE,
        zerolinecolor=AXIS_LINE,
        tickfont=dict(color=INK),
        automargin=True,
    )
