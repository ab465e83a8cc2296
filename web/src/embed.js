// /embed?layer=…&year=…&level=…&z=&lat=&lon=&lang=: the map with its legend and
// credit lines only, for <iframe>s in other sites and portals. Whatever the frame's size, the
// map keeps most of it: the legend starts folded below 480 px wide and always ends above the
// credit lines; a pop-up stays between the title and the credits.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './style.css';  // after Leaflet's, to override it
import { Catalog, fetchJSON, infoUrl, isFacilityKind, layerYears, legendUrl, pickLevel, pickYear } from './catalog.js';
import { titleWithYear } from './format.js';
import { escapeHtml, pick, strings } from './i18n.js';
import { TileSlot, boxControl, createMap, setCredits } from './mapcore.js';
import { pickMode } from './flows.js';
import { keepScrollersFocusable, popupFocus } from './focus.js';
import { legendHtml, popupHtml } from './render.js';
import { parseState, serializeState } from './state.js';
import { createMapSummary } from './summary.js';

const s0 = parseState(location.search, location.hash);
const lang = s0.lang || 'ja';
const t = strings(lang);
document.documentElement.lang = lang;

const map = createMap(document.getElementById('map'), { view: s0.hasView ? s0 : null, lang });
window.rxmap = { map };
popupFocus(map, () => lang);
const NARROW = 480;  // below this width the legend starts folded

// The room between the title (top) and the credit lines (bottom), in px of the map.
function room() {
  const size = map.getSize();
  const root = map.getContainer();
  const title = root.querySelector('.embed-title');
  const credits = root.querySelector('.leaflet-control-attribution');
  const top = title ? title.getBoundingClientRect().bottom - root.getBoundingClientRect().top : 0;
  const creditH = credits ? credits.getBoundingClientRect().height : 0;
  return { top, creditH, width: size.x, height: size.y };
}

// The legend sits above the credit lines when they would meet, and never taller than the room.
function fitLegend(box) {
  const r = room();
  const credits = map.getContainer().querySelector('.leaflet-control-attribution');
  const legendW = box.getBoundingClientRect().width;
  const creditW = credits ? credits.getBoundingClientRect().width : 0;
  const clash = legendW + creditW + 20 > r.width;
  box.style.marginBottom = clash ? `${Math.ceil(r.creditH) + 6}px` : '';
  box.style.maxHeight = `${Math.max(60, r.height - r.top - (clash ? r.creditH : 0) - 24)}px`;
}

async function start() {
  const legendCtl = boxControl('bottomleft', 'embed-legend leaflet-bar').addTo(map);
  const titleCtl = boxControl('topleft', 'embed-title', { scroll: false }).addTo(map);
  let catalog;
  try {
    const res = await fetchJSON('/layers');
    catalog = new Catalog(res.layers || []);
  } catch {
    legendCtl.getContainer().innerHTML = `<p class="error">${escapeHtml(t.loadError)}</p>`;
    return;
  }
  const layer = catalog.resolve({ layer: s0.layer || 'population-change', facility: s0.facility })
    || catalog.byId.get(catalog.indicators[0].layers[0]);
  const year = pickYear(layer, s0.year);
  const level = pickLevel(layer, s0.level);
  const flow = s0.overlay ? catalog.flowLayers.find((f) => f.id === s0.overlay) : null;
  const fv = flow ? { year: pickYear(flow, year), level: pickLevel(flow, level), mode: pickMode(flow, s0.mode) } : null;
  new TileSlot(map, { zIndex: 1, className: 'tiles-base' }).show(layer, year, level);
  if (flow) new TileSlot(map, { zIndex: 5, className: 'tiles-overlay' }).show(flow, fv.year, fv.level, { mode: fv.mode });
  setCredits(map, [layer, flow], lang);

  const title = layerYears(layer).length ? titleWithYear(pick(layer.title, lang), year, lang) : pick(layer.title, lang);  // the year once
  document.title = `${title} – rxmap`;
  createMapSummary(document.getElementById('map-summary'), { tableNote: 'mapTableViewer' })
    .describe({ layer, year, level, overlayLayer: flow }, lang, { tilesShown: new Promise((r) => map.once('rxmap:tilesshown', r)) });
  map.getContainer().setAttribute('aria-label', `${t.embedMapLabel(title)}${lang === 'ja' ? '。' : '. '}${t.mapKeys}`);
  const c = map.getCenter();
  const viewer = `/#${serializeState({ layer: layer.id, year, level, overlay: flow ? flow.id : null, mode: fv ? fv.mode : null, z: map.getZoom(), lat: c.lat, lon: c.lng, lang })}`;
  titleCtl.getContainer().innerHTML = `<h1 class="embed-title-text" title="${escapeHtml(title)}">${escapeHtml(title)}</h1> <a href="${escapeHtml(viewer)}" target="_blank" rel="noopener">${escapeHtml(t.openInViewer)}</a>`;

  const box = legendCtl.getContainer();
  try {
    const legends = [await fetchJSON(legendUrl(layer, year, level))];
    if (pick(layer.unit, 'ja')) legends[0].unit = layer.unit;
    if (flow) legends.push(await fetchJSON(legendUrl(flow, fv.year, fv.level, { mode: fv.mode })));
    const open = map.getSize().x >= NARROW && legends.length === 1 ? ' open' : '';
    box.innerHTML = `<details${open}><summary>${escapeHtml(t.legend)}</summary>${legends.map((l) => legendHtml(l, lang, { title: legends.length > 1, credits: false, unitLine: true })).join('')}</details>`;
  } catch {
    box.innerHTML = `<p class="error">${escapeHtml(t.loadError)}</p>`;
  }
  const fit = () => fitLegend(box);
  box.addEventListener('toggle', fit, true);
  map.on('resize', fit);
  new ResizeObserver(fit).observe(map.getContainer().querySelector('.leaflet-control-attribution'));
  fit();
  keepScrollersFocusable('.embed-legend, .leaflet-popup-content');
  // A click shows the area's values, as in the viewer.
  // A click, or Enter on the map (the area under the crosshair), shows the area's values.
  async function showAt(latlng) {
    // In a small frame: below the title, scrolling inside, with the legend folded away.
    const details = legendCtl.getContainer().querySelector('details');
    if (details) details.open = false;
    const r = room();
    // Below: the credit lines, or the folded legend above them.
    const root = map.getContainer();
    const bottom = Math.max(r.creditH, root.getBoundingClientRect().bottom - legendCtl.getContainer().getBoundingClientRect().top);
    const popup = L.popup({
      maxWidth: Math.min(300, r.width - 40), minWidth: Math.min(200, r.width - 60),
      maxHeight: Math.max(100, r.height - r.top - bottom - 60), className: 'info-popup',
      autoPanPaddingTopLeft: [10, r.top + 10], autoPanPaddingBottomRight: [10, bottom + 8],
    })
      .setLatLng(latlng).setContent(`<p class="loading">${escapeHtml(t.loading)}</p>`).openOn(map);
    try {
      const info = await fetchJSON(infoUrl(layer, year, level, latlng.lng, latlng.lat));
      if (isFacilityKind(layer.kind)) {
        delete info.prefecture_value;
        delete info.japan_value;
      }
      popup.setContent(popupHtml(info, layer, lang, { actions: false }));
    } catch (err) {
      popup.setContent(`<p class="info-empty">${escapeHtml(err.status === 404 ? t.popupSea : t.popupError)}</p>`);
    }
    popup.update();
  }
  map.on('click', (e) => showAt(e.latlng));
  const root = map.getContainer();
  root.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.target !== root) return;
    e.preventDefault();
    showAt(map.getCenter());
  });
  // Leaflet's own Esc works only while the map itself has focus, not inside the pop-up.
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') map.closePopup(); });
  document.body.classList.add('ready');
}

start();
