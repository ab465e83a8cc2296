#pragma once
// The options every `rxmap` subcommand shares: where the inputs, the store (or the
// database), the manifest and the layer configuration are; and the one function
// that loads the catalogue from them.
#include <boost/program_options.hpp>

#include <memory>
#include <string>
#include <vector>

#include "layers/boundaries.h"
#include "layers/postgis_store.h"
#include "catalog/layer_catalog.h"

namespace rxmap::cli {

struct DataArgs {
    std::string raw = "data/local/raw";
    std::string store = "data/local/store/rxmap.gpkg";
    std::string manifest = "data/manifest.tsv";
    std::vector<std::string> layer_files{"styles/layers.conf"};
    bool force = false;
    std::string db;                  // PostgreSQL/PostGIS URL: the atlas lives there (layers/postgis_store.h)
    std::string db_prefix = "rxmap";  // its pointer table and schemas
    // Boundaries of your own instead of raw/boundaries/n03-2021 (layers/boundaries.h).
    std::vector<std::string> boundaries;
    data::BoundaryOptions boundary_options;

    // The GeoPackage file: --store names it, or the folder it is in.
    std::string store_file() const;
};

void add_data_options(boost::program_options::options_description& o, DataArgs& d);

// import: sources -> GeoPackage store (-> the database with --db); other commands read the
// store (imported when the inputs changed), or with --db the database's current atlas
// (what the pointer named is returned in *current).
data::Atlas load_atlas(const DataArgs& d, bool importing = false, data::PgCurrent* current = nullptr);

// The atlas with every configured layer's data, and the catalog of those layers.
std::shared_ptr<const catalog::LayerCatalog> load_catalog(const DataArgs& d, data::PgCurrent* current = nullptr);

// Parses the command line into `o` (adds --help). False when --help was asked (printed).
bool parse_command(int argc, char** argv, boost::program_options::options_description& o);

}  // namespace rxmap::cli
