// `rxmap export-style --layer population --out DIR`: a layer's Mapnik style and the
// Shapefiles it reads (tiles/export_style.h), for renderd/mod_tile or another renderer.
#include <iostream>
#include <stdexcept>

#include "cli/commands.h"
#include "cli/data_options.h"
#include "styles/choropleth.h"
#include "tilesets/export_style.h"

namespace po = boost::program_options;

namespace rxmap::cli {

namespace {

struct ExportStyleArgs {
    std::string layer = "population";
    std::string out;
};

void add_export_style_options(po::options_description& o, ExportStyleArgs& a) {
    o.add_options()
        ("layer", po::value(&a.layer)->default_value(a.layer), "layer variant")
        ("out", po::value(&a.out)->required(), "directory for map.xml and its Shapefiles");
}

int run_export_style(const catalog::LayerCatalog& catalog, const ExportStyleArgs& a) {
    const auto variant = catalog.resolve(a.layer);
    if (!variant) throw std::invalid_argument("no layer " + a.layer);
    const std::string xml = tiles::export_style(styles::choropleth(catalog, *variant), variant->year, catalog.atlas(), a.out);
    std::cout << xml << '\n';
    return 0;
}

}  // namespace

int export_style_command(int argc, char** argv) {
    DataArgs d;
    ExportStyleArgs args;
    po::options_description o("rxmap export-style");
    add_data_options(o, d);
    add_export_style_options(o, args);
    if (!parse_command(argc, argv, o)) return 0;
    return run_export_style(*load_catalog(d), args);
}

}  // namespace rxmap::cli
