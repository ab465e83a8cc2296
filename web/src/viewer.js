// The map viewer at /: full-window Leaflet map of rxmap's tiles, a layer panel
// (questions, indicator, facility, year, level, flow overlay, the layer's guide, legend,
// downloads), a search box, pop-ups from /info with the area's rank, the selected area
// outlined, a sheet beside the map with a sortable table and a comparison of up to five
// areas, and the whole state in the URL hash. Parts: search.js, table.js, compare.js,
// dialogs.js, download.js; tile changes without a blank frame in mapcore.js.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './style.css';  // after Leaflet's, to override it
import {
  Catalog, fetchJSON, infoCodeUrl, infoUrl, isCategorical, isFacilityKind, layerLevels, layerYears,
  legendUrl, pickLevel, pickYear, rankUrl, splitFacilityId, staticUrl, valuesUrl,
} from './catalog.js';
import { Comparison } from './compare.js';
import { setupDialogs } from './dialogs.js';
import { saveUrl } from './download.js';
import { escapeHtml, pick, strings } from './i18n.js';
import { TileSlot, createMap, setCredits, setZoomTitles } from './mapcore.js';
import { PREFECTURES, flowInfoHtml, flowModes, pickMode, prefectureName } from './flows.js';
import { createPanel } from './panel.js';
import { legendHtml, popupHtml, rankHtml } from './render.js';
import { SearchBox } from './search.js';
import { parseState, serializeState } from './state.js';
import { AreaTable } from './table.js';

const $ = (id) => document.getElementById(id);
const MOBILE = window.matchMedia('(max-width: 760px)');

const initial = parseState(location.search, location.hash);
const state = {
  layer: initial.layer || 'population-change',
  facility: initial.facility || null,
  year: initial.year,
  level: initial.level || null,
  overlay: initial.overlay || null,
  mode: initial.mode || null,
  lang: initial.lang || 'ja',
  sel: initial.sel || null,     // the selected area's code (outlined, in the share link)
  tbl: initial.tbl || null,     // the table beside the map
};

let catalog = null;
let current = null;  // { layer, year, level, overlayLayer, overlayVariant: {year, level, mode} }
let staticAvailable = false;
const map = createMap($('map'), { view: initial.hasView ? initial : null, lang: state.lang });
const base = new TileSlot(map, { zIndex: 1, className: 'tiles-base' });
const overlay = new TileSlot(map, { zIndex: 5, className: 'tiles-overlay' });
// The selected area's outline (above the tiles, below pop-ups).
map.createPane('selection').style.zIndex = 450;
let selectionLayer = null;
window.rxmap = { map, state, base, get current() { return current; }, prefetched: Promise.resolve(0) };  // tests, console

const t = () => strings(state.lang);

// On phones the panel is a drawer: a compact legend stays on the map (CSS shows it there only).
const MapLegend = L.Control.extend({
  options: { position: 'topleft' },
  onAdd() {
    const div = L.DomUtil.create('div', 'map-legend');
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  },
});
const mapLegend = new MapLegend().addTo(map);

// ---- static strings -------------------------------------------------------
function applyStrings() {
  const s = t();
  document.documentElement.lang = state.lang;
  document.title = s.appTitle;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = s[el.dataset.t];
  for (const el of document.querySelectorAll('[data-t-placeholder]')) el.placeholder = s[el.dataset.tPlaceholder];
  for (const el of document.querySelectorAll('[data-t-aria]')) el.setAttribute('aria-label', s[el.dataset.tAria]);
  const lb = $('lang-button');
  lb.lang = state.lang === 'ja' ? 'en' : 'ja';
  lb.querySelector('.button-text').textContent = s.switchLang;
  lb.setAttribute('aria-label', s.switchLangLabel);
  lb.title = s.switchLangLabel;
  for (const id of ['share-button', 'embed-button', 'print-button', 'drawer-toggle']) {
    const el = $(id);
    el.title = el.querySelector('.button-text').textContent;
  }
  $('map').setAttribute('aria-label', s.mapLabel);
  setZoomTitles(map, state.lang);
}

// ---- panel ----------------------------------------------------------------
function openQuestion(q) {
  if (q.flow) {
    const flow = catalog.flowLayers[0];
    if (!flow) return;
    state.overlay = flow.id;
    state.mode = null;
    // Under the lines: net migration where the server has it.
    state.layer = ['net-migration-matrix', 'net-migration', q.layer].find((id) => catalog.byId.has(id)) || q.layer;
    state.facility = null;
  } else {
    state.layer = q.layer;
    state.facility = q.facility || null;
    state.overlay = null;
  }
  if (q.year) state.year = q.year;
  else state.year = null;
  state.level = null;
  update({ fromQuestion: true });
}

const panel = createPanel({ state, catalog: () => catalog, current: () => current, onQuestion: openQuestion });
const { renderIndicatorOptions, renderQuestions, syncControls } = panel;

let legendRequest = 0;
async function renderLegends() {
  const n = ++legendRequest;
  const { layer, year, level, overlayLayer, overlayVariant } = current;
  const box = $('legend');
  const ob = $('overlay-legend');
  box.setAttribute('aria-busy', 'true');
  const overlayLegend = overlayLayer
    ? fetchJSON(legendUrl(overlayLayer, overlayVariant.year, overlayVariant.level, { mode: overlayVariant.mode })).catch(() => null)
    : Promise.resolve(null);
  try {
    const [legend, flow] = await Promise.all([fetchJSON(legendUrl(layer, year, level)), overlayLegend]);
    if (n !== legendRequest) return;
    if (pick(layer.unit, 'ja')) legend.unit = layer.unit;  // {ja, en}: the legend's own is Japanese only
    // One block of credit lines for both legends, beside the first.
    box.innerHTML = legendHtml(legend, state.lang, { extraCredits: flow ? flow.credits || [] : [] });
    box.dataset.variant = legendUrl(layer, year, level);
    if (flow) {
      if (pick(overlayLayer.unit, 'ja')) flow.unit = overlayLayer.unit;
      ob.innerHTML = legendHtml(flow, state.lang, { credits: false });
      ob.hidden = false;
    } else {
      ob.hidden = true;
      ob.innerHTML = '';
    }
    const open = mapLegend.getContainer().querySelector('details');
    const compact = [legend, flow].filter(Boolean).map((l) => legendHtml(l, state.lang, { credits: false })).join('');
    // A long legend (industry-top's 18 industries) starts folded on a phone: open, it hides half the map.
    const long = MOBILE.matches && (legend.entries || []).length > 10;
    const isOpen = long && !(open && open.dataset.long === '1') ? false : !open || open.open;
    mapLegend.getContainer().innerHTML = `<details data-long="${long ? 1 : 0}"${isOpen ? ' open' : ''}><summary>${escapeHtml(t().legend)}</summary>${compact}</details>`;
  } catch (e) {
    if (n !== legendRequest) return;
    box.innerHTML = `<p class="error">${escapeHtml(t().loadError)}</p>`;
  } finally {
    if (n === legendRequest) box.removeAttribute('aria-busy');
  }
}

// ---- state -> map ---------------------------------------------------------
// The view a URL asked for stays in the URL until the user moves the map:
// Leaflet snaps the centre to whole pixels, which would drift shared links.
let pinnedView = initial.hasView ? { z: initial.z, lat: initial.lat, lon: initial.lon } : null;
map.on('dragstart zoomstart', () => { pinnedView = null; });
map.getContainer().addEventListener('keydown', (e) => {
  if (/^Arrow|^[+-=]$/.test(e.key)) pinnedView = null;
});

function currentView() {
  if (pinnedView) return { ...pinnedView };
  const c = map.getCenter();
  return { z: map.getZoom(), lat: c.lat, lon: c.lng };
}

function urlLayer(layer) {
  const ind = catalog.indicatorOfLayer(layer.id);
  return ind.family && !isFacilityKind(layer.kind) ? layer.id : ind.key;
}

function writeUrl() {
  const v = currentView();
  const s = {
    // Facility layers: layer=facility-risk&facility=hospital; other families name the layer: layer=industry-lq/ict.
    layer: catalog && current ? urlLayer(current.layer) : state.layer,
    facility: current && isFacilityKind(current.layer.kind) ? splitFacilityId(current.layer.id).facility : null,
    year: current && layerYears(current.layer).length > 1 ? current.year : null,
    level: current && layerLevels(current.layer).length > 1 ? current.level : null,
    overlay: current && current.overlayLayer ? current.overlayLayer.id : null,
    mode: current && current.overlayVariant ? current.overlayVariant.mode : null,
    sel: state.sel,
    cmp: comparison.codes,
    tbl: state.tbl,
    z: v.z,
    lat: v.lat,
    lon: v.lon,
    lang: state.lang,
  };
  const hash = `#${serializeState(s)}`;
  if (location.hash !== hash) history.replaceState(null, '', `${location.pathname}${hash}`);
}

function shareUrl() {
  writeUrl();
  return `${location.origin}${location.pathname}${location.hash}`;
}

function update({ fromQuestion = false } = {}) {
  if (!catalog) return;
  const layer = catalog.resolve(state) || catalog.resolve({ layer: 'population-change' }) || catalog.byId.get(catalog.indicators[0].layers[0]);
  const year = pickYear(layer, state.year);
  const level = pickLevel(layer, state.level);
  const overlayLayer = state.overlay ? catalog.flowLayers.find((f) => f.id === state.overlay) || null : null;
  state.layer = catalog.indicatorOfLayer(layer.id).key;
  if (catalog.indicatorOfLayer(layer.id).family) state.facility = splitFacilityId(layer.id).facility;
  state.year = year;
  state.level = level;
  state.overlay = overlayLayer ? overlayLayer.id : null;
  const overlayVariant = overlayLayer
    ? { year: pickYear(overlayLayer, year), level: pickLevel(overlayLayer, level), mode: pickMode(overlayLayer, state.mode) }
    : null;
  state.mode = overlayVariant ? overlayVariant.mode : null;
  const previous = current;
  current = { layer, year, level, overlayLayer, overlayVariant };

  const variantChanged = !previous || previous.layer !== layer || previous.level !== level;
  const yearChanged = !previous || previous.year !== year;
  base.show(layer, year, level);
  // Over a prefecture map the flow anchors go unnamed: the map names the prefectures already.
  const unnamed = level === 'prefecture' && overlayVariant && !/^groups/.test(overlayVariant.mode) ? '/nolabels' : '';
  if (overlayLayer) overlay.show(overlayLayer, overlayVariant.year, overlayVariant.level, { mode: `${overlayVariant.mode}${unnamed}` });
  else overlay.clear();
  setCredits(map, [layer, overlayLayer], state.lang);
  map.closePopup();
  syncControls();
  renderLegends();
  if (variantChanged && state.sel) select(state.sel, { popup: false });
  if (variantChanged || yearChanged) refreshSheet();
  writeUrl();
  if (fromQuestion && !$('reading').hidden) $('reading').scrollIntoView({ block: 'nearest' });
}

// ---- popup, selection, rank ------------------------------------------------
// The prefetch of the neighbouring years waits until the year on show is fully drawn.
map.on('rxmap:tilesshown', (e) => {
  if (!current || e.slot !== 'tiles-base') return;
  const years = layerYears(current.layer);
  const i = years.indexOf(current.year);
  const near = [years[i + 1], years[i - 1]].filter((y) => y != null);
  const { layer, level } = current;
  window.rxmap.prefetched = near.reduce((p, y) => p.then((n) => base.prefetch(layer, y, level).then((m) => n + m)), Promise.resolve(0));
});

function outline(geometry) {
  if (selectionLayer) map.removeLayer(selectionLayer);
  selectionLayer = geometry
    ? L.geoJSON(geometry, {
      pane: 'selection',
      interactive: false,
      style: { color: '#111', weight: 3, opacity: 0.9, fill: false, dashArray: null },
    }).addTo(map)
    : null;
}

function setSelected(code) {
  state.sel = code || null;
  table.mark(state.sel);
  writeUrl();
}

let infoRequest = 0;
// On a phone the pop-up is nearly as wide as the map: keep its top (and close button) below the zoom buttons.
function popupOptions() {
  return { maxWidth: 330, minWidth: 250, autoPanPadding: [20, 20], autoPanPaddingTopLeft: MOBILE.matches ? [10, 90] : [20, 20], className: 'info-popup' };
}

// The pop-up for the area at a point (a click) or with a code (search, table, shared link).
async function showInfo(where, { popup: withPopup = true, fly = false } = {}) {
  if (!current) return;
  const n = ++infoRequest;
  const { layer, year, level, overlayLayer, overlayVariant } = current;
  const byCode = typeof where === 'string';
  const url = byCode ? infoCodeUrl(layer, year, level, where, { outline: true })
    : `${infoUrl(layer, year, level, where.lng, where.lat)}&outline=1`;
  let popup = null;
  if (withPopup && !byCode) {
    popup = L.popup(popupOptions())
      .setLatLng(where).setContent(`<p class="loading">${escapeHtml(t().loading)}</p>`).openOn(map);
  }
  try {
    const info = await fetchJSON(url);
    if (n !== infoRequest) return;
    const at = L.latLng(info.area.lat, info.area.lon);
    if (info.area.outline) outline(info.area.outline);
    setSelected(info.area.code);
    if (fly && selectionLayer) map.flyToBounds(selectionLayer.getBounds(), { maxZoom: 11, padding: [40, 40], duration: 0.8 });
    if (!withPopup) return;
    if (isFacilityKind(layer.kind)) {
      // The facility models compare probabilities (info.facility), not the prefecture's value.
      delete info.prefecture_value;
      delete info.japan_value;
    }
    const flow = overlayLayer
      ? await fetchJSON(infoUrl(overlayLayer, overlayVariant.year, overlayVariant.level, at.lng, at.lat, { mode: overlayVariant.mode })).catch(() => null)
      : null;
    if (n !== infoRequest) return;
    const html = popupHtml(info, layer, state.lang) + (flow && flow.area ? flowInfoHtml(flow, state.lang) : '');
    if (!popup) {
      popup = L.popup(popupOptions()).setLatLng(at);
      const open = () => popup.openOn(map);
      if (fly) map.once('moveend', open);
      else open();
    }
    shown = { popup, html, ranks: '' };
    paintPopup();
    loadRanks(info, n);
  } catch (e) {
    if (n !== infoRequest || !popup) return;
    popup.setContent(`<p class="info-empty">${escapeHtml(e.status === 404 ? t().popupSea : t().popupError)}</p>`);
    popup.update();
  }
}

function select(code, options = {}) {
  return showInfo(code, options);
}

// The open pop-up's parts: its values, then its ranks when they come. Leaflet re-renders a
// pop-up from its content string, so the parts are put together and set again, never patched.
let shown = null;
const RANK_BOX = '<div class="info-rank" aria-live="polite"></div>';
function paintPopup() {
  if (!shown) return;
  shown.popup.setContent(shown.html.replace(RANK_BOX, `<div class="info-rank" aria-live="polite">${shown.ranks}</div>`));
  markCompareButton();
}

// Where the area stands: within its prefecture and among municipalities of its size.
async function loadRanks(info, n) {
  const { layer, year, level } = current;
  if (isCategorical(layer)) return;  // categories have no order
  const code = info.area.code;
  const wanted = level === 'prefecture' || level === 'bloc' || level === 'meti' ? ['japan'] : ['prefecture', 'peers'];
  shown.ranks = escapeHtml(t().rankLoading);
  paintPopup();
  const ranks = await Promise.all(wanted.map((within) => fetchJSON(rankUrl(layer, year, level, { code, within })).catch(() => null)));
  if (n !== infoRequest || !shown) return;
  shown.ranks = rankHtml(ranks, state.lang);
  paintPopup();
}

function markCompareButton() {
  const el = map._popup && map._popup.getElement();
  const b = el && el.querySelector('[data-action="compare-add"]');
  if (!b) return;
  const s = t();
  const inIt = comparison.has(b.dataset.code);
  b.textContent = inIt ? s.compareAdded : comparison.full ? s.compareFull : s.compareAdd;
  b.disabled = inIt || comparison.full;
}

map.on('click', (e) => showInfo(e.latlng));
map.getContainer().addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && e.target === map.getContainer()) {
    e.preventDefault();
    showInfo(map.getCenter());
  }
});
map.on('moveend', () => {
  if (catalog) writeUrl();
});
// On a phone the open legend would cover the pop-up's top (name, value): fold it away.
map.on('popupopen', () => {
  markCompareButton();
  if (!MOBILE.matches) return;
  const d = mapLegend.getContainer().querySelector('details');
  if (d) d.open = false;
});
// Buttons inside pop-ups and the sheet.
document.addEventListener('click', (e) => {
  const b = e.target.closest('[data-action]');
  if (!b) return;
  if (b.dataset.action === 'compare-add') {
    if (comparison.add(b.dataset.code)) openSheet('compare');
    markCompareButton();
  } else if (b.dataset.action === 'compare-remove') {
    comparison.remove(b.dataset.code);
  } else if (b.dataset.action === 'open-table') {
    state.tbl = b.dataset.table;
    openSheet('table');
  }
});

// ---- search ---------------------------------------------------------------
function flyToPlace(place, maxZoom = 12) {
  const [w, s, e, n] = place.bbox;
  map.flyToBounds(L.latLngBounds([s, w], [n, e]), { maxZoom, padding: [30, 30], duration: 1.0 });
}

const searchBox = new SearchBox({
  form: $('search'),
  input: $('search-input'),
  list: $('search-results'),
  status: $('search-status'),
  lang: state.lang,
  onPick(place) {
    flyToPlace(place);
    if (place.level === 'prefecture') {
      // A prefecture: its bounds, and its municipalities in the table.
      state.tbl = place.code.slice(0, 2);
      if (!$('sheet').hidden) refreshSheet();
      return;
    }
    map.once('moveend', () => select(place.code));
  },
});

// ---- sheet: table and comparison ------------------------------------------
const table = new AreaTable($('table-box'), {
  onSelect(code, variant) {
    if (variant.level === current.level) select(code, { fly: true });
    else fetchJSON(infoCodeUrl(variant.layer, variant.year, variant.level, code, { outline: true })).then((info) => {
      outline(info.area.outline);
      if (selectionLayer) map.flyToBounds(selectionLayer.getBounds(), { padding: [30, 30], duration: 0.8 });
      table.mark(code, false);
    }).catch(() => {});
  },
});
const comparison = new Comparison($('compare-box'), {
  onChange() {
    writeUrl();
    if (current) comparison.load(current, state.lang);
    markCompareButton();
  },
});
comparison.set(initial.cmp || []);

function tableScope() {
  if (state.tbl) return state.tbl;
  const code = state.sel;
  return code && /^\d{5}$/.test(code) && current.level !== 'prefecture' ? code.slice(0, 2) : 'japan';
}

function renderScopeOptions() {
  const s = t();
  const sel = $('table-scope');
  const scope = tableScope();
  const options = [['japan', s.tableJapan], ...PREFECTURES.map(([code]) => [code, prefectureName(code, state.lang)])];
  if (scope.startsWith('peers:')) options.unshift([scope, s.tablePeers(scope.slice(6))]);
  sel.innerHTML = options.map(([v, label]) => `<option value="${escapeHtml(v)}">${escapeHtml(label)}</option>`).join('');
  sel.value = scope;
}

function refreshSheet() {
  if (!current || $('sheet').hidden) return;
  if (!$('table-view').hidden) {
    renderScopeOptions();
    table.load(tableScope(), current, state.lang);
  }
  if (!$('compare-view').hidden) comparison.load(current, state.lang);
}

function openSheet(tab) {
  const sheet = $('sheet');
  sheet.hidden = false;
  document.body.classList.add('sheet-open');
  for (const name of ['table', 'compare']) {
    const on = name === tab;
    $(`tab-${name}`).setAttribute('aria-selected', on ? 'true' : 'false');
    $(`${name}-view`).hidden = !on;
  }
  $('sheet-button').setAttribute('aria-expanded', 'true');
  refreshSheet();
  writeUrl();
}

function closeSheet() {
  $('sheet').hidden = true;
  document.body.classList.remove('sheet-open');
  $('sheet-button').setAttribute('aria-expanded', 'false');
  state.tbl = null;
  writeUrl();
}

$('sheet-button').addEventListener('click', () => ($('sheet').hidden ? openSheet(comparison.codes.length && !state.tbl ? 'compare' : 'table') : closeSheet()));
$('sheet-close').addEventListener('click', closeSheet);
$('tab-table').addEventListener('click', () => openSheet('table'));
$('tab-compare').addEventListener('click', () => openSheet('compare'));
$('table-scope').addEventListener('change', (e) => {
  state.tbl = e.target.value;
  refreshSheet();
  writeUrl();
});
$('table-download').addEventListener('click', () => table.save());
$('compare-download').addEventListener('click', () => comparison.save());
const compareSearch = new SearchBox({
  form: $('compare-search'),
  input: $('compare-input'),
  list: $('compare-results'),
  status: $('compare-status'),
  lang: state.lang,
  onPick(place) {
    if (place.level !== 'prefecture' || current.level === 'prefecture') comparison.add(place.code);
    $('compare-input').value = '';
  },
});

// ---- downloads ------------------------------------------------------------
$('download-csv').addEventListener('click', () => saveUrl(valuesUrl(current.layer, current.year, current.level, { format: 'csv' })));
$('download-xlsx').addEventListener('click', () => saveUrl(valuesUrl(current.layer, current.year, current.level, { format: 'xlsx' })));

// ---- controls -------------------------------------------------------------
$('indicator-select').addEventListener('change', (e) => {
  state.layer = e.target.value;
  const ind = catalog.indicator(state.layer);
  if (!ind.family) state.facility = null;
  update();
});
$('facility-select').addEventListener('change', (e) => {
  state.facility = e.target.value;
  update();
});
$('year-range').addEventListener('input', (e) => {
  const years = layerYears(current.layer);
  state.year = years[Number(e.target.value)];
  update();
});
$('level-select').addEventListener('change', (e) => {
  state.level = e.target.value;
  update();
});
$('overlay-select').addEventListener('change', (e) => {
  state.overlay = e.target.value || null;
  state.mode = null;
  update();
});
$('mode-select').addEventListener('change', (e) => {
  const m = flowModes(current.overlayLayer, state.lang).find((x) => x.id === e.target.value);
  state.mode = m && m.needsPrefecture ? `${m.id}/${$('pref-select').value || '13'}` : e.target.value;
  update();
});
// Flows of one prefecture: the map goes there too.
async function flyToPrefecture(code) {
  try {
    const res = await fetchJSON(`/api/search?q=${encodeURIComponent(prefectureName(code, 'ja'))}`);
    const pref = (res.results || []).find((r) => r.level === 'prefecture');
    // Not closer than the flow lines are drawn (their own maxzoom), so that they stay sharp.
    if (pref) flyToPlace(pref, Math.min(7, current.overlayLayer ? current.overlayLayer.maxzoom ?? 7 : 7));
  } catch {
    // the view stays
  }
}
$('pref-select').addEventListener('change', (e) => {
  state.mode = `${$('mode-select').value}/${e.target.value}`;
  update();
  flyToPrefecture(e.target.value);
});
$('lang-button').addEventListener('click', () => {
  state.lang = state.lang === 'ja' ? 'en' : 'ja';
  searchBox.lang = state.lang;
  compareSearch.lang = state.lang;
  applyStrings();
  if (catalog) {
    renderIndicatorOptions();
    renderQuestions();
    update();
  }
});

// ---- drawer (phones) ------------------------------------------------------
function setDrawer(open) {
  document.body.classList.toggle('drawer-open', open);
  $('drawer-toggle').setAttribute('aria-expanded', open ? 'true' : 'false');
  $('drawer-backdrop').hidden = !open;
  if (open) $('panel').querySelector('button, select, input').focus();
}
$('drawer-toggle').addEventListener('click', () => setDrawer(!document.body.classList.contains('drawer-open')));
$('drawer-close').addEventListener('click', () => {
  setDrawer(false);
  $('drawer-toggle').focus();
});
$('drawer-backdrop').addEventListener('click', () => setDrawer(false));
MOBILE.addEventListener('change', () => setDrawer(false));

document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || $('dialog').open) return;
  if (searchBox.open) {
    searchBox.close();
    $('search-input').focus();
  } else if (map._popup && map.hasLayer(map._popup)) {
    map.closePopup();
  } else if (document.body.classList.contains('drawer-open')) {
    setDrawer(false);
    $('drawer-toggle').focus();
  }
});

// ---- dialogs: share, embed, print -----------------------------------------
const { probe } = setupDialogs({
  map,
  current: () => current,
  lang: () => state.lang,
  currentView,
  shareUrl,
  selectedPrefecture: () => {
    if (state.tbl && /^\d{2}$/.test(state.tbl)) return state.tbl;
    return state.sel && /^\d{5}$/.test(state.sel) ? state.sel.slice(0, 2) : null;
  },
});

// ---- start ----------------------------------------------------------------
async function start() {
  applyStrings();
  try {
    const [layers, facilities] = await Promise.all([
      fetchJSON('/layers'),
      fetchJSON('/api/facilities').catch(() => ({ facilities: [] })),
    ]);
    catalog = new Catalog(layers.layers || [], facilities.facilities || []);
  } catch {
    $('legend').innerHTML = `<p class="error">${escapeHtml(t().loadError)}</p>`;
    return;
  }
  if (!catalog.indicators.length) {
    $('legend').innerHTML = `<p class="error">${escapeHtml(t().loadError)}</p>`;
    return;
  }
  renderIndicatorOptions();
  renderQuestions();
  update();
  if (state.sel) select(state.sel, { popup: !initial.hasView, fly: !initial.hasView });
  if (state.tbl) openSheet('table');
  else if (comparison.codes.length) openSheet('compare');
  document.body.classList.add('ready');
  // Print only where the server renders static maps (/static/…): a small, cheap one.
  staticAvailable = await probe(`${staticUrl(current.layer, current.year, current.level, 'png')}?japan=1&width=300&height=300&dpi=72`);
  $('print-button').hidden = !staticAvailable;
}

window.addEventListener('hashchange', () => {
  const s = parseState('', location.hash);
  if (!catalog) return;
  if (s.layer) state.layer = s.layer;
  state.facility = s.facility || null;
  if (s.year) state.year = s.year;
  if (s.level) state.level = s.level;
  state.overlay = s.overlay || null;
  state.mode = s.mode || null;
  if (s.lang && s.lang !== state.lang) {
    state.lang = s.lang;
    applyStrings();
    renderIndicatorOptions();
    renderQuestions();
  }
  if (s.hasView) {
    map.setView([s.lat, s.lon], s.z, { animate: false });
    pinnedView = { z: s.z, lat: s.lat, lon: s.lon };
  }
  update();
});

// Leaflet needs a size change after the panel or the window changes.
new ResizeObserver(() => map.invalidateSize()).observe($('map'));
start();
