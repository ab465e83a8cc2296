#include "tilesets/export_style.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "layers/geometry.h"
#include "layers/indicator_values.h"
#include "styles/map_builder.h"
#include "styles/map_style.h"

namespace fs = std::filesystem;

namespace rxmap::tiles {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

Dataset create_shapefile(const fs::path& path) {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    if (!driver) throw std::runtime_error("GDAL has no ESRI Shapefile driver");
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".index"}) {
        std::error_code ec;
        fs::remove(fs::path(path).replace_extension(ext), ec);
    }
    Dataset ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw std::runtime_error("cannot create " + path.string());
    return ds;
}

OGRLayer* create_layer(GDALDataset& ds, const std::string& name, OGRwkbGeometryType type) {
    OGRSpatialReference srs;
    srs.importFromEPSG(3857);
    char** options = CSLSetNameValue(nullptr, "ENCODING", "UTF-8");
    OGRLayer* layer = ds.CreateLayer(name.c_str(), &srs, type, options);
    CSLDestroy(options);
    if (!layer) throw std::runtime_error("cannot create layer " + name);
    return layer;
}

void add_field(OGRLayer* layer, const char* name, OGRFieldType type, int width = 0) {
    OGRFieldDefn f(name, type);
    if (width) f.SetWidth(width);
    if (layer->CreateField(&f) != OGRERR_NONE) throw std::runtime_error(std::string("cannot create field ") + name);
}

// Bands as styles::map_builder draws them: the simplified geometry (Area::wkb_low) in a layer of
// its own for the low zooms, the full one below the band's scale denominator.
enum class Band { all, low, high };

void write_areas(const fs::path& path, const styles::Choropleth& c, int year,
                 const std::vector<const data::Area*>& areas, Band band = Band::all) {
    Dataset ds = create_shapefile(path);
    OGRLayer* layer = create_layer(*ds, path.stem().string(), wkbMultiPolygon);
    add_field(layer, "code", OFTString, 32);
    add_field(layer, "class", OFTInteger, 4);
    for (const data::Area* a : areas) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("code", a->code.c_str());
        f.SetField("class", c.class_of_area(year, a->code));
        data::GeometryPtr g = data::from_wkb(a->wkb_for(band == Band::low));
        f.SetGeometry(g.get());
        if (layer->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("cannot write " + path.string());
    }
}

void write_labels(const fs::path& path, const std::vector<const data::Area*>& areas, const data::Atlas& atlas) {
    // As styles::map_builder's label_datasource: larger places first.
    std::vector<std::pair<double, const data::Area*>> ranked;
    for (const data::Area* a : areas) ranked.emplace_back(atlas.stats.get("ipss:population", 2020, a->code).value_or(0), a);
    std::stable_sort(ranked.begin(), ranked.end(), [](auto& l, auto& r) { return l.first > r.first; });

    Dataset ds = create_shapefile(path);
    OGRLayer* layer = create_layer(*ds, path.stem().string(), wkbPoint);
    add_field(layer, "label", OFTString, 254);
    add_field(layer, "population", OFTReal, 24);
    for (const auto& [population, a] : ranked) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("label", a->label.c_str());
        f.SetField("population", population);
        OGRPoint p(a->label_x, a->label_y);
        f.SetGeometry(&p);
        if (layer->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("cannot write " + path.string());
    }
}

std::string layer_xml(const std::string& name, const std::string& file, std::initializer_list<const char*> styles,
                      Band band = Band::all) {
    std::ostringstream x;
    x.precision(17);  // the band's bound exactly as map_builder sets it
    x << "<Layer name=\"" << name << "\" srs=\"epsg:3857\"";
    if (band == Band::low) x << " minimum-scale-denominator=\"" << styles::low_band_scale_denominator() << '"';
    if (band == Band::high) x << " maximum-scale-denominator=\"" << styles::low_band_scale_denominator() << '"';
    x << ">\n";
    for (const char* s : styles) x << "  <StyleName>" << s << "</StyleName>\n";
    x << "  <Datasource>\n"
      << "    <Parameter name=\"type\">shape</Parameter>\n"
      << "    <Parameter name=\"file\">" << file << "</Parameter>\n"
      << "    <Parameter name=\"encoding\">utf-8</Parameter>\n"
      << "  </Datasource>\n</Layer>\n";
    return x.str();
}

// One layer of areas, or two zoom bands when some area has a simplified copy (map_builder's
// add_banded_layer; without the low band renderd drew the full geometry at z5-z8: 3 of 40 tiles differed).
std::string area_layers_xml(const fs::path& dir, const std::string& name, const styles::Choropleth& c, int year,
                            const std::vector<const data::Area*>& areas, std::initializer_list<const char*> styles) {
    const std::string file = name + ".shp";
    write_areas(dir / file, c, year, areas);
    if (!data::has_low_band(areas)) return layer_xml(name, file, styles);
    const std::string low_file = name + "-low.shp";
    write_areas(dir / low_file, c, year, areas, Band::low);
    return layer_xml(name + "-low", low_file, styles, Band::low) + layer_xml(name, file, styles, Band::high);
}

}  // namespace

std::string export_style(const styles::Choropleth& c, int year, const data::Atlas& atlas, const std::string& dir_name) {
    const fs::path dir = fs::absolute(dir_name);
    fs::create_directories(dir);
    const auto areas = data::layer_areas(atlas, c.level, c.definition.value.merged_areas);
    const auto prefectures = data::layer_areas(atlas, data::Level::prefecture, false);

    // Layers in map_builder's order.
    std::string layers_xml;
    layers_xml += area_layers_xml(dir, "areas", c, year, areas, {"fill", "area-lines"});
    layers_xml += area_layers_xml(dir, "prefectures", c, year, prefectures, {"prefecture-lines"});
    write_labels(dir / "area-labels.shp", areas, atlas);
    if (data::is_aggregate(c.level)) {
        layers_xml += layer_xml("area-labels", "area-labels.shp", {"group-labels"});
    } else {
        write_labels(dir / "prefecture-labels.shp", prefectures, atlas);
        layers_xml += layer_xml("prefecture-labels", "prefecture-labels.shp", {"prefecture-labels"});
        layers_xml += layer_xml("area-labels", "area-labels.shp", {"municipal-labels"});
    }

    std::string xml = styles::map_style_xml(c);
    const auto end = xml.rfind("</Map>");
    if (end == std::string::npos) throw std::runtime_error("style XML has no </Map>");
    xml.insert(end, layers_xml);
    const fs::path out = dir / "map.xml";
    std::ofstream f(out, std::ios::binary);
    f << xml;
    if (!f) throw std::runtime_error("cannot write " + out.string());
    return out.string();
}

}  // namespace rxmap::tiles
