#include "server/values_service.h"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <cmath>

#include "catalog/value_reading.h"
#include "common/number_text.h"
#include "layers/geometry.h"
#include "server/area_rows.h"
#include "server/json_error.h"
#include "server/layer_json.h"
#include "styles/choropleth_legend.h"

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
    const data::Atlas& atlas = catalog.atlas();
    const std::vector<AreaRow> rows = area_rows(catalog, v, pref_code);
    const styles::Legend legend = styles::choropleth_legend(styles::choropleth(catalog, v), v.year);
    std::string credits;
    for (const auto& c : d.credits) credits += (credits.empty() ? "" : " / ") + c;
    const std::string numerator_label = d.value.presence ? "推計人口" : indicator_label(atlas, d.value.numerator.indicator);
    const std::string denominator_label = d.value.denominator ? indicator_label(atlas, d.value.denominator->indicator) : "";

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
    for (const AreaRow& r : rows) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("code", r.area->code.c_str());
        f.SetField("name", r.area->name.c_str());
        if (!r.prefecture.empty()) {
            f.SetField("prefecture_code", r.area->pref_code.c_str());
            f.SetField("prefecture", r.prefecture.c_str());
        }
        f.SetField("layer", v.key().c_str());
        f.SetField("year", v.year);
        f.SetField("level", data::level_name(v.level));
        f.SetField("unit", d.unit_ja.c_str());
        // Values to the layer's digits + 2 (no 15-digit floats), counts to 2 decimals; states as words.
        const catalog::ValueState state = catalog::value_state(d, r.value);
        f.SetField("state", catalog::state_name(state));
        if (r.value) {
            if (state == catalog::ValueState::value) set_real(f, "value", common::round_to(r.value->value, catalog::value_digits(d) + 2));
            set_real(f, "numerator", common::round_to(r.value->numerator, 2));
            set_real(f, "denominator", common::round_to(r.value->denominator, 2));
            if (d.value.change_from) set_real(f, "base_value", common::round_to(r.value->base_numerator, 2));
        }
        f.SetField("numerator_label", numerator_label.c_str());
        if (!denominator_label.empty()) f.SetField("denominator_label", denominator_label.c_str());
        if (d.value.change_from) f.SetField("base_year", d.value.change_from);
        f.SetField("class", r.cls);
        const auto& entry = r.cls >= 0 ? legend.entries[r.cls] : legend.entries.back();
        f.SetField("class_label", entry.label_ja.c_str());
        f.SetField("credits", credits.c_str());
        if (geo) {
            data::GeometryPtr g = data::from_wkb(r.area->wkb);
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

}  // namespace

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
    const catalog::Variant v = *variant;
    auto catalog = catalog_;
    return Reply::deferred([catalog, v, format, p = *pref] { return write(*catalog, v, *format, p); });
}

}  // namespace rxmap::server
