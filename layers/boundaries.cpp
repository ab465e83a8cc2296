#include "layers/boundaries.h"

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "layers/geometry.h"

namespace rxmap::data {

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
    std::string source;    // "nagano.shp #12", for errors
};

// Pieces grouped by code; uncoded pieces grouped by prefecture name.
struct Collected {
    std::map<std::string, std::vector<Piece>> by_code;
    std::map<std::string, std::vector<GeometryPtr>> uncoded_by_pref;
};

// Index of the field named `name`, ignoring case; -1 when absent.
int field_index(OGRFeatureDefn& defn, const std::string& name) {
    for (int i = 0; i < defn.GetFieldCount(); ++i)
        if (EQUAL(defn.GetFieldDefn(i)->GetNameRef(), name.c_str())) return i;
    return -1;
}

// The configured field, or when the N03 default is absent, the first of the names other publishers use
// (e-Stat's boundary data, common GIS exports): detection only replaces a default, never a given name.
int field_index(OGRFeatureDefn& defn, const std::string& configured, const std::string& n03_default,
                std::initializer_list<const char*> aliases) {
    int i = field_index(defn, configured);
    if (i >= 0 || configured != n03_default) return i;
    for (const char* alias : aliases)
        if ((i = field_index(defn, alias)) >= 0) return i;
    return -1;
}

std::string field_names(OGRFeatureDefn& defn) {
    std::string out;
    for (int i = 0; i < defn.GetFieldCount(); ++i) out += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
    return out;
}

void collect_layer(OGRLayer& layer, const std::string& source, const BoundaryOptions& options,
                   const OGRSpatialReference* given_srs, Collected& out, BoundaryReport& report) {
    const BoundaryFields& fields = options.fields;
    const BoundaryFields n03;
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    const int code_i = field_index(*defn, fields.code, n03.code, {"JCODE", "CITY_CODE", "CITYCODE", "CODE"});
    if (code_i < 0)
        throw ImportError(source + ": layer " + layer.GetName() + " has no field " + fields.code + " (it has " +
                          field_names(*defn) + "; name the code field with --code-field)");
    const int pref_i = field_index(*defn, fields.prefecture, n03.prefecture, {"PREF_NAME", "PREFNAME", "PREF"});
    const int city_i = field_index(*defn, fields.city, n03.city, {"GST_NAME", "GUN_NAME"});
    const int name_i = field_index(*defn, fields.name, n03.name, {"CITY_NAME", "CITYNAME", "NAME"});
    if (name_i < 0)
        throw ImportError(source + ": layer " + layer.GetName() + " has no field " + fields.name +
                          " (name the municipality name field with --name-field)");

    MercatorTransform to_mercator(given_srs ? given_srs : layer.GetSpatialRef());

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
        std::string code = field_or_empty(*feature, code_i);
        // Numeric code fields lose the leading zero (1101 for 01101); a 6-digit code carries the check digit.
        if (code.size() == 4 && code.find_first_not_of("0123456789") == std::string::npos) code = "0" + code;
        if (code.size() == 6 && code.find_first_not_of("0123456789") == std::string::npos) code.resize(5);
        const std::string pref = field_or_empty(*feature, pref_i);
        if (code.empty()) {
            report.uncoded.push_back(pref + " " + field_or_empty(*feature, name_i) + " (" + base_name(source) +
                                     " #" + std::to_string(feature->GetFID()) + ")");
            out.uncoded_by_pref[pref].push_back(std::move(g));
            continue;
        }
        out.by_code[code].push_back(Piece{pref, field_or_empty(*feature, city_i), field_or_empty(*feature, name_i),
                                          std::move(g), source + " #" + std::to_string(feature->GetFID())});
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

// A Shapefile is several files: the ones GDAL needs, named when missing (GDAL's own
// message for a missing .dbf is about a field, not a file).
void check_shapefile_companions(const std::string& source, const BoundaryOptions& options) {
    namespace fs = std::filesystem;
    const fs::path shp(source);
    std::string ext = shp.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".shp" || !fs::is_regular_file(shp)) return;
    const auto present = [&](const char* companion) {
        std::string upper = companion;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return fs::exists(fs::path(shp).replace_extension(companion)) ||
               fs::exists(fs::path(shp).replace_extension(upper));
    };
    const std::pair<const char*, const char*> needed[] = {{".dbf", "its attributes: codes and names"},
                                                          {".shx", "its shape index"}};
    for (const auto& [companion, what] : needed)
        if (!present(companion))
            throw ImportError(source + ": the Shapefile's " + companion + " file (" + what + ") is missing: " +
                              fs::path(shp).replace_extension(companion).string());
    if (!present(".prj") && options.source_crs.empty())
        throw ImportError(source + ": the Shapefile's .prj file (its coordinate system) is missing: " +
                          fs::path(shp).replace_extension(".prj").string() +
                          "; name the CRS with --source-crs (EPSG:6668 for JGD2011 lat/lon, as N03)");
}

// The different names one code carries ("長野市", "松本市"), each with where it was first seen.
std::vector<const Piece*> distinct_names(const std::vector<Piece>& pieces) {
    std::vector<const Piece*> out;
    for (const Piece& p : pieces) {
        if (p.name.empty()) continue;
        const bool seen = std::any_of(out.begin(), out.end(),
                                      [&](const Piece* o) { return o->name == p.name && o->city == p.city; });
        if (!seen) out.push_back(&p);
    }
    return out;
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

std::string BoundaryOptions::describe() const {
    return "code=" + fields.code + " name=" + fields.name + " prefecture=" + fields.prefecture + " city=" + fields.city +
           " encoding=" + (encoding.empty() ? "declared" : encoding) +
           " crs=" + (source_crs.empty() ? "declared" : source_crs) +
           (merge_duplicate_codes ? " merge-duplicate-codes" : "");
}

std::vector<std::string> expand_boundary_paths(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    static const std::set<std::string> vector_extensions{".shp", ".gpkg", ".geojson", ".json", ".topojson",
                                                         ".fgb", ".gml", ".kml", ".sqlite", ".gdb"};
    std::vector<std::string> out;
    for (const std::string& path : paths) {
        if (path.rfind("PG:", 0) == 0 || path.rfind("/vsi", 0) == 0) {
            out.push_back(path);
        } else if (fs::is_directory(path) && fs::path(path).extension() != ".gdb") {
            std::vector<std::string> found;
            for (const auto& e : fs::recursive_directory_iterator(path))
                if (e.is_regular_file() && vector_extensions.count(e.path().extension().string()))
                    found.push_back(e.path().string());
                else if (e.is_directory() && e.path().extension() == ".gdb")
                    found.push_back(e.path().string());
            std::sort(found.begin(), found.end());
            if (found.empty()) throw ImportError(path + ": folder holds no vector files");
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::exists(path)) {
            out.push_back(path);
        } else {
            throw ImportError(path + ": no such boundary file or folder");
        }
    }
    return out;
}

Boundaries load_boundaries(const std::vector<std::string>& sources, const BoundaryOptions& options) {
    GDALAllRegister();
    Boundaries result;
    Collected collected;
    OGRSpatialReference given_srs;
    if (!options.source_crs.empty() && given_srs.SetFromUserInput(options.source_crs.c_str()) != OGRERR_NONE)
        throw ImportError("--source-crs " + options.source_crs + " is not a CRS PROJ knows");
    // A Shapefile's .cpg wins unless the user names the encoding (GDAL's ENCODING open option).
    const std::string encoding_option = "ENCODING=" + options.encoding;
    const char* open_options[] = {encoding_option.c_str(), nullptr};
    const char* shapefile_only[] = {"ESRI Shapefile", nullptr};
    for (const std::string& source : sources) {
        check_shapefile_companions(source, options);
        GDALDatasetUniquePtr ds;
        if (!options.encoding.empty())
            ds.reset(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, shapefile_only, open_options));
        if (!ds) ds.reset(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) throw ImportError(source + ": cannot be read as a vector source (" + CPLGetLastErrorMsg() + ")");
        ++result.report.sources;
        for (OGRLayer* layer : ds->GetLayers())
            collect_layer(*layer, source, options, options.source_crs.empty() ? nullptr : &given_srs, collected,
                          result.report);
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
        if (const auto names = distinct_names(pieces); names.size() > 1) {
            std::string list;
            for (const Piece* p : names) list += (list.empty() ? "" : " + ") + p->city + p->name;
            if (!options.merge_duplicate_codes)
                throw ImportError("code " + code + " is shared by areas of different names: " + names[0]->city +
                                  names[0]->name + " (" + names[0]->source + ") and " + names[1]->city +
                                  names[1]->name + " (" + names[1]->source +
                                  "); correct the file, or pass --merge-duplicate-codes to draw them as one area");
            result.report.merged_codes.push_back(code + " " + list);
        }
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

}  // namespace rxmap::data
