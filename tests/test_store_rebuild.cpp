// Issue 21: the store is derived data. A GeoPackage store with pages overwritten is caught
// by PRAGMA quick_check at start, set aside under a timestamped name and rebuilt from the raw
// inputs, with one clear log line, and the rebuilt store serves the same tiles. Only when
// the raw inputs are missing too does the start fail, naming the store and the cause.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "engine_fixture.h"
#include "layers/import_error.h"
#include "layers/store_check.h"

using namespace rxmap;
namespace fs = std::filesystem;

namespace {

const fs::path kWork = fs::temp_directory_path() / ("rxmap-store-rebuild-" + std::to_string(::getpid()));

// A copy of the test store with 7 pages (4 KiB) in its middle overwritten with random bytes.
fs::path damaged_copy(const std::string& name) {
    test::real_atlas();  // the test store exists and is current
    const fs::path store = kWork / name / "rxmap.gpkg";
    fs::create_directories(store.parent_path());
    fs::copy_file(RXMAP_TEST_STORE, store, fs::copy_options::overwrite_existing);
    std::fstream f(store, std::ios::in | std::ios::out | std::ios::binary);
    std::mt19937 random(7);
    const auto middle = static_cast<std::streamoff>(fs::file_size(store) / 2 / 4096 * 4096);
    f.seekp(middle);
    for (int i = 0; i < 7 * 4096; ++i) f.put(static_cast<char>(random()));
    return store;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST(StoreRebuild, AStoreWithOverwrittenPagesIsSetAsideAndRebuiltAndServesTheSameTiles) {
    const fs::path store = damaged_copy("rebuilt");
    const auto t = std::chrono::steady_clock::now();
    const std::string damage = data::store_damage(store.string());
    const double check_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
    std::printf("quick_check of the %.0f MB store: %.0f ms: %s\n", fs::file_size(store) / 1e6, check_ms, damage.c_str());
    EXPECT_FALSE(damage.empty());
    EXPECT_TRUE(data::store_damage(RXMAP_TEST_STORE).empty()) << "the intact store passes";

    std::ostringstream log;
    const data::Atlas atlas = data::load_or_import(data::SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR), store.string(), log);
    const std::string text = log.str();
    EXPECT_EQ(count(text, "is damaged"), 1u) << text;
    const auto line = text.substr(text.find("store "), text.find('\n', text.find("is damaged")) - text.find("store "));
    EXPECT_EQ(line.find('\n'), std::string::npos) << "one clear line: " << line;
    EXPECT_NE(text.find("set aside as " + store.string() + ".damaged-"), std::string::npos) << text;
    EXPECT_NE(text.find("rebuilding it from the raw inputs"), std::string::npos) << text;
    std::size_t aside = 0;
    for (const auto& e : fs::directory_iterator(store.parent_path()))
        if (e.path().filename().string().rfind("rxmap.gpkg.damaged-", 0) == 0) ++aside;
    EXPECT_EQ(aside, 1u);
    EXPECT_TRUE(data::store_damage(store.string()).empty()) << "the rebuilt store passes the check";
    EXPECT_EQ(atlas.fingerprint, test::real_atlas()->fingerprint);

    // The same tiles as from the intact store.
    std::ostringstream catalog_log;
    const auto rebuilt = test::load_catalog(atlas, {RXMAP_SOURCE_DIR "/styles/layers.conf"}, catalog_log);
    tiles::TileEngine from_rebuilt(rebuilt, test::unbudgeted_engine_options());
    tiles::TileEngine from_intact(test::real_catalog(), test::unbudgeted_engine_options());
    for (const char* layer : {"population", "aging/2050/municipality"}) {
        const auto a = from_rebuilt.get(layer, {9, 454, 201, 1});
        const auto b = from_intact.get(layer, {9, 454, 201, 1});
        ASSERT_EQ(a.status, tiles::TileStatus::ok) << a.message;
        ASSERT_EQ(b.status, tiles::TileStatus::ok) << b.message;
        EXPECT_EQ(*a.png, *b.png) << layer;
    }

    // The next start reads the rebuilt store as current.
    std::ostringstream again;
    data::load_or_import(data::SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR), store.string(), again);
    EXPECT_NE(again.str().find("is current"), std::string::npos) << again.str();
    fs::remove_all(store.parent_path());
}

TEST(StoreRebuild, WithoutTheRawInputsTheStartFailsNamingTheStoreAndTheCause) {
    const fs::path store = damaged_copy("no-raw");
    std::ostringstream log;
    try {
        data::load_or_import(data::SourceFiles::in_raw_dir((kWork / "no-such-raw").string()), store.string(), log);
        ADD_FAILURE() << "expected ImportError";
    } catch (const data::ImportError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(store.string()), std::string::npos) << what;
        EXPECT_NE(what.find("is damaged ("), std::string::npos) << what;
        EXPECT_NE(what.find("cannot be rebuilt: " + (kWork / "no-such-raw").string()), std::string::npos) << what;
        EXPECT_EQ(what.find('\n'), std::string::npos) << "one line: " << what;
    }
    EXPECT_TRUE(fs::exists(store)) << "nothing to rebuild it from: the store stays where it is";
    fs::remove_all(store.parent_path());
}

TEST(StoreRebuild, ANonStoreFileIsNamedByTheCheck) {
    fs::create_directories(kWork);
    const fs::path junk = kWork / "junk.gpkg";
    std::ofstream(junk) << "not a database at all, just text that is long enough to be read as a header.....";
    EXPECT_NE(data::store_damage(junk.string()), "");
    fs::remove(junk);
}
