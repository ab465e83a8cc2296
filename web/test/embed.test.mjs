// Issue 20, embeds that fit: /embed at 320x480, 600x400 and 1024x768 (screenshots to
// tests/artifacts/web/embed-*.png); at 320x480 at least 60 % of the frame shows the map for
// every layer of /layers; the legend folded below 480 px and never under the credit lines; a
// pop-up inside the frame; the title without the year twice; a flow overlay without doubled
// names; the embed code the viewer hands out fits a 320-px phone page.
// Run by CTest as web_embed (tests/web.cmake); by hand from web/:
//   RXMAP_BIN=../build/rxmap RXMAP_PORT=0 node --test test/embed.test.mjs
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { artifact, browserSession, keyTo, popupSettled, tilesSettled, watch } from './harness.mjs';

const session = browserSession();
let layers;
before(async () => {
  await session.ready;
  layers = (await (await fetch(`${session.server.base}/layers`)).json()).layers;
}, { timeout: 240000 });

// An embed page with its legend in place.
async function openEmbed(path, viewport) {
  const { page, w } = await session.openPage(path, viewport);
  await page.waitForFunction(() => document.querySelector('.embed-legend details, .embed-legend .error'));
  return { page, w };
}

// The share of the frame where the map itself is on top (not a title, legend, credit or zoom
// control): elementFromPoint on a 24x36 grid.
function mapShare(page) {
  return page.evaluate(() => {
    let map = 0, all = 0;
    for (let i = 0; i < 24; i++) {
      for (let j = 0; j < 36; j++) {
        const x = ((i + 0.5) / 24) * innerWidth, y = ((j + 0.5) / 36) * innerHeight;
        const el = document.elementFromPoint(x, y);
        all += 1;
        if (el && !el.closest('.leaflet-control-container, .leaflet-popup-pane')) map += 1;
      }
    }
    return map / all;
  });
}

// Boxes never overlapping: the legend ends above the credit lines, the title above the legend.
function boxes(page) {
  return page.evaluate(() => {
    const r = (sel) => {
      const el = document.querySelector(sel);
      return el ? el.getBoundingClientRect().toJSON() : null;
    };
    return { title: r('.embed-title'), legend: r('.embed-legend'), credits: r('.leaflet-control-attribution'), zoom: r('.leaflet-control-zoom') };
  });
}
const overlap = (a, b) => !!a && !!b && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('embed sizes', () => {
  for (const vp of [{ width: 320, height: 480 }, { width: 600, height: 400 }, { width: 1024, height: 768 }]) {
    test(`${vp.width}x${vp.height}: legend (folded below 480 px) clear of the credits; a pop-up inside the frame`, async () => {
      const { page, w } = await openEmbed('/embed?layer=population-change&year=2050&level=municipality&z=8&lat=35.98&lon=137.99', vp);
      await tilesSettled(page);
      const open = await page.$eval('.embed-legend details', (d) => d.open);
      assert.equal(open, vp.width >= 480, `legend open at ${vp.width} px`);
      let b = await boxes(page);
      assert.ok(!overlap(b.legend, b.credits), `legend under the credits: ${JSON.stringify(b)}`);
      assert.ok(!overlap(b.title, b.legend), `title over the legend: ${JSON.stringify(b)}`);
      // Opened, the legend still ends above the credits and below the title.
      if (!open) {
        await page.click('.embed-legend summary');
        b = await boxes(page);
        assert.ok(!overlap(b.legend, b.credits) && !overlap(b.title, b.legend), `open legend: ${JSON.stringify(b)}`);
        await page.screenshot({ path: artifact(`embed-${vp.width}x${vp.height}-legend-open.png`) });
        await page.click('.embed-legend summary');
      }
      // The year once in the title.
      const title = await page.locator('.embed-title-text').textContent();
      assert.equal((title.match(/2050/g) || []).length, 1, title);
      await page.screenshot({ path: artifact(`embed-${vp.width}x${vp.height}.png`) });

      const box = await page.locator('#map').boundingBox();
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.55);
      await page.locator('.leaflet-popup-content .info-name').waitFor({ timeout: 30000 });
      await popupSettled(page);
      const p = await page.evaluate(() => {
        const r = document.querySelector('.leaflet-popup').getBoundingClientRect();
        const t = document.querySelector('.embed-title').getBoundingClientRect();
        const c = document.querySelector('.leaflet-control-attribution').getBoundingClientRect();
        const l = document.querySelector('.embed-legend').getBoundingClientRect();
        const content = document.querySelector('.leaflet-popup-content');
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, titleBottom: t.bottom, creditTop: c.top, shown: content.clientHeight, whole: content.scrollHeight,
          underLegend: r.left < l.right && l.left < r.right && r.top < l.bottom && l.top < r.bottom };
      });
      // Inside the frame, but not squeezed: a long pop-up takes at least half the room between title and credits.
      assert.ok(p.shown >= Math.min(p.whole, 0.5 * (p.creditTop - p.titleBottom)), `pop-up squeezed: ${JSON.stringify(p)}`);
      assert.ok(p.left >= 0 && p.right <= vp.width, `pop-up wider than the frame: ${JSON.stringify(p)}`);
      assert.ok(p.top >= p.titleBottom - 1 && p.bottom <= p.creditTop + 1, `pop-up under the title or the credits: ${JSON.stringify(p)}`);
      assert.ok(!p.underLegend, `pop-up under the legend: ${JSON.stringify(p)}`);
      await page.screenshot({ path: artifact(`embed-${vp.width}x${vp.height}-popup.png`) });
      assert.deepEqual(w.errors, []);
      await page.close();
    });
  }

  test('at 320x480 at least 60 % of the frame is map, for every layer', async () => {
    const page = await session.browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 480 });
    const w = watch(page);
    const shares = {};
    for (const layer of layers.filter((l) => l.kind !== 'flow')) {
      await page.goto(`${session.server.base}/embed?layer=${encodeURIComponent(layer.id)}&z=5&lat=36.5&lon=137.5`, { waitUntil: 'load' });
      await page.waitForSelector('body.ready', { timeout: 30000 });
      await page.waitForFunction(() => document.querySelector('.embed-legend details, .embed-legend .error'));
      shares[layer.id] = await mapShare(page);
      if (layer.id === 'industry-top') {
        await tilesSettled(page);
        await page.screenshot({ path: artifact('embed-320x480-industry-top.png') });
      }
    }
    const small = Object.entries(shares).filter(([, s]) => s < 0.6).map(([id, s]) => `${id} ${(s * 100).toFixed(0)} %`);
    console.log(`map share at 320x480: min ${(Math.min(...Object.values(shares)) * 100).toFixed(1)} % over ${Object.keys(shares).length} layers`);
    assert.deepEqual(small, [], 'layers whose embed shows less than 60 % map');
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('a flow overlay over a prefecture map names each prefecture once', async () => {
    const flow = layers.find((l) => l.kind === 'flow');
    if (!flow) return;
    const { page, w } = await openEmbed(`/embed?layer=net-migration-matrix&overlay=${flow.id}&z=5&lat=36.5&lon=138`, { width: 600, height: 400 });
    await tilesSettled(page);
    const srcs = await page.$$eval('.tiles-overlay img', (imgs) => imgs.map((i) => i.src));
    // The overlay names the prefectures over its lines where the prefecture map puts its names, in
    // the same type, so the two coincide (styles/flow_selection.h): the named overlay, never /nolabels.
    assert.ok(srcs.length, 'flow tiles');
    assert.ok(srcs.every((s) => !/\/nolabels\//.test(s)), `overlay tiles: ${srcs[0]}`);
    await page.screenshot({ path: artifact('embed-600x400-flows.png') });
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('keyboard: Tab to the map, Enter opens the area under the crosshair, Esc closes it back to the map', async () => {
    const { page, w } = await openEmbed('/embed?layer=population&year=2020&z=9&lat=35.98&lon=137.99', { width: 600, height: 400 });
    await tilesSettled(page);
    await keyTo(page, '#map', 10);
    assert.match(await page.$eval('#map', (m) => m.getAttribute('aria-label')), /Enter/);
    // Its text alternative: what it shows, its highest and lowest area, where the table is.
    await page.waitForFunction(() => /最も高いのは/.test(document.getElementById('map-summary').textContent), null, { timeout: 30000 });
    assert.match(await page.$eval('#map-summary', (p) => p.textContent), /^この地図は「.+」（2020年、.+別）を色で示しています。.+rxmapで開く/);
    assert.notEqual(await page.$eval('#map', (m) => getComputedStyle(m, '::before').content), 'none', 'crosshair');
    await page.keyboard.press('Enter');
    await page.locator('.leaflet-popup-content .info-name').waitFor({ timeout: 30000 });
    assert.equal(await page.locator('.leaflet-popup-content .info-name').textContent(), '辰野町');
    await page.waitForFunction(() => !!document.activeElement.closest('.leaflet-popup'));
    assert.equal(await page.locator('.leaflet-popup-close-button').getAttribute('aria-label'), 'ポップアップを閉じる');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.leaflet-popup'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'map');
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('the embed code from the viewer fits a 320-px phone page', async () => {
    const page = await session.browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${session.server.base}/#layer=population&year=2020&z=7&lat=36.2&lon=138.2`, { waitUntil: 'load' });
    await page.waitForSelector('body.ready');
    await page.click('#embed-button');
    const snippet = await page.inputValue('#embed-snippet');
    await page.close();
    // A portal page 320 px wide with 8 px margins, the snippet as handed out.
    const host = await session.browser.context.newPage();
    await host.setViewportSize({ width: 320, height: 640 });
    await host.setContent(`<!doctype html><html lang="ja"><body style="margin:8px">${snippet}</body></html>`);
    const frame = await host.$eval('iframe', (f) => f.getBoundingClientRect().toJSON());
    assert.ok(frame.width >= 300 && frame.height >= 400, `frame ${frame.width}x${frame.height}`);
    assert.ok(frame.right <= 320, 'no sideways scroll');
    await host.close();
  });
});
