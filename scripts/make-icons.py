#!/usr/bin/env python3
"""Draws the app icons of the web app manifest (static/icons/icon-192.png, icon-512.png) from the
same design as static/favicon.svg (a blue rounded square with a white trend line), with the
standard library only. The PNGs are committed; run this again only if the design changes:

    python3 scripts/make-icons.py
"""
import math
import os
import struct
import zlib

BLUE = (0x0A, 0x5C, 0xC2)
WHITE = (0xFF, 0xFF, 0xFF)
# The favicon's geometry in its 32×32 viewBox.
RADIUS = 6.0
LINE = [(6, 22), (12, 14), (17, 19), (26, 8)]
HALF_STROKE = 1.5
SAMPLES = 3  # per axis, for anti-aliasing


def in_rounded_square(x, y):
    cx = min(max(x, RADIUS), 32 - RADIUS)
    cy = min(max(y, RADIUS), 32 - RADIUS)
    return 0 <= x <= 32 and 0 <= y <= 32 and (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS**2


def on_line(x, y):
    for (ax, ay), (bx, by) in zip(LINE, LINE[1:]):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        if math.hypot(x - ax - t * dx, y - ay - t * dy) <= HALF_STROKE:
            return True
    return False


def png(size):
    rows = []
    scale = 32.0 / size
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            shape = line = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) * scale
                    y = (py + (sy + 0.5) / SAMPLES) * scale
                    if in_rounded_square(x, y):
                        shape += 1
                        line += on_line(x, y)
            n = SAMPLES * SAMPLES
            if shape == 0:
                row += bytes(4)
                continue
            mix = line / shape
            colour = [round(b + (w - b) * mix) for b, w in zip(BLUE, WHITE)]
            row += bytes(colour + [round(255 * shape / n)])
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "static", "icons")
    os.makedirs(out, exist_ok=True)
    for size in (192, 512):
        with open(os.path.join(out, f"icon-{size}.png"), "wb") as f:
            f.write(png(size))
