// One formatter for every number a person reads: pop-ups, tables, comparison, legends and the
// CSV made in the page. Each layer says how its value reads in /layers (`format`: unit and
// digits, `higher_is`, `rank_scopes`); the server's legends and prints follow the same rules
// (common/number_text.h). States that are not numbers come as words, never as −1, 0 or NaN.
import { pick } from './i18n.js';

// The words of this file (the rest of the viewer's strings are in i18n.js).
const WORDS = {
  ja: {
    states: {
      none_today: '現在なし',
      no_risk: 'リスクなし（50%以上）',
      no_data: 'データなし',
      merged: '一体の地域の値',
    },
    riskMeaning: '50%を下回る幅（ポイント）',
    mergedInto: (member, area) => `${member}は${area}として推計されています（この値は${area}のもの）`,
    rankOrder: { better: '1位は値が最も高い（良い）地域', worse: '1位は値が最も高い（悪い）地域', neither: '1位は値が最も大きい地域' },
    rankUnranked: {
      none_today: '施設が現在ないため順位はありません',
      no_data: 'データがないため順位はありません',
      merged: '人口は一体の地域として推計されているため、同規模の市区町村の順位はありません',
      no_risk: '',
    },
    higherIs: { better: '高いほど良い', worse: '高いほど悪い', neither: '' },
    noJapan: 'データなし',
  },
  en: {
    states: {
      none_today: 'none today',
      no_risk: 'not at risk (50 % or more)',
      no_data: 'no data',
      merged: 'value of the merged area',
    },
    riskMeaning: 'points below 50 %',
    mergedInto: (member, area) => `${member} is projected as part of ${area} (this is ${area}'s value)`,
    rankOrder: { better: 'No. 1 has the highest value (best)', worse: 'No. 1 has the highest value (worst)', neither: 'No. 1 has the largest value' },
    rankUnranked: {
      none_today: 'no rank: none of the facility today',
      no_data: 'no rank: no data',
      merged: 'no rank among areas of its size: its population is projected only with its merged area',
      no_risk: '',
    },
    higherIs: { better: 'higher is better', worse: 'higher is worse', neither: '' },
    noJapan: 'no data',
  },
};

export const words = (lang) => WORDS[lang === 'en' ? 'en' : 'ja'];

// The layer's reading rules: {digits, unit: {ja, en}} from /layers (older servers: the classification's decimals).
export function layerFormat(layer) {
  const f = (layer && layer.format) || {};
  const c = (layer && layer.classification) || {};
  const digits = Number.isInteger(f.digits) ? f.digits : Number.isInteger(c.decimals) ? c.decimals : 0;
  return { digits, unit: f.unit || (layer && layer.unit) || '' };
}

const formatters = new Map();
function numberFormat(lang, digits) {
  const key = `${lang}:${digits}`;
  if (!formatters.has(key)) {
    formatters.set(key, new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'ja-JP', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }));
  }
  return formatters.get(key);
}

// A number with `digits` decimals and separators ("1,234.5", "−3"): null when it is not a number.
export function formatNumber(v, lang, digits = 0) {
  if (v == null || typeof v !== 'number' || !Number.isFinite(v)) return null;
  const s = numberFormat(lang, digits).format(v);
  // "-0.0" after rounding is zero; a true minus sign as the server's legends print it.
  return /^-[0.,]*$/.test(s) ? s.slice(1) : s.replace(/^-/, '\u2212');
}

// English count units for one: "1 facility", not "1 facilities".
const SINGULAR = { people: 'person', persons: 'person', facilities: 'facility', households: 'household', establishments: 'establishment' };

// A value with its unit ("84.7 %", "12,345 人", "1.25 倍"), or null.
export function withUnit(text, unit, lang) {
  if (text == null) return null;
  let u = pick(unit, lang);
  if (!u) return text;
  if (lang === 'en' && text === '1' && SINGULAR[u]) u = SINGULAR[u];
  return `${text}\u00a0${u}`;
}

// The value of a layer as a person reads it: the number in the layer's digits and unit, or the
// word of its state (「現在なし」, 「データなし」…).
export function valueText(v, layer, lang, { state, unit = true } = {}) {
  if (state && state !== 'value' && state !== 'merged') return words(lang).states[state] || words(lang).states.no_data;
  const f = layerFormat(layer);
  const s = formatNumber(v, lang, f.digits);
  if (s == null) return words(lang).states.no_data;
  return unit ? withUnit(s, f.unit, lang) : s;
}

// A count (people, facilities, thousand yen): whole numbers with separators, its unit.
export function countText(v, unit, lang) {
  const digits = v != null && Math.abs(v) < 100 && !Number.isInteger(v) ? 1 : 0;
  return withUnit(formatNumber(v, lang, digits), unit, lang) ?? words(lang).states.no_data;
}

// Large numbers on an axis, as the server's legends write them (common/number_text.h
// large_number): 「300万」, "3.00M"; smaller ones with separators.
export function largeNumber(v, lang) {
  const a = Math.abs(v);
  if (lang !== 'en' && a >= 1e4) return `${formatNumber(v / 1e4, lang, a >= 1e6 ? 0 : 1)}万`;
  if (lang === 'en' && a >= 1e6) return `${formatNumber(v / 1e6, lang, 2)}M`;
  if (lang === 'en' && a >= 1e4) return `${formatNumber(v / 1e3, lang, 0)}k`;
  return formatNumber(v, lang, 0);
}

// Values for a CSV made in the page: the layer's digits plus two (no 15-digit floats).
export function csvNumber(v, digits) {
  if (v == null || !Number.isFinite(v)) return null;
  const f = 10 ** (digits + 2);
  return Math.round(v * f) / f;
}

// Axis ticks that read well: about n round values from lo to hi (at least two), each printed
// differently.
export function niceTicks(lo, hi, n = 3) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { ticks: [], digits: 0 };
  if (lo === hi) {
    const d = Math.abs(lo) * 0.1 || 1;
    lo -= d;
    hi += d;
  }
  const mag = 10 ** Math.floor(Math.log10((hi - lo) / Math.max(1, n - 1)));
  const steps = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10].map((m) => m * mag);
  const ticksOf = (step) => {
    const out = [];
    for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
    return out;
  };
  // The largest round step that still gives two ticks, and no more than n + 1.
  let step = steps.find((s) => ticksOf(s).length <= n + 1) || steps[steps.length - 1];
  for (let i = steps.indexOf(step); ticksOf(step).length < 2 && i > 0; i -= 1) step = steps[i - 1];
  const exponent = Math.floor(Math.log10(step) + 1e-9);
  const mantissa = Math.round(step / 10 ** exponent * 10) / 10;
  const digits = Math.max(0, -exponent + (mantissa === 2.5 ? 1 : 0));  // 0.25 → 2, 0.05 → 2, 25 → 0, 1e-5 → 5
  return { ticks: ticksOf(step), digits, step };
}

// A chart axis: round ticks and their labels (counts of 100,000 and more in 万 or M: 「300万」
// fits the axis, 「3,000,000」 does not).
export function axisTicks(lo, hi, n, lang) {
  const { ticks, digits } = niceTicks(lo, hi, n);
  const large = ticks.some((v) => Math.abs(v) >= 1e5);
  return { ticks, digits, label: (v) => (large ? largeNumber(v, lang) : formatNumber(v, lang, digits)) };
}

// A title with its year, unless the title names that year already
// (「都道府県間の転入超過率（2025年、人口千人あたり）」 needs no 「（2025年）」).
export function titleWithYear(title, year, lang) {
  if (!year || String(title).includes(String(year))) return title;
  return lang === 'ja' ? `${title}（${year}年）` : `${title} (${year})`;
}
