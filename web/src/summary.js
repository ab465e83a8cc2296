// The map's text alternative (WCAG 1.1.1): one sentence on what it shows (indicator, year,
// level) with its highest and lowest area, read by screen readers as the map's description
// (#map aria-describedby="map-summary"); every value is in the sheet's table.
import { fetchJSON, isCategorical, layerLevels, layerYears, rankUrl } from './catalog.js';
import { formatNumber, pick, strings } from './i18n.js';

// tableNote: where the table of every value is (the viewer's sheet, or the viewer for an embed).
export function createMapSummary(element, { tableNote = 'mapTableHere' } = {}) {
  let request = 0;
  let key = null;

  function levelName(level, layer, lang) {
    const l = layerLevels(layer).find((x) => x.id === level);
    return (lang === 'ja' ? l && l.title : null) || strings(lang).levels[level] || level;
  }

  // What the map shows now: written at once; the extremes follow (after the tiles, at low
  // priority: the throttled year change must not wait for them).
  async function describe({ layer, year, level, overlayLayer }, lang, { tilesShown = Promise.resolve() } = {}) {
    const s = strings(lang);
    const yearText = layerYears(layer).length ? (lang === 'ja' ? `${year}年` : String(year)) : '';
    const title = pick(layer.title, lang);
    const parts = [yearText && !title.includes(String(year)) ? yearText : '', s.mapSummaryLevel(levelName(level, layer, lang))].filter(Boolean);
    const flow = overlayLayer ? (lang === 'ja' ? `、${pick(overlayLayer.title, lang)}の線` : ` with ${pick(overlayLayer.title, lang)} as lines`) : '';
    const what = lang === 'ja' ? `「${title}」（${parts.join('、')}）${flow}` : `“${title}” (${parts.join(', ')})${flow}`;
    const k = `${layer.id}|${year}|${level}|${lang}|${overlayLayer ? overlayLayer.id : ''}`;
    if (k === key) return;
    key = k;
    const n = ++request;
    element.textContent = s.mapSummary(what, '') + s[tableNote];
    if (isCategorical(layer)) return;
    try {
      await tilesShown;
      // The prefectures where the layer has them (47 rows), else the areas on show.
      const byLevel = layerLevels(layer).some((l) => l.id === 'prefecture') ? 'prefecture' : level;
      const d = await fetchJSON(rankUrl(layer, year, byLevel, { within: 'japan' }), { priority: 'low' });
      if (n !== request) return;
      const rows = (d.list || []).filter((r) => Number.isFinite(r.value));
      if (rows.length < 2) return;
      const unit = pick(d.unit, lang);
      const decimals = Number.isInteger(layer.classification && layer.classification.decimals) ? layer.classification.decimals : undefined;
      const named = (r) => {
        const v = `${formatNumber(r.value, lang, decimals)}${unit ? (lang === 'ja' ? unit : ` ${unit}`) : ''}`;
        return lang === 'ja' ? `${r.name}（${v}）` : `${r.name} (${v})`;
      };
      const hi = rows.reduce((a, b) => (b.value > a.value ? b : a));
      const lo = rows.reduce((a, b) => (b.value < a.value ? b : a));
      element.textContent = s.mapSummary(what, s.mapExtremes(named(hi), named(lo))) + s[tableNote];
    } catch {
      // the sentence without the extremes stays
    }
  }

  return { describe };
}
