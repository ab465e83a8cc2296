// Issue 23: vector tiles of the same atlas as the PNGs, decoded with GDAL's MVT driver, checked
// against /info and the areas' own geometry; bad addresses answer as for PNG tiles.
#include <gtest/gtest.h>

#include <cpl_json.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <set>

#include "server/http/compression.h"
#include "server/api/info_service.h"
#include "server/api/style_service.h"
#include "server/api/tilejson_service.h"
#include "server/api/vector_tile_service.h"
#include "server_fixture.h"
#include "styles/choropleth.h"
#include "tiles/memory_store.h"
#include "tiles/mvt_areas.h"
#include "tilesets/mvt_seed.h"
#include "common/tile_math.h"

using namespace rxmap;
using rxmap::test::field;
using rxmap::test::HttpResponse;

namespace {

class VectorTiles : public test::RealServerSuite {
protected:
    static void SetUpTestSuite() {
        GDALAllRegister();
        const auto catalog = test::real_catalog();
        auto source = std::make_shared<tiles::VectorTileSource>(catalog, std::make_shared<tiles::MemoryStore>(64u << 20),
                                                                tiles::VectorTileOptions{0, 0});
        start_server({std::make_shared<server::VectorTileService>(source, ".mvt"),
                      std::make_shared<server::VectorTileService>(source, ".pbf"),
                      std::make_shared<server::InfoService>(catalog), std::make_shared<server::TileJsonService>(catalog),
                      std::make_shared<server::StyleService>(catalog)},
                     2);
    }

    // A served tile, opened with GDAL's MVT driver from a {z}/{x}/{y}.pbf name (so georeferenced in EPSG:3857).
    static GDALDatasetUniquePtr open_tile(const std::string& layer, int z, int x, int y) {
        const HttpResponse r = get("/tiles/" + layer + "/" + std::to_string(z) + "/" + std::to_string(x) + "/" +
                                   std::to_string(y) + ".mvt");
        EXPECT_EQ(r.result_int(), 200) << r.body();
        EXPECT_EQ(field(r, "Content-Type"), "application/vnd.mapbox-vector-tile");
        const std::string path = "/vsimem/vector-tiles/" + layer + "/" + std::to_string(z) + "/" + std::to_string(x) +
                                 "/" + std::to_string(y) + ".pbf";
        VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
        VSIFWriteL(r.body().data(), 1, r.body().size(), f);
        VSIFCloseL(f);
        const char* drivers[] = {"MVT", nullptr};
        return GDALDatasetUniquePtr(GDALDataset::FromHandle(
            GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR, drivers, nullptr, nullptr)));
    }

    static CPLJSONObject json(const std::string& target) {
        const HttpResponse r = get(target);
        EXPECT_EQ(r.result_int(), 200) << target << ": " << r.body();
        CPLJSONDocument doc;
        EXPECT_TRUE(doc.LoadMemory(r.body())) << target;
        return doc.GetRoot();
    }

    static const data::Area& area(data::Level level, const std::string& code) {
        const data::Area* a = catalog_->atlas().find(level, code);
        EXPECT_NE(a, nullptr) << code;
        return *a;
    }
};

TEST_F(VectorTiles, TatsunoIsInTheZ10TileOfItsLabelPointWithItsCodeAsIdAndInfosValue) {
    const std::string layer = "population-change/2050/municipality";
    const data::Area& tatsuno = area(data::Level::municipality, "20382");
    const tiles::TileXY t = tiles::tile_at(tiles::to_lonlat({tatsuno.label_x, tatsuno.label_y}), 10);
    GDALDatasetUniquePtr ds = open_tile(layer, 10, t.x, t.y);
    ASSERT_TRUE(ds);
    OGRLayer* areas = ds->GetLayerByName("areas");
    ASSERT_NE(areas, nullptr);
    const HttpResponse info = get("/info/" + layer + "?code=20382");
    ASSERT_EQ(info.result_int(), 200);
    CPLJSONDocument doc;
    ASSERT_TRUE(doc.LoadMemory(info.body()));
    const double info_value = doc.GetRoot().GetDouble("value", NAN);
    ASSERT_TRUE(std::isfinite(info_value));

    int found = 0;
    for (auto& f : *areas) {
        if (std::string(f->GetFieldAsString("code")) != "20382") continue;
        ++found;
        EXPECT_EQ(f->GetFieldAsInteger64("mvt_id"), 20382);
        EXPECT_STREQ(f->GetFieldAsString("name"), "辰野町");
        EXPECT_STREQ(f->GetFieldAsString("prefecture"), "長野県");
        EXPECT_NEAR(f->GetFieldAsDouble("value"), info_value, 1e-9);
        EXPECT_GE(f->GetFieldAsInteger("class"), 0);
        EXPECT_STRNE(f->GetFieldAsString("class_label"), "");
        // The label point lies inside the decoded polygon (within a grid unit of 4096).
        OGRPoint label(tatsuno.label_x, tatsuno.label_y);
        ASSERT_NE(f->GetGeometryRef(), nullptr);
        EXPECT_LT(f->GetGeometryRef()->Distance(&label), tiles::resolution(10) / 16);
    }
    EXPECT_EQ(found, 1);
    OGRLayer* labels = ds->GetLayerByName("labels");
    ASSERT_NE(labels, nullptr);
    bool labelled = false;
    for (auto& f : *labels) labelled |= std::string(f->GetFieldAsString("code")) == "20382";
    EXPECT_TRUE(labelled);
}

// Every area whose geometry meets the tile is in it, and none that stays outside the tile's buffer.
TEST_F(VectorTiles, ATilesFeaturesAreTheAreasThatIntersectIt) {
    struct Case {
        std::string layer;
        data::Level level;
        int z, x, y;
    };
    // 長野 at z8 (the low-zoom copy); 東京 23 wards at z11 (full geometry).
    for (const Case& c : {Case{"population", data::Level::ward, 8, 226, 100},
                          Case{"aging/2050", data::Level::ward, 11, 1819, 806}}) {
        GDALDatasetUniquePtr ds = open_tile(c.layer, c.z, c.x, c.y);
        ASSERT_TRUE(ds);
        std::set<std::string> in_tile;
        for (auto& f : *ds->GetLayerByName("areas")) in_tile.insert(f->GetFieldAsString("code"));
        const tiles::Bounds b = tiles::tile_bounds(c.z, c.x, c.y);
        const double buffer = (b.maxx - b.minx) * 64 / 4096;
        const data::GeometryPtr tile = data::rectangle(b.minx, b.miny, b.maxx, b.maxy);
        const data::GeometryPtr buffered = data::rectangle(b.minx - buffer, b.miny - buffer, b.maxx + buffer, b.maxy + buffer);
        std::size_t expected = 0;
        for (const tiles::MvtArea& m : tiles::mvt_areas(*catalog_, c.level, false)) {
            const OGRGeometry& g = m.at_zoom(c.z);
            if (g.Intersects(tile.get())) {
                ++expected;
                EXPECT_TRUE(in_tile.count(m.area->code)) << c.layer << " z" << c.z << ": " << m.area->name << " missing";
            } else if (!g.Intersects(buffered.get())) {
                EXPECT_FALSE(in_tile.count(m.area->code)) << m.area->name << " is outside the tile";
            }
        }
        EXPECT_GT(expected, 5u) << c.layer;
    }
}

TEST_F(VectorTiles, BadAddressesAnswerAsForPngTiles) {
    for (const std::string address :
         {"population/5/99/12", "population/23/0/0", "population/x/1/1", "population/-1/0/0", "population/5/28/1a",
          "no-such-layer/5/28/12", "population/15/29000/12900", "population/5/28/12@2x"}) {
        const HttpResponse png = get("/tiles/" + address + ".png");
        const HttpResponse mvt = get("/tiles/" + address + ".mvt");
        const HttpResponse pbf = get("/tiles/" + address + ".pbf");
        EXPECT_GE(mvt.result_int(), 400u) << address;
        EXPECT_EQ(mvt.result_int(), pbf.result_int()) << address;
        if (address.find("@2x") == std::string::npos)
            EXPECT_EQ(mvt.result_int(), png.result_int()) << address << ": " << mvt.body();
        EXPECT_NE(mvt.body().find("\"error\""), std::string::npos) << address;
    }
}

TEST_F(VectorTiles, EtagRevalidatesAndGzipIsOfferedWhenAsked) {
    const std::string target = "/tiles/population/6/56/25.mvt";
    const HttpResponse plain = get(target);
    ASSERT_EQ(plain.result_int(), 200);
    const std::string etag = field(plain, "ETag");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(get(target, {{"If-None-Match", etag}}).result_int(), 304);
    const HttpResponse gz = get(target, {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(gz.result_int(), 200);
    EXPECT_EQ(field(gz, "Content-Encoding"), "gzip");
    EXPECT_LT(gz.body().size(), plain.body().size());
    EXPECT_EQ(server::gzip_decompress(gz.body()), plain.body());
    EXPECT_EQ(get("/tiles/population/6/56/25.pbf").body(), plain.body());
}

TEST_F(VectorTiles, FlowVariantsAreLinesWithOriginDestinationAndCount) {
    GDALDatasetUniquePtr ds = open_tile("migration/gross", 5, 28, 12);
    ASSERT_TRUE(ds);
    OGRLayer* flows = ds->GetLayerByName("flows");
    ASSERT_NE(flows, nullptr);
    int lines = 0;
    for (auto& f : *flows) {
        ++lines;
        EXPECT_EQ(wkbFlatten(f->GetGeometryRef()->getGeometryType()) == wkbLineString ||
                      wkbFlatten(f->GetGeometryRef()->getGeometryType()) == wkbMultiLineString,
                  true);
        EXPECT_STRNE(f->GetFieldAsString("origin"), f->GetFieldAsString("destination"));
        EXPECT_GT(f->GetFieldAsDouble("count"), 0);
    }
    EXPECT_GT(lines, 10);
}

// rxmap seed --format mvt: an MBTiles 1.3 vector set that GDAL's MBTiles driver opens with its layers.
TEST_F(VectorTiles, SeededVectorMbtilesOpensInGdalWithItsLayers) {
    const std::string out = ::testing::TempDir() + "/nagano-vector.mbtiles";
    std::filesystem::remove(out);
    tiles::SeedOptions o;
    o.minzoom = 5;
    o.maxzoom = 9;
    o.out = out;
    o.threads = 2;
    const auto variant = catalog_->resolve("population-change/2050/municipality");
    ASSERT_TRUE(variant);
    const tiles::SeedResult r = tiles::seed_vector(catalog_, *variant, tiles::area_from_prefectures(catalog_->atlas(), "20"), o);
    EXPECT_GT(r.tiles_written, 20u);
    std::size_t touching = 0;
    for (const auto& [z, n] : r.tiles_per_zoom) touching += n;
    EXPECT_EQ(r.tiles_written, touching);
    const char* drivers[] = {"MBTiles", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::FromHandle(GDALOpenEx(out.c_str(), GDAL_OF_VECTOR, drivers, nullptr, nullptr)));
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetMetadataItem("format"), "pbf");
    ASSERT_NE(ds->GetLayerByName("areas"), nullptr);
    ASSERT_NE(ds->GetLayerByName("labels"), nullptr);
    // 辰野町 is among the areas of the set (the driver reads its deepest zoom).
    bool tatsuno = false;
    for (auto& f : *ds->GetLayerByName("areas")) tatsuno |= std::string(f->GetFieldAsString("code")) == "20382";
    EXPECT_TRUE(tatsuno);
    // A second run resumes: nothing left to write.
    EXPECT_EQ(tiles::seed_vector(catalog_, *variant, tiles::area_from_prefectures(catalog_->atlas(), "20"), o).tiles_written, 0u);
}

// TileJSON ?format=mvt lists the vector layers with their fields; the style and the year values
// point at the same tiles and carry the PNG's colours and /info's values.
TEST_F(VectorTiles, TileJsonStyleAndYearValuesDescribeTheVectorTiles) {
    const CPLJSONObject tj = json("/tiles/population-change/2050/municipality.json?format=mvt");
    EXPECT_EQ(tj.GetString("tilejson"), "3.0.0");
    EXPECT_NE(tj.GetArray("tiles")[0].ToString().find("/tiles/population-change/2050/municipality/{z}/{x}/{y}.mvt"),
              std::string::npos);
    const CPLJSONArray layers = tj.GetArray("vector_layers");
    ASSERT_EQ(layers.Size(), 3);
    EXPECT_EQ(layers[0].GetString("id"), "areas");
    for (const char* f : {"code", "name", "prefecture", "value", "class", "class_label"})
        EXPECT_FALSE(layers[0].GetObj("fields").GetString(f).empty()) << f;
    EXPECT_EQ(layers[0].GetInteger("maxzoom"), 14);
    EXPECT_EQ(get("/tiles/population.json?format=jpeg").result_int(), 400u);
    EXPECT_EQ(json("/tiles/population.json").GetString("format"), "");  // the PNG TileJSON is unchanged

    const CPLJSONObject style = json("/styles/population-change/2050/municipality.json");
    EXPECT_EQ(style.GetInteger("version"), 8);
    EXPECT_EQ(style.GetObj("sources/rxmap/type").ToString(), "vector");
    EXPECT_NE(style.GetObj("sources/rxmap/attribution").ToString().find("国土数値情報"), std::string::npos);
    const auto variant = catalog_->resolve("population-change/2050/municipality");
    const styles::Choropleth& c = styles::choropleth(*catalog_, *variant);
    const std::string fill = style.GetArray("layers")[1].GetObj("paint/fill-color").Format(CPLJSONObject::PrettyFormat::Plain);
    for (const std::string& colour : c.colors) EXPECT_NE(fill.find(colour), std::string::npos) << colour;
    EXPECT_EQ(get("/styles/no-such-layer.json").result_int(), 404u);
    EXPECT_EQ(get("/styles/fonts/Noto%20Sans/0-255.pbf").result_int(), 200u);

    const CPLJSONObject values = json("/styles/population-change/2050/municipality.values.json");
    EXPECT_EQ(values.GetArray("years").Size(), 6);
    const CPLJSONArray tatsuno = values.GetArray("values/2030/20382");
    ASSERT_EQ(tatsuno.Size(), 2);
    const double info2030 = json("/info/population-change/2030/municipality?code=20382").GetDouble("value");
    EXPECT_NEAR(tatsuno[0].ToDouble(), info2030, std::abs(info2030) * 1e-5);
    EXPECT_EQ(tatsuno[1].ToInteger(), c.class_of_area(2030, "20382"));
    EXPECT_EQ(get("/styles/migration/gross.values.json").result_int(), 400u);
}

}  // namespace
