// Issue 21: nothing stored is served unchecked. A disk-cache blob overwritten with random
// bytes of the same size, or with one byte flipped, is caught by its SHA-1, counted
// (rxmap_engine_store_corrupt_total), removed and rendered again; it never reaches the
// memory store. A cache directory that cannot be written is counted per cause
// (rxmap_engine_store_write_errors_total) and logged once, not once per metatile.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "engine_fixture.h"
#include "tiles/composite_store.h"
#include "tiles/content_hash.h"
#include "tiles/disk_store.h"
#include "tilesets/mbtiles.h"
#include "tiles/memory_store.h"
#include "tiles/write_failures.h"

using namespace rxmap;
using namespace rxmap::tiles;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path = fs::temp_directory_path() /
                    ("rxmap-integrity-" + std::to_string(::getpid()) + "-" +
                     std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }
};

const char kPngSignature[] = "\x89PNG\r\n\x1a\n";

bool is_png(const TileData& t) { return t && t->size() > 8 && t->compare(0, 8, kPngSignature) == 0; }

void overwrite(const fs::path& file, const std::function<void(std::string&)>& damage) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    in.close();
    damage(bytes);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

StoreStats disk_stats(TileStore& store) {
    std::vector<StoreStats> all;
    store.collect_stats(all);
    for (const auto& s : all)
        if (s.store == "disk") return s;
    return {};
}

// An engine over memory + disk in `dir`, rendering the real catalogue.
std::unique_ptr<TileEngine> engine_on(const fs::path& dir, std::shared_ptr<MemoryStore>* memory = nullptr,
                                      std::shared_ptr<DiskStore>* disk = nullptr) {
    EngineOptions o = test::unbudgeted_engine_options();
    o.render_threads = 1;
    auto mem = std::make_shared<MemoryStore>(64u << 20);
    auto on_disk = std::make_shared<DiskStore>(dir);
    if (memory) *memory = mem;
    if (disk) *disk = on_disk;
    o.store = std::make_shared<CompositeStore>(mem, on_disk);
    return std::make_unique<TileEngine>(test::real_catalog(), o);
}

// Damages the blob behind population/2020 tile 9/454/201 in `dir` (rendered by a first
// engine), then asks a new engine (a restart: empty memory) for the tile.
void expect_damage_caught(const std::function<void(std::string&)>& damage, const char* what) {
    TempDir dir;
    const TileAddress a{9, 454, 201, 1};
    TileData good;
    fs::path blob;
    {
        std::shared_ptr<DiskStore> disk;
        auto first = engine_on(dir.path, nullptr, &disk);
        const TileResult r = first->get("population", a);
        ASSERT_EQ(r.status, TileStatus::ok) << r.message;
        good = r.png;
        blob = disk->blob_path(content_hash(*good));
    }
    ASSERT_TRUE(fs::exists(blob));
    overwrite(blob, damage);
    std::shared_ptr<MemoryStore> memory;
    auto restarted = engine_on(dir.path, &memory);
    const TileResult r = restarted->get("population", a);
    ASSERT_EQ(r.status, TileStatus::ok) << what << ": " << r.message;
    EXPECT_TRUE(is_png(r.png)) << what;
    EXPECT_EQ(*r.png, *good) << what << ": the tile is rendered again, not served damaged";
    EXPECT_EQ(restarted->renders(), 1) << what;
    const StoreStats disk = disk_stats(restarted->store());
    EXPECT_EQ(disk.corrupt, 1u) << what;
    const TileData held = memory->read(restarted->tile_key(*test::real_catalog()->resolve("population"), 1, 9, 454, 201));
    ASSERT_TRUE(held) << what;
    EXPECT_EQ(*held, *good) << what << ": only the checked (or rendered) body reaches memory";
    // The render wrote the body again: the next restart reads it from disk, checked.
    auto again = engine_on(dir.path);
    EXPECT_EQ(*again->get("population", a).png, *good);
    EXPECT_EQ(again->renders(), 0) << what;
    EXPECT_EQ(disk_stats(again->store()).corrupt, 0u);
}

}  // namespace

TEST(StoreIntegrity, ADiskBlobOverwrittenWithRandomBytesOfTheSameSizeIsRenderedAgain) {
    expect_damage_caught(
        [](std::string& bytes) {
            std::mt19937 random(21);
            for (char& c : bytes) c = static_cast<char>(random());
        },
        "random bytes");
}

TEST(StoreIntegrity, ADiskBlobWithOneFlippedByteIsRenderedAgain) {
    expect_damage_caught([](std::string& bytes) { bytes[bytes.size() / 2] ^= 0x20; }, "flipped byte");
}

TEST(StoreIntegrity, TheCheckNeverLetsADamagedBodyIntoMemory) {
    TempDir dir;
    MetatileTiles m{TileKey{"v", "population/2020/ward", 1, 5, 0, 0, 2}, 2, {}};
    for (int i = 0; i < 4; ++i) m.tiles.push_back(std::make_shared<const std::string>("tile body " + std::to_string(i)));
    DiskStore(dir.path).write_metatile(m);
    auto disk = std::make_shared<DiskStore>(dir.path);
    overwrite(disk->blob_path(content_hash(*m.tiles[0])), [](std::string& b) { b[0] = 'T'; });
    auto memory = std::make_shared<MemoryStore>(1u << 20);
    CompositeStore store(memory, disk);
    EXPECT_EQ(store.read(m.origin), nullptr);
    EXPECT_EQ(memory->read(m.origin), nullptr);
    EXPECT_FALSE(fs::exists(disk->blob_path(content_hash(*m.tiles[0])))) << "the damaged blob is removed";
    EXPECT_FALSE(fs::exists(disk->index_path(m.origin))) << "and the index that led to it";
    EXPECT_EQ(disk_stats(store).corrupt, 1u);
}

TEST(StoreIntegrity, AnUnwritableCacheDirIsCountedByCauseAndLoggedOnce) {
    TempDir dir;
    DiskStore store(dir.path);
    // Root writes through permission bits: a file where the temp folder should be fails for anyone.
    fs::remove_all(dir.path / "tmp");
    std::ofstream(dir.path / "tmp") << "not a folder";
    testing::internal::CaptureStderr();
    for (int i = 0; i < 300; ++i) {
        MetatileTiles m{TileKey{"v", "population/2020/ward", 1, 10, 8 * i, 0, 8}, 1, {}};
        m.tiles.push_back(std::make_shared<const std::string>("body " + std::to_string(i)));
        store.write_metatile(m);
    }
    const std::string log = testing::internal::GetCapturedStderr();
    std::size_t lines = 0;
    for (std::size_t at = log.find("disk store: write failed"); at != std::string::npos;
         at = log.find("disk store: write failed", at + 1))
        ++lines;
    EXPECT_EQ(lines, 1u) << log;
    EXPECT_NE(log.find("ENOTDIR"), std::string::npos) << log;
    const StoreStats s = disk_stats(store);
    EXPECT_EQ(s.tiles_written, 0u) << "nothing was written, so nothing is counted as written";
    ASSERT_EQ(s.write_errors.size(), 1u);
    EXPECT_EQ(s.write_errors.begin()->first, "ENOTDIR");
    EXPECT_EQ(s.write_errors.begin()->second, 300u);
}

TEST(WriteFailures, LogsAtMostOnceAMinutePerCauseWithTheCount) {
    std::ostringstream log;
    WriteFailures failures("disk store", &log);
    const auto t0 = WriteFailures::Clock::now();
    for (int i = 0; i < 50; ++i) failures.record("ENOSPC", "blob " + std::to_string(i), t0 + std::chrono::seconds(i));
    failures.record("EROFS", "index", t0);
    failures.record("ENOSPC", "blob 61", t0 + std::chrono::seconds(61));
    const std::string text = log.str();
    EXPECT_EQ(failures.counts().at("ENOSPC"), 51u);
    EXPECT_EQ(failures.counts().at("EROFS"), 1u);
    EXPECT_NE(text.find("(ENOSPC): blob 0;"), std::string::npos) << text;
    EXPECT_NE(text.find("(EROFS): index"), std::string::npos) << text;
    EXPECT_NE(text.find("blob 61 (50 failures of this cause since the last line)"), std::string::npos) << text;
    EXPECT_EQ(text.find("blob 1;"), std::string::npos) << text;
}

TEST(StoreIntegrity, AnMbtilesTileThatFailsItsHashIsRefusedNotServed) {
    TempDir dir;
    const std::string file = (dir.path / "seeded.mbtiles").string();
    const auto png = std::make_shared<const std::string>(std::string(kPngSignature, 8) + std::string(200, 'p'));
    {
        MbtilesWriter w(file);
        w.set_metadata({{"name", "t"}, {"format", "png"}, {"minzoom", "5"}, {"maxzoom", "5"}});
        w.write({{5, 28, 12, png}, {5, 29, 12, png}});
    }
    {
        MbtilesSource source({{"seeded", file}});
        const auto r = source.get("seeded", {5, 28, 12, 1});
        ASSERT_EQ(r.status, TileStatus::ok) << r.message;
        EXPECT_EQ(*r.png, *png);
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE images SET tile_data = CAST(zeroblob(208) AS BLOB)", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    MbtilesSource source({{"seeded", file}});
    const auto r = source.get("seeded", {5, 28, 12, 1});
    EXPECT_EQ(r.status, TileStatus::failed);
    EXPECT_EQ(r.png, nullptr);
    EXPECT_NE(r.message.find("SHA-1"), std::string::npos) << r.message;
}
