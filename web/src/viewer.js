// The map viewer at /: full-window Leaflet map of rxmap's tiles, a layer panel
// (questions, indicator, facility, year, level, flow overlay, legend), a search
// box, popups from /info, and the whole state in the URL hash.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './style.css';  // after Leaflet's, to override it
import {
  Catalog, GROUP_ORDER, WMTS_URL, fetchJSON, infoUrl, isFacilityKind, layerLevels, layerYears,
  legendUrl, pickLevel, pickYear, splitFacilityId, staticUrl, tileJsonUrl, tileUrl,
} from './catalog.js';
import { escapeHtml, pick, strings } from './i18n.js';
import { TileSlot, createMap, setCredits, setZoomTitles } from './mapcore.js';
import { PREFECTURES, flowInfoHtml, flowModes, pickMode, prefectureName } from './flows.js';
import { QUESTIONS, questionFor } from './questions.js';
import { legendHtml, popupHtml } from './render.js';
import { parseState, serializeState } from './state.js';

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
};

let catalog = null;
let current = null;  // { layer, year, level, overlayLayer, overlayVariant: {year, level, mode} }
let staticAvailable = false;
const map = createMap($('map'), { view: initial.hasView ? initial : null, lang: state.lang });
const base = new TileSlot(map, { zIndex: 1, className: 'tiles-base' });
const overlay = new TileSlot(map, { zIndex: 5, className: 'tiles-overlay' });
window.rxmap = { map, state, get current() { return current; } };  // for tests and the console

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
function indicatorTitle(ind) {
  if (ind.family) return t().facilityKinds[ind.key] || ind.key;
  return pick(ind.title, state.lang);
}

function renderIndicatorOptions() {
  const sel = $('indicator-select');
  sel.innerHTML = '';
  for (const group of GROUP_ORDER) {
    const inds = catalog.indicators.filter((i) => i.group === group);
    if (!inds.length) continue;
    const og = document.createElement('optgroup');
    og.label = t().groups[group];
    for (const ind of inds) og.append(new Option(indicatorTitle(ind), ind.key));
    sel.append(og);
  }
}

function renderQuestions() {
  const list = $('question-list');
  list.innerHTML = '';
  const hasFlow = catalog && catalog.flowLayers.length > 0;
  const note = $('flow-note');
  note.hidden = hasFlow;
  note.textContent = hasFlow ? '' : t().flowUnavailable;
  for (const q of QUESTIONS) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'question';
    b.dataset.question = q.id;
    b.textContent = pick(q.title, state.lang);
    b.setAttribute('aria-pressed', 'false');
    if (q.flow && !hasFlow) {
      // Disabled but still focusable, so that keyboard users hear why.
      b.setAttribute('aria-disabled', 'true');
      b.setAttribute('aria-describedby', 'flow-note');
      b.classList.add('unavailable');
    } else {
      b.addEventListener('click', () => openQuestion(q));
    }
    li.append(b);
    list.append(li);
  }
}

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

function syncControls() {
  const { layer, year, level } = current;
  const ind = catalog.indicatorOfLayer(layer.id);
  $('indicator-select').value = ind.key;

  const facField = $('facility-field');
  if (ind.family) {
    const sel = $('facility-select');
    const { facility } = splitFacilityId(layer.id);
    sel.innerHTML = '';
    for (const f of ind.facilities) sel.append(new Option(catalog.facilityName(f, state.lang), f));
    sel.value = facility;
    facField.hidden = false;
  } else {
    facField.hidden = true;
  }

  const years = layerYears(layer);
  const yearField = $('year-field');
  if (years.length > 1) {
    const r = $('year-range');
    r.max = String(years.length - 1);
    r.value = String(years.indexOf(year));
    r.setAttribute('aria-valuetext', state.lang === 'ja' ? `${year}年` : String(year));
    $('year-output').textContent = state.lang === 'ja' ? `${year}年` : String(year);
    $('year-ticks').innerHTML = years.map((y, i) => `<option value="${i}" label="${y}"></option>`).join('');
    $('year-scale').innerHTML = years.map((y) => `<span>${y}</span>`).join('');
    yearField.hidden = false;
  } else {
    yearField.hidden = true;
  }

  const levels = layerLevels(layer);
  const levelField = $('level-field');
  if (levels.length > 1) {
    const sel = $('level-select');
    sel.innerHTML = '';
    for (const l of levels) sel.append(new Option(state.lang === 'ja' ? l.title || t().levels[l.id] : t().levels[l.id] || l.title, l.id));
    sel.value = level;
    levelField.hidden = false;
  } else {
    levelField.hidden = true;
  }

  const ovField = $('overlay-field');
  if (catalog.flowLayers.length) {
    const sel = $('overlay-select');
    sel.innerHTML = '';
    sel.append(new Option(t().overlayNone, ''));
    for (const f of catalog.flowLayers) sel.append(new Option(pick(f.title, state.lang), f.id));
    sel.value = current.overlayLayer ? current.overlayLayer.id : '';
    ovField.hidden = false;
  } else {
    ovField.hidden = true;
  }
  const modes = current.overlayLayer ? flowModes(current.overlayLayer, state.lang) : [];
  const mode = current.overlayVariant && current.overlayVariant.mode;
  $('mode-field').hidden = modes.length < 2;
  $('pref-field').hidden = true;
  if (modes.length) {
    const sel = $('mode-select');
    sel.innerHTML = '';
    for (const m of modes) sel.append(new Option(m.label, m.id));
    const head = mode ? mode.split('/')[0] : modes[0].id;
    const active = modes.find((m) => m.id === head || m.id === mode) || modes[0];
    sel.value = active.id;
    if (active.needsPrefecture) {
      const ps = $('pref-select');
      ps.innerHTML = '';
      for (const [code] of PREFECTURES) ps.append(new Option(prefectureName(code, state.lang), code));
      ps.value = mode.split('/')[1];
      $('pref-field').hidden = false;
    }
  }

  $('description').textContent = pick(layer.description, state.lang);

  const q = questionFor(state, layer, catalog.flowLayers);
  for (const b of document.querySelectorAll('.question')) {
    const active = q && b.dataset.question === q.id;
    b.classList.toggle('active', !!active);
    b.setAttribute('aria-pressed', active ? 'true' : 'false');
  }
  const reading = $('reading');
  if (q) {
    const sep = state.lang === 'ja' ? '：' : ': ';
    reading.innerHTML = `<h2>${escapeHtml(t().readingTitle)}${sep}${escapeHtml(pick(q.title, state.lang))}</h2><ul>${q.reading[state.lang].map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
    reading.hidden = false;
  } else {
    reading.innerHTML = '';
    reading.hidden = true;
  }
}

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
    mapLegend.getContainer().innerHTML = `<details${!open || open.open ? ' open' : ''}><summary>${escapeHtml(t().legend)}</summary>${compact}</details>`;
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

function writeUrl() {
  const v = currentView();
  const s = {
    layer: catalog && current ? catalog.indicatorOfLayer(current.layer.id).key : state.layer,
    facility: current && isFacilityKind(current.layer.kind) ? splitFacilityId(current.layer.id).facility : null,
    year: current && layerYears(current.layer).length > 1 ? current.year : null,
    level: current && layerLevels(current.layer).length > 1 ? current.level : null,
    overlay: current && current.overlayLayer ? current.overlayLayer.id : null,
    mode: current && current.overlayVariant ? current.overlayVariant.mode : null,
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
  if (isFacilityKind(layer.kind)) state.facility = splitFacilityId(layer.id).facility;
  state.year = year;
  state.level = level;
  state.overlay = overlayLayer ? overlayLayer.id : null;
  const overlayVariant = overlayLayer
    ? { year: pickYear(overlayLayer, year), level: pickLevel(overlayLayer, level), mode: pickMode(overlayLayer, state.mode) }
    : null;
  state.mode = overlayVariant ? overlayVariant.mode : null;
  current = { layer, year, level, overlayLayer, overlayVariant };

  base.show(layer, year, level);
  if (overlayLayer) overlay.show(overlayLayer, overlayVariant.year, overlayVariant.level, { mode: overlayVariant.mode });
  else overlay.clear();
  setCredits(map, [layer, overlayLayer], state.lang);
  map.closePopup();
  syncControls();
  renderLegends();
  writeUrl();
  if (fromQuestion && !$('reading').hidden) $('reading').scrollIntoView({ block: 'nearest' });
}

// ---- popup ----------------------------------------------------------------
let infoRequest = 0;
async function showInfo(latlng) {
  if (!current) return;
  const n = ++infoRequest;
  const { layer, year, level, overlayLayer, overlayVariant } = current;
  const flowInfo = overlayLayer
    ? fetchJSON(infoUrl(overlayLayer, overlayVariant.year, overlayVariant.level, latlng.lng, latlng.lat, { mode: overlayVariant.mode })).catch(() => null)
    : Promise.resolve(null);
  const popup = L.popup({ maxWidth: 320, minWidth: 240, autoPanPadding: [20, 20], className: 'info-popup' })
    .setLatLng(latlng)
    .setContent(`<p class="loading">${escapeHtml(t().loading)}</p>`)
    .openOn(map);
  try {
    const info = await fetchJSON(infoUrl(layer, year, level, latlng.lng, latlng.lat));
    if (n !== infoRequest) return;
    if (isFacilityKind(layer.kind)) {
      // The facility models have no prefecture or Japan value of their own.
      delete info.prefecture_value;
      delete info.japan_value;
    }
    const flow = await flowInfo;
    if (n !== infoRequest) return;
    popup.setContent(popupHtml(info, layer, state.lang) + (flow && flow.area ? flowInfoHtml(flow, state.lang) : ''));
  } catch (e) {
    if (n !== infoRequest) return;
    popup.setContent(`<p class="info-empty">${escapeHtml(e.status === 404 ? t().popupSea : t().popupError)}</p>`);
  }
  popup.update();
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

// ---- search ---------------------------------------------------------------
const searchInput = $('search-input');
const searchResults = $('search-results');

function closeSearch() {
  searchResults.hidden = true;
  searchResults.innerHTML = '';
  searchInput.setAttribute('aria-expanded', 'false');
}

function goTo(place) {
  closeSearch();
  const [w, s, e, n] = place.bbox;
  const bounds = L.latLngBounds([s, w], [n, e]);
  const target = L.latLng(place.lat, place.lon);
  const done = () => showInfo(target);
  map.once('moveend', done);
  map.flyToBounds(bounds, { maxZoom: 12, padding: [30, 30], duration: 1.0 });
}

async function search(q) {
  q = q.trim();
  if (!q) return;
  const status = $('search-status');
  try {
    const res = await fetchJSON(`/api/search?q=${encodeURIComponent(q)}`);
    const results = res.results || [];
    status.textContent = results.length ? t().searchResults(results.length) : t().searchNone;
    searchResults.innerHTML = '';
    if (!results.length) {
      searchResults.innerHTML = `<li class="none">${escapeHtml(t().searchNone)}</li>`;
      searchResults.hidden = false;
      return;
    }
    for (const r of results) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.innerHTML = `<span class="name">${escapeHtml(r.name)}</span> <span class="pref">${escapeHtml(r.prefecture && r.prefecture !== r.name ? r.prefecture : '')}</span>`;
      b.addEventListener('click', () => goTo(r));
      li.append(b);
      searchResults.append(li);
    }
    searchResults.hidden = false;
    searchInput.setAttribute('aria-expanded', 'true');
    goTo(results[0]);
    searchResults.hidden = results.length < 2;  // several: keep the list to pick another
  } catch {
    status.textContent = t().searchError;
  }
}

$('search').addEventListener('submit', (e) => {
  e.preventDefault();
  search(searchInput.value);
});
searchInput.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown' && !searchResults.hidden) {
    const first = searchResults.querySelector('button');
    if (first) {
      e.preventDefault();
      first.focus();
    }
  }
});
searchResults.addEventListener('keydown', (e) => {
  const buttons = [...searchResults.querySelectorAll('button')];
  const i = buttons.indexOf(document.activeElement);
  if (e.key === 'ArrowDown' && i >= 0 && i < buttons.length - 1) {
    e.preventDefault();
    buttons[i + 1].focus();
  } else if (e.key === 'ArrowUp') {
    e.preventDefault();
    (i > 0 ? buttons[i - 1] : searchInput).focus();
  }
});

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
$('pref-select').addEventListener('change', (e) => {
  state.mode = `${$('mode-select').value}/${e.target.value}`;
  update();
});
$('lang-button').addEventListener('click', () => {
  state.lang = state.lang === 'ja' ? 'en' : 'ja';
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
  if (!searchResults.hidden) {
    closeSearch();
    searchInput.focus();
  } else if (map._popup && map.hasLayer(map._popup)) {
    map.closePopup();
  } else if (document.body.classList.contains('drawer-open')) {
    setDrawer(false);
    $('drawer-toggle').focus();
  }
});

// ---- dialogs: share, embed, print -----------------------------------------
function openDialog(title, html) {
  const d = $('dialog');
  $('dialog-title').textContent = title;
  $('dialog-body').innerHTML = html;
  for (const b of d.querySelectorAll('[data-copy]')) {
    b.addEventListener('click', () => copyFrom($(b.dataset.copy), b));
  }
  d.showModal();
  const first = d.querySelector('#dialog-body textarea, #dialog-body input');
  if (first) {
    first.focus();
    first.select();
  }
}

async function copyFrom(field, button) {
  const s = t();
  const status = button.closest('.copy-field').querySelector('.copy-status');
  let ok = false;
  try {
    await navigator.clipboard.writeText(field.value);
    ok = true;
  } catch {
    field.focus();
    field.select();
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
  }
  if (status) status.textContent = ok ? s.copied : s.copyFailed;
}

function copyField(id, label, value, multiline = false) {
  const s = t();
  const field = multiline
    ? `<textarea id="${id}" rows="4" readonly spellcheck="false">${escapeHtml(value)}</textarea>`
    : `<input id="${id}" type="text" readonly value="${escapeHtml(value)}" spellcheck="false">`;
  const button = `<button type="button" class="button" data-copy="${id}" aria-describedby="${id}-label">${escapeHtml(s.copy)}</button>`;
  return `<div class="copy-field${multiline ? ' multiline' : ''}"><label id="${id}-label" for="${id}">${escapeHtml(label)}</label><div class="copy-row">${field}${button}</div><span class="copy-status" role="status"></span></div>`;
}

$('share-button').addEventListener('click', () => {
  const s = t();
  const url = shareUrl();
  openDialog(s.shareTitle, `<p>${escapeHtml(s.shareHelp)}</p>${copyField('share-url', 'URL', url)}`);
});

function embedSrc() {
  const v = currentView();
  const { layer, year, level } = current;
  const p = serializeState({
    layer: layer.id,
    year: layerYears(layer).length > 1 ? year : null,
    level: layerLevels(layer).length > 1 ? level : null,
    overlay: current.overlayLayer ? current.overlayLayer.id : null,
    mode: current.overlayVariant ? current.overlayVariant.mode : null,
    z: Math.round(v.z),
    lat: v.lat,
    lon: v.lon,
    lang: state.lang,
  });
  return `${location.origin}/embed?${p}`;
}

async function probe(url) {
  try {
    const res = await fetch(url, { method: 'HEAD' });
    return res.ok;
  } catch {
    return false;
  }
}

$('embed-button').addEventListener('click', async () => {
  const s = t();
  const { layer, year, level } = current;
  const src = embedSrc();
  const title = `${pick(layer.title, state.lang)}${layerYears(layer).length > 1 ? ` ${year}` : ''}`;
  const snippet = `<iframe src="${src}" width="800" height="600" style="border:0" loading="lazy" title="${escapeHtml(s.embedMapLabel(title))}"></iframe>`;
  const tiles = `${location.origin}${tileUrl(layer, year, level, { retina: false })}`;
  const tilejson = `${location.origin}${tileJsonUrl(layer, year, level)}`;
  const wmts = `${location.origin}${WMTS_URL}`;
  openDialog(s.embedTitle, `<p>${escapeHtml(s.embedHelp)}</p>
${copyField('embed-snippet', '<iframe>', snippet, true)}
<p><a href="${escapeHtml(src)}" target="_blank" rel="noopener">${escapeHtml(s.embedPreview)}</a></p>
<h3>${escapeHtml(s.portalHelp)}</h3>
${copyField('tile-template', s.tileTemplate, tiles)}
${copyField('tilejson-url', s.tileJson, tilejson)}
<p class="availability" id="tilejson-status"></p>
${copyField('wmts-url', s.wmts, wmts)}
<p class="availability" id="wmts-status"></p>`);
  const [tj, wm] = await Promise.all([probe(tilejson), probe(wmts)]);
  if (!tj && $('tilejson-status')) $('tilejson-status').textContent = `TileJSON: ${s.notAvailable}`;
  if (!wm && $('wmts-status')) $('wmts-status').textContent = `WMTS: ${s.notAvailable}`;
});

function printLinks(paper) {
  const { layer, year, level } = current;
  const b = map.getBounds();
  const size = map.getSize();
  const q = new URLSearchParams({
    bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(','),
    paper,
    orientation: size.x >= size.y ? 'landscape' : 'portrait',
    lang: state.lang,
  });
  return ['pdf', 'png', 'svg']
    .map((ext) => `<li><a href="${escapeHtml(`${staticUrl(layer, year, level, ext)}?${q}${ext === 'png' ? '&dpi=150' : ''}`)}" target="_blank" rel="noopener">${ext.toUpperCase()}</a></li>`)
    .join('');
}

$('print-button').addEventListener('click', () => {
  const s = t();
  openDialog(s.printTitle, `<p>${escapeHtml(s.printHelp)}</p>
<div class="field"><label for="print-paper">${escapeHtml(s.paper)}</label><select id="print-paper"><option value="A4">A4</option><option value="A3">A3</option></select></div>
<ul class="print-links" id="print-links">${printLinks('A4')}</ul>`);
  $('print-paper').addEventListener('change', (e) => {
    $('print-links').innerHTML = printLinks(e.target.value);
  });
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
