// The viewer's whole state in the URL. The viewer writes it to the hash
// (#layer=population-change&year=2050&level=ward&z=6&lat=35.68&lon=139.76&lang=ja);
// both pages also read it from the query (/embed?layer=…, /?layer=…).
import { isFacilityKind, layerLevels, layerYears, splitFacilityId } from './catalog.js';

// What a first visit shows: the four main islands and Okinawa.
export const JAPAN_VIEW_BOUNDS = [[24.0, 122.9], [45.6, 146.0]];
// sel: the selected area's code; cmp: the compared areas' codes (comma-separated, at most 5);
// tbl: the table beside the map (a prefecture code, "japan", or "peers:<code>").
const KEYS = ['layer', 'facility', 'year', 'level', 'overlay', 'mode', 'sel', 'cmp', 'tbl', 'z', 'lat', 'lon', 'lang'];
export const MAX_COMPARED = 5;

function readParams(params, into) {
  for (const k of KEYS) {
    const v = params.get(k);
    if (v !== null && v !== '') into[k] = v;
  }
}

export function parseState(search = '', hash = '') {
  const raw = {};
  readParams(new URLSearchParams(search.replace(/^\?/, '')), raw);
  readParams(new URLSearchParams(hash.replace(/^#/, '')), raw);  // the hash wins
  const state = { ...raw };
  const num = (v, lo, hi) => {
    const n = Number(v);
    return Number.isFinite(n) && n >= lo && n <= hi ? n : null;
  };
  state.z = num(raw.z, 0, 22);
  state.lat = num(raw.lat, -85, 85);
  state.lon = num(raw.lon, -180, 180);
  state.year = raw.year != null && /^\d{4}$/.test(raw.year) ? Number(raw.year) : null;
  state.lang = raw.lang === 'en' ? 'en' : raw.lang === 'ja' ? 'ja' : null;
  state.hasView = state.z != null && state.lat != null && state.lon != null;
  state.sel = raw.sel && /^[0-9A-Za-z:]{2,16}$/.test(raw.sel) ? raw.sel : null;
  state.cmp = (raw.cmp || '').split(',').filter((c) => /^[0-9A-Za-z:]{2,16}$/.test(c)).slice(0, MAX_COMPARED);
  state.tbl = raw.tbl && /^(japan|\d{2}|peers:[0-9A-Za-z]{2,16})$/.test(raw.tbl) ? raw.tbl : null;
  return state;
}

// Query-string form of a state (without '?' or '#'). Only set fields are written.
export function serializeState(s) {
  const p = new URLSearchParams();
  if (s.layer) p.set('layer', s.layer);
  if (s.facility) p.set('facility', s.facility);
  if (s.year != null) p.set('year', String(s.year));
  if (s.level) p.set('level', s.level);
  if (s.overlay) p.set('overlay', s.overlay);
  if (s.overlay && s.mode) p.set('mode', s.mode);
  if (s.sel) p.set('sel', s.sel);
  if (s.cmp && s.cmp.length) p.set('cmp', s.cmp.join(','));
  if (s.tbl) p.set('tbl', s.tbl);
  if (s.z != null) p.set('z', String(Math.round(s.z * 100) / 100));
  if (s.lat != null) p.set('lat', s.lat.toFixed(4));
  if (s.lon != null) p.set('lon', s.lon.toFixed(4));
  if (s.lang) p.set('lang', s.lang);
  // Keep '/' readable in layer ids such as migration/…
  return p.toString().replace(/%2F/g, '/').replace(/%2C/g, ',').replace(/%3A/g, ':');
}

// The viewer's state from a parsed URL, with a first visit's defaults.
export function viewerState(initial) {
  return {
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
}

// Keeps the viewer's URL hash equal to its state. A change of what is shown (layer, year, level,
// overlay, area, comparison, table, language) is a new history entry, so that back and forward
// step through them; moving the map only replaces the entry's view.
// ctx: { map, initial, state, catalog(), current(), compared() }
export function createUrlState(ctx) {
  const { map, state } = ctx;
  // The view a URL asked for stays in the URL until the user moves the map:
  // Leaflet snaps the centre to whole pixels, which would drift shared links.
  let pinned = ctx.initial.hasView ? { z: ctx.initial.z, lat: ctx.initial.lat, lon: ctx.initial.lon } : null;
  let settled = false;  // until the first state is on screen, every write replaces
  let shownKey = null;  // the entry's state without its view
  const keyOf = (hash) => {
    const p = new URLSearchParams(hash.replace(/^#/, ''));
    for (const k of ['z', 'lat', 'lon']) p.delete(k);
    return p.toString();
  };
  map.on('dragstart zoomstart', () => { pinned = null; });
  map.getContainer().addEventListener('keydown', (e) => {
    if (/^Arrow|^[+-=]$/.test(e.key)) pinned = null;
  });

  function currentView() {
    if (pinned) return { ...pinned };
    const c = map.getCenter();
    return { z: map.getZoom(), lat: c.lat, lon: c.lng };
  }

  function urlLayer(layer) {
    const ind = ctx.catalog().indicatorOfLayer(layer.id);
    return ind.family && !isFacilityKind(layer.kind) ? layer.id : ind.key;
  }

  function write() {
    const v = currentView();
    const current = ctx.current();
    const s = {
      // Facility layers: layer=facility-risk&facility=hospital; other families name the layer: layer=industry-lq/ict.
      layer: ctx.catalog() && current ? urlLayer(current.layer) : state.layer,
      facility: current && isFacilityKind(current.layer.kind) ? splitFacilityId(current.layer.id).facility : null,
      year: current && layerYears(current.layer).length > 1 ? current.year : null,
      level: current && layerLevels(current.layer).length > 1 ? current.level : null,
      overlay: current && current.overlayLayer ? current.overlayLayer.id : null,
      mode: current && current.overlayVariant ? current.overlayVariant.mode : null,
      sel: state.sel,
      cmp: ctx.compared(),
      tbl: state.tbl,
      z: v.z,
      lat: v.lat,
      lon: v.lon,
      lang: state.lang,
    };
    const hash = `#${serializeState(s)}`;
    const key = keyOf(hash);
    if (settled && key !== shownKey) history.pushState(null, '', `${location.pathname}${hash}`);
    else if (location.hash !== hash) history.replaceState(null, '', `${location.pathname}${hash}`);
    shownKey = key;
  }

  return {
    write,
    currentView,
    shareUrl() {
      write();
      return `${location.origin}${location.pathname}${location.hash}`;
    },
    // A view from a changed hash: kept as written, like the first URL's.
    pin(view) { pinned = view; },
    settle() { settled = true; },
    // The hash changed outside write() (typed, back, forward): true when it names another state
    // than the one shown, which becomes the entry's state (its own writes then replace it).
    adopt() {
      const key = keyOf(location.hash);
      if (key === shownKey) return false;
      shownKey = key;
      return true;
    },
  };
}
