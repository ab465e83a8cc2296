// rxmap seed: tiles touching an area, MBTiles 1.3 output (dedup layout, metadata,
// integrity), resuming after a stop, the directory layout, and serving the file.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <mapnik/image_reader.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "engine_fixture.h"
#include "layers/geometry.h"
#include "tiles/layer_router.h"
#include "tilesets/mbtiles.h"
#include "tilesets/seed.h"
#include "tiles/tile_engine.h"

using namespace rxmap;
using namespace rxmap::tiles;
namespace fs = std::filesystem;

namespace {

// A folder of this test process, removed at exit.
fs::path temp_path(const std::string& name) {
    struct Dir {
        fs::path path = fs::temp_directory_path() /
                        ("rxmap-seed-test-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
        Dir() { fs::create_directories(path); }
        ~Dir() {
            std::error_code ec;
            fs::remove_all(path, ec);
        }
    };
    static const Dir dir;
    return dir.path / name;
}

TileEngine& engine() {
    static TileEngine e(test::real_catalog());
    return e;
}

const catalog::Variant& population() {
    static const catalog::Variant v = *test::real_catalog()->resolve("population");
    return v;
}

// Read-only sqlite3 handle for checks made apart from the code under test.
struct Db {
    sqlite3* db = nullptr;
    explicit Db(const fs::path& p) { EXPECT_EQ(sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK); }
    ~Db() { sqlite3_close(db); }
    std::vector<std::vector<std::string>> rows(const std::string& sql) {
        std::vector<std::vector<std::string>> out;
        sqlite3_stmt* s = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        while (s && sqlite3_step(s) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int i = 0; i < sqlite3_column_count(s); ++i) {
                const void* b = sqlite3_column_blob(s, i);
                row.emplace_back(b ? std::string(static_cast<const char*>(b), sqlite3_column_bytes(s, i)) : "");
            }
            out.push_back(std::move(row));
        }
        sqlite3_finalize(s);
        return out;
    }
    std::string one(const std::string& sql) {
        auto r = rows(sql);
        return r.empty() || r[0].empty() ? "" : r[0][0];
    }
};

// (z, x, TMS row) -> tile bytes
std::map<std::tuple<int, int, int>, std::string> all_tiles(const fs::path& p) {
    Db db(p);
    std::map<std::tuple<int, int, int>, std::string> out;
    for (auto& r : db.rows("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"))
        out[{std::stoi(r[0]), std::stoi(r[1]), std::stoi(r[2])}] = r[3];
    return out;
}

SeedResult run(const SeedArea& area, int minzoom, int maxzoom, const fs::path& out, long stop_after = -1) {
    SeedOptions o;
    o.minzoom = minzoom;
    o.maxzoom = maxzoom;
    o.out = out.string();
    o.stop_after_metatiles = stop_after;
    return seed(engine(), population(), area, o);
}

}  // namespace

TEST(Seed, TileCountsOfABoundingBoxPerZoom) {
    const double lon0 = 138.13, lat0 = 36.07, lon1 = 138.41, lat1 = 36.29;  // around 松本・諏訪
    const fs::path out = temp_path("bbox.mbtiles");
    const SeedResult r = run(area_from_bbox(lon0, lat0, lon1, lat1), 0, 11, out);
    EXPECT_FALSE(r.stopped);
    Db db(out);
    size_t total = 0;
    for (int z = 0; z <= 11; ++z) {
        // Independently: the tiles between the corners' tiles.
        const TileXY a = tile_at({lon0, lat1}, z), b = tile_at({lon1, lat0}, z);
        const size_t expected = static_cast<size_t>((b.x - a.x + 1) * (b.y - a.y + 1));
        EXPECT_EQ(r.tiles_per_zoom.at(z), expected) << "z" << z;
        EXPECT_EQ(db.one("SELECT COUNT(*) FROM tiles WHERE zoom_level = " + std::to_string(z)), std::to_string(expected))
            << "z" << z;
        // TMS rows: the row of the north-west tile.
        EXPECT_EQ(db.one("SELECT MAX(tile_row) FROM tiles WHERE zoom_level = " + std::to_string(z)),
                  std::to_string((1 << z) - 1 - a.y));
        total += expected;
    }
    EXPECT_EQ(r.tiles_written, total);
}

TEST(Seed, TheFileIsAValidMbtiles13Tileset) {
    const fs::path out = temp_path("valid.mbtiles");
    run(area_from_bbox(138.13, 36.07, 138.41, 36.29), 6, 9, out);
    Db db(out);
    EXPECT_EQ(db.one("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(db.one("PRAGMA application_id"), std::to_string(0x4d504258));
    std::map<std::string, std::string> meta;
    for (auto& r : db.rows("SELECT name, value FROM metadata")) meta[r[0]] = r[1];
    for (const char* k : {"name", "format", "bounds", "center", "minzoom", "maxzoom", "attribution", "description",
                          "type", "version", "json"})
        EXPECT_TRUE(meta.count(k)) << k;
    EXPECT_EQ(meta["format"], "png");
    EXPECT_EQ(meta["type"], "overlay");
    EXPECT_EQ(meta["minzoom"], "6");
    EXPECT_EQ(meta["maxzoom"], "9");
    EXPECT_EQ(meta["bounds"], "138.13,36.07,138.41,36.29");
    EXPECT_NE(meta["attribution"].find("国勢調査"), std::string::npos);
    EXPECT_NE(meta["json"].find("\"legend\":{"), std::string::npos);
    EXPECT_NE(meta["json"].find("\"entries\""), std::string::npos);
    // A tile read back is a 256-px PNG.
    const std::string png = db.one("SELECT tile_data FROM tiles WHERE zoom_level = 9 LIMIT 1");
    ASSERT_FALSE(png.empty());
    auto reader = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(png.data(), png.size()));
    ASSERT_NE(reader, nullptr);
    EXPECT_EQ(reader->width(), 256u);
    EXPECT_EQ(reader->height(), 256u);
    // The sqlite3 shell opens it too.
    if (std::system("command -v sqlite3 >/dev/null 2>&1") == 0) {
        const std::string cmd = "sqlite3 '" + out.string() + "' 'SELECT COUNT(*) FROM tiles' > '" + out.string() + ".txt'";
        ASSERT_EQ(std::system(cmd.c_str()), 0);
        std::ifstream in(out.string() + ".txt");
        int n = 0;
        in >> n;
        EXPECT_GT(n, 0);
    }
}

TEST(Seed, IdenticalTilesAreStoredOnce) {
    const fs::path out = temp_path("sea.mbtiles");
    // Open Pacific far south-east of 房総: every tile is sea.
    const SeedResult r = run(area_from_bbox(142.3, 31.6, 143.9, 32.4), 9, 10, out);
    Db db(out);
    EXPECT_GE(r.tiles_written, 6u);
    EXPECT_EQ(db.one("SELECT COUNT(*) FROM map"), std::to_string(r.tiles_written));
    EXPECT_EQ(db.one("SELECT COUNT(*) FROM images"), "1");
}

TEST(Seed, AStoppedSeedResumesToTheSameTiles) {
    const SeedArea area = area_from_bbox(137.5, 35.5, 139.0, 36.7);
    const fs::path clean = temp_path("clean.mbtiles"), resumed = temp_path("resumed.mbtiles");
    const SeedResult full = run(area, 9, 11, clean);
    ASSERT_GE(full.metatiles_rendered, 4u);

    const SeedResult part = run(area, 9, 11, resumed, 2);
    EXPECT_TRUE(part.stopped);
    EXPECT_EQ(part.metatiles_rendered, 2u);
    {
        Db db(resumed);
        EXPECT_EQ(db.one("PRAGMA integrity_check"), "ok");  // valid after the stop
    }
    const SeedResult rest = run(area, 9, 11, resumed);
    EXPECT_FALSE(rest.stopped);
    EXPECT_EQ(rest.metatiles_skipped, 2u);
    EXPECT_EQ(rest.metatiles_rendered, full.metatiles_rendered - 2);
    EXPECT_EQ(all_tiles(resumed), all_tiles(clean));

    const SeedResult again = run(area, 9, 11, resumed);  // nothing left to do
    EXPECT_EQ(again.metatiles_rendered, 0u);
    EXPECT_EQ(again.tiles_skipped, full.tiles_written);
}

TEST(Seed, NaganoSeedsOnlyTilesTouchingThePrefecture) {
    const auto& atlas = test::real_catalog()->atlas();
    const data::Area* nagano = atlas.find(data::Level::prefecture, "20000");
    ASSERT_NE(nagano, nullptr);
    const auto shape = data::from_wkb(nagano->wkb);
    const fs::path out = temp_path("nagano.mbtiles");
    const SeedResult r = run(area_from_prefectures(atlas, "20"), 5, 10, out);

    // The sea as the engine draws it.
    const std::string sea = *engine().get("population", {6, 3, 27, 1}).png;
    OGREnvelope env;
    shape->getEnvelope(&env);
    std::map<int, size_t> per_zoom;
    for (const auto& [where, png] : all_tiles(out)) {
        const auto [z, x, row] = where;
        const int y = (1 << z) - 1 - row;
        EXPECT_NE(png, sea) << "an all-sea tile " << z << "/" << x << "/" << y;
        const Bounds b = tile_bounds(z, x, y);
        OGRPolygon square;
        OGRLinearRing ring;
        ring.addPoint(b.minx, b.miny);
        ring.addPoint(b.maxx, b.miny);
        ring.addPoint(b.maxx, b.maxy);
        ring.addPoint(b.minx, b.maxy);
        ring.addPoint(b.minx, b.miny);
        square.addRing(&ring);
        EXPECT_TRUE(shape->Intersects(&square)) << z << "/" << x << "/" << y << " does not touch 長野県";
        ++per_zoom[z];
    }
    // Fewer than the prefecture's bounding box holds (it is no rectangle), as many as reported.
    for (int z = 5; z <= 10; ++z) {
        const TileXY a = tile_at(to_lonlat({env.MinX, env.MaxY}), z), b = tile_at(to_lonlat({env.MaxX, env.MinY}), z);
        const size_t box = static_cast<size_t>((b.x - a.x + 1) * (b.y - a.y + 1));
        EXPECT_EQ(per_zoom[z], r.tiles_per_zoom.at(z));
        EXPECT_LE(per_zoom[z], box);
        if (z == 10) {
            EXPECT_LT(per_zoom[z], box);
        }
    }
}

TEST(Seed, AreaFromAPolygonFile) {
    const fs::path file = temp_path("area.geojson");
    std::ofstream(file) << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
                        << R"("geometry":{"type":"Polygon","coordinates":[[[138.13,36.07],[138.41,36.07],[138.41,36.29],[138.13,36.29],[138.13,36.07]]]}}]})";
    const SeedArea from_file = area_from_file(file.string());
    const SeedArea box = area_from_bbox(138.13, 36.07, 138.41, 36.29);
    for (int z = 6; z <= 12; ++z) {
        auto a = tiles_touching(*from_file.geometry, z, z), b = tiles_touching(*box.geometry, z, z);
        ASSERT_EQ(a[0].size(), b[0].size()) << "z" << z;
    }
}

TEST(Seed, DirectoryOutput) {
    const fs::path out = temp_path("tree");
    SeedOptions o;
    o.minzoom = 8;
    o.maxzoom = 9;
    o.out = out.string() + "/";
    const SeedResult r = seed(engine(), population(), area_from_bbox(138.13, 36.07, 138.41, 36.29), o);
    size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(out)) files += e.path().extension() == ".png";
    EXPECT_EQ(files, r.tiles_written);
    const TileXY t = tile_at({138.2, 36.2}, 9);
    EXPECT_TRUE(fs::exists(out / "9" / std::to_string(t.x) / (std::to_string(t.y) + ".png")));
    EXPECT_TRUE(fs::exists(out / "metadata.json"));
}

TEST(MbtilesSource, ServesTheSeededBytesBesideTheEngine) {
    const fs::path out = temp_path("served.mbtiles");
    run(area_from_bbox(138.13, 36.07, 138.41, 36.29), 7, 10, out);
    auto mbtiles = std::make_shared<MbtilesSource>(std::map<std::string, std::string>{{"matsumoto", out.string()}});
    LayerRouter router(std::shared_ptr<TileSource>(&engine(), [](TileSource*) {}));
    router.add("matsumoto", mbtiles);
    EXPECT_TRUE(router.has_layer("matsumoto"));
    EXPECT_TRUE(router.has_layer("population"));
    EXPECT_FALSE(router.has_layer("nope"));

    const auto stored = all_tiles(out);
    ASSERT_FALSE(stored.empty());
    for (const auto& [where, png] : stored) {
        const auto [z, x, row] = where;
        const TileAddress a{z, x, (1 << z) - 1 - row, 1};
        const TileResult served = router.get("matsumoto", a);
        ASSERT_EQ(served.status, TileStatus::ok);
        EXPECT_EQ(*served.png, png);
        const TileResult rendered = router.get("population", a);
        ASSERT_EQ(rendered.status, TileStatus::ok);
        EXPECT_EQ(*rendered.png, png) << "the engine draws the same bytes";
    }
    EXPECT_EQ(router.get("matsumoto", {11, 1810, 806, 1}).status, TileStatus::out_of_range);  // beyond maxzoom
    EXPECT_EQ(router.get("matsumoto", {9, 454, 201, 2}).status, TileStatus::out_of_range);    // no @2x
    const TileResult outside = router.get("matsumoto", {9, 0, 0, 1});  // inside the zooms, not seeded
    EXPECT_EQ(outside.status, TileStatus::ok);
    auto reader = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(outside.png->data(), outside.png->size()));
    EXPECT_EQ(reader->width(), 256u);
    EXPECT_EQ(mbtiles->metadata("matsumoto").at("format"), "png");
    const fs::path junk = temp_path("junk.mbtiles");
    std::ofstream(junk) << "not a database";
    EXPECT_THROW(MbtilesSource({{"bad", junk.string()}}), MbtilesError);
}

TEST(MbtilesWriter, ABodyIsInsertedOnceAndAgainWhenAnotherConnectionRemovedIt) {
    const fs::path p = temp_path("bodies") / "t.mbtiles";
    fs::create_directories(p.parent_path());
    const auto sea = std::make_shared<const std::string>("the sea tile's bytes");
    MbtilesWriter writer(p.string());
    writer.write({{1, 0, 0, sea}, {1, 1, 0, sea}});
    writer.write({{1, 0, 1, sea}});
    EXPECT_EQ(writer.tile_count(), 3u);
    EXPECT_EQ(writer.image_count(), 1u);
    EXPECT_EQ(Db(p).rows("SELECT tile_data FROM tiles").size(), 3u);

    // Another process empties the file (a seed of another version starting on it).
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open_v2(p.c_str(), &other, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "DELETE FROM map; DELETE FROM images;", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
    writer.write({{2, 0, 0, sea}});
    const auto rows = Db(p).rows("SELECT tile_data FROM tiles");
    ASSERT_EQ(rows.size(), 1u) << "the tile's body was not written again";
    EXPECT_EQ(rows[0][0], *sea);
    fs::remove_all(p.parent_path());
}
