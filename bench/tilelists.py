#!/usr/bin/env python3
"""Tile lists for bench/run.sh (no dependencies beyond Python 3).

    bench/tilelists.py WORKDIR

Cold set, all of Japan (bbox 122.9,24.0,146.0,45.6), z0-z10, 8x8 metatiles (never larger
than 2^z per side, as rxmap and renderd both clamp them):
  cold-metas.txt    "x y z" of each metatile's top-left tile: render_list's stdin, one line per
                    metatile, so that renderd renders each metatile exactly once
  cold-count.txt    "tiles_touching_bbox metatiles tiles_in_those_metatiles"

Warm set, a viewer's requests: 4 cities (東京, 大阪, 札幌, 長野) x 5 users each; every user
zooms in from z5 to z12 on the city (start jittered by up to ±0.1°), and at each zoom loads a
1280x800 viewport then pans 3 times by 150-500 px (new tiles only: the browser caches what it
has). One user in five is on a HiDPI screen and loads @2x tiles: ~80/20. Tiles are requested
nearest the viewport's centre first, as map libraries do.
  viewer-rx.txt     paths for rxmap     (/tiles/population/z/x/y.png, /tiles/population/z/x/y@2x.png)
  viewer-mt.txt     the same for mod_tile (/population/z/x/y.png, /population2x/z/x/y.png)
  viewer-unique-rx.txt, viewer-unique-mt.txt   each distinct tile once (pre-rendering)
  viewer-stats.txt  "requests requests_2x unique unique_2x"

Cold burst (warm latency while renders are in flight): one @2x tile in each of 20 distinct z12
metatiles around 福岡, 広島 and 仙台 (cities the viewer set does not visit):
  burst-rx.txt, burst-mt.txt

spread_metatiles(count, zooms) (imported by bench/load.py): one tile in each of `count` distinct
metatiles around 45 cities from 那覇 to 旭川, nearest each city first, taking every city in turn
(mostly land, so every one is a real render).
"""
import math
import random
import sys

BBOX = (122.9, 24.0, 146.0, 45.6)
COLD_ZOOMS = range(0, 11)
METATILE = 8
CITIES = [("tokyo", 139.767, 35.681), ("osaka", 135.502, 34.693),
          ("sapporo", 141.354, 43.062), ("nagano", 138.194, 36.651)]
USERS_PER_CITY = 5          # the last one of each city is on a HiDPI screen (@2x)
VIEWER_ZOOMS = range(5, 13)
VIEW_W, VIEW_H = 1280, 800  # CSS pixels
PANS = 3


# Prefectural capitals and a few other cities, south-west to north-east (lon, lat).
SPREAD_CITIES = [
    (127.681, 26.212), (130.557, 31.560), (131.424, 31.911), (130.742, 32.790), (129.874, 32.750),
    (130.300, 33.249), (130.402, 33.590), (131.613, 33.238), (131.471, 34.186), (132.766, 33.842),
    (133.531, 33.559), (132.459, 34.396), (133.050, 35.472), (133.919, 34.662), (134.047, 34.340),
    (134.559, 34.066), (134.238, 35.504), (135.196, 34.690), (135.167, 34.226), (135.502, 34.693),
    (135.833, 34.685), (135.768, 35.012), (136.222, 36.065), (136.907, 35.181), (136.626, 36.594),
    (137.211, 36.695), (138.383, 34.977), (138.568, 35.664), (138.194, 36.651), (139.638, 35.444),
    (139.767, 35.681), (140.123, 35.605), (140.447, 36.341), (139.883, 36.566), (139.061, 36.391),
    (139.023, 37.902), (140.467, 37.750), (140.363, 38.240), (140.872, 38.268), (140.102, 39.720),
    (141.152, 39.702), (140.740, 40.822), (140.729, 41.769), (141.354, 43.062), (142.365, 43.771),
]


def frac_tile(lon, lat, z):
    n = 2 ** z
    x = (lon + 180.0) / 360.0 * n
    lat_r = math.radians(lat)
    y = (1.0 - math.log(math.tan(lat_r) + 1.0 / math.cos(lat_r)) / math.pi) / 2.0 * n
    return x, y


def cold(work):
    metas, tiles, rendered = [], 0, 0
    for z in COLD_ZOOMS:
        n = min(METATILE, 2 ** z)
        x0, y0 = (int(v) for v in frac_tile(BBOX[0], BBOX[3], z))
        x1, y1 = (int(v) for v in frac_tile(BBOX[2], BBOX[1], z))
        tiles += (x1 - x0 + 1) * (y1 - y0 + 1)
        for my in range(y0 // n * n, y1 + 1, n):
            for mx in range(x0 // n * n, x1 + 1, n):
                metas.append((mx, my, z))
                rendered += n * n
    with open(f"{work}/cold-metas.txt", "w") as f:
        for x, y, z in metas:
            f.write(f"{x} {y} {z}\n")
    with open(f"{work}/cold-count.txt", "w") as f:
        f.write(f"{tiles} {len(metas)} {rendered}\n")


def spread_metatiles(count, zooms, metatile=METATILE):
    """[(z, x, y)]: one tile (the centre one) in each of `count` distinct metatiles of the given
    zooms, in rings around SPREAD_CITIES: ring 0 of every city at every zoom, then ring 1, …"""
    out, seen = [], set()
    for ring in range(64):
        for z in zooms:
            for lon, lat in SPREAD_CITIES:
                cx, cy = (int(v) // metatile for v in frac_tile(lon, lat, z))
                for my in range(cy - ring, cy + ring + 1):
                    for mx in range(cx - ring, cx + ring + 1):
                        if max(abs(mx - cx), abs(my - cy)) != ring or (z, mx, my) in seen:
                            continue
                        seen.add((z, mx, my))
                        out.append((z, mx * metatile + metatile // 2, my * metatile + metatile // 2))
                        if len(out) == count:
                            return out
    raise ValueError(f"only {len(out)} metatiles within 64 rings")


def viewport(cx, cy, z):
    """Tiles of a VIEW_W x VIEW_H viewport centred on fractional tile (cx, cy), nearest first."""
    n = 2 ** z
    hw, hh = VIEW_W / 512.0, VIEW_H / 512.0  # half the size, in tiles
    out = []
    for y in range(max(0, math.floor(cy - hh)), min(n - 1, math.floor(cy + hh)) + 1):
        for x in range(math.floor(cx - hw), math.floor(cx + hw) + 1):
            out.append(((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2, x % n, y))
    return [(x, y) for _, x, y in sorted(out)]


def viewer(work):
    requests = []  # (z, x, y, scale)
    for ci, (_, lon, lat) in enumerate(CITIES):
        for user in range(USERS_PER_CITY):
            rng = random.Random(1000 * ci + user)
            scale = 2 if user == USERS_PER_CITY - 1 else 1
            ulon, ulat = lon + rng.uniform(-0.1, 0.1), lat + rng.uniform(-0.1, 0.1)
            seen = set()
            for z in VIEWER_ZOOMS:
                cx, cy = frac_tile(ulon, ulat, z)
                steps = [(0.0, 0.0)]
                for _ in range(PANS):
                    angle = rng.uniform(0, 2 * math.pi)
                    dist = rng.uniform(150, 500) / 256.0
                    steps.append((dist * math.cos(angle), dist * math.sin(angle)))
                for dx, dy in steps:
                    cx, cy = cx + dx, cy + dy
                    for x, y in viewport(cx, cy, z):
                        if (z, x, y) not in seen:
                            seen.add((z, x, y))
                            requests.append((z, x, y, scale))
    unique = sorted(set(requests))
    with open(f"{work}/viewer-rx.txt", "w") as rx, open(f"{work}/viewer-mt.txt", "w") as mt:
        for z, x, y, s in requests:
            rx.write(f"/tiles/population/{z}/{x}/{y}{'@2x' if s == 2 else ''}.png\n")
            mt.write(f"/population{'2x' if s == 2 else ''}/{z}/{x}/{y}.png\n")
    with open(f"{work}/viewer-unique-rx.txt", "w") as rx, open(f"{work}/viewer-unique-mt.txt", "w") as mt:
        for z, x, y, s in unique:
            rx.write(f"/tiles/population/{z}/{x}/{y}{'@2x' if s == 2 else ''}.png\n")
            mt.write(f"/population{'2x' if s == 2 else ''}/{z}/{x}/{y}.png\n")
    with open(f"{work}/viewer-stats.txt", "w") as f:
        f.write(f"{len(requests)} {sum(1 for r in requests if r[3] == 2)} "
                f"{len(unique)} {sum(1 for u in unique if u[3] == 2)}\n")


def burst(work):
    out = []
    for lon, lat in [(130.40, 33.59), (132.46, 34.39), (140.87, 38.27)]:
        x, y = (int(v) for v in frac_tile(lon, lat, 12))
        for i in range(7):
            out.append((12, (x // 8 + i - 3) * 8 + 3, (y // 8) * 8 + 3))
    with open(f"{work}/burst-rx.txt", "w") as rx, open(f"{work}/burst-mt.txt", "w") as mt:
        for z, x, y in out[:20]:
            rx.write(f"/tiles/population/{z}/{x}/{y}@2x.png\n")
            mt.write(f"/population2x/{z}/{x}/{y}.png\n")


if __name__ == "__main__":
    cold(sys.argv[1])
    viewer(sys.argv[1])
    burst(sys.argv[1])
