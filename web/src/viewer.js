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
import { keepScrollersFocusable, popupFocus } from './focus.js';
import { createMapSummary } from './summary.js';

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
const summary = createMapSummary($('map-summary'));
// What opens takes focus and gives it back to its opener on Esc (never to <body>).
const popupKeys = popupFocus(map, () => state.lang);
const panel = createPanel({ state, catalog: () => catalog, current: () => current, update, flyToPrefecture });
const drawer = createDrawer(MOBILE);

function applyStrings() {
  const s = t();
  document.documentElement.lang = state.lang;
  document.title = s.appTitle;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = s[el.dataset.t];
  for (const el of document.querySelectorAll('[data-t-placeholder]')) {
    // A phone's search box is narrow: its placeholder whole, not cut.
    el.placeholder = s[MOBILE.matches && el.dataset.tPlaceholderShort ? el.dataset.tPlaceholderShort : el.dataset.tPlaceholder];
  }
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
  // The overlay names the prefectures over its lines, at the very places and in the type of the
  // prefecture map's names, so the two coincide rather than doubling (styles/flow_selection.h).
  if (overlayLayer) overlay.show(overlayLayer, overlayVariant.year, overlayVariant.level, { mode: overlayVariant.mode });
  else overlay.clear();
  setCredits(map, [layer, overlayLayer], state.lang);
  // The open pop-up follows the area (popup.js refresh); otherwise only the outline does.
  const followed = popups.refresh({ levelChanged: !!previous && previous.level !== level });
  if (!followed) popups.close();
  panel.syncControls();
  legends.render(current);
  summary.describe(current, state.lang, { tilesShown: base.settled() ? Promise.resolve() : new Promise((r) => map.once('rxmap:tilesshown', r)) });
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
    popupKeys.focusNext($('search-input'));  // picked with keys: the pop-up takes focus, Esc gives it back
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

// Whether the user has a pop-up open (or one on its way back after a change).
const popupOpen = () => !!(map._popup && map.hasLayer(map._popup));
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || $('dialog').open) return;
  const inSheet = $('sheet').contains(document.activeElement);
  if (searchBox.open) {
    searchBox.close();
    $('search-input').focus();
  } else if (sheet.searchOpen()) {
    sheet.closeSearch();
  } else if (inSheet || (sheet.isOpen() && !popupOpen())) {
    sheet.close();
  } else if (popupOpen()) {
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
  url.settle();  // from now on a change of what is shown is a step in the history (back, forward)
  // Print only where the server renders static maps (/static/…): a small, cheap one.
  // A busy server may answer 503 (its render queue full): asked again twice, a little later.
  const printProbe = `${staticUrl(current.layer, current.year, current.level, 'png')}?japan=1&width=300&height=300&dpi=72`;
  let staticAvailable = false;
  for (let i = 0; i < 3 && !staticAvailable; i++) {
    if (i) await new Promise((r) => setTimeout(r, 2000 * i));
    staticAvailable = await probe(printProbe);
  }
  $('print-button').hidden = !staticAvailable;
}

// A changed hash (typed, or back and forward through the viewer's steps): the state it names.
function applyUrl() {
  if (!catalog) return;
  const s = parseState('', location.hash);
  const changed = url.adopt();
  const v = url.currentView();
  if (s.hasView && (s.z !== v.z || Math.abs(s.lat - v.lat) > 1e-4 || Math.abs(s.lon - v.lon) > 1e-4)) {
    applyingUrl = true;  // its moveend must not write the old state over the new hash
    map.setView([s.lat, s.lon], s.z, { animate: false });
    applyingUrl = false;
    url.pin({ z: s.z, lat: s.lat, lon: s.lon });
  }
  if (!changed) return;
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
  const selChanged = (s.sel || null) !== state.sel;
  state.sel = s.sel || null;
  state.tbl = s.tbl || null;
  sheet.comparison.set(s.cmp || []);
  if (selChanged && !state.sel) {
    popups.close();
    popups.outline(null);
  }
  update();
  if (selChanged && state.sel) popups.select(state.sel);
  sheet.table.mark(state.sel);
  if (state.tbl) sheet.open('table');
  else if (sheet.comparison.codes.length && sheet.isOpen()) sheet.open('compare');
  else if (sheet.isOpen()) sheet.close({ keepTable: true });
}
window.addEventListener('hashchange', applyUrl);
window.addEventListener('popstate', applyUrl);

let applyingUrl = false;
map.on('moveend', () => {
  if (catalog && !applyingUrl) url.write();
});
// Leaflet needs a size change after the panel or the window changes; an open pop-up then pans
// into what is left in view (on a phone the sheet takes the lower half).
new ResizeObserver(() => {
  map.invalidateSize();
  if (popupOpen() && map._popup._adjustPan) map._popup._adjustPan();
}).observe($('map'));
MOBILE.addEventListener('change', applyStrings);
// Regions that scroll with nothing focusable inside (a long legend, the sheet, a pop-up's body).
keepScrollersFocusable('.panel-legend, .panel-scroll, .map-legend, .sheet section, .leaflet-popup-content, #reading, .guide-more dl');
start();
