// The import on the real data: boundaries, levels, joins, and bad input.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

#include "layers/boundaries.h"
#include "layers/import.h"
#include "layers/stat_sources.h"
#include "layers/store.h"

using namespace rxmap::data;

namespace {

const Atlas& atlas() {
    static const Atlas a = [] {
        std::ostringstream log;
        Atlas result = import_sources(SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR), log);
        std::printf("%s", log.str().c_str());
        return result;
    }();
    return a;
}

std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("rxmap-test-" + std::to_string(::getpid()) + "-" + name)).string();
}

}  // namespace

TEST(Import, WardLevelHasEveryN03Code) {
    EXPECT_EQ(atlas().at(Level::ward).size(), 1902u);
}

TEST(Import, DesignatedCityWardsDissolveIntoTwentyCities) {
    const auto& wards = atlas().at(Level::ward);
    int designated_wards = 0;
    std::set<std::string> cities;
    for (const Area& w : wards)
        if (w.parent != w.code) {
            ++designated_wards;
            cities.insert(w.parent);
        }
    EXPECT_EQ(designated_wards, 175);
    EXPECT_EQ(cities.size(), 20u);
    EXPECT_EQ(atlas().at(Level::municipality).size(), 1747u);
    EXPECT_EQ(atlas().at(Level::prefecture).size(), 47u);
    EXPECT_TRUE(cities.count("01100"));  // 札幌市
    EXPECT_TRUE(cities.count("14130"));  // 川崎市
    EXPECT_TRUE(cities.count("40130"));  // 福岡市
}

TEST(Import, KnownCodesJoin) {
    const Atlas& a = atlas();
    const Area* chiyoda = a.find(Level::ward, "13101");
    ASSERT_NE(chiyoda, nullptr);
    EXPECT_EQ(chiyoda->name, "千代田区");
    const Area* sapporo = a.find(Level::municipality, "01100");
    ASSERT_NE(sapporo, nullptr);
    EXPECT_EQ(sapporo->name, "札幌市");
    const Area* yubari = a.find(Level::municipality, "01209");
    ASSERT_NE(yubari, nullptr);
    EXPECT_EQ(yubari->name, "夕張市");
    EXPECT_EQ(a.find(Level::ward, "01101")->name, "札幌市中央区");
    EXPECT_EQ(a.find(Level::ward, "01101")->label, "中央区");

    EXPECT_EQ(a.stats.get("census:population", 2020, "13101"), 66680);
    EXPECT_EQ(a.stats.get("census:population", 2020, "01100"), 1973395);
    EXPECT_EQ(a.stats.get("census:population", 2020, "01209"), 7334);
    EXPECT_EQ(a.stats.get("ssdse:A1101", 2020, "01100"), 1973395);
    EXPECT_EQ(a.stats.get("ipss:population", 2050, "01209"), 2154);
    EXPECT_EQ(a.stats.get("census:population", 2020, "00000"), 126146099);
}

TEST(Import, NorthernTerritoryVillagesHaveBoundariesButNoStatistics) {
    const Atlas& a = atlas();
    for (int code = 1695; code <= 1700; ++code) {
        char c[8];
        std::snprintf(c, sizeof c, "%05d", code);
        EXPECT_NE(a.find(Level::municipality, c), nullptr) << c;
        EXPECT_FALSE(a.stats.get("census:population", 2020, c).has_value()) << c;
    }
    // Every other municipality has SSDSE statistics (the census leaves 双葉町, evacuated in 2020, as "-").
    int with_population = 0;
    for (const Area& m : a.at(Level::municipality))
        with_population += a.stats.get("ssdse:A1101", 2020, m.code).has_value();
    EXPECT_EQ(with_population, 1741);
}

TEST(Import, StoreRoundTripAndFingerprint) {
    const std::string path = temp_path("store.gpkg");
    write_store(path, atlas());
    EXPECT_EQ(read_store_fingerprint(path), atlas().fingerprint);
    const Atlas back = read_store(path);
    EXPECT_EQ(back.at(Level::ward).size(), 1902u);
    EXPECT_EQ(back.stats.get("census:population", 2020, "13101"), 66680);
    EXPECT_EQ(back.find(Level::ward, "13101")->wkb, atlas().find(Level::ward, "13101")->wkb);
    std::filesystem::remove(path);
}

TEST(Import, UnknownCodesAndNonNumbersAreCountedNotFatal) {
    const std::string path = temp_path("ssdse.csv");
    {
        // Three header rows as SSDSE has them, then good, unknown-code and non-numeric rows (ASCII is valid cp932).
        std::ofstream out(path);
        out << "SSDSE-A-2025,Prefecture,Municipality,A1101\n,,year,2020\ncode,pref,muni,pop\n"
            << "R13101,x,y,66680\nR99999,x,y,5\nR13102,x,y,-\n";
    }
    StatsTable table;
    const DatasetReport r = import_ssdse_csv(path, {"13101", "13102"}, table);
    EXPECT_EQ(r.rows, 3);
    EXPECT_EQ(r.matched, 2);
    ASSERT_EQ(r.unmatched.size(), 1u);
    EXPECT_EQ(r.unmatched[0], "99999 y");  // code and name
    EXPECT_EQ(r.skipped.size(), 1u);
    EXPECT_EQ(table.get("ssdse:A1101", 2020, "13101"), 66680);
    EXPECT_FALSE(table.get("ssdse:A1101", 2020, "13102").has_value());
    std::filesystem::remove(path);
}

TEST(Import, CorruptBoundaryFileIsAClearError) {
    const std::string path = temp_path("corrupt.geojson");
    { std::ofstream(path) << R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Pol)"; }
    try {
        load_boundaries({path});
        FAIL() << "expected ImportError";
    } catch (const ImportError& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
    std::filesystem::remove(path);
}

TEST(Import, OtherOgrFormatsWork) {
    // The same fields in a GeoPackage (written by GDAL) load like the GeoJSON.
    const std::string gpkg = temp_path("tokyo.gpkg");
    const std::string src = std::string(RXMAP_RAW_DATA_DIR) + "/boundaries/n03-2021/s0010/N03-21_13_210101.json";
    const std::string cmd = "ogr2ogr -f GPKG " + gpkg + " " + src + " 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "ogr2ogr not available";
    const Boundaries from_gpkg = load_boundaries({gpkg});
    const Boundaries from_json = load_boundaries({src});
    EXPECT_EQ(from_gpkg.wards.size(), from_json.wards.size());
    EXPECT_EQ(from_gpkg.report.uncoded.size(), 1u);
    std::filesystem::remove(gpkg);
}

TEST(Import, StoreIsReusedUntilAnInputChanges) {
    const std::string store = temp_path("reuse.gpkg");
    const std::string ipss_copy = temp_path("ipss.json");
    SourceFiles files = SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR);
    std::filesystem::copy_file(files.ipss_json, ipss_copy, std::filesystem::copy_options::overwrite_existing);
    files.ipss_json = ipss_copy;

    std::ostringstream first, second, third;
    load_or_import(files, store, first);
    EXPECT_NE(first.str().find("importing"), std::string::npos);
    load_or_import(files, store, second);
    EXPECT_NE(second.str().find("is current"), std::string::npos) << second.str();

    std::ofstream(ipss_copy, std::ios::app) << "\n";  // same data, different bytes: an input changed
    load_or_import(files, store, third);
    EXPECT_NE(third.str().find("importing"), std::string::npos) << third.str();
    std::filesystem::remove(store);
    std::filesystem::remove(ipss_copy);
}
