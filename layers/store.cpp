#include "layers/store.h"

#include <gdal_priv.h>
#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>

#include <unistd.h>

#include "layers/import_error.h"

namespace rxmap::data {

namespace {

constexpr const char* kMergedTable = "areas_merged";

const char* area_table(Level level) {
    switch (level) {
        case Level::ward: return "areas_ward";
        case Level::municipality: return "areas_municipality";
        case Level::prefecture: return "areas_prefecture";
        case Level::bloc: return "areas_bloc";
        case Level::meti: return "areas_meti";
    }
    return "";
}

void check(OGRErr err, const std::string& what) {
    if (err != OGRERR_NONE) throw ImportError("store: " + what + " failed: " + CPLGetLastErrorMsg());
}

OGRLayer* create_table(GDALDataset& ds, const char* name, const OGRSpatialReference* srs, OGRwkbGeometryType type,
                       std::initializer_list<std::pair<const char*, OGRFieldType>> fields,
                       const StoreTableOptions& options = {}) {
    CPLStringList layer_options;
    for (const std::string& o : options.layer_options) layer_options.AddString(o.c_str());
    OGRLayer* layer = ds.CreateLayer(name, const_cast<OGRSpatialReference*>(srs), type, layer_options.List());
    if (!layer) throw ImportError(std::string("store: cannot create table ") + name);
    for (const auto& [field, t] : fields) {
        OGRFieldDefn defn(field, t);
        check(layer->CreateField(&defn), std::string("field ") + field);
    }
    return layer;
}

void write_areas(GDALDataset& ds, const char* table, const AreaList& areas, const OGRSpatialReference& srs,
                 const StoreTableOptions& options) {
    OGRLayer* layer = create_table(ds, table, &srs, wkbMultiPolygon,
                                   {{"code", OFTString}, {"name", OFTString}, {"label", OFTString},
                                    {"pref_code", OFTString}, {"parent", OFTString}, {"members", OFTString},
                                    {"label_x", OFTReal}, {"label_y", OFTReal}, {"wkb_low", OFTBinary}},
                                   options);
    for (const Area& a : areas) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("code", a.code.c_str());
        f.SetField("name", a.name.c_str());
        f.SetField("label", a.label.c_str());
        f.SetField("pref_code", a.pref_code.c_str());
        f.SetField("parent", a.parent.c_str());
        std::string members;
        for (const auto& m : a.members) members += (members.empty() ? "" : ",") + m;
        f.SetField("members", members.c_str());
        f.SetField("label_x", a.label_x);
        f.SetField("label_y", a.label_y);
        if (!a.wkb_low.empty())
            f.SetField(f.GetFieldIndex("wkb_low"), static_cast<int>(a.wkb_low.size()),
                       reinterpret_cast<const GByte*>(a.wkb_low.data()));
        OGRGeometry* g = nullptr;
        check(OGRGeometryFactory::createFromWkb(a.wkb.data(), nullptr, &g, a.wkb.size()), "geometry of " + a.code);
        f.SetGeometryDirectly(g);
        check(layer->CreateFeature(&f), "area " + a.code);
    }
}

AreaList read_areas(GDALDataset& ds, const char* table) {
    OGRLayer* layer = ds.GetLayerByName(table);
    if (!layer) throw ImportError(std::string("store has no table ") + table);
    // PostgreSQL returns rows in no set order: read them in the order they were written
    // (fid), as a GeoPackage does, so that Maps draw and label areas in the same order.
    std::unique_ptr<OGRLayer, std::function<void(OGRLayer*)>> ordered(nullptr, [&ds](OGRLayer* l) { ds.ReleaseResultSet(l); });
    if (EQUAL(ds.GetDriverName(), "PostgreSQL")) {
        ordered.reset(ds.ExecuteSQL((std::string("SELECT * FROM \"") + table + "\" ORDER BY fid").c_str(), nullptr, nullptr));
        if (!ordered) throw ImportError(std::string("cannot read table ") + table + ": " + CPLGetLastErrorMsg());
        layer = ordered.get();
    }
    AreaList areas;
    for (auto& f : layer) {
        Area a;
        a.code = f->GetFieldAsString("code");
        a.name = f->GetFieldAsString("name");
        a.label = f->GetFieldAsString("label");
        a.pref_code = f->GetFieldAsString("pref_code");
        a.parent = f->GetFieldAsString("parent");
        const CPLStringList members(CSLTokenizeString2(f->GetFieldAsString("members"), ",", 0));
        for (int i = 0; i < members.size(); ++i) a.members.emplace_back(members[i]);
        a.label_x = f->GetFieldAsDouble("label_x");
        a.label_y = f->GetFieldAsDouble("label_y");
        int low_size = 0;
        const int low_i = f->GetFieldIndex("wkb_low");
        const GByte* low = low_i >= 0 && f->IsFieldSetAndNotNull(low_i) ? f->GetFieldAsBinary(low_i, &low_size) : nullptr;
        if (low) a.wkb_low.assign(reinterpret_cast<const char*>(low), low_size);
        if (const OGRGeometry* g = f->GetGeometryRef()) {
            a.wkb.resize(g->WkbSize());
            g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(a.wkb.data()), wkbVariantIso);
        }
        areas.push_back(std::move(a));
    }
    return areas;
}

GDALDatasetUniquePtr open_store(const std::string& path) {
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

}  // namespace

void write_atlas_tables(GDALDataset& ds, const Atlas& atlas, const StoreTableOptions& options) {
    OGRSpatialReference mercator;
    mercator.importFromEPSG(3857);
    for (Level level : kAllLevels) {
        write_areas(ds, area_table(level), atlas.at(level), mercator, options);
        if (options.after_table) options.after_table(area_table(level));
    }
    write_areas(ds, kMergedTable, atlas.merged, mercator, options);
    if (options.after_table) options.after_table(kMergedTable);

    OGRLayer* stats = create_table(ds, "stats", nullptr, wkbNone,
                                   {{"indicator", OFTString}, {"year", OFTInteger}, {"code", OFTString},
                                    {"value", OFTReal}},
                                   options);
    for (const auto& [indicator, by_year] : atlas.stats.all())
        for (const auto& [year, values] : by_year)
            for (const auto& [code, value] : values) {
                OGRFeature f(stats->GetLayerDefn());
                f.SetField("indicator", indicator.c_str());
                f.SetField("year", year);
                f.SetField("code", code.c_str());
                f.SetField("value", value);
                check(stats->CreateFeature(&f), "stats row");
            }
    if (options.after_table) options.after_table("stats");
    OGRLayer* indicators = create_table(ds, "indicators", nullptr, wkbNone,
                                        {{"id", OFTString}, {"dataset", OFTString}, {"label", OFTString}}, options);
    for (const auto& [id, info] : atlas.stats.indicators()) {
        OGRFeature f(indicators->GetLayerDefn());
        f.SetField("id", id.c_str());
        f.SetField("dataset", info.dataset.c_str());
        f.SetField("label", info.label.c_str());
        check(indicators->CreateFeature(&f), "indicator row");
    }
    if (options.after_table) options.after_table("indicators");
    OGRLayer* flows = create_table(ds, "flows", nullptr, wkbNone,
                                   {{"flow_table", OFTString}, {"origin", OFTString}, {"destination", OFTString},
                                    {"count", OFTReal}},
                                   options);
    for (const auto& [name, table] : atlas.flows)
        for (const auto& [od, count] : table->counts) {
            OGRFeature f(flows->GetLayerDefn());
            f.SetField("flow_table", name.c_str());
            f.SetField("origin", od.first.c_str());
            f.SetField("destination", od.second.c_str());
            f.SetField("count", count);
            check(flows->CreateFeature(&f), "flow row");
        }
    if (options.after_table) options.after_table("flows");
    // Written last: a store without its fingerprint is never taken as current.
    OGRLayer* meta = create_table(ds, "meta", nullptr, wkbNone, {{"key", OFTString}, {"value", OFTString}}, options);
    for (const auto& [key, value] : {std::pair{"source_args", &atlas.source_args}, {"fingerprint", &atlas.fingerprint}}) {
        OGRFeature f(meta->GetLayerDefn());
        f.SetField("key", key);
        f.SetField("value", value->c_str());
        check(meta->CreateFeature(&f), "meta row");
    }
    if (options.after_table) options.after_table("meta");
}

void write_store(const std::string& path, const Atlas& atlas) {
    GDALAllRegister();
    // Per-process temporary name (parallel importers never share it); GDAL wants the .gpkg extension.
    const std::string tmp = path + "." + std::to_string(::getpid()) + ".tmp.gpkg";
    std::filesystem::create_directories(std::filesystem::absolute(path).parent_path());
    std::filesystem::remove(tmp);
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!gpkg) throw ImportError("GDAL has no GPKG driver");
    GDALDatasetUniquePtr ds(gpkg->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw ImportError("cannot create " + tmp + ": " + CPLGetLastErrorMsg());

    check(ds->StartTransaction(), "transaction");
    write_atlas_tables(*ds, atlas);
    check(ds->CommitTransaction(), "commit");
    ds.reset();
    std::filesystem::rename(tmp, path);
}

namespace {

std::string meta_value(GDALDataset& ds, const std::string& key) {
    OGRLayer* meta = ds.GetLayerByName("meta");
    if (!meta) return {};
    for (auto& f : meta)
        if (f->GetFieldAsString("key") == key) return f->GetFieldAsString("value");
    return {};
}

}  // namespace

std::string read_store_meta(const std::string& path, const std::string& key) {
    if (!std::filesystem::exists(path)) return {};
    GDALAllRegister();
    auto ds = open_store(path);
    return ds ? meta_value(*ds, key) : std::string();
}

std::string read_store_fingerprint(const std::string& path) { return read_store_meta(path, "fingerprint"); }

Atlas read_atlas_tables(GDALDataset& ds, const std::string& what) {
    Atlas atlas;
    for (Level level : kAllLevels) atlas.at(level) = read_areas(ds, area_table(level));
    atlas.merged = read_areas(ds, kMergedTable);
    OGRLayer* stats = ds.GetLayerByName("stats");
    OGRLayer* indicators = ds.GetLayerByName("indicators");
    if (!stats || !indicators) throw ImportError(what + ": store has no statistics");
    const int i_ind = stats->GetLayerDefn()->GetFieldIndex("indicator");
    const int i_year = stats->GetLayerDefn()->GetFieldIndex("year");
    const int i_code = stats->GetLayerDefn()->GetFieldIndex("code");
    const int i_value = stats->GetLayerDefn()->GetFieldIndex("value");
    for (auto& f : stats)
        atlas.stats.set(f->GetFieldAsString(i_ind), f->GetFieldAsInteger(i_year), f->GetFieldAsString(i_code),
                        f->GetFieldAsDouble(i_value));
    for (auto& f : indicators)
        atlas.stats.describe({f->GetFieldAsString("id"), f->GetFieldAsString("dataset"), f->GetFieldAsString("label")});
    if (OGRLayer* flows = ds.GetLayerByName("flows")) {
        std::map<std::string, FlowTable> tables;
        for (auto& f : flows)
            tables[f->GetFieldAsString("flow_table")].counts[{f->GetFieldAsString("origin"),
                                                             f->GetFieldAsString("destination")}] =
                f->GetFieldAsDouble("count");
        for (auto& [name, table] : tables) atlas.flows[name] = std::make_shared<const FlowTable>(std::move(table));
    }
    atlas.fingerprint = meta_value(ds, "fingerprint");
    atlas.source_args = meta_value(ds, "source_args");
    return atlas;
}

Atlas read_store(const std::string& path) {
    GDALAllRegister();
    auto ds = open_store(path);
    if (!ds) throw ImportError(path + ": no imported store (run `rxmap import`)");
    return read_atlas_tables(*ds, path);
}

}  // namespace rxmap::data
