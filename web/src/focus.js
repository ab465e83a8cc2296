// Where keyboard focus goes, for both pages: what opens (pop-up, sheet, drawer) takes focus and
// gives it back to its opener when it closes (never to <body>); regions that scroll but hold
// nothing focusable become one tab stop each, so that arrow keys scroll them (WCAG 2.1.1);
// Leaflet's own English control names in the page's language.
import { strings } from './i18n.js';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [tabindex]:not([tabindex="-1"]), summary';

// Whether focus would go nowhere useful (the page itself).
export const focusLost = () => !document.activeElement || document.activeElement === document.body;

// Focus to an element if it is still in the page and shown; else to the fallback.
export function restoreFocus(el, fallback) {
  for (const target of [el, fallback]) {
    if (target && target.isConnected && !target.disabled && target.getClientRects().length) {
      target.focus({ preventScroll: true });
      return target;
    }
  }
  return null;
}

// Every element matching a selector that scrolls (content larger than its box) and holds no
// focusable element gets tabindex=0; when it stops scrolling, the tabindex it was given goes.
export function keepScrollersFocusable(selector, root = document) {
  const sync = () => {
    for (const el of root.querySelectorAll(selector)) {
      const scrolls = el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
      const inner = el.querySelector(FOCUSABLE);
      if (scrolls && !inner && !el.hasAttribute('tabindex')) {
        el.setAttribute('tabindex', '0');
        el.dataset.scrollFocus = '1';
      } else if ((!scrolls || inner) && el.dataset.scrollFocus) {
        el.removeAttribute('tabindex');
        delete el.dataset.scrollFocus;
      }
    }
  };
  let queued = false;
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; sync(); });
  };
  // Tiles come and go on every move: those changes never make a region scroll.
  const tiles = (r) => r.target.closest && r.target.closest('.leaflet-tile-pane, .leaflet-overlay-pane');
  new MutationObserver((records) => { if (!records.every(tiles)) later(); })
    .observe(root.body || root, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'open'] });
  window.addEventListener('resize', later);
  document.addEventListener('toggle', later, true);  // <details> opened or folded
  sync();
  return sync;
}

// Leaflet names its pop-up close button "Close popup" (and draws ×): named in the page's
// language, on every pop-up as it opens.
function localizePopups(map, lang) {
  map.on('popupopen', (e) => {
    const b = e.popup.getElement() && e.popup.getElement().querySelector('.leaflet-popup-close-button');
    if (!b) return;
    const label = strings(lang()).closePopup;
    b.setAttribute('aria-label', label);
    b.title = label;
  });
}

// A container whose content is replaced while focus is inside (a pop-up repainted when its
// ranks come): focus goes to the new element of the same action, else to the container.
function keepFocusWithin(container) {
  if (container.dataset.focusKept) return;
  container.dataset.focusKept = '1';
  let inside = false;
  let action = null;
  container.addEventListener('focusin', (e) => {
    inside = true;
    action = e.target.dataset ? e.target.dataset.action || null : null;
  });
  container.addEventListener('focusout', (e) => {
    if (e.relatedTarget && !container.contains(e.relatedTarget)) inside = false;
  });
  new MutationObserver(() => {
    if (!inside || !container.isConnected || !focusLost()) return;
    const again = action && container.querySelector(`[data-action="${action}"]:not([disabled])`);
    (again || container).focus({ preventScroll: true });
  }).observe(container, { childList: true, subtree: true });
}

// Marks an element (the map) with .kbd-focus while it has focus that came from the keyboard:
// Leaflet focuses the map on every click, which Chromium may count as :focus-visible, and the
// crosshair (what Enter opens) is for keyboard users only.
function markKeyboardFocus(el) {
  let keys = false;
  document.addEventListener('keydown', () => { keys = true; }, true);
  document.addEventListener('pointerdown', () => {
    keys = false;
    el.classList.remove('kbd-focus');
  }, true);
  el.addEventListener('focus', () => el.classList.toggle('kbd-focus', keys));
  el.addEventListener('blur', () => el.classList.remove('kbd-focus'));
  el.addEventListener('keydown', () => el.classList.add('kbd-focus'));
}

// A map's pop-ups and keyboard focus, for both pages: a pop-up asked for with keys (Enter on
// the focused map, or an opener named with focusNext, e.g. the search box) takes focus; when it
// closes, focus goes back to that opener (or the map). Also names Leaflet's controls in the
// page's language and marks keyboard focus on the map (its crosshair).
export function popupFocus(map, lang) {
  const root = map.getContainer();
  let keys = false;    // the last input came from keys (not a pointer)
  let next = null;     // the opener of the next pop-up, when keys asked for it
  let opener = null;   // the open pop-up's
  document.addEventListener('keydown', () => { keys = true; }, true);
  document.addEventListener('pointerdown', () => { keys = false; }, true);
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target === root) next = root;
  }, true);
  localizePopups(map, lang);
  markKeyboardFocus(root);
  map.on('popupopen', (e) => {
    const content = e.popup.getElement().querySelector('.leaflet-popup-content');
    if (!next || !content) return;
    opener = next;
    next = null;
    content.tabIndex = -1;
    content.focus({ preventScroll: true });
    keepFocusWithin(content);
  });
  map.on('popupclose', (e) => {
    const el = e.popup.getElement();
    if (focusLost() || (el && el.contains(document.activeElement))) restoreFocus(opener, root);
    opener = null;
  });
  return {
    focusNext(el) { if (keys) next = el; },
  };
}
