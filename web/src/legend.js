// The legends of the variant on show: the panel's (#legend with the credit lines, the flow
// overlay's in #overlay-legend) and a compact one on the map, which CSS shows on phones only
// (there the panel is a drawer).
import { fetchJSON, layerYears, legendUrl } from './catalog.js';
import { escapeHtml, pick, strings } from './i18n.js';
import { boxControl } from './mapcore.js';
import { legendHtml } from './render.js';

const $ = (id) => document.getElementById(id);

// ctx: { map, state, mobile (a MediaQueryList) }
export function createLegends({ map, state, mobile }) {
  const mapLegend = boxControl('topleft', 'map-legend').addTo(map);
  let request = 0;

  async function render({ layer, year, level, overlayLayer, overlayVariant }) {
    const n = ++request;
    const box = $('legend');
    const ob = $('overlay-legend');
    box.setAttribute('aria-busy', 'true');
    const overlayLegend = overlayLayer
      ? fetchJSON(legendUrl(overlayLayer, overlayVariant.year, overlayVariant.level, { mode: overlayVariant.mode })).catch(() => null)
      : Promise.resolve(null);
    try {
      const [legend, flow] = await Promise.all([fetchJSON(legendUrl(layer, year, level)), overlayLegend]);
      if (n !== request) return;
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
      // So does a flow overlay's (two legends would cover most of Japan).
      const long = mobile.matches && ((legend.entries || []).length > 10 || !!flow);
      const isOpen = long && !(open && open.dataset.long === '1') ? false : !open || open.open;
      mapLegend.getContainer().innerHTML = `<details data-long="${long ? 1 : 0}"${isOpen ? ' open' : ''}><summary>${escapeHtml(strings(state.lang).legend)}</summary>${compact}</details>`;
      // The neighbouring years' legends into the browser's cache (max-age), like their tiles
      // (mapcore.js YearPrefetch): the slider's next step changes both at once.
      const years = layerYears(layer);
      const i = years.indexOf(year);
      for (const y of [years[i + 1], years[i - 1]]) if (i >= 0 && y != null) fetchJSON(legendUrl(layer, y, level), { priority: 'low' }).catch(() => {});
    } catch (e) {
      if (n !== request) return;
      box.innerHTML = `<p class="error">${escapeHtml(strings(state.lang).loadError)}</p>`;
    } finally {
      if (n === request) box.removeAttribute('aria-busy');
    }
  }

  // On a phone the open legend would cover a pop-up's top (name, value): fold it away.
  function foldOnPhone() {
    if (!mobile.matches) return;
    const d = mapLegend.getContainer().querySelector('details');
    if (d) d.open = false;
  }

  return { render, foldOnPhone };
}
