// HTML pieces shared by the viewer and the embed page: the legend with its
// credit lines, the info popup and its small SVG line chart.
import { isCategorical } from './catalog.js';
import { axisTicks, countText, formatNumber, layerFormat, valueText, withUnit, words } from './format.js';
import { escapeHtml, pick, strings } from './i18n.js';

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

// A small line chart of series [{year, value}], the selected year marked; its axis reads in
// round ticks, each printed differently, with the unit above.
export function seriesSvg(series, { lang, title, unit, year, width = 260, height = 110 }) {
  const t = strings(lang);
  const pts = (series || []).filter((p) => p.value != null && Number.isFinite(p.value));
  if (pts.length < 2) return '';
  const left = 50, right = 10, top = 16, bottom = 22;
  const years = pts.map((p) => p.year);
  const values = pts.map((p) => p.value);
  const vmin = Math.min(...values), vmax = Math.max(...values);
  const { ticks, digits, label: tick } = axisTicks(vmin, vmax, 3, lang);
  const lo = Math.min(vmin, ticks[0]), hi = Math.max(vmax, ticks[ticks.length - 1]);
  const y0 = Math.min(...years), y1 = Math.max(...years);
  const x = (yr) => left + ((yr - y0) / (y1 - y0)) * (width - left - right);
  const y = (v) => top + (1 - (v - lo) / (hi - lo || 1)) * (height - top - bottom);
  const fmt = (v, d) => formatNumber(v, lang, d) ?? '';
  const u = pick(unit, lang);
  const path = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.year).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const zero = lo < 0 && hi > 0 ? `<line class="zero" x1="${left}" x2="${width - right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}"/>` : '';
  const dots = pts
    .map((p) => {
      const sel = p.year === year;
      return `<circle cx="${x(p.year).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="${sel ? 4 : 2.5}"${sel ? ' class="selected"' : ''}><title>${p.year}: ${escapeHtml(withUnit(fmt(p.value, Math.max(digits, 1)), unit, lang))}</title></circle>`;
    })
    .join('');
  const tickText = ticks
    .map((v) => `<text class="tick" x="${left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(tick(v))}</text>`)
    .join('');
  const label = t.chartLabel(title, y0, y1);
  return `<svg class="series" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}">
<title>${escapeHtml(label)}</title>
<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}"/>
<line class="axis" x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}"/>
${zero}
${u ? `<text class="tick unit" x="${left - 4}" y="10" text-anchor="end">${escapeHtml(u)}</text>` : ''}
${tickText}
<text class="tick" x="${left}" y="${height - 6}" text-anchor="start">${y0}</text>
<text class="tick" x="${width - right}" y="${height - 6}" text-anchor="end">${y1}</text>
<path class="line" d="${path}"/>
${dots}
</svg>`;
}

// The numbers behind the value, each with its label and unit (never the item code: codes stay
// in the data, /info's numbers and the CSV).
function numbersTable(numbers, lang, { skip = [] } = {}) {
  const t = strings(lang);
  const rows = [];
  for (const key of ['numerator', 'denominator', 'base', 'facilities_today']) {
    if (!(key in numbers) || skip.includes(key)) continue;
    const dataLabel = numbers[`${key}_label`];
    let name = t.numbers[key] || key;
    if (dataLabel) name = lang === 'ja' ? dataLabel : `${name} (${dataLabel})`;
    if (key === 'base' && numbers.base_year) name += lang === 'ja' ? `（${numbers.base_year}年）` : ` (${numbers.base_year})`;
    rows.push(`<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(countText(numbers[key], numbers[`${key}_unit`], lang))}</td></tr>`);
  }
  return rows.length
    ? `<details class="numbers" open><summary>${escapeHtml(t.popupNumbers)}</summary><table>${rows.join('')}</table></details>`
    : '';
}

// actions: the rank box and 「比較に追加」 (the viewer); the embed page shows the values only.
export function popupHtml(info, layer, lang, { actions = true } = {}) {
  const t = strings(lang);
  const w = words(lang);
  const f = layerFormat(layer);
  const unit = info.unit || f.unit;
  const val = (v, state) => valueText(v, { ...layer, format: { unit, digits: f.digits } }, lang, { state });
  const area = info.area || {};
  const title = pick(info.title || layer.title, lang);
  const kind = layer.kind || '';
  const rows = [];
  const row = (k, v, cls = '') => rows.push(`<tr${cls ? ` class="${cls}"` : ''}><th scope="row">${escapeHtml(k)}</th><td>${v}</td></tr>`);
  const swatch = `<span class="swatch" style="background:${escapeHtml(info.color || '#ccc')}"></span>`;
  const prefName = `${t.popupPref}${area.prefecture ? `（${area.prefecture}）` : ''}`;
  const topRows = () => {
    rows.push(`<tr><th colspan="2">${escapeHtml(t.popupTop)}</th></tr>`);
    info.top_categories.forEach((c, i) => row(`${i + 1}. ${pick(c.name, lang)}`,
      escapeHtml(`${withUnit(formatNumber(c.value, lang, 2), { ja: '倍', en: '× Japan' }, lang)}\u00a0·\u00a0${withUnit(formatNumber(c.share, lang, 1), '%', lang)}`)));
  };
  const categorical = isCategorical(layer);
  if (categorical && info.top_categories) {
    // A categorical layer (industry-top): the value is a category; its top three follow.
    row(t.popupValue, `${swatch}<strong>${escapeHtml(pick(info.class_label, lang))}</strong>`, 'value');
    if (info.prefecture_class_label) row(prefName, escapeHtml(pick(info.prefecture_class_label, lang)));
    topRows();
  } else {
    // A risk layer's value is how far the probability falls below 50 %: say so where it is shown.
    // A state (現在なし, リスクなし) is its class: one row with the swatch, no class row repeating it.
    const isState = info.state && info.state !== 'value' && info.state !== 'merged';
    const valueName = kind === 'facility-risk' && !isState ? `${t.popupValue}（${w.riskMeaning}）` : t.popupValue;
    row(valueName, `${isState ? swatch : ''}<strong>${escapeHtml(val(info.value, info.state))}</strong>`, 'value');
    if (info.class_label && !isState) {
      const label = pick(info.class_label, lang);  // a numeric class reads with its unit: 「−30 – −15 %」
      row(t.popupClass, `${swatch}${escapeHtml(/[\d万kM]$/.test(label) ? withUnit(label, unit, lang) : label)}`);
    }
    if ('prefecture_value' in info) row(prefName, escapeHtml(val(info.prefecture_value)));
    if ('japan_value' in info) {
      row(t.popupJapan, escapeHtml(info.japan_value == null && info.japan_note ? pick(info.japan_note, lang) : val(info.japan_value)));
    }
    if (info.top_categories) topRows();  // industry-lq: the area's most specialised industries, as industry-top's
  }
  const fac = info.facility;
  if (fac) {
    // One value, one rounding: a probability layer's value is the probability, shown once.
    const pct = (v) => withUnit(formatNumber(v, lang, f.digits), '%', lang) ?? w.states.no_data;
    const people = (v) => countText(v, { ja: '人', en: 'people' }, lang);
    if (kind !== 'facility-probability') row(t.facilityProbability, `<strong>${escapeHtml(pct(fac.probability))}</strong>`, 'probability');
    row(t.facilityPopulation, escapeHtml(people(fac.population)));
    row(t.facilityAt50, escapeHtml(people(fac.p50_population)));
    row(`${t.facilityPrefMean}${area.prefecture ? `（${area.prefecture}）` : ''}`, escapeHtml(pct(fac.prefecture_mean_probability)));
    row(t.facilityJapanMean, escapeHtml(pct(fac.japan_mean_probability)));
  }
  // A number shown once: facility layers show the projected population among their rows, and a
  // value with nothing to divide or compare with (a published ratio, a population) is its numerator.
  const n = info.numbers || {};
  const plain = !('denominator' in n) && !('base' in n);
  const numbersHtml = numbersTable(n, lang, { skip: fac || plain ? ['numerator'] : [] });

  // Facility layers chart the probability itself (a risk layer's own series is mostly states).
  const series = fac && fac.probability_series ? fac.probability_series : info.series;
  const chart = series && series.length > 1
    ? `<div class="chart"><div class="chart-title">${escapeHtml(fac ? t.facilitySeries : t.popupSeries)}</div>${seriesSvg(series, fac ? { lang, title: t.facilitySeries, unit: '%', year: info.year } : { lang, title, unit, year: info.year })}</div>`
    : '';

  let merged = '';
  if (info.merged) {
    const members = (info.merged.members || []).map(escapeHtml).join('、');
    const asked = info.state === 'merged' && info.asked ? `<p class="asked">${escapeHtml(w.mergedInto(info.asked.name, area.name))}</p>` : '';
    merged = `<div class="merged" role="note"><strong>${escapeHtml(t.popupMerged)}</strong>${asked}<p>${escapeHtml(pick(info.merged.reason, lang))}</p><p class="members">${members}</p></div>`;
  }
  const sub = [area.prefecture && area.prefecture !== area.name ? area.prefecture : '', `${t.popupCode} ${area.code || ''}`].filter(Boolean).join(' · ');
  const year = info.year ? `${info.year}${lang === 'ja' ? '年' : ''}` : '';
  const ranked = actions && !categorical && (layer.rank_scopes ? layer.rank_scopes.length > 0 : true);
  return `<div class="info" lang="${lang}">
<h2 class="info-name">${escapeHtml(area.name || '')}</h2>
<div class="info-sub">${escapeHtml(sub)}</div>
<div class="info-layer">${escapeHtml(title)}${year ? ` · ${escapeHtml(year)}` : ''}</div>
<table class="info-values">${rows.join('')}</table>
${ranked ? '<div class="info-rank" aria-live="polite"></div>' : ''}
${actions && !categorical ? `<div class="info-actions"><button type="button" class="button compare-add" data-action="compare-add" data-code="${escapeHtml(area.code || '')}">${escapeHtml(t.compareAdd)}</button></div>` : ''}
${chart}${numbersHtml}${merged}
</div>`;
}

// The rank lines under the pop-up's values: 「長野県77市町村中 12位」 and among its peers,
// each with a link that opens the list beside the map; then what position 1 means for the layer.
export function rankHtml(ranks, lang, layer = {}) {
  const t = strings(lang);
  const w = words(lang);
  const lines = [];
  for (const r of ranks) {
    if (!r) continue;
    if (r.position == null) {  // no place in the ranking (none of the facility today, no data): say why once
      const why = w.rankUnranked[r.state];
      if (why && !lines.some((l) => l.includes(why))) lines.push(`<li data-within="none"><span class="rank-text">${escapeHtml(why)}</span></li>`);
      continue;
    }
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
  const ranked = ranks.filter((r) => r && r.position != null);
  if (!ranked.length) return `<ul class="rank-lines">${lines.join('')}</ul>`;
  // Facility-risk layers rank by the probability (the server says how many it left out).
  const higher = ranked[0].higher_is || layer.higher_is || 'neither';
  const note = ranked.some((r) => 'none_today' in r) ? t.rankNoteRisk : w.rankOrder[higher] || w.rankOrder.neither;
  return `<ul class="rank-lines">${lines.join('')}</ul><p class="rank-note">${escapeHtml(note)}</p>`;
}
