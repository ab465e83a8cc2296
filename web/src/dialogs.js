// The share, embed and print dialogs of the viewer.
import { WMTS_URL, layerLevels, layerYears, staticUrl, tileJsonUrl, tileUrl } from './catalog.js';
import { PREFECTURES, prefectureName } from './flows.js';
import { escapeHtml, pick, strings } from './i18n.js';
import { serializeState } from './state.js';

const $ = (id) => document.getElementById(id);

export function openDialog(title, html) {
  const d = $('dialog');
  $('dialog-title').textContent = title;
  $('dialog-body').innerHTML = html;
  for (const b of d.querySelectorAll('[data-copy]')) {
    b.addEventListener('click', () => copyFrom($(b.dataset.copy), b));
  }
  d.showModal();
  const first = d.querySelector('#dialog-body textarea, #dialog-body input, #dialog-body select');
  if (first) {
    first.focus();
    if (first.select) first.select();
  }
}

async function copyFrom(field, button) {
  const s = strings(document.documentElement.lang);
  const status = button.closest('.copy-field').querySelector('.copy-status');
  let ok = false;
  try {
    await navigator.clipboard.writeText(field.value);
    ok = true;
  } catch {
    field.focus();
    field.select();
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
  }
  if (status) status.textContent = ok ? s.copied : s.copyFailed;
}

function copyField(lang, id, label, value, multiline = false) {
  const s = strings(lang);
  const field = multiline
    ? `<textarea id="${id}" rows="4" readonly spellcheck="false">${escapeHtml(value)}</textarea>`
    : `<input id="${id}" type="text" readonly value="${escapeHtml(value)}" spellcheck="false">`;
  const button = `<button type="button" class="button" data-copy="${id}" aria-describedby="${id}-label">${escapeHtml(s.copy)}</button>`;
  return `<div class="copy-field${multiline ? ' multiline' : ''}"><label id="${id}-label" for="${id}">${escapeHtml(label)}</label><div class="copy-row">${field}${button}</div><span class="copy-status" role="status"></span></div>`;
}

async function probe(url) {
  try {
    const res = await fetch(url, { method: 'HEAD' });
    return res.ok;
  } catch {
    return false;
  }
}

// ctx: { map, current(), lang(), currentView(), shareUrl(), selectedPrefecture() }
export function setupDialogs(ctx) {
  $('share-button').addEventListener('click', () => {
    const s = strings(ctx.lang());
    openDialog(s.shareTitle, `<p>${escapeHtml(s.shareHelp)}</p>${copyField(ctx.lang(), 'share-url', 'URL', ctx.shareUrl())}`);
  });

  function embedSrc() {
    const v = ctx.currentView();
    const { layer, year, level, overlayLayer, overlayVariant } = ctx.current();
    const p = serializeState({
      layer: layer.id,
      year: layerYears(layer).length > 1 ? year : null,
      level: layerLevels(layer).length > 1 ? level : null,
      overlay: overlayLayer ? overlayLayer.id : null,
      mode: overlayVariant ? overlayVariant.mode : null,
      z: Math.round(v.z),
      lat: v.lat,
      lon: v.lon,
      lang: ctx.lang(),
    });
    return `${location.origin}/embed?${p}`;
  }

  $('embed-button').addEventListener('click', async () => {
    const lang = ctx.lang();
    const s = strings(lang);
    const { layer, year, level } = ctx.current();
    const src = embedSrc();
    const name = pick(layer.title, lang);
    const title = `${name}${layerYears(layer).length > 1 && !name.includes(String(year)) ? ` ${year}` : ''}`;
    // Full width of the host page (a phone portal must not scroll sideways), 4:3 up to 600 px high,
    // and never lower than 420 px: on a 320-px phone page the frame turns portrait instead of 304x228.
    const snippet = `<iframe src="${src}" width="100%" height="450" style="border:0;width:100%;max-width:100%;aspect-ratio:4/3;height:auto;min-height:420px;max-height:600px" loading="lazy" title="${escapeHtml(s.embedMapLabel(title))}"></iframe>`;
    const tiles = `${location.origin}${tileUrl(layer, year, level, { retina: false })}`;
    const tilejson = `${location.origin}${tileJsonUrl(layer, year, level)}`;
    const wmts = `${location.origin}${WMTS_URL}`;
    openDialog(s.embedTitle, `<p>${escapeHtml(s.embedHelp)}</p>
${copyField(lang, 'embed-snippet', '<iframe>', snippet, true)}
<p><a href="${escapeHtml(src)}" target="_blank" rel="noopener">${escapeHtml(s.embedPreview)}</a></p>
<h3>${escapeHtml(s.portalHelp)}</h3>
${copyField(lang, 'tile-template', s.tileTemplate, tiles)}
${copyField(lang, 'tilejson-url', s.tileJson, tilejson)}
<p class="availability" id="tilejson-status"></p>
${copyField(lang, 'wmts-url', s.wmts, wmts)}
<p class="availability" id="wmts-status"></p>
<p>${escapeHtml(s.vectorHelp)}</p>
${copyField(lang, 'style-url', s.styleUrl, tilejson.replace('/tiles/', '/styles/'))}
<p><a href="/vector${src.slice(src.indexOf('?'))}" target="_blank" rel="noopener">${escapeHtml(s.vectorPreview)}</a></p>`);
    const [tj, wm] = await Promise.all([probe(tilejson), probe(wmts)]);
    if (!tj && $('tilejson-status')) $('tilejson-status').textContent = `TileJSON: ${s.notAvailable}`;
    if (!wm && $('wmts-status')) $('wmts-status').textContent = `WMTS: ${s.notAvailable}`;
  });

  // Print the current view, a whole prefecture (the selected area's first) or all of Japan.
  function printLinks(paper, area) {
    const { layer, year, level } = ctx.current();
    const size = ctx.map.getSize();
    const q = new URLSearchParams({ paper, orientation: size.x >= size.y ? 'landscape' : 'portrait', lang: ctx.lang() });
    if (area === 'view') {
      const b = ctx.map.getBounds();
      q.set('bbox', [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(','));
    } else if (area === 'japan') {
      q.set('japan', '1');
    } else {
      q.set('pref', area);
      q.set('orientation', 'portrait');
    }
    return ['pdf', 'png', 'svg']
      .map((ext) => `<li><a href="${escapeHtml(`${staticUrl(layer, year, level, ext)}?${q}${ext === 'png' ? '&dpi=150' : ''}`)}" target="_blank" rel="noopener" data-format="${ext}">${ext.toUpperCase()}</a></li>`)
      .join('');
  }

  $('print-button').addEventListener('click', () => {
    const lang = ctx.lang();
    const s = strings(lang);
    const pref = ctx.selectedPrefecture();
    const options = [`<option value="view">${escapeHtml(s.printView)}</option>`,
      ...PREFECTURES.map(([code]) => `<option value="${code}"${code === pref ? ' selected' : ''}>${escapeHtml(s.printPref(prefectureName(code, lang)))}</option>`),
      `<option value="japan">${escapeHtml(s.printJapan)}</option>`];
    const area = pref || 'view';
    openDialog(s.printTitle, `<p>${escapeHtml(s.printHelp)}</p>
<div class="field"><label for="print-area">${escapeHtml(s.printArea)}</label><select id="print-area">${options.join('')}</select></div>
<div class="field"><label for="print-paper">${escapeHtml(s.paper)}</label><select id="print-paper"><option value="A4">A4</option><option value="A3">A3</option></select></div>
<ul class="print-links" id="print-links">${printLinks('A4', area)}</ul>`);
    const refresh = () => { $('print-links').innerHTML = printLinks($('print-paper').value, $('print-area').value); };
    $('print-paper').addEventListener('change', refresh);
    $('print-area').addEventListener('change', refresh);
  });

  return { probe };
}
