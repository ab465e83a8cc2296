// Tile stores: the memory store (byte bound, second-chance eviction, shared identical bodies), the disk store
// (atomic writes, crash leftovers, restarts, content-addressed bodies), the composite.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "common/fnv1a.h"
#include "tiles/composite_store.h"
#include "tiles/disk_store.h"
#include "tiles/memory_store.h"
#include "tiles/metatile.h"

using namespace rxmap::tiles;
namespace fs = std::filesystem;

namespace {

TileData body(const std::string& s) { return std::make_shared<const std::string>(s); }

TileKey key(int z, int x, int y, const std::string& version = "v1", int metatile = 4) {
    return TileKey{version, "population/2020/ward", 1, z, x, y, metatile};
}

// n*n tiles: all "sea" except the listed (col,row) -> distinct bodies.
MetatileTiles metatile(int z, int x, int y, int n, int distinct, const std::string& version = "v1") {
    MetatileTiles m{key(z, x, y, version, n), n, {}};
    for (int i = 0; i < n * n; ++i)
        m.tiles.push_back(i < distinct ? body("tile " + std::to_string(z) + "/" + std::to_string(x) + "/" +
                                              std::to_string(y) + " #" + std::to_string(i) + std::string(500, 'x'))
                                       : body(std::string(300, 's')));  // the sea
    return m;
}

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("rxmap-store-test-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

}  // namespace

TEST(MemoryStore, StaysWithinItsByteBoundEvictingTheLeastRecentlyUsed) {
    const size_t bound = 16 * 1024;
    MemoryStore store(bound);
    for (int i = 0; i < 100; ++i) {
        store.write(key(10, i, 0), body(std::string(1000, static_cast<char>('a' + i % 26)) + std::to_string(i)));
        if (i > 0) {
            ASSERT_NE(store.read(key(10, 0, 0)), nullptr) << "the tile read every time stays, at " << i;
        }
        EXPECT_LE(store.bytes(), bound);
    }
    EXPECT_EQ(store.read(key(10, 1, 0)), nullptr);   // old and never read again: evicted
    EXPECT_NE(store.read(key(10, 99, 0)), nullptr);  // the newest
    EXPECT_LT(store.entries(), 16u);
    EXPECT_GE(store.entries(), 10u);
    // A tile larger than the whole budget is not kept.
    store.write(key(11, 0, 0), body(std::string(bound + 1, 'z')));
    EXPECT_EQ(store.read(key(11, 0, 0)), nullptr);
    EXPECT_LE(store.bytes(), bound);
}

TEST(MemoryStore, IdenticalTilesShareOneBody) {
    MemoryStore store(1 << 20);
    store.write_metatile(metatile(8, 0, 0, 4, 2));
    EXPECT_EQ(store.entries(), 16u);
    EXPECT_EQ(store.distinct_bodies(), 3u);  // two distinct tiles and the sea
    const TileData a = store.read(key(8, 3, 3)), b = store.read(key(8, 2, 1));
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a.get(), b.get());  // one shared_ptr
    EXPECT_LT(store.bytes(), 2 * 520 + 300 + 16 * (MemoryStore::kEntryOverhead + 64));
    std::vector<StoreStats> stats;
    store.collect_stats(stats);
    EXPECT_EQ(stats.at(0).deduplicated, 13u);
    // Expiring one tile drops its whole metatile.
    store.expire(key(8, 1, 1));
    EXPECT_EQ(store.read(key(8, 3, 3)), nullptr);
    EXPECT_EQ(store.entries(), 0u);
    EXPECT_EQ(store.bytes(), 0u);
}

TEST(MemoryStore, ATileOfAnotherVersionLayerOrAddressIsNeverServed) {
    MemoryStore store(1 << 20);
    store.write(key(10, 5, 7, "v1"), body("v1 tile"));
    TileKey other_layer = key(10, 5, 7, "v1");
    other_layer.layer = "population/2050/ward";
    TileKey at_2x = key(10, 5, 7, "v1");
    at_2x.scale = 2;
    EXPECT_FALSE(store.read_in_memory(key(10, 5, 7, "v2")));  // new data or style
    EXPECT_FALSE(store.read_in_memory(other_layer));
    EXPECT_FALSE(store.read_in_memory(at_2x));
    EXPECT_FALSE(store.read_in_memory(key(10, 7, 5, "v1")));  // x and y swapped
    EXPECT_FALSE(store.read_in_memory(key(11, 5, 7, "v1")));
    // A hit hands out the bytes and their hash (the server's ETag), computed when stored.
    const HeldTile held = store.read_in_memory(key(10, 5, 7, "v1"));
    ASSERT_TRUE(held);
    EXPECT_EQ(*held.png, "v1 tile");
    EXPECT_EQ(held.body_hash, rxmap::common::fnv1a_64("v1 tile"));
    // Writing the same key again replaces the body: one entry.
    store.write(key(10, 5, 7, "v1"), body("v1 tile, redrawn"));
    EXPECT_EQ(*store.read(key(10, 5, 7, "v1")), "v1 tile, redrawn");
    EXPECT_EQ(store.entries(), 1u);
    EXPECT_EQ(store.distinct_bodies(), 1u);
}

TEST(DiskStore, KeepsIdenticalBodiesOnceAndSurvivesARestart) {
    TempDir dir;
    {
        DiskStore store(dir.path);
        store.write_metatile(metatile(8, 0, 0, 4, 2));
        store.write_metatile(metatile(8, 4, 0, 4, 1));
        EXPECT_EQ(store.count_blobs(), 4u);  // 2 + 1 distinct, one sea for both metatiles
        std::vector<StoreStats> stats;
        store.collect_stats(stats);
        EXPECT_EQ(stats.at(0).deduplicated, 28u);
    }
    DiskStore again(dir.path);  // a new process would see the same
    const TileData t = again.read(key(8, 1, 0));
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->substr(0, 13), "tile 8/0/0 #1");
    EXPECT_EQ(*again.read(key(8, 7, 3)), std::string(300, 's'));
    const TileStat st = again.stat(key(8, 1, 0));
    EXPECT_TRUE(st.exists);
    EXPECT_EQ(st.size, t->size());
    EXPECT_GT(st.mtime, 0);
    EXPECT_EQ(again.read(key(8, 8, 0)), nullptr);        // never written
    EXPECT_EQ(again.read(key(8, 1, 0, "v2")), nullptr);  // another data/style version
    again.expire(key(8, 2, 2));
    EXPECT_EQ(again.read(key(8, 1, 0)), nullptr);
    EXPECT_FALSE(again.stat(key(8, 1, 0)).exists);
    EXPECT_NE(again.read(key(8, 4, 0)), nullptr);  // the other metatile stays
}

TEST(DiskStore, IgnoresHalfWrittenFiles) {
    TempDir dir;
    DiskStore store(dir.path);
    store.write_metatile(metatile(9, 0, 0, 4, 4));
    // An index cut short (as a writer without rename would leave it) is a miss, not a wrong tile.
    const fs::path index = store.index_path(key(9, 0, 0));
    std::string text;
    {
        std::ifstream in(index);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::ofstream(index, std::ios::trunc) << text.substr(0, text.size() / 2);
    EXPECT_EQ(store.read(key(9, 0, 0)), nullptr);
    EXPECT_FALSE(store.stat(key(9, 0, 0)).exists);
    // A body cut short is a miss too.
    store.write_metatile(metatile(9, 4, 0, 4, 4));
    const TileData good = store.read(key(9, 4, 0));
    ASSERT_NE(good, nullptr);
    for (const auto& e : fs::recursive_directory_iterator(dir.path / "blobs")) {
        if (!e.is_regular_file()) continue;
        std::string b;
        std::ifstream in(e.path(), std::ios::binary);
        b.assign(std::istreambuf_iterator<char>(in), {});
        if (b == *good) std::ofstream(e.path(), std::ios::trunc | std::ios::binary) << b.substr(0, 10);
    }
    EXPECT_EQ(store.read(key(9, 4, 0)), nullptr);
}

TEST(DiskStore, AProcessKilledWhileWritingLeavesWholeMetatilesOnly) {
    TempDir dir;
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        DiskStore store(dir.path);
        for (int i = 0;; ++i) store.write_metatile(metatile(12, (i % 256) * 4, (i / 256) * 4, 4, 16));
    }
    // Kill it once it has written some metatiles (polled, with a deadline; it keeps writing, so the
    // signal lands in the middle of one), not after a fixed wait that a busy machine can outlast.
    const auto written = [&] {
        std::error_code ec;
        size_t n = 0;
        for (fs::recursive_directory_iterator it(dir.path / "meta", ec), end; !ec && it != end; it.increment(ec))
            n += it->path().extension() == ".meta";
        return n;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (written() < 16 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));

    // A temporary file of the killed writer, as if it died mid-write.
    std::ofstream(dir.path / "tmp" / (std::to_string(child) + ".999999.tmp")) << "half a tile";
    DiskStore store(dir.path);
    EXPECT_GE(store.swept_at_start(), 1u);
    EXPECT_TRUE(fs::is_empty(dir.path / "tmp"));
    size_t metatiles = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir.path / "meta")) {
        if (e.path().extension() != ".meta") continue;
        ++metatiles;
        const int mx = std::stoi(e.path().parent_path().filename().string()), my = std::stoi(e.path().stem().string());
        for (int row = 0; row < 4; ++row)
            for (int col = 0; col < 4; ++col) {
                const TileData t = store.read(key(12, mx + col, my + row));
                ASSERT_NE(t, nullptr) << "every tile of a written metatile is readable: " << e.path();
                EXPECT_EQ(t->substr(0, 5), "tile ");
            }
    }
    EXPECT_GT(metatiles, 0u);
}

TEST(CompositeStore, ReadsThroughToDiskAndKeepsTheTileInMemory) {
    TempDir dir;
    {
        DiskStore disk(dir.path);
        disk.write_metatile(metatile(7, 0, 0, 4, 1));
    }
    auto memory = std::make_shared<MemoryStore>(1 << 20);
    CompositeStore store(memory, std::make_shared<DiskStore>(dir.path));
    EXPECT_NE(store.read(key(7, 0, 0)), nullptr);  // from disk
    EXPECT_NE(store.read(key(7, 0, 0)), nullptr);  // from memory
    std::vector<StoreStats> stats;
    store.collect_stats(stats);
    ASSERT_EQ(stats.size(), 2u);
    EXPECT_EQ(stats[0].store, "memory");
    EXPECT_EQ(stats[0].hits, 1u);
    EXPECT_EQ(stats[1].store, "disk");
    EXPECT_EQ(stats[1].hits, 1u);
    store.write_metatile(metatile(7, 4, 0, 4, 0));
    EXPECT_TRUE(DiskStore(dir.path).stat(key(7, 5, 1)).exists);
    store.expire(key(7, 5, 1));
    EXPECT_EQ(store.read(key(7, 5, 1)), nullptr);
}

TEST(Metatile, SmallerNearZoomZero) {
    EXPECT_EQ(metatile_of(0, 0, 0, 8).n, 1);
    EXPECT_EQ(metatile_of(1, 1, 1, 8).n, 2);
    EXPECT_EQ(metatile_of(2, 3, 1, 8).n, 4);
    const Metatile m = metatile_of(10, 909, 403, 8);
    EXPECT_EQ(m.n, 8);
    EXPECT_EQ(m.x, 904);
    EXPECT_EQ(m.y, 400);
}
