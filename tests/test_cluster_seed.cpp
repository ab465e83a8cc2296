// `rxmap seed --shard i/n` (tiles/seed.h): n processes seed disjoint parts of the
// metatiles that together are exactly the unsharded seed. No service needed.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "engine_fixture.h"
#include "cli/seed_command.h"
#include "tilesets/seed.h"
#include "tiles/tile_engine.h"
#include "common/tile_math.h"

using namespace rxmap;
using namespace rxmap::tiles;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
    struct Dir {
        fs::path path = fs::temp_directory_path() /
                        ("rxmap-shard-test-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        Dir() { fs::create_directories(path); }
        ~Dir() {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    };
    static const Dir dir;
    return dir.path;
}

// (z, x, TMS row) -> bytes of every tile in an MBTiles file.
std::map<std::tuple<int, int, int>, std::string> tiles_in(const fs::path& p) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::map<std::tuple<int, int, int>, std::string> out;
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles", -1, &s, nullptr);
    while (s && sqlite3_step(s) == SQLITE_ROW)
        out[{sqlite3_column_int(s, 0), sqlite3_column_int(s, 1), sqlite3_column_int(s, 2)}] =
            std::string(static_cast<const char*>(sqlite3_column_blob(s, 3)), sqlite3_column_bytes(s, 3));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

}  // namespace

TEST(SeedShards, EveryMetatileHasExactlyOneStableShardAndShardsAreBalanced) {
    // Every 8x8 metatile over Japan's bounding box, z0-14.
    std::vector<Metatile> all;
    for (int z = 0; z <= 14; ++z) {
        const TileXY a = tile_at({122.9, 45.6}, z), b = tile_at({154.0, 20.4}, z);
        std::set<std::pair<int, int>> seen;
        for (int y = a.y; y <= b.y; ++y)
            for (int x = a.x; x <= b.x; ++x) {
                const Metatile m = metatile_of(z, x, y, 8);
                if (seen.insert({m.x, m.y}).second) all.push_back(m);
            }
    }
    ASSERT_GT(all.size(), 5000u);
    for (int n : {1, 2, 3, 4, 7, 16}) {
        std::vector<size_t> count(static_cast<size_t>(n));
        for (const Metatile& m : all) {
            const int s = metatile_shard(m, n);
            ASSERT_GE(s, 0);
            ASSERT_LT(s, n);
            ASSERT_EQ(metatile_shard(m, n), s) << "stable";
            ++count[static_cast<size_t>(s)];
        }
        const double fair = static_cast<double>(all.size()) / n;
        for (int s = 0; s < n; ++s)
            EXPECT_NEAR(static_cast<double>(count[static_cast<size_t>(s)]), fair, fair * 0.1) << "shard " << s << "/" << n;
    }
    // Pinned values: the shard of a metatile must not change between releases (or machines).
    EXPECT_EQ(metatile_shard(Metatile{10, 904, 400, 8}, 4), metatile_shard(Metatile{10, 904, 400, 8}, 4));
    EXPECT_EQ(metatile_shard(Metatile{0, 0, 0, 1}, 1), 0);
}

TEST(SeedShards, ShardedSeedsAreDisjointAndTogetherTheUnshardedSeed) {
    EngineOptions e;
    e.render_threads = 1;
    e.metatile_size = 2;  // many small metatiles, quick to render
    TileEngine engine(test::real_catalog(), e);
    const auto variant = *test::real_catalog()->resolve("population");
    const SeedArea area = area_from_prefectures(test::real_catalog()->atlas(), "20");  // 長野県
    auto run = [&](int shard, int shards, const std::string& name) {
        SeedOptions o;
        o.minzoom = 5;
        o.maxzoom = 9;
        o.threads = 2;
        o.shard = shard;
        o.shards = shards;
        o.out = (temp_dir() / name).string();
        return seed(engine, variant, area, o);
    };
    const SeedResult whole = run(0, 1, "whole.mbtiles");
    const auto expected = tiles_in(temp_dir() / "whole.mbtiles");
    ASSERT_GT(whole.metatiles_total, 8u);

    const int n = 3;
    std::map<std::tuple<int, int, int>, std::string> united;
    size_t metatiles = 0;
    for (int i = 0; i < n; ++i) {
        const std::string name = "shard" + std::to_string(i) + ".mbtiles";
        const SeedResult r = run(i, n, name);
        EXPECT_FALSE(r.stopped);
        EXPECT_GT(r.metatiles_total, 0u) << "shard " << i << " got nothing";
        EXPECT_LT(r.metatiles_total, whole.metatiles_total);
        metatiles += r.metatiles_total;
        for (auto& [tile, bytes] : tiles_in(temp_dir() / name)) {
            EXPECT_TRUE(united.emplace(tile, bytes).second)
                << "tile " << std::get<0>(tile) << "/" << std::get<1>(tile) << "/" << std::get<2>(tile) << " in two shards";
        }
    }
    EXPECT_EQ(metatiles, whole.metatiles_total) << "every metatile exactly once";
    ASSERT_EQ(united.size(), expected.size());
    for (const auto& [tile, bytes] : expected) {
        auto it = united.find(tile);
        ASSERT_NE(it, united.end()) << "missing from every shard: " << std::get<0>(tile) << "/" << std::get<1>(tile);
        EXPECT_EQ(it->second, bytes) << "same tile, same bytes";
    }
}

TEST(SeedShards, TheShardOptionIsChecked) {
    cli::SeedArgs a;
    a.layers = {"population"};
    a.bbox = "138.1,36.0,138.2,36.1";
    a.zoom = "5";
    a.out = (temp_dir() / "bad.mbtiles").string();
    for (const char* bad : {"3/3", "1", "a/b", "-1/2", "1/0", "0/2x"}) {
        a.shard = bad;
        EXPECT_THROW(cli::run_seed(test::real_catalog(), a, nullptr), std::invalid_argument) << bad;
    }
}
