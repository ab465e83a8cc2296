// One interface for where the atlas lives (layers/atlas_store.h): the GeoPackage a single node
// imports, the PostGIS database several nodes share; a database that cannot be reached is a
// clear error, not a crash or an empty map.
#include <gtest/gtest.h>

#include <sstream>

#include "layers/atlas_store.h"
#include "layers/import_error.h"

using namespace rxmap::data;

TEST(AtlasStore, ChoosesTheDatabaseOnlyWhenOneIsNamed) {
    EXPECT_NE(dynamic_cast<GeoPackageAtlasStore*>(make_atlas_store(RXMAP_TEST_STORE, {}).get()), nullptr);
    const PgLocation db{"postgresql://rxmap@127.0.0.1:1/rxmap", "rxmap"};
    EXPECT_NE(dynamic_cast<PostgisAtlasStore*>(make_atlas_store(RXMAP_TEST_STORE, db).get()), nullptr);
}

TEST(AtlasStore, GeoPackageOpensTheImportedJapan) {
    std::ostringstream log;
    const auto store = make_atlas_store(RXMAP_TEST_STORE, {});
    const Atlas atlas = store->open(SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR), log, false, nullptr);
    EXPECT_EQ(atlas.at(Level::prefecture).size(), 47u);
    EXPECT_EQ(atlas.at(Level::municipality).size(), 1747u);  // as tests/test_import.cpp counts them
    EXPECT_FALSE(atlas.fingerprint.empty());
}

TEST(AtlasStore, UnreachableDatabaseIsAnImportError) {
    std::ostringstream log;
    const auto store = make_atlas_store(RXMAP_TEST_STORE, {"postgresql://rxmap@127.0.0.1:1/rxmap?connect_timeout=2", "rxmap"});
    PgCurrent current;
    EXPECT_THROW(store->open(SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR), log, false, &current), ImportError);
    EXPECT_TRUE(current.schema.empty());
}
