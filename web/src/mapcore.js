// The Leaflet map both pages share: no basemap (rxmap's tiles are the map,
// their sea colour included), a choropleth tile layer, an optional overlay
// (flow lines) above it, and the layers' credit lines in the attribution.
import L from 'leaflet';
import { layerYears, tileUrl } from './catalog.js';
import { escapeHtml } from './i18n.js';
import { creditLines } from './render.js';
import { JAPAN_VIEW_BOUNDS } from './state.js';

// Japan with some sea around it: tiles are requested only here.
export const JAPAN_BOUNDS = L.latLngBounds([20.0, 122.0], [46.5, 154.5]);

export function createMap(element, { view, lang }) {
  const map = L.map(element, {
    minZoom: 4,
    maxZoom: 15,
    zoomSnap: 1,  // whole zooms: the tiles carry labels, which blur when scaled
    zoomDelta: 1,
    wheelPxPerZoomLevel: 90,
    maxBounds: JAPAN_BOUNDS.pad(0.6),
    maxBoundsViscosity: 0.7,
    worldCopyJump: false,
    keyboard: true,
    zoomControl: false,
    attributionControl: false,
    // Tiles appear whole when loaded: the previous variant stays underneath until then
    // (TileSlot), so a fade would only show the sea through half-drawn tiles.
    fadeAnimation: false,
  });
  L.control.zoom({ position: 'topright' }).addTo(map);
  map.attribution = L.control.attribution({ position: 'bottomright', prefix: '<a href="https://leafletjs.com/">Leaflet</a>' }).addTo(map);
  if (view) map.setView([view.lat, view.lon], view.z, { animate: false });
  else map.fitBounds(JAPAN_VIEW_BOUNDS, { animate: false, padding: [8, 8] });
  setZoomTitles(map, lang);
  return map;
}

export function setZoomTitles(map, lang) {
  const root = map.getContainer();
  const zin = root.querySelector('.leaflet-control-zoom-in');
  const zout = root.querySelector('.leaflet-control-zoom-out');
  if (zin) {
    zin.title = lang === 'en' ? 'Zoom in' : '拡大';
    zin.setAttribute('aria-label', zin.title);
  }
  if (zout) {
    zout.title = lang === 'en' ? 'Zoom out' : '縮小';
    zout.setAttribute('aria-label', zout.title);
  }
}

// Keeps one tile layer for a slot ('base' or 'overlay'). A change of year or indicator never
// blanks the map: the new layer is added above the old one, and the old one is removed only when
// every visible tile of the new one has loaded (its 'load' event). A change that comes before
// that replaces the pending layer, not the one on show.
export class TileSlot {
  constructor(map, { zIndex, className }) {
    this.map = map;
    this.zIndex = zIndex;
    this.className = className;
    this.layer = null;   // the newest layer (pending or shown)
    this.shown = null;   // the newest layer whose tiles have all loaded
    this.key = null;
  }

  show(layer, year, level, extra = {}) {
    if (!layer) return this.clear();
    const url = tileUrl(layer, year, level, { extra });
    const minNative = Number.isInteger(layer.minzoom) ? layer.minzoom : 0;
    const maxNative = Number.isInteger(layer.maxzoom) ? layer.maxzoom : 14;
    const key = `${url}|${minNative}|${maxNative}`;
    if (this.layer && this.key === key) return this.layer;
    if (this.layer && this.layer !== this.shown) this.map.removeLayer(this.layer);  // never fully drawn
    const next = L.tileLayer(url, {
      bounds: JAPAN_BOUNDS,
      minNativeZoom: minNative,
      maxNativeZoom: maxNative,
      maxZoom: 15,
      zIndex: this.zIndex,
      className: this.className,
      keepBuffer: 2,
      updateWhenZooming: false,
      crossOrigin: false,
    });
    this.layer = next;
    this.key = key;
    // A busy server answers a tile it has not rendered yet 503 (render queue full, or this
    // client's render budget used): ask again a little later, a few times, rather than leave a hole.
    next.on('tileerror', ({ tile }) => {
      const tries = Number(tile.dataset.retries || 0);
      if (tries >= 3 || !tile.src) return;
      tile.dataset.retries = String(tries + 1);
      const src = tile.src;
      setTimeout(() => { if (this.layer === next || this.shown === next) tile.src = src; }, 1500 * (tries + 1));
    });
    next.once('load', () => {
      if (this.layer !== next) return;
      const old = this.shown;
      this.shown = next;
      if (old && old !== next) this.map.removeLayer(old);
      this.map.fire('rxmap:tilesshown', { slot: this.className, url });
    });
    next.addTo(this.map);
    return next;
  }

  // Whether the newest layer's tiles are all on screen.
  settled() {
    return !this.layer || this.layer === this.shown;
  }

  // The URLs of another variant's tiles in view (the ones this slot's layer would ask for).
  tilesInView(layer, year, level, extra = {}) {
    const template = tileUrl(layer, year, level, { extra });
    const z = Math.round(this.map.getZoom());
    const minNative = Number.isInteger(layer.minzoom) ? layer.minzoom : 0;
    const maxNative = Number.isInteger(layer.maxzoom) ? layer.maxzoom : 14;
    const tz = Math.max(minNative, Math.min(z, maxNative));
    const b = this.map.getPixelBounds();
    const scale = this.map.getZoomScale(tz, z);
    const size = 256;
    const x0 = Math.floor((b.min.x * scale) / size), x1 = Math.floor((b.max.x * scale) / size);
    const y0 = Math.floor((b.min.y * scale) / size), y1 = Math.floor((b.max.y * scale) / size);
    const r = L.Browser.retina ? '@2x' : '';  // as Leaflet fills {r}
    const urls = [];
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        if (y < 0 || y >= 2 ** tz) continue;
        const tileBounds = L.latLngBounds(
          this.map.unproject([x * size, (y + 1) * size], tz), this.map.unproject([(x + 1) * size, y * size], tz));
        if (JAPAN_BOUNDS.intersects(tileBounds)) urls.push(L.Util.template(template, { z: tz, x, y, r, s: '' }));
      }
    }
    return urls;
  }

  clear() {
    for (const l of [this.layer, this.shown]) if (l) this.map.removeLayer(l);
    this.layer = null;
    this.shown = null;
    this.key = null;
    return null;
  }
}

// A control holding a <div> (legend, title): clicks and wheel turns on it do not reach the map.
export function boxControl(position, className, { scroll = true } = {}) {
  const Box = L.Control.extend({
    options: { position },
    onAdd() {
      const div = L.DomUtil.create('div', className);
      L.DomEvent.disableClickPropagation(div);
      if (scroll) L.DomEvent.disableScrollPropagation(div);
      return div;
    },
  });
  return new Box();
}

// Flies to a search result's bounding box ([west, south, east, north]).
export function flyToPlace(map, place, maxZoom = 12) {
  const [w, s, e, n] = place.bbox;
  map.flyToBounds(L.latLngBounds([s, w], [n, e]), { maxZoom, padding: [30, 30], duration: 1.0 });
}

// Fetches into the browser's cache (tiles carry Cache-Control: max-age) the tiles in view of the
// years around the one a slot shows, so that the year slider finds its next step there: when the
// year on show is fully drawn (and again after the view moved), first its two neighbours, then at
// low priority the other years, nearest first. Bounded, so that a slow network stays free for what
// the user asks: a few requests at a time, the far years only while no tile on show is loading, at
// most maxTiles per view, none of the far years when the browser asks to save data; a new year or
// view replaces what was still queued.
export class YearPrefetch {
  constructor(slot, { maxTiles = 200 } = {}) {
    this.slot = slot;
    this.map = slot.map;
    this.maxTiles = maxTiles;
    this.variant = null;
    this.queue = [];
    this.inFlight = new Map();  // src -> its Image
    this.cached = new Set();
    this.done = Promise.resolve(0);  // the neighbours of the year on show are in the cache
    this.all = Promise.resolve(0);   // every year planned for this view is
    this.map.on('rxmap:tilesshown', (e) => { if (e.slot === slot.className) this.plan(); });
    // The view moves: what was queued is for the old one, and the new view's own tiles come first.
    this.map.on('movestart', () => this.setQueue([]));
    this.map.on('moveend', () => {
      const shown = slot.settled() && slot.shown;
      if (shown && shown.isLoading()) shown.once('load', () => this.plan());
      else if (shown) this.plan();
    });
  }

  // The variant on show (every update): what was queued for another one is dropped.
  follow(layer, year, level) {
    const key = layer ? `${layer.id}|${year}|${level}` : null;
    if (this.variant && this.variant.key === key) return;
    this.variant = layer ? { key, layer, year, level } : null;
    this.setQueue([]);
    // What is on its way for other years gives its connection to the tiles now wanted.
    const wanted = new Set(layer ? this.slot.tilesInView(layer, year, level) : []);
    for (const [src, img] of this.inFlight) {
      if (wanted.has(src)) continue;
      img.onload = img.onerror = null;
      img.src = '';
      this.inFlight.delete(src);
    }
  }

  plan() {
    const v = this.variant;
    if (!v) return;
    const years = layerYears(v.layer);
    const i = years.indexOf(v.year);
    if (i < 0) return;
    const near = [years[i + 1], years[i - 1]].filter((y) => y != null);
    const saveData = navigator.connection && navigator.connection.saveData;
    const far = saveData ? [] : years.filter((y) => y !== v.year && !near.includes(y))
      .sort((a, b) => Math.abs(a - v.year) - Math.abs(b - v.year) || b - a);
    const items = [];
    let n = 0;
    for (const y of [...near, ...far]) {
      const urls = this.slot.tilesInView(v.layer, y, v.level);
      if (n > 0 && n + urls.length > this.maxTiles) break;
      n += urls.length;
      for (const src of urls) if (!this.cached.has(src)) items.push({ src, neighbour: near.includes(y) });
    }
    this.setQueue(items);
    this.pump();
  }

  // A new queue; the promises of the one it replaces resolve (with what is left undone dropped).
  setQueue(items) {
    if (this.batch) this.batch.drop();
    const batch = { left: items.length, near: items.filter((it) => it.neighbour).length };
    this.done = new Promise((resolve) => { batch.nearDone = resolve; });
    this.all = new Promise((resolve) => { batch.allDone = resolve; });
    batch.finish = (it) => {
      if (it.neighbour && --batch.near === 0) batch.nearDone();
      if (--batch.left === 0) batch.allDone();
    };
    batch.drop = () => { batch.nearDone(); batch.allDone(); };
    if (!batch.near) batch.nearDone();
    if (!batch.left) batch.allDone();
    for (const it of items) it.batch = batch;
    this.batch = batch;
    this.queue = items;
  }

  // Four neighbour tiles at a time (of the browser's six connections to a host), three of the far
  // years; none of those while tiles on show are still loading.
  pump() {
    const drawing = this.slot.layer;  // the newest layer: pending, or the one on show
    const loading = !!drawing && (!this.slot.settled() || drawing.isLoading());
    if (loading && this.waitingOn !== drawing) {
      this.waitingOn = drawing;
      drawing.once('load', () => {
        if (this.waitingOn !== drawing) return;
        this.waitingOn = null;
        this.pump();
      });
    }
    while (this.queue.length && this.inFlight.size < (this.queue[0].neighbour ? 4 : loading ? 0 : 3)) {
      const it = this.queue.shift();
      if (this.inFlight.has(it.src)) {  // on its way already
        it.batch.finish(it);
        continue;
      }
      const img = new Image();
      this.inFlight.set(it.src, img);
      img.fetchPriority = it.neighbour ? 'auto' : 'low';
      img.onload = img.onerror = () => {
        this.inFlight.delete(it.src);
        if (img.naturalWidth) this.cached.add(it.src);
        it.batch.finish(it);
        this.pump();
      };
      img.src = it.src;
    }
  }
}

// The credit lines of the layers on show (in order, without repeats) in
// Leaflet's attribution control.
export function setCredits(map, layers, lang) {
  const lines = creditLines(layers.filter(Boolean).flatMap((l) => l.credits || []), lang);
  const html = lines.map((l) => `<span class="credit-line">${escapeHtml(l)}</span>`).join('');
  if (html === map._rxCredits) return;
  if (map._rxCredits) map.attribution.removeAttribution(map._rxCredits);
  map._rxCredits = html || null;
  if (html) map.attribution.addAttribution(html);
}
