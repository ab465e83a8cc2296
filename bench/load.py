#!/usr/bin/env python3
"""The hostile-load scenarios of issue 11 against `rxmap serve` (run by bench/load.sh, which sets the
environment below). Each scenario starts its own server (own --cache-dir, so cold stays cold),
measures, and stops it; one table at the end, also written to RESULTS.

Environment: RXMAP (binary), REPO, WORK (temp dir), PORT (0 = any free port), SCENARIOS (names,
default all), QUICK (1 = shorter), SOAK_SECONDS, RXMAP_ARGS (extra `rxmap serve` options),
RESULTS (markdown file), COMMAND (how it was run, for the results file).
"""
import asyncio
import datetime
import os
import re
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loadclient as lc  # noqa: E402
import tilelists  # noqa: E402

RXMAP = os.environ["RXMAP"]
REPO = os.environ["REPO"]
WORK = os.environ["WORK"]
PORT = int(os.environ.get("PORT", "0"))
QUICK = os.environ.get("QUICK", "0") == "1"
ALL = ["storm", "flood", "connflood", "loris", "prints", "exports", "soak", "memcache", "barelf"]
# memcache by default only in QUICK runs: a 10-minute soak fills the cache itself.
SCENARIOS = os.environ.get("SCENARIOS", "").split() or [s for s in ALL if QUICK or s != "memcache"]
RXMAP_ARGS = shlex.split(os.environ.get("RXMAP_ARGS", ""))
SOAK_SECONDS = int(os.environ.get("SOAK_SECONDS", "60" if QUICK else "600"))
RESULTS = os.environ.get("RESULTS", os.path.join(REPO, "bench", "load-results.md"))
STORE = os.path.join(WORK, "store", "rxmap.gpkg")

MANY = [f"127.0.0.{i}" for i in range(10, 20)]  # "many clients": ten source addresses
PROBE_SRC = "127.0.0.2"                          # the other client, whose experience is measured


def option(name, default):
    """An option's value in RXMAP_ARGS (e.g. --render-timeout-ms), else the server's default."""
    for i, a in enumerate(RXMAP_ARGS):
        if a == name and i + 1 < len(RXMAP_ARGS):
            return RXMAP_ARGS[i + 1]
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    return default


RENDER_TIMEOUT = int(option("--render-timeout-ms", "30000")) / 1000.0
COLD_TIMEOUT = RENDER_TIMEOUT + 30.0  # the client's limit for a cold request: well past the server's


PROBE_PATHS = lc.probe_tiles((10, 11, 12))
ROWS = []     # dicts: scenario, requests, ok, busy, other, probe, rss, notes
DETAILS = []  # extra lines for the results file


def ms(v):
    return "-" if v is None else (f"{v:.1f}" if v < 100 else f"{v:.0f}")


def add_row(name, answers, probe, rss, notes, requests=None):
    ok, busy, other = lc.counts(answers)
    ROWS.append(dict(scenario=name, requests=len(answers) if requests is None else requests, ok=ok, busy=busy,
                     other=other, probe=lc.summary_ms(probe.answers) if probe else (None,) * 3,
                     probe_n=len(probe.answers) if probe else 0,
                     probe_ok=lc.counts(probe.answers)[0] if probe else 0,
                     rss=(rss.start_mib, rss.peak_mib, rss.end_mib), notes=notes))
    r = ROWS[-1]
    print(f"   {name}: {r['requests']} requests, {ok} x 200, {busy} x 503, {other} other; probe "
          f"{r['probe_ok']}/{r['probe_n']} x 200, p50/p99/max {'/'.join(ms(v) for v in r['probe'])} ms; RSS "
          f"{'/'.join(f'{v:.0f}' for v in r['rss'])} MiB; {notes}", flush=True)


def log(msg):
    print(f"==> [{time.monotonic() - T0:4.0f}s] {msg}", flush=True)


def new_server(name, args=(), cache=True):
    d = os.path.join(WORK, name)  # a fresh cache for each scenario run
    os.makedirs(d, exist_ok=True)
    return lc.Server(RXMAP, REPO, STORE, os.path.join(d, "server.log"), PORT,
                     os.path.join(d, "cache") if cache else None, RXMAP_ARGS + list(args)).start()


async def prewarm(port, paths, sources=MANY, concurrency=8, passes=4):
    """Render `paths` (each once; 503s are asked again after a pause); returns the paths not 200."""
    todo = list(paths)
    for _ in range(passes):
        sem = asyncio.Semaphore(concurrency)

        async def one(i, p):
            async with sem:
                return p, await lc.fetch(port, p, sources[i % len(sources)], COLD_TIMEOUT)

        done = await asyncio.gather(*(one(i, p) for i, p in enumerate(todo)))
        todo = [p for p, a in done if a.status != 200]
        if not todo:
            break
        await asyncio.sleep(2)
    return todo


def status_mix(answers):
    mix = {}
    for a in answers:
        mix[a.status] = mix.get(a.status, 0) + 1
    return ", ".join(f"{n} x {'no answer' if s == 0 else s}" for s, n in sorted(mix.items()))


async def under_load(srv, load, probe_interval=0.05, probe_limit=None, rss_interval=1.0, settle=0.0):
    """Run the coroutine `load` while a probe from 127.0.0.2 asks for stored tiles; (result, probe, rss)."""
    assert not await prewarm(srv.port, PROBE_PATHS, [PROBE_SRC]), "the probe's tiles did not render"
    rss = lc.RssSampler(srv.pid, rss_interval)
    rss.start()
    probe = lc.Probe(srv.port, PROBE_PATHS, PROBE_SRC, probe_interval, timeout=COLD_TIMEOUT)
    load_task = asyncio.ensure_future(load)
    if settle:
        await asyncio.sleep(settle)
    probe_task = asyncio.ensure_future(probe.run(probe_limit or COLD_TIMEOUT + 60))
    result = await load_task
    probe.stop()
    await probe_task
    await rss.stop()
    return result, probe, rss


def cold_notes(answers):
    ok = [a.seconds for a in answers if a.status == 200]
    shed = [a for a in answers if a.status == 503]
    late = sum(1 for a in answers if a.seconds > RENDER_TIMEOUT)
    return (f"wait p50 {lc.percentile([a.seconds for a in answers], 50):.1f} s, max "
            f"{max(a.seconds for a in answers):.1f} s (render timeout {RENDER_TIMEOUT:.0f} s; {late} waited longer); "
            f"200s max {max(ok) if ok else 0:.1f} s; 503s: {len(shed)}, with Retry-After "
            f"{sum(1 for a in shed if a.retry_after)}, slowest {max((a.seconds for a in shed), default=0):.2f} s")


def engine_notes(port):
    q = lc.metric(port, "rxmap_engine_overloaded_total", 'reason="queue_full"')
    t = lc.metric(port, "rxmap_engine_overloaded_total", 'reason="render_timeout"')
    r = lc.metric(port, "rxmap_engine_renders_total")
    return f"renders {r:.0f}, queue_full {q:.0f}, render_timeout {t:.0f}"


# --- the scenarios ------------------------------------------------------------------------------

async def storm(srv):
    paths = [lc.tile_path(*t) for t in tilelists.spread_metatiles(300, (11, 12))]
    answers, probe, rss = await under_load(srv, lc.burst(srv.port, paths, MANY, COLD_TIMEOUT))
    add_row("a. cold storm: 300 metatiles at once (10 addresses)", answers, probe, rss,
            cold_notes(answers) + "; " + engine_notes(srv.port))


def flood(label, sources):
    async def run(srv):
        n = 300 if QUICK else 1000
        paths = [lc.tile_path(*t) for t in tilelists.spread_metatiles(n, (11, 12, 13))]
        answers, probe, rss = await under_load(srv, lc.burst(srv.port, paths, sources, COLD_TIMEOUT),
                                               probe_interval=0.2)
        add_row(f"b. flood: {n} metatiles at once, {label}", answers, probe, rss,
                cold_notes(answers) + "; " + engine_notes(srv.port))
    return run


async def hold_connections(port, n, src, seconds, opener):
    """Keep up to n connections from src open for `seconds`, re-opening each one the server closes
    (after 0.2 s; 1 s after a refusal). `opener(conn)` does what each new connection does first and
    returns True when the server took it. Returns the counts, with the statuses the server sent on
    connections it then closed (a canned 503, a 408, …)."""
    until = time.monotonic() + seconds
    st = dict(opened=0, refused=0, closed_by_server=0, statuses={})

    async def one():
        while time.monotonic() < until:
            c = lc.Connection(port, src)
            try:
                await c.open(5)
                ok = await opener(c)
            except (OSError, asyncio.TimeoutError):
                ok = False
            if not ok:
                st["refused"] += 1
                c.close()
                await asyncio.sleep(1.0)
                continue
            st["opened"] += 1
            try:  # idle (or trickling, in opener's task) until the server closes or time is up
                data = await asyncio.wait_for(c.reader.read(65536), max(0.0, until - time.monotonic()))
                st["closed_by_server"] += 1
                m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
                if m:
                    st["statuses"][int(m.group(1))] = st["statuses"].get(int(m.group(1)), 0) + 1
            except asyncio.TimeoutError:
                pass
            except OSError:
                st["closed_by_server"] += 1
            c.close()
            await asyncio.sleep(0.2)

    await asyncio.gather(*(one() for _ in range(n)))
    return st


def held_notes(st):
    sent = ", ".join(f"{n} x {s}" for s, n in sorted(st["statuses"].items()))
    return (f"{st['opened']} opened, {st['refused']} refused at once, {st['closed_by_server']} closed later by the "
            f"server{' (answers before the close: ' + sent + ')' if sent else ''}")


async def connflood(srv):
    n, hold = 1024, 10 if QUICK else 20

    async def keepalive(c):
        a = await c.get("/healthz", 5)
        return a.status == 200 and c.is_open

    st, probe, rss = await under_load(srv, hold_connections(srv.port, n, "127.0.0.1", 3 + hold, keepalive),
                                      probe_interval=0.2, settle=3)
    add_row(f"c. {n} idle keep-alive connections from 127.0.0.1, {hold} s", probe.answers, probe, rss,
            f"flood connections: {held_notes(st)}; probe (127.0.0.2, a new connection each): "
            f"{status_mix(probe.answers)}", requests=len(probe.answers))


async def loris(srv):
    n, hold = 1100, 15 if QUICK else 30
    trickling = []

    async def trickle(c):
        c.writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        await c.writer.drain()
        trickling.append(asyncio.ensure_future(drip(c)))
        return True

    async def drip(c):  # one header byte a second, never the end of the header
        try:
            for i in range(int(hold) + 10):
                await asyncio.sleep(1.0)
                if not c.is_open:
                    return
                c.writer.write(b"X-Slow: 1\r\n"[i % 11:i % 11 + 1])
        except (OSError, AttributeError):
            pass

    st, probe, rss = await under_load(srv, hold_connections(srv.port, n, "127.0.0.1", 3 + hold, trickle),
                                      probe_interval=0.2, settle=3)
    for t in trickling:
        t.cancel()
    add_row(f"d. slow loris: {n} connections from 127.0.0.1, {hold} s", probe.answers, probe, rss,
            f"loris connections: {held_notes(st)}; probe (127.0.0.2): {status_mix(probe.answers)}",
            requests=len(probe.answers))


async def prints(srv):
    n = 20
    path = "/static/population.png?japan=1&width=8000&height=5000"  # 40 Mpx: the limit (README)
    sources = [f"127.0.0.{i}" for i in range(30, 30 + n)]
    async def all_prints():  # a coroutine, so that nothing starts before under_load's set-up is done
        return await asyncio.gather(*(lc.fetch(srv.port, path, sources[i], 300) for i in range(n)))

    answers, probe, rss = await under_load(srv, all_prints(), probe_interval=0.1)
    ok = [a.seconds for a in answers if a.status == 200]
    add_row(f"e. {n} prints of 40 Mpx at once (8000x5000 PNG)", answers, probe, rss,
            f"prints: {status_mix(answers)}; slowest 200 {max(ok) if ok else 0:.1f} s")


# The pop-up and the panel of another client while exports run: what issue 21 found stalled (44.7 s).
INFO_PROBE = ["/info/aging?code=20382", "/info/population?lon=139.767&lat=35.681", "/legend/aging.json",
              "/api/search?q=%E6%9D%BE%E6%9C%AC", "/api/rank/aging?code=20382&within=prefecture"]
EXPORT_VARIANTS = [f"{layer}/{year}/municipality" for layer in ("population", "aging", "working-age")
                   for year in (2020, 2025, 2030, 2035, 2040, 2045, 2050)]


async def exports(srv):
    """150 all-Japan GeoJSON exports at once from 3 addresses (21 variants, so most are distinct builds)
    while another client asks /info, legends, search and rank: exports have their own budget."""
    n = 150
    sources = ["127.0.0.40", "127.0.0.41", "127.0.0.42"]
    paths = [f"/api/values/{EXPORT_VARIANTS[i % len(EXPORT_VARIANTS)]}?format=geojson" for i in range(n)]
    # One export idle: the first build, then the same again (kept), as in the targets.
    first = await lc.fetch(srv.port, paths[0], "127.0.0.3", 120)
    again = [await lc.fetch(srv.port, paths[0], "127.0.0.3", 120) for _ in range(5)]
    again_gz = [await lc.fetch(srv.port, paths[0], "127.0.0.3", 120, "Accept-Encoding: gzip\r\n") for _ in range(5)]
    for p in INFO_PROBE:  # the probe's answers once, so that it measures waiting, not first use
        await lc.fetch(srv.port, p, PROBE_SRC, 60)
    rss = lc.RssSampler(srv.pid, 1.0)
    rss.start()
    probe = lc.Probe(srv.port, INFO_PROBE, PROBE_SRC, 0.05, timeout=60)
    probe_task = asyncio.ensure_future(probe.run(300))
    answers = await lc.burst(srv.port, paths, sources, 300)
    probe.stop()
    await probe_task
    await rss.stop()
    ok = [a.seconds for a in answers if a.status == 200]
    shed = [a for a in answers if a.status == 503]
    repeat_ms = sorted(a.seconds * 1000 for a in again)
    repeat_gz_ms = sorted(a.seconds * 1000 for a in again_gz)
    len_note = "connect and the whole body read by this Python client"
    kept = lc.metric(srv.port, "rxmap_export_cache_hits_total", 'store="memory"')
    refused_busy = lc.metric(srv.port, "rxmap_export_refused_total", 'reason="busy"')
    refused_client = lc.metric(srv.port, "rxmap_export_refused_total", 'reason="client"')
    add_row(f"e2. {n} all-Japan GeoJSON exports at once (3 addresses); probe: /info, legend, search, rank "
            f"({PROBE_SRC})", answers, probe, rss,
            f"exports: {status_mix(answers)}; 503s with Retry-After {sum(1 for a in shed if a.retry_after)}, "
            f"slowest 503 {max((a.seconds for a in shed), default=0) * 1000:.0f} ms; slowest 200 "
            f"{max(ok) if ok else 0:.1f} s; idle: first build {first.seconds:.2f} s ({first.status}), the same "
            f"again {repeat_ms[len(repeat_ms) // 2]:.1f} ms, with Accept-Encoding: gzip "
            f"{repeat_gz_ms[len(repeat_gz_ms) // 2]:.1f} ms (medians of 5, {len_note}); "
            f"{kept:.0f} answers from kept copies, refused busy/client {refused_busy:.0f}/{refused_client:.0f}")


# Cold tiles that fill the memory cache fastest: the most bytes per render (z9-z10 @2x, ~0.6 MiB of
# distinct bodies per metatile), of 15 variants.
FILL_VARIANTS = [f"{layer}/{year}" for year in (2020, 2030, 2040, 2050)
                 for layer in ("population", "aging", "working-age")] + \
                [f"population-change/{y}" for y in (2030, 2040, 2050)]


def fill_paths():
    metas = tilelists.spread_metatiles(24, (10,)) + tilelists.spread_metatiles(8, (9,))
    return [lc.tile_path(z, x, y, 2, v) for z, x, y in metas for v in FILL_VARIANTS]


async def soak(srv):
    """wrk over the viewer list (pre-rendered) and a cold @2x metatile every second (which fills the
    memory cache, 256 MiB unless RXMAP_ARGS says otherwise, within ~10 minutes); RSS and the cache's
    bytes every 10 s."""
    tilelists.viewer(WORK)
    with open(os.path.join(WORK, "viewer-unique-rx.txt")) as f:
        unique = f.read().split()
    log(f"soak: pre-rendering the viewer set ({len(unique)} tiles)")
    left = await prewarm(srv.port, unique)
    cold = fill_paths()
    trickle, series = [], []  # series: (s, VmRSS KiB, memory store bytes)

    async def sample(end):
        t0 = time.monotonic()
        while time.monotonic() < end:
            cache = await asyncio.to_thread(lc.metric, srv.port, "rxmap_engine_store_bytes", 'store="memory"')
            series.append((time.monotonic() - t0, lc.status_kib(srv.pid, "VmRSS"), cache))
            await asyncio.sleep(max(0.0, min(10.0, end - time.monotonic())))

    async def cold_trickle(end):
        i = 0
        while time.monotonic() < end and i < len(cold):
            t0 = time.monotonic()
            trickle.append(await lc.fetch(srv.port, cold[i], MANY[i % len(MANY)], COLD_TIMEOUT))
            i += 1
            await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - t0)))

    async def load():
        end = time.monotonic() + SOAK_SECONDS
        wrk = await asyncio.create_subprocess_exec(
            "timeout", str(SOAK_SECONDS + 60), "wrk", "-t1", "-c8", f"-d{SOAK_SECONDS}s", "--timeout", "10s",
            "--latency", "-s", os.path.join(REPO, "bench", "tiles.lua"), f"http://127.0.0.1:{srv.port}", "--",
            os.path.join(WORK, "viewer-rx.txt"), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        out, _, _ = await asyncio.gather(wrk.communicate(), cold_trickle(end), sample(end))
        return out[0].decode()

    log(f"soak: {SOAK_SECONDS} s of wrk -c8 over the viewer list + a cold @2x metatile a second")
    out, probe, rss = await under_load(srv, load(), probe_interval=1.0, rss_interval=10.0)
    n = int(re.search(r"(\d+) requests in", out).group(1)) if re.search(r"(\d+) requests in", out) else 0
    bad = int(re.search(r"Non-2xx or 3xx responses: (\d+)", out).group(1)) if "Non-2xx" in out else 0
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    errors = re.search(r"Socket errors: (.*)", out)
    ok, busy, other = lc.counts(trickle)
    memory = lc.metric(srv.port, "rxmap_engine_store_bytes", 'store="memory"') / 2**20
    budget = int(option("--memory-cache-mb", "256"))
    ROWS.append(dict(scenario=f"f. soak {SOAK_SECONDS} s: wrk -c8 viewer mix + 1 cold @2x metatile/s, "
                              f"--memory-cache-mb {budget}", requests=n + len(trickle),
                     ok=n - bad + ok, busy=busy, other=bad + other, probe=lc.summary_ms(probe.answers),
                     probe_n=len(probe.answers), probe_ok=lc.counts(probe.answers)[0],
                     rss=(rss.start_mib, rss.peak_mib, rss.end_mib),
                     notes=f"wrk: {n} requests, {rps.group(1) if rps else '?'} req/s, p99 {p99.group(1) if p99 else '?'}, "
                           f"non-2xx {bad}{', socket errors ' + errors.group(1) if errors else ''}; cold trickle: "
                           f"{status_mix(trickle)}; viewer tiles not pre-rendered: {len(left)}; "
                           f"memory store {memory:.0f} of {budget} MiB, RSS at the end = cache + "
                           f"{rss.end_mib - memory:.0f} MiB"))
    print(f"   {ROWS[-1]['scenario']}: {ROWS[-1]['notes']}", flush=True)
    DETAILS.append("Soak, every 10 s: seconds: VmRSS / memory store (MiB): "
                   + ", ".join(f"{t:.0f}: {k / 1024:.0f} / {c / 2**20:.0f}" for t, k, c in series))


async def memcache(srv):
    """Fill the memory cache as fast as renders go (for at most 150 s, QUICK 60 s); RSS against the
    cache's own byte count. (The full soak fills it too; this is for QUICK runs.)"""
    budget = int(option("--memory-cache-mb", "256")) * 2**20
    limit = 60 if QUICK else 150
    paths = fill_paths()
    rss = lc.RssSampler(srv.pid, 5.0)
    rss.start()
    end, i, answers = time.monotonic() + limit, 0, []
    store = 0.0
    while time.monotonic() < end and i < len(paths):
        answers += await lc.burst(srv.port, paths[i:i + 20], MANY, COLD_TIMEOUT)
        i += 20
        store = lc.metric(srv.port, "rxmap_engine_store_bytes", 'store="memory"')
        if store >= 0.95 * budget:
            break
    await rss.stop()
    bodies = lc.metric(srv.port, "rxmap_engine_store_bodies", 'store="memory"')
    add_row(f"f. --memory-cache-mb {budget >> 20}: filled for up to {limit} s (z9-z10 @2x, 15 variants)", answers,
            None, rss, f"memory store {store / 2**20:.0f} MiB of {budget >> 20} ({bodies:.0f} bodies) after {i} "
            f"metatiles; RSS at the end {rss.end_mib:.0f} MiB = cache + {rss.end_mib - store / 2**20:.0f} MiB")


async def barelf(srv):
    """Requests with bare-LF line endings (loadclient.bare_lf_requests): status and time to the answer."""
    out = []
    for name, data in lc.bare_lf_requests().items():
        status, seconds = await lc.send_raw(srv.port, data, "127.0.0.1", 15)
        out.append((name, lc.Answer(status, seconds)))
    add_row("g. bare-LF requests", [a for _, a in out], None, _NoRss(srv.pid),
            "; ".join(f"{n}: {a.status or 'no answer'} after {a.seconds * 1000:.0f} ms" for n, a in out))


class _NoRss:  # RSS once, for the scenarios too short to sample
    def __init__(self, pid):
        self.start_mib = self.peak_mib = self.end_mib = lc.status_kib(pid, "VmRSS") / 1024.0


def scenarios():
    """(name, runner, extra serve options) in the order they run."""
    return [
        ("storm", storm, []),
        ("flood", flood("10 addresses", MANY), []),
        ("flood", flood("one address (127.0.0.1)", ["127.0.0.1"]), []),
        ("connflood", connflood, []),
        ("loris", loris, []),
        ("prints", prints, []),
        ("exports", exports, []),
        ("soak", soak, [] if "--memory-cache-mb" in " ".join(RXMAP_ARGS) else ["--memory-cache-mb", "256"]),
        ("memcache", memcache, [] if "--memory-cache-mb" in " ".join(RXMAP_ARGS) else ["--memory-cache-mb", "256"]),
        ("barelf", barelf, []),
    ]


def table():
    head = ["scenario", "requests", "200", "503", "other", "probe 200", "probe p50 / p99 / max ms",
            "RSS start / peak / end MiB", "notes"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " if i in (0, 8) else " ---: " for i in range(9)) + "|"]
    for r in ROWS:
        lines.append("| " + " | ".join([
            r["scenario"], str(r["requests"]), str(r["ok"]), str(r["busy"]), str(r["other"]),
            f"{r['probe_ok']} of {r['probe_n']}" if r["probe_n"] else "-",
            " / ".join(ms(v) for v in r["probe"]), " / ".join(f"{v:.0f}" for v in r["rss"]), r["notes"]]) + " |")
    return lines


def main():
    global T0
    T0 = time.monotonic()
    unknown = set(SCENARIOS) - set(ALL)
    if unknown:
        sys.exit(f"load: unknown scenario(s) {' '.join(sorted(unknown))}; known: {' '.join(ALL)}")
    nofile = lc.raise_nofile(8192)
    if nofile < 2400:
        print(f"load: the open-files limit is {nofile}: the 1,024- and 1,100-connection scenarios need ~2,400",
              file=sys.stderr)
    failed = []
    for i, (name, run, args) in enumerate(scenarios()):
        if name not in SCENARIOS:
            continue
        log(f"{name}: starting rxmap serve {' '.join(RXMAP_ARGS + args)}")
        srv = new_server(f"{i}-{name}", args)
        try:
            asyncio.run(run(srv))
        except Exception as e:  # noqa: BLE001 - one scenario's failure must not hide the others' figures
            failed.append(name)
            print(f"load: scenario {name} failed: {type(e).__name__}: {e}\n{srv.tail()}", file=sys.stderr)
        finally:
            rc = srv.stop()
            if rc not in (0, None):
                DETAILS.append(f"{name}: rxmap serve exited with status {rc} at the end (log {srv.log})")
    lines = table()
    print("\n" + "\n".join(lines))
    for d in DETAILS:
        print(d)
    git = subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty"], capture_output=True, text=True).stdout.strip()
    with open(RESULTS, "w") as f:
        f.write("# rxmap under hostile load — bench/load.sh\n\n")
        f.write(f"Written by `bench/load.sh` on {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC (git {git}), "
                f"{lc.cpu_count()} cores, loopback only, in {time.monotonic() - T0:.0f} s. Command: "
                f"`{os.environ.get('COMMAND', 'bench/load.sh')}`.\n\n")
        f.write("Each scenario starts its own `rxmap serve --cache-dir` (fresh cache, so cold tiles are cold)"
                f"{' with `' + ' '.join(RXMAP_ARGS) + '`' if RXMAP_ARGS else ''}. The probe is another client "
                "(127.0.0.2) asking for stored tiles (東京 z10-z12, 1x and @2x, rendered first) on a new "
                "connection each time while the load runs, at a steady pace without waiting for the previous "
                "answer (at most 10 outstanding; those still unanswered 10 s after the load count as 'no "
                "answer' with the time they had waited); its latency includes the connect. Cold requests "
                f"give up after {COLD_TIMEOUT:.0f} s (the render timeout + 30 s). RSS: VmRSS at the "
                "start and end, peak = VmHWM (reset at the start) or the largest sample. 'other' = no answer "
                "(refused, closed, reset or past the client's limit) or a status other than 200/503.\n\n")
        f.write("\n".join(lines) + "\n\n")
        for d in DETAILS:
            f.write(f"- {d}\n")
    print(f"(table written to {RESULTS})")
    if failed:
        sys.exit(f"load: scenario(s) failed: {' '.join(failed)}")


if __name__ == "__main__":
    main()
