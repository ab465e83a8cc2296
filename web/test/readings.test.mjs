// What a person reads (issue 20), in a real browser against the real server: the pop-ups of a
// sample of areas on EVERY layer of /layers print no sentinel (−1, NaN, undefined, null), no item
// id ([ssdse:D320101]) and every number with its unit; ranks offered only where they mean
// something, without console errors; the table reads one format and the peers' name; a shared
// link reopens the pop-up and a year or indicator change updates it in place.
// Run by CTest as web_readings (tests/web.cmake). Screenshots: tests/artifacts/web/readings-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { artifact, popupSettled, startBrowser, startServer, watch } from './harness.mjs';

let server;
let browser;
let layers;

// A transparent 1×1 PNG for every tile: this test reads text; the tile tests are web_viewer's.
const BLANK_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  ({ layers } = await (await fetch(`${server.base}/layers`)).json());
}, { timeout: 240000 });

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function openPage(hash, viewport = { width: 1366, height: 768 }, { blankTiles = true } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  if (blankTiles) await page.route(/\/tiles\/.+\.png/, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_PNG }));
  const w = watch(page);
  await page.goto(`${server.base}/${hash}`, { waitUntil: 'load' });
  await page.waitForSelector('body.ready', { timeout: 30000 });
  return { page, w };
}

// The hash that shows a layer: facility layers by kind and facility, the rest by id.
function layerHash(l, level) {
  const facility = /^facility-/.test(l.kind) ? l.id.split('/') : null;
  const p = new URLSearchParams(facility ? { layer: facility[0], facility: facility[1] } : { layer: l.id });
  if (level) p.set('level', level);
  p.set('z', '6');
  p.set('lat', '36.2');
  p.set('lon', '138.2');
  return `#${p.toString().replace(/%2F/g, '/')}`;
}

// The pop-up's text once its values and ranks are in.
async function popupText(page, code) {
  // Mark the pop-up on screen so the wait below cannot read it for the new area's.
  await page.evaluate((c) => {
    const old = document.querySelector('.leaflet-popup-content .info');
    if (old) old.dataset.stale = '1';
    window.rxmap.popups.openCode(c);
  }, code);
  await page.waitForFunction(() => {
    const el = document.querySelector('.leaflet-popup-content .info');
    return el && !el.dataset.stale && !/順位を計算中|Ranking…/.test(el.textContent);
  }, null, { timeout: 30000 });
  await popupSettled(page);  // faded in and panned into view
  return page.locator('.leaflet-popup-content');
}

const STATE_WORDS = /現在なし|リスクなし|データなし|none today|not at risk|no data/;
// A number ending a cell must be followed by its unit: 「12,345 人」, 「84.7 %」, 「42,818,319 千円」.
const NUMBER_WITHOUT_UNIT = /[0-9]$/;

function checkReading(text, where) {
  assert.doesNotMatch(text, /NaN|undefined|null|Infinity/, `${where}: a sentinel printed\n${text}`);
  assert.doesNotMatch(text, /\[[a-z-]+:[^\]]*\]/, `${where}: an item id in the reading text\n${text}`);
  assert.doesNotMatch(text, /\b(ssdse|ipss|census|flows):/, `${where}: an item id in the reading text\n${text}`);
}

// A facility-risk value is a state word or points below 50 % (never −1 or 0: those were sentinels).
function checkRiskValue(cell, where) {
  if (STATE_WORDS.test(cell)) return;
  const v = Number(cell.replace(/[^0-9.]/g, ''));
  assert.ok(v > 0 && !/^[−-]/.test(cell), `${where}: risk value 「${cell}」`);
}

describe('pop-ups of every layer (issue 20)', () => {
  test('no sentinel, no item ids, units on every number, ranks without console errors', { timeout: 900000 }, async () => {
    const { page, w } = await openPage('#layer=population&z=6&lat=36.2&lon=138.2');
    const choropleths = layers.filter((l) => l.kind !== 'flow');
    assert.ok(choropleths.length > 60, `every layer: ${choropleths.length}`);
    let checked = 0;
    const shots = new Set(['population', 'facility-risk/hospital', 'finance-local-tax', 'industry-lq/manufacturing', 'finance-current-balance', 'net-migration']);
    for (const l of choropleths) {
      const levels = (l.dimensions.level || []).map((x) => x.id);
      const level = levels.includes('municipality') ? 'municipality' : levels[0];
      // 辰野町, 売木村 (a tiny series), 阿智村 (no hospital) and 浪江町 (inside 浜通り); prefectures: 長野県, 東京都.
      const codes = level === 'municipality' ? ['20382', '20412', '20407', '07547'] : ['20000', '13000'];
      // The last pop-up's pan ends first (its moveend writes the URL), then the next layer's hash.
      await page.evaluate((h) => {
        window.rxmap.map.closePopup();
        window.rxmap.map.stop();
        location.hash = h;
      }, layerHash(l, level));
      await page.waitForFunction((id) => window.rxmap.current && window.rxmap.current.layer.id === id, l.id, { timeout: 30000 })
        .catch(async (e) => { throw new Error(`${l.id} not shown (${await page.evaluate(() => `${location.hash} → ${window.rxmap.current.layer.id}`)}): ${e.message}`); });
      for (const code of codes) {
        const where = `${l.id} ${code}`;
        const box = await popupText(page, code);
        const text = await box.innerText();
        checkReading(text, where);
        const categorical = l.classification && l.classification.method === 'categorical';
        const valueCell = (await box.locator('.info-values tr.value td').innerText()).trim();
        if (!categorical && !STATE_WORDS.test(valueCell)) {
          assert.ok(valueCell.includes(l.format.unit.ja), `${where}: the value 「${valueCell}」 without its unit ${l.format.unit.ja}`);
          const decimals = (valueCell.match(/\.(\d+)/) || ['', ''])[1].length;
          assert.equal(decimals, l.format.digits, `${where}: 「${valueCell}」 in ${l.format.digits} decimals`);
        }
        for (const cell of await box.locator('.info-values td, details.numbers td').allInnerTexts()) {
          assert.doesNotMatch(cell.trim(), NUMBER_WITHOUT_UNIT, `${where}: 「${cell}」 without a unit`);
        }
        // The chart's axis: distinct tick labels (never 「1」「1」).
        const ticks = await box.locator('svg.series text.tick:not(.unit)').allTextContents();
        const values = ticks.filter((t) => !/^(19|20)\d\d$/.test(t));
        assert.equal(new Set(values).size, values.length, `${where}: axis ticks ${values.join(' / ')}`);
        if (l.id.startsWith('facility-probability/')) {  // the value is the probability: shown once, in one rounding
          assert.equal(await box.locator('.info-values th', { hasText: /^(存在確率|Probability)$/ }).count(), 0, `${where}: the probability twice`);
        }
        if (l.kind === 'facility-risk') {
          checkRiskValue(valueCell, where);
          for (const cell of await box.locator('.info-values td').allInnerTexts()) assert.doesNotMatch(cell, /^[−-]1\s/, `${where}: 「${cell}」`);
          if (!STATE_WORDS.test(valueCell)) assert.match(text, /50%を下回る幅/, where);
        }
        if (l.family && l.family.id === 'industry-lq' && code === '20382') {
          assert.equal(await box.locator('.info-values tr th:text-matches("^[123]\\\\. ")').count(), 3, `${where}: the top 3 industries the guide promises`);
        }
        if (!l.rank_scopes.includes('peers')) assert.equal(await box.locator('.rank-lines li[data-within="peers"]').count(), 0, `${where}: a peer rank`);
        if (shots.has(l.id) && (code === '20382' || (code === '20412' && l.id === 'population'))) await page.screenshot({ path: artifact(`readings-${l.id.replace(/\//g, '_')}-${code}.png`) });
        checked += 1;
      }
    }
    assert.ok(checked >= choropleths.length * 2, `${checked} pop-ups`);
    assert.deepEqual(w.errors, [], 'console errors (rank 404s, exceptions)');
    await page.close();
  });

  test('a town without a hospital reads 現在なし; the risk value is explained; no rank 404', async () => {
    const { page, w } = await openPage('#layer=facility-risk&facility=hospital&year=2050&level=municipality');
    const box = await popupText(page, '20407');
    const text = await box.innerText();
    assert.match(await box.locator('.info-values tr.value td').innerText(), /現在なし/);
    assert.match(text, /施設が現在ないため順位はありません/);
    checkReading(text, '阿智村');
    await page.screenshot({ path: artifact('readings-risk-none-today.png') });
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});

describe('English', () => {
  test('states, the risk explanation and rank words in English', async () => {
    const { page, w } = await openPage('#layer=facility-risk&facility=hospital&year=2050&level=municipality&lang=en');
    const none = await popupText(page, '20407');
    assert.equal((await none.locator('.info-values tr.value td').innerText()).trim(), 'none today');
    assert.match(await none.innerText(), /no rank: none of the facility today/);
    const tatsuno = await popupText(page, '20382');
    const text = await tatsuno.innerText();
    assert.doesNotMatch(text, /現在なし|リスクなし|データなし|ポイント|順位/);
    assert.match(text, /not at risk/);
    checkReading(text, 'Tatsuno (en)');
    await page.screenshot({ path: artifact('readings-en-risk.png') });
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});

describe('the pop-up follows the area', () => {
  test('a shared link with sel= reopens the pop-up, not only the outline', async () => {
    const { page, w } = await openPage('#layer=aging&year=2040&level=municipality&sel=20382&z=9&lat=35.98&lon=137.99');
    const name = page.locator('.leaflet-popup-content .info-name');
    await name.waitFor({ timeout: 30000 });
    assert.equal(await name.textContent(), '辰野町');
    assert.match(await page.locator('.leaflet-popup-content .info-layer').textContent(), /2040年/);
    await popupSettled(page);  // Leaflet's auto-pan over
    const c = await page.evaluate(() => window.rxmap.map.getCenter());
    assert.ok(Math.abs(c.lat - 35.98) < 1 && Math.abs(c.lng - 137.99) < 1, `the shared view kept: ${JSON.stringify(c)}`);
    const map = await page.locator('#map').boundingBox();
    const popup = await page.locator('.leaflet-popup-content-wrapper').boundingBox();
    assert.ok(popup.y >= map.y && popup.y + popup.height <= map.y + map.height, `the whole pop-up in the map: ${JSON.stringify({ map, popup })}`);
    await page.screenshot({ path: artifact('readings-shared-link-popup.png') });
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('moving the year and changing the indicator update the open pop-up in place', async () => {
    const { page, w } = await openPage('#layer=population-change&year=2050&level=municipality&z=8&lat=36&lon=138');
    await popupText(page, '20382');
    const layerLine = page.locator('.leaflet-popup-content .info-layer');
    assert.match(await layerLine.textContent(), /2050年/);
    const value2050 = await page.locator('.leaflet-popup-content tr.value td').innerText();
    // The slider to 2030: the same pop-up, the same town, 2030's value.
    const index2030 = await page.evaluate(() => window.rxmap.current.layer.dimensions.year.indexOf(2030));
    await page.evaluate((i) => {
      const r = document.getElementById('year-range');
      r.value = String(i);
      r.dispatchEvent(new Event('input', { bubbles: true }));
    }, index2030);
    await page.waitForFunction(() => /2030年/.test(document.querySelector('.leaflet-popup-content .info-layer')?.textContent || ''), null, { timeout: 30000 });
    assert.equal(await page.locator('.leaflet-popup-content .info-name').textContent(), '辰野町');
    const value2030 = await page.locator('.leaflet-popup-content tr.value td').innerText();
    assert.notEqual(value2030, value2050);
    await page.screenshot({ path: artifact('readings-year-change-popup.png') });
    // The indicator: 高齢化率 of the same town, the pop-up still open.
    await page.selectOption('#indicator-select', 'aging');
    await page.waitForFunction(() => /高齢化率/.test(document.querySelector('.leaflet-popup-content .info-layer')?.textContent || ''), null, { timeout: 30000 });
    assert.equal(await page.locator('.leaflet-popup-content .info-name').textContent(), '辰野町');
    assert.match(await page.locator('.leaflet-popup-content tr.value td').innerText(), /\d\.\d\s%/);
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});

describe('table, comparison and legend', () => {
  test('the peer table names the town and reads one format; the legend reads in the layer format', async () => {
    const { page, w } = await openPage('#layer=population-change&year=2050&level=municipality&z=8&lat=36&lon=138', { width: 1366, height: 768 }, { blankTiles: false });
    const box = await popupText(page, '20382');
    await box.locator('.rank-lines li[data-within="peers"] button').click();
    await page.waitForSelector('.area-table tbody tr', { timeout: 30000 });
    const scope = await page.locator('#table-scope option:checked').textContent();
    assert.equal(scope, '辰野町と同規模の市区町村');
    const cells = await page.locator('.area-table td.num').allInnerTexts();
    assert.ok(cells.length > 50);
    for (const c of cells) assert.match(c, /^[−-]?[\d,]+$/, `one format (${0} decimals): 「${c}」`);
    const labels = await page.locator('#legend .legend-entries .label').allInnerTexts();
    assert.ok(labels.length > 3);
    for (const l of labels) assert.doesNotMatch(l, /\.\d/, `population change reads in whole %: 「${l}」`);
    await page.screenshot({ path: artifact('readings-peer-table.png') });
    // The comparison: the same format in every cell, round distinct ticks.
    for (const code of ['20382', '20412', '20201']) {
      const b = await popupText(page, code);
      await b.locator('[data-action="compare-add"]').click();
    }
    await page.evaluate(() => window.rxmap.map.closePopup());
    await page.locator('#tab-compare').click();
    await page.waitForFunction(() => document.querySelectorAll('.compare-table tr').length === 4, null, { timeout: 30000 });
    const compared = await page.locator('.compare-table td').allInnerTexts();
    assert.equal(compared.length, 3 * 6);
    for (const c of compared) assert.match(c, /^[−-]?[\d,]+$/, `comparison in one format: 「${c}」`);
    const ticks = await page.locator('.compare-chart text.tick:not(.unit)').allTextContents();
    const values = ticks.filter((t) => !/^(19|20)\d\d$/.test(t));
    assert.ok(values.length >= 2 && new Set(values).size === values.length, `comparison axis ${values.join(' / ')}`);
    await page.screenshot({ path: artifact('readings-compare.png') });
    const pop = await (await fetch(`${server.base}/legend/population/2020/municipality.json`)).json();
    assert.match(pop.entries[pop.entries.length - 2].label.ja, /万/);
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});
