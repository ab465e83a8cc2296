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
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
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
    // A cold tile refused by load shedding (503 + Retry-After: render queue full, or this client's
    // render budget spent) is asked again by the viewer (mapcore.js): counted in failedTiles by the
    // response handler below, not a page error.
    if (/\/tiles\//.test(url) && /status of 503/.test(msg.text())) return;
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
  await mapAtRest(page);
}

// Polls until the map is still: no zoom or pan animation running, every loaded tile fully opaque.
export async function mapAtRest(page, timeout = 10000) {
  await page.waitForFunction(() => {
    const m = window.rxmap && window.rxmap.map;
    if (m) {
      if (m._animatingZoom || (m._panAnim && m._panAnim._inProgress)) return false;
      const view = `${m.getZoom()} ${m.getPixelOrigin()} ${m._getMapPanePos()}`;  // a flight moves these every frame
      const still = window.__mapView === view;
      window.__mapView = view;
      if (!still) return false;
    }
    return [...document.querySelectorAll('img.leaflet-tile-loaded')].every((i) => getComputedStyle(i).opacity === '1');
  }, null, { timeout, polling: 'raf' });
}

// Polls until the open pop-up has stopped moving (Leaflet's fade-in and auto-pan): its box the
// same in two frames running, fully opaque, and the map at rest.
export async function popupSettled(page, timeout = 10000) {
  await page.waitForFunction(() => {
    const p = document.querySelector('.leaflet-popup');
    if (!p || getComputedStyle(p).opacity !== '1') return false;
    const r = JSON.stringify(p.getBoundingClientRect());
    const still = window.__popupBox === r;
    window.__popupBox = r;
    return still;
  }, null, { timeout, polling: 'raf' });
  await mapAtRest(page, timeout);
}

// Polls until no CSS transition or animation of the document runs (a dialog's or panel's fade and
// slide over), so that a screenshot shows the state at rest rather than a frame of the way there.
export async function animationsDone(page, timeout = 10000) {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'),
    null, { timeout, polling: 'raf' });
}

// Presses Tab (Shift+Tab when back) until the focused element matches the selector; fails
// after max presses, so a path that takes many more Tabs than it should is a failure.
export async function keyTo(page, selector, max, back = false) {
  for (let i = 0; i <= max; i++) {
    if (await page.evaluate((sel) => !!document.activeElement && document.activeElement.matches(sel), selector)) return i;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  const at = await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 120));
  throw new Error(`${selector} not reached in ${max} ${back ? 'Shift+Tab' : 'Tab'} presses (focus on ${at})`);
}

// axe-core's violations of WCAG 2.0/2.1 A and AA on the page as it is: [{id, impact, help, nodes}].
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export async function axeViolations(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 6).map((n) => `${n.target.join(' ')} ${n.failureSummary ? n.failureSummary.split('\n').slice(1, 2).join('').trim() : ''}`) }));
  }, AXE_TAGS);
}

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

// One server and one browser for a test file (started before its tests, stopped after them),
// and openPage(path, viewport): a new page, watched, loaded until the viewer says it is ready.
export function browserSession() {
  const session = { server: null, browser: null };
  let started;
  session.ready = new Promise((resolve) => { started = resolve; });  // for other before() hooks
  before(async () => {
    session.server = await startServer();
    session.browser = await startBrowser();
    started(session);
  }, { timeout: 240000 });
  after(async () => {
    if (session.browser) await session.browser.close();
    if (session.server) await session.server.stop();
  });
  session.openPage = async (path, viewport = { width: 1366, height: 768 }) => {
    const page = await session.browser.context.newPage();
    await page.setViewportSize(viewport);
    const w = watch(page);
    await page.goto(`${session.server.base}${path}`, { waitUntil: 'load' });
    await page.waitForSelector('body.ready', { timeout: 30000 });
    return { page, w };
  };
  return session;
}
