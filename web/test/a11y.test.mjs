// Issue 20, accessibility and behaviour of the viewer (JIS X 8341-3:2016 / WCAG 2.1 AA), in
// Debian's Chromium against the real server:
//   - axe-core (tags wcag2a, wcag2aa, wcag21a, wcag21aa) in every state an official passes
//     through, failing on any violation;
//   - the official's path with the keyboard only, focus going into what opens and back;
//   - the whole state in the URL (reload, back and forward), the pop-up following the area;
//   - the phone (390x844): pop-up size, the table beside the pop-up, words unbroken, questions.
// Run by CTest as web_a11y (tests/web.cmake); by hand from web/:
//   RXMAP_BIN=../build/rxmap RXMAP_PORT=0 node --test test/a11y.test.mjs
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { artifact, axeViolations, browserSession, keyTo, mapAtRest, popupSettled, tilesSettled } from './harness.mjs';

const session = browserSession();
const { openPage } = session;
const PHONE = { width: 390, height: 844 };

async function assertAxe(page, state) {
  const v = await axeViolations(page);
  assert.deepEqual(v, [], `axe-core violations (${state}):\n${v.map((x) => `${x.impact} ${x.id}: ${x.help} @ ${x.nodes.join(' | ')}`).join('\n')}`);
}

const popupName = (page) => page.locator('.leaflet-popup-content .info-name');

describe('axe-core: 0 violations in every state', () => {
  test('landing, search list, pop-up, table, compare, dialogs (1366x768)', async () => {
    const { page, w } = await openPage('/');
    await tilesSettled(page);
    await assertAxe(page, 'landing');
    await page.fill('#search-input', '府中');
    await page.press('#search-input', 'Enter');
    await page.locator('#search-results li button').first().waitFor();
    await assertAxe(page, 'search list');
    await page.locator('#search-results button', { hasText: '東京都' }).filter({ hasText: '府中市' }).click();
    await popupName(page).waitFor({ timeout: 30000 });
    await page.locator('.rank-lines').waitFor({ timeout: 30000 });
    await popupSettled(page);
    await assertAxe(page, 'pop-up open');
    await page.click('#sheet-button');
    await page.locator('#table-box tbody tr').first().waitFor({ timeout: 30000 });
    await assertAxe(page, 'table open');
    await page.locator('.leaflet-popup-content [data-action="compare-add"]').click();
    await page.locator('#compare-box .chips li').first().waitFor();
    await page.fill('#compare-input', '調布');
    await page.press('#compare-input', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#compare-box .chips li').length === 2);
    await assertAxe(page, 'compare');
    // The dialogs: share, embed, print where the server prints.
    for (const id of ['share-button', 'embed-button', 'print-button']) {
      if (!(await page.locator(`#${id}`).isVisible())) continue;
      await page.click(`#${id}`);
      await page.waitForFunction(() => document.getElementById('dialog').open);
      await assertAxe(page, `${id} dialog`);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.getElementById('dialog').open);
      assert.equal(await page.evaluate(() => document.activeElement.id), id, 'Esc gives focus back to the dialog\'s button');
    }
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('each of the five questions, in Japanese and English', async () => {
    const { page, w } = await openPage('/#z=6&lat=36.2&lon=138.2');
    for (const lang of ['ja', 'en']) {
      for (const q of ['population', 'services', 'it', 'flows', 'industry']) {
        const b = page.locator(`#question-list .question[data-question="${q}"]`);
        if (await b.getAttribute('aria-disabled') === 'true') continue;
        await b.click();
        await page.waitForFunction((id) => document.querySelector(`#question-list [data-question="${id}"]`).getAttribute('aria-pressed') === 'true', q);
        await page.waitForFunction(() => !document.querySelector('#legend[aria-busy]') && document.querySelector('#legend .legend-title'));
        await tilesSettled(page);
        await assertAxe(page, `question ${q} (${lang})`);
      }
      if (lang === 'ja') {
        await page.click('#lang-button');
        await page.waitForFunction(() => document.documentElement.lang === 'en');
      }
    }
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('phone: map, drawer, pop-up, sheet', async () => {
    const { page, w } = await openPage('/#layer=facility-risk&facility=hospital&year=2050&z=8&lat=35.98&lon=137.99', PHONE);
    await tilesSettled(page);
    await assertAxe(page, 'phone map');
    await page.click('#drawer-toggle');
    await page.waitForFunction(() => document.body.classList.contains('drawer-open'));
    await page.waitForFunction(() => getComputedStyle(document.getElementById('panel')).transform === 'none');
    await assertAxe(page, 'phone drawer');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.body.classList.contains('drawer-open'));
    const box = await page.locator('#map').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await popupName(page).waitFor({ timeout: 30000 });
    await popupSettled(page);
    await assertAxe(page, 'phone pop-up');
    await page.click('#sheet-button');
    await page.locator('#table-box tbody tr').first().waitFor({ timeout: 30000 });
    await assertAxe(page, 'phone sheet');
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('/embed, with and without a flow overlay, at 320x480 and 1024x768', async () => {
    for (const [path, vp] of [
      ['/embed?layer=population-change&year=2050&level=municipality&z=6&lat=36.2&lon=138.2', { width: 1024, height: 768 }],
      ['/embed?layer=industry-top&z=5&lat=36.2&lon=138.2', { width: 320, height: 480 }],
      ['/embed?layer=net-migration-matrix&overlay=migration&z=5&lat=36.5&lon=138', { width: 600, height: 400 }],
    ]) {
      const { page, w } = await openPage(path, vp);
      await tilesSettled(page);
      await assertAxe(page, `${path} at ${vp.width}x${vp.height}`);
      const box = await page.locator('#map').boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.locator('.leaflet-popup-content .info-name, .leaflet-popup-content .info-empty').first().waitFor({ timeout: 30000 });
      await popupSettled(page);
      await assertAxe(page, `${path} pop-up`);
      assert.deepEqual(w.errors, []);
      await page.close();
    }
  });
});

describe('keyboard only', () => {
  test('search → indicator → year → pan/zoom → crosshair Enter → pop-up → compare → table → export → close', async () => {
    const { page, w } = await openPage('/#layer=population-change&year=2050&level=ward');
    await tilesSettled(page);
    const active = () => page.evaluate(() => {
      const a = document.activeElement;
      return a ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}${a.className && typeof a.className === 'string' ? `.${a.className.trim().split(/\s+/).join('.')}` : ''}` : 'none';
    });
    const notBody = async (what) => assert.notEqual(await active(), 'body', `${what}: focus went to <body>`);

    // The focus ring: at least 3:1 against white (the panel) and against the sea.
    const ring = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--focus').trim());
    const lum = (hex) => {
      const c = hex.replace('#', '').match(/../g).map((h) => parseInt(h, 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const contrast = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    console.log(`focus ring ${ring}: ${contrast(ring, '#ffffff').toFixed(2)}:1 on white, ${contrast(ring, '#dbe9f2').toFixed(2)}:1 on the sea`);
    assert.ok(contrast(ring, '#ffffff') >= 3, `focus ring ${ring} on white: ${contrast(ring, '#ffffff').toFixed(2)}:1`);
    assert.ok(contrast(ring, '#dbe9f2') >= 3, `focus ring ${ring} on the sea: ${contrast(ring, '#dbe9f2').toFixed(2)}:1`);

    // (1) search: 「辰野」 Enter opens 辰野町; focus goes into its pop-up.
    const tabs = { search: await keyTo(page, '#search-input', 4) };
    await page.keyboard.type('辰野');
    await page.keyboard.press('Enter');
    await popupName(page).waitFor({ timeout: 30000 });
    assert.equal(await popupName(page).textContent(), '辰野町');
    await page.waitForFunction(() => !!document.activeElement.closest('.leaflet-popup'));
    // Leaflet's close button is named in Japanese.
    assert.equal(await page.locator('.leaflet-popup-close-button').getAttribute('aria-label'), 'ポップアップを閉じる');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.leaflet-popup'));
    assert.equal(await active(), 'input#search-input', 'Esc gives focus back to the search box');

    // (2) indicator and (3) year; the selected town's pop-up follows (reopened in place).
    tabs.indicator = await keyTo(page, '#indicator-select', 30);
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => window.rxmap.current.layer.id !== 'population-change');
    const layerId = await page.evaluate(() => window.rxmap.current.layer.id);
    await page.selectOption('#indicator-select', 'population-change');  // back, as a select's keys would
    await page.waitForFunction(() => window.rxmap.current.layer.id === 'population-change');
    await keyTo(page, '#year-range', 10);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => window.rxmap.current.year === 2045);
    assert.ok(layerId);

    // (4) pan and zoom on the map; a crosshair shows what Enter opens, the ring goes all round.
    tabs.map = await keyTo(page, '#map', 60);
    const z0 = await page.evaluate(() => window.rxmap.map.getZoom());
    await page.keyboard.press('Equal');
    await page.waitForFunction((z) => window.rxmap.map.getZoom() === z + 1, z0);
    await page.keyboard.press('ArrowRight');
    await mapAtRest(page);  // the keyboard pan over
    const look = await page.evaluate(() => {
      const m = document.getElementById('map');
      const cross = getComputedStyle(m, '::before');
      const ring = getComputedStyle(m, '::after');
      return { cross: cross.content !== 'none' && cross.display !== 'none', ring: ring.content !== 'none', ringWidth: ring.borderTopWidth, ringZ: Number(ring.zIndex) };
    });
    assert.ok(look.cross, 'crosshair at the centre while the map has keyboard focus');
    assert.ok(look.ring && look.ringWidth === '3px' && look.ringZ > 800, `focus ring above the panes: ${JSON.stringify(look)}`);
    await page.screenshot({ path: artifact('keyboard-map-crosshair.png') });

    // (5) Enter opens the area under the crosshair; focus goes into its pop-up.
    await page.keyboard.press('Enter');
    await popupName(page).waitFor({ timeout: 30000 });
    await page.waitForFunction(() => !!document.activeElement.closest('.leaflet-popup'));
    await page.locator('.rank-lines').waitFor({ timeout: 30000 });
    await popupSettled(page);
    await page.screenshot({ path: artifact('keyboard-popup.png') });

    // (6) compare: 比較に追加 from the pop-up; the sheet opens with focus in it.
    tabs.compare = await keyTo(page, '.leaflet-popup [data-action="compare-add"]', 30);
    await page.keyboard.press('Enter');
    await page.locator('#compare-view').waitFor({ state: 'visible' });
    await page.waitForFunction(() => !!document.activeElement.closest('#sheet'));

    // (7) the table: its tab (the tabs are one stop, arrow keys between them), then the rows:
    // ONE tab stop with arrow keys (roving tabindex).
    assert.equal(await active(), 'button#tab-compare');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.activeElement.id === 'tab-table' && !document.getElementById('table-view').hidden);
    await page.locator('#table-box tbody tr').nth(3).waitFor({ timeout: 30000 });
    const stops = await page.$$eval('#table-box [tabindex="0"], #table-box button, #table-box a', (els) => els.filter((e) => !e.closest('thead')).length);
    assert.equal(stops, 1, 'the table body is one tab stop');
    tabs.tableRows = await keyTo(page, '#table-box tbody tr[tabindex="0"]', 15);
    const first = await page.evaluate(() => document.activeElement.dataset.code);
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => document.activeElement.dataset.code);
    assert.ok(second && second !== first, 'ArrowDown moves to the next row');
    await page.keyboard.press('End');
    const last = await page.evaluate(() => document.activeElement.dataset.code);
    assert.equal(last, await page.$eval('#table-box tbody tr:last-child', (tr) => tr.dataset.code));
    await page.keyboard.press('Enter');
    await page.waitForFunction((c) => window.rxmap.state.sel === c, last);

    // (8) export: the table's CSV.
    tabs.exportBack = await keyTo(page, '#table-download', 10, true);
    console.log(`keyboard path, Tab presses per step: ${JSON.stringify(tabs)}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.match(download.suggestedFilename(), /\.csv$/);

    // (9) close: Esc closes the sheet and gives focus back to what opened it.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.getElementById('sheet').hidden);
    await notBody('sheet closed');
    // Esc on a pop-up opened with Enter gives focus back to the map.
    await keyTo(page, '#map', 60);
    await page.keyboard.press('Enter');
    await popupName(page).waitFor({ timeout: 30000 });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.leaflet-popup'));
    assert.match(await active(), /^main#map/, 'Esc on the pop-up: focus back on the map');
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('the overflowing industry legend is reachable and scrolls with keys; the map has a text alternative', async () => {
    const { page, w } = await openPage('/#layer=industry-top&level=municipality&z=6&lat=36.2&lon=138.2');
    await tilesSettled(page);
    await page.waitForFunction(() => document.querySelector('#legend .legend-entries li'));
    const legend = await page.evaluate(() => {
      const box = document.querySelector('.panel-legend');
      return { scrolls: box.scrollHeight > box.clientHeight, tabindex: box.getAttribute('tabindex') };
    });
    if (legend.scrolls) {
      assert.equal(legend.tabindex, '0', 'a scrolling legend is a tab stop');
      await keyTo(page, '.panel-legend', 60);
      await page.keyboard.press('PageDown');
      await page.waitForFunction(() => document.querySelector('.panel-legend').scrollTop > 0);
    }
    // One sentence on what the map shows, and the table.
    const described = await page.$eval('#map', (m) => m.getAttribute('aria-describedby'));
    assert.ok(described, 'the map is described');
    await page.waitForFunction((id) => document.getElementById(id).textContent.length > 10, described);
    const text = await page.$eval(`#${described}`, (e) => e.textContent);
    assert.match(text, /最も特化している産業/);
    assert.match(text, /表/);
    // A numeric map names its highest and lowest area, with the year.
    await page.selectOption('#indicator-select', 'population-change');
    await page.waitForFunction((id) => /最も高いのは/.test(document.getElementById(id).textContent), described, { timeout: 30000 });
    const year = await page.evaluate(() => window.rxmap.current.year);
    assert.match(await page.$eval(`#${described}`, (e) => e.textContent), new RegExp(`人口増減率.*${year}年`));
    assert.match(await page.$eval(`#${described}`, (e) => e.textContent), /最も高いのは.+、最も低いのは.+です。/);
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});

describe('state in the URL; the pop-up follows the area', () => {
  test('a shared link reopens the pop-up; year and indicator changes update it in place', async () => {
    const { page, w } = await openPage('/#layer=population-change&year=2050&level=ward&sel=20382&z=10&lat=35.98&lon=137.99');
    await popupName(page).waitFor({ timeout: 30000 });
    assert.equal(await popupName(page).textContent(), '辰野町');
    const y0 = await page.locator('.leaflet-popup-content').textContent();
    assert.match(y0, /2050/);
    await page.focus('#year-range');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => window.rxmap.current.year === 2025);
    await page.waitForFunction(() => /2025/.test((document.querySelector('.leaflet-popup-content .info') || {}).textContent || ''), null, { timeout: 30000 });
    assert.equal(await popupName(page).textContent(), '辰野町');
    await page.selectOption('#indicator-select', 'aging');
    await page.waitForFunction(() => window.rxmap.current.layer.id === 'aging');
    await page.waitForFunction(() => /高齢/.test((document.querySelector('.leaflet-popup-content .info') || {}).textContent || ''), null, { timeout: 30000 });
    assert.equal(await popupName(page).textContent(), '辰野町');
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('layer, year, level, area, compare list, table and overlay survive reload, back and forward', async () => {
    const start = '/#layer=population&year=2040&level=municipality&sel=20382&cmp=20382,20383&tbl=20&z=9&lat=35.9800&lon=137.9900';
    const { page, w } = await openPage(start);
    await popupName(page).waitFor({ timeout: 30000 });
    await page.locator('#table-box tbody tr').first().waitFor({ timeout: 30000 });
    const state = () => page.evaluate(() => ({
      layer: window.rxmap.current.layer.id,
      year: window.rxmap.current.year,
      level: window.rxmap.current.level,
      sel: window.rxmap.state.sel,
      tbl: window.rxmap.state.tbl,
      overlay: window.rxmap.current.overlayLayer ? window.rxmap.current.overlayLayer.id : null,
      sheet: !document.getElementById('sheet').hidden,
      compared: [...document.querySelectorAll('#compare-box .chips li')].length,
      popup: (document.querySelector('.leaflet-popup-content .info-name') || {}).textContent || null,
    }));
    const s0 = await state();
    assert.deepEqual({ ...s0, compared: undefined }, { layer: 'population', year: 2040, level: 'municipality', sel: '20382', tbl: '20', overlay: null, sheet: true, compared: undefined, popup: '辰野町' });

    // Changes: a year, an overlay where the server has flows.
    const hasFlow = await page.evaluate(() => !!document.querySelector('#overlay-select option[value]:not([value=""])'));
    await page.focus('#year-range');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.rxmap.current.year === 2045);
    if (hasFlow) {
      await page.selectOption('#overlay-select', { index: 1 });
      await page.waitForFunction(() => !!window.rxmap.current.overlayLayer);
    }
    await page.waitForFunction(() => /2045/.test((document.querySelector('.leaflet-popup-content .info') || {}).textContent || ''), null, { timeout: 30000 });
    const s1 = await state();
    assert.match(page.url(), /year=2045/);

    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('body.ready');
    await popupName(page).waitFor({ timeout: 30000 });
    await page.locator('#table-box tbody tr').first().waitFor({ timeout: 30000 });
    const s2 = await state();
    assert.deepEqual({ ...s2, compared: undefined }, { ...s1, compared: undefined }, 'reload');

    await page.goBack();
    await page.waitForFunction(() => window.rxmap.current.year === 2040 || !!window.rxmap.current.overlayLayer === false, null, { timeout: 15000 });
    if (hasFlow) {
      await page.waitForFunction(() => !window.rxmap.current.overlayLayer);
      await page.goBack();
    }
    await page.waitForFunction(() => window.rxmap.current.year === 2040, null, { timeout: 15000 });
    await page.goForward();
    await page.waitForFunction(() => window.rxmap.current.year === 2045, null, { timeout: 15000 });
    assert.equal((await state()).sel, '20382');
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});

describe('table and phone', () => {
  test('the table header stays in view when the table jumps to the selected row', async () => {
    const { page, w } = await openPage('/#layer=population-change&year=2050&level=ward&sel=20382&tbl=20&z=9&lat=35.98&lon=137.99');
    await page.locator('#table-box tr.selected').waitFor({ timeout: 30000 });
    const { head, box, row } = await page.evaluate(() => ({
      head: document.querySelector('#table-box thead th').getBoundingClientRect().toJSON(),
      box: document.querySelector('#table-box').getBoundingClientRect().toJSON(),
      row: document.querySelector('#table-box tr.selected').getBoundingClientRect().toJSON(),
    }));
    assert.ok(head.top >= box.top - 1 && head.bottom <= box.bottom, `thead in view: ${JSON.stringify({ head, box })}`);
    assert.ok(row.top >= head.bottom - 1, 'the selected row is below the header, not under it');
    assert.ok(await page.evaluate(() => document.querySelector('#table-box').scrollTop > 0), 'the table scrolled to 辰野町');
    await page.screenshot({ path: artifact('table-sticky-head.png') });
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('phone 390x844: pop-up ≤ 45 % of the screen, beside the table; placeholder whole; questions on the map; words unbroken', async () => {
    const { page, w } = await openPage('/#layer=facility-risk&facility=hospital&year=2050&z=9&lat=35.98&lon=137.99', PHONE);
    await tilesSettled(page);
    // The five questions without opening the drawer.
    const bar = await page.$$eval('#question-bar button', (bs) => bs.filter((b) => b.getBoundingClientRect().height > 0).length);
    assert.equal(bar, 5, 'five questions on the phone\'s map');
    // The placeholder fits its box, in Japanese and in English.
    const placeholderFits = () => page.$eval('#search-input', (i) => {
      const cs = getComputedStyle(i);
      const c = document.createElement('canvas').getContext('2d');
      c.font = `${cs.fontSize} ${cs.fontFamily}`;
      const room = i.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      return { text: i.placeholder, need: c.measureText(i.placeholder).width, room };
    });
    for (const lang of ['ja', 'en']) {
      const fits = await placeholderFits();
      assert.ok(fits.need <= fits.room, `placeholder cut (${lang}): ${JSON.stringify(fits)}`);
      await page.click('#lang-button');
      await page.waitForFunction((l) => document.documentElement.lang !== l, lang);
    }

    await page.evaluate(() => window.rxmap.map.setView([35.98, 137.99], 10, { animate: false }));
    await tilesSettled(page);
    const box = await page.locator('#map').boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await popupName(page).waitFor({ timeout: 30000 });
    await page.locator('.rank-lines').waitFor({ timeout: 30000 });
    await popupSettled(page);
    const area = await page.$eval('.leaflet-popup', (p) => {
      const r = p.getBoundingClientRect();
      return (r.width * r.height) / (innerWidth * innerHeight);
    });
    console.log(`phone 390x844: the pop-up covers ${(area * 100).toFixed(1)} % of the screen`);
    assert.ok(area <= 0.45, `the pop-up covers ${(area * 100).toFixed(0)} % of the screen`);
    // No line broken inside a word: each line box of the legend's and pop-up's texts ends at a phrase.
    const broken = await page.evaluate(() => {
      const bad = [];
      for (const el of document.querySelectorAll('.map-legend li, .map-legend .legend-title, .leaflet-popup-content th, .leaflet-popup-content td, .leaflet-popup-content p, .leaflet-popup-content li')) {
        const text = el.textContent;
        for (const word of ['以上', '以下', '未満', 'ポイント', 'データなし', 'リスクなし', '現在なし']) {
          let i = text.indexOf(word);
          while (i >= 0) {
            const range = document.createRange();
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let off = i, node = walker.nextNode();
            while (node && off >= node.length) { off -= node.length; node = walker.nextNode(); }
            if (node && off + word.length <= node.length) {
              range.setStart(node, off);
              range.setEnd(node, off + word.length);
              const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              if (tops.size > 1) bad.push(`${word} in 「${text.trim().slice(0, 40)}」`);
            }
            i = text.indexOf(word, i + 1);
          }
        }
      }
      return bad;
    });
    assert.deepEqual(broken, [], 'words broken across lines');
    await page.screenshot({ path: artifact('phone-popup-sheet-0.png') });

    // The table opens: the pop-up stays whole above it.
    await page.click('#sheet-button');
    await page.locator('#table-box tbody tr').first().waitFor({ timeout: 30000 });
    await page.waitForFunction(() => {
      const p = document.querySelector('.leaflet-popup');
      const s = document.getElementById('sheet').getBoundingClientRect();
      if (!p) return false;
      const r = p.getBoundingClientRect();
      return r.bottom <= s.top + 1 && r.top >= 52;
    }, null, { timeout: 10000 }).catch(() => {});
    const overlap = await page.evaluate(() => {
      const r = document.querySelector('.leaflet-popup').getBoundingClientRect();
      const s = document.getElementById('sheet').getBoundingClientRect();
      const top = document.querySelector('.topbar').getBoundingClientRect().bottom;
      return { hiddenBySheet: Math.max(0, r.bottom - s.top), hiddenByTop: Math.max(0, top - r.top), height: r.height };
    });
    assert.ok(overlap.hiddenBySheet <= 2 && overlap.hiddenByTop <= 2, `pop-up hidden by the sheet: ${JSON.stringify(overlap)}`);
    await page.screenshot({ path: artifact('phone-popup-sheet.png') });
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  test('phone: the flow legend starts folded', async () => {
    const { layers } = await (await fetch(`${session.server.base}/layers`)).json();
    if (!layers.some((l) => l.kind === 'flow')) return;
    const { page, w } = await openPage('/#layer=net-migration-matrix&overlay=migration&z=5&lat=37&lon=138', PHONE);
    await tilesSettled(page);
    await page.waitForFunction(() => document.querySelector('.map-legend details'));
    assert.equal(await page.$eval('.map-legend details', (d) => d.open), false);
    await page.screenshot({ path: artifact('phone-flows.png') });
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});
