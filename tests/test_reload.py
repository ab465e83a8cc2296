#!/usr/bin/env python3
"""Reload without downtime (issue 13): `rxmap serve` picks up new data on SIGHUP and after
`rxmap import`, under load, with no failed request.

    tests/test_reload.py RXMAP_BINARY REPO_DIR [db]      (ctest: reload_under_load, reload_db_poll)

The data: the shipped layers plus tests/fixtures/test_layers.conf (layer `test-csv`, a CSV keyed by
municipality code) copied to a temporary folder; 千代田区 (13101) is 5 there (class 0 of 0-10-20-30).
rxmap serves it on a free port with its own --store and a fresh --cache-dir. Then:

  1. load: 8 keep-alive clients ask in turn for stored tiles (population, test-csv) and for
     /info/test-csv?code=13101, for the whole test;
  2. the CSV says 25 (class 2), SIGHUP: rxmap_reloads_total{result="ok"} becomes 1; /info says 25,
     the tile pixel at 千代田区 turns to class 2's colour;
  3. the CSV is missing, SIGHUP: the reload fails (rxmap_reloads_total{result="failed"} 1) and 25 is
     still served;
  4. the CSV says 15 (class 1), `rxmap import --store` (which signals the server): reloads ok 2, 15.

Asserted: every answer of the load is 200 (no failed request); every /info answer is one of the
values written (never another); once a new value has been answered, no request started later gets
an older one (nothing half old, half new); the pixels as above; the server exits 0 on SIGTERM and
its pid file is gone. Printed: reload time and requests/s before and during each reload.
With `db` (reload_db_poll): the atlas in PostGIS (RXMAP_TEST_DB, default the rxmap_test database of
.ci/services.sh, a prefix of its own), `rxmap serve --db --db-poll-seconds 1` under the same load; the CSV
says 25 and `rxmap import --db --force --no-reload` switches the pointer: the node reloads by itself, every
answer 200, /info and the pixel show 25. Skipped ("[  SKIPPED ]") when PostgreSQL cannot be reached,
unless RXMAP_REQUIRE_SERVICES=1.
Bounded: every wait has a limit; the test takes < 2 minutes once the store is imported.
"""
import asyncio
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

RXMAP, REPO = sys.argv[1], sys.argv[2]
DB_MODE = len(sys.argv) > 3 and sys.argv[3] == "db"
DB = os.environ.get("RXMAP_TEST_DB", "postgresql://rxmap@127.0.0.1:5432/rxmap_test")
DB_PREFIX = f"rxmap_reload_{os.getpid()}"
sys.path.insert(0, os.path.join(REPO, "bench"))
import loadclient as lc  # noqa: E402
import tilelists  # noqa: E402

CHIYODA = (139.7536, 35.6940, "13101")  # lon, lat of a point inside 千代田区, its code
ZOOM = 12
FAILS = []


def check(ok, what):
    print(("  ok: " if ok else "  FAIL: ") + what, flush=True)
    if not ok:
        FAILS.append(what)


def png_pixel(data, px, py):
    """RGB(A) of one pixel of an 8-bit palette, RGB or RGBA PNG (what rxmap's renderer writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, palette, alpha = 8, b"", None, b""
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            width, depth, ctype = int.from_bytes(body[:4], "big"), body[8], body[9]
        elif kind == b"PLTE":
            palette = [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == b"tRNS":
            alpha = body
        elif kind == b"IDAT":
            idat += body
    assert depth == 8 and ctype in (2, 3, 6), f"PNG depth {depth} colour type {ctype} not handled"
    bpp = {2: 3, 3: 1, 6: 4}[ctype]
    raw, stride, prev, row = zlib.decompress(idat), width * bpp, bytearray(width * bpp), None
    for y in range(py + 1):
        start = y * (stride + 1)
        f, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev, row = line, line
    px_bytes = row[px * bpp:(px + 1) * bpp]
    if ctype == 3:
        i = px_bytes[0]
        return palette[i] + ((alpha[i],) if i < len(alpha) else (255,))
    return tuple(px_bytes)


def chiyoda_tile():
    fx, fy = tilelists.frac_tile(CHIYODA[0], CHIYODA[1], ZOOM)
    return int(fx), int(fy), int((fx % 1) * 256), int((fy % 1) * 256)


def class_colours(port):
    """The colours of test-csv's classes, from its legend (hex -> RGB)."""
    _, body = lc.http_get(port, "/legend/test-csv.json")
    items = json.loads(body)
    classes = items["entries"]
    return [tuple(int(c["color"][i:i + 2], 16) for i in (1, 3, 5)) for c in classes]


def info_value(port):
    status, body = lc.http_get(port, f"/info/test-csv?code={CHIYODA[2]}")
    return json.loads(body)["value"] if status == 200 else None


def write_csv(folder, chiyoda_value):
    with open(os.path.join(folder, "test_values.csv"), "w", encoding="utf-8") as f:
        f.write(f"code,value\n{CHIYODA[2]},{chiyoda_value}\n01209,15\n47201,25\n")


class Load:
    """Clients that ask in turn for stored tiles and the /info answer, on keep-alive connections.
    Every answer is kept as (start, end, path, status, /info value or None)."""

    def __init__(self, port, tiles, clients=8):
        self.port, self.tiles, self.clients = port, tiles, clients
        self.answers, self.running = [], True
        self.info = f"/info/test-csv?code={CHIYODA[2]}"

    async def client(self, n):
        paths = self.tiles[n % len(self.tiles):] + self.tiles[:n % len(self.tiles)] + [self.info]
        i = 0
        reader = writer = None
        while self.running:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.monotonic()
            value, status = None, 0
            try:
                if writer is None:
                    reader, writer = await asyncio.wait_for(asyncio.open_connection(lc.HOST, self.port), 10)
                writer.write(lc.request_bytes(path))
                await writer.drain()
                status, headers, body = await asyncio.wait_for(lc.read_response(reader), 30)
                if path == self.info and status == 200:
                    value = json.loads(body)["value"]
                if headers.get("connection", "").lower() == "close":
                    writer.close()
                    writer = None
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError):
                if writer is not None:
                    writer.transport.abort()
                writer = None
            self.answers.append((t0, time.monotonic(), path, status, value))
        if writer is not None:
            writer.close()

    async def run(self):
        await asyncio.gather(*(self.client(n) for n in range(self.clients)))

    def rate(self, t0, t1):
        n = sum(1 for a in self.answers if t0 <= a[1] < t1)
        return n / max(t1 - t0, 1e-9)


async def wait_for_reloads(port, result, count, timeout=120.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = await asyncio.get_running_loop().run_in_executor(
            None, lc.metric, port, "rxmap_reloads_total", f'result="{result}"')
        if v >= count:
            return True
        await asyncio.sleep(0.1)
    return False


def check_answers(load):
    answers = load.answers
    bad = [a for a in answers if a[3] != 200]
    check(not bad, f"{len(answers)} answers under load, {len(bad)} not 200"
          + (f" (first: {bad[0][2]} -> {bad[0][3] or 'no answer'})" if bad else ""))


async def scenario_db(srv, work, tiles, tile, colours):
    """The node follows `rxmap import --db` by polling the pointer (no signal)."""
    port = srv.port
    _, _, px, py = chiyoda_tile()
    load = Load(port, tiles)
    load_task = asyncio.ensure_future(load.run())
    await asyncio.sleep(2)
    write_csv(work, 25)
    t0 = time.monotonic()
    r = await asyncio.get_running_loop().run_in_executor(None, lambda: subprocess.run(
        [RXMAP, "import", "--db", DB, "--db-prefix", DB_PREFIX, "--store", os.path.join(work, "store"), "--force",
         "--no-reload"], cwd=REPO, capture_output=True, text=True, timeout=300))
    check(r.returncode == 0, f"rxmap import --db --force (exit {r.returncode})")
    t1 = time.monotonic()
    ok = await wait_for_reloads(port, "ok", 1)
    t2 = time.monotonic()
    check(ok, "the node reloaded by itself after the pointer switch")
    await asyncio.sleep(2)
    load.running = False
    await load_task
    check_answers(load)
    _, png = lc.http_get(port, tile)
    check(png_pixel(png, px, py)[:3] == colours[2], f"after: 千代田区 in class 2's colour {colours[2]}")
    check(info_value(port) == 25, "after: /info says 25")
    print(f"  measured: import --db {t1 - t0:.1f} s, {load.rate(t0, t1):.0f} req/s meanwhile; the node swapped "
          f"{t2 - t1:.1f} s after the switch (rxmap_reload_seconds {lc.metric(port, 'rxmap_reload_seconds'):.2f}), "
          f"{load.rate(t1, t2):.0f} req/s meanwhile")


def db_import(store):
    """The first import into PostGIS; False when PostgreSQL cannot be reached (the test is skipped)."""
    r = subprocess.run([RXMAP, "import", "--db", DB, "--db-prefix", DB_PREFIX, "--store", store], cwd=REPO,
                       capture_output=True, text=True, timeout=600)
    if r.returncode == 0:
        return True
    if os.environ.get("RXMAP_REQUIRE_SERVICES") == "1":
        raise RuntimeError("rxmap import --db failed: " + r.stderr[-500:])
    print(f"[  SKIPPED ] PostgreSQL at {DB} not usable: {r.stderr.strip()[-300:]}")
    return False


def db_drop():
    if not shutil.which("psql"):
        return
    schemas = subprocess.run(["psql", DB, "-Atc", f"select nspname from pg_namespace where nspname like '{DB_PREFIX}%'"],
                             capture_output=True, text=True).stdout.split()
    sql = "".join(f"drop schema {s} cascade;" for s in schemas) + f"drop table if exists public.{DB_PREFIX}_current;"
    subprocess.run(["psql", DB, "-qc", sql], capture_output=True)


async def scenario(srv, work, store, layers):
    port = srv.port
    x, y, px, py = chiyoda_tile()
    colours = class_colours(port)
    check(len(colours) >= 3, f"test-csv's legend has its classes ({len(colours)})")
    tile = lc.tile_path(ZOOM, x, y, layer="test-csv")
    tiles = [tile] + lc.probe_tiles((10, 11)) + [lc.tile_path(ZOOM, x, y, 2, layer="test-csv")]
    for p in tiles:  # stored before the load
        status, _ = lc.http_get(port, p, 60)
        if status != 200:
            raise RuntimeError(f"{p} answered {status} before the load")
    status, png = lc.http_get(port, tile)
    check(png_pixel(png, px, py)[:3] == colours[0], f"before: 千代田区 in class 0's colour {colours[0]}")
    check(info_value(port) == 5, "before: /info says 5")
    if DB_MODE:
        return await scenario_db(srv, work, tiles, tile, colours)

    load = Load(port, tiles)
    load_task = asyncio.ensure_future(load.run())
    await asyncio.sleep(2)
    figures = []

    async def reload(name, action, result, count):
        t0 = time.monotonic()
        before = load.rate(t0 - 2, t0)
        action()
        ok = await wait_for_reloads(port, result, count)
        t1 = time.monotonic()
        check(ok, f"{name}: rxmap_reloads_total{{result=\"{result}\"}} reached {count}")
        await asyncio.sleep(2)
        slowest = max((a[1] - a[0] for a in load.answers if a[1] >= t0), default=0)
        figures.append(f"{name}: {t1 - t0:.2f} s from the signal to the swap "
                       f"(rxmap_reload_seconds {lc.metric(port, 'rxmap_reload_seconds'):.2f}); "
                       f"{before:.0f} req/s before, {load.rate(t0, t1):.0f} req/s during, "
                       f"{load.rate(t1, t1 + 2):.0f} req/s in the 2 s after; slowest answer {slowest * 1000:.0f} ms")

    write_csv(work, 25)
    await reload("SIGHUP", lambda: srv.proc.send_signal(1), "ok", 1)
    os.rename(os.path.join(work, "test_values.csv"), os.path.join(work, "moved.csv"))
    await reload("failed SIGHUP", lambda: srv.proc.send_signal(1), "failed", 1)
    os.rename(os.path.join(work, "moved.csv"), os.path.join(work, "test_values.csv"))
    check(info_value(port) == 25, "after the failed reload: still 25")
    write_csv(work, 15)

    def run_import():
        r = subprocess.run([RXMAP, "import", "--store", store, "--layers", *layers], cwd=REPO,
                           capture_output=True, text=True, timeout=300)
        check(r.returncode == 0 and "asked the server with pid" in r.stderr,
              f"rxmap import signalled the server (exit {r.returncode}): {r.stderr.strip()[-200:]}")

    await reload("rxmap import", run_import, "ok", 2)
    load.running = False
    await load_task
    check_answers(load)
    values = [a for a in load.answers if a[4] is not None]
    check({a[4] for a in values} <= {5, 25, 15}, f"/info answered only values written: {sorted({a[4] for a in values})}")
    order = {5: 0, 25: 1, 15: 2}
    stale = 0
    for newer in (25, 15):
        seen = min((a[1] for a in values if a[4] == newer), default=None)
        if seen is not None:
            stale += sum(1 for a in values if a[0] > seen and order[a[4]] < order[newer])
    check(stale == 0 and len({a[4] for a in values}) == 3,
          f"{len(values)} /info answers: each value in turn, none older after a newer one ({stale} stale)")
    _, png = lc.http_get(port, tile)
    check(png_pixel(png, px, py)[:3] == colours[1], f"after: 千代田区 in class 1's colour {colours[1]}")
    check(info_value(port) == 15, "after: /info says 15")
    for f in figures:
        print("  measured: " + f)


def main():
    work = tempfile.mkdtemp(prefix="rxmap-reload.")
    try:
        shutil.copy(os.path.join(REPO, "tests/fixtures/test_layers.conf"), work)
        write_csv(work, 5)
        store = os.path.join(work, "store", "rxmap.gpkg")
        layers = ["styles/layers.conf", os.path.join(work, "test_layers.conf")]
        args = ["--layers", *layers, "--web-root", os.path.join(work, "no-web")]
        if DB_MODE:
            if not db_import(store):
                return 0
            args += ["--db", DB, "--db-prefix", DB_PREFIX, "--db-poll-seconds", "1"]
        srv = lc.Server(RXMAP, REPO, store, os.path.join(work, "server.log"),
                        cache_dir=os.path.join(work, "cache"), args=args).start()
        try:
            asyncio.run(scenario(srv, work, store, layers))
        finally:
            rc = srv.stop()
            check(rc == 0, f"rxmap exited with status {rc} on SIGTERM")
            check(not glob.glob(os.path.join(work, "store", "rxmap-serve-*.pid")), "its pid file is gone")
            if FAILS:
                print(srv.tail(15))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if DB_MODE:
            db_drop()
    print(f"{len(FAILS)} failure(s)")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
