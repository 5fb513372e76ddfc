"""Draw the nkcase icon: one geometry written as SVG and rendered as PNGs (48, 128, 256 px).

A case folder (the casebook) with a document and a red evidence mark on a dark blue tile. The
PNGs are drawn with Pillow from the same shapes (4× supersampled, then reduced) so no SVG
renderer is needed. Run from the repository root: ``python packaging/make_icons.py``; the output
goes to ``resources/icons`` and is committed.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZES = (48, 128, 256)
UNITS = 256  # the SVG's coordinate space

TILE = "#1d3557"
FOLDER = "#e9c46a"
FOLDER_TAB = "#d4a73c"
PAPER = "#ffffff"
LINES = "#8d99ae"
MARK = "#e63946"

# (kind, geometry, colour) in SVG units
SHAPES: list[tuple[str, tuple[float, ...], str]] = [
    ("rrect", (8, 8, 248, 248, 44), TILE),
    ("rrect", (40, 70, 130, 100, 10), FOLDER_TAB),
    ("rrect", (40, 88, 216, 212, 12), FOLDER),
    ("rect", (70, 48, 190, 170), PAPER),
    ("rect", (86, 72, 174, 80), LINES),
    ("rect", (86, 92, 174, 100), LINES),
    ("rect", (86, 112, 150, 120), LINES),
    ("rrect", (40, 120, 216, 212, 12), FOLDER),
    ("circle", (178, 178, 34), MARK),
    ("circle", (178, 178, 16), PAPER),
    ("circle", (178, 178, 8), MARK),
]


def svg() -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{UNITS}" height="{UNITS}" '
        f'viewBox="0 0 {UNITS} {UNITS}">',
        "  <title>nkcase</title>",
    ]
    for kind, g, colour in SHAPES:
        if kind == "rrect":
            x0, y0, x1, y1, r = g
            parts.append(
                f'  <rect x="{x0:g}" y="{y0:g}" width="{x1 - x0:g}" height="{y1 - y0:g}" '
                f'rx="{r:g}" fill="{colour}"/>'
            )
        elif kind == "rect":
            x0, y0, x1, y1 = g
            parts.append(
                f'  <rect x="{x0:g}" y="{y0:g}" width="{x1 - x0:g}" height="{y1 - y0:g}" '
                f'fill="{colour}"/>'
            )
        else:
            cx, cy, r = g
            parts.append(f'  <circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="{colour}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def png(size: int) -> Image.Image:
    scale = size * 4 / UNITS
    image = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for kind, g, colour in SHAPES:
        if kind == "rrect":
            x0, y0, x1, y1, r = (v * scale for v in g)
            draw.rounded_rectangle((x0, y0, x1, y1), radius=r, fill=colour)
        elif kind == "rect":
            x0, y0, x1, y1 = (v * scale for v in g)
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            cx, cy, r = (v * scale for v in g)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "nkcase.svg").write_text(svg(), encoding="utf-8")
    for size in SIZES:
        png(size).save(OUT / f"nkcase-{size}.png", optimize=True)
    png(256).save(OUT / "nkcase.ico", sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
