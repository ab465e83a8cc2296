// The sheet beside the map: a sortable table of a prefecture's (or Japan's, or the peers')
// areas for the variant on show, and a comparison of up to five areas (table.js, compare.js),
// with their tabs, scope picker, downloads and the comparison's own search box.
import { fetchJSON, infoCodeUrl } from './catalog.js';
import { Comparison } from './compare.js';
import { PREFECTURES, prefectureName } from './flows.js';
import { escapeHtml, strings } from './i18n.js';
import { SearchBox } from './search.js';
import { AreaTable } from './table.js';
import { focusLost, restoreFocus } from './focus.js';

const $ = (id) => document.getElementById(id);

// ctx: { map, state, current(), compared (initial codes), select(code, options), outline(geometry),
//        selectionBounds(), writeUrl(), onCompareChange() }
export function createSheet(ctx) {
  const { map, state } = ctx;

  const table = new AreaTable($('table-box'), {
    onSelect(code, variant) {
      if (variant.level === ctx.current().level) ctx.select(code, { fly: true });
      else fetchJSON(infoCodeUrl(variant.layer, variant.year, variant.level, code, { outline: true })).then((info) => {
        ctx.outline(info.area.outline);
        const bounds = ctx.selectionBounds();
        if (bounds) map.flyToBounds(bounds, { padding: [30, 30], duration: 0.8 });
        table.mark(code, false);
      }).catch(() => {});
    },
  });
  const comparison = new Comparison($('compare-box'), {
    onChange() {
      ctx.writeUrl();
      if (ctx.current()) comparison.load(ctx.current(), state.lang);
      ctx.onCompareChange();
    },
  });
  comparison.set(ctx.compared || []);

  function tableScope() {
    if (state.tbl) return state.tbl;
    const code = state.sel;
    return code && /^\d{5}$/.test(code) && ctx.current().level !== 'prefecture' ? code.slice(0, 2) : 'japan';
  }

  function renderScopeOptions() {
    const s = strings(state.lang);
    const sel = $('table-scope');
    const scope = tableScope();
    const options = [['japan', s.tableJapan], ...PREFECTURES.map(([code]) => [code, prefectureName(code, state.lang)])];
    if (scope.startsWith('peers:')) options.unshift([scope, s.tablePeers(scope.slice(6))]);
    sel.innerHTML = options.map(([v, label]) => `<option value="${escapeHtml(v)}">${escapeHtml(label)}</option>`).join('');
    sel.value = scope;
  }

  function refresh() {
    const current = ctx.current();
    if (!current || $('sheet').hidden) return;
    if (!$('table-view').hidden) {
      renderScopeOptions();
      table.load(tableScope(), current, state.lang);
    }
    if (!$('compare-view').hidden) comparison.load(current, state.lang);
  }

  // focus: the user opened it (a button, a tab): focus goes to its tab, and back to the opener on close.
  let opener = null;
  function open(tab, { focus = false } = {}) {
    const sheet = $('sheet');
    if (focus && !sheet.contains(document.activeElement)) opener = document.activeElement;
    sheet.hidden = false;
    document.body.classList.add('sheet-open');
    for (const name of ['table', 'compare']) {
      const on = name === tab;
      $(`tab-${name}`).setAttribute('aria-selected', on ? 'true' : 'false');
      $(`${name}-view`).hidden = !on;
    }
    $('sheet-button').setAttribute('aria-expanded', 'true');
    for (const name of ['table', 'compare']) $(`tab-${name}`).tabIndex = name === tab ? 0 : -1;
    if (focus) $(`tab-${tab}`).focus();
    refresh();
    ctx.writeUrl();
  }

  // keepTable: closed by the URL (back), which names the table itself.
  function close({ keepTable = false } = {}) {
    const had = $('sheet').contains(document.activeElement);
    $('sheet').hidden = true;
    document.body.classList.remove('sheet-open');
    $('sheet-button').setAttribute('aria-expanded', 'false');
    if (!keepTable) state.tbl = null;
    if (had || focusLost()) restoreFocus(opener, $('sheet-button'));
    opener = null;
    ctx.writeUrl();
  }

  $('sheet-button').addEventListener('click', () => ($('sheet').hidden ? open(comparison.codes.length && !state.tbl ? 'compare' : 'table', { focus: true }) : close()));
  $('sheet-close').addEventListener('click', () => close());
  $('tab-table').addEventListener('click', () => open('table', { focus: true }));
  $('tab-compare').addEventListener('click', () => open('compare', { focus: true }));
  // The tabs: one tab stop, arrow keys between them (WAI-ARIA tabs pattern).
  $('sheet').querySelector('[role="tablist"]').addEventListener('keydown', (e) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
    e.preventDefault();
    open($('tab-table').getAttribute('aria-selected') === 'true' ? 'compare' : 'table', { focus: true });
  });
  $('table-scope').addEventListener('change', (e) => {
    state.tbl = e.target.value;
    refresh();
    ctx.writeUrl();
  });
  $('table-download').addEventListener('click', () => table.save());
  $('compare-download').addEventListener('click', () => comparison.save());
  const compareSearch = new SearchBox({
    form: $('compare-search'),
    input: $('compare-input'),
    list: $('compare-results'),
    status: $('compare-status'),
    lang: state.lang,
    onPick(place) {
      if (place.level !== 'prefecture' || ctx.current().level === 'prefecture') comparison.add(place.code);
      $('compare-input').value = '';
    },
  });

  // Buttons inside pop-ups and the sheet.
  document.addEventListener('click', (e) => {
    const b = e.target.closest('[data-action]');
    if (!b) return;
    if (b.dataset.action === 'compare-add') {
      if (comparison.add(b.dataset.code)) open('compare', { focus: true });
      ctx.onCompareChange();
    } else if (b.dataset.action === 'compare-remove') {
      comparison.remove(b.dataset.code);
    } else if (b.dataset.action === 'open-table') {
      state.tbl = b.dataset.table;
      open('table', { focus: true });
    }
  });

  return {
    table,
    comparison,
    open,
    close,
    refresh,
    isOpen: () => !$('sheet').hidden,
    // The comparison's search list: Esc folds it before it closes the sheet.
    searchOpen: () => compareSearch.open,
    closeSearch() {
      compareSearch.close();
      $('compare-input').focus();
    },
    setLang(lang) { compareSearch.lang = lang; },
  };
}
