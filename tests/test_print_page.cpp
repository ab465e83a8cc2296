// Printed maps: paper sizes in pixels, limits refused (also over HTTP: GET /static/… answers 400/404 and
// keeps serving), print areas parsed, and the scale bar against an independent geodesic computation.
#include <boost/beast/http.hpp>

#include "loopback_server.h"
#include "server/api/health_service.h"
#include "server/api/print_service.h"
#include "test_server_client.h"
#include "print_support.h"

using namespace rxmap;
using namespace rxmap::test::print_support;
namespace http = boost::beast::http;

// ---------------------------------------------------------------- page

TEST(PrintPage, PaperSizesInPixels) {
    auto a4 = paper("A4", "portrait", 300);
    EXPECT_EQ(a4.width, 2480);
    EXPECT_EQ(a4.height, 3508);
    auto a4l = paper("a4", "landscape", 300);
    EXPECT_EQ(a4l.width, 3508);
    EXPECT_EQ(a4l.height, 2480);
    auto a3 = paper("A3", "", 300);
    EXPECT_EQ(a3.width, 3508);
    EXPECT_EQ(a3.height, 4961);
    auto def = styles::resolve_page(PageRequest{});
    EXPECT_EQ(def.width, 2480);  // A4 portrait at 300 dpi
    PageRequest px;
    px.width = 1200;
    px.height = 800;
    px.dpi = 150;
    auto p = styles::resolve_page(px);
    EXPECT_EQ(p.width, 1200);
    EXPECT_EQ(p.height, 800);
    EXPECT_NEAR(p.scale(), 150 / 90.714, 1e-3);
    EXPECT_EQ(styles::parse_page_size("2480x3508"), std::make_pair(2480, 3508));
    EXPECT_THROW(styles::parse_page_size("2480*3508"), PrintError);
}

TEST(PrintPage, LimitsAreRefused) {
    PageRequest r;
    r.dpi = 601;
    EXPECT_THROW(styles::resolve_page(r), PrintError);
    r.dpi = 71;
    EXPECT_THROW(styles::resolve_page(r), PrintError);
    r.dpi = 600;  // A4 at 600 dpi: 4961 x 7016 = 34.8 Mpx, allowed
    EXPECT_NO_THROW(styles::resolve_page(r));
    r.paper = "A3";  // 7016 x 9921 = 69.6 Mpx
    EXPECT_THROW(styles::resolve_page(r), PrintError);
    PageRequest wide;
    wide.width = 20000;
    wide.height = 1000;
    EXPECT_THROW(styles::resolve_page(wide), PrintError);
    PageRequest big;  // 50 Mpx, each side within 10,000
    big.width = 8000;
    big.height = 6250;
    EXPECT_THROW(styles::resolve_page(big), PrintError);
    PageRequest a0;
    a0.paper = "A0";
    EXPECT_THROW(styles::resolve_page(a0), PrintError);
    PageRequest half;
    half.width = 1000;
    EXPECT_THROW(styles::resolve_page(half), PrintError);
    PageRequest both;
    both.width = 1000;
    both.height = 1000;
    both.paper = "A4";
    EXPECT_THROW(styles::resolve_page(both), PrintError);
    styles::PrintLimits http{72, 300, 300, 10000, 40000000};
    PageRequest d301;
    d301.dpi = 301;
    EXPECT_THROW(styles::resolve_page(d301, http), PrintError);
}

TEST(PrintPage, AreasAreParsed) {
    const auto& atlas = layer_catalog()->atlas();
    EXPECT_EQ(styles::parse_print_area("20", std::nullopt, false, atlas).pref_code, "20");
    EXPECT_EQ(styles::parse_print_area("長野県", std::nullopt, false, atlas).pref_code, "20");
    EXPECT_EQ(styles::parse_print_area("20000", std::nullopt, false, atlas).pref_code, "20");
    EXPECT_THROW(styles::parse_print_area("99", std::nullopt, false, atlas), PrintError);
    const auto b = styles::parse_print_area(std::nullopt, std::string("138.5,35.5,139.9,36.2"), false, atlas);
    EXPECT_EQ(b.kind, PrintArea::Kind::bbox);
    EXPECT_DOUBLE_EQ(b.east, 139.9);
    EXPECT_THROW(styles::parse_print_area(std::nullopt, std::string("139.9,35.5,138.5,36.2"), false, atlas), PrintError);
    EXPECT_THROW(styles::parse_print_area(std::nullopt, std::string("1,2,3"), false, atlas), PrintError);
    EXPECT_THROW(styles::parse_print_area("20", std::nullopt, true, atlas), PrintError);
    EXPECT_THROW(styles::parse_print_area(std::nullopt, std::nullopt, false, atlas), PrintError);
}

// ---------------------------------------------------------------- scale bar

TEST(PrintScaleBar, RoundLengths) {
    auto bar = styles::choose_scale_bar(1000, 0, 300);  // 300 km fit: 200 km
    EXPECT_DOUBLE_EQ(bar.length_km, 200);
    EXPECT_DOUBLE_EQ(bar.length_px, 200);
    bar = styles::choose_scale_bar(1000, 60, 300);  // 150 km fit at 60 N (cos = 0.5): 100 km
    EXPECT_DOUBLE_EQ(bar.length_km, 100);
    EXPECT_NEAR(bar.length_px, 200, 1e-9);
    bar = styles::choose_scale_bar(10, 36, 471.9);  // 3.82 km fit: 2 km
    EXPECT_DOUBLE_EQ(bar.length_km, 2);
    bar = styles::choose_scale_bar(10, 36, 700);  // 5.66 km fit: 5 km
    EXPECT_DOUBLE_EQ(bar.length_km, 5);
    EXPECT_THROW(styles::choose_scale_bar(0, 36, 100), std::invalid_argument);
}

// The bar's pixels against the ground: the frame's pixel -> EPSG:3857 (tile math) -> EPSG:4326
// (PROJ through OGR) -> geodesic distance on WGS 84 (PROJ's geodesic, Karney).
void expect_bar_matches_ground(const styles::MapFrame& f) {
    const styles::ScaleBar& bar = f.scale_bar;
    ASSERT_GT(bar.length_px, 0);
    EXPECT_LE(bar.length_px, f.rect.width);
    const double km = bar.length_km;
    const double mantissa = km / std::pow(10.0, std::floor(std::log10(km)));
    EXPECT_TRUE(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9) << km;

    // Two page pixels bar.length_px apart on the frame's middle row.
    const double cy = f.rect.y + f.rect.height / 2;
    const double x0 = f.rect.x + f.rect.width / 2 - bar.length_px / 2, x1 = x0 + bar.length_px;
    const double res = (f.extent.maxx - f.extent.minx) / f.rect.width;  // Web Mercator m per page px
    const double my = f.extent.maxy - (cy - f.rect.y) * res;
    const tiles::Mercator m0{f.extent.minx + (x0 - f.rect.x) * res, my}, m1{f.extent.minx + (x1 - f.rect.x) * res, my};
    // Tile math: the frame's resolution sits between zoom levels as Mapnik's scale says it should.
    const double zoom = std::log2(tiles::resolution(0) / res);
    EXPECT_GT(zoom, 0);
    EXPECT_NEAR(tiles::resolution(0) / std::pow(2.0, zoom), res, 1e-6 * res);

    OGRSpatialReference merc, wgs;
    merc.importFromEPSG(3857);
    wgs.importFromEPSG(4326);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    merc.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&merc, &wgs));
    ASSERT_TRUE(t);
    double xs[2] = {m0.x, m1.x}, ys[2] = {m0.y, m1.y};
    ASSERT_TRUE(t->Transform(2, xs, ys));
    const tiles::LonLat ll0 = tiles::to_lonlat(m0);
    EXPECT_NEAR(xs[0], ll0.lon, 1e-7);
    EXPECT_NEAR(ys[0], ll0.lat, 1e-7);
    EXPECT_NEAR(bar.latitude, tiles::to_lonlat({0, (f.extent.miny + f.extent.maxy) / 2}).lat, 1e-9);

    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    double metres = 0;
    geod_inverse(&g, ys[0], xs[0], ys[1], xs[1], &metres, nullptr, nullptr);
    EXPECT_NEAR(metres / (km * 1000), 1.0, 0.01) << km << " km bar is " << metres << " m on the ground";
}

TEST(PrintScaleBar, MatchesGroundResolution) {
    const auto v = variant("population/2020");
    const auto nagano = styles::plan_print(v, *layer_catalog(), pref("20"), paper("A4", "portrait", 300));
    expect_bar_matches_ground(nagano.main);
    const auto hokkaido = styles::plan_print(v, *layer_catalog(), pref("01"), paper("A3", "landscape", 150));
    expect_bar_matches_ground(hokkaido.main);
    const auto all = styles::plan_print(v, *layer_catalog(), japan(), paper("A4", "portrait", 300));
    expect_bar_matches_ground(all.main);
    ASSERT_TRUE(all.inset);
    expect_bar_matches_ground(*all.inset);
    const auto box = styles::plan_print(
        v, *layer_catalog(), styles::parse_print_area(std::nullopt, std::string("139.5,35.5,139.9,35.8"), false, layer_catalog()->atlas()),
        paper("A4", "landscape", 200));
    expect_bar_matches_ground(box.main);
    // Hokkaido lies further north than Nagano: the same ground distance takes more Mercator metres.
    EXPECT_GT(hokkaido.main.scale_bar.latitude, nagano.main.scale_bar.latitude + 5);
}

TEST(PrintHttp, RefusesOutOfLimitRequestsAndKeepsServing) {
    // Through test_server_client.h: one request per connection, with a deadline.
    std::uint16_t port = 0;
    const auto srv = test::start_loopback_server(
        test::loopback_options(),
        {std::make_shared<server::PrintService>(layer_catalog()), std::make_shared<server::HealthService>()}, port);
    const auto get = [](std::uint16_t p, const std::string& target) { return test::fetch(p, target); };
    for (const std::string q : {"dpi=601", "dpi=301", "dpi=50", "width=20000&height=1000", "width=8000&height=6250",
                                "paper=A0", "paper=A4&width=100&height=100", "width=1000", "pref=99",
                                "bbox=1,2,3", "lang=fr", "orientation=upside-down", "dpi=abc"}) {
        const auto res = get(port, "/static/population.png?" + q);
        EXPECT_EQ(res.result_int(), 400u) << q << ": " << res.body();
        EXPECT_NE(res.body().find("\"error\""), std::string::npos) << q;
        EXPECT_EQ(res[http::field::content_type].substr(0, 16), "application/json") << q;
    }
    EXPECT_EQ(get(port, "/static/no-such-layer.png").result_int(), 404u);
    EXPECT_EQ(get(port, "/static/population.gif").result_int(), 404u);

    const auto png = get(port, "/static/population/2020/prefecture.png?pref=20&paper=A4&dpi=72");
    ASSERT_EQ(png.result_int(), 200u) << png.body();
    EXPECT_EQ(png[http::field::content_type], "image/png");
    const Image img = decode_png(png.body());
    EXPECT_EQ(img.width, 595);
    EXPECT_EQ(img.height, 842);
    const auto pdf = get(port, "/static/population.pdf?japan=1&paper=A4&orientation=landscape&dpi=150&lang=en");
    ASSERT_EQ(pdf.result_int(), 200u) << pdf.body();
    EXPECT_EQ(pdf[http::field::content_type], "application/pdf");
    EXPECT_EQ(pdf.body().substr(0, 5), "%PDF-");
    const auto svg = get(port, "/static/population.svg?bbox=139.3,35.4,140.1,35.9&width=1200&height=900&dpi=100");
    ASSERT_EQ(svg.result_int(), 200u) << svg.body();
    EXPECT_EQ(svg[http::field::content_type], "image/svg+xml");
    EXPECT_EQ(get(port, "/healthz").result_int(), 200u);
    srv->stop();
}
