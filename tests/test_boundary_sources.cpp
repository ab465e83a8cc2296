// Boundaries of one's own: the shipped N03 GeoJSON of 長野県 turned by ogr2ogr (at test time, into the
// build tree) into a GeoPackage, a cp932 Shapefile in JGD2011 plane-rectangular zone VIII (EPSG:6676) and
// a FlatGeobuf must import to the same areas, names and tile colours; a merger is reported.
#include <gtest/gtest.h>
#include <mapnik/image_reader.hpp>
#include <mapnik/image_util.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine_fixture.h"
#include "layers/boundaries.h"
#include "layers/geometry.h"
#include "layers/import.h"
#include "tiles/tile_engine.h"
#include "common/tile_math.h"

using namespace rxmap;
using namespace rxmap::data;
namespace fs = std::filesystem;

namespace {

const fs::path kWork = RXMAP_TEST_WORK_DIR;
const std::string kN03 = std::string(RXMAP_RAW_DATA_DIR) + "/boundaries/n03-2021/s0010/";
const std::string kNagano = kN03 + "N03-21_20_210101.json";

// Runs ogr2ogr on 長野県's GeoJSON into the work folder, afresh (a Shapefile's companions too), and
// returns the output path. Each test writes outputs of its own, so ctest may run them in parallel.
std::string ogr2ogr(const std::string& output, const std::string& arguments) {
    const fs::path out = kWork / output;
    fs::create_directories(out.parent_path());
    for (const auto& e : fs::directory_iterator(out.parent_path()))
        if (e.path().stem() == out.stem()) fs::remove(e.path());
    const std::string cmd = "ogr2ogr " + arguments + " '" + out.string() + "' '" + kNagano + "' 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return out.string();
}

double area_of(const Area& a) { return from_wkb(a.wkb)->toMultiPolygon()->get_Area(); }

// Same codes, names and areas (within 0.5 %) as the GeoJSON path, at every level.
void expect_same_areas(const Boundaries& got, const Boundaries& want, const std::string& what) {
    for (const auto& [level, g, w] : {std::tuple{"ward", &got.wards, &want.wards},
                                      std::tuple{"municipality", &got.municipalities, &want.municipalities},
                                      std::tuple{"prefecture", &got.prefectures, &want.prefectures}}) {
        ASSERT_EQ(g->size(), w->size()) << what << " " << level;
        std::map<std::string, const Area*> by_code;
        for (const Area& a : *g) by_code[a.code] = &a;
        for (const Area& a : *w) {
            const auto it = by_code.find(a.code);
            ASSERT_NE(it, by_code.end()) << what << " has no " << level << " " << a.code;
            EXPECT_EQ(it->second->name, a.name) << what << " " << a.code;
            EXPECT_NEAR(area_of(*it->second) / area_of(a), 1.0, 0.005) << what << " " << a.code << " " << a.name;
        }
    }
}

// A dataset's lines of the import log: its summary line and the indented lines after it.
std::string report_of(const std::string& log, const std::string& dataset) {
    const auto start = log.find(dataset + ":");
    if (start == std::string::npos) return {};
    auto end = log.find('\n', start);
    while (end != std::string::npos && end + 1 < log.size() && log[end + 1] == ' ') end = log.find('\n', end + 1);
    return log.substr(start, end - start);
}

const Boundaries& reference() {
    static const Boundaries b = load_boundaries({kNagano});
    return b;
}

TEST(BoundarySources, GeoPackageImportsLikeTheGeoJson) {
    const Boundaries b = load_boundaries({ogr2ogr("gpkg/nagano.gpkg", "-f GPKG")});
    EXPECT_EQ(b.wards.size(), 77u);
    expect_same_areas(b, reference(), "GeoPackage");
}

TEST(BoundarySources, FlatGeobufImportsLikeTheGeoJson) {
    expect_same_areas(load_boundaries({ogr2ogr("fgb/nagano.fgb", "-f FlatGeobuf")}), reference(), "FlatGeobuf");
}

TEST(BoundarySources, Cp932ShapefileInZoneEightImportsLikeTheGeoJson) {
    // The .prj says EPSG:6676 and the .cpg CP932: both read from the source.
    const std::string shp = ogr2ogr("zone8/nagano.shp", "-f 'ESRI Shapefile' -t_srs EPSG:6676 -lco ENCODING=CP932");
    expect_same_areas(load_boundaries({shp}), reference(), "Shapefile");
    // The same folder given instead of the file.
    expect_same_areas(load_boundaries(expand_boundary_paths({(kWork / "zone8").string()})), reference(), "folder");
}

TEST(BoundarySources, EncodingAndCrsGivenWhenTheSourceDoesNotSayThem) {
    // MLIT's own N03 Shapefiles: cp932 attributes, and here neither .cpg nor .prj.
    const std::string shp = ogr2ogr("bare/nagano.shp", "-f 'ESRI Shapefile' -t_srs EPSG:6676 -lco ENCODING=CP932");
    fs::remove(kWork / "bare/nagano.cpg");
    fs::remove(kWork / "bare/nagano.prj");
    BoundaryOptions options;
    options.encoding = "CP932";
    options.source_crs = "EPSG:6676";
    expect_same_areas(load_boundaries({shp}, options), reference(), "Shapefile with --encoding --source-crs");
    // Without the encoding the names are not 長野県's.
    options.encoding.clear();
    const Boundaries wrong = load_boundaries({shp}, options);
    ASSERT_FALSE(wrong.municipalities.empty());
    EXPECT_NE(wrong.municipalities.front().name, reference().municipalities.front().name);
    // Without the CRS the plane coordinates would be taken for degrees: the missing .prj is named.
    options.source_crs.clear();
    try {
        load_boundaries({shp}, options);
        ADD_FAILURE() << "expected ImportError for the missing .prj";
    } catch (const ImportError& e) {
        EXPECT_NE(std::string(e.what()).find("nagano.prj"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("--source-crs"), std::string::npos) << e.what();
    }
}

TEST(BoundarySources, AShapefileMissingItsDbfOrShxIsNamedAsSuch) {
    for (const char* missing : {".dbf", ".shx"}) {
        const std::string folder = std::string("missing") + missing;
        const std::string shp = ogr2ogr(folder + "/nagano.shp", "-f 'ESRI Shapefile'");
        fs::remove(fs::path(shp).replace_extension(missing));
        try {
            load_boundaries({shp});
            ADD_FAILURE() << "expected ImportError for the missing " << missing;
        } catch (const ImportError& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("nagano") + missing), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("is missing"), std::string::npos) << e.what();
        }
    }
}

// 松本市 carrying 長野市's code 20201 (a typo in a file of one's own).
std::string nagano_with_a_shared_code() {
    return ogr2ogr("shared-code/nagano.geojson",
                   "-f GeoJSON -dialect SQLite -sql \"SELECT N03_001, N03_002, N03_003, N03_004, CASE WHEN N03_004 = "
                   "'松本市' THEN '20201' ELSE N03_007 END AS N03_007, geometry FROM \\\"N03-21_20_210101\\\"\"");
}

TEST(BoundarySources, TwoMunicipalitiesUnderOneCodeStopTheImportNamingThem) {
    const std::string file = nagano_with_a_shared_code();
    try {
        load_boundaries({file});
        ADD_FAILURE() << "expected ImportError for code 20201 on two municipalities";
    } catch (const ImportError& e) {
        const std::string what = e.what();
        for (const char* part : {"20201", "長野市", "松本市", "nagano.geojson", "--merge-duplicate-codes"})
            EXPECT_NE(what.find(part), std::string::npos) << part << " in: " << what;
    }
    // Said on purpose: one area, reported.
    BoundaryOptions merge;
    merge.merge_duplicate_codes = true;
    const Boundaries merged = load_boundaries({file}, merge);
    EXPECT_EQ(merged.wards.size(), 76u);
    ASSERT_EQ(merged.report.merged_codes.size(), 1u);
    EXPECT_NE(merged.report.merged_codes[0].find("松本市"), std::string::npos);
    // Islands and exclaves (several features, one name) stay one area without any option.
    EXPECT_EQ(reference().wards.size(), 77u);
}

TEST(BoundarySources, AFailedImportLeavesThePreviousStoreUntouched) {
    test::real_atlas();  // the test store exists and is current
    const fs::path store = kWork / "untouched/rxmap.gpkg";
    fs::create_directories(store.parent_path());
    fs::copy_file(RXMAP_TEST_STORE, store, fs::copy_options::overwrite_existing);
    const auto read = [&] {
        std::ifstream in(store, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), {});
    };
    const std::string before = read();
    SourceFiles files = SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR);
    files.boundaries = {nagano_with_a_shared_code()};
    std::ostringstream log;
    EXPECT_THROW(load_or_import(files, store.string(), log), ImportError);
    EXPECT_TRUE(read() == before) << "the store that served before still serves";
    EXPECT_EQ(std::distance(fs::directory_iterator(store.parent_path()), fs::directory_iterator()), 1)
        << "no temporary or set-aside file beside it";
}

TEST(BoundarySources, FieldsAreMappedByOption) {
    const std::string gpkg = ogr2ogr("renamed.gpkg", "-f GPKG -nln towns -sql \"SELECT N03_001 AS pref, N03_004 AS "
                                                     "town, N03_007 AS jiscode FROM \\\"N03-21_20_210101\\\"\"");
    try {
        load_boundaries({gpkg});
        ADD_FAILURE() << "expected ImportError for the missing N03_007";
    } catch (const ImportError& e) {
        EXPECT_NE(std::string(e.what()).find("jiscode"), std::string::npos) << "lists the fields: " << e.what();
    }
    BoundaryOptions options;
    options.fields = {"PREF", "none", "Town", "JISCODE"};  // matched without regard to case
    expect_same_areas(load_boundaries({gpkg}, options), reference(), "renamed fields");
}

TEST(BoundarySources, CommonFieldNamesAreDetected) {
    // As e-Stat and many GIS exports name them: no options needed.
    const std::string gpkg = ogr2ogr("estat.gpkg", "-f GPKG -nln towns -sql \"SELECT N03_001 AS PREF_NAME, N03_004 AS "
                                                   "CITY_NAME, N03_007 AS CITY_CODE FROM \\\"N03-21_20_210101\\\"\"");
    expect_same_areas(load_boundaries({gpkg}), reference(), "detected fields");
}

// 長野市 (20201) and 須坂市 (20207) dissolved into one new municipality 20999: the import reports the
// statistics rows left without a boundary and the boundary left without statistics, by code and name.
TEST(BoundarySources, AMergerIsReportedByCodeAndName) {
    const std::string merged = ogr2ogr(
        "merged.gpkg",
        "-f GPKG -nln merged -dialect SQLite -sql \"SELECT N03_001, N03_002, N03_003, CASE WHEN N03_007 IN "
        "('20201','20207') THEN '新長野市' ELSE N03_004 END AS N03_004, CASE WHEN N03_007 IN ('20201','20207') "
        "THEN '20999' ELSE N03_007 END AS N03_007, ST_Union(geometry) AS geometry FROM \\\"N03-21_20_210101\\\" "
        "GROUP BY 5\"");
    SourceFiles files = SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR);
    files.boundaries = {merged};
    std::ostringstream log;
    const Atlas atlas = import_sources(files, log);
    const std::string text = log.str();
    std::printf("%s", text.c_str());
    EXPECT_EQ(atlas.at(Level::municipality).size(), 76u);
    ASSERT_NE(atlas.find(Level::municipality, "20999"), nullptr);
    double parts = 0;
    for (const Area& m : reference().municipalities)
        if (m.code == "20201" || m.code == "20207") parts += area_of(m);
    EXPECT_NEAR(area_of(*atlas.find(Level::municipality, "20999")) / parts, 1.0, 0.005);
    for (const std::string dataset : {"census2020_major_results", "ssdse_a_2025", "ipss2023_projections"}) {
        const std::string block = report_of(text, dataset);
        EXPECT_NE(block.find("20201 長野市"), std::string::npos) << dataset << block;
        EXPECT_NE(block.find("20207 須坂市"), std::string::npos) << dataset << block;
        EXPECT_NE(block.find("1 boundaries without a row"), std::string::npos) << dataset << block;
        EXPECT_NE(block.find("20999 新長野市"), std::string::npos) << dataset << block;
    }
}

// All Japan in one GeoPackage (47 files appended into one layer) imports like the 47 GeoJSON files.
TEST(BoundarySources, AllJapanInOneGeoPackage) {
    const fs::path gpkg = kWork / "japan.gpkg";
    std::vector<std::string> geojson;
    for (int pref = 1; pref <= 47; ++pref) {
        char name[40];
        std::snprintf(name, sizeof name, "N03-21_%02d_210101.json", pref);
        geojson.push_back(kN03 + name);
    }
    fs::remove(gpkg);
    for (const std::string& file : geojson) {
        const std::string cmd =
            "ogr2ogr -f GPKG -append -nln n03 -nlt MULTIPOLYGON '" + gpkg.string() + "' '" + file + "' 2>&1";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    const auto start = std::chrono::steady_clock::now();
    const Boundaries b = load_boundaries({gpkg.string()});
    std::printf("all Japan from one GeoPackage: %.2f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    EXPECT_EQ(b.wards.size(), 1902u);
    EXPECT_EQ(b.municipalities.size(), 1747u);
    EXPECT_EQ(b.prefectures.size(), 47u);
    expect_same_areas(b, load_boundaries(geojson), "all Japan GeoPackage");
}

// The whole atlas with 長野県 from `nagano` instead of its GeoJSON: the population tiles over 長野市 at
// zooms of both bands (layers/area.h) must match the GeoJSON path's.
// `max_differ`: pixels allowed to differ; labels sit at a point on the surface of the largest part, which
// moves a little with a different vertex set (densified lines), so their text may shift.
void expect_same_tiles(const std::string& nagano, const std::string& what, int max_differ) {
    SourceFiles files = SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR);
    files.boundaries.erase(files.boundaries.begin() + 19);  // N03-21_20
    files.boundaries.push_back(nagano);
    std::ostringstream log;
    Atlas atlas = import_sources(files, log);
    auto mine = test::load_catalog(std::move(atlas), {RXMAP_SOURCE_DIR "/styles/layers.conf"}, log);
    tiles::TileEngine from_source(mine), from_geojson(test::real_catalog());
    for (const int z : {7, 8, 9, 11}) {
        const tiles::TileXY t = tiles::tile_at({138.19, 36.65}, z);  // 長野市
        const auto a = from_source.get("population", {z, t.x, t.y, 1});
        const auto b = from_geojson.get("population", {z, t.x, t.y, 1});
        ASSERT_EQ(a.status, tiles::TileStatus::ok);
        ASSERT_EQ(b.status, tiles::TileStatus::ok);
        const auto artifacts = fs::path(RXMAP_SOURCE_DIR) / "tests/artifacts";
        fs::create_directories(artifacts);
        std::ofstream(artifacts / ("boundary-" + what + "-z" + std::to_string(z) + ".png"), std::ios::binary)
            .write(a.png->data(), a.png->size());
        std::ofstream(artifacts / ("boundary-geojson-z" + std::to_string(z) + ".png"), std::ios::binary)
            .write(b.png->data(), b.png->size());
        std::unique_ptr<mapnik::image_reader> ra(mapnik::get_image_reader(a.png->data(), a.png->size()));
        std::unique_ptr<mapnik::image_reader> rb(mapnik::get_image_reader(b.png->data(), b.png->size()));
        const auto ia = mapnik::util::get<mapnik::image_rgba8>(ra->read(0, 0, 256, 256));
        const auto ib = mapnik::util::get<mapnik::image_rgba8>(rb->read(0, 0, 256, 256));
        // A pixel differs when no pixel of the other tile within one pixel of it has its colour (each
        // channel within 16): outlines drawn a pixel apart or anti-aliased differently do not count.
        auto close = [](std::uint32_t p, std::uint32_t q) {
            for (int shift = 0; shift < 32; shift += 8)
                if (std::abs(int((p >> shift) & 0xff) - int((q >> shift) & 0xff)) > 16) return false;
            return true;
        };
        int differ = 0;
        std::map<std::uint32_t, int> colours, other_colours;
        mapnik::image_rgba8 marked(ib);  // the differing pixels in red, for looking at
        for (int y = 0; y < 256; ++y)
            for (int x = 0; x < 256; ++x) {
                ++colours[ib(x, y)];
                ++other_colours[ia(x, y)];
                bool matched = false;
                for (int dy = -1; dy <= 1 && !matched; ++dy)
                    for (int dx = -1; dx <= 1 && !matched; ++dx) {
                        const int nx = x + dx, ny = y + dy;
                        matched = nx >= 0 && ny >= 0 && nx < 256 && ny < 256 && close(ia(x, y), ib(nx, ny));
                    }
                differ += !matched;
                if (!matched) marked(x, y) = 0xff0000ff;
            }
        mapnik::save_to_file(marked, (artifacts / ("boundary-" + what + "-z" + std::to_string(z) + "-diff.png")).string(),
                             "png");
        std::printf("%s z%d: %d of 65536 pixels differ\n", what.c_str(), z, differ);
        EXPECT_GT(colours.size(), 3u) << what << " z" << z << ": a map, not an empty tile";
        EXPECT_LT(differ, max_differ) << what << " z" << z;
        // Every fill colour covers the same share of the tile (within 1 % of the tile).
        for (const auto& [colour, n] : colours)
            if (n > 1000) EXPECT_NEAR(other_colours[colour], n, 655) << what << " z" << z << " colour " << std::hex << colour;
    }
}

TEST(BoundarySources, TilesFromTheShapefileMatchTheGeoJsonPath) {
    expect_same_tiles(ogr2ogr("tiles-zone8/nagano.shp", "-f 'ESRI Shapefile' -t_srs EPSG:6676 -lco ENCODING=CP932"),
                      "zone8-shapefile", 65536 / 200);
}

// Full resolution stand-in: 長野県 densified to a vertex every ~20 m (84x the shipped vertices). The
// import adds the low-zoom copy, and tiles of both bands still match.
TEST(BoundarySources, DensifiedBoundariesGetALowZoomCopyAndTheSameTiles) {
    const std::string dense = ogr2ogr("dense/nagano.gpkg", "-f GPKG -segmentize 0.0002 -nlt MULTIPOLYGON");
    const Boundaries b = load_boundaries({dense});
    expect_same_areas(b, reference(), "densified");
    size_t full = 0, low = 0;
    for (const Area& m : b.municipalities) {
        const std::string simple = simplified_wkb(m.wkb, low_band_tolerance());
        ASSERT_FALSE(simple.empty()) << m.code << " " << m.name;
        full += m.wkb.size();
        low += simple.size();
    }
    std::printf("densified 長野県: %zu KiB of municipality geometry, %zu KiB in the low-zoom band\n", full / 1024,
                low / 1024);
    EXPECT_LT(low * 20, full);
    expect_same_tiles(dense, "densified", 65536 * 3 / 100);
}

}  // namespace
