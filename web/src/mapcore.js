// The Leaflet map both pages share: no basemap (rxmap's tiles are the map,
// their sea colour included), a choropleth tile layer, an optional overlay
// (flow lines) above it, and the layers' credit lines in the attribution.
import L from 'leaflet';
import { tileUrl } from './catalog.js';
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

// Keeps one tile layer for a slot ('base' or 'overlay') and its credit lines.
export class TileSlot {
  constructor(map, { zIndex, className }) {
    this.map = map;
    this.zIndex = zIndex;
    this.className = className;
    this.layer = null;
    this.key = null;
  }

  show(layer, year, level, extra = {}) {
    if (!layer) return this.clear();
    const url = tileUrl(layer, year, level, { extra });
    const minNative = Number.isInteger(layer.minzoom) ? layer.minzoom : 0;
    const maxNative = Number.isInteger(layer.maxzoom) ? layer.maxzoom : 14;
    const key = `${url}|${minNative}|${maxNative}`;
    if (this.layer && this.key === key) return this.layer;
    if (this.layer && this.layer.options.minNativeZoom === minNative && this.layer.options.maxNativeZoom === maxNative) {
      this.layer.setUrl(url);
    } else {
      if (this.layer) this.map.removeLayer(this.layer);
      this.layer = L.tileLayer(url, {
        bounds: JAPAN_BOUNDS,
        minNativeZoom: minNative,
        maxNativeZoom: maxNative,
        maxZoom: 15,
        zIndex: this.zIndex,
        className: this.className,
        keepBuffer: 2,
        updateWhenZooming: false,
        crossOrigin: false,
      }).addTo(this.map);
    }
    this.key = key;
    return this.layer;
  }

  clear() {
    if (this.layer) this.map.removeLayer(this.layer);
    this.layer = null;
    this.key = null;
    return null;
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
