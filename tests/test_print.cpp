// Printed maps (styles/print_*.h, server/print_service.h) on the real data: page sizes and
// limits, the scale bar against an independent geodesic computation, PDF text (pdftotext),
// SVG as XML, pixels of the PNG (長野県 in a class colour, 那覇 in the inset), and the
// HTTP endpoint's refusals. Examples go to tests/artifacts/print/ (PDFs also as PNG through
// pdftoppm) to be looked at.
#include <gtest/gtest.h>

#include <cairo.h>
#include <cpl_minixml.h>
#include <geodesic.h>
#include <ogr_spatialref.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <unistd.h>

#include "engine_fixture.h"
#include "server/api/health_service.h"
#include "server/http/http_server.h"
#include "server/api/print_service.h"
#include "styles/choropleth.h"
#include "styles/palette.h"
#include "print/print_map.h"
#include "common/tile_math.h"

using namespace rxmap;
using styles::PageRequest;
using styles::PrintArea;
using styles::PrintError;
using styles::PrintFormat;

namespace {

const std::filesystem::path kArtifacts = std::filesystem::path(RXMAP_SOURCE_DIR) / "tests/artifacts/print";
const std::string kN03Credit = "出典：「国土数値情報（行政区域データ）」（国土交通省）を加工して作成";

std::shared_ptr<const catalog::LayerCatalog> catalog() { return test::real_catalog(); }

catalog::Variant variant(const std::string& path) {
    const auto v = catalog()->resolve(path);
    if (!v) throw std::runtime_error("no variant " + path);
    return *v;
}

PrintArea japan() { return styles::parse_print_area(std::nullopt, std::nullopt, true, catalog()->atlas()); }
PrintArea pref(const std::string& p) { return styles::parse_print_area(p, std::nullopt, false, catalog()->atlas()); }

styles::PageSpec paper(const std::string& name, const std::string& orientation, double dpi) {
    PageRequest r;
    r.paper = name;
    r.orientation = orientation;
    r.dpi = dpi;
    return styles::resolve_page(r);
}

// Written to a temporary name and renamed, so that tests running in parallel (ctest -j) never read
// a half-written file.
std::filesystem::path save(const std::string& name, const std::string& bytes) {
    std::filesystem::create_directories(kArtifacts);
    const auto path = kArtifacts / name;
    const auto tmp = kArtifacts / (name + ".tmp" + std::to_string(::getpid()));
    std::ofstream(tmp, std::ios::binary) << bytes;
    std::filesystem::rename(tmp, path);
    return path;
}

std::string run(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
    return out;
}

// A decoded PNG (through Cairo), pixels as 0xRRGGBB (the maps are opaque).
struct Image {
    int width = 0, height = 0;
    std::vector<std::uint32_t> rgb;

    std::uint32_t at(int x, int y) const { return rgb.at(static_cast<size_t>(y) * width + x); }
    // The most common colour in a (2r+1)^2 window: the fill of an area, not a label or boundary.
    std::uint32_t mode(int cx, int cy, int r) const {
        std::map<std::uint32_t, int> counts;
        for (int y = cy - r; y <= cy + r; ++y)
            for (int x = cx - r; x <= cx + r; ++x)
                if (x >= 0 && y >= 0 && x < width && y < height) ++counts[at(x, y)];
        return std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) { return a.second < b.second; })
            ->first;
    }
};

Image decode_png(const std::string& png) {
    struct Reader {
        const std::string* data;
        size_t pos = 0;
    } reader{&png};
    cairo_surface_t* s = cairo_image_surface_create_from_png_stream(
        [](void* closure, unsigned char* out, unsigned int length) {
            auto* r = static_cast<Reader*>(closure);
            if (r->pos + length > r->data->size()) return CAIRO_STATUS_READ_ERROR;
            std::memcpy(out, r->data->data() + r->pos, length);
            r->pos += length;
            return CAIRO_STATUS_SUCCESS;
        },
        &reader);
    Image img;
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        img.width = cairo_image_surface_get_width(s);
        img.height = cairo_image_surface_get_height(s);
        const int stride = cairo_image_surface_get_stride(s);
        const unsigned char* data = cairo_image_surface_get_data(s);
        img.rgb.resize(static_cast<size_t>(img.width) * img.height);
        for (int y = 0; y < img.height; ++y)
            for (int x = 0; x < img.width; ++x)
                img.rgb[static_cast<size_t>(y) * img.width + x] =
                    reinterpret_cast<const std::uint32_t*>(data + static_cast<size_t>(y) * stride)[x] & 0xffffff;
    }
    cairo_surface_destroy(s);
    return img;
}

std::uint32_t rgb_of(const std::string& hex) { return static_cast<std::uint32_t>(std::stoul(hex.substr(1), nullptr, 16)); }

std::string hex(std::uint32_t c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%06x", c);
    return buf;
}

bool near_color(std::uint32_t a, std::uint32_t b) {
    for (int shift : {0, 8, 16})
        if (std::abs(static_cast<int>((a >> shift) & 0xff) - static_cast<int>((b >> shift) & 0xff)) > 2) return false;
    return true;
}

bool is_one_of(std::uint32_t c, const std::vector<std::string>& colors) {
    for (const std::string& h : colors)
        if (near_color(c, rgb_of(h))) return true;
    return false;
}

// Page pixel of a lon/lat in a frame.
std::pair<int, int> pixel_of(const styles::MapFrame& f, double lon, double lat) {
    const tiles::Mercator m = tiles::to_mercator({lon, lat});
    return {static_cast<int>(std::floor(f.page_x(m.x))), static_cast<int>(std::floor(f.page_y(m.y)))};
}

// The renders several tests look at, made once.
struct Renders {
    styles::PrintOutput nagano_png, japan_png, nagano_pdf;
};
const Renders& renders() {
    static const Renders r = [] {
        Renders out;
        const auto v = variant("population/2020");
        out.nagano_png = styles::render_print(v, *catalog(), pref("20"), paper("A4", "portrait", 300), PrintFormat::png);
        save("population_nagano_a4_300.png", out.nagano_png.bytes);
        out.japan_png = styles::render_print(v, *catalog(), japan(), paper("A4", "portrait", 300), PrintFormat::png);
        save("population_japan_a4_300.png", out.japan_png.bytes);
        out.nagano_pdf = styles::render_print(v, *catalog(), pref("20"), paper("A4", "portrait", 300), PrintFormat::pdf);
        const auto pdf = save("population_nagano_a4.pdf", out.nagano_pdf.bytes);
        run("pdftoppm -png -r 50 -singlefile '" + pdf.string() + "' '" + (kArtifacts / "population_nagano_a4_pdf").string() +
            "' 2>&1");
        return out;
    }();
    return r;
}

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
    const auto& atlas = catalog()->atlas();
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
    const auto nagano = styles::plan_print(v, *catalog(), pref("20"), paper("A4", "portrait", 300));
    expect_bar_matches_ground(nagano.main);
    const auto hokkaido = styles::plan_print(v, *catalog(), pref("01"), paper("A3", "landscape", 150));
    expect_bar_matches_ground(hokkaido.main);
    const auto all = styles::plan_print(v, *catalog(), japan(), paper("A4", "portrait", 300));
    expect_bar_matches_ground(all.main);
    ASSERT_TRUE(all.inset);
    expect_bar_matches_ground(*all.inset);
    const auto box = styles::plan_print(
        v, *catalog(), styles::parse_print_area(std::nullopt, std::string("139.5,35.5,139.9,35.8"), false, catalog()->atlas()),
        paper("A4", "landscape", 200));
    expect_bar_matches_ground(box.main);
    // Hokkaido lies further north than Nagano: the same ground distance takes more Mercator metres.
    EXPECT_GT(hokkaido.main.scale_bar.latitude, nagano.main.scale_bar.latitude + 5);
}

// ---------------------------------------------------------------- rendering

TEST(PrintRender, PdfCarriesTitleAndCredits) {
    const auto& pdf = renders().nagano_pdf.bytes;
    ASSERT_GT(pdf.size(), 1000u);
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    const std::string text = run("pdftotext -enc UTF-8 '" + (kArtifacts / "population_nagano_a4.pdf").string() + "' - 2>&1");
    EXPECT_NE(text.find("総人口"), std::string::npos) << text;
    EXPECT_NE(text.find(kN03Credit), std::string::npos) << text;
    EXPECT_NE(text.find("長野県"), std::string::npos) << text;
    EXPECT_NE(text.find("km"), std::string::npos) << text;
    // Vector output: the page is A4 in points, not a raster image.
    const std::string info = run("pdfinfo '" + (kArtifacts / "population_nagano_a4.pdf").string() + "' 2>&1");
    EXPECT_NE(info.find("595.") , std::string::npos) << info;
    EXPECT_NE(info.find("841.") , std::string::npos) << info;
    const std::string images = run("pdfimages -list '" + (kArtifacts / "population_nagano_a4.pdf").string() + "' 2>&1");
    EXPECT_EQ(images.find("image  "), std::string::npos) << images;
}

// Issue 20: prints carry title, subject (indicator and year), language and credits as metadata,
// for catalogues and screen readers; the PDF stays readable after /Lang is added.
// A field of pdfinfo's output ("Title:   長野県 総人口" -> "長野県 総人口"), or "" when missing.
std::string pdfinfo_field(std::string info, const std::string& name) {
    info.insert(0, "\n");
    const size_t at = info.find("\n" + name + ":");
    if (at == std::string::npos) return "";
    const size_t begin = info.find_first_not_of(' ', at + name.size() + 2);
    return info.substr(begin, info.find('\n', begin) - begin);
}

TEST(PrintRender, PdfMetadataHasTitleSubjectLanguageAndCredits) {
    const std::string& pdf = renders().nagano_pdf.bytes;  // also saves the file
    const std::string file = (kArtifacts / "population_nagano_a4.pdf").string();
    const std::string info = run("pdfinfo '" + file + "' 2>&1");
    EXPECT_EQ(pdfinfo_field(info, "Title"), "長野県 総人口") << info;
    EXPECT_EQ(pdfinfo_field(info, "Subject"), "長野県 総人口：2020年・市区町村別（政令指定都市は区別）") << info;
    EXPECT_EQ(pdfinfo_field(info, "Keywords"), "population/2020/ward, ja") << info;
    EXPECT_EQ(pdfinfo_field(info, "Author").rfind(kN03Credit + " / ", 0), 0u) << info;
    EXPECT_EQ(info.find("rror"), std::string::npos) << info;  // no "Syntax Error" from a broken xref
    EXPECT_NE(pdf.find("/Lang (ja)"), std::string::npos);
    const auto v = variant("population/2020/municipality");
    const auto en = styles::render_print(v, *catalog(), pref("20"), paper("A4", "portrait", 72), PrintFormat::pdf, "en");
    save("population_nagano_a4_en.pdf", en.bytes);
    EXPECT_NE(en.bytes.find("/Lang (en)"), std::string::npos);
    const std::string en_info = run("pdfinfo '" + (kArtifacts / "population_nagano_a4_en.pdf").string() + "' 2>&1");
    EXPECT_EQ(pdfinfo_field(en_info, "Title"), "Nagano: Population") << en_info;
    EXPECT_EQ(en_info.find("rror"), std::string::npos) << en_info;
    const std::string text = run("pdftotext -enc UTF-8 '" + (kArtifacts / "population_nagano_a4_en.pdf").string() + "' - 2>&1");
    EXPECT_NE(text.find("Population"), std::string::npos) << text;
}

TEST(PrintRender, SvgHasTitleDescriptionAndLanguage) {
    const auto v = variant("aging/2050/prefecture");
    const auto svg = styles::render_print(v, *catalog(), japan(), paper("A4", "landscape", 72), PrintFormat::svg, "en");
    save("aging_japan_a4_en.svg", svg.bytes);
    CPLXMLNode* root = CPLParseXMLString(svg.bytes.c_str());
    ASSERT_NE(root, nullptr);
    const CPLXMLNode* el = nullptr;
    for (CPLXMLNode* n = root; n; n = n->psNext)
        if (n->eType == CXT_Element && std::string(n->pszValue) == "svg") el = n;
    ASSERT_NE(el, nullptr);
    EXPECT_STREQ(CPLGetXMLValue(el, "xml:lang", ""), "en");
    EXPECT_STREQ(CPLGetXMLValue(el, "lang", ""), "en");
    EXPECT_STREQ(CPLGetXMLValue(el, "title", ""), "Share aged 65 and over");
    const std::string desc = CPLGetXMLValue(el, "desc", "");
    EXPECT_NE(desc.find("2050"), std::string::npos) << desc;
    EXPECT_NE(desc.find(kN03Credit), std::string::npos) << desc;
    EXPECT_STREQ(CPLGetXMLValue(el, "metadata.rdf:RDF.rdf:Description.dc:language", ""), "en");
    CPLDestroyXMLNode(root);
}

TEST(PrintRender, PngSizeFollowsPaperAndDpi) {
    const Image portrait = decode_png(renders().japan_png.bytes);
    EXPECT_EQ(portrait.width, 2480);
    EXPECT_EQ(portrait.height, 3508);
    const auto v = variant("aging/2050/municipality");
    const auto landscape = styles::render_print(v, *catalog(), pref("20"), paper("A4", "landscape", 300), PrintFormat::png);
    save("aging_nagano_a4_landscape_300.png", landscape.bytes);
    const Image l = decode_png(landscape.bytes);
    EXPECT_EQ(l.width, 3508);
    EXPECT_EQ(l.height, 2480);
    // pHYs: 300 dpi = 11811 pixels per metre.
    const std::string& png = landscape.bytes;
    const size_t phys = png.find("pHYs");
    ASSERT_NE(phys, std::string::npos);
    const auto ppm = (static_cast<unsigned char>(png[phys + 4]) << 24) | (static_cast<unsigned char>(png[phys + 5]) << 16) |
                     (static_cast<unsigned char>(png[phys + 6]) << 8) | static_cast<unsigned char>(png[phys + 7]);
    EXPECT_EQ(ppm, 11811);
}

TEST(PrintRender, SvgIsXml) {
    const auto v = variant("population-change/2050/prefecture");
    const auto svg = styles::render_print(v, *catalog(), japan(), paper("A4", "landscape", 72), PrintFormat::svg);
    save("population-change_japan_a4_landscape.svg", svg.bytes);
    EXPECT_NE(svg.bytes.find("<svg"), std::string::npos);
    CPLXMLNode* root = CPLParseXMLString(svg.bytes.c_str());
    ASSERT_NE(root, nullptr);
    bool found = false;
    for (CPLXMLNode* n = root; n; n = n->psNext)
        if (n->eType == CXT_Element && std::string(n->pszValue) == "svg") found = true;
    EXPECT_TRUE(found);
    CPLDestroyXMLNode(root);
}

TEST(PrintRender, NaganoIsDrawnInClassColours) {
    const auto& out = renders().nagano_png;
    const Image img = decode_png(out.bytes);
    ASSERT_EQ(img.width, 2480);
    const auto& classes = styles::choropleth(*catalog(), variant("population/2020")).colors;
    const styles::MapFrame& f = out.layout.main;
    // Inside 長野県: 松本 basin, 佐久, 伊那 valley (away from the labels of the larger cities).
    for (auto [lon, lat] : {std::pair{137.75, 36.35}, {138.35, 36.15}, {137.85, 35.55}}) {
        const auto [x, y] = pixel_of(f, lon, lat);
        ASSERT_TRUE(f.rect.contains(x, y));
        const std::uint32_t c = img.mode(x, y, 20);
        EXPECT_TRUE(is_one_of(c, classes)) << lon << "," << lat << " is " << hex(c);
        EXPECT_FALSE(near_color(c, rgb_of(styles::kSeaColor)));
    }
    // Outside, the neighbours are faded (lighter than any class colour's darkest channel would allow).
    const auto [sx, sy] = pixel_of(f, 137.0, 35.3);  // 岐阜県
    const std::uint32_t faded = img.mode(sx, sy, 20);
    EXPECT_FALSE(is_one_of(faded, classes)) << hex(faded);
    // The legend sits inside the frame and hides no part of 長野県's label points.
    EXPECT_TRUE(out.layout.legend_inside);
}

TEST(PrintRender, JapanHasSouthwesternIslandsInset) {
    const auto& out = renders().japan_png;
    const Image img = decode_png(out.bytes);
    ASSERT_TRUE(out.layout.inset);
    const styles::MapFrame& inset = *out.layout.inset;
    const styles::MapFrame& main = out.layout.main;
    EXPECT_TRUE(main.rect.contains(inset.rect.x + 1, inset.rect.y + 1));
    EXPECT_LT(inset.rect.width, main.rect.width / 2);
    // 那覇 (127.68 E, 26.21 N) lies in the inset, on land.
    const auto [nx, ny] = pixel_of(inset, 127.68, 26.21);
    ASSERT_TRUE(inset.rect.contains(nx, ny));
    std::vector<std::string> land = styles::choropleth(*catalog(), variant("population/2020")).colors;
    land.push_back(styles::kNoDataColor);
    const std::uint32_t naha = img.mode(nx, ny, 2);
    EXPECT_TRUE(is_one_of(naha, land)) << hex(naha);
    // The East China Sea west of 沖縄本島 is sea, in the inset too.
    const auto [wx, wy] = pixel_of(inset, 126.3, 26.6);
    EXPECT_TRUE(near_color(img.mode(wx, wy, 3), rgb_of(styles::kSeaColor))) << hex(img.mode(wx, wy, 3));
    // The main map ends at 30 N: no Okinawa in it, and its scale bar is for Honshu's latitudes.
    EXPECT_GE(tiles::to_lonlat({0, main.extent.miny}).lat, 29.9);
    EXPECT_GT(main.scale_bar.latitude, 33);
    // 東京 on the main map is land.
    const auto [tx, ty] = pixel_of(main, 139.45, 35.7);
    EXPECT_TRUE(is_one_of(img.mode(tx, ty, 4), land)) << hex(img.mode(tx, ty, 4));
}

TEST(PrintRender, FlowLayerPrintsAlone) {
    const auto v = variant("migration");
    const auto out = styles::render_print(v, *catalog(), japan(), paper("A4", "landscape", 150), PrintFormat::png);
    save("migration_japan_a4_landscape_150.png", out.bytes);
    const Image img = decode_png(out.bytes);
    EXPECT_EQ(img.width, 1754);
    const auto pdf = styles::render_print(v, *catalog(), japan(), paper("A4", "landscape", 300), PrintFormat::pdf, "en");
    const auto path = save("migration_japan_a4_landscape_en.pdf", pdf.bytes);
    run("pdftoppm -png -r 50 -singlefile '" + path.string() + "' '" + (kArtifacts / "migration_japan_a4_landscape_en_pdf").string() + "'");
    const std::string text = run("pdftotext -enc UTF-8 '" + path.string() + "' - 2>&1");
    EXPECT_NE(text.find(v.definition->title_en), std::string::npos) << text;
    EXPECT_NE(text.find(kN03Credit), std::string::npos) << text;
}

TEST(PrintRender, OtherPagesForTheEye) {
    // Not checked beyond rendering: examples to look at in tests/artifacts/print/.
    const auto a3 = styles::render_print(variant("population-change/2050/municipality"), *catalog(), japan(),
                                         paper("A3", "landscape", 100), PrintFormat::png, "en");
    save("population-change_japan_a3_landscape_100_en.png", a3.bytes);
    const auto tokyo = styles::render_print(variant("aging/2050"), *catalog(), pref("13"), paper("A4", "portrait", 100),
                                            PrintFormat::png);
    save("aging_tokyo_a4_100.png", tokyo.bytes);
    EXPECT_FALSE(tokyo.layout.note_lines.empty());
    const auto bbox = styles::render_print(
        variant("population/2020"), *catalog(),
        styles::parse_print_area(std::nullopt, std::string("139.3,35.4,140.1,35.9"), false, catalog()->atlas()),
        paper("A4", "landscape", 100), PrintFormat::png);
    save("population_tokyo_bay_a4_landscape_100.png", bbox.bytes);
}

// ---------------------------------------------------------------- HTTP

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

http::response<http::string_body> get(std::uint16_t port, const std::string& target) {
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    http::request<http::empty_body> req(http::verb::get, target, 11);
    req.set(http::field::host, "test");
    http::write(socket, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    http::read(socket, buffer, parser);
    return parser.release();
}

TEST(PrintHttp, RefusesOutOfLimitRequestsAndKeepsServing) {
    server::ServerOptions options;
    options.port = 0;
    options.address = "127.0.0.1";
    server::HttpServer srv(options, {std::make_shared<server::PrintService>(catalog()),
                                     std::make_shared<server::HealthService>()});
    const std::uint16_t port = srv.start();
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
    srv.stop();
}

}  // namespace
