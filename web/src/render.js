// HTML pieces shared by the viewer and the embed page: the legend with its
// credit lines, the info popup and its small SVG line chart.
import { escapeHtml, formatNumber, pick, strings } from './i18n.js';

// A legend class's fill: its colour, with the server's hatching ("pattern": "hatch", styles/hatch.h:
// 2-px "/" lines in #9a9a9a every 8 px) where colour alone must not carry the meaning (現在なし).
function swatchFill(e) {
  const color = escapeHtml(e.color);
  if (e.pattern !== 'hatch') return color;
  return `repeating-linear-gradient(135deg,#9a9a9a 0 1.4px,transparent 1.4px 5.66px),${color}`;
}

// The credit lines of data/manifest.tsv in English (the manifest has them in Japanese).
const CREDITS_EN = {
  '出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成':
    'Source: MLIT, National Land Numerical Information (administrative areas), processed by rxmap',
  '出典：総務省統計局「令和2年国勢調査」': 'Source: Statistics Bureau of Japan, 2020 Population Census',
  '出典：独立行政法人統計センター「SSDSE（教育用標準データセット）」':
    'Source: National Statistics Center, SSDSE (Standardized Statistical Data Set for Education)',
  '出典：国立社会保障・人口問題研究所「日本の地域別将来推計人口（令和5（2023）年推計）」':
    'Source: National Institute of Population and Social Security Research (IPSS), Regional Population Projections for Japan (2023)',
  '出典：総務省統計局「住民基本台帳人口移動報告」': 'Source: Statistics Bureau of Japan, Report on Internal Migration (Basic Resident Register)',
  '出典：経済産業省「スマートかつ強靱な地域経済社会の実現に向けた研究会 取りまとめ」(2021), from 厚生労働省「職業安定業務統計」':
    'Source: METI, study group report on smart and resilient regional economies (2021), from MHLW Employment Security Statistics',
};

export function creditInLanguage(line, lang) {
  return lang === 'en' && CREDITS_EN[line] ? CREDITS_EN[line] : line;
}

// Credit lines: the server gives strings (or {ja,en}); keep their order, drop repeats.
export function creditLines(credits, lang) {
  const out = [];
  for (const c of credits || []) {
    const line = creditInLanguage(typeof c === 'string' ? c : pick(c.credit || c.text || c, lang), lang);
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
        : `<span class="swatch" style="background:${swatchFill(e)}"></span>`;
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

// actions: the rank box and 「比較に追加」 (the viewer); the embed page shows the values only.
export function popupHtml(info, layer, lang, { actions = true } = {}) {
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
  const fac = info.facility;
  if (fac) {
    const pct = (v) => (v == null ? t.popupNoData : `${formatNumber(v, lang, 0)} %`);
    row(t.facilityProbability, `<strong>${escapeHtml(pct(fac.probability))}</strong>`, 'probability');
    row(t.facilityPopulation, escapeHtml(valueText(fac.population, lang === 'ja' ? '人' : '', lang, 0)));
    row(t.facilityAt50, escapeHtml(valueText(fac.p50_population, lang === 'ja' ? '人' : '', lang, 0)));
    row(`${t.facilityPrefMean}${area.prefecture ? `（${area.prefecture}）` : ''}`, escapeHtml(pct(fac.prefecture_mean_probability)));
    row(t.facilityJapanMean, escapeHtml(pct(fac.japan_mean_probability)));
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

  // Facility layers chart the probability itself (a risk layer's own series is mostly 0 points).
  const series = fac && fac.probability_series ? fac.probability_series : info.series;
  const chart = series && series.length > 1
    ? `<div class="chart"><div class="chart-title">${escapeHtml(fac ? t.facilitySeries : t.popupSeries)}</div>${seriesSvg(series, fac ? { lang, title: t.facilitySeries, unit: '%', year: info.year, decimals: 0 } : { lang, title, unit, year: info.year, decimals })}</div>`
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
${actions && !info.top_categories ? `<div class="info-rank" aria-live="polite"></div>
<div class="info-actions"><button type="button" class="button compare-add" data-action="compare-add" data-code="${escapeHtml(area.code || '')}">${escapeHtml(t.compareAdd)}</button></div>` : ''}
${chart}${numbersHtml}${merged}
</div>`;
}

// The rank lines under the pop-up's values: 「長野県77市町村中 12位」 and among its peers,
// each with a link that opens the list beside the map.
export function rankHtml(ranks, lang) {
  const t = strings(lang);
  const lines = [];
  for (const r of ranks) {
    if (!r || r.position == null) continue;
    const g = r.group || {};
    const name = pick(g.name, lang);
    const isWard = (r.list || []).some((e) => /区$/.test(e.name));
    const levelWord = lang === 'ja' ? (g.within === 'prefecture' ? (isWard ? '市区町村' : '市町村') : '') : (isWard ? 'municipalities and wards' : 'municipalities');
    const text = g.within === 'peers' ? t.rankPeers(name, r.count, r.position)
      : g.within === 'japan' && lang === 'ja' ? `全国${r.count}${r.level === 'prefecture' ? '都道府県' : '地域'}中 ${r.position}位`
        : t.rankIn(name, r.count, levelWord || (lang === 'ja' ? '' : 'areas'), r.position);
    const tbl = g.within === 'peers' ? `peers:${r.area.code}` : g.within === 'prefecture' ? g.code : 'japan';
    lines.push(`<li data-within="${escapeHtml(g.within)}"><span class="rank-text">${escapeHtml(text)}</span> <button type="button" class="link" data-action="open-table" data-table="${escapeHtml(tbl)}">${escapeHtml(t.rankList)}</button></li>`);
  }
  if (!lines.length) return '';
  // Facility-risk layers rank by the probability (the server says how many it left out).
  const note = ranks.some((r) => r && 'none_today' in r) ? t.rankNoteRisk : t.rankNote;
  return `<ul class="rank-lines">${lines.join('')}</ul><p class="rank-note">${escapeHtml(note)}</p>`;
}
