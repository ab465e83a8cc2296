#pragma once
// The imported atlas on disk: one GeoPackage (through GDAL) that the server
// reads in about a second instead of re-reading the published sources.
#include <functional>
#include <string>
#include <vector>

#include "layers/atlas.h"

class GDALDataset;

namespace rxmap::data {

// Writes to a temporary file beside it and renames, so a failed import leaves the old store.
void write_store(const std::string& path, const Atlas& atlas);
// Throws ImportError when the file is missing or not a store.
Atlas read_store(const std::string& path);
// The fingerprint the store was built from, or "" when there is no usable store.
std::string read_store_fingerprint(const std::string& path);
// A meta value of the store ("fingerprint", "source_args"), or "" when absent.
std::string read_store_meta(const std::string& path, const std::string& key);

// The store's tables in an open GDAL dataset, shared by the GeoPackage store above and
// the PostGIS store (layers/postgis_store.h, driver "PG:"). The caller owns the transaction.
struct StoreTableOptions {
    std::vector<std::string> layer_options;  // GDAL layer creation options, e.g. SCHEMA=rxmap_x
    // Called after each table is written (its name); a test throws here to fail an import midway.
    std::function<void(const std::string& table)> after_table;
};
// Areas of every level (and merged areas), stats, indicators, then meta (fingerprint) last.
void write_atlas_tables(GDALDataset& ds, const Atlas& atlas, const StoreTableOptions& options = {});
// `what` names the store in errors.
Atlas read_atlas_tables(GDALDataset& ds, const std::string& what);

}  // namespace rxmap::data
