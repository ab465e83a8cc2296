#pragma once
// Where the imported atlas lives, behind one interface: a GeoPackage file (one node,
// layers/store.h) or a PostgreSQL/PostGIS database that several nodes share
// (layers/postgis_store.h). `rxmap import` calls import(); every other command open().
#include <iosfwd>
#include <memory>
#include <string>

#include "layers/atlas.h"
#include "layers/import.h"
#include "layers/postgis_store.h"

namespace rxmap::data {

class AtlasStore {
public:
    virtual ~AtlasStore() = default;
    // The atlas of the sources, written to the store unless it holds that fingerprint already.
    virtual Atlas import(const SourceFiles& sources, std::ostream& log, bool force) = 0;
    // The atlas the store holds. A GeoPackage is re-imported first when the sources changed;
    // a database is read as its pointer names it, and *current (when given) gets that schema.
    virtual Atlas open(const SourceFiles& sources, std::ostream& log, bool force, PgCurrent* current) = 0;
};

// A GeoPackage file (rxmap.gpkg): built from the sources when missing, damaged or older.
class GeoPackageAtlasStore : public AtlasStore {
public:
    explicit GeoPackageAtlasStore(std::string path) : path_(std::move(path)) {}
    Atlas import(const SourceFiles& sources, std::ostream& log, bool force) override;
    Atlas open(const SourceFiles& sources, std::ostream& log, bool force, PgCurrent* current) override;

private:
    std::string path_;
};

// A database: imports go through the local GeoPackage (gpkg_path) and then to the database.
class PostgisAtlasStore : public AtlasStore {
public:
    PostgisAtlasStore(std::string gpkg_path, PgLocation db) : gpkg_path_(std::move(gpkg_path)), db_(std::move(db)) {}
    Atlas import(const SourceFiles& sources, std::ostream& log, bool force) override;
    Atlas open(const SourceFiles& sources, std::ostream& log, bool force, PgCurrent* current) override;

private:
    std::string gpkg_path_;
    PgLocation db_;
};

// The database's store when db.url is set, else the GeoPackage at gpkg_path.
std::unique_ptr<AtlasStore> make_atlas_store(const std::string& gpkg_path, const PgLocation& db);

}  // namespace rxmap::data
