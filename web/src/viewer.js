// The map viewer at /: full-window Leaflet map of rxmap's tiles, a layer panel, a search box,
// pop-ups from /info with the area's rank, the selected area outlined, a sheet beside the map
// with a sortable table and a comparison of up to five areas, and the whole state in the URL
// hash. This file puts the parts together and turns the state into the map (update()):
// state.js (state, URL), panel.js (controls, guide, drawer), legend.js, mapcore.js (map, tile
// changes without a blank frame, years fetched ahead), popup.js, sheet.js (table.js,
// compare.js), search.js, dialogs.js (share, embed, print), download.js.
import 'leaflet/dist/leaflet.css';
import './style.css';  // after Leaflet's, to override it
import { Catalog, fetchJSON, pickLevel, pickYear, splitFacilityId, staticUrl, valuesUrl } from './catalog.js';
import { setupDialogs } from './dialogs.js';
import { saveUrl } from './download.js';
import { escapeHtml, strings } from './i18n.js';
import { TileSlot, YearPrefetch, createMap, flyToPlace, setCredits, setZoomTitles } from './mapcore.js';
import { pickMode, prefectureName } from './flows.js';
import { createDrawer, createPanel } from './panel.js';
import { createLegends } from './legend.js';
import { createPopups } from './popup.js';
import { SearchBox } from './search.js';
import { createSheet } from './sheet.js';
import { createUrlState, parseState, viewerState } from './state.js';

const $ = (id) => document.getElementById(id);
const MOBILE = window.matchMedia('(max-width: 760px)');

const initial = parseState(location.search, location.hash);
const state = viewerState(initial);
let catalog = null;
let current = null;  // { layer, year, level, overlayLayer, overlayVariant: {year, level, mode} }
const map = createMap($('map'), { view: initial.hasView ? initial : null, lang: state.lang });
const base = new TileSlot(map, { zIndex: 1, className: 'tiles-base' });
const overlay = new TileSlot(map, { zIndex: 5, className: 'tiles-overlay' });
const ahead = new YearPrefetch(base);
window.rxmap = { map, state, base, get current() { return current; }, get prefetched() { return ahead.done; }, get prefetchedAll() { return ahead.all; } };  // tests, console

const t = () => strings(state.lang);
const url = createUrlState({ map, initial, state, catalog: () => catalog, current: () => current, compared: () => sheet.comparison.codes });
const legends = createLegends({ map, state, mobile: MOBILE });
const popups = createPopups({
  map,
  state,
  current: () => current,
  comparison: () => sheet.comparison,
  mobile: MOBILE,
  onSelected(code) {
    state.sel = code || null;
    sheet.table.mark(state.sel);
    url.write();
  },
  onOpen: () => legends.foldOnPhone(),
});
window.rxmap.popups = popups;  // tests (web/test/readings.test.mjs)
const sheet = createSheet({
  map,
  state,
  current: () => current,
  compared: initial.cmp,
  select: popups.select,
  outline: popups.outline,
  selectionBounds: popups.selectionBounds,
  writeUrl: url.write,
  onCompareChange: popups.markCompareButton,
});
const panel = createPanel({ state, catalog: () => catalog, current: () => current, update, flyToPrefecture });
const drawer = createDrawer(MOBILE);

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

// The state (as the controls, the URL or a question left it) onto the map, the panel, the
// legends and the sheet.
function update() {
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
  ahead.follow(layer, year, level);
  // Over a prefecture map the flow anchors go unnamed: the map names the prefectures already.
  const unnamed = level === 'prefecture' && overlayVariant && !/^groups/.test(overlayVariant.mode) ? '/nolabels' : '';
  if (overlayLayer) overlay.show(overlayLayer, overlayVariant.year, overlayVariant.level, { mode: `${overlayVariant.mode}${unnamed}` });
  else overlay.clear();
  setCredits(map, [layer, overlayLayer], state.lang);
  // The open pop-up follows the area (popup.js refresh); otherwise only the outline does.
  const followed = popups.refresh({ levelChanged: !!previous && previous.level !== level });
  if (!followed) popups.close();
  panel.syncControls();
  legends.render(current);
  if (!followed && variantChanged && state.sel) popups.select(state.sel, { popup: false });
  if (variantChanged || yearChanged) sheet.refresh();
  url.write();
}

// Flows of one prefecture: not closer than the flow lines are drawn (their own maxzoom), so that they stay sharp.
async function flyToPrefecture(code) {
  try {
    const res = await fetchJSON(`/api/search?q=${encodeURIComponent(prefectureName(code, 'ja'))}`);
    const pref = (res.results || []).find((r) => r.level === 'prefecture');
    if (pref) flyToPlace(map, pref, Math.min(7, current.overlayLayer ? current.overlayLayer.maxzoom ?? 7 : 7));
  } catch {
    // the view stays
  }
}

const searchBox = new SearchBox({
  form: $('search'),
  input: $('search-input'),
  list: $('search-results'),
  status: $('search-status'),
  lang: state.lang,
  onPick(place) {
    flyToPlace(map, place);
    if (place.level === 'prefecture') {
      // A prefecture: its bounds, and its municipalities in the table.
      state.tbl = place.code.slice(0, 2);
      if (sheet.isOpen()) sheet.refresh();
      return;
    }
    map.once('moveend', () => popups.select(place.code));
  },
});

$('download-csv').addEventListener('click', () => saveUrl(valuesUrl(current.layer, current.year, current.level, { format: 'csv' })));
$('download-xlsx').addEventListener('click', () => saveUrl(valuesUrl(current.layer, current.year, current.level, { format: 'xlsx' })));
$('lang-button').addEventListener('click', () => {
  state.lang = state.lang === 'ja' ? 'en' : 'ja';
  searchBox.lang = state.lang;
  sheet.setLang(state.lang);
  applyStrings();
  if (catalog) {
    panel.renderIndicatorOptions();
    panel.renderQuestions();
    update();
  }
});

document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || $('dialog').open) return;
  if (searchBox.open) {
    searchBox.close();
    $('search-input').focus();
  } else if (map._popup && map.hasLayer(map._popup)) {
    map.closePopup();
  } else if (drawer.isOpen()) {
    drawer.set(false);
    $('drawer-toggle').focus();
  }
});

const { probe } = setupDialogs({
  map,
  current: () => current,
  lang: () => state.lang,
  currentView: url.currentView,
  shareUrl: url.shareUrl,
  selectedPrefecture: () => {
    if (state.tbl && /^\d{2}$/.test(state.tbl)) return state.tbl;
    return state.sel && /^\d{5}$/.test(state.sel) ? state.sel.slice(0, 2) : null;
  },
});

async function start() {
  applyStrings();
  try {
    const [layers, facilities] = await Promise.all([
      fetchJSON('/layers'),
      fetchJSON('/api/facilities').catch(() => ({ facilities: [] })),
    ]);
    catalog = new Catalog(layers.layers || [], facilities.facilities || []);
  } catch {
    catalog = null;
  }
  if (!catalog || !catalog.indicators.length) {
    catalog = null;
    $('legend').innerHTML = `<p class="error">${escapeHtml(t().loadError)}</p>`;
    return;
  }
  panel.renderIndicatorOptions();
  panel.renderQuestions();
  update();
  if (state.sel) popups.openCode(state.sel, { fly: !initial.hasView });  // a shared link reopens the pop-up
  if (state.tbl) sheet.open('table');
  else if (sheet.comparison.codes.length) sheet.open('compare');
  document.body.classList.add('ready');
  // Print only where the server renders static maps (/static/…): a small, cheap one.
  const staticAvailable = await probe(`${staticUrl(current.layer, current.year, current.level, 'png')}?japan=1&width=300&height=300&dpi=72`);
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
    panel.renderIndicatorOptions();
    panel.renderQuestions();
  }
  if (s.hasView) {
    map.setView([s.lat, s.lon], s.z, { animate: false });
    url.pin({ z: s.z, lat: s.lat, lon: s.lon });
  }
  update();
});

map.on('moveend', () => {
  if (catalog) url.write();
});
// Leaflet needs a size change after the panel or the window changes.
new ResizeObserver(() => map.invalidateSize()).observe($('map'));
start();
