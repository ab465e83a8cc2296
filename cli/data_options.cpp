#include "cli/data_options.h"

#include <filesystem>
#include <iostream>
#include <sstream>

#include "layers/atlas_store.h"
#include "layers/import.h"
#include "layers/manifest.h"
#include "layers/store.h"
#include "catalog/load_catalog.h"
#include "styles/palette.h"

namespace po = boost::program_options;

namespace rxmap::cli {

namespace {

// The options that choose the sources: an import stores them with the atlas, later starts without
// --boundaries reuse them (so `rxmap serve` reads the boundaries `rxmap import --boundaries` took).
void add_source_options(po::options_description& o, DataArgs& d) {
    data::BoundaryFields& f = d.boundary_options.fields;
    o.add_options()
        ("boundaries", po::value(&d.boundaries)->multitoken(),
         "boundary files or folders (Shapefile, GeoPackage, GeoJSON, FlatGeobuf, ...) or a PostGIS table "
         "('PG:dbname=gis tables=public.n03'); default: the N03 2021 files in --raw")
        ("code-field", po::value(&f.code)->default_value(f.code), "boundary field with the 5-digit municipality code")
        ("name-field", po::value(&f.name)->default_value(f.name), "boundary field with the municipality (or ward) name")
        ("pref-field", po::value(&f.prefecture)->default_value(f.prefecture), "boundary field with the prefecture name")
        ("city-field", po::value(&f.city)->default_value(f.city), "boundary field with the county or designated city")
        ("encoding", po::value(&d.boundary_options.encoding),
         "attribute encoding of Shapefiles without a .cpg (CP932 for MLIT's N03 Shapefiles)")
        ("source-crs", po::value(&d.boundary_options.source_crs),
         "CRS of the boundaries when the source declares none or a wrong one (EPSG:6676)")
        ("merge-duplicate-codes", po::bool_switch(&d.boundary_options.merge_duplicate_codes),
         "draw areas of different names that share one code as one area (else the import stops, naming them)");
}

// The source options as stored with the atlas: one token a line, paths made absolute.
std::string source_args(const DataArgs& d) {
    if (d.boundaries.empty()) return {};
    std::string out = "--boundaries\n";
    for (const std::string& b : d.boundaries)
        out += (b.rfind("PG:", 0) == 0 ? b : std::filesystem::absolute(b).string()) + '\n';
    const auto& o = d.boundary_options;
    for (const auto& [option, value] : {std::pair{"--code-field", o.fields.code}, {"--name-field", o.fields.name},
                                        {"--pref-field", o.fields.prefecture}, {"--city-field", o.fields.city},
                                        {"--encoding", o.encoding}, {"--source-crs", o.source_crs}})
        if (!value.empty()) out += std::string(option) + '\n' + value + '\n';
    if (o.merge_duplicate_codes) out += "--merge-duplicate-codes\n";
    return out;
}

void reuse_source_args(DataArgs& d, const std::string& stored) {
    std::vector<std::string> tokens;
    std::istringstream lines(stored);
    for (std::string line; std::getline(lines, line);) tokens.push_back(line);
    po::options_description o;
    add_source_options(o, d);
    po::variables_map vm;
    po::store(po::command_line_parser(tokens).options(o).run(), vm);
    po::notify(vm);
}

}  // namespace

std::string DataArgs::store_file() const {
    return store.size() > 5 && store.substr(store.size() - 5) == ".gpkg" ? store : store + "/rxmap.gpkg";
}

void add_data_options(po::options_description& o, DataArgs& d) {
    o.add_options()
        ("raw", po::value(&d.raw)->default_value(d.raw), "folder filled by data/fetch.sh")
        ("store", po::value(&d.store)->default_value(d.store), "imported store (GeoPackage), rebuilt when inputs change")
        ("force", po::bool_switch(&d.force), "re-import even when the store is current")
        ("db", po::value(&d.db),
         "PostgreSQL/PostGIS URL (postgresql://user@127.0.0.1:5432/rxmap): import writes the atlas there, "
         "the other commands read it from there (and serve renders through Mapnik's postgis plugin)")
        ("db-prefix", po::value(&d.db_prefix)->default_value(d.db_prefix),
         "with --db: pointer table <prefix>_current and schemas <prefix>_*")
        ("manifest", po::value(&d.manifest)->default_value(d.manifest), "dataset manifest (credit lines)")
        ("layers", po::value(&d.layer_files)->multitoken()->default_value(d.layer_files, "styles/layers.conf"),
         "layer configuration files");
    add_source_options(o, d);
}

data::Atlas load_atlas(const DataArgs& d, bool importing, data::PgCurrent* current) {
    const std::string store = d.store_file();
    DataArgs chosen = d;
    if (!importing && d.boundaries.empty()) {
        const std::string stored = data::read_store_meta(store, "source_args");
        if (!stored.empty()) {
            reuse_source_args(chosen, stored);
            std::cerr << "sources as imported: " << chosen.boundary_options.describe() << '\n';
        }
    }
    auto sources = data::SourceFiles::in_raw_dir(d.raw);
    if (!chosen.boundaries.empty()) sources.boundaries = chosen.boundaries;
    sources.boundary_options = chosen.boundary_options;
    sources.source_args = source_args(chosen);
    const auto atlas_store = data::make_atlas_store(store, data::PgLocation{d.db, d.db_prefix});
    return importing ? atlas_store->import(sources, std::cerr, d.force)
                     : atlas_store->open(sources, std::cerr, d.force, current);
}

std::shared_ptr<const catalog::LayerCatalog> load_catalog(const DataArgs& d, data::PgCurrent* current) {
    return catalog::load_catalog(load_atlas(d, false, current),
                                 {d.layer_files, d.raw + "/facts", styles::palette_rules()},
                                 data::Manifest::read(d.manifest), std::cerr);
}

bool parse_command(int argc, char** argv, po::options_description& o) {
    po::variables_map vm;
    o.add_options()("help,h", "this help");
    po::store(po::parse_command_line(argc, argv, o), vm);
    if (vm.count("help")) {
        std::cout << o << '\n';
        return false;
    }
    po::notify(vm);
    return true;
}

}  // namespace rxmap::cli
