// /vector?layer=…&year=…&level=…&lang=: the map drawn by MapLibre GL from rxmap's vector tiles
// and its style (/styles/{variant}.json). A year change is a restyle through feature-state
// (the values of every year come once from /styles/{variant}.values.json): no tile request.
// The area under the pointer is outlined; a click shows the same pop-up as the PNG map.
// Without WebGL the page goes to the PNG embed (/embed) with the same state.
import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { Catalog, fetchJSON, infoCodeUrl, legendUrl, pickLevel, pickYear, variantPath } from './catalog.js';
import { escapeHtml, pick, strings } from './i18n.js';
import { legendHtml, popupHtml } from './render.js';

const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'ja';
const t = strings(lang);
const encodePath = (p) => p.split('/').map(encodeURIComponent).join('/');

function webglAvailable() {
  try {
    const c = document.createElement('canvas');
    return !!(c.getContext('webgl2') || c.getContext('webgl'));
  } catch {
    return false;
  }
}

// Sets the class of `year` as feature-state on every area whose class differs from the one shown
// (`shown`: code -> class, kept up to date): the style's fill reads feature-state first.
export function applyYear(map, values, year, shown) {
  const started = performance.now();
  const byCode = values.values[String(year)] || {};
  for (const code of values.codes) {
    const v = byCode[code];
    const cls = v ? v[1] : -1;
    if (shown.get(code) === cls) continue;
    shown.set(code, cls);
    map.setFeatureState({ source: 'rxmap', sourceLayer: 'areas', id: Number(code) }, { class: cls });
  }
  return performance.now() - started;
}

async function start() {
  if (!webglAvailable()) {
    location.replace(`/embed${location.search}`);
    return;
  }
  const catalog = new Catalog((await fetchJSON('/layers')).layers || []);
  const layer = catalog.resolve({ layer: params.get('layer') || 'population-change' }) || catalog.byId.get('population');
  const level = pickLevel(layer, params.get('level'));
  let year = pickYear(layer, params.get('year') ? Number(params.get('year')) : null);
  const variant = variantPath(layer, year, level);
  const styleUrl = `/styles/${encodePath(variant)}.json`;
  const map = new maplibregl.Map({
    container: 'map',
    style: styleUrl,
    center: [Number(params.get('lon')) || 137.5, Number(params.get('lat')) || 37.0],
    zoom: params.get('z') != null ? Number(params.get('z')) - 1 : 4,  // 512-px tiles: the PNG's zoom less one
    localIdeographFontFamily: "'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif",
    attributionControl: { compact: true },
    fadeDuration: 0,
    // ?capture=1 (tests, screenshots): the canvas keeps its pixels after drawing, to be read back.
    preserveDrawingBuffer: params.has('capture'),
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  const state = { map, layer, level, year, values: null, tileRequests: 0, lastYearSwitchMs: null };
  window.rxmap = state;
  map.on('dataloading', (e) => { if (e.dataType === 'source' && e.tile) state.tileRequests += 1; });

  const title = document.getElementById('vector-title');
  const legendBox = document.querySelector('#vector-legend > div');
  const showTitle = () => {
    const text = `${pick(layer.title, lang)}（${lang === 'ja' ? `${state.year}年` : state.year}）`;
    title.textContent = text;
    document.title = `${text} – rxmap`;
  };
  const showLegend = async () => {
    try {
      const legend = await fetchJSON(legendUrl(layer, state.year, level));
      legendBox.innerHTML = legendHtml(legend, lang, { title: false, credits: false, unitLine: true });  // credits: the map's attribution
    } catch {
      legendBox.innerHTML = `<p class="error">${escapeHtml(t.loadError)}</p>`;
    }
  };
  showTitle();
  showLegend();

  // Every year's values once; a year change is then feature-state only.
  if (!layer.flow && layer.kind !== 'flow') {
    try {
      const values = await fetchJSON(`/styles/${encodePath(variant)}.values.json`);
      const codes = new Set();
      for (const y of Object.values(values.values)) for (const c of Object.keys(y)) codes.add(c);
      values.codes = [...codes].filter((c) => /^\d+$/.test(c));
      state.values = values;
      // What the tiles show: the style's own year.
      state.shown = new Map(values.codes.map((c) => [c, (values.values[String(year)] || {})[c]?.[1] ?? -1]));
      const select = document.getElementById('vector-year');
      if (values.years.length > 1) {
        select.innerHTML = values.years.map((y) => `<option value="${y}"${y === year ? ' selected' : ''}>${y}</option>`).join('');
        document.getElementById('vector-year-label').hidden = false;
        select.addEventListener('change', () => setYear(Number(select.value)));
      }
    } catch {
      /* no year switching: the style still draws its own year */
    }
  }
  function setYear(y) {
    if (!state.values || !state.values.years.includes(y)) return;
    state.year = y;
    state.lastYearSwitchMs = applyYear(map, state.values, y, state.shown);
    showTitle();
    showLegend();
  }
  state.setYear = setYear;

  // The area under the pointer: outlined through feature-state "hover".
  let hovered = null;
  const setHover = (id) => {
    if (hovered != null) map.setFeatureState({ source: 'rxmap', sourceLayer: 'areas', id: hovered }, { hover: false });
    hovered = id;
    if (id != null) map.setFeatureState({ source: 'rxmap', sourceLayer: 'areas', id }, { hover: true });
  };
  map.on('mousemove', 'areas', (e) => {
    const f = e.features && e.features[0];
    map.getCanvas().style.cursor = f ? 'pointer' : '';
    setHover(f && f.id != null ? f.id : null);
  });
  map.on('mouseleave', 'areas', () => {
    map.getCanvas().style.cursor = '';
    setHover(null);
  });

  // A click: the PNG map's pop-up, from /info of the year on show.
  map.on('click', 'areas', async (e) => {
    const f = e.features && e.features[0];
    if (!f) return;
    const popup = new maplibregl.Popup({ maxWidth: '300px', className: 'info-popup' })
      .setLngLat(e.lngLat).setHTML(`<p class="loading">${escapeHtml(t.loading)}</p>`).addTo(map);
    try {
      const info = await fetchJSON(infoCodeUrl(layer, state.year, level, f.properties.code));
      popup.setHTML(popupHtml(info, layer, lang, { actions: false }));
    } catch (err) {
      popup.setHTML(`<p class="info-empty">${escapeHtml(t.popupError)}</p>`);
    }
  });
  map.on('load', () => {
    if (state.values && state.year !== year) applyYear(map, state.values, state.year, state.shown);
    document.body.classList.add('ready');
  });
  map.once('idle', () => document.body.classList.add('idle'));
}

start();
