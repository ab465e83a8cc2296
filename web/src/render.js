// HTML pieces shared by the viewer and the embed page: the legend with its
// credit lines, the info popup and its small SVG line chart.
import { escapeHtml, formatNumber, pick, strings } from './i18n.js';

// Credit lines: the server gives strings (or {ja,en}); keep their order, drop repeats.
export function creditLines(credits, lang) {
  const out = [];
  for (const c of credits || []) {
    const line = typeof c === 'string' ? c : pick(c.credit || c.text || c, lang);
    if (line && !out.includes(line)) out.push(line);
  }
  return out;
}

export function legendHtml(legend, lang, { title = true, credits = true, unitLine = false, extraCredits = [] } = {}) {
  const t = strings(lang);
  const unit = pick(legend.unit, lang);
  const items = (legend.entries || [])
    .map((e) => {
      // Flow legends give line widths (px) for some entries: draw a line of that width.
      const swatch = e.line_width
        ? `<span class="swatch line" style="--w:${Math.max(1, Math.min(14, Number(e.line_width) || 1)).toFixed(1)}px;--c:${escapeHtml(e.color)}"></span>`
        : `<span class="swatch" style="background:${escapeHtml(e.color)}"></span>`;
      return `<li>${swatch}<span class="label">${escapeHtml(pick(e.label, lang))}</span></li>`;
    })
    .join('');
  const lines = creditLines([...(legend.credits || []), ...extraCredits], lang);
  const head = title
    ? `<div class="legend-title">${escapeHtml(pick(legend.title, lang))}${unit ? ` <span class="legend-unit">${escapeHtml(lang === 'ja' ? `（${unit}）` : `(${unit})`)}</span>` : ''}</div>`
    : unitLine && unit
      ? `<div class="legend-unit-line">${escapeHtml(lang === 'ja' ? `単位：${unit}` : `Unit: ${unit}`)}</div>`
      : '';
  const cred = credits && lines.length
    ? `<div class="legend-credits" aria-label="${escapeHtml(t.credits)}">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`
    : '';
  return `${head}<div class="legend-body"><ul class="legend-entries" aria-label="${escapeHtml(t.legend)}">${items}</ul>${cred}</div>`;
}

// A small line chart of series [{year, value}], the selected year marked.
export function seriesSvg(series, { lang, title, unit, year, decimals, width = 260, height = 110 }) {
  const t = strings(lang);
  const pts = (series || []).filter((p) => p.value != null && Number.isFinite(p.value));
  if (pts.length < 2) return '';
  const left = 46, right = 10, top = 10, bottom = 22;
  const years = pts.map((p) => p.year);
  const values = pts.map((p) => p.value);
  let lo = Math.min(...values), hi = Math.max(...values);
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const y0 = Math.min(...years), y1 = Math.max(...years);
  const x = (yr) => left + ((yr - y0) / (y1 - y0)) * (width - left - right);
  const y = (v) => top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom);
  const fmt = (v) => formatNumber(v, lang, decimals) ?? '';
  const path = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.year).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const zero = lo < 0 && hi > 0 ? `<line class="zero" x1="${left}" x2="${width - right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}"/>` : '';
  const dots = pts
    .map((p) => {
      const sel = p.year === year;
      return `<circle cx="${x(p.year).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="${sel ? 4 : 2.5}"${sel ? ' class="selected"' : ''}><title>${p.year}: ${escapeHtml(fmt(p.value))}${escapeHtml(unit ? ` ${unit}` : '')}</title></circle>`;
    })
    .join('');
  const label = t.chartLabel(title, y0, y1);
  const vmax = Math.max(...values), vmin = Math.min(...values);
  return `<svg class="series" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}">
<title>${escapeHtml(label)}</title>
<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}"/>
<line class="axis" x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}"/>
${zero}
<text class="tick" x="${left - 4}" y="${(y(vmax) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(fmt(vmax))}</text>
<text class="tick" x="${left - 4}" y="${(y(vmin) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(fmt(vmin))}</text>
<text class="tick" x="${left}" y="${height - 6}" text-anchor="start">${y0}</text>
<text class="tick" x="${width - right}" y="${height - 6}" text-anchor="end">${y1}</text>
<path class="line" d="${path}"/>
${dots}
</svg>`;
}

function autoDecimals(v) {
  if (v == null || !Number.isFinite(v)) return 1;
  const a = Math.abs(v);
  return a >= 1000 || Number.isInteger(v) ? 0 : a >= 1 ? 1 : 2;
}

function valueText(v, unit, lang, decimals) {
  const s = formatNumber(v, lang, decimals);
  if (s == null) return strings(lang).popupNoData;
  return unit ? `${s} ${unit}` : s;
}

export function popupHtml(info, layer, lang) {
  const t = strings(lang);
  const unit = pick(info.unit || layer.unit, lang);
  // One number of decimals for the value and the prefecture's and Japan's values.
  const decimals = layer.classification && Number.isInteger(layer.classification.decimals)
    ? layer.classification.decimals
    : autoDecimals(info.value);
  const area = info.area || {};
  const title = pick(info.title || layer.title, lang);
  const rows = [];
  const row = (k, v, cls = '') => rows.push(`<tr${cls ? ` class="${cls}"` : ''}><th scope="row">${escapeHtml(k)}</th><td>${v}</td></tr>`);
  const swatch = `<span class="swatch" style="background:${escapeHtml(info.color || '#ccc')}"></span>`;
  const prefName = `${t.popupPref}${area.prefecture ? `（${area.prefecture}）` : ''}`;
  if (info.top_categories) {
    // A categorical layer (industry-top): the value is a category; its top three follow.
    row(t.popupValue, `${swatch}<strong>${escapeHtml(pick(info.class_label, lang))}</strong>`, 'value');
    if (info.prefecture_class_label) row(prefName, escapeHtml(pick(info.prefecture_class_label, lang)));
    info.top_categories.forEach((c, i) => row(`${i + 1}. ${pick(c.name, lang)}`,
      escapeHtml(`${formatNumber(c.value, lang, 2)}\u00a0·\u00a0${formatNumber(c.share, lang, 1)}%`)));
    rows.splice(rows.length - info.top_categories.length, 0, `<tr><th colspan="2">${escapeHtml(t.popupTop)}</th></tr>`);
  } else {
    row(t.popupValue, `<strong>${escapeHtml(valueText(info.value, unit, lang, decimals))}</strong>`, 'value');
    if (info.class_label) row(t.popupClass, `${swatch}${escapeHtml(pick(info.class_label, lang))}`);
    if ('prefecture_value' in info) row(prefName, escapeHtml(valueText(info.prefecture_value, unit, lang, decimals)));
    if ('japan_value' in info) row(t.popupJapan, escapeHtml(valueText(info.japan_value, unit, lang, decimals)));
  }

  const numbers = info.numbers || {};
  const numRows = [];
  for (const [key, v] of Object.entries(numbers)) {
    if (key.endsWith('_label') || key.endsWith('_code') || key === 'value') continue;
    const dataLabel = numbers[`${key}_label`];
    let name = t.numbers[key] || key;
    if (dataLabel) name = lang === 'ja' ? dataLabel : `${name} (${dataLabel})`;
    if (numbers[`${key}_code`]) name += ` [${numbers[`${key}_code`]}]`;  // the source's item code
    const text = key === 'base_year' ? String(v) : formatNumber(v, lang, Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : undefined) ?? t.popupNoData;
    numRows.push(`<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(text)}</td></tr>`);
  }
  const numbersHtml = numRows.length
    ? `<details class="numbers" open><summary>${escapeHtml(t.popupNumbers)}</summary><table>${numRows.join('')}</table></details>`
    : '';

  const chart = info.series && info.series.length > 1
    ? `<div class="chart"><div class="chart-title">${escapeHtml(t.popupSeries)}</div>${seriesSvg(info.series, { lang, title, unit, year: info.year, decimals })}</div>`
    : '';

  let merged = '';
  if (info.merged) {
    const members = (info.merged.members || []).map(escapeHtml).join('、');
    merged = `<div class="merged" role="note"><strong>${escapeHtml(t.popupMerged)}</strong><p>${escapeHtml(pick(info.merged.reason, lang))}</p><p class="members">${members}</p></div>`;
  }
  const sub = [area.prefecture && area.prefecture !== area.name ? area.prefecture : '', `${t.popupCode} ${area.code || ''}`].filter(Boolean).join(' · ');
  const year = info.year ? `${info.year}${lang === 'ja' ? '年' : ''}` : '';
  return `<div class="info" lang="${lang}">
<h2 class="info-name">${escapeHtml(area.name || '')}</h2>
<div class="info-sub">${escapeHtml(sub)}</div>
<div class="info-layer">${escapeHtml(title)}${year ? ` · ${escapeHtml(year)}` : ''}</div>
<table class="info-values">${rows.join('')}</table>
${chart}${numbersHtml}${merged}
</div>`;
}
