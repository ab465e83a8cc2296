#pragma once
// The imported atlas in PostgreSQL/PostGIS, for several rxmap nodes that share one
// database (`rxmap import --db URL`, `rxmap serve --db URL`).
//
// The tables are the GeoPackage store's (layers/store.h: areas_<level>, areas_merged,
// stats, indicators, flows, meta), written through GDAL's PostgreSQL driver into a schema of
// their own, `<prefix>_<fingerprint hash>_<time>_<pid>`, with GiST indexes on the
// geometries and b-tree indexes on the codes. The whole import is one transaction that
// ends by pointing the one-row table `<prefix>_current` at the new schema: an import
// that fails or is killed midway leaves nothing behind, and the servers keep reading
// the schema the pointer named before. Imports are serialised by an advisory lock.
// After a successful import, schemas older than the previous one are dropped (a node
// keeps its schema until it reloads: `rxmap serve --db` polls pg_current and reloads
// when the pointer names a new schema, cli/reloader.h).
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "layers/atlas.h"
#include "layers/boundaries.h"  // ImportError
#include "layers/import.h"

namespace rxmap::data {

struct PgLocation {
    std::string url;               // libpq connection URI or key=value string: postgresql://rxmap@127.0.0.1:5432/rxmap
    std::string prefix = "rxmap";  // pointer table <prefix>_current and schemas <prefix>_*: [a-z0-9_] only
};

// Mapnik's postgis plugin wants the parts (host, port, user, password, dbname).
struct PgConnection {
    std::string host, port, user, password, dbname;
};
// Parsed with libpq (URIs and key=value strings). Throws ImportError.
PgConnection pg_connection(const std::string& url);

struct PgCurrent {
    std::string schema;       // "rxmap_3f2a…_20261128T101500_1234"
    std::string fingerprint;  // the atlas fingerprint of the import
    std::string imported_at;  // timestamptz as text
};
// What the pointer names, or nullopt when nothing was imported. Throws ImportError when unreachable.
std::optional<PgCurrent> pg_current(const PgLocation& db);

struct PgImportOptions {
    int keep_previous = 1;  // older schemas than this many previous ones are dropped after an import
    // Test hook: called after each table is loaded; throw to fail the import there.
    std::function<void(const std::string& table)> after_table;
};

// Loads the atlas into a new schema and points `<prefix>_current` at it, in one transaction.
// Returns the new schema. Throws ImportError (nothing changed then).
std::string pg_write_atlas(const PgLocation& db, const Atlas& atlas, std::ostream& log,
                           const PgImportOptions& options = {});

// Reads the atlas the pointer names (the schema is returned in *current).
Atlas pg_read_atlas(const PgLocation& db, PgCurrent* current = nullptr);

// `rxmap import --db`: the atlas of the inputs (through the local GeoPackage store, rebuilt
// when the inputs changed), written to the database unless it holds that fingerprint already.
Atlas pg_load_or_import(const SourceFiles& files, const std::string& store_path, const PgLocation& db,
                        std::ostream& log, bool force = false);

// Drops the pointer table and every schema of the prefix (tests clean up with it).
void pg_drop_all(const PgLocation& db);

// Runs one SQL statement on a new connection; the rows of the first column (tests, tools).
std::vector<std::string> pg_query(const std::string& url, const std::string& sql);

}  // namespace rxmap::data
