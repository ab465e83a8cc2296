#include "layers/boundaries.h"

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <map>
#include <memory>

#include "layers/geometry.h"

namespace rxmap::layers {

namespace {

std::string field_or_empty(const OGRFeature& f, int index) {
    if (index < 0 || !f.IsFieldSetAndNotNull(index)) return {};
    return f.GetFieldAsString(index);
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct Piece {
    std::string pref_name, city, name;
    GeometryPtr geometry;  // EPSG:3857
};

// Pieces grouped by code; uncoded pieces grouped by prefecture name.
struct Collected {
    std::map<std::string, std::vector<Piece>> by_code;
    std::map<std::string, std::vector<GeometryPtr>> uncoded_by_pref;
};

void collect_layer(OGRLayer& layer, const std::string& source, const BoundaryFields& fields,
                   Collected& out, BoundaryReport& report) {
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    const int code_i = defn->GetFieldIndex(fields.code.c_str());
    if (code_i < 0) throw ImportError(source + ": layer " + layer.GetName() + " has no field " + fields.code);
    const int pref_i = defn->GetFieldIndex(fields.prefecture.c_str());
    const int city_i = defn->GetFieldIndex(fields.city.c_str());
    const int name_i = defn->GetFieldIndex(fields.name.c_str());

    const OGRSpatialReference* layer_srs = layer.GetSpatialRef();
    MercatorTransform to_mercator(layer_srs);

    for (auto& feature : layer) {
        ++report.features;
        OGRGeometry* geom = feature->GetGeometryRef();
        if (!geom || geom->IsEmpty()) continue;
        GeometryPtr g(geom->clone());
        if (!to_mercator.apply(*g))
            throw ImportError(source + ": feature " + std::to_string(feature->GetFID()) + " cannot be reprojected");
        if (!g->IsValid()) {
            g = make_valid(*g);
            ++report.invalid_repaired;
        }
        const std::string code = field_or_empty(*feature, code_i);
        const std::string pref = field_or_empty(*feature, pref_i);
        if (code.empty()) {
            report.uncoded.push_back(pref + " " + field_or_empty(*feature, name_i) + " (" + base_name(source) +
                                     " #" + std::to_string(feature->GetFID()) + ")");
            out.uncoded_by_pref[pref].push_back(std::move(g));
            continue;
        }
        out.by_code[code].push_back(Piece{pref, field_or_empty(*feature, city_i), field_or_empty(*feature, name_i),
                                          std::move(g)});
    }
}

Area make_area(std::string code, std::string name, std::string label, std::vector<GeometryPtr> parts) {
    Area a;
    a.code = std::move(code);
    a.pref_code = a.code.substr(0, 2);
    a.name = std::move(name);
    a.label = std::move(label);
    GeometryPtr merged = union_all(std::move(parts));
    a.wkb = to_wkb(*merged);
    label_point(*merged, a.label_x, a.label_y);
    return a;
}

bool is_designated_ward(const Piece& p) {
    // Tokyo's special wards have no N03_003; designated-city wards carry the city name there.
    return ends_with(p.city, "市") && ends_with(p.name, "区");
}

}  // namespace

std::string designated_city_code(const std::vector<std::string>& ward_codes) {
    const std::string lowest = *std::min_element(ward_codes.begin(), ward_codes.end());
    const int n = std::stoi(lowest) / 10 * 10;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%05d", n);
    return buf;
}

Boundaries load_boundaries(const std::vector<std::string>& sources, const BoundaryFields& fields) {
    GDALAllRegister();
    Boundaries result;
    Collected collected;
    for (const std::string& source : sources) {
        GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) throw ImportError(source + ": cannot be read as a vector source (" + CPLGetLastErrorMsg() + ")");
        ++result.report.sources;
        for (OGRLayer* layer : ds->GetLayers()) collect_layer(*layer, source, fields, collected, result.report);
    }
    if (collected.by_code.empty()) throw ImportError("no coded boundary features in the boundary sources");

    // Ward level, and the pieces of each designated city.
    struct City {
        std::string name;
        std::vector<std::string> ward_codes;
        std::vector<GeometryPtr> parts;
    };
    std::map<std::string, City> cities;  // key: prefecture name + city name
    std::map<std::string, std::string> pref_name_to_code;
    std::map<std::string, std::vector<GeometryPtr>> pref_parts;

    for (auto& [code, pieces] : collected.by_code) {
        const Piece& first = pieces.front();
        pref_name_to_code[first.pref_name] = code.substr(0, 2);
        const bool ward = is_designated_ward(first);
        std::vector<GeometryPtr> parts;
        for (auto& p : pieces) parts.push_back(std::move(p.geometry));
        Area area = make_area(code, ward ? first.city + first.name : first.name, first.name, std::move(parts));
        if (ward) {
            City& city = cities[first.pref_name + first.city];
            city.name = first.city;
            city.ward_codes.push_back(code);
            city.parts.push_back(from_wkb(area.wkb));
        } else {
            result.municipalities.push_back(area);
        }
        result.wards.push_back(std::move(area));
    }

    for (auto& [key, city] : cities) {
        const std::string city_code = designated_city_code(city.ward_codes);
        for (Area& w : result.wards)
            if (std::find(city.ward_codes.begin(), city.ward_codes.end(), w.code) != city.ward_codes.end())
                w.parent = city_code;
        result.municipalities.push_back(make_area(city_code, city.name, city.name, std::move(city.parts)));
    }
    std::sort(result.municipalities.begin(), result.municipalities.end(),
              [](const Area& a, const Area& b) { return a.code < b.code; });

    for (Area& m : result.municipalities) {
        m.parent = prefecture_area_code(m.pref_code);
        pref_parts[m.pref_code].push_back(from_wkb(m.wkb));
    }
    for (Area& w : result.wards)
        if (w.parent.empty()) w.parent = w.code;  // a municipality is its own municipality-level parent

    std::map<std::string, std::string> pref_code_to_name;
    for (auto& [name, code] : pref_name_to_code) pref_code_to_name[code] = name;
    for (auto& [pref_name, parts] : collected.uncoded_by_pref) {
        auto it = pref_name_to_code.find(pref_name);
        if (it == pref_name_to_code.end()) continue;  // reported in uncoded; no prefecture to attach to
        for (auto& g : parts) pref_parts[it->second].push_back(std::move(g));
    }
    for (auto& [pref_code, parts] : pref_parts) {
        const std::string& name = pref_code_to_name[pref_code];
        result.prefectures.push_back(make_area(prefecture_area_code(pref_code), name, name, std::move(parts)));
    }
    return result;
}

}  // namespace rxmap::layers
