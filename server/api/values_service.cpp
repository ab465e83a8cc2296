#include "server/api/values_service.h"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>

#include <malloc.h>

#include "catalog/value_reading.h"
#include "common/prometheus_text.h"
#include "queries/values.h"
#include "server/http/compression.h"
#include "server/http/etag.h"
#include "server/http/json_error.h"
#include "server/api/layer_json.h"
#include "tiles/content_hash.h"
#include "tiles/tile_version.h"

namespace rxmap::server {

namespace {

struct Format {
    const char* name;
    const char* driver;
    const char* extension;
    const char* content_type;
};

constexpr Format kFormats[] = {
    {"csv", "CSV", "csv", "text/csv; charset=utf-8"},
    {"xlsx", "XLSX", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"geojson", "GeoJSON", "geojson", "application/geo+json"},
};

struct GdalCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};

// The file a driver wrote into /vsimem/, read back and removed.
std::string take_vsimem(const std::string& path) {
    vsi_l_offset size = 0;
    GByte* data = VSIGetMemFileBuffer(path.c_str(), &size, FALSE);
    std::string out = data ? std::string(reinterpret_cast<const char*>(data), size) : std::string();
    VSIUnlink(path.c_str());
    return out;
}

void set_real(OGRFeature& f, const char* field, double v) {
    if (std::isfinite(v)) f.SetField(field, v);
}

Response write(const catalog::LayerCatalog& catalog, const catalog::Variant& v, const Format& format,
               const std::string& pref_code) {
    static std::atomic<unsigned> counter{0};
    const catalog::LayerDefinition& d = *v.definition;
    const queries::ValuesTable table = queries::values(catalog, v, pref_code);

    const std::string path = "/vsimem/rxmap-values-" + std::to_string(counter++) + "." + format.extension;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format.driver);
    if (!driver) return json_error(500, "no_driver", std::string("GDAL has no ") + format.driver + " driver");
    std::unique_ptr<GDALDataset, GdalCloser> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) return json_error(500, "write_failed", CPLGetLastErrorMsg());

    const bool geo = std::string(format.name) == "geojson";
    OGRSpatialReference mercator;
    mercator.importFromEPSG(3857);
    mercator.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    CPLStringList options;
    if (std::string(format.name) == "csv") options.SetNameValue("WRITE_BOM", "YES");
    if (geo) {
        options.SetNameValue("RFC7946", "YES");  // reprojects to lon/lat, 7 decimals
        options.SetNameValue("WRITE_NAME", "NO");
    }
    OGRLayer* layer = ds->CreateLayer(v.key().c_str(), geo ? &mercator : nullptr, geo ? wkbMultiPolygon : wkbNone,
                                      options.List());
    if (!layer) return json_error(500, "write_failed", CPLGetLastErrorMsg());
    const std::pair<const char*, OGRFieldType> fields[] = {
        {"code", OFTString},         {"name", OFTString},        {"prefecture_code", OFTString},
        {"prefecture", OFTString},   {"layer", OFTString},       {"year", OFTInteger},
        {"level", OFTString},        {"value", OFTReal},         {"unit", OFTString},
        {"class", OFTInteger},       {"class_label", OFTString}, {"numerator", OFTReal},
        {"numerator_label", OFTString}, {"denominator", OFTReal}, {"denominator_label", OFTString},
        {"base_value", OFTReal},     {"base_year", OFTInteger},  {"credits", OFTString},
        {"state", OFTString},
    };
    for (const auto& [name, type] : fields) {
        OGRFieldDefn f(name, type);
        if (layer->CreateField(&f) != OGRERR_NONE) return json_error(500, "write_failed", CPLGetLastErrorMsg());
    }
    for (const queries::ValueRow& r : table.rows) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("code", r.area->code.c_str());
        f.SetField("name", r.area->name.c_str());
        if (!r.prefecture.empty()) {
            f.SetField("prefecture_code", r.prefecture_code.c_str());
            f.SetField("prefecture", r.prefecture.c_str());
        }
        f.SetField("layer", v.key().c_str());
        f.SetField("year", v.year);
        f.SetField("level", data::level_name(v.level));
        f.SetField("unit", d.unit_ja.c_str());
        f.SetField("state", catalog::state_name(r.state));  // no number: the field stays empty, the state says why
        set_real(f, "value", r.value);
        set_real(f, "numerator", r.numerator);
        set_real(f, "denominator", r.denominator);
        set_real(f, "base_value", r.base_value);
        f.SetField("numerator_label", table.numerator_label.c_str());
        if (!table.denominator_label.empty()) f.SetField("denominator_label", table.denominator_label.c_str());
        if (table.base_year) f.SetField("base_year", table.base_year);
        f.SetField("class", r.cls);
        f.SetField("class_label", r.class_label.c_str());
        f.SetField("credits", table.credits.c_str());
        if (geo) {
            auto g = queries::boundary(r);
            g->assignSpatialReference(&mercator);
            f.SetGeometry(g.get());
        }
        if (layer->CreateFeature(&f) != OGRERR_NONE) return json_error(500, "write_failed", CPLGetLastErrorMsg());
    }
    ds.reset();  // flushes the file into /vsimem/

    std::string body = take_vsimem(path);
    if (body.empty()) return json_error(500, "write_failed", "the driver wrote nothing");
    Response resp;
    resp.content_type = format.content_type;
    resp.body = std::make_shared<const std::string>(std::move(body));
    std::string file = v.key();
    for (char& c : file)
        if (c == '/') c = '_';
    if (!pref_code.empty()) file += "_" + pref_code;
    resp.set("Content-Disposition", "attachment; filename=\"" + file + "." + format.extension + "\"");
    resp.set("Cache-Control", "public, max-age=300");
    return resp;
}

// What a client is sent for a kept export: the gzip copy when it accepts one.
Response answer(const ExportEntry& e, const std::string& etag, bool gzip, int max_age) {
    Response r;
    r.content_type = e.content_type;
    const bool gz = gzip && e.gzip;
    r.body = gz ? e.gzip : e.body;
    if (gz) r.set("Content-Encoding", "gzip");
    r.set("ETag", gz ? etag_with_suffix(etag, "gzip") : etag);
    if (e.gzip) r.set("Vary", "Accept-Encoding");
    r.set("Content-Disposition", e.disposition);
    r.set("Cache-Control", "public, max-age=" + std::to_string(max_age));
    return r;
}

Response busy(int retry_after) {
    Response r = json_error(503, "busy", "too many exports at once; retry shortly");
    r.set("Retry-After", std::to_string(retry_after));
    return r;
}

// A built export (200) as kept: its body, a gzip copy for text formats, its type and file name.
ExportPtr keepable(Response built) {
    auto e = std::make_shared<ExportEntry>();
    e->content_type = built.content_type;
    for (const auto& [name, value] : built.headers)
        if (name == "Content-Disposition") e->disposition = value;
    e->body = std::move(built.body);
    if (compressible(e->content_type)) e->gzip = std::make_shared<const std::string>(gzip_compress(*e->body, 6));
    return e;
}

// Bumped when the export's columns or wording change for the same data and cartography.
constexpr const char* kExportVersion = "values/v1";

}  // namespace

// Versions by variant key, computed once per catalogue (ValuesService::Versions).
struct ValuesService::Versions {
    std::mutex mutex;
    std::map<std::string, std::string> by_variant;

    std::optional<std::string> known(const std::string& variant) {
        std::lock_guard lock(mutex);
        const auto it = by_variant.find(variant);
        return it == by_variant.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    // The version of what a variant's export shows. Takes a while the first time (every
    // area's class): on the export thread, never on an I/O thread.
    std::string of(const catalog::Variant& v, const catalog::LayerCatalog& catalog) {
        if (auto k = known(v.key())) return *k;
        // The tile version covers the data, the classes and the class of every area; the
        // unit and credit lines come from the layer's declaration.
        std::string words = v.definition->unit_ja;
        for (const auto& c : v.definition->credits) words += "\n" + c;
        const std::string version = tiles::tile_version(v, catalog, 8) + "-" +
                                    tiles::content_hash(words).substr(0, 16) + "-" + kExportVersion;
        std::lock_guard lock(mutex);
        return by_variant.emplace(v.key(), version).first->second;
    }
};

// One export request from the moment it is known to need more than the I/O thread: it
// shares nothing with the service object (which a reload may drop while it runs).
struct ValuesService::Run {
    std::shared_ptr<const catalog::LayerCatalog> catalog;
    std::shared_ptr<ExportBudget> budget;
    std::shared_ptr<ExportCache> cache;
    std::shared_ptr<Versions> versions;
    catalog::Variant variant;
    const Format* format = nullptr;
    std::string pref, client, if_none_match;
    bool gzip = false;
    int max_age = 300;

    std::string key_of(const std::string& version) const { return version + "/" + format->name + "/" + pref; }
    static std::string etag_of(const std::string& key) { return "\"" + tiles::content_hash(key).substr(0, 20) + "\""; }

    // A 304 or a kept copy in memory, else nothing: never blocks.
    std::optional<Response> at_once(const std::string& key) const {
        const std::string etag = etag_of(key);
        const std::string sent = gzip ? etag_with_suffix(etag, "gzip") : etag;
        if (!if_none_match.empty() && if_none_match_matches(if_none_match, sent)) {
            Response r;
            r.status = 304;
            r.set("ETag", sent);
            r.set("Cache-Control", "public, max-age=" + std::to_string(max_age));
            if (compressible(format->content_type)) r.set("Vary", "Accept-Encoding");
            return r;
        }
        if (ExportPtr hit = cache->find_in_memory(key)) return answer(*hit, etag, gzip, max_age);
        return std::nullopt;
    }

    // Joins the build of `key` under way, or leads one: with `slot` when admitted already
    // (and then on the export thread), else admitted here (503 at once when over the budget).
    // `retry`: the budget's Retry-After, passed when the budget is not at hand (on its thread).
    void build_or_join(const std::string& key, Reply::Respond respond, ExportBudget::Slot slot, int retry = 0) const {
        const std::string etag = etag_of(key);
        if (budget) retry = budget->options().retry_after_seconds;
        const bool g = gzip;
        const int age = max_age;
        if (!cache->lead_or_join(key, [=](ExportPtr e) { respond(e ? answer(*e, etag, g, age) : busy(retry)); }))
            return;  // joined: answered when the build ends, at no cost to the budget
        if (slot) return build(key, std::move(respond));
        slot = budget->admit(client);
        if (!slot) {
            cache->finish(key, nullptr);
            respond(busy(retry));
            return;
        }
        budget->run([run = *this, key, respond = std::move(respond), slot = std::move(slot)]() mutable {
            run.budget.reset();  // a job on the budget's thread never holds the budget's last reference
            run.build(key, std::move(respond));
        });
    }

    // On the export thread: the kept copy on disk, else built; kept; every waiter answered.
    void build(const std::string& key, Reply::Respond respond) const {
        ExportPtr e = cache->find_in_memory(key);
        Response failed;
        try {
            if (!e) e = cache->find_on_disk(key);
            if (e && !e->gzip && compressible(e->content_type)) {  // a disk copy without its gzip twin
                auto whole = std::make_shared<ExportEntry>(*e);
                whole->gzip = std::make_shared<const std::string>(gzip_compress(*e->body, 6));
                e = whole;
                cache->put(key, e);
            }
            if (!e) {
                Response built = write(*catalog, variant, *format, pref);
                if (built.status == 200) {
                    e = keepable(std::move(built));
                    cache->put(key, e);
                } else {
                    failed = std::move(built);
                }
            }
        } catch (const std::exception& ex) {
            std::fprintf(stderr, "values: export %s failed: %s\n", key.c_str(), ex.what());
            e = nullptr;
            failed = json_error(500, "export_failed", "the values could not be exported");
        }
        cache->finish(key, e);
        respond(e ? answer(*e, etag_of(key), gzip, max_age) : std::move(failed));
        malloc_trim(0);  // a whole-Japan GeoJSON's scratch space goes back to the system
    }
};

ValuesService::ValuesService(std::shared_ptr<const catalog::LayerCatalog> catalog, ValuesServiceOptions options)
    : catalog_(std::move(catalog)), options_(std::move(options)), versions_(std::make_shared<Versions>()) {
    if (!options_.budget) options_.budget = std::make_shared<ExportBudget>();
    if (!options_.cache) options_.cache = std::make_shared<ExportCache>(std::size_t{256} << 20);
}

ValuesService::~ValuesService() = default;

Reply ValuesService::handle(const Request& request) {
    const auto variant = variant_from_path(*catalog_, request.target.path, "/api/values/", "");
    if (!variant) return json_error(404, "unknown_layer", "no layer at " + request.target.path + " (see /layers)");
    if (variant->flow) return json_error(400, "bad_parameter", variant->definition->id + " is a flow layer: use net-migration-matrix for its values");
    const std::string format_name = request.target.query_value("format").value_or("csv");
    const Format* format = nullptr;
    for (const Format& f : kFormats)
        if (format_name == f.name) format = &f;
    if (!format) return json_error(400, "bad_parameter", "format must be csv, xlsx or geojson");
    std::string error;
    const auto pref = pref_parameter(request, catalog_->atlas(), &error);
    if (!pref) return json_error(400, "bad_parameter", error);
    if (!pref->empty() && (variant->level == data::Level::bloc || variant->level == data::Level::meti))
        return json_error(400, "bad_parameter", "pref= needs a ward, municipality or prefecture level");

    Run run{catalog_, options_.budget, options_.cache, versions_, *variant, format, *pref, request.client,
            std::string(request.header("If-None-Match")),
            compressible(format->content_type) && accepts_gzip(request.header("Accept-Encoding")),
            options_.max_age_seconds};
    // The usual case: the variant's version is known, so is the key, and with it the ETag
    // (a 304 costs nothing) and the kept copy.
    if (const auto version = versions_->known(variant->key())) {
        const std::string key = run.key_of(*version);
        if (auto now = run.at_once(key)) return std::move(*now);
        return Reply::async([run = std::move(run), key](Reply::Respond respond) {
            run.build_or_join(key, std::move(respond), nullptr);
        });
    }
    // The variant's first export in this catalogue: its version is computed on the export
    // thread, with a place in the budget taken first (503 at once when there is none).
    return Reply::async([run = std::move(run)](Reply::Respond respond) {
        auto slot = run.budget->admit(run.client);
        if (!slot) return respond(busy(run.budget->options().retry_after_seconds));
        run.budget->run([run, respond = std::move(respond), slot = std::move(slot)]() mutable {
            const int retry = run.budget->options().retry_after_seconds;
            run.budget.reset();  // as above: not needed past admission, which the slot is
            try {
                const std::string key = run.key_of(run.versions->of(run.variant, *run.catalog));
                if (auto now = run.at_once(key)) return respond(std::move(*now));
                run.build_or_join(key, std::move(respond), std::move(slot), retry);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "values: export of %s failed: %s\n", run.variant.key().c_str(), e.what());
                respond(json_error(500, "export_failed", "the values could not be exported"));
            }
        });
    });
}

std::string export_metrics_text(const ExportBudget& budget, const ExportCache& cache) {
    const ExportBudgetStats b = budget.stats();
    const ExportCacheStats c = cache.stats();
    common::PrometheusText o("rxmap_export_");
    o.metric("builds_admitted_total", "counter", "Exports (/api/values) admitted to be built or read from disk.",
             b.admitted);
    o.family("refused_total", "counter", "Exports answered 503 at once, by limit.");
    o.sample("refused_total", "reason=\"busy\"", b.refused_busy);
    o.sample("refused_total", "reason=\"client\"", b.refused_client);
    o.metric("in_flight", "gauge", "Exports queued or building now.", b.in_flight);
    o.family("cache_hits_total", "counter", "Exports answered from a kept copy, by where it was.");
    o.sample("cache_hits_total", "store=\"memory\"", c.memory_hits);
    o.sample("cache_hits_total", "store=\"disk\"", c.disk_hits);
    o.metric("cache_misses_total", "counter", "Exports built because no copy was kept.", c.misses);
    o.metric("joined_total", "counter", "Requests that joined an export being built.", c.builds_joined);
    o.metric("cache_bytes", "gauge", "Bytes of exports (and their gzip copies) kept in memory.", c.memory_bytes);
    o.metric("cache_corrupt_total", "counter", "Kept export files that did not match their hash (removed).",
             c.corrupt);
    o.family("cache_write_errors_total", "counter", "Export files that could not be written, by cause.");
    for (const auto& [cause, n] : c.write_errors)
        o.sample("cache_write_errors_total", "cause=\"" + common::prometheus_label(cause) + "\"", n);
    return o.text();
}

}  // namespace rxmap::server
