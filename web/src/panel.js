// The layer panel: the indicator list, the start questions, the controls of the variant on
// show (facility, year, level, flow overlay and mode), the question's reading notes and the
// layer's guide (how to read it first; purpose, source and caveats one click below), the
// controls' events, and the drawer the panel is on phones.
import { GROUP_ORDER, isFacilityKind, layerLevels, layerYears, splitFacilityId } from './catalog.js';
import { PREFECTURES, flowModes, prefectureName } from './flows.js';
import { escapeHtml, pick, strings } from './i18n.js';
import { QUESTIONS, questionFor } from './questions.js';

const $ = (id) => document.getElementById(id);

// ctx: { state, catalog(), current(), update(), flyToPrefecture(code) }
export function createPanel(ctx) {
  const { state } = ctx;
  const t = () => strings(state.lang);

  // A start question: its layer (and year), or the flow overlay over net migration.
  function openQuestion(q) {
    const catalog = ctx.catalog();
    if (q.flow) {
      const flow = catalog.flowLayers[0];
      if (!flow) return;
      state.overlay = flow.id;
      state.mode = null;
      // Under the lines: net migration where the server has it.
      state.layer = ['net-migration-matrix', 'net-migration', q.layer].find((id) => catalog.byId.has(id)) || q.layer;
      state.facility = null;
    } else {
      state.layer = q.layer;
      state.facility = q.facility || null;
      state.overlay = null;
    }
    if (q.year) state.year = q.year;
    else state.year = null;
    state.level = null;
    ctx.update();
    if (!$('reading').hidden) $('reading').scrollIntoView({ block: 'nearest' });
  }

  function indicatorTitle(ind) {
    if (ind.family) return t().facilityKinds[ind.key] || ind.key;
    return pick(ind.title, state.lang);
  }

  function renderIndicatorOptions() {
    const catalog = ctx.catalog();
    const sel = $('indicator-select');
    sel.innerHTML = '';
    for (const group of GROUP_ORDER) {
      const inds = catalog.indicators.filter((i) => i.group === group);
      if (!inds.length) continue;
      const og = document.createElement('optgroup');
      og.label = t().groups[group];
      for (const ind of inds) og.append(new Option(indicatorTitle(ind), ind.key));
      sel.append(og);
    }
  }

  function renderQuestions() {
    const catalog = ctx.catalog();
    const list = $('question-list');
    list.innerHTML = '';
    const bar = $('question-bar');  // the same questions on a phone's map, short
    bar.innerHTML = '';
    const hasFlow = catalog && catalog.flowLayers.length > 0;
    const note = $('flow-note');
    note.hidden = hasFlow;
    note.textContent = hasFlow ? '' : t().flowUnavailable;
    for (const q of QUESTIONS) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'question';
      b.dataset.question = q.id;
      b.textContent = pick(q.title, state.lang);
      b.setAttribute('aria-pressed', 'false');
      if (q.flow && !hasFlow) {
        // Disabled but still focusable, so that keyboard users hear why.
        b.setAttribute('aria-disabled', 'true');
        b.setAttribute('aria-describedby', 'flow-note');
        b.classList.add('unavailable');
      } else {
        b.addEventListener('click', () => openQuestion(q));
      }
      li.append(b);
      list.append(li);
      const short = b.cloneNode(true);
      short.className = 'question-short';
      short.textContent = pick(q.short, state.lang);
      short.title = pick(q.title, state.lang);
      short.removeAttribute('aria-describedby');
      if (!(q.flow && !hasFlow)) short.addEventListener('click', () => openQuestion(q));
      const sli = document.createElement('li');
      sli.append(short);
      bar.append(sli);
    }
  }

  function syncControls() {
    const catalog = ctx.catalog();
    const current = ctx.current();
    const { layer, year, level } = current;
    const ind = catalog.indicatorOfLayer(layer.id);
    $('indicator-select').value = ind.key;

    const facField = $('facility-field');
    if (ind.family) {
      const sel = $('facility-select');
      const { facility } = splitFacilityId(layer.id);
      sel.innerHTML = '';
      for (const f of ind.facilities) sel.append(new Option(catalog.memberName(ind, f, state.lang), f));
      sel.value = facility;
      // The picker's label: 施設の種類 for facility layers, 産業 for the industry families.
      const label = facField.querySelector('label');
      label.dataset.t = isFacilityKind(ind.kind) ? 'facilityType' : 'industryType';
      label.textContent = t()[label.dataset.t];
      facField.hidden = false;
    } else {
      facField.hidden = true;
    }

    const years = layerYears(layer);
    const yearField = $('year-field');
    if (years.length > 1) {
      const r = $('year-range');
      r.max = String(years.length - 1);
      r.value = String(years.indexOf(year));
      r.setAttribute('aria-valuetext', state.lang === 'ja' ? `${year}年` : String(year));
      $('year-output').textContent = state.lang === 'ja' ? `${year}年` : String(year);
      $('year-ticks').innerHTML = years.map((y, i) => `<option value="${i}" label="${y}"></option>`).join('');
      $('year-scale').innerHTML = years.map((y) => `<span>${y}</span>`).join('');
      yearField.hidden = false;
    } else {
      yearField.hidden = true;
    }

    const levels = layerLevels(layer);
    const levelField = $('level-field');
    if (levels.length > 1) {
      const sel = $('level-select');
      sel.innerHTML = '';
      for (const l of levels) sel.append(new Option(state.lang === 'ja' ? l.title || t().levels[l.id] : t().levels[l.id] || l.title, l.id));
      sel.value = level;
      levelField.hidden = false;
    } else {
      levelField.hidden = true;
    }

    const ovField = $('overlay-field');
    if (catalog.flowLayers.length) {
      const sel = $('overlay-select');
      sel.innerHTML = '';
      sel.append(new Option(t().overlayNone, ''));
      for (const f of catalog.flowLayers) sel.append(new Option(pick(f.title, state.lang), f.id));
      sel.value = current.overlayLayer ? current.overlayLayer.id : '';
      ovField.hidden = false;
    } else {
      ovField.hidden = true;
    }
    const modes = current.overlayLayer ? flowModes(current.overlayLayer, state.lang) : [];
    const mode = current.overlayVariant && current.overlayVariant.mode;
    $('mode-field').hidden = modes.length < 2;
    $('pref-field').hidden = true;
    if (modes.length) {
      const sel = $('mode-select');
      sel.innerHTML = '';
      for (const m of modes) sel.append(new Option(m.label, m.id));
      const head = mode ? mode.split('/')[0] : modes[0].id;
      const active = modes.find((m) => m.id === head || m.id === mode) || modes[0];
      sel.value = active.id;
      if (active.needsPrefecture) {
        const ps = $('pref-select');
        ps.innerHTML = '';
        for (const [code] of PREFECTURES) ps.append(new Option(prefectureName(code, state.lang), code));
        ps.value = mode.split('/')[1];
        $('pref-field').hidden = false;
      }
    }

    renderGuide(layer);

    const q = questionFor(state, layer, catalog.flowLayers);
    for (const b of document.querySelectorAll('.question, .question-short')) {
      const active = q && b.dataset.question === q.id;
      b.classList.toggle('active', !!active);
      b.setAttribute('aria-pressed', active ? 'true' : 'false');
    }
    const reading = $('reading');
    if (q) {
      const sep = state.lang === 'ja' ? '：' : ': ';
      reading.innerHTML = `<h2>${escapeHtml(t().readingTitle)}${sep}${escapeHtml(pick(q.title, state.lang))}</h2><ul>${q.reading[state.lang].map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
      reading.hidden = false;
    } else {
      reading.innerHTML = '';
      reading.hidden = true;
    }
  }

  // The layer's own explanation (GET /layers "guide"): how to read it first, in view on load;
  // purpose, source and caveats one click below.
  function renderGuide(layer) {
    const s = t();
    const g = layer.guide || {};
    const how = pick(g.how_to_read, state.lang) || pick(layer.description, state.lang);
    const more = [[s.guidePurpose, g.purpose], [s.guideSource, g.source], [s.guideCaveats, g.caveats]]
      .filter(([, v]) => pick(v, state.lang))
      .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(pick(v, state.lang))}</dd>`).join('');
    $('guide').innerHTML = `<h2>${escapeHtml(s.guideHow)}${state.lang === 'ja' ? '：' : ': '}${escapeHtml(pick(layer.title, state.lang))}</h2><p class="guide-how">${escapeHtml(how)}</p>${more ? `<details class="guide-more"><summary>${escapeHtml(s.guideMore)}</summary><dl>${more}</dl></details>` : ''}`;
  }

  $('indicator-select').addEventListener('change', (e) => {
    state.layer = e.target.value;
    const ind = ctx.catalog().indicator(state.layer);
    if (!ind.family) state.facility = null;
    ctx.update();
  });
  $('facility-select').addEventListener('change', (e) => {
    state.facility = e.target.value;
    ctx.update();
  });
  $('year-range').addEventListener('input', (e) => {
    const years = layerYears(ctx.current().layer);
    state.year = years[Number(e.target.value)];
    ctx.update();
  });
  $('level-select').addEventListener('change', (e) => {
    state.level = e.target.value;
    ctx.update();
  });
  $('overlay-select').addEventListener('change', (e) => {
    state.overlay = e.target.value || null;
    state.mode = null;
    ctx.update();
  });
  $('mode-select').addEventListener('change', (e) => {
    const m = flowModes(ctx.current().overlayLayer, state.lang).find((x) => x.id === e.target.value);
    state.mode = m && m.needsPrefecture ? `${m.id}/${$('pref-select').value || '13'}` : e.target.value;
    ctx.update();
  });
  // Flows of one prefecture: the map goes there too.
  $('pref-select').addEventListener('change', (e) => {
    state.mode = `${$('mode-select').value}/${e.target.value}`;
    ctx.update();
    ctx.flyToPrefecture(e.target.value);
  });

  return { renderIndicatorOptions, renderQuestions, syncControls };
}

// On phones the panel is a drawer (☰), closed by its ×, the backdrop, or a wider window.
export function createDrawer(mobile) {
  const isOpen = () => document.body.classList.contains('drawer-open');
  function set(open) {
    document.body.classList.toggle('drawer-open', open);
    $('drawer-toggle').setAttribute('aria-expanded', open ? 'true' : 'false');
    $('drawer-backdrop').hidden = !open;
    if (open) $('panel').querySelector('button, select, input').focus();
  }
  $('drawer-toggle').addEventListener('click', () => set(!isOpen()));
  $('drawer-close').addEventListener('click', () => {
    set(false);
    $('drawer-toggle').focus();
  });
  $('drawer-backdrop').addEventListener('click', () => set(false));
  mobile.addEventListener('change', () => set(false));
  return { set, isOpen };
}
