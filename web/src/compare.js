// The comparison: up to five areas on one 2020–2050 chart and in one table for the
// current indicator, kept in the URL (cmp=20382,20383,…) and saved as CSV.
import { fetchJSON, infoCodeUrl, layerYears } from './catalog.js';
import { csvText, saveText } from './download.js';
import { axisTicks, csvNumber, formatNumber, layerFormat, valueText } from './format.js';
import { escapeHtml, pick, strings } from './i18n.js';
import { creditLines } from './render.js';
import { MAX_COMPARED } from './state.js';

// Okabe–Ito: told apart with every colour vision.
export const COMPARE_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00'];

function chartSvg(rows, { lang, unit, year, width = 320, height = 170 }) {
  const pts = rows.flatMap((r) => r.series.filter((p) => Number.isFinite(p.value)));
  if (!pts.length) return '';
  const left = 52, right = 10, top = 16, bottom = 22;
  const years = pts.map((p) => p.year);
  const vmin = Math.min(...pts.map((p) => p.value)), vmax = Math.max(...pts.map((p) => p.value));
  // Round ticks, each printed differently, and the unit above the axis (never 「1」「1」).
  const { ticks, digits, label: tick } = axisTicks(vmin, vmax, 4, lang);
  const lo = Math.min(vmin, ticks[0]), hi = Math.max(vmax, ticks[ticks.length - 1]);
  const y0 = Math.min(...years), y1 = Math.max(...years);
  const x = (v) => left + (y1 === y0 ? 0.5 : (v - y0) / (y1 - y0)) * (width - left - right);
  const y = (v) => top + (1 - (v - lo) / (hi - lo || 1)) * (height - top - bottom);
  const fmt = (v, d) => formatNumber(v, lang, d) ?? '';
  const lines = rows.map((r, i) => {
    const p = r.series.filter((q) => Number.isFinite(q.value));
    const d = p.map((q, k) => `${k ? 'L' : 'M'}${x(q.year).toFixed(1)},${y(q.value).toFixed(1)}`).join(' ');
    const dots = p.map((q) => `<circle cx="${x(q.year).toFixed(1)}" cy="${y(q.value).toFixed(1)}" r="${q.year === year ? 4 : 2.5}" fill="${COMPARE_COLORS[i]}"><title>${escapeHtml(r.name)} ${q.year}: ${escapeHtml(fmt(q.value, Math.max(digits, 1)))} ${escapeHtml(unit)}</title></circle>`).join('');
    return `<path d="${d}" fill="none" stroke="${COMPARE_COLORS[i]}" stroke-width="2"${i % 2 ? ' stroke-dasharray="5 3"' : ''}/>${dots}`;
  }).join('');
  const zero = lo < 0 && hi > 0 ? `<line class="zero" x1="${left}" x2="${width - right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}"/>` : '';
  const label = strings(lang).compareTitle;
  const tickText = ticks.map((v) => `<text class="tick" x="${left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(tick(v))}</text>`).join('');
  return `<svg class="series compare-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(label)}">
<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}"/>
<line class="axis" x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}"/>${zero}
${unit ? `<text class="tick unit" x="${left - 4}" y="10" text-anchor="end">${escapeHtml(unit)}</text>` : ''}
${tickText}
<text class="tick" x="${left}" y="${height - 6}">${y0}</text>
<text class="tick" x="${width - right}" y="${height - 6}" text-anchor="end">${y1}</text>
${lines}</svg>`;
}

export class Comparison {
  // onChange(codes) is called after every change of the list (for the URL).
  constructor(box, { onChange }) {
    this.box = box;
    this.codes = [];
    this.rows = [];  // [{code, name, prefecture, series, value}] for the variant below
    this.variant = null;
    this.onChange = onChange;
    this.request = 0;
  }

  has(code) { return this.codes.includes(code); }
  get full() { return this.codes.length >= MAX_COMPARED; }

  set(codes) {
    this.codes = [...new Set(codes)].slice(0, MAX_COMPARED);
  }

  add(code) {
    if (!code || this.has(code) || this.full) return false;
    this.codes.push(code);
    this.onChange(this.codes);
    return true;
  }

  remove(code) {
    this.codes = this.codes.filter((c) => c !== code);
    this.onChange(this.codes);
  }

  // Loads every compared area's series for a variant {layer, year, level} and draws them.
  async load(variant, lang) {
    this.variant = variant;
    this.lang = lang;
    const n = ++this.request;
    const { layer, year, level } = variant;
    const rows = await Promise.all(this.codes.map(async (code) => {
      try {
        const info = await fetchJSON(infoCodeUrl(layer, year, level, code));
        const series = info.series || [{ year: info.year, value: info.value, state: info.state }];
        return { code, name: info.area.name, prefecture: info.area.prefecture || '', series, value: info.value, unit: info.unit };
      } catch {
        return { code, name: code, prefecture: '', series: [], value: null };
      }
    }));
    if (n !== this.request) return;
    this.rows = rows;
    this.render();
  }

  render() {
    const t = strings(this.lang);
    const { layer, year } = this.variant;
    const unit = pick(layer.unit, this.lang);
    const years = layerYears(layer).length ? layerYears(layer) : [year];
    const chips = this.rows.map((r, i) => `<li><span class="chip-swatch" style="background:${COMPARE_COLORS[i]}"></span>${escapeHtml(r.name)}<span class="pref">${escapeHtml(r.prefecture && r.prefecture !== r.name ? r.prefecture : '')}</span><button type="button" class="chip-remove" data-action="compare-remove" data-code="${escapeHtml(r.code)}" aria-label="${escapeHtml(t.compareRemove(r.name))}">×</button></li>`).join('');
    const head = `<tr><th scope="col">${escapeHtml(t.tableName)}</th>${years.map((y) => `<th scope="col"${y === year ? ' class="current"' : ''}>${y}</th>`).join('')}</tr>`;
    const body = this.rows.map((r) => `<tr><th scope="row">${escapeHtml(r.name)}</th>${years.map((y) => {
      const p = r.series.find((q) => q.year === y);
      // One format for every cell: the layer's digits; a state (「現在なし」) in words.
      return `<td${y === year ? ' class="current"' : ''}>${escapeHtml(p ? valueText(p.value, layer, this.lang, { state: p.state, unit: false }) : '–')}</td>`;
    }).join('')}</tr>`).join('');
    this.box.innerHTML = this.rows.length
      ? `<div class="compare-title">${escapeHtml(pick(layer.title, this.lang))}${unit ? ` (${escapeHtml(unit)})` : ''}</div>
<ul class="chips">${chips}</ul>
${chartSvg(this.rows, { lang: this.lang, unit, year })}
<div class="table-wrap"><table class="compare-table">${head}${body}</table></div>`
      : `<p class="empty">${escapeHtml(t.compareEmpty)}</p>`;
  }

  save() {
    const { layer, year, level } = this.variant;
    const years = layerYears(layer).length ? layerYears(layer) : [year];
    const unit = pick(layer.unit, 'ja');
    const header = ['code', 'name', 'prefecture', ...years.map(String), 'unit', 'layer', 'credits'];
    const credits = creditLines(layer.credits, 'ja').join(' / ');
    const rows = this.rows.map((r) => [r.code, r.name, r.prefecture, ...years.map((y) => {
      const p = r.series.find((q) => q.year === y);
      return p ? csvNumber(p.value, layerFormat(layer).digits) : null;
    }), unit, `${layer.id}/${level || ''}`, credits]);
    saveText(`compare_${layer.id.replace(/\//g, '_')}_${level || ''}.csv`, csvText([header, ...rows]));
  }
}
