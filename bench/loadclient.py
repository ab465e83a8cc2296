"""Hostile-load client pieces for bench/load.py and tests/test_load_quick.py (Python 3 stdlib only).

Raw HTTP/1.1 over asyncio, from any loopback source address (127.0.0.x: the server sees each as
another client), a probe that times a stored tile while the load runs, an RSS sampler, and the
start and stop of `rxmap serve`. Loopback only; every wait has a limit.
"""
import asyncio
import os
import re
import signal
import subprocess
import time
import urllib.request

HOST = "127.0.0.1"


class Answer:
    """One request's outcome: HTTP status (0 = no answer: refused, reset, closed or timed out)."""

    __slots__ = ("status", "seconds", "error", "retry_after", "close")

    def __init__(self, status=0, seconds=0.0, error="", retry_after=None, close=False):
        self.status, self.seconds, self.error = status, seconds, error
        self.retry_after, self.close = retry_after, close


async def read_response(reader, method="GET"):
    """(status, headers as a lower-case dict, body) of one response; raises on EOF or a bad answer."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0])
    if not m:
        raise ValueError(f"bad status line {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    status = int(m.group(1))
    body = b""
    if method != "HEAD" and status not in (204, 304) and status >= 200:
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                body += await reader.readexactly(size + 2)
                if size == 0:
                    break
        elif headers.get("connection", "").lower() == "close":
            body = await reader.read()
    return status, headers, body


def tile_path(z, x, y, scale=1, layer="population"):
    return f"/tiles/{layer}/{z}/{x}/{y}{'@2x' if scale == 2 else ''}.png"


def probe_tiles(zooms):
    """The probe's stored tiles: 東京 at each zoom, 1x and @2x (to be rendered before the load)."""
    import tilelists
    out = []
    for z in zooms:
        x, y = (int(v) for v in tilelists.frac_tile(139.767, 35.681, z))
        out += [tile_path(z, x, y), tile_path(z, x, y, 2)]
    return out


def request_bytes(path, host=HOST, close=False, extra=""):
    return (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: rxmap-load\r\n{extra}"
            f"{'Connection: close' if close else 'Connection: keep-alive'}\r\n\r\n").encode()


class Connection:
    """One keep-alive connection from a source address."""

    def __init__(self, port, src=HOST):
        self.port, self.src = port, src
        self.reader = self.writer = None

    async def open(self, timeout):
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection(HOST, self.port, local_addr=(self.src, 0)), timeout)

    async def get(self, path, timeout, extra=""):
        """Answer of GET path on this connection (which stays open unless the server closes it); `extra`:
        more header lines, each ending in CRLF."""
        t0 = time.monotonic()
        try:
            self.writer.write(request_bytes(path, extra=extra))
            await self.writer.drain()
            status, headers, _ = await asyncio.wait_for(read_response(self.reader), timeout)
            return Answer(status, time.monotonic() - t0, retry_after=headers.get("retry-after"),
                          close=headers.get("connection", "").lower() == "close")
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError,
                ValueError) as e:
            self.close()
            return Answer(0, time.monotonic() - t0, type(e).__name__)

    def close(self):
        if self.writer is not None:
            self.writer.transport.abort()
            self.writer = self.reader = None

    @property
    def is_open(self):
        return self.writer is not None and not self.writer.is_closing() and not self.reader.at_eof()


async def fetch(port, path, src=HOST, timeout=60.0, extra=""):
    """GET path on a new connection (connect time included), then close it."""
    t0 = time.monotonic()
    c = Connection(port, src)
    try:
        try:
            await c.open(timeout)
        except (OSError, asyncio.TimeoutError) as e:
            return Answer(0, time.monotonic() - t0, type(e).__name__)
        a = await c.get(path, max(0.1, timeout - (time.monotonic() - t0)), extra)
        a.seconds = time.monotonic() - t0
        return a
    finally:  # also when cancelled
        c.close()


async def send_raw(port, data, src=HOST, timeout=15.0):
    """Send bytes as they are on a new connection; (status or 0, seconds to the answer or the close)."""
    t0 = time.monotonic()
    c = Connection(port, src)
    try:
        await c.open(timeout)
        c.writer.write(data)
        await c.writer.drain()
        status, _, _ = await asyncio.wait_for(read_response(c.reader), timeout)
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ValueError):
        status = 0
    finally:
        c.close()
    return status, time.monotonic() - t0


async def burst(port, paths, sources, timeout):
    """Every path at once, each on its own connection, the sources taken in turn: [Answer]."""
    return await asyncio.gather(*(fetch(port, p, sources[i % len(sources)], timeout) for i, p in enumerate(paths)))


class Probe:
    """Another client: GET one of `paths` on a new connection every `interval` s until stopped or
    `limit` s, without waiting for the previous answer (at most `in_flight` outstanding), so that a
    server that keeps it waiting is sampled all the same."""

    def __init__(self, port, paths, src="127.0.0.2", interval=0.1, timeout=30.0, in_flight=10):
        self.port, self.paths, self.src, self.interval, self.timeout = port, paths, src, interval, timeout
        self.answers = []
        self._slots = asyncio.Semaphore(in_flight)
        self._stop = asyncio.Event()

    async def _one(self, path):
        t0 = time.monotonic()
        try:
            self.answers.append(await fetch(self.port, path, self.src, self.timeout))
        except asyncio.CancelledError:  # still waiting `grace` s after the load: no answer (yet)
            self.answers.append(Answer(0, time.monotonic() - t0, "unanswered"))
        finally:
            self._slots.release()

    async def run(self, limit, grace=10.0):
        """Probe until stop() or `limit` s; then wait at most `grace` s for the answers outstanding
        (those still waiting count as unanswered, with the time they had waited)."""
        end = time.monotonic() + limit
        tasks, i = [], 0
        while not self._stop.is_set() and time.monotonic() < end:
            t0 = time.monotonic()
            await self._slots.acquire()
            tasks.append(asyncio.ensure_future(self._one(self.paths[i % len(self.paths)])))
            i += 1
            try:
                await asyncio.wait_for(self._stop.wait(), max(0.0, self.interval - (time.monotonic() - t0)))
            except asyncio.TimeoutError:
                pass
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=grace)
            for t in pending:
                t.cancel()
            await asyncio.gather(*tasks)

    def stop(self):
        self._stop.set()


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a list; None when empty."""
    if not values:
        return None
    v = sorted(values)
    return v[max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))]


def summary_ms(answers):
    """(p50, p99, max) of the answers' latencies in ms, or (None,)*3."""
    s = [a.seconds * 1000.0 for a in answers]
    return (percentile(s, 50), percentile(s, 99), max(s)) if s else (None, None, None)


def counts(answers):
    """(200s, 503s, others)."""
    ok = sum(1 for a in answers if a.status == 200)
    busy = sum(1 for a in answers if a.status == 503)
    return ok, busy, len(answers) - ok - busy


def status_kib(pid, field):
    """A /proc/PID/status field in KiB (VmRSS, VmHWM), 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler:
    """VmRSS of a process every `interval` s; the peak is VmHWM after a reset of it at start (when the
    kernel allows it: /proc/PID/clear_refs 5), else the largest sample."""

    def __init__(self, pid, interval=1.0):
        self.pid, self.interval = pid, interval
        self.samples = []  # (seconds since start, KiB)
        self.hwm_reset = False
        self._task = None

    def start(self):
        try:
            with open(f"/proc/{self.pid}/clear_refs", "w") as f:
                f.write("5")
            self.hwm_reset = True
        except OSError:
            pass
        self.t0 = time.monotonic()
        self.samples.append((0.0, status_kib(self.pid, "VmRSS")))
        self._task = asyncio.ensure_future(self._run())

    async def _run(self):
        while True:
            await asyncio.sleep(self.interval)
            self.samples.append((time.monotonic() - self.t0, status_kib(self.pid, "VmRSS")))

    async def stop(self):
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass
        self.samples.append((time.monotonic() - self.t0, status_kib(self.pid, "VmRSS")))
        peak = max(k for _, k in self.samples)
        if self.hwm_reset:
            peak = max(peak, status_kib(self.pid, "VmHWM"))
        self.start_mib = self.samples[0][1] / 1024.0
        self.peak_mib = peak / 1024.0
        self.end_mib = self.samples[-1][1] / 1024.0


def http_get(port, path, timeout=10.0):
    """(status, body) through urllib (for set-up steps, not for measuring)."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError:
        return 0, b""


def metric(port, name, labels=""):
    """A value from /metrics (name and its labels exactly, e.g. 'store="memory"'), 0 when absent."""
    _, body = http_get(port, "/metrics")
    want = name + ("{" + labels + "}" if labels else "")
    for line in body.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == want:
            return float(parts[1])
    return 0.0


class Server:
    """`rxmap serve` on 127.0.0.1 with its own store and cache, started and stopped here."""

    def __init__(self, rxmap, repo, store, log, port=0, cache_dir=None, args=()):
        self.rxmap, self.repo, self.store, self.log = rxmap, repo, store, log
        self.cache_dir, self.args, self.want_port = cache_dir, list(args), port
        self.proc, self.port = None, None

    def start(self, timeout=180.0):
        cmd = [self.rxmap, "serve", "--store", self.store, "--address", HOST, "--port", str(self.want_port)]
        if self.cache_dir:
            cmd += ["--cache-dir", self.cache_dir]
        cmd += self.args
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen(cmd, cwd=self.repo, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"rxmap serve exited with status {self.proc.returncode}: "
                                   + self.tail())
            with open(self.log, "rb") as f:
                m = re.search(rb"rxmap serving on http://[^:]*:(\d+)/", f.read())
            if m:
                self.port = int(m.group(1))
                if http_get(self.port, "/readyz", 2)[0] == 200:
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("rxmap serve did not become ready: " + self.tail())

    def tail(self, n=10):
        try:
            with open(self.log, "rb") as f:
                lines = [l for l in f.read().decode("utf-8", "replace").splitlines() if not l.startswith("access ")]
            return "\n".join(lines[-n:])
        except OSError:
            return ""

    @property
    def pid(self):
        return self.proc.pid

    def stop(self, timeout=30.0):
        """SIGTERM (graceful), SIGKILL after `timeout` s; returns the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        rc, self.proc = self.proc.returncode, None
        return rc


def bare_lf_requests():
    """Requests with bare-LF line endings, by name: 600 bytes with a long request line (a long query
    string: the old server never answered those), 600 bytes with a long header, and 100 bytes."""
    tile = "/tiles/population/5/28/12.png"
    line = f"GET {tile}?q=" + "{}" + " HTTP/1.1\nHost: 127.0.0.1\n\n"
    head = f"GET {tile} HTTP/1.1\nHost: 127.0.0.1\nX-Pad: " + "{}" + "\n\n"
    fill = lambda form, size: form.format("a" * (size - len(form) + 2)).encode()  # noqa: E731
    return {"600 B, long request line": fill(line, 600), "600 B, long header": fill(head, 600),
            "100 B": fill(head, 100)}


def serve_accepts(rxmap, option):
    """Whether `rxmap serve --help` lists the option (e.g. '--max-client-connections')."""
    out = subprocess.run([rxmap, "serve", "--help"], capture_output=True, text=True, timeout=30).stdout
    return re.search(r"(^|\s)" + re.escape(option) + r"(\s|$)", out, re.M) is not None


def raise_nofile(want):
    """Raise the soft open-files limit towards `want` (within the hard limit); returns the soft limit."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = want if hard == resource.RLIM_INFINITY else min(want, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def cpu_count():
    return os.cpu_count() or 1
