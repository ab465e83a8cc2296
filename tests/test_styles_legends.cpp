// Legends: class entries, JSON, PNG with the swatch colours, scale and language, long text kept inside.
#include <cairo.h>
#include <cpl_json.h>
#include <fontconfig/fontconfig.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "styles/legend.h"
#include "styles/palette.h"
#include "styles_support.h"

using namespace rxmap::styles;
using namespace rxmap::test::styles_support;

// Cairo and fontconfig keep fonts and configuration cached for the life of the process; release them at
// exit so that LeakSanitizer builds (RXMAP_SANITIZE) stay quiet.
class CairoReset : public ::testing::Environment {
  public:
    void TearDown() override {
        cairo_debug_reset_static_data();
        FcFini();
    }
};
const auto* const kCairoReset = ::testing::AddGlobalTestEnvironment(new CairoReset);

// ---------------------------------------------------------------- legends

namespace {

const char* kCredit =
    "出典：総務省統計局「令和2年国勢調査」、国土数値情報（行政区域データ）（国土交通省）を加工して作成";

Legend sample_legend() {
    Legend legend;
    legend.title_ja = "総人口（2020年国勢調査）";
    legend.title_en = "Population (2020 Census)";
    legend.unit = "人";
    const std::vector<double> edges = {0, 1000, 5000, 20000, 100000, 3800000};
    legend.entries = class_entries(edges, palette("YlOrRd", 5));
    legend.credits = {kCredit, "Boundaries: MLIT National Land Numerical Information; census: Statistics Bureau of Japan"};
    return legend;
}

struct PngImage {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{nullptr, cairo_surface_destroy};
    int width() const { return cairo_image_surface_get_width(surface.get()); }
    int height() const { return cairo_image_surface_get_height(surface.get()); }
    Rgb at(int x, int y) const {
        const unsigned char* data = cairo_image_surface_get_data(surface.get());
        const int stride = cairo_image_surface_get_stride(surface.get());
        uint32_t px;
        std::memcpy(&px, data + y * stride + x * 4, 4);
        return {static_cast<int>((px >> 16) & 0xff), static_cast<int>((px >> 8) & 0xff), static_cast<int>(px & 0xff)};
    }
};

PngImage decode_png(const std::string& bytes) {
    struct Reader {
        const std::string* data;
        size_t pos = 0;
    } reader{&bytes};
    auto read = [](void* closure, unsigned char* out, unsigned int length) {
        auto* r = static_cast<Reader*>(closure);
        if (r->pos + length > r->data->size()) return CAIRO_STATUS_READ_ERROR;
        std::memcpy(out, r->data->data() + r->pos, length);
        r->pos += length;
        return CAIRO_STATUS_SUCCESS;
    };
    PngImage image;
    image.surface.reset(cairo_image_surface_create_from_png_stream(read, &reader));
    cairo_surface_flush(image.surface.get());
    return image;
}

std::string artifact_path(const std::string& name) {
    const std::filesystem::path dir = std::filesystem::path(RXMAP_SOURCE_DIR) / "tests" / "artifacts";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

}  // namespace

TEST(Legend, ClassEntries) {
    const auto entries = class_entries({0, 10, 20}, {"#ffffcc", "#800026"});
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].color, "#ffffcc");
    EXPECT_EQ(entries[0].label_ja, "0 – 10");
    EXPECT_EQ(entries[1].label_en, "10 – 20");
    EXPECT_EQ(entries[2].color, kNoDataColor);
    EXPECT_EQ(entries[2].label_ja, "データなし");
    EXPECT_EQ(entries[2].label_en, "No data");
    EXPECT_EQ(class_entries({0, 10, 20}, {"#ffffcc", "#800026"}, -1, false).size(), 2u);
    EXPECT_THROW(class_entries({0, 10, 20}, {"#ffffcc"}), std::invalid_argument);
}

TEST(Legend, JsonParsesAndEscapes) {
    Legend legend = sample_legend();
    legend.title_en = "Population \"total\"\\ per\tarea\n";
    const std::string json = legend_json(legend);
    EXPECT_NE(json.find(kCredit), std::string::npos);

    CPLJSONDocument doc;
    ASSERT_TRUE(doc.LoadMemory(json)) << json;
    const CPLJSONObject root = doc.GetRoot();
    EXPECT_EQ(root.GetObj("title").GetString("ja"), legend.title_ja);
    EXPECT_EQ(root.GetObj("title").GetString("en"), legend.title_en);
    EXPECT_EQ(root.GetString("unit"), "人");
    const CPLJSONArray entries = root.GetArray("entries");
    ASSERT_EQ(entries.Size(), static_cast<int>(legend.entries.size()));
    for (int i = 0; i < entries.Size(); ++i) {
        EXPECT_EQ(entries[i].GetString("color"), legend.entries[static_cast<size_t>(i)].color);
        EXPECT_EQ(entries[i].GetObj("label").GetString("ja"), legend.entries[static_cast<size_t>(i)].label_ja);
        EXPECT_EQ(entries[i].GetObj("label").GetString("en"), legend.entries[static_cast<size_t>(i)].label_en);
    }
    const CPLJSONArray credits = root.GetArray("credits");
    ASSERT_EQ(credits.Size(), 2);
    EXPECT_EQ(credits[0].ToString(), kCredit);

    EXPECT_EQ(legend_json(Legend{}), R"({"title":{"ja":"","en":""},"unit":"","entries":[],"notes":{"ja":[],"en":[]},"credits":[]})");
}

TEST(Legend, PngDecodesWithSwatchColours) {
    const Legend legend = sample_legend();
    const std::string png = legend_png(legend);
    ASSERT_GT(png.size(), 8u);
    EXPECT_EQ(png.substr(1, 3), "PNG");
    {
        std::ofstream out(artifact_path("legend.png"), std::ios::binary);
        out << png;
    }
    const PngImage image = decode_png(png);
    ASSERT_EQ(cairo_surface_status(image.surface.get()), CAIRO_STATUS_SUCCESS);
    EXPECT_EQ(image.width(), 260);

    const LegendLayout layout = legend_layout(legend);
    EXPECT_EQ(layout.width, 260);
    EXPECT_EQ(image.height(), layout.height);
    ASSERT_EQ(layout.swatches.size(), legend.entries.size());
    for (size_t i = 0; i < legend.entries.size(); ++i) {
        const LegendRect& s = layout.swatches[i];
        const Rgb got = image.at(static_cast<int>(s.x + s.width / 2), static_cast<int>(s.y + s.height / 2));
        const Rgb want = rgb(legend.entries[i].color);
        EXPECT_EQ(got.r, want.r) << i;
        EXPECT_EQ(got.g, want.g) << i;
        EXPECT_EQ(got.b, want.b) << i;
        if (i > 0) {
            EXPECT_GT(s.y, layout.swatches[i - 1].y + layout.swatches[i - 1].height);
        }
    }
    // White background, darker border.
    const Rgb corner = image.at(0, 0), inside = image.at(3, 3);
    EXPECT_LT(corner.r, 255);
    EXPECT_EQ(inside.r + inside.g + inside.b, 3 * 255);
    // Text was drawn: the title row has dark pixels.
    int dark = 0;
    for (int y = 12; y < 30; ++y)
        for (int x = 12; x < 200; ++x)
            if (image.at(x, y).r < 100) ++dark;
    EXPECT_GT(dark, 50);
    // The credits wrap: the legend is taller than the entries alone would need.
    EXPECT_GT(layout.height, layout.swatches.back().y + layout.swatches.back().height + 40);
}

TEST(Legend, ScaleAndLanguage) {
    const Legend legend = sample_legend();
    const std::string png = legend_png(legend, 2.0, "en");
    {
        std::ofstream out(artifact_path("legend_en@2x.png"), std::ios::binary);
        out << png;
    }
    const PngImage image = decode_png(png);
    ASSERT_EQ(cairo_surface_status(image.surface.get()), CAIRO_STATUS_SUCCESS);
    EXPECT_EQ(image.width(), 520);
    const LegendLayout layout = legend_layout(legend, 2.0, "en");
    EXPECT_EQ(image.height(), layout.height);
    const LegendRect& first = layout.swatches.front();
    const Rgb got = image.at(static_cast<int>(first.x + first.width / 2), static_cast<int>(first.y + first.height / 2));
    EXPECT_EQ(got.r, 0xff);
    EXPECT_EQ(got.g, 0xff);
    EXPECT_EQ(got.b, 0xb2);  // YlOrRd 5, first class

    EXPECT_THROW(legend_png(legend, 1.0, "fr"), std::invalid_argument);
    EXPECT_THROW(legend_png(legend, 0.0), std::invalid_argument);
    Legend bad = legend;
    bad.entries[0].color = "red";
    EXPECT_THROW(legend_png(bad), std::invalid_argument);
}

TEST(Legend, LongUnbrokenTextStaysInside) {
    Legend legend;
    legend.title_ja = "とても長い表題がここにあって一行には収まらないので折り返される必要がありますとても長い表題";
    legend.entries = {no_data_entry()};
    legend.credits = {std::string(200, 'x'), "https://www.e-stat.go.jp/stat-search/files?page=1&toukei=00200521&tstat=000001136464"};
    const LegendLayout layout = legend_layout(legend);
    EXPECT_EQ(layout.width, 260);
    const PngImage image = decode_png(legend_png(legend));
    ASSERT_EQ(cairo_surface_status(image.surface.get()), CAIRO_STATUS_SUCCESS);
    // Nothing dark is drawn in the right padding (text wrapped before it).
    for (int y = 2; y < image.height() - 2; ++y)
        for (int x = image.width() - 10; x < image.width() - 2; ++x) ASSERT_GT(image.at(x, y).r, 200) << x << "," << y;
}
