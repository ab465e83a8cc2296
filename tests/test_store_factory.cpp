// The tile cache as `rxmap serve` and `rxmap seed` describe it (tiles/store_factory.h): memory in
// front, a disk store that outlives the process, Redis as the shared layer, and clear refusals.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "tiles/composite_store.h"
#include "tiles/memory_store.h"
#include "tiles/store_factory.h"

using namespace rxmap::tiles;
namespace fs = std::filesystem;

namespace {

MetatileTiles one_tile(const std::string& body) {
    TileKey key;
    key.version = "v1";
    key.layer = "population/2020/municipality";
    key.z = 5;
    key.x = 28;
    key.y = 12;
    key.metatile = 1;
    return MetatileTiles{key, 1, {std::make_shared<const std::string>(body)}};
}

std::string refusal(const std::vector<std::string>& urls) {
    try {
        make_tile_cache(urls, 1 << 20);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST(StoreFactory, MemoryAloneIsAnLruOfTheGivenBudget) {
    const TileCache cache = make_tile_cache({"memory"}, 1 << 20);
    ASSERT_NE(std::dynamic_pointer_cast<MemoryStore>(cache.store), nullptr);
    EXPECT_EQ(cache.shared, nullptr);
}

TEST(StoreFactory, FileStoreBehindMemoryKeepsTilesAcrossRestarts) {
    const fs::path dir = fs::temp_directory_path() / ("rxmap-store-factory-" + std::to_string(getpid()));
    fs::remove_all(dir);
    const MetatileTiles tile = one_tile("\x89PNG tile body");
    {
        const TileCache first = make_tile_cache({"memory", file_store_url(dir.string())}, 1 << 20);
        ASSERT_NE(std::dynamic_pointer_cast<CompositeStore>(first.store), nullptr);
        first.store->write_metatile(tile);
    }
    // A new process: its memory is empty, the disk store under the same folder answers.
    const TileCache second = make_tile_cache({"memory", file_store_url(dir.string())}, 1 << 20);
    const TileData read = second.store->read(tile.origin);
    ASSERT_TRUE(read);
    EXPECT_EQ(*read, "\x89PNG tile body");
    fs::remove_all(dir);
}

TEST(StoreFactory, RedisIsTheSharedLayerEvenWhenUnreachable) {
    // Port 1 answers nobody: the cache is built anyway (reads miss, writes are dropped and counted).
    const TileCache cache = make_tile_cache({"memory", "redis://127.0.0.1:1/0?timeout_ms=50"}, 1 << 20);
    ASSERT_NE(cache.shared, nullptr);
    EXPECT_FALSE(cache.store->read(one_tile("x").origin));
    const TileCache seed_only = make_tile_cache({"redis://127.0.0.1:1/0?timeout_ms=50"}, 0);
    EXPECT_EQ(seed_only.store, seed_only.shared);
}

TEST(StoreFactory, RefusesWhatItCannotBuildNamingTheProblem) {
    EXPECT_NE(refusal({}).find("no store"), std::string::npos);
    EXPECT_NE(refusal({"ftp://cache"}).find("ftp://cache"), std::string::npos);
    EXPECT_NE(refusal({"file:///tmp/a", "memory"}).find("memory goes in front"), std::string::npos);
    EXPECT_NE(refusal({"memory", "file:///tmp/a", "redis://127.0.0.1:1"}).find("one store behind memory"),
              std::string::npos);
    EXPECT_NE(refusal({"memory", "file://"}).find("no folder"), std::string::npos);
}
