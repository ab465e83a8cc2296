// The layer catalog from GET /layers, arranged for the panel: indicators grouped
// into 人口 / 生活サービス / IT人材 / 人の流れ / 産業・財政・雇用, layer families folded
// into one indicator with a member choice (facility layers by their kind, layers of
// one `each` declaration such as industry-lq/<industry> by their "family"), flow
// layers kept apart as overlays, and the URL templates filled in for a (layer, year, level).
import { pick } from './i18n.js';

export async function fetchJSON(url, options = {}) {
  const res = await fetch(url, { headers: { Accept: 'application/json' }, ...options });
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = new Error((body && (body.detail || body.error)) || `HTTP ${res.status}`);
    err.status = res.status;
    err.body = body;
    throw err;
  }
  return body;
}

export const GROUP_ORDER = ['population', 'services', 'it', 'flows', 'economy', 'other'];

const POPULATION_IDS = /^(population|aging|working-age|elderly|children|households)/;
const ECONOMY_IDS = /^(industry|finance|employment|unemployment|municipal-staff)/;

export function isFacilityKind(kind) {
  return typeof kind === 'string' && kind.startsWith('facility');
}

export function groupOf(layer) {
  const id = layer.id || '';
  if (isFacilityKind(layer.kind)) return 'services';
  if (layer.kind === 'flow' || /^(migration|flow|commut)/.test(id)) return 'flows';
  if (/migration|flow|commut/.test(id)) return 'flows';
  if (/^it-/.test(id) || /(^|-)ict(-|$)/.test(id)) return 'it';
  if (POPULATION_IDS.test(id)) return 'population';
  if (ECONOMY_IDS.test(id)) return 'economy';
  return 'other';
}

// "facility-risk/hospital" -> { family: "facility-risk", facility: "hospital" }
export function splitFacilityId(id) {
  const slash = id.indexOf('/');
  if (slash < 0) return { family: id, facility: null };
  return { family: id.slice(0, slash), facility: id.slice(slash + 1) };
}

export class Catalog {
  constructor(layers, facilities = []) {
    this.layers = layers;
    this.byId = new Map(layers.map((l) => [l.id, l]));
    // Facility names from /api/facilities: id -> Japanese name.
    this.facilityNames = new Map(facilities.map((f) => [f.id, f.facility]));
    this.flowLayers = layers.filter((l) => l.kind === 'flow');
    this.indicators = [];
    const families = new Map();
    for (const layer of layers) {
      if (layer.kind === 'flow') continue;
      if (isFacilityKind(layer.kind) || layer.family) {
        // ind.facilities: the family's members (facility types, or industries), in catalog order.
        const { family, facility } = splitFacilityId(layer.id);
        let ind = families.get(family);
        if (!ind) {
          ind = { key: family, group: groupOf(layer), kind: layer.kind, family: true, layers: [], facilities: [], names: new Map() };
          families.set(family, ind);
          this.indicators.push(ind);
        }
        ind.layers.push(layer.id);
        ind.facilities.push(facility);
        if (layer.family) ind.names.set(facility, layer.family.name);
      } else {
        this.indicators.push({ key: layer.id, group: groupOf(layer), kind: layer.kind, family: false, layers: [layer.id], title: layer.title });
      }
    }
  }

  indicator(key) {
    return this.indicators.find((i) => i.key === key) || null;
  }

  // The indicator that holds a layer id.
  indicatorOfLayer(id) {
    return this.indicators.find((i) => i.layers.includes(id)) || null;
  }

  // A family member's name: the industry name /layers gives, else the facility's.
  memberName(ind, member, lang) {
    return ind.names.has(member) ? pick(ind.names.get(member), lang) : this.facilityName(member, lang);
  }

  facilityName(facility, lang) {
    const ja = this.facilityNames.get(facility);
    if (lang === 'ja' && ja) return ja;
    const en = facility.replace(/[-_]+/g, ' ');
    if (lang === 'en') return ja && ja !== facility ? `${en[0].toUpperCase()}${en.slice(1)} (${ja})` : en[0].toUpperCase() + en.slice(1);
    return ja || facility;
  }

  // The layer a state shows: state.layer is an indicator key or a layer id,
  // state.facility picks within a family (a facility type or an industry).
  resolve(state) {
    let ind = this.indicator(state.layer) || this.indicatorOfLayer(state.layer);
    if (!ind) return null;
    if (!ind.family) return this.byId.get(ind.layers[0]);
    let facility = state.facility;
    if (!facility && this.byId.has(state.layer)) facility = splitFacilityId(state.layer).facility;
    const wanted = `${ind.key}/${facility}`;
    if (this.byId.has(wanted)) return this.byId.get(wanted);
    // default: hospital if there is one, else the first
    const hospital = `${ind.key}/hospital`;
    return this.byId.get(this.byId.has(hospital) ? hospital : ind.layers[0]);
  }
}

// A layer whose values are categories (industry-top): no ranks, tables or comparisons of them.
export function isCategorical(layer) {
  return !!(layer.classification && layer.classification.method === 'categorical');
}

export function layerYears(layer) {
  return (layer.dimensions && layer.dimensions.year) || [];
}

export function layerLevels(layer) {
  return (layer.dimensions && layer.dimensions.level) || [];
}

// A year this layer has: the wanted one if offered, else the closest, else its default.
export function pickYear(layer, wanted) {
  const years = layerYears(layer);
  if (!years.length) return null;
  const y = Number(wanted);
  if (years.includes(y)) return y;
  if (Number.isFinite(y) && wanted !== null && wanted !== undefined && wanted !== '') {
    return years.reduce((best, v) => (Math.abs(v - y) < Math.abs(best - y) ? v : best), years[0]);
  }
  const d = layer.dimensions.default_year;
  return years.includes(d) ? d : years[years.length - 1];
}

export function pickLevel(layer, wanted) {
  const levels = layerLevels(layer).map((l) => l.id);
  if (!levels.length) return null;
  if (levels.includes(wanted)) return wanted;
  const d = layer.dimensions.default_level;
  return levels.includes(d) ? d : levels[0];
}

// Fills a template's dimension placeholders: {year}, {level}, and any other the
// server may add (e.g. a flow layer's mode) with that dimension's default.
function fill(template, layer, year, level, extra = {}) {
  const dims = layer.dimensions || {};
  return template.replace(/\{([a-z_]+)\}/g, (whole, key) => {
    if (key === 'z' || key === 'x' || key === 'y' || key === 'r' || key === 's') return whole;
    if (key === 'year') return year == null ? '' : String(year);
    if (key === 'level') return level == null ? '' : level;
    if (extra[key] != null) return String(extra[key]);
    const d = dims[`default_${key}`];
    if (d != null) return String(d);
    const first = Array.isArray(dims[key]) ? dims[key][0] : null;
    return first == null ? '' : String(typeof first === 'object' ? first.id : first);
  });
}

// "population/2050/ward": the variant's path, as tile, legend, info, TileJSON
// and static URLs use it (the tile template between /tiles/ and /{z}).
export function variantPath(layer, year, level, extra = {}) {
  const t = layer.tiles || '';
  const start = t.startsWith('/tiles/') ? '/tiles/'.length : 0;
  const end = t.indexOf('/{z}');
  if (end < 0) return layer.id;
  return fill(t.slice(start, end), layer, year, level, extra);
}

const encodePath = (p) => p.split('/').map(encodeURIComponent).join('/');

export function tileUrl(layer, year, level, { retina = true, extra = {} } = {}) {
  // Leaflet fills {z}/{x}/{y}, and {r} with "@2x" on HiDPI screens.
  const t = encodePath(fill(layer.tiles, layer, year, level, extra)).replace(/%7B/g, '{').replace(/%7D/g, '}');
  return retina ? t.replace(/\.png$/, '{r}.png') : t;
}

export function legendUrl(layer, year, level, extra = {}) {
  return `/legend/${encodePath(variantPath(layer, year, level, extra))}.json`;
}

export function infoUrl(layer, year, level, lon, lat, extra = {}) {
  return `/info/${encodePath(variantPath(layer, year, level, extra))}?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}`;
}

// The same area by code (tables, comparisons, a shared selection); outline=1 adds its boundary.
export function infoCodeUrl(layer, year, level, code, { outline = false } = {}) {
  return `/info/${encodePath(variantPath(layer, year, level))}?code=${encodeURIComponent(code)}${outline ? '&outline=1' : ''}`;
}

// /api/rank/…?code=&within=prefecture|japan|peers (or pref= for a prefecture's list without an area).
export function rankUrl(layer, year, level, params) {
  return `/api/rank/${encodePath(variantPath(layer, year, level))}?${new URLSearchParams(params)}`;
}

// /api/values/…?format=csv|xlsx|geojson[&pref=20]: every value behind the variant, to download.
export function valuesUrl(layer, year, level, params) {
  return `/api/values/${encodePath(variantPath(layer, year, level))}?${new URLSearchParams(params)}`;
}

export function tileJsonUrl(layer, year, level) {
  return `/tiles/${encodePath(variantPath(layer, year, level))}.json`;
}

export function staticUrl(layer, year, level, ext) {
  return `/static/${encodePath(variantPath(layer, year, level))}.${ext}`;
}

export const WMTS_URL = '/wmts/1.0.0/WMTSCapabilities.xml';
