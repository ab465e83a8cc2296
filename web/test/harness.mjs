// Test harness: starts the real rxmap server and Debian's Chromium (through
// playwright-core), and watches a page for console errors and failed tiles.
//
// Environment (CTest sets these; see tests/web.cmake):
//   RXMAP_BIN        the rxmap executable (required)
//   RXMAP_REPO       repository root: the server runs there (data/local/raw, styles/layers.conf)
//   RXMAP_PORT       port for the server; 0: rxmap picks a free one (default: a free one found here)
//   RXMAP_STORE      store for the server (default: <tmp>/rxmap-web-test/rxmap.gpkg)
//   RXMAP_WEB_ROOT   built viewer (default: <repo>/web/dist)
//   RXMAP_ARTIFACTS  where screenshots go (default: <repo>/tests/artifacts/web)
//   CHROMIUM         browser binary (default: /usr/bin/chromium)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(process.env.RXMAP_REPO || path.join(here, '..', '..'));
export const ARTIFACTS = path.resolve(process.env.RXMAP_ARTIFACTS || path.join(REPO, 'tests', 'artifacts', 'web'));

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--lang=ja-JP', '--font-render-hinting=none',
];

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startServer() {
  const bin = process.env.RXMAP_BIN;
  if (!bin || !existsSync(bin)) throw new Error(`RXMAP_BIN must name the rxmap executable (got ${bin || 'nothing'})`);
  const webRoot = path.resolve(process.env.RXMAP_WEB_ROOT || path.join(REPO, 'web', 'dist'));
  if (!existsSync(path.join(webRoot, 'index.html'))) throw new Error(`${webRoot}/index.html missing: run npm run build in web/`);
  // RXMAP_PORT=0 (CTest): rxmap binds a free port and names it in its log.
  const wanted = process.env.RXMAP_PORT === undefined || process.env.RXMAP_PORT === '' ? await freePort() : Number(process.env.RXMAP_PORT);
  const store = process.env.RXMAP_STORE || path.join(os.tmpdir(), 'rxmap-web-test', 'rxmap.gpkg');
  mkdirSync(path.dirname(store), { recursive: true });
  const args = ['serve', '--address', '127.0.0.1', '--port', String(wanted), '--store', store, '--web-root', webRoot];
  const child = spawn(bin, args, { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => {
    log += d.toString();
    if (log.length > 200000) log = log.slice(-100000);
  });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  let port = wanted;
  const deadline = Date.now() + 180000;  // the first start imports the data
  for (;;) {
    if (exited) throw new Error(`rxmap exited (${JSON.stringify(exited)}) before answering /healthz:\n${log.slice(-4000)}`);
    if (!port) {
      const m = log.match(/serving on http:\/\/[^\s]*:(\d+)\//);
      if (m) port = Number(m[1]);
    }
    if (port) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`rxmap did not answer /healthz within 180 s:\n${log.slice(-4000)}`);
    }
    await sleep(200);
  }
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    log: () => log,
    async stop() {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await done;
      clearTimeout(timer);
    },
  };
}

export async function startBrowser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath} (apt-get install chromium; setup.sh does)`);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'rxmap-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
    locale: 'ja-JP',
    timeout: 60000,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// URLs that the viewer probes for optional server features (print, TileJSON,
// WMTS): a 404 there is expected while the feature is absent, and Chromium logs it.
const PROBES = [/\/static\//, /\/wmts\//, /\/tiles\/.+\.json(\?|$)/];

// Collects console errors, page errors and failed tile requests of a page.
export function watch(page) {
  const w = { errors: [], failedTiles: [], tiles: [] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = (msg.location() && msg.location().url) || '';
    if (PROBES.some((re) => re.test(url))) return;
    w.errors.push(`${msg.text()} ${url}`.trim());
  });
  page.on('pageerror', (err) => w.errors.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    if (/\/tiles\/.+\.png/.test(req.url())) w.tiles.push(req.url());
  });
  page.on('requestfailed', (req) => {
    const err = req.failure() ? req.failure().errorText : '';
    // Leaflet cancels tiles that scrolled away or belong to a replaced layer: not a failure.
    if (/\/tiles\//.test(req.url()) && err !== 'net::ERR_ABORTED') w.failedTiles.push(`${req.url()} ${err}`);
  });
  page.on('response', (res) => {
    if (/\/tiles\/.+\.png/.test(res.url()) && res.status() >= 400) w.failedTiles.push(`${res.url()} HTTP ${res.status()}`);
  });
  return w;
}

// Waits until every tile image on the map has loaded (or failed).
export async function tilesSettled(page, timeout = 90000) {
  await page.waitForFunction(
    () => {
      const imgs = [...document.querySelectorAll('img.leaflet-tile')];
      return imgs.length > 0 && imgs.every((i) => i.classList.contains('leaflet-tile-loaded') || i.complete);
    },
    null,
    { timeout, polling: 250 },
  );
  await sleep(300);  // fade-in
}

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}
