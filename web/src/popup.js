// The pop-up of an area (a click on the map, Enter on it, or a code from search, table or a
// shared link): its values from /info, then its ranks (/api/rank), and the selected area
// outlined above the tiles.
import L from 'leaflet';
import { fetchJSON, infoCodeUrl, infoUrl, isCategorical, isFacilityKind, rankUrl } from './catalog.js';
import { flowInfoHtml } from './flows.js';
import { escapeHtml, strings } from './i18n.js';
import { popupHtml, rankHtml } from './render.js';

const RANK_BOX = '<div class="info-rank" aria-live="polite"></div>';

// ctx: { map, state, current(), comparison(), mobile (a MediaQueryList), onSelected(code), onOpen() }
export function createPopups(ctx) {
  const { map, state } = ctx;
  const t = () => strings(state.lang);
  // The selected area's outline (above the tiles, below pop-ups).
  map.createPane('selection').style.zIndex = 450;
  let selectionLayer = null;
  let infoRequest = 0;
  // The open pop-up's parts: its values, then its ranks when they come. Leaflet re-renders a
  // pop-up from its content string, so the parts are put together and set again, never patched.
  let shown = null;

  function outline(geometry) {
    if (selectionLayer) map.removeLayer(selectionLayer);
    selectionLayer = geometry
      ? L.geoJSON(geometry, {
        pane: 'selection',
        interactive: false,
        style: { color: '#111', weight: 3, opacity: 0.9, fill: false, dashArray: null },
      }).addTo(map)
      : null;
  }

  // The outlined area's bounds (null when none is).
  const selectionBounds = () => (selectionLayer ? selectionLayer.getBounds() : null);

  // On a phone the pop-up is nearly as wide as the map: keep its top (and close button) below the zoom buttons.
  function popupOptions() {
    return { maxWidth: 330, minWidth: 250, autoPanPadding: [20, 20], autoPanPaddingTopLeft: ctx.mobile.matches ? [10, 90] : [20, 20], className: 'info-popup' };
  }

  // The pop-up for the area at a point (a click) or with a code (search, table, shared link).
  // reuse: the open pop-up takes the new values in place (a year or indicator change), keeping
  // its old content until they come.
  async function showInfo(where, { popup: withPopup = true, fly = false, reuse = false } = {}) {
    const current = ctx.current();
    if (!current) return;
    const n = ++infoRequest;
    const { layer, year, level, overlayLayer, overlayVariant } = current;
    const byCode = typeof where === 'string';
    const url = byCode ? infoCodeUrl(layer, year, level, where, { outline: true })
      : `${infoUrl(layer, year, level, where.lng, where.lat)}&outline=1`;
    let popup = reuse && shown && map.hasLayer(shown.popup) ? shown.popup : null;
    if (withPopup && !byCode && !popup) {
      popup = L.popup(popupOptions())
        .setLatLng(where).setContent(`<p class="loading">${escapeHtml(t().loading)}</p>`).openOn(map);
    }
    try {
      const info = await fetchJSON(url);
      if (n !== infoRequest) return;
      const at = L.latLng(info.area.lat, info.area.lon);
      if (info.area.outline) outline(info.area.outline);
      // A member asked for (浪江町 in 浜通り地域) stays the selection: other layers draw it alone.
      ctx.onSelected(info.state === 'merged' && info.asked ? info.asked.code : info.area.code);
      if (fly && selectionLayer) map.flyToBounds(selectionLayer.getBounds(), { maxZoom: 11, padding: [40, 40], duration: 0.8 });
      if (!withPopup) return;
      if (isFacilityKind(layer.kind)) {
        // The facility models compare probabilities (info.facility), not the prefecture's value.
        delete info.prefecture_value;
        delete info.japan_value;
      }
      const flow = overlayLayer
        ? await fetchJSON(infoUrl(overlayLayer, overlayVariant.year, overlayVariant.level, at.lng, at.lat, { mode: overlayVariant.mode })).catch(() => null)
        : null;
      if (n !== infoRequest) return;
      const html = popupHtml(info, layer, state.lang) + (flow && flow.area ? flowInfoHtml(flow, state.lang) : '');
      if (!popup) {
        popup = L.popup(popupOptions()).setLatLng(at);
        const open = () => { if (n === infoRequest) popup.openOn(map); };
        if (fly) map.once('moveend', open);
        else open();
      }
      shown = { popup, html, ranks: '', code: info.area.code, where: byCode ? at : where };
      paint();
      loadRanks(info, ctx.current(), n);
    } catch (e) {
      if (n !== infoRequest || !popup) return;
      popup.setContent(`<p class="info-empty">${escapeHtml(e.status === 404 ? t().popupSea : t().popupError)}</p>`);
      popup.update();
    }
  }

  function paint() {
    if (!shown) return;
    shown.popup.setContent(shown.html.replace(RANK_BOX, `<div class="info-rank" aria-live="polite">${shown.ranks}</div>`));
    markCompareButton();
  }

  // Where the area stands: within its prefecture and among municipalities of its size, as far
  // as the layer offers those ranks (/layers rank_scopes: no peers for facility probabilities).
  async function loadRanks(info, { layer, year, level }, n) {
    if (isCategorical(layer)) return;  // categories have no order
    const code = info.area.code;
    const offered = layer.rank_scopes || ['prefecture', 'peers', 'japan'];
    const wanted = (level === 'prefecture' || level === 'bloc' || level === 'meti' ? ['japan'] : ['prefecture', 'peers'])
      .filter((w) => offered.includes(w));
    if (!wanted.length) return;
    shown.ranks = escapeHtml(t().rankLoading);
    paint();
    const ranks = await Promise.all(wanted.map((within) => fetchJSON(rankUrl(layer, year, level, { code, within })).catch(() => null)));
    if (n !== infoRequest || !shown) return;
    shown.ranks = rankHtml(ranks, state.lang, layer);
    paint();
  }

  // The pop-up's 「比較に追加」 says whether the area is compared already, or the comparison is full.
  function markCompareButton() {
    const el = map._popup && map._popup.getElement();
    const b = el && el.querySelector('[data-action="compare-add"]');
    if (!b) return;
    const s = t();
    const comparison = ctx.comparison();
    const inIt = comparison.has(b.dataset.code);
    b.textContent = inIt ? s.compareAdded : comparison.full ? s.compareFull : s.compareAdd;
    b.disabled = inIt || comparison.full;
  }

  map.on('click', (e) => showInfo(e.latlng));
  map.getContainer().addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target === map.getContainer()) {
      e.preventDefault();
      showInfo(map.getCenter());
    }
  });
  map.on('popupopen', () => {
    markCompareButton();
    ctx.onOpen();
  });

  // The selected code as an area of the level on show: a municipality's prefecture ("20382" →
  // "20000") at prefecture level; a prefecture selected at a finer level has no area there (null).
  function codeAtLevel(code, level) {
    if (!/^\d{5}$/.test(code)) return code;
    const isPref = code.endsWith('000');
    if (level === 'prefecture') return `${code.slice(0, 2)}000`;
    if (level === 'ward' || level === 'municipality') return isPref ? null : code;
    return null;  // blocs, METI areas: their own codes
  }
  const select = (code, options = {}) => {
    const at = codeAtLevel(code, ctx.current() ? ctx.current().level : '');
    if (at) showInfo(at, options);
  };
  const isOpen = () => !!(shown && map.hasLayer(shown.popup));
  // A new variant on show: the open pop-up, and one still coming for the old variant, are gone.
  function close() {
    infoRequest += 1;
    map.closePopup();
  }
  // The pop-up follows the area: after a year or indicator change the open pop-up shows the same
  // area's values in place (at another level, the area at the same place); a closed one stays
  // closed and only the outline follows.
  function refresh({ levelChanged = false } = {}) {
    if (isOpen()) {
      showInfo(levelChanged ? shown.where : shown.code, { reuse: true });
      return true;
    }
    return false;
  }
  // A shared link's sel=CODE: the pop-up opens (not only the outline); with a view in the link the
  // map stays there, panned only as far as the whole pop-up needs.
  const openCode = (code, { fly = false } = {}) => select(code, { fly });
  return { select, close, refresh, openCode, isOpen, outline, selectionBounds, markCompareButton };
}
