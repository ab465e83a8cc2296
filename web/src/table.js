// The table beside the map: a prefecture's municipalities (or the 47 prefectures, or an
// area's population peers) for the current indicator and year, from /api/rank, sortable by
// every column; a row click selects the area on the map, a map click marks its row.
import { fetchJSON, isCategorical, rankUrl, valuesUrl } from './catalog.js';
import { csvText, saveText, saveUrl } from './download.js';
import { csvNumber, layerFormat, valueText } from './format.js';
import { escapeHtml, pick, strings } from './i18n.js';
import { creditLines } from './render.js';

export class AreaTable {
  constructor(box, { onSelect }) {
    this.box = box;
    this.onSelect = onSelect;
    this.data = null;
    this.sort = { key: 'position', asc: true };
    this.selected = null;
    this.request = 0;
    box.addEventListener('click', (e) => {
      const th = e.target.closest('button[data-sort]');
      if (th) {
        const key = th.dataset.sort;
        this.sort = { key, asc: this.sort.key === key ? !this.sort.asc : key !== 'value' };
        this.render();
        return;
      }
      const tr = e.target.closest('tr[data-code]');
      if (tr) this.onSelect(tr.dataset.code, this.tableVariant);
    });
    box.addEventListener('keydown', (e) => {
      const tr = e.target.closest('tr[data-code]');
      if (tr && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        this.onSelect(tr.dataset.code, this.tableVariant);
      }
      // The rows are one tab stop: arrow keys, Page Up/Down, Home and End move between them (roving tabindex).
      const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: -Infinity, End: Infinity }[e.key];
      if (tr && step) {
        e.preventDefault();
        const rows = [...box.querySelectorAll('tbody tr[data-code]')];
        const i = Math.max(0, Math.min(rows.length - 1, rows.indexOf(tr) + (Number.isFinite(step) ? step : step > 0 ? rows.length : -rows.length)));
        this.rove(rows[i]);
        rows[i].focus();
      }
    });
  }

  // scope: a prefecture code "20", "japan" (the 47 prefectures) or "peers:<code>".
  // variant: {layer, year, level} of the map; the table of prefectures uses the prefecture level.
  async load(scope, variant, lang) {
    this.scope = scope;
    this.lang = lang;
    const n = ++this.request;
    const { layer, year } = variant;
    const levels = (layer.dimensions.level || []).map((l) => l.id);
    const fine = ['ward', 'municipality'].includes(variant.level) ? variant.level : levels.find((l) => l === 'municipality' || l === 'ward');
    let level = fine, params;
    if (scope === 'japan' || !fine) {
      level = levels.includes('prefecture') ? 'prefecture' : variant.level;
      params = { within: 'japan' };
    } else if (scope.startsWith('peers:')) {
      params = { within: 'peers', code: scope.slice(6) };
    } else {
      params = { within: 'prefecture', pref: scope };
    }
    this.tableVariant = { layer, year, level };
    if (isCategorical(layer)) {
      this.data = null;
      this.box.innerHTML = `<p>${escapeHtml(strings(lang).tableCategorical)}</p>`;
      return;
    }
    this.box.setAttribute('aria-busy', 'true');
    try {
      const data = await fetchJSON(rankUrl(layer, year, level, params));
      if (n !== this.request) return;
      this.data = data;
      this.render();
    } catch (e) {
      if (n !== this.request) return;
      this.data = null;
      this.box.innerHTML = `<p class="error">${escapeHtml(strings(lang).loadError)}</p>`;
    } finally {
      if (n === this.request) this.box.removeAttribute('aria-busy');
    }
  }

  rows() {
    const list = [...((this.data && this.data.list) || [])];
    const { key, asc } = this.sort;
    const cmp = key === 'name' || key === 'prefecture'
      ? (a, b) => a[key].localeCompare(b[key], 'ja')
      : (a, b) => (a[key] ?? -Infinity) - (b[key] ?? -Infinity);
    list.sort((a, b) => (asc ? cmp(a, b) : cmp(b, a)) || a.position - b.position);
    return list;
  }

  render() {
    if (!this.data) return;
    const t = strings(this.lang);
    const d = this.data;
    const unit = pick(d.unit, this.lang);
    const { layer } = this.tableVariant;
    // One format for the whole value column: the layer's digits, the unit once in the header.
    const showPref = d.group.within !== 'prefecture' && d.level !== 'prefecture';
    const col = (key, label) => {
      const active = this.sort.key === key;
      const aria = active ? ` aria-sort="${this.sort.asc ? 'ascending' : 'descending'}"` : '';
      return `<th scope="col"${aria}><button type="button" data-sort="${key}" title="${escapeHtml(t.tableSort(label))}">${escapeHtml(label)}${active ? (this.sort.asc ? ' ▲' : ' ▼') : ''}</button></th>`;
    };
    const head = `<tr>${col('position', t.tableRank)}${col('name', t.tableName)}${showPref ? col('prefecture', t.tablePref) : ''}${col('value', `${t.tableValue}${unit ? ` (${unit})` : ''}`)}</tr>`;
    const body = this.rows().map((r) => `<tr data-code="${escapeHtml(r.code)}" tabindex="-1"${r.code === this.selected ? ' class="selected" aria-selected="true"' : ''}><td>${r.position}</td><th scope="row">${escapeHtml(r.name)}</th>${showPref ? `<td>${escapeHtml(r.prefecture)}</td>` : ''}<td class="num">${escapeHtml(valueText(r.value, layer, this.lang, { state: r.state, unit: false }))}</td></tr>`).join('');
    const caption = `${pick(d.group.name, this.lang)} · ${pick(d.title, this.lang)} ${d.year}${this.lang === 'ja' ? '年' : ''} · ${d.count}`;
    this.box.innerHTML = `<div class="table-wrap"><table class="area-table"><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
    this.mark(this.selected);  // the selected area in view
    if (!this.box.querySelector('tbody tr[tabindex="0"]')) this.rove(this.box.querySelector('tbody tr[data-code]'));
    this.nameScope();
  }

  // The row that takes the table's one tab stop.
  rove(tr) {
    if (!tr) return;
    for (const r of this.box.querySelectorAll('tbody tr[tabindex="0"]')) r.tabIndex = -1;
    tr.tabIndex = 0;
  }

  // A peer list's scope reads the area's name (「辰野町と同規模の市区町村」), not its code: the
  // scope picker (sheet.js) knows only the code until the list has come.
  nameScope() {
    const d = this.data;
    if (!this.scope || !this.scope.startsWith('peers:') || !d.area) return;
    const option = this.box.ownerDocument.querySelector(`#table-scope option[value="${CSS.escape(this.scope)}"]`);
    if (option) option.textContent = strings(this.lang).tablePeers(d.area.name);
  }

  // Marks the selected area's row (after a map click) and scrolls it into view.
  mark(code, scroll = true) {
    this.selected = code;
    for (const tr of this.box.querySelectorAll('tr[data-code]')) {
      const on = tr.dataset.code === code;
      tr.classList.toggle('selected', on);
      if (on) tr.setAttribute('aria-selected', 'true');
      else tr.removeAttribute('aria-selected');
      if (on && scroll) tr.scrollIntoView({ block: 'nearest' });
      if (on && !this.box.contains(document.activeElement)) this.rove(tr);
    }
  }

  // The table as CSV: the server's file for a prefecture or Japan (every number behind the
  // values), the rows shown for a peer list.
  save() {
    const { layer, year, level } = this.tableVariant;
    if (this.scope && !this.scope.startsWith('peers:')) {
      saveUrl(valuesUrl(layer, year, level, this.scope === 'japan' ? { format: 'csv' } : { format: 'csv', pref: this.scope }));
      return;
    }
    const d = this.data;
    const header = ['position', 'code', 'name', 'prefecture', 'value', 'state', 'unit', 'year', 'credits'];
    const credits = creditLines(layer.credits, 'ja').join(' / ');
    const { digits } = layerFormat(layer);
    const rows = this.rows().map((r) => [r.position, r.code, r.name, r.prefecture, csvNumber(r.value, digits), r.state || 'value', pick(d.unit, 'ja'), d.year, credits]);
    saveText(`table_${layer.id.replace(/\//g, '_')}_${year}_${this.scope.replace(':', '_')}.csv`, csvText([header, ...rows]));
  }
}
