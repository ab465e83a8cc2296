// Flow maps: loading an OD matrix, anchors where people live, and the modes.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "engine_fixture.h"
#include "layers/flows.h"
#include "layers/geometry.h"
#include "layers/store.h"
#include "styles/choropleth.h"
#include "styles/flow_selection.h"
#include "tiles/tile_engine.h"
#include "common/tile_math.h"

#include <mapnik/color.hpp>
#include <mapnik/color_factory.hpp>
#include <mapnik/image_reader.hpp>

using namespace rxmap;

namespace {

const std::string kMatrix = RXMAP_RAW_DATA_DIR "/flows/prefecture_migration_2025.csv";

std::string temp_file(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / ("rxmap-flows-" + std::to_string(::getpid()) + name);
    std::ofstream(path) << text;
    return path.string();
}

double distance_km(double x0, double y0, double x1, double y1) {
    const auto a = tiles::to_lonlat({x0, y0}), b = tiles::to_lonlat({x1, y1});
    const double r = 6371.0, p = M_PI / 180;
    const double h = std::pow(std::sin((b.lat - a.lat) * p / 2), 2) +
                     std::cos(a.lat * p) * std::cos(b.lat * p) * std::pow(std::sin((b.lon - a.lon) * p / 2), 2);
    return 2 * r * std::asin(std::sqrt(h));
}

const styles::FlowSelection& selection(const std::string& path) {
    const auto catalog = test::real_catalog();
    const auto v = catalog->resolve(path);
    EXPECT_TRUE(v.has_value()) << path;
    return styles::flow_selection(*catalog, *v);
}

}  // namespace

TEST(Flows, MatrixLoadsEveryPairAndTheGrandTotal) {
    data::DatasetReport report;
    const auto table = data::read_flows(kMatrix, *test::real_atlas(), report);
    EXPECT_EQ(report.rows, 47);
    EXPECT_EQ(report.matched, 47);
    EXPECT_TRUE(report.unmatched.empty());
    EXPECT_TRUE(report.skipped.empty());
    EXPECT_EQ(table.counts.size(), 47u * 46u);
    EXPECT_DOUBLE_EQ(table.total(), 2515731);
    EXPECT_DOUBLE_EQ(table.get("01", "13"), 13948);  // 北海道 -> 東京都, row 2 of the published table
}

// The import keeps every table of raw/flows/ with the atlas, in the store (and so in PostGIS with
// --db), under the name layers declare it with; the catalogue's flows are that table.
TEST(Flows, TheImportStoresTheFlowTablesAndTheCatalogueUsesThem) {
    data::DatasetReport report;
    const auto from_file = data::read_flows(kMatrix, *test::real_atlas(), report);
    const std::string name = "raw:flows/prefecture_migration_2025.csv";
    const data::Atlas stored = data::read_store(RXMAP_TEST_STORE);
    ASSERT_EQ(stored.flows.count(name), 1u);
    EXPECT_EQ(stored.flows.at(name)->counts, from_file.counts);
    EXPECT_DOUBLE_EQ(stored.flows.at(name)->total(), 2515731);
    const auto catalog = test::real_catalog();
    const auto migration = catalog->resolve("migration");
    ASSERT_TRUE(migration);
    EXPECT_EQ(catalog->flow_source(*migration->definition).flows->counts, from_file.counts);
    // The layer holds the imported table itself, not a copy of it.
    EXPECT_EQ(catalog->flow_source(*migration->definition).flows.get(), test::real_atlas()->flows.at(name).get());
}

TEST(Flows, BadNamesAndCellsAreReportedWithRowAndColumn) {
    const std::string path = temp_file("bad.csv",
                                       "移動前の住所地,北海道,東京都,ムー大陸\n"
                                       "北海道,-,100,5\n"
                                       "東京都,-3,-,1\n"
                                       "アトランティス,1,2,3\n"
                                       "東京,x,-,\n");
    data::DatasetReport report;
    const auto table = data::read_flows(path, *test::real_atlas(), report);
    EXPECT_DOUBLE_EQ(table.get("01", "13"), 100);
    ASSERT_EQ(report.unmatched.size(), 2u);  // the column ムー大陸 and the row アトランティス
    EXPECT_NE(report.unmatched[0].find("ムー大陸"), std::string::npos);
    EXPECT_NE(report.unmatched[1].find("row 4"), std::string::npos);
    ASSERT_GE(report.skipped.size(), 2u);  // -3 (negative) and x (not a number); "東京" names 東京都
    EXPECT_NE(report.skipped[0].find("row 3"), std::string::npos) << report.skipped[0];
    EXPECT_NE(report.skipped[0].find("column 2"), std::string::npos) << report.skipped[0];
    EXPECT_NE(report.skipped[1].find("row 5"), std::string::npos) << report.skipped[1];
    std::filesystem::remove(path);
}

TEST(Flows, LongFormatGivesTheSameTable) {
    const std::string path = temp_file("long.csv", "origin,destination,count\n北海道,東京都,13948\n13,01,9000\n27,13,x\n");
    data::DatasetReport report;
    const auto table = data::read_flows(path, *test::real_atlas(), report);
    EXPECT_DOUBLE_EQ(table.get("01", "13"), 13948);
    EXPECT_DOUBLE_EQ(table.get("13", "01"), 9000);
    EXPECT_EQ(report.skipped.size(), 1u);
    std::filesystem::remove(path);
}

TEST(Flows, AnchorsSitWherePeopleLive) {
    const auto anchors = data::prefecture_anchors(*test::real_atlas());
    ASSERT_EQ(anchors.size(), 47u);
    // 北海道's population-weighted centre lies near 札幌 (141.35E 43.06N), far from the polygon's centroid
    // in the mountains of central Hokkaido.
    const auto sapporo = tiles::to_mercator({141.3545, 43.0621});
    const auto& hokkaido = anchors.at("01");
    EXPECT_LT(distance_km(hokkaido.x, hokkaido.y, sapporo.x, sapporo.y), 80);
    OGRPoint centroid;
    data::from_wkb(test::real_atlas()->find(data::Level::prefecture, "01000")->wkb)->Centroid(&centroid);
    const double anchor_to_sapporo = distance_km(hokkaido.x, hokkaido.y, sapporo.x, sapporo.y);
    const double centroid_to_sapporo = distance_km(centroid.getX(), centroid.getY(), sapporo.x, sapporo.y);
    EXPECT_LT(anchor_to_sapporo * 2, centroid_to_sapporo) << anchor_to_sapporo << " km vs " << centroid_to_sapporo;
}

TEST(Flows, GrossShowsTheLargestFlowsLargestOnTop) {
    const auto& s = selection("migration/gross/top30");
    ASSERT_EQ(s.lines.size(), 30u);
    for (size_t i = 1; i < s.lines.size(); ++i) EXPECT_LE(s.lines[i - 1].count, s.lines[i].count);  // drawn last = on top
    EXPECT_DOUBLE_EQ(s.lines.back().width, styles::kFlowMaxWidth);
    // Square-root widths: a quarter of the volume gets (about) half the extra width.
    EXPECT_NEAR(styles::flow_width(s.max_count / 4, s.max_count), 1 + (styles::kFlowMaxWidth - 1) / 2, 1e-9);
    const auto& min = selection("migration/gross/min20000");
    for (const auto& l : min.lines) EXPECT_GE(l.count, 20000);
}

TEST(Flows, NetPointsToTheGainingSide) {
    const auto catalog = test::real_catalog();
    const auto& table = *catalog->flow_source(*catalog->resolve("migration")->definition).flows;
    const auto& s = selection("migration/net/all");
    size_t balanced = 0;
    for (const auto& [od, c] : table.counts) balanced += od.first < od.second && c == table.get(od.second, od.first);
    EXPECT_EQ(s.lines.size(), 47u * 46u / 2 - balanced);  // one arrow per pair that is not exactly balanced
    for (const auto& l : s.lines) {
        EXPECT_GT(table.get(l.from, l.to), table.get(l.to, l.from));
        EXPECT_DOUBLE_EQ(l.count, table.get(l.from, l.to) - table.get(l.to, l.from));
    }
}

TEST(Flows, FocusKeepsOnlyThePrefecturesFlowsInTwoColours) {
    const auto& s = selection("migration/focus/13/top10");
    ASSERT_EQ(s.lines.size(), 20u);  // ten out, ten in
    int out = 0;
    for (const auto& l : s.lines) {
        EXPECT_TRUE(l.from == "13" || l.to == "13");
        out += l.from == "13";
        EXPECT_EQ(l.cls, l.from == "13" ? 0 : 1);
    }
    EXPECT_EQ(out, 10);
    EXPECT_FALSE(test::real_catalog()->resolve("migration/focus/99").has_value());
}

TEST(Flows, GroupsSumFlowsBetweenGroups) {
    const auto& s = selection("migration/groups/bloc/all");
    const auto catalog = test::real_catalog();
    const auto& table = *catalog->flow_source(*catalog->resolve("migration")->definition).flows;
    // 東京圏 is its own group; every prefecture flow between two groups is counted once.
    double between = 0;
    for (const auto& l : s.lines) between += l.count;
    const auto groups = data::prefecture_groups(catalog->atlas(), "bloc", s.anchors.count("東京圏") ? std::set<std::string>{"11", "12", "13", "14"} : std::set<std::string>{});
    double expected = 0;
    for (const auto& [od, c] : table.counts)
        if (groups.at(od.first) != groups.at(od.second)) expected += c;
    EXPECT_DOUBLE_EQ(between, expected);
    EXPECT_EQ(s.anchors.size(), 9u);  // 東京圏 + 8 blocs
    EXPECT_TRUE(s.anchors.count("東京圏"));
}

TEST(Flows, NetMigrationMatrixLayerIsPerThousand) {
    const auto catalog = test::real_catalog();
    const auto v = catalog->resolve("net-migration-matrix");
    ASSERT_TRUE(v.has_value());
    const auto* tokyo = styles::choropleth(*catalog, *v).value(2025, "13000");
    ASSERT_NE(tokyo, nullptr);
    const auto& table = *catalog->flow_source(*catalog->resolve("migration")->definition).flows;
    double in = 0, out = 0;
    for (const auto& [od, c] : table.counts) {
        if (od.second == "13") in += c;
        if (od.first == "13") out += c;
    }
    EXPECT_NEAR(tokyo->value, 1000 * (in - out) / *catalog->atlas().stats.get("census:population", 2020, "13000"), 1e-9);
    EXPECT_GT(tokyo->value, 0);  // 東京都 gains
}

TEST(Flows, LegendShowsWidthsAndCredit) {
    const auto& s = selection("migration/gross");
    const auto legend = styles::flow_legend(s, "人口移動", "Migration", {"出典：総務省統計局「住民基本台帳人口移動報告」"});
    int widths = 0;
    for (const auto& e : legend.entries) widths += e.line_width > 0;
    EXPECT_EQ(widths, 3);
    EXPECT_NE(styles::legend_json(legend).find("住民基本台帳人口移動報告"), std::string::npos);
    EXPECT_NE(legend.title_ja.find("上位40"), std::string::npos);
}

TEST(Flows, TheLargestFlowsOfTheFileAreInGross) {
    const auto& s = selection("migration/gross");
    auto count_of = [&](const std::string& from, const std::string& to) {
        for (const auto& l : s.lines)
            if (l.from == from && l.to == to) return l.count;
        return 0.0;
    };
    EXPECT_DOUBLE_EQ(count_of("14", "13"), 88983);  // 神奈川県 -> 東京都, the largest
    EXPECT_DOUBLE_EQ(count_of("13", "14"), 87758);
    EXPECT_DOUBLE_EQ(count_of("13", "11"), 71169);
    EXPECT_DOUBLE_EQ(s.max_count, 88983);
}

TEST(Flows, NetTokyoSaitamaPointsToSaitama) {
    const auto& s = selection("migration/net/all");
    bool found = false;
    for (const auto& l : s.lines) {
        if ((l.from == "13" && l.to == "11") || (l.from == "11" && l.to == "13")) {
            found = true;
            EXPECT_EQ(l.to, "11");
            EXPECT_DOUBLE_EQ(l.count, 71169 - 66159);
        }
    }
    EXPECT_TRUE(found);
}

TEST(Flows, ArcsRunFromAnchorToAnchorAndStopShortOfThem) {
    const auto anchors = data::prefecture_anchors(*test::real_atlas());
    const auto& sapporo = anchors.at("01"), &fukuoka = anchors.at("40");
    const auto arc = styles::flow_arc(sapporo, fukuoka);
    EXPECT_DOUBLE_EQ(arc.front().first, sapporo.x);
    EXPECT_DOUBLE_EQ(arc.back().first, fukuoka.x);
    EXPECT_DOUBLE_EQ(arc.back().second, fukuoka.y);
    // The drawn part ends a little before the destination, towards it.
    const auto drawn = styles::flow_arc(sapporo, fukuoka, styles::kFlowDrawnFrom, styles::kFlowDrawnTo);
    const double span = distance_km(sapporo.x, sapporo.y, fukuoka.x, fukuoka.y);
    const double gap = distance_km(drawn.back().first, drawn.back().second, fukuoka.x, fukuoka.y);
    EXPECT_GT(gap, 0.02 * span);
    EXPECT_LT(gap, 0.15 * span);
    // The two directions bend to opposite sides.
    const auto back = styles::flow_arc(fukuoka, sapporo);
    const auto mid = arc[arc.size() / 2], back_mid = back[back.size() / 2];
    const double straight_x = (sapporo.x + fukuoka.x) / 2, straight_y = (sapporo.y + fukuoka.y) / 2;
    const double dx = fukuoka.x - sapporo.x, dy = fukuoka.y - sapporo.y;
    const double side = (mid.first - straight_x) * dy - (mid.second - straight_y) * dx;
    const double back_side = (back_mid.first - straight_x) * dy - (back_mid.second - straight_y) * dx;
    EXPECT_LT(side * back_side, 0);
}

TEST(Flows, AZ5TileShowsTheTokyoKanagawaFlowBetweenTheirAnchors) {
    tiles::TileEngine engine(test::real_catalog());
    // Unnamed: at z5 the name 東京都 lies over the middle of this flow (names go over the lines).
    const tiles::TileResult r = engine.get("migration/gross/nolabels", {5, 28, 12, 1});
    ASSERT_EQ(r.status, tiles::TileStatus::ok) << r.message;
    {
        const auto dir = std::filesystem::path(RXMAP_SOURCE_DIR) / "tests/artifacts";
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "migration-gross-5-28-12.png", std::ios::binary) << *r.png;
    }
    const auto& s = selection("migration/gross");
    std::string top_color;
    for (const auto& l : s.lines)
        if (l.from == "14" && l.to == "13") top_color = s.colors[l.cls];
    ASSERT_FALSE(top_color.empty());
    const mapnik::color want = mapnik::parse_color(top_color);

    const auto anchors = data::prefecture_anchors(*test::real_atlas());
    const double mx = (anchors.at("13").x + anchors.at("14").x) / 2, my = (anchors.at("13").y + anchors.at("14").y) / 2;
    const tiles::Bounds b = tiles::tile_bounds(5, 28, 12);
    const double res = tiles::resolution(5);
    const int px = static_cast<int>((mx - b.minx) / res), py = static_cast<int>((b.maxy - my) / res);
    auto reader = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(r.png->data(), r.png->size()));
    const auto img = reader->read(0, 0, 256, 256);
    const auto& rgba = mapnik::util::get<mapnik::image_rgba8>(img);
    bool seen = false;
    for (int dy = -3; dy <= 3 && !seen; ++dy)
        for (int dx = -3; dx <= 3 && !seen; ++dx) {
            const std::uint32_t v = rgba(px + dx, py + dy);
            const int r8 = v & 0xff, g8 = (v >> 8) & 0xff, b8 = (v >> 16) & 0xff, a8 = (v >> 24) & 0xff;
            seen = a8 > 128 && std::abs(r8 - want.red()) < 40 && std::abs(g8 - want.green()) < 40 &&
                   std::abs(b8 - want.blue()) < 40;
        }
    EXPECT_TRUE(seen) << "no pixel of " << top_color << " within 3 px of (" << px << "," << py << ")";
}

// The catalogue owns each flow layer's table (loaded once by catalog::load_catalog); a layer's
// definition keeps its declaration as written, and other layers have no flows.
TEST(Flows, CatalogueOwnsTheTablesAndDefinitionsStayAsDeclared) {
    const auto catalog = test::real_catalog();
    const auto gross = catalog->resolve("migration/gross/top10"), net = catalog->resolve("migration/net");
    ASSERT_TRUE(gross && net);
    EXPECT_EQ(gross->definition->flows_path, "raw:flows/prefecture_migration_2025.csv");
    const catalog::FlowSource& source = catalog->flow_source(*gross->definition);
    EXPECT_EQ(&source, &catalog->flow_source(*net->definition));
    EXPECT_EQ(source.flows->counts.size(), 47u * 46u);  // every ordered pair of prefectures
    EXPECT_EQ(&styles::flow_selection(*catalog, *gross), &styles::flow_selection(*catalog, *gross));  // kept
    const auto population = catalog->resolve("population");
    ASSERT_TRUE(population);
    EXPECT_THROW(catalog->flow_source(*population->definition), std::invalid_argument);
    EXPECT_THROW(styles::flow_selection(*catalog, *population), std::invalid_argument);
}

// Issue 20: names lay under the lines (長野県, 東京都, 埼玉県, 群馬県 hidden with focus on 長野県).
// The overlay now names the prefectures over its lines, at the prefecture map's label points in its
// type, so that over that map the two names coincide instead of doubling.
TEST(Flows, NamesLieOverTheLinesWhereThePrefectureMapPutsThem) {
    tiles::TileEngine engine(test::real_catalog());
    const data::Area* nagano = test::real_atlas()->find(data::Level::prefecture, "20000");
    ASSERT_NE(nagano, nullptr);
    const int z = 6;
    const tiles::TileXY t = tiles::tile_at(tiles::to_lonlat({nagano->label_x, nagano->label_y}), z);
    auto image = [&](const std::string& layer) {
        const tiles::TileResult r = engine.get(layer, {z, t.x, t.y, 1});
        EXPECT_EQ(r.status, tiles::TileStatus::ok) << layer << ": " << r.message;
        auto reader = std::unique_ptr<mapnik::image_reader>(mapnik::get_image_reader(r.png->data(), r.png->size()));
        return mapnik::util::get<mapnik::image_rgba8>(reader->read(0, 0, 256, 256));
    };
    const auto base = image("population-change/2050/prefecture"), flows = image("migration/focus/20");
    const auto unnamed = image("migration/focus/20/nolabels");
    const tiles::Bounds b = tiles::tile_bounds(z, t.x, t.y);
    const double res = tiles::resolution(z);
    const int cx = static_cast<int>((nagano->label_x - b.minx) / res), cy = static_cast<int>((b.maxy - nagano->label_y) / res);
    auto dark = [](std::uint32_t v) {
        return (v >> 24) > 200 && (v & 0xff) < 60 && ((v >> 8) & 0xff) < 60 && ((v >> 16) & 0xff) < 60;
    };
    int overlay_dark = 0, both_dark = 0, unnamed_dark = 0;
    for (int y = std::max(0, cy - 10); y <= std::min(255, cy + 10); ++y)
        for (int x = std::max(0, cx - 24); x <= std::min(255, cx + 24); ++x) {
            overlay_dark += dark(flows(x, y));
            both_dark += dark(flows(x, y)) && dark(base(x, y));
            unnamed_dark += dark(unnamed(x, y));
        }
    EXPECT_GT(overlay_dark, unnamed_dark + 20) << "長野県 is not written over the lines";
    EXPECT_GT(both_dark, overlay_dark * 8 / 10) << "the overlay's 長野県 is not where the prefecture map's is";
}
