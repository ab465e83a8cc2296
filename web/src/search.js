// The search box: every match in a list, best first (the server ranks exact names, then
// prefixes), each with its prefecture, so 府中市 (広島県) can be picked as well as 府中市 (東京都);
// a single match, or an exact name that only one place has, is opened at once.
import { fetchJSON } from './catalog.js';
import { escapeHtml, strings } from './i18n.js';

export class SearchBox {
  // onPick(place) opens a place ({code, name, prefecture, level, lon, lat, bbox}).
  constructor({ form, input, list, status, lang, onPick }) {
    Object.assign(this, { form, input, list, status, lang, onPick });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.search(input.value);
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' && !list.hidden) {
        const first = list.querySelector('button');
        if (first) {
          e.preventDefault();
          first.focus();
        }
      }
    });
    list.addEventListener('keydown', (e) => {
      const buttons = [...list.querySelectorAll('button')];
      const i = buttons.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && i >= 0 && i < buttons.length - 1) {
        e.preventDefault();
        buttons[i + 1].focus();
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        (i > 0 ? buttons[i - 1] : input).focus();
      }
    });
  }

  close() {
    this.list.hidden = true;
    this.list.innerHTML = '';
  }

  get open() { return !this.list.hidden; }

  pick(place) {
    this.close();
    this.onPick(place);
  }

  async search(q) {
    const t = strings(this.lang);
    q = q.trim();
    if (!q) return;
    try {
      const res = await fetchJSON(`/api/search?q=${encodeURIComponent(q)}`);
      const results = res.results || [];
      this.list.innerHTML = '';
      if (!results.length) {
        this.status.textContent = t.searchNone;
        this.list.innerHTML = `<li class="none">${escapeHtml(t.searchNone)}</li>`;
        this.list.hidden = false;
        return;
      }
      // 「辰野」 → 辰野町 alone is exact (name but for 町): open it; 「府中」 has three: list them.
      const exact = results.filter((r) => r.match === 'exact');
      if (results.length === 1 || exact.length === 1) {
        this.status.textContent = t.searchResults(1);
        this.pick(exact[0] || results[0]);
        return;
      }
      this.status.textContent = `${t.searchResults(res.total || results.length)}。${t.searchPick}`;
      for (const r of results) {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.code = r.code;
        const pref = r.level === 'prefecture' ? (this.lang === 'ja' ? '都道府県' : 'prefecture') : r.prefecture;
        b.innerHTML = `<span class="name">${escapeHtml(r.name)}</span> <span class="pref">${escapeHtml(pref || '')}</span>`;
        b.addEventListener('click', () => this.pick(r));
        li.append(b);
        this.list.append(li);
      }
      // The list is announced through the status line (aria-expanded is not allowed on a search box).
      this.list.hidden = false;
    } catch {
      this.status.textContent = t.searchError;
    }
  }
}
