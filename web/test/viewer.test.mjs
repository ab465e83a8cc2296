// The map viewer in a real browser (Debian's Chromium through playwright-core)
// against the real rxmap session.server. Run by CTest (tests/web.cmake) as
//   node --test web/test/   with RXMAP_BIN, RXMAP_REPO, RXMAP_PORT set.
// Screenshots go to tests/artifacts/web/.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { describe, test } from 'node:test';
import { animationsDone, artifact, browserSession, mapAtRest, popupSettled, tilesSettled } from './harness.mjs';

const session = browserSession();
const { openPage } = session;

// The phone's drawer open and at rest (its slide-in transition over).
async function drawerOpen(page) {
  await page.waitForFunction(() => document.body.classList.contains('drawer-open')
    && getComputedStyle(document.getElementById('panel')).transform === 'none');
}

function assertClean(w, what) {
  assert.deepEqual(w.errors, [], `${what}: console errors`);
  assert.deepEqual(w.failedTiles, [], `${what}: failed tile requests`);
}

// Raw HTTP/1.1 request, so that the path reaches the server exactly as written.
function rawGet(port, target) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    sock.setEncoding('latin1');
    sock.on('connect', () => sock.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => resolve(data));
    sock.on('error', reject);
    sock.setTimeout(10000, () => sock.destroy(new Error('timeout')));
  });
}

describe('static files (server/static_service.cpp)', () => {
  test('pages and assets with Content-Type, ETag and Cache-Control', async () => {
    const index = await fetch(`${session.server.base}/`);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const etag = index.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{16}(-gzip)?"$/);  // strong_etag (FNV-1a of the bytes); the session may add -gzip
    const html = await index.text();
    assert.match(html, /<html lang="ja">/);

    const again = await fetch(`${session.server.base}/`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);

    const embed = await fetch(`${session.server.base}/embed?layer=population&z=5&lat=36&lon=138`);
    assert.equal(embed.status, 200);
    assert.match(await embed.text(), /class="embed"/);

    const js = html.match(/src="(\/assets\/viewer-[^"]+\.js)"/)[1];
    const css = html.match(/href="(\/assets\/viewer-[^"]+\.css)"/)[1];
    const jsRes = await fetch(session.server.base + js);
    assert.equal(jsRes.status, 200);
    assert.equal(jsRes.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(jsRes.headers.get('cache-control'), /max-age=31536000, immutable/);
    const cssRes = await fetch(session.server.base + css);
    assert.equal(cssRes.headers.get('content-type'), 'text/css; charset=utf-8');
    const icon = await fetch(`${session.server.base}/favicon.svg`);
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');

    const head = await fetch(session.server.base + js, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), jsRes.headers.get('content-length'));
  });

  test('missing files and paths outside the web root answer 404 JSON', async () => {
    const missing = await fetch(`${session.server.base}/assets/nothing-here.js`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'application/json');
    assert.equal((await missing.json()).error, 'not_found');
    for (const target of ['/assets/', '/.gitignore', '/assets/..%2F..%2Fpackage.json', '/..%2f..%2fweb%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd', '/assets/%5C..%5C..%5Cpackage.json', '/../../etc/passwd', '/assets/..%2F..%2F..%2FCMakeLists.txt']) {
      const res = await rawGet(session.server.port, target);
      const status = Number(res.split(' ')[1]);
      assert.ok(status === 404 || status === 400, `${target}: ${res.split('\r\n')[0]}`);
      assert.doesNotMatch(res, /"name": "rxmap-web"|root:x:0|cmake_minimum_required/, target);
    }
    // The API still wins over the static files.
    assert.equal((await fetch(`${session.server.base}/healthz`)).status, 200);
    assert.match((await fetch(`${session.server.base}/layers`)).headers.get('content-type'), /^application\/json/);
  });
});

describe('viewer', () => {
  test('loads with no console errors and no failed tiles', async () => {
    const { page, w } = await openPage('/');
    await tilesSettled(page);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    // Default: the first question (population change, 2050) is open with its reading notes.
    assert.equal(await page.locator('.question.active').textContent(), '人口はどう変わるか');
    assert.match(await page.locator('#reading').textContent(), /2020年の人口と比べた増減率/);
    assert.ok(w.tiles.some((u) => u.includes('/tiles/population-change/2050/ward/')), 'population-change tiles requested');
    assert.ok(await page.locator('#legend .legend-entries li').count() >= 5, 'legend entries');
    assert.match(await page.locator('#legend .legend-credits').textContent(), /国立社会保障・人口問題研究所/);
    assert.match(await page.locator('.leaflet-control-attribution').textContent(), /国土数値情報/);
    assert.match(page.url(), /#layer=population-change&year=2050&level=ward&z=/);
    // The print button shows only where the server renders /static/ maps.
    const printProbe = await fetch(`${session.server.base}/static/population-change/2050/ward.png?japan=1&width=300&height=300&dpi=72`, { method: 'HEAD' });
    if (printProbe.ok) await page.waitForSelector('#print-button:not([hidden])', { timeout: 15000 });
    assert.equal(await page.locator('#print-button').isVisible(), printProbe.ok, 'print button iff /static/ answers');
    await page.screenshot({ path: artifact('viewer.png') });
    assertClean(w, 'viewer');
    await page.close();
  });

  test('switching layer and moving the year slider change the tiles and the legend', async () => {
    const { page, w } = await openPage('/');
    await tilesSettled(page);
    const legend0 = await page.locator('#legend .legend-title').textContent();

    await page.selectOption('#indicator-select', 'population');
    await page.waitForFunction(() => window.rxmap.current.layer.id === 'population');
    await tilesSettled(page);
    const srcs = await page.$$eval('img.leaflet-tile', (imgs) => imgs.map((i) => i.src));
    // The year stays (2050) when the new layer has it.
    assert.ok(srcs.every((s) => s.includes('/tiles/population/2050/ward/')), `tiles after switch: ${srcs[0]}`);
    await page.waitForFunction((t) => document.querySelector('#legend .legend-title').textContent !== t, legend0);
    const legend1 = await page.locator('#legend .legend-title').textContent();
    assert.match(legend1, /総人口.*2050/);

    // Keyboard on the slider: End goes to 2050, ArrowLeft to 2045.
    await page.focus('#year-range');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => window.rxmap.current.year === 2045);
    await tilesSettled(page);
    const srcs2 = await page.$$eval('img.leaflet-tile', (imgs) => imgs.map((i) => i.src));
    assert.ok(srcs2.every((s) => s.includes('/tiles/population/2045/ward/')), `tiles after year: ${srcs2[0]}`);
    await page.waitForFunction(() => /2045/.test(document.querySelector('#legend .legend-title').textContent));
    assert.equal(await page.locator('#year-output').textContent(), '2045年');
    assert.match(page.url(), /layer=population&year=2045&level=ward/);

    // A facility layer: the facility selector appears, the level selector goes.
    await page.selectOption('#indicator-select', 'facility-risk');
    await page.waitForFunction(() => window.rxmap.current.layer.id === 'facility-risk/hospital');
    assert.equal(await page.locator('#facility-field').isVisible(), true);
    assert.equal(await page.locator('#level-field').isVisible(), false);
    await page.selectOption('#facility-select', 'library');
    await page.waitForFunction(() => window.rxmap.current.layer.id === 'facility-risk/library');
    await tilesSettled(page);
    assert.match(await page.locator('#legend .legend-title').textContent(), /消失リスク/);
    await page.screenshot({ path: artifact('viewer-layer-year.png') });
    assertClean(w, 'layer switch');
    await page.close();
  });

  test('a click on 千代田区 shows its name, values and trend in the popup', async () => {
    const { page, w } = await openPage('/#layer=population-change&year=2050&level=ward&z=10&lat=35.6940&lon=139.7528');
    await tilesSettled(page);
    const box = await page.locator('#map').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const popup = page.locator('.leaflet-popup-content .info');
    await popup.waitFor({ timeout: 30000 });
    assert.equal(await popup.locator('.info-name').textContent(), '千代田区');
    const text = await popup.textContent();
    assert.match(text, /13101/);
    assert.match(text, /東京都/);
    assert.match(text, /全国の値/);
    assert.match(text, /%/);
    assert.equal(await popup.locator('svg.series path.line').count(), 1, 'series chart');
    await popupSettled(page);  // Leaflet's fade-in and auto-pan finished before the picture
    await page.screenshot({ path: artifact('viewer-popup.png') });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.leaflet-popup'));
    assertClean(w, 'popup');
    await page.close();
  });

  test('search 「夕張」 flies near 43.0N 142.0E', async () => {
    const { page, w } = await openPage('/');
    await tilesSettled(page);
    await page.fill('#search-input', '夕張');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(() => {
      const c = window.rxmap.map.getCenter();
      return Math.abs(c.lat - 43.0) < 0.3 && Math.abs(c.lng - 142.0) < 0.4 && window.rxmap.map.getZoom() >= 9;
    }, null, { timeout: 20000 });
    await page.locator('.leaflet-popup-content .info-name').waitFor({ timeout: 30000 });
    assert.equal(await page.locator('.leaflet-popup-content .info-name').textContent(), '夕張市');
    await tilesSettled(page);
    await page.screenshot({ path: artifact('viewer-search.png') });
    assertClean(w, 'search');
    await page.close();
  });

  test('the URL restores the state; English; share and embed dialogs', async () => {
    const { page, w } = await openPage('/#layer=it-residents&level=prefecture&z=6&lat=35.0000&lon=136.0000&lang=en');
    await tilesSettled(page);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.$eval('#indicator-select', (s) => s.value), 'it-residents');
    assert.equal(await page.$eval('#level-select', (s) => s.value), 'prefecture');
    assert.equal(await page.locator('#year-field').isVisible(), false, 'no year slider for a one-year layer');
    assert.equal(await page.locator('.question.active').textContent(), 'Where is the IT talent?');
    const view = await page.evaluate(() => ({ z: window.rxmap.map.getZoom(), ...window.rxmap.map.getCenter() }));
    assert.equal(view.z, 6);
    assert.ok(Math.abs(view.lat - 35) < 0.05 && Math.abs(view.lng - 136) < 0.05, JSON.stringify(view));
    const srcs = await page.$$eval('img.leaflet-tile', (imgs) => imgs.map((i) => i.src));
    assert.ok(srcs.every((s) => s.includes('/tiles/it-residents/prefecture/')), srcs[0]);

    await page.click('#share-button');
    const url = await page.inputValue('#share-url');
    assert.match(url, /layer=it-residents&level=prefecture&z=6&lat=35\.0000&lon=136\.0000&lang=en$/);
    await page.keyboard.press('Escape');
    assert.equal(await page.$eval('#dialog', (d) => d.open), false);

    await page.click('#embed-button');
    const snippet = await page.inputValue('#embed-snippet');
    assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?layer=it-residents&level=prefecture&z=6/);
    assert.match(await page.inputValue('#tile-template'), /\/tiles\/it-residents\/prefecture\/\{z\}\/\{x\}\/\{y\}\.png$/);
    assert.match(await page.inputValue('#tilejson-url'), /\/tiles\/it-residents\/prefecture\.json$/);
    assert.match(await page.inputValue('#wmts-url'), /\/wmts\/1\.0\.0\/WMTSCapabilities\.xml$/);
    await animationsDone(page);  // the dialog's fade-in over
    await page.screenshot({ path: artifact('viewer-embed-dialog-en.png') });
    await page.keyboard.press('Escape');

    // Back to Japanese with the keyboard.
    await page.focus('#lang-button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    assert.match(page.url(), /lang=ja/);
    assertClean(w, 'state');
    await page.close();
  });

  test('「人はどこへ動くか」 opens the flow overlay, or says why it cannot', async () => {
    const { layers } = await (await fetch(`${session.server.base}/layers`)).json();
    const flows = layers.filter((l) => l.kind === 'flow');
    const { page, w } = await openPage('/');
    await tilesSettled(page);
    const button = page.locator('.question[data-question="flows"]');
    if (!flows.length) {
      assert.equal(await button.getAttribute('aria-disabled'), 'true');
      assert.match(await page.locator('#flow-note').textContent(), /人の流れ/);
      assert.equal(await page.locator('#overlay-field').isVisible(), false);
      await page.close();
      return;
    }
    await button.click();
    await page.waitForFunction(() => window.rxmap.current.overlayLayer !== null);
    await tilesSettled(page);
    const flow = flows[0];
    const srcs = await page.$$eval('img.leaflet-tile', (imgs) => imgs.map((i) => i.src));
    assert.ok(srcs.some((s) => s.includes(`/tiles/${flow.id}/`)), 'flow tiles on the map');
    assert.equal(await page.$eval('#overlay-select', (s) => s.value), flow.id);
    assert.equal(await page.locator('#overlay-legend').isVisible(), true);
    assert.match(page.url(), new RegExp(`overlay=${flow.id}`));
    assert.match(await page.locator('#reading').textContent(), /矢印/);
    await page.screenshot({ path: artifact('viewer-flows.png') });
    assertClean(w, 'flows');
    await page.close();
  });

  test('「地域の稼ぐ力はどこにあるか」: industry-top with its legend, 豊田市\'s top industries, 製造業 in the LQ map', async () => {
    // 豊田市役所 (35.0826N 137.1560E) in the middle of the map.
    const { page, w } = await openPage('/#z=10&lat=35.0826&lon=137.1560');
    await tilesSettled(page);
    await page.click('.question[data-question="industry"]');
    await page.waitForFunction(() => window.rxmap.current.layer.id === 'industry-top');
    await tilesSettled(page);
    assert.equal(await page.locator('.question.active').textContent(), '地域の稼ぐ力はどこにあるか');
    assert.match(await page.locator('#reading').textContent(), /2なら全国の2倍/);
    assert.match(await page.locator('#legend .legend-title').textContent(), /最も特化している産業/);
    // Seven industries in Okabe–Ito colours, その他 for the rest, データなし.
    const entries = await page.locator('#legend .legend-entries li').allTextContents();
    assert.ok(entries.some((e) => /製造業/.test(e)) && entries.some((e) => /その他/.test(e)) && entries.length === 9,
      `legend: ${entries.join(' / ')}`);
    assert.match(page.url(), /layer=industry-top&level=municipality/);
    await page.screenshot({ path: artifact('industry-top.png') });

    const box = await page.locator('#map').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const popup = page.locator('.leaflet-popup-content .info');
    await popup.locator('.info-name').waitFor({ timeout: 30000 });
    assert.equal(await popup.locator('.info-name').textContent(), '豊田市');
    const text = await popup.textContent();
    assert.match(text, /上位の産業/);
    assert.match(text, /1\. 製造業/);
    assert.match(text, /3\. /);
    // Categories have no order: no rank lines and no 「比較に追加」.
    assert.equal(await popup.locator('.info-rank, [data-action="compare-add"]').count(), 0);
    await popupSettled(page);
    await page.screenshot({ path: artifact('industry-top-popup.png') });
    await page.keyboard.press('Escape');

    // The 18 industries are one indicator with an industry picker, not 18 entries.
    const values = await page.$$eval('#indicator-select option', (os) => os.map((o) => o.value));
    assert.ok(values.includes('industry-lq') && values.includes('industry-share'), 'grouped indicators');
    assert.equal(values.filter((v) => v.startsWith('industry-lq/') || v.startsWith('industry-share/')).length, 0);
    await page.selectOption('#indicator-select', 'industry-lq');
    await page.waitForFunction(() => window.rxmap.current.layer.id.startsWith('industry-lq/'));
    assert.equal(await page.locator('#facility-field label').textContent(), '産業');
    assert.equal(await page.locator('#facility-select option').count(), 18);
    await page.selectOption('#facility-select', { label: '製造業' });
    await page.waitForFunction(() => window.rxmap.current.layer.id === 'industry-lq/manufacturing');
    await tilesSettled(page);
    const srcs = await page.$$eval('img.leaflet-tile', (imgs) => imgs.map((i) => i.src));
    assert.ok(srcs.every((s) => s.includes('/tiles/industry-lq/manufacturing/municipality/')), `tiles: ${srcs[0]}`);
    assert.match(await page.locator('#legend .legend-title').textContent(), /製造業の特化係数/);
    assert.match(await page.locator('#guide').textContent(), /製造業で働く人が全国より集まり/);
    assert.match(page.url(), /layer=industry-lq\/manufacturing&level=municipality/);
    await page.screenshot({ path: artifact('industry-lq-manufacturing.png') });

    // The industry stays when the indicator changes to the shares; the URL restores both.
    await page.selectOption('#indicator-select', 'industry-share');
    await page.waitForFunction(() => window.rxmap.current.layer.id === 'industry-share/manufacturing');
    const url = page.url();
    assertClean(w, 'industry question');
    await page.close();

    const again = await openPage(url.slice(url.indexOf('/#')), { width: 390, height: 844 });
    await again.page.waitForFunction(() => window.rxmap.current.layer.id === 'industry-share/manufacturing');
    await tilesSettled(again.page);
    await again.page.screenshot({ path: artifact('phone-industry-share.png') });
    await again.page.click('#drawer-toggle');
    await again.page.waitForFunction(() => document.body.classList.contains('drawer-open'));
    await drawerOpen(again.page);
    assert.equal(await again.page.$eval('#facility-select', (s) => s.value), 'manufacturing');
    assert.equal(await again.page.$eval('#indicator-select', (s) => s.value), 'industry-share');
    await again.page.screenshot({ path: artifact('phone-industry-drawer.png') });
    assertClean(again.w, 'industry on a phone');
    await again.page.close();

    // On a phone: the industry-top map with its legend (9 entries) open, and 豊田市's pop-up readable.
    const phone = await openPage('/#layer=industry-top&level=municipality&z=10&lat=35.0826&lon=137.1560', { width: 390, height: 844 });
    await tilesSettled(phone.page);
    // Seven industries, その他 and データなし (no longer 18): short enough to stay open on a phone.
    assert.equal(await phone.page.$eval('.map-legend details', (d) => d.open), true);
    assert.equal(await phone.page.locator('.map-legend .legend-entries li').count(), 9);
    await phone.page.screenshot({ path: artifact('phone-industry-top.png') });
    const pbox = await phone.page.locator('#map').boundingBox();
    await phone.page.mouse.click(pbox.x + pbox.width / 2, pbox.y + pbox.height / 2);
    const ppop = phone.page.locator('.leaflet-popup-content .info');
    await ppop.locator('.info-name').waitFor({ timeout: 30000 });
    assert.equal(await ppop.locator('.info-name').textContent(), '豊田市');
    assert.match(await ppop.textContent(), /1\. 製造業/);
    await popupSettled(phone.page);
    // Its close button is not under the zoom buttons.
    const close = await phone.page.locator('.leaflet-popup-close-button').boundingBox();
    assert.ok(await phone.page.evaluate(({ x, y }) => !!document.elementFromPoint(x, y).closest('.leaflet-popup'),
      { x: close.x + close.width / 2, y: close.y + close.height / 2 }), 'close button covered');
    await phone.page.screenshot({ path: artifact('phone-industry-top-popup.png') });
    assertClean(phone.w, 'industry-top on a phone');
    await phone.page.close();
  });

  test('on a phone the panel is a drawer; Esc closes it', async () => {
    const { page, w } = await openPage('/#layer=facility-risk&facility=hospital&year=2050&z=5&lat=37.5&lon=138.5', { width: 390, height: 844 });
    await tilesSettled(page);
    assert.equal(await page.locator('#panel').isVisible(), false, 'panel hidden on a phone');
    await page.screenshot({ path: artifact('phone-map.png') });
    await page.click('#drawer-toggle');
    await drawerOpen(page);
    assert.equal(await page.locator('#panel').isVisible(), true);
    assert.equal(await page.locator('.question.active').textContent(), '生活サービスは維持できるか');
    await page.screenshot({ path: artifact('phone-drawer.png') });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.body.classList.contains('drawer-open'));
    assertClean(w, 'phone');
    await page.close();
  });
});

describe('embed', () => {
  test('/embed renders the map with legend and credits only', async () => {
    const { page, w } = await openPage('/embed?layer=population-change&year=2040&level=municipality&z=6&lat=36.2&lon=138.2', { width: 800, height: 600 });
    await tilesSettled(page);
    assert.equal(await page.locator('#panel').count(), 0, 'no panel');
    assert.ok(await page.locator('.embed-legend .legend-entries li').count() >= 5);
    assert.match(await page.locator('.embed-title').textContent(), /人口増減率.*2040年/);
    assert.match(await page.locator('.leaflet-control-attribution').textContent(), /国立社会保障・人口問題研究所/);
    const srcs = await page.$$eval('img.leaflet-tile', (imgs) => imgs.map((i) => i.src));
    assert.ok(srcs.every((s) => s.includes('/tiles/population-change/2040/municipality/')), srcs[0]);
    await page.screenshot({ path: artifact('embed.png') });
    assertClean(w, 'embed');
    await page.close();
  });
});

// Issue 12: the official's path, on a 1366x768 PC and a 390x844 phone. Clicks: (1) type 「辰野」 and
// Enter, (2) read the rank lines in the pop-up, (3) 「比較に追加」, (4) 「箕輪」 Enter and (5) 「伊那」 Enter in
// the comparison's box, (6) the 「表」 tab (長野県's 77 municipalities) and (7) 「表をCSVで保存」,
// (8) the year slider one step, (9) 「印刷」 — the area is 長野県 already — and its PDF/PNG link.
// With CPU throttling 4x and Fast-3G, the time from the slider's input event until the new year's
// tiles are all on screen must stay within 1.5 s, for the next step and for a far year; the
// figures are written to official-timings.json.
describe('the official\'s path (issue 12)', () => {
  const timings = {};

  async function throttle(page) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.enable');
    // Chrome DevTools' "Fast 3G": 562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8,
    });
    return cdp;
  }

  // Every frame while the year changes: the loaded base tiles on screen (never 0 = no blank frame),
  // and the time from the slider's input event until the new year's layer has all its tiles on
  // screen (the frame after its last tile loaded), with the new tiles' network requests (none when the
  // fetch ahead left them in the page's memory cache; from_http_cache: answered by the disk cache).
  async function stepYear(page, key) {  // key: a key on the slider, or a year to set it to
    const before = await page.evaluate(() => window.rxmap.current.year);
    await page.evaluate(() => {
      performance.clearResourceTimings();  // the buffer holds 250 entries: room for this change's
      const m = { min: Infinity, frames: 0, start: null, shown: null, asked: performance.now() };
      window.__yearChange = m;
      const count = () => [...document.querySelectorAll('.tiles-base img.leaflet-tile-loaded')].filter((i) => {
        const r = i.getBoundingClientRect();
        return r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight && getComputedStyle(i.closest('.leaflet-layer')).opacity > 0.5;
      }).length;
      document.getElementById('year-range').addEventListener('input', (e) => { m.start = e.timeStamp; }, { once: true, capture: true });
      window.rxmap.map.once('rxmap:tilesshown', () => requestAnimationFrame(() => requestAnimationFrame(() => {
        m.shown = performance.now() - m.start;
        m.since_key_request = performance.now() - m.asked;  // as measured before: Playwright's focus and key press included
        const layer = window.rxmap.base.shown;
        const urls = new Set(Object.values(layer._tiles).map((t) => t.el.src));
        const all = performance.getEntriesByType('resource').filter((r) => urls.has(r.name));
        const res = all.filter((r) => r.startTime >= m.start);
        // Fetched ahead but still on the way when the year changed.
        const coming = all.filter((r) => r.startTime < m.start && r.responseEnd > m.start);
        m.tiles = urls.size;
        m.fetched = res.length;
        m.from_cache = res.filter((r) => r.transferSize === 0).length;
        m.on_the_way = coming.length;
        m.last_tile_ms = Math.round(Math.max(0, ...[...res, ...coming].map((r) => r.responseEnd - m.start)));
        m.other_requests = performance.getEntriesByType('resource').filter((r) => r.startTime >= m.start && !urls.has(r.name)).map((r) => r.name.replace(location.origin, '').slice(0, 80));
      })));
      const tick = () => {
        m.min = Math.min(m.min, count());
        m.frames += 1;
        if (m.shown == null) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    if (typeof key === 'number') {  // a year: the slider set there at once, as a click on its track does
      await page.evaluate((year) => {
        const r = document.getElementById('year-range');
        r.value = String(window.rxmap.current.layer.dimensions.year.indexOf(year));
        r.dispatchEvent(new Event('input', { bubbles: true }));
      }, key);
    } else {
      await page.focus('#year-range');
      await page.keyboard.press(key);
    }
    await page.waitForFunction((y) => window.rxmap.current.year !== y, before);
    await page.waitForFunction(() => window.__yearChange.shown != null, null, { timeout: 60000 });
    return page.evaluate(() => window.__yearChange);
  }

  for (const [device, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 390, height: 844 }]]) {
    test(`${device}: search 辰野町, rank, compare, table CSV, years without a blank frame, print 長野県`, { timeout: 300000 }, async () => {
      const { page, w } = await openPage('/', viewport);
      await tilesSettled(page);
      const shot = (name) => page.screenshot({ path: artifact(`official-${device}-${name}.png`) });

      // The layer's guide is in view on first load (desktop panel, no scrolling).
      if (device === 'desktop') {
        const guide = await page.locator('#guide .guide-how').boundingBox();
        assert.ok(guide && guide.y + guide.height <= viewport.height, `guide below the fold: ${JSON.stringify(guide)}`);
        assert.match(await page.locator('#guide').textContent(), /青は2020年より増える地域/);
      }

      // (1) search 「辰野」: one exact match, opened at once with its pop-up.
      await page.fill('#search-input', '辰野');
      await page.press('#search-input', 'Enter');
      const popup = page.locator('.leaflet-popup-content .info');
      await popup.locator('.info-name').waitFor({ timeout: 30000 });
      assert.equal(await popup.locator('.info-name').textContent(), '辰野町');
      assert.match(page.url(), /sel=20382/);
      assert.equal(await page.locator('.leaflet-selection-pane path, .leaflet-pane path').count() > 0, true, 'outline drawn');

      // (2) its rank in 長野県 and among its peers, equal to the server's list.
      const rankLine = popup.locator('.rank-lines li[data-within="prefecture"] .rank-text');
      await rankLine.waitFor({ timeout: 30000 });
      const rank = await (await fetch(`${session.server.base}/api/rank/population-change/2050/ward?code=20382&within=prefecture`)).json();
      assert.equal(rank.count, 77);
      assert.equal(await rankLine.textContent(), `長野県77市町村中 ${rank.position}位`);
      assert.match(await popup.locator('.rank-lines li[data-within="peers"]').textContent(), /人口.+の市区町村（\d+）中 \d+位/);
      // On a phone the legend folds away: the name is not covered.
      // Measured and hit-tested in one frame: the pop-up may still be panning into view.
      const top = await page.waitForFunction(() => {
        const r = document.querySelector('.leaflet-popup-content .info-name').getBoundingClientRect();
        const el = document.elementFromPoint(r.x + 10, r.y + r.height / 2);
        return !!el && !!el.closest('.leaflet-popup');
      }, null, { timeout: 5000 }).then(() => true, () => false);
      assert.ok(top, 'the pop-up\'s name is on top');
      await popupSettled(page);
      await shot('1-rank');

      // (3) 比較に追加, (4)(5) 箕輪町 and 伊那市 through the comparison's search.
      await popup.locator('[data-action="compare-add"]').click();
      await page.locator('#compare-view').waitFor({ state: 'visible' });
      for (const q of ['箕輪', '伊那']) {
        const n = await page.locator('#compare-box .chips li').count();
        await page.fill('#compare-input', q);
        await page.press('#compare-input', 'Enter');
        await page.waitForFunction((k) => document.querySelectorAll('#compare-box .chips li').length === k + 1, n);
      }
      const chips = await page.locator('#compare-box .chips li').allTextContents();
      assert.deepEqual(chips.map((c) => c.replace(/長野県|×/g, '').trim()), ['辰野町', '箕輪町', '伊那市']);
      assert.equal(await page.locator('#compare-box svg.compare-chart path').count(), 3);
      assert.match(page.url(), /cmp=20382,20383,20209/);
      await shot('2-compare');

      // (6) the table: 長野県's municipalities, (7) its CSV: 77 rows, values equal to /info.
      await page.click('#tab-table');
      await page.waitForFunction(() => document.querySelectorAll('#table-box tbody tr').length === 77, null, { timeout: 30000 });
      assert.equal(await page.locator('#table-box tr.selected th').textContent(), '辰野町');
      await shot('3-table');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#table-download')]);
      const csv = readFileSync(await download.path(), 'utf8');
      assert.equal(csv.charCodeAt(0), 0xfeff, 'BOM');
      const lines = csv.slice(1).trim().split(/\r?\n/);
      // Cells, unquoted (GDAL quotes codes such as "01100" so that spreadsheets keep the zero).
      const cellsOf = (line) => [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
      const header = cellsOf(lines[0]);
      assert.equal(lines.length - 1, 77, '77 municipalities');
      const codeAt = header.indexOf('code'), valueAt = header.indexOf('value');
      for (const line of lines.slice(1)) {
        const cells = cellsOf(line);
        const info = await (await fetch(`${session.server.base}/info/population-change/2050/ward?code=${cells[codeAt]}`)).json();
        assert.ok(Math.abs(Number(cells[valueAt]) - info.value) < 0.0051, `${cells[codeAt]}: ${cells[valueAt]} vs ${info.value}`);  // the CSV: the layer's digits + 2 (issue 20)
      }
      // A row click selects the area on the map.
      await page.locator('#table-box tr[data-code="20209"]').click();
      await page.waitForFunction(() => window.rxmap.state.sel === '20209');

      // (8) years: never a blank frame; throttled (4x CPU, Fast 3G) the new year within 1.5 s.
      await page.keyboard.press('Escape');
      if (device === 'phone') {  // the slider is in the drawer (☰)
        await page.click('#drawer-toggle');
        await page.waitForFunction(() => document.body.classList.contains('drawer-open'));
      }
      await tilesSettled(page);
      const fast = await stepYear(page, 'ArrowLeft');
      assert.ok(fast.min > 0, `a frame without base tiles during the change (${JSON.stringify(fast)})`);
      await tilesSettled(page);
      const cdp = await throttle(page);
      await page.evaluate(() => window.rxmap.prefetched);
      await mapAtRest(page);  // the picture before the change shows the map still
      await shot('4-year-before');
      const slow = await stepYear(page, 'ArrowLeft');
      assert.ok(slow.min > 0, `throttled: a blank frame (${JSON.stringify(slow)})`);
      await shot('4-year-after');
      // A far year right away (the slider's first, 2025, from 2040): what of the other years was fetched
      // ahead by then, and the rest from the server (measured, not asserted: it depends on that share).
      const farAtOnce = await stepYear(page, 'Home');
      assert.ok(farAtOnce.min > 0, `throttled far year: a blank frame (${JSON.stringify(farAtOnce)})`);
      // A far year (2035, two steps from 2025) after the official looked at the map a while: the other
      // years of the view were fetched at low priority meanwhile (bounded, see mapcore.js YearPrefetch).
      const idle = Date.now();
      await page.evaluate(() => window.rxmap.prefetchedAll);
      const idleMs = Date.now() - idle;
      const far = await stepYear(page, 2035);
      assert.ok(far.min > 0, `throttled far year: a blank frame (${JSON.stringify(far)})`);
      const brief = (m) => ({ ms: Math.round(m.shown), since_key_request_ms: Math.round(m.since_key_request), tiles: m.tiles, network_requests: m.fetched, from_http_cache: m.from_cache, fetched_ahead_still_coming: m.on_the_way, last_tile_ms: m.last_tile_ms, frames: m.frames, min_tiles_on_screen: m.min, other_requests: m.other_requests });
      timings[device] = {
        viewport,
        conditions: '4x CPU throttling, Fast 3G (562.5 ms RTT, 1.44 Mbit/s down), HTTP/1.1',
        measured: 'from the slider\'s input event to the frame after the new year\'s last tile loaded',
        first_step_unthrottled: brief(fast),
        neighbour_year_throttled: brief(slow),
        far_year_right_away_throttled: brief(farAtOnce),
        far_year_throttled: { ...brief(far), waited_for_prefetch_ms: idleMs },
      };
      console.log(device, JSON.stringify(timings[device]));
      // The target of issue 12: the slider's next step fully shown within 1.5 s on the throttled PC.
      assert.ok(slow.shown <= 1500, `throttled year step took ${Math.round(slow.shown)} ms (${JSON.stringify(brief(slow))})`);
      assert.ok(far.shown <= 1500, `throttled far year took ${Math.round(far.shown)} ms (${JSON.stringify(brief(far))})`);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await tilesSettled(page);
      if (device === 'phone') await page.keyboard.press('Escape');

      // (9) print 長野県: the dialog offers it (the selection is in 長野県), the PDF and PNG answer.
      await page.click('#print-button');
      assert.equal(await page.$eval('#print-area', (s) => s.value), '20');
      const png = await page.locator('#print-links a[data-format="png"]').getAttribute('href');
      assert.match(png, /pref=20/);
      const res = await fetch(`${session.server.base}${png}`);
      assert.equal(res.status, 200);
      writeFileSync(artifact(`official-${device}-5-print-nagano.png`), Buffer.from(await res.arrayBuffer()));
      await shot('5-print-dialog');
      await page.keyboard.press('Escape');
      assertClean(w, `official path (${device})`);
      writeFileSync(artifact('official-timings.json'), JSON.stringify(timings, null, 2));
      await page.close();
    });
  }
});

// Issue 12: each defect found by trying the viewer as a new user, with the check that would have caught it.
describe('defects of issue 12', () => {
  test('search lists same names with their prefectures; a prefecture goes to its bounds', async () => {
    const { page, w } = await openPage('/');
    await tilesSettled(page);
    await page.fill('#search-input', '府中');
    await page.press('#search-input', 'Enter');
    await page.locator('#search-results li button').first().waitFor();
    const items = await page.locator('#search-results li button').allTextContents();
    assert.deepEqual(items.slice(0, 3).map((s) => s.replace(/\s+/g, ' ').trim()).sort(), ['府中市 広島県', '府中市 東京都', '府中町 広島県']);
    const zoom0 = await page.evaluate(() => window.rxmap.map.getZoom());
    assert.equal(await page.evaluate(() => window.rxmap.map.getZoom()), zoom0, 'no jump before a pick');
    await page.screenshot({ path: artifact('search-fuchu.png') });
    await page.locator('#search-results button', { hasText: '広島県' }).filter({ hasText: '府中市' }).click();
    await page.locator('.leaflet-popup-content .info-name').waitFor({ timeout: 30000 });
    assert.equal(await page.locator('.leaflet-popup-content .info-name').textContent(), '府中市');
    assert.match(await page.locator('.leaflet-popup-content .info-sub').textContent(), /広島県/);

    await page.fill('#search-input', '長野県');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(() => {
      const b = window.rxmap.map.getBounds();
      return b.contains([35.98, 137.99]) && b.contains([36.65, 138.19]) && b.getEast() - b.getWest() < 8 && window.rxmap.map.getZoom() >= 7;
    }, null, { timeout: 20000 });
    assertClean(w, 'search');
    await page.close();
  });

  test('the hospital-risk pop-up gives the probability, the population at 50 % and the means to compare', async () => {
    const { page, w } = await openPage('/#layer=facility-risk&facility=hospital&year=2050&sel=20382');
    const popup = page.locator('.leaflet-popup-content .info');
    await popup.locator('.info-name').waitFor({ timeout: 30000 });
    const text = await popup.textContent();
    assert.match(text, /存在確率\s*(6[89]|70)(\.\d)?\s%/);  // the layer's digits (issue 20)
    assert.match(text, /確率50%の人口/);
    assert.match(text, /県内市町村の平均確率/);
    assert.match(text, /全国市町村の平均確率/);
    assert.match(await popup.locator('.chart-title').textContent(), /存在確率の推移/);
    const ys = await popup.locator('svg.series circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cy'))));
    assert.ok(Math.max(...ys) - Math.min(...ys) > 10, 'the probability chart is not flat');
    await popup.locator('.rank-lines').waitFor({ timeout: 30000 });
    // Ranked by the probability, lowest first (not by the risk value, which ties at 0).
    const rank = await (await fetch(`${session.server.base}/api/rank/facility-risk/hospital/2050?code=20382&within=prefecture`)).json();
    assert.equal(await popup.locator('.rank-lines li[data-within="prefecture"] .rank-text').textContent(), `長野県${rank.count}市町村中 ${rank.position}位`);
    assert.match(await popup.locator('.rank-note').textContent(), /確率が最も低い/);
    await tilesSettled(page);
    await page.screenshot({ path: artifact('hospital-risk-popup.png') });
    assertClean(w, 'hospital risk');
    await page.close();
  });

  test('a shared link keeps the selected town outlined; English credit lines; guides for every layer', async () => {
    const { page, w } = await openPage('/#layer=aging&year=2040&level=municipality&sel=20382&z=10&lat=35.98&lon=137.99&lang=en');
    await page.waitForFunction(() => document.querySelectorAll('.leaflet-selection-pane path').length > 0, null, { timeout: 30000 });
    assert.match(page.url(), /sel=20382/);
    assert.match(await page.locator('.leaflet-control-attribution').textContent(), /Source: National Institute of Population and Social Security Research/);
    assert.doesNotMatch(await page.locator('#legend .legend-credits').textContent(), /出典/);
    assert.match(await page.locator('#guide').textContent(), /Darker: a larger share aged 65\+/);
    await tilesSettled(page);
    await page.screenshot({ path: artifact('selected-shared-en.png') });
    assertClean(w, 'shared selection');
    await page.close();
  });

  test('an indicator change keeps the old tiles until the new ones are drawn', async () => {
    const { page, w } = await openPage('/#layer=population-change&year=2050&level=ward&z=8&lat=36.2&lon=138.2');
    await tilesSettled(page);
    await page.evaluate(() => {
      const m = { min: Infinity, done: false };
      window.__change = m;
      window.rxmap.map.once('rxmap:tilesshown', () => { m.done = true; });
      const tick = () => {
        m.min = Math.min(m.min, document.querySelectorAll('.tiles-base img.leaflet-tile-loaded').length);
        if (!m.done) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.selectOption('#indicator-select', 'aging');
    await page.waitForFunction(() => window.__change.done, null, { timeout: 60000 });
    assert.ok(await page.evaluate(() => window.__change.min) > 0, 'a frame without tiles');
    assertClean(w, 'indicator change');
    await page.close();
  });

  test('flows of one prefecture move the view there', async () => {
    const { layers } = await (await fetch(`${session.server.base}/layers`)).json();
    if (!layers.some((l) => l.kind === 'flow')) return;
    const { page, w } = await openPage('/#layer=net-migration-matrix&overlay=migration&mode=focus/13&z=5&lat=37&lon=138');
    await tilesSettled(page);
    // The flow legend's entries are on screen beside the base legend (they were below the fold).
    const legend = await page.locator('#overlay-legend .legend-entries li').last().boundingBox();
    assert.ok(legend && legend.y + legend.height <= 768, `flow legend off-screen: ${JSON.stringify(legend)}`);
    // Over the prefecture map the overlay names the prefectures over its lines, where the map does
    // (the two coincide: no 「北海道北海道」, tests/test_legend_colours.cpp).
    assert.ok(w.tiles.some((u) => /\/tiles\/migration\/focus\/13\/\d+\//.test(u)), 'overlay with names');
    await page.selectOption('#pref-select', '01');
    await page.waitForFunction(() => {
      const c = window.rxmap.map.getCenter();
      return c.lat > 41.5 && c.lng > 140.5;
    }, null, { timeout: 20000 });
    await tilesSettled(page);  // polls until the flight has ended
    await page.screenshot({ path: artifact('flows-focus-hokkaido.png') });
    assertClean(w, 'flow focus');
    await page.close();
  });

  test('the embed snippet is fluid and a click on the embedded map shows the values', async () => {
    const { page } = await openPage('/#layer=population&year=2020&z=7&lat=36.2&lon=138.2');
    await page.click('#embed-button');
    const snippet = await page.inputValue('#embed-snippet');
    assert.match(snippet, /width="100%"/);
    assert.doesNotMatch(snippet, /width="800"/);
    await page.keyboard.press('Escape');
    await page.close();
    const embed = await openPage('/embed?layer=population&year=2020&z=9&lat=35.98&lon=137.99', { width: 390, height: 300 });
    await tilesSettled(embed.page);
    const box = await embed.page.locator('#map').boundingBox();
    await embed.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await embed.page.locator('.leaflet-popup-content .info-name').waitFor({ timeout: 30000 });
    assert.equal(await embed.page.locator('.leaflet-popup-content [data-action="compare-add"]').count(), 0);
    await embed.page.screenshot({ path: artifact('embed-click.png') });
    assertClean(embed.w, 'embed click');
    await embed.page.close();
  });
});
