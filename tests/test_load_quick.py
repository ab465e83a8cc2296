#!/usr/bin/env python3
"""Quick versions of bench/load.sh's scenarios (issue 11), with what a user would notice:

    tests/test_load_quick.py RXMAP_BINARY REPO_DIR CASE      (ctest: load_quick_*, tests/load_quick.cmake)

  storm        under a cold storm (100 distinct cold metatiles at once, from ten 127.0.0.x addresses)
               a stored tile asked by another client (127.0.0.2) answers 200 in < 200 ms, every time;
               every storm request gets 200 or 503 (the 503s with Retry-After), none is dropped.
  client-flood with `--max-client-connections 16`: while 127.0.0.1 holds 200 idle keep-alive
               connections, another client's (127.0.0.2) tile is 200 in < 1 s; 127.0.0.1 got at most
               16 of its connections served; once it closes them it is served again. (When
               `rxmap serve` also accepts --max-connections, 100 of them: the flood is then beyond
               the server-wide cap too.)
  bare-lf      a 600-byte request with bare-LF line endings and a long request line (a long query
               string) gets 400 within 1 s; so do a 600-byte one with a long header and a 100-byte one.

Each case starts rxmap on a free port on 127.0.0.1 with its own --store (imported first, ~2 s) and
a fresh --cache-dir, and stops it. Bounded: every wait has a limit; a case takes < 1 minute.
"""
import asyncio
import os
import shutil
import sys
import tempfile
import time

RXMAP, REPO, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(REPO, "bench"))
import loadclient as lc  # noqa: E402
import tilelists  # noqa: E402

FAILS = []


def check(ok, what):
    print(("  ok: " if ok else "  FAIL: ") + what, flush=True)
    if not ok:
        FAILS.append(what)


async def render_first(port, paths):
    for p in paths:
        a = await lc.fetch(port, p, "127.0.0.2", 60)
        if a.status != 200:
            raise RuntimeError(f"{p} answered {a.status or 'nothing'} before the load")


async def storm(srv):
    stored = lc.probe_tiles((10, 11))
    await render_first(srv.port, stored)
    cold = [lc.tile_path(*t) for t in tilelists.spread_metatiles(100, (11, 12))]
    sources = [f"127.0.0.{i}" for i in range(10, 20)]
    probe = lc.Probe(srv.port, stored, "127.0.0.2", interval=0.05, timeout=10)
    storm_task = asyncio.ensure_future(lc.burst(srv.port, cold, sources, 90))
    await asyncio.sleep(0.2)  # the storm's requests are in
    t0 = time.monotonic()
    probe_task = asyncio.ensure_future(probe.run(60))
    answers = await storm_task
    if time.monotonic() - t0 < 2:  # probe for at least 2 s even when the storm is shed at once
        await asyncio.sleep(2 - (time.monotonic() - t0))
    probe.stop()
    await probe_task
    ok, busy, other = lc.counts(answers)
    p50, p99, worst = lc.summary_ms(probe.answers)
    print(f"  storm: {ok} x 200, {busy} x 503, {other} other; probe: {len(probe.answers)} requests, "
          f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {worst:.1f} ms")
    check(len(probe.answers) >= 10, f"the probe ran ({len(probe.answers)} requests)")
    check(all(a.status == 200 for a in probe.answers),
          f"every stored-tile request of 127.0.0.2 answered 200 ({lc.counts(probe.answers)})")
    check(worst < 200, f"a stored tile answers in < 200 ms during the storm (worst {worst:.0f} ms)")
    check(other == 0, f"every storm request answered 200 or 503 ({other} without)")
    check(all(a.retry_after for a in answers if a.status == 503), "every 503 carries Retry-After")


async def client_flood(srv, cap):
    stored = lc.probe_tiles((10, 11))
    await render_first(srv.port, stored)
    conns, served = [], 0
    for _ in range(200):  # 200 idle keep-alive connections from 127.0.0.1, each asked once
        c = lc.Connection(srv.port, "127.0.0.1")
        try:
            await c.open(5)
        except (OSError, asyncio.TimeoutError):
            continue
        a = await c.get("/healthz", 5)
        served += a.status == 200 and c.is_open
        conns.append(c)
    print(f"  127.0.0.1 holds {sum(c.is_open for c in conns)} open connections, {served} of 200 served")
    other = [await lc.fetch(srv.port, p, "127.0.0.2", 10) for p in stored * 2]
    for a in other:
        print(f"  127.0.0.2: {a.status or 'no answer'} in {a.seconds * 1000:.1f} ms")
    check(all(a.status == 200 for a in other), "another client's (127.0.0.2) tiles are 200 during the flood")
    check(all(a.seconds < 1 for a in other), "… each in < 1 s")
    check(served <= cap, f"127.0.0.1 got at most {cap} connections served ({served})")
    for c in conns:
        c.close()
    again = None
    for _ in range(20):  # the server notices the closes
        again = await lc.fetch(srv.port, stored[0], "127.0.0.1", 5)
        if again.status == 200:
            break
        await asyncio.sleep(0.1)
    check(again.status == 200, "127.0.0.1 is served again once it closed its connections")


async def bare_lf(srv):
    for name, data in lc.bare_lf_requests().items():
        status, seconds = await lc.send_raw(srv.port, data, "127.0.0.1", 15)
        print(f"  bare-LF request, {name} ({len(data)} bytes): {status or 'no answer'} after {seconds * 1000:.0f} ms")
        check(status == 400 and seconds < 1,
              f"a bare-LF request ({name}) gets 400 within 1 s ({status or 'no answer'} after {seconds:.1f} s)")


def main():
    lc.raise_nofile(4096)
    args = []
    cap = 16
    if CASE == "client-flood":
        if not lc.serve_accepts(RXMAP, "--max-client-connections"):
            print("FAIL: rxmap serve has no --max-client-connections option (issue 11: per-client connection cap)")
            return 1
        args += ["--max-client-connections", str(cap)]
        if lc.serve_accepts(RXMAP, "--max-connections"):
            args += ["--max-connections", "100"]
    tmp = tempfile.mkdtemp(prefix=f"rxmap-load-{CASE}.")
    args += ["--web-root", os.path.join(tmp, "no-web")]
    srv = lc.Server(RXMAP, REPO, os.path.join(tmp, "store", "rxmap.gpkg"), os.path.join(tmp, "server.log"),
                    0, os.path.join(tmp, "cache"), args)
    try:
        srv.start()
        print(f"== {CASE}: rxmap serve {' '.join(args)} on port {srv.port}")
        run = {"storm": storm, "client-flood": lambda s: client_flood(s, cap), "bare-lf": bare_lf}[CASE]
        asyncio.run(asyncio.wait_for(run(srv), 120))
    except Exception as e:  # noqa: BLE001 - a set-up failure is a failure, with the server's last lines
        FAILS.append(f"{type(e).__name__}: {e}")
        print(f"  FAIL: {type(e).__name__}: {e}\n{srv.tail()}")
    finally:
        rc = srv.stop()
        if rc not in (0, None):
            FAILS.append(f"rxmap exited with status {rc}")
            print(f"  FAIL: rxmap exited with status {rc}\n{srv.tail()}")
        if FAILS or os.environ.get("KEEP_TMP"):  # the server's log stays, the store and cache go
            if not os.environ.get("KEEP_TMP"):
                for d in ("store", "cache"):
                    shutil.rmtree(os.path.join(tmp, d), ignore_errors=True)
            print(f"(files in {tmp})")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{0 if FAILS else 1} passed, {1 if FAILS else 0} failed")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
