#!/usr/bin/python3
"""ansi2png.py - turn a tmux capture with colours (capture-pane -p -e) into a PNG.

    tmux capture-pane -p -e -N -t PANE > screen.ans
    tests/tui/ansi2png.py screen.ans screen.png [--cols 80 --rows 24]

Reads the SGR sequences tmux writes (bold, dim, italic, underline, reverse,
the 8/16 colours, 256 colours and 24-bit colour, default colours) and draws
the cells on a grid with a monospace font: East Asian wide characters take
two cells, and a character missing from the first font is taken from the
next (DejaVu Sans Mono, DejaVu Sans, then a Japanese font).  Needs Pillow
(Debian: python3-pil) and, for Japanese, fonts-vlgothic or fonts-noto-cjk.
"""
import argparse
import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
BOLD_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
]

# A dark theme: background, foreground, then the 16 ANSI colours.
BG = (30, 30, 30)
FG = (212, 212, 212)
PALETTE = [
    (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16),
    (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
    (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]


def colour256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


class Cell:
    __slots__ = ("ch", "fg", "bg", "bold", "dim", "ul", "rev", "wide")

    def __init__(self, ch=" ", fg=None, bg=None, bold=False, dim=False,
                 ul=False, rev=False, wide=False):
        self.ch, self.fg, self.bg = ch, fg, bg
        self.bold, self.dim, self.ul, self.rev = bold, dim, ul, rev
        self.wide = wide


def char_width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def apply_sgr(params, st):
    """Updates the attribute state st (a dict) from SGR parameters."""
    p = [int(x) if x else 0 for x in params.split(";")] if params else [0]
    i = 0
    while i < len(p):
        c = p[i]
        if c == 0:
            st.update(fg=None, bg=None, bold=False, dim=False, ul=False,
                      rev=False)
        elif c == 1:
            st["bold"] = True
        elif c == 2:
            st["dim"] = True
        elif c == 4:
            st["ul"] = True
        elif c == 7:
            st["rev"] = True
        elif c == 22:
            st["bold"] = st["dim"] = False
        elif c == 24:
            st["ul"] = False
        elif c == 27:
            st["rev"] = False
        elif 30 <= c <= 37:
            st["fg"] = PALETTE[c - 30]
        elif 40 <= c <= 47:
            st["bg"] = PALETTE[c - 40]
        elif 90 <= c <= 97:
            st["fg"] = PALETTE[c - 90 + 8]
        elif 100 <= c <= 107:
            st["bg"] = PALETTE[c - 100 + 8]
        elif c == 39:
            st["fg"] = None
        elif c == 49:
            st["bg"] = None
        elif c in (38, 48) and i + 1 < len(p):
            key = "fg" if c == 38 else "bg"
            if p[i + 1] == 5 and i + 2 < len(p):
                st[key] = colour256(p[i + 2])
                i += 2
            elif p[i + 1] == 2 and i + 4 < len(p):
                st[key] = (p[i + 2], p[i + 3], p[i + 4])
                i += 4
        i += 1


def parse(text, cols, rows):
    grid = [[Cell() for _ in range(cols)] for _ in range(rows)]
    st = dict(fg=None, bg=None, bold=False, dim=False, ul=False, rev=False)
    lines = text.split("\n")
    for y, line in enumerate(lines[:rows]):
        x = 0
        for tok in re.split(r"(\x1b\[[0-9;:]*[A-Za-z]|\x1b[()][0-9A-Za-z])",
                            line):
            if not tok:
                continue
            if tok.startswith("\x1b"):
                if tok.endswith("m") and tok.startswith("\x1b["):
                    apply_sgr(tok[2:-1].replace(":", ";"), st)
                continue
            for ch in tok:
                w = char_width(ch)
                if w == 0 or x >= cols:
                    continue
                if x + w > cols:
                    break
                grid[y][x] = Cell(ch, st["fg"], st["bg"], st["bold"],
                                  st["dim"], st["ul"], st["rev"], w == 2)
                if w == 2 and x + 1 < cols:
                    grid[y][x + 1] = Cell("", st["fg"], st["bg"],
                                          rev=st["rev"])
                x += w
        # tmux ends each line's attributes; the next line starts fresh.
    return grid


class Fonts:
    def __init__(self, size):
        self.reg = [ImageFont.truetype(f, size) for f in FONT_CANDIDATES
                    if _exists(f)]
        self.bold = [ImageFont.truetype(f, size) for f in BOLD_CANDIDATES
                     if _exists(f)]
        if not self.reg:
            sys.exit("ansi2png: no font found (install fonts-dejavu-core)")
        if not self.bold:
            self.bold = self.reg
        self.cache = {}

    def pick(self, ch, bold):
        key = (ch, bold)
        if key in self.cache:
            return self.cache[key]
        chain = self.bold if bold else self.reg
        if char_width(ch) == 2:
            # Wide characters from the CJK font, whose glyphs fill two
            # cells (the Latin fonts' few kana do not).
            chain = chain[2:] + chain
        found = chain[0]
        for f in chain + self.reg:
            if _has_glyph(f, ch):
                found = f
                break
        self.cache[key] = found
        return found


def _exists(path):
    try:
        open(path, "rb").close()
        return True
    except OSError:
        return False


_NOTDEF = {}


def _has_glyph(font, ch):
    """True if font draws ch as something other than its missing glyph."""
    if ch == " ":
        return True
    ref = _NOTDEF.get(id(font))
    if ref is None:
        m = font.getmask("\U0010fffd")
        ref = _NOTDEF[id(font)] = (m.size, bytes(m))
    m = font.getmask(ch)
    return (m.size, bytes(m)) != ref and m.size[0] > 0


def render(grid, out, size):
    fonts = Fonts(size)
    probe = fonts.reg[0]
    cw = round(probe.getlength("M"))
    asc, desc = probe.getmetrics()
    ch_h = asc + desc + 2
    rows, cols = len(grid), len(grid[0])
    pad = 12
    img = Image.new("RGB", (cols * cw + 2 * pad, rows * ch_h + 2 * pad), BG)
    d = ImageDraw.Draw(img)
    for y, row in enumerate(grid):
        for x, c in enumerate(row):
            if c.ch == "":
                continue    # the right half of a wide character
            fg = c.fg or FG
            bg = c.bg or BG
            if c.rev:
                fg, bg = (c.bg or BG), (c.fg or FG)
            if c.bold and c.fg in PALETTE[:8]:
                fg = PALETTE[PALETTE.index(c.fg) + 8]
            if c.dim:
                fg = tuple((a + b) // 2 for a, b in zip(fg, bg))
            w = 2 if c.wide else 1
            x0, y0 = pad + x * cw, pad + y * ch_h
            if bg != BG:
                d.rectangle([x0, y0, x0 + w * cw - 1, y0 + ch_h - 1], fill=bg)
            if c.ch and c.ch != " ":
                if _box_drawing(d, c.ch, x0, y0, cw, ch_h, fg):
                    continue
                f = fonts.pick(c.ch, c.bold)
                gw = f.getlength(c.ch)
                gx = x0 + max(0, (w * cw - gw) / 2) if c.wide else x0
                d.text((gx, y0 + 1), c.ch, font=f, fill=fg)
            if c.ul and c.ch != "":
                d.line([x0, y0 + ch_h - 2, x0 + w * cw - 1, y0 + ch_h - 2],
                       fill=fg)
    img.save(out)


def _box_drawing(d, ch, x0, y0, cw, chh, fg):
    """Draws the light box-drawing lines edge to edge, so borders join."""
    mx, my = x0 + cw // 2, y0 + chh // 2
    x1, y1 = x0 + cw - 1, y0 + chh - 1
    segs = {
        "─": [(x0, my, x1, my)],
        "│": [(mx, y0, mx, y1)],
        "┌": [(mx, my, x1, my), (mx, my, mx, y1)],
        "┐": [(x0, my, mx, my), (mx, my, mx, y1)],
        "└": [(mx, y0, mx, my), (mx, my, x1, my)],
        "┘": [(mx, y0, mx, my), (x0, my, mx, my)],
        "├": [(mx, y0, mx, y1), (mx, my, x1, my)],
        "┤": [(mx, y0, mx, y1), (x0, my, mx, my)],
    }.get(ch)
    if segs is None:
        return False
    for s in segs:
        d.line(s, fill=fg)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", help="capture-pane -p -e output ('-': stdin)")
    ap.add_argument("output", help="PNG file to write")
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--size", type=int, default=16, help="font size")
    a = ap.parse_args()
    text = (sys.stdin if a.input == "-" else
            open(a.input, encoding="utf-8", errors="replace")).read()
    render(parse(text, a.cols, a.rows), a.output, a.size)


if __name__ == "__main__":
    main()
