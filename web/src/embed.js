// /embed?layer=…&year=…&level=…&z=&lat=&lon=&lang=: the map with its legend and
// credit lines only, for <iframe>s in other sites and portals.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './style.css';  // after Leaflet's, to override it
import { Catalog, fetchJSON, infoUrl, isFacilityKind, layerYears, legendUrl, pickLevel, pickYear } from './catalog.js';
import { titleWithYear } from './format.js';
import { escapeHtml, pick, strings } from './i18n.js';
import { TileSlot, boxControl, createMap, setCredits } from './mapcore.js';
import { pickMode } from './flows.js';
import { legendHtml, popupHtml } from './render.js';
import { parseState, serializeState } from './state.js';

const s0 = parseState(location.search, location.hash);
const lang = s0.lang || 'ja';
const t = strings(lang);
document.documentElement.lang = lang;

const map = createMap(document.getElementById('map'), { view: s0.hasView ? s0 : null, lang });
window.rxmap = { map };

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
  map.getContainer().setAttribute('aria-label', t.embedMapLabel(title));
  const c = map.getCenter();
  const viewer = `/#${serializeState({ layer: layer.id, year, level, overlay: flow ? flow.id : null, mode: fv ? fv.mode : null, z: map.getZoom(), lat: c.lat, lon: c.lng, lang })}`;
  titleCtl.getContainer().innerHTML = `<span class="embed-title-text">${escapeHtml(title)}</span> <a href="${escapeHtml(viewer)}" target="_blank" rel="noopener">${escapeHtml(t.openInViewer)}</a>`;

  const box = legendCtl.getContainer();
  try {
    const legends = [await fetchJSON(legendUrl(layer, year, level))];
    if (pick(layer.unit, 'ja')) legends[0].unit = layer.unit;
    if (flow) legends.push(await fetchJSON(legendUrl(flow, fv.year, fv.level, { mode: fv.mode })));
    box.innerHTML = `<details open><summary>${escapeHtml(t.legend)}</summary>${legends.map((l) => legendHtml(l, lang, { title: legends.length > 1, credits: false, unitLine: true })).join('')}</details>`;
  } catch {
    box.innerHTML = `<p class="error">${escapeHtml(t.loadError)}</p>`;
  }
  // A click shows the area's values, as in the viewer.
  map.on('click', async (e) => {
    // In a small frame: below the title, scrolling inside, with the legend folded away.
    const details = legendCtl.getContainer().querySelector('details');
    if (details) details.open = false;
    const popup = L.popup({
      maxWidth: 300, minWidth: 200, maxHeight: Math.max(120, map.getSize().y - 80), className: 'info-popup',
      autoPanPaddingTopLeft: [10, 50], autoPanPaddingBottomRight: [10, 30],
    })
      .setLatLng(e.latlng).setContent(`<p class="loading">${escapeHtml(t.loading)}</p>`).openOn(map);
    try {
      const info = await fetchJSON(infoUrl(layer, year, level, e.latlng.lng, e.latlng.lat));
      if (isFacilityKind(layer.kind)) {
        delete info.prefecture_value;
        delete info.japan_value;
      }
      popup.setContent(popupHtml(info, layer, lang, { actions: false }));
    } catch (err) {
      popup.setContent(`<p class="info-empty">${escapeHtml(err.status === 404 ? t.popupSea : t.popupError)}</p>`);
    }
    popup.update();
  });
  document.body.classList.add('ready');
}

start();
