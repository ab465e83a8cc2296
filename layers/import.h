#pragma once
// The import: published sources -> Atlas -> store, rebuilt only when an input
// file or the importing code changed.
#include <ostream>
#include <string>
#include <vector>

#include "layers/atlas.h"
#include "layers/boundaries.h"

namespace rxmap::data {

struct SourceFiles {
    std::vector<std::string> boundaries;  // OGR vector files, folders of them, or PG: tables
    BoundaryOptions boundary_options;     // field names, encoding, CRS
    std::string source_args;              // the options that chose them, kept in the store (Atlas::source_args)
    std::string census_xlsx, ssdse_csv, ipss_json;
    std::string regions_csv;  // facts/regions.csv: blocs and METI bureaus
    std::vector<std::string> flow_csvs;  // flows/*.csv: origin–destination tables (Atlas::flows)

    // The layout that data/fetch.sh produces under `raw_dir`.
    static SourceFiles in_raw_dir(const std::string& raw_dir);
    // The statistics and flow files (boundaries are listed by expand_boundary_paths).
    std::vector<std::string> statistics() const;
};

// Hash of every input file's bytes (a Shapefile's .dbf, .prj and .cpg too; a PG: source by its
// connection string only: re-import with --force after the table changes), the boundary options and
// the code version.
std::string input_fingerprint(const SourceFiles& files);

// Reads and joins every source; prints one report line (or block) per dataset. `fingerprint`: the
// inputs' input_fingerprint when the caller has it already (each input is hashed once per start);
// empty: computed here.
Atlas import_sources(const SourceFiles& files, std::ostream& log, const std::string& fingerprint = "");

// The name a layer declares an imported flow table with: "raw:flows/<file name>".
std::string flow_table_name(const std::string& path);

// Reads the store when its fingerprint matches the inputs, else imports and writes it.
Atlas load_or_import(const SourceFiles& files, const std::string& store_path, std::ostream& log, bool force = false);

}  // namespace rxmap::data
