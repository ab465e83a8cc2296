// Flow layers (kind "flow", e.g. migration between prefectures): lines drawn
// over a choropleth. Their tiles take a mode ("gross", "net", "focus/13",
// "groups/bloc", …) listed in the layer's `modes`.
import { escapeHtml, formatNumber, pick } from './i18n.js';

export const PREFECTURES = [
  ['01', '北海道', 'Hokkaido'], ['02', '青森県', 'Aomori'], ['03', '岩手県', 'Iwate'], ['04', '宮城県', 'Miyagi'],
  ['05', '秋田県', 'Akita'], ['06', '山形県', 'Yamagata'], ['07', '福島県', 'Fukushima'], ['08', '茨城県', 'Ibaraki'],
  ['09', '栃木県', 'Tochigi'], ['10', '群馬県', 'Gunma'], ['11', '埼玉県', 'Saitama'], ['12', '千葉県', 'Chiba'],
  ['13', '東京都', 'Tokyo'], ['14', '神奈川県', 'Kanagawa'], ['15', '新潟県', 'Niigata'], ['16', '富山県', 'Toyama'],
  ['17', '石川県', 'Ishikawa'], ['18', '福井県', 'Fukui'], ['19', '山梨県', 'Yamanashi'], ['20', '長野県', 'Nagano'],
  ['21', '岐阜県', 'Gifu'], ['22', '静岡県', 'Shizuoka'], ['23', '愛知県', 'Aichi'], ['24', '三重県', 'Mie'],
  ['25', '滋賀県', 'Shiga'], ['26', '京都府', 'Kyoto'], ['27', '大阪府', 'Osaka'], ['28', '兵庫県', 'Hyogo'],
  ['29', '奈良県', 'Nara'], ['30', '和歌山県', 'Wakayama'], ['31', '鳥取県', 'Tottori'], ['32', '島根県', 'Shimane'],
  ['33', '岡山県', 'Okayama'], ['34', '広島県', 'Hiroshima'], ['35', '山口県', 'Yamaguchi'], ['36', '徳島県', 'Tokushima'],
  ['37', '香川県', 'Kagawa'], ['38', '愛媛県', 'Ehime'], ['39', '高知県', 'Kochi'], ['40', '福岡県', 'Fukuoka'],
  ['41', '佐賀県', 'Saga'], ['42', '長崎県', 'Nagasaki'], ['43', '熊本県', 'Kumamoto'], ['44', '大分県', 'Oita'],
  ['45', '宮崎県', 'Miyazaki'], ['46', '鹿児島県', 'Kagoshima'], ['47', '沖縄県', 'Okinawa'],
];

const MODE_LABELS = {
  gross: { ja: '総移動（多い流れ）', en: 'Gross flows (largest)' },
  net: { ja: '純移動（差し引き）', en: 'Net flows' },
  focus: { ja: '一つの都道府県の転入・転出', en: 'One prefecture, in and out' },
  'groups/bloc': { ja: '地方ブロック間', en: 'Between regional blocs' },
  'groups/meti': { ja: '経済産業局管内間', en: 'Between METI regions' },
};

// The modes a flow layer offers, as [{ id, template, label }]: "focus/{pref}"
// becomes one entry whose id is "focus" (the prefecture is chosen apart).
export function flowModes(layer, lang) {
  return (layer.modes || []).map((m) => {
    const base = m.replace(/\/\{[a-z_]+\}$/, '');
    const label = MODE_LABELS[base] ? pick(MODE_LABELS[base], lang) : m;
    return { id: base, template: m, needsPrefecture: m.includes('{pref}'), label };
  });
}

// A valid mode string for the layer: the wanted one if offered, else the first.
export function pickMode(layer, wanted) {
  const modes = flowModes(layer, 'ja');
  if (!modes.length) return null;
  if (wanted) {
    const [head, arg] = [wanted.split('/')[0], wanted.split('/').slice(1).join('/')];
    for (const m of modes) {
      if (m.needsPrefecture && head === m.id && PREFECTURES.some((p) => p[0] === arg)) return wanted;
      if (!m.needsPrefecture && m.id === wanted) return wanted;
    }
  }
  const first = modes[0];
  return first.needsPrefecture ? `${first.id}/13` : first.id;
}

export function prefectureName(code, lang) {
  const p = PREFECTURES.find((x) => x[0] === code);
  return p ? (lang === 'en' ? p[2] : p[1]) : code;
}

// The flow part of the popup: moves in and out of the clicked prefecture.
export function flowInfoHtml(info, lang) {
  const unit = pick(info.unit, lang);
  const n = (v) => `${formatNumber(v, lang, 0) ?? '–'}${unit ? (lang === 'ja' ? unit : ` ${unit}`) : ''}`;
  const ja = lang === 'ja';
  const rows = [
    [ja ? '転入' : 'Moved in', n(info.in_total)],
    [ja ? '転出' : 'Moved out', n(info.out_total)],
    [ja ? '転入超過' : 'Net', n(info.net)],
  ];
  const list = (items) => (items || []).slice(0, 5).map((x) => `<li>${escapeHtml(x.prefecture)} <span>${escapeHtml(n(x.count))}</span></li>`).join('');
  return `<div class="flow-info">
<h3>${escapeHtml(pick(info.title, lang))}${info.year ? ` · ${info.year}` : ''}</h3>
<table>${rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<div class="flow-lists"><div><div class="chart-title">${ja ? '転入元（上位）' : 'From (top)'}</div><ol>${list(info.top_in)}</ol></div>
<div><div class="chart-title">${ja ? '転出先（上位）' : 'To (top)'}</div><ol>${list(info.top_out)}</ol></div></div>
</div>`;
}
