// The atlas in PostgreSQL/PostGIS (layers/postgis_store.h) and the Map rendered from it
// (styles/postgis_map.h): a round trip, tiles identical in pixels to the embedded path,
// and imports that fail or are killed midway leaving the previous data served.
// Needs .ci/services.sh (PostgreSQL + PostGIS on 127.0.0.1:5432): skipped with the reason otherwise.
#include <gtest/gtest.h>

#include <mapnik/image_any.hpp>
#include <mapnik/image_reader.hpp>
#include <mapnik/image_util.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <thread>

#include "cluster/cluster_support.h"
#include "engine_fixture.h"
#include "layers/manifest.h"
#include "layers/postgis_store.h"
#include "styles/postgis_map.h"
#include "tiles/tile_engine.h"

using namespace rxmap;
namespace fs = std::filesystem;

namespace {

// Waits (polling the clock) until the wall-clock second has changed, so that the next schema name,
// which carries the second, sorts after the last one: at most a second, instead of a fixed 1.1 s.
void next_second() {
    const std::time_t now = std::time(nullptr);
    while (std::time(nullptr) == now) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

// The real atlas, written once per process under this process's prefix.
struct Loaded {
    test::PgPrefix prefix{"p"};
    std::string schema;
    std::shared_ptr<const catalog::LayerCatalog> catalog;  // read back from the database
};

Loaded& loaded() {
    static Loaded l = [] {
        Loaded x;
        std::ostringstream log;
        x.schema = data::pg_write_atlas(x.prefix.db, *test::real_atlas(), log);
        data::PgCurrent cur;
        data::Atlas atlas = data::pg_read_atlas(x.prefix.db, &cur);
        EXPECT_EQ(cur.schema, x.schema);
        x.catalog = test::load_catalog(std::move(atlas), {RXMAP_SOURCE_DIR "/styles/layers.conf"}, log);
        return x;
    }();
    return l;
}

data::Atlas small_atlas(const std::string& fingerprint) {
    data::Atlas a;
    const data::Atlas& real = *test::real_atlas();
    for (data::Level level : data::kAllLevels)
        for (size_t i = 0; i < std::min<size_t>(3, real.at(level).size()); ++i) a.at(level).push_back(real.at(level)[i]);
    a.merged = real.merged;
    a.stats.set("ipss:population", 2020, real.at(data::Level::ward)[0].code, 1234);
    a.stats.describe({"ipss:population", "ipss2023", "総人口"});
    a.fingerprint = fingerprint;
    return a;
}

std::vector<std::string> schemas_of(const data::PgLocation& db) {
    return data::pg_query(db.url, "SELECT nspname FROM pg_namespace WHERE nspname LIKE '" + db.prefix +
                                        "\\_s%' ORDER BY nspname");
}

mapnik::image_rgba8 decode(const std::string& png) {
    std::unique_ptr<mapnik::image_reader> r(mapnik::get_image_reader(png.data(), png.size()));
    mapnik::image_any any = r->read(0, 0, r->width(), r->height());
    // png8 tiles decode to RGBA through the reader.
    return mapnik::util::get<mapnik::image_rgba8>(any);
}

}  // namespace

TEST(PostgisStore, RoundTripsTheAtlasInWritingOrder) {
    RXMAP_NEED_SERVICE(test::pg_unavailable().empty(), test::pg_unavailable());
    const data::Atlas& mine = *test::real_atlas();
    const data::Atlas back = data::pg_read_atlas(loaded().prefix.db);  // as read, before layers add their CSVs
    EXPECT_EQ(back.fingerprint, mine.fingerprint);
    for (data::Level level : data::kAllLevels) {
        ASSERT_EQ(back.at(level).size(), mine.at(level).size()) << data::level_name(level);
        for (size_t i = 0; i < mine.at(level).size(); ++i) {
            const auto &a = mine.at(level)[i], &b = back.at(level)[i];
            ASSERT_EQ(a.code, b.code) << data::level_name(level) << " #" << i;
            EXPECT_EQ(a.name, b.name);
            EXPECT_EQ(a.label, b.label);
            EXPECT_EQ(a.parent, b.parent);
            EXPECT_EQ(a.members, b.members);
            // GDAL's PostgreSQL driver writes reals with 15 significant digits: label points
            // move by at most 1e-8 m (geometries travel as WKB and stay exact).
            EXPECT_NEAR(a.label_x, b.label_x, 1e-6);
            EXPECT_NEAR(a.label_y, b.label_y, 1e-6);
            EXPECT_EQ(a.wkb, b.wkb) << a.code << ": geometry changed on the way";
        }
    }
    ASSERT_EQ(back.merged.size(), mine.merged.size());
    EXPECT_EQ(back.merged[0].members, mine.merged[0].members);
    EXPECT_EQ(back.stats.indicators().size(), mine.stats.indicators().size());
    EXPECT_EQ(back.stats.get("ipss:population", 2050, "13101"), mine.stats.get("ipss:population", 2050, "13101"));
    EXPECT_EQ(back.stats.get("census:population", 2020, "01100"), mine.stats.get("census:population", 2020, "01100"));
    // The flow tables travel with the atlas (nodes reading the database need no local CSV).
    const std::string flows = "raw:flows/prefecture_migration_2025.csv";
    ASSERT_EQ(back.flows.count(flows), 1u);
    EXPECT_EQ(back.flows.at(flows)->counts, mine.flows.at(flows)->counts);
    EXPECT_DOUBLE_EQ(back.flows.at(flows)->get("01", "13"), 13948);
    // Spatial and code indexes exist.
    const auto idx = data::pg_query(test::pg_url(), "SELECT indexdef FROM pg_indexes WHERE schemaname = '" +
                                                          loaded().schema + "' AND tablename = 'areas_ward'");
    std::string all;
    for (const auto& i : idx) all += i + "\n";
    EXPECT_NE(all.find("USING gist (geom)"), std::string::npos) << all;
    EXPECT_NE(all.find("(code)"), std::string::npos) << all;
}

TEST(PostgisMap, TilesAreIdenticalInPixelsToTheEmbeddedPath) {
    RXMAP_NEED_SERVICE(test::pg_unavailable().empty(), test::pg_unavailable());
    auto embedded_catalog = test::real_catalog();
    auto& l = loaded();
    const styles::PostgisMapSource source{data::pg_connection(test::pg_url()), l.schema, 4};
    tiles::EngineOptions pg_options;
    pg_options.render_threads = 1;
    pg_options.map_factory = [source](const catalog::Variant& v, const catalog::LayerCatalog& c) {
        return styles::build_postgis_variant_map(v, c, source);
    };
    tiles::EngineOptions mem_options;
    mem_options.render_threads = 1;
    tiles::TileEngine from_db(l.catalog, pg_options), embedded(embedded_catalog, mem_options);

    struct Case {
        const char* layer;
        int z, x, y, scale;
    };
    const Case cases[] = {
        {"population", 3, 7, 3, 1},                   // all Japan, ward level
        {"population", 9, 454, 201, 1},               // 東京: dense labels
        {"population/2050", 7, 114, 49, 1},           // 浜通り drawn as one merged area
        {"aging/2040/prefecture", 5, 28, 12, 1},      // aggregate level: group labels
        {"it-employment/municipality", 10, 897, 406, 2},  // 大阪 at 512 px
        {"facility-risk/hospital/2050", 6, 56, 25, 1},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string(c.layer) + " " + std::to_string(c.z) + "/" + std::to_string(c.x) + "/" + std::to_string(c.y));
        const tiles::TileAddress a{c.z, c.x, c.y, c.scale};
        const auto pg = from_db.get(c.layer, a);
        const auto mem = embedded.get(c.layer, a);
        ASSERT_EQ(pg.status, tiles::TileStatus::ok) << pg.message;
        ASSERT_EQ(mem.status, tiles::TileStatus::ok) << mem.message;
        ASSERT_GT(pg.png->size(), 500u) << "an empty tile proves nothing";
        const auto a_img = decode(*pg.png), b_img = decode(*mem.png);
        ASSERT_EQ(a_img.width(), b_img.width());
        ASSERT_EQ(a_img.width(), 256u * c.scale);
        EXPECT_EQ(mapnik::compare(a_img, b_img, 0, false), 0u) << "pixels differ";
        EXPECT_EQ(*pg.png, *mem.png);
        // The same key version: nodes on either path share cached tiles.
        EXPECT_EQ(from_db.version(*l.catalog->resolve(c.layer)), embedded.version(*embedded_catalog->resolve(c.layer)));
    }
    EXPECT_EQ(from_db.renders(), 6);
}

TEST(PostgisMap, AreaLayersAreSqlOverTheSchemaWithBboxAndOrder) {
    RXMAP_NEED_SERVICE(test::pg_unavailable().empty(), test::pg_unavailable());
    auto& l = loaded();
    const styles::PostgisSources sources({data::pg_connection(test::pg_url()), l.schema, 2}, l.catalog->atlas());
    const auto v = *l.catalog->resolve("population/2050");
    const auto& c = styles::choropleth(*l.catalog, v);
    const auto areas = data::layer_areas(l.catalog->atlas(), c.level, true);
    const std::string sql = sources.areas_sql(c, 2050, areas);
    EXPECT_NE(sql.find("\"" + l.schema + "\".areas_ward WHERE geom && !bbox!"), std::string::npos);
    EXPECT_NE(sql.find("\"" + l.schema + "\".areas_merged"), std::string::npos) << "浜通り comes from areas_merged";
    EXPECT_NE(sql.find("ORDER BY v.ord"), std::string::npos);
    // The SQL runs and returns every area once, in drawing order.
    std::string runnable = sql.substr(1, sql.rfind(") AS areas") - 1);
    const std::string world = "ST_MakeEnvelope(-20037508,-20037508,20037508,20037508,3857)";
    for (size_t at; (at = runnable.find("!bbox!")) != std::string::npos;) runnable.replace(at, 6, world);
    const auto codes = data::pg_query(test::pg_url(), "SELECT code FROM (" + runnable + ") AS t");
    ASSERT_EQ(codes.size(), areas.size());
    for (size_t i = 0; i < areas.size(); ++i) ASSERT_EQ(codes[i], areas[i]->code) << i;
}

TEST(PostgisStore, AFailedImportLeavesThePreviousDataServed) {
    RXMAP_NEED_SERVICE(test::pg_unavailable().empty(), test::pg_unavailable());
    test::PgPrefix prefix("f");
    std::ostringstream log;
    const std::string first = data::pg_write_atlas(prefix.db, small_atlas("fp-one"), log);
    ASSERT_EQ(data::pg_current(prefix.db)->schema, first);

    // Fails after the stats table of the new data is loaded.
    data::PgImportOptions failing;
    failing.after_table = [](const std::string& table) {
        if (table == "stats") throw data::ImportError("injected failure after " + table);
    };
    EXPECT_THROW(data::pg_write_atlas(prefix.db, small_atlas("fp-two"), log, failing), data::ImportError);
    EXPECT_EQ(data::pg_current(prefix.db)->schema, first);
    EXPECT_EQ(data::pg_read_atlas(prefix.db).fingerprint, "fp-one");
    EXPECT_EQ(schemas_of(prefix.db), std::vector<std::string>{first}) << "the failed import left a schema behind";

    // Also a failure at the very end (after the indexes, before the swap).
    failing.after_table = [](const std::string& table) {
        if (table == "indexes") throw data::ImportError("injected failure before the swap");
    };
    EXPECT_THROW(data::pg_write_atlas(prefix.db, small_atlas("fp-two"), log, failing), data::ImportError);
    EXPECT_EQ(data::pg_read_atlas(prefix.db).fingerprint, "fp-one");

    // Successful imports swap; the previous schema stays for running nodes, older ones go.
    next_second();  // schema names carry the second
    const std::string second = data::pg_write_atlas(prefix.db, small_atlas("fp-two"), log);
    EXPECT_EQ(data::pg_read_atlas(prefix.db).fingerprint, "fp-two");
    EXPECT_EQ(schemas_of(prefix.db).size(), 2u);
    next_second();
    const std::string third = data::pg_write_atlas(prefix.db, small_atlas("fp-three"), log);
    auto left = schemas_of(prefix.db);
    EXPECT_EQ(left, (std::vector<std::string>{second, third})) << log.str();
}

TEST(PostgisStore, AnImportKilledMidLoadLeavesThePreviousDataServed) {
    RXMAP_NEED_SERVICE(test::pg_unavailable().empty(), test::pg_unavailable());
    test::PgPrefix prefix("k");
    std::ostringstream log;
    const std::string first = data::pg_write_atlas(prefix.db, small_atlas("fp-before"), log);

    // `rxmap import --db` of the real data, killed (SIGKILL) while it copies rows into its new schema.
    const fs::path store = fs::temp_directory_path() / ("rxmap-kill-test-" + std::to_string(::getpid()));
    fs::create_directories(store);
    fs::copy_file(RXMAP_TEST_STORE, store / "rxmap.gpkg", fs::copy_options::overwrite_existing);
    const std::string url = test::pg_url(), pfx = prefix.db.prefix, store_arg = (store / "rxmap.gpkg").string();
    const pid_t child = ::fork();
    if (child == 0) {
        ::execl(RXMAP_BINARY, RXMAP_BINARY, "import", "--raw", RXMAP_RAW_DATA_DIR, "--store", store_arg.c_str(), "--db",
                url.c_str(), "--db-prefix", pfx.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    bool killed = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        const auto copying = data::pg_query(
            url, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY \"" + pfx + "\\_s%'");
        if (!copying.empty() && copying[0] != "0") {
            ::kill(child, SIGKILL);
            killed = true;
            break;
        }
        int status = 0;
        if (::waitpid(child, &status, WNOHANG) == child) FAIL() << "the import ended before it was seen copying";
    }
    ::waitpid(child, nullptr, 0);
    std::error_code ec;
    fs::remove_all(store, ec);
    ASSERT_TRUE(killed) << "never saw the import copying rows";

    EXPECT_EQ(data::pg_current(prefix.db)->schema, first);
    EXPECT_EQ(data::pg_read_atlas(prefix.db).fingerprint, "fp-before");
    // The server rolls the dead connection's transaction back: no schema is left behind.
    std::vector<std::string> left;
    for (int i = 0; i < 100; ++i) {
        left = schemas_of(prefix.db);
        if (left.size() == 1) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(left, std::vector<std::string>{first});

    // The next import goes through.
    data::pg_write_atlas(prefix.db, small_atlas("fp-after"), log);
    EXPECT_EQ(data::pg_read_atlas(prefix.db).fingerprint, "fp-after");
}

TEST(PostgisStore, ReadingAnEmptyDatabaseSaysToImportFirst) {
    RXMAP_NEED_SERVICE(test::pg_unavailable().empty(), test::pg_unavailable());
    test::PgPrefix prefix("e");
    EXPECT_FALSE(data::pg_current(prefix.db).has_value());
    try {
        data::pg_read_atlas(prefix.db);
        FAIL() << "no error";
    } catch (const data::ImportError& e) {
        EXPECT_NE(std::string(e.what()).find("rxmap import --db"), std::string::npos) << e.what();
    }
    EXPECT_THROW(data::pg_current({"postgresql://rxmap@127.0.0.1:1/none", "rxmap"}), data::ImportError);
    EXPECT_THROW(data::pg_current({test::pg_url(), "Bad-Prefix"}), data::ImportError);
}
