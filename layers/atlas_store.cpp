#include "layers/atlas_store.h"

#include <chrono>
#include <ostream>

namespace rxmap::data {

Atlas GeoPackageAtlasStore::import(const SourceFiles& sources, std::ostream& log, bool force) {
    return load_or_import(sources, path_, log, force);
}

Atlas GeoPackageAtlasStore::open(const SourceFiles& sources, std::ostream& log, bool force, PgCurrent*) {
    return load_or_import(sources, path_, log, force);
}

Atlas PostgisAtlasStore::import(const SourceFiles& sources, std::ostream& log, bool force) {
    return pg_load_or_import(sources, gpkg_path_, db_, log, force);
}

Atlas PostgisAtlasStore::open(const SourceFiles&, std::ostream& log, bool, PgCurrent* current) {
    const auto start = std::chrono::steady_clock::now();
    PgCurrent cur;
    Atlas atlas = pg_read_atlas(db_, &cur);
    log << "database: read schema " << cur.schema << " (" << cur.fingerprint << ", imported " << cur.imported_at
        << ") in " << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
    if (current) *current = cur;
    return atlas;
}

std::unique_ptr<AtlasStore> make_atlas_store(const std::string& gpkg_path, const PgLocation& db) {
    if (db.url.empty()) return std::make_unique<GeoPackageAtlasStore>(gpkg_path);
    return std::make_unique<PostgisAtlasStore>(gpkg_path, db);
}

}  // namespace rxmap::data
