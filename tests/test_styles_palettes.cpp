// Palettes (ColorBrewer schemes and variants, colour-blind flags, centred colours), classification
// (quantile, equal interval, Jenks, manual edges) and class labels.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "styles/classify.h"
#include "styles/legend.h"
#include "styles/palette.h"
#include "styles_support.h"

using namespace rxmap::styles;
using namespace rxmap::test::styles_support;

namespace {

double luminance(const std::string& hex) {
    const Rgb c = rgb(hex);
    return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

const std::vector<std::string> kSequential = {"YlOrRd", "YlOrBr", "YlGnBu", "YlGn", "OrRd",  "PuBu",
                                              "PuBuGn", "BuGn",   "BuPu",   "GnBu", "PuRd",  "RdPu",
                                              "Blues",  "Greens", "Greys",  "Oranges", "Purples", "Reds"};
const std::vector<std::string> kDiverging = {"RdBu", "RdYlBu", "PuOr", "BrBG", "PiYG", "PRGn", "RdYlGn", "Spectral"};
const std::vector<std::string> kQualitative = {"Paired", "Set3"};

}  // namespace

// ---------------------------------------------------------------- palettes

TEST(Palette, KnownValues) {
    const auto ylorrd = palette("YlOrRd", 9);
    ASSERT_EQ(ylorrd.size(), 9u);
    EXPECT_EQ(ylorrd.front(), "#ffffcc");
    EXPECT_EQ(ylorrd.back(), "#800026");
    const auto rdbu = palette("RdBu", 11);
    ASSERT_EQ(rdbu.size(), 11u);
    EXPECT_EQ(rdbu[5], "#f7f7f7");
    EXPECT_EQ(rdbu.front(), "#67001f");
    EXPECT_EQ(rdbu.back(), "#053061");
    EXPECT_EQ(palette("Blues", 3), (std::vector<std::string>{"#deebf7", "#9ecae1", "#3182bd"}));
    // ColorBrewer order for PuOr: orange first (d3 reverses it).
    EXPECT_EQ(palette("PuOr", 3), (std::vector<std::string>{"#f1a340", "#f7f7f7", "#998ec3"}));
    EXPECT_EQ(palette("Spectral", 11).front(), "#9e0142");
}

TEST(Palette, EverySchemeAndVariant) {
    std::vector<std::string> expected = kSequential;
    expected.insert(expected.end(), kDiverging.begin(), kDiverging.end());
    expected.insert(expected.end(), kQualitative.begin(), kQualitative.end());
    std::vector<std::string> names = palette_names();
    ASSERT_EQ(names.size(), expected.size());
    std::vector<std::string> sorted_names = names, sorted_expected = expected;
    std::sort(sorted_names.begin(), sorted_names.end());
    std::sort(sorted_expected.begin(), sorted_expected.end());
    EXPECT_EQ(sorted_names, sorted_expected);

    auto is_hex = [](const std::string& c) {
        return c.size() == 7 && c[0] == '#' &&
               std::all_of(c.begin() + 1, c.end(), [](char h) { return std::isdigit(h) || (h >= 'a' && h <= 'f'); });
    };
    for (const auto& name : names) {
        SCOPED_TRACE(name);
        EXPECT_TRUE(has_palette(name));
        const bool sequential =
            std::find(kSequential.begin(), kSequential.end(), name) != kSequential.end();
        const bool qualitative =
            std::find(kQualitative.begin(), kQualitative.end(), name) != kQualitative.end();
        EXPECT_EQ(palette_kind(name), sequential    ? PaletteKind::sequential
                                      : qualitative ? PaletteKind::qualitative
                                                    : PaletteKind::diverging);
        EXPECT_EQ(palette_min_classes(name), 3);
        EXPECT_EQ(palette_max_classes(name), sequential ? 9 : qualitative ? 12 : 11);
        for (int n = 3; n <= palette_max_classes(name); ++n) {
            SCOPED_TRACE(n);
            const auto colors = palette(name, n);
            ASSERT_EQ(colors.size(), static_cast<size_t>(n));
            for (const auto& c : colors) EXPECT_TRUE(is_hex(c)) << c;
            // No colour repeats within a variant.
            auto unique = colors;
            std::sort(unique.begin(), unique.end());
            EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end());
            if (sequential) {  // lightest first, darker with every class
                for (int i = 1; i < n; ++i) EXPECT_LT(luminance(colors[i]), luminance(colors[i - 1])) << i;
            }
        }
        EXPECT_THROW(palette(name, 2), std::invalid_argument);
        EXPECT_THROW(palette(name, palette_max_classes(name) + 1), std::invalid_argument);
    }
}

TEST(Palette, UnknownNamesThrow) {
    EXPECT_FALSE(has_palette("Nope"));
    EXPECT_FALSE(has_palette("ylorrd"));  // names are case-sensitive, as in ColorBrewer
    EXPECT_THROW(palette("Nope", 5), std::invalid_argument);
    EXPECT_THROW(palette_kind("Nope"), std::invalid_argument);
    EXPECT_THROW(palette_max_classes("Nope"), std::invalid_argument);
    EXPECT_THROW(colorblind_safe("Nope", 5), std::invalid_argument);
    EXPECT_THROW(centered_colors("Nope", 2, 2), std::invalid_argument);
}

TEST(Palette, ColorblindSafeFlags) {
    for (const auto& name : kSequential)
        for (int n = 3; n <= 9; ++n) EXPECT_TRUE(colorblind_safe(name, n)) << name << n;
    for (const auto* name : {"RdBu", "RdYlBu", "PuOr", "BrBG", "PiYG", "PRGn"})
        for (int n = 3; n <= 11; ++n) EXPECT_TRUE(colorblind_safe(name, n)) << name << n;
    for (const auto* name : {"RdYlGn", "Spectral"})
        for (int n = 3; n <= 11; ++n) EXPECT_FALSE(colorblind_safe(name, n)) << name << n;
    EXPECT_FALSE(colorblind_safe("RdBu", 12));
    EXPECT_FALSE(colorblind_safe("Blues", 10));
}

TEST(Palette, CenteredColors) {
    const auto c = centered_colors("RdBu", 5, 2);
    ASSERT_EQ(c.size(), 7u);
    const Rgb below = rgb(c[4]), above = rgb(c[5]);
    EXPECT_GT(below.r, below.b) << c[4];  // light red just under the centre
    EXPECT_GT(above.b, above.r) << c[5];  // light blue just over it
    EXPECT_GT(luminance(c[4]), luminance(c[0]));
    EXPECT_GT(luminance(c[5]), luminance(c[6]));
    // The rule: 2*max(5,2) = 10 classes, the slice [5-5, 5+2).
    const auto ten = palette("RdBu", 10);
    EXPECT_EQ(c, std::vector<std::string>(ten.begin(), ten.begin() + 7));

    // One class each side: the middle of the smallest even variant.
    EXPECT_EQ(centered_colors("RdBu", 1, 1), (std::vector<std::string>{"#f4a582", "#92c5de"}));
    // Only above the centre.
    const auto up = centered_colors("PuOr", 0, 3);
    const auto six = palette("PuOr", 6);
    EXPECT_EQ(up, std::vector<std::string>(six.begin() + 3, six.end()));
    // More than the palette holds on one side: the darkest colour repeats.
    const auto wide = centered_colors("RdBu", 7, 2);
    ASSERT_EQ(wide.size(), 9u);
    EXPECT_EQ(wide[0], ten[0]);
    EXPECT_EQ(wide[1], ten[0]);
    EXPECT_EQ(wide[2], ten[0]);
    EXPECT_EQ(wide[6], ten[4]);
    EXPECT_EQ(wide[7], ten[5]);

    EXPECT_THROW(centered_colors("YlOrRd", 2, 2), std::invalid_argument);
    EXPECT_THROW(centered_colors("RdBu", 0, 0), std::invalid_argument);
    EXPECT_THROW(centered_colors("RdBu", -1, 2), std::invalid_argument);
}

// ---------------------------------------------------------------- classification

namespace {
std::vector<int> class_counts(const std::vector<double>& edges, const std::vector<double>& values) {
    std::vector<int> counts(edges.size() - 1, 0);
    for (double v : values) ++counts[static_cast<size_t>(class_of(edges, v))];
    return counts;
}
}  // namespace

TEST(Classify, MethodNames) {
    Method m;
    for (Method expected : {Method::quantile, Method::equal_interval, Method::jenks, Method::manual, Method::categorical}) {
        ASSERT_TRUE(parse_method(method_name(expected), m));
        EXPECT_EQ(m, expected);
    }
    EXPECT_FALSE(parse_method("natural", m));
}

TEST(Classify, QuantileSplitsEvenly) {
    std::vector<double> values;
    for (int i = 1; i <= 100; ++i) values.push_back(i);
    const auto edges = class_edges(values, Method::quantile, 4);
    ASSERT_EQ(edges.size(), 5u);
    EXPECT_EQ(edges.front(), 1);
    EXPECT_EQ(edges.back(), 100);
    for (int n : class_counts(edges, values)) EXPECT_NEAR(n, 25, 1);
}

TEST(Classify, EqualInterval) {
    const auto edges = class_edges({0, 10, 100, 37}, Method::equal_interval, 4);
    ASSERT_EQ(edges.size(), 5u);
    const std::vector<double> expected = {0, 25, 50, 75, 100};
    for (size_t i = 0; i < edges.size(); ++i) EXPECT_DOUBLE_EQ(edges[i], expected[i]);
    EXPECT_EQ(class_of(edges, 100), 3);
    EXPECT_EQ(class_of(edges, 25), 1);
}

TEST(Classify, JenksFindsClusters) {
    const std::vector<double> values = {52, 1, 101, 2, 50, 3, 100, 51};
    const auto edges = class_edges(values, Method::jenks, 3);
    ASSERT_EQ(edges.size(), 4u);
    EXPECT_GT(edges[1], 3);
    EXPECT_LE(edges[1], 50);
    EXPECT_GT(edges[2], 52);
    EXPECT_LE(edges[2], 100);
    for (double v : {1, 2, 3}) EXPECT_EQ(class_of(edges, v), 0) << v;
    for (double v : {50, 51, 52}) EXPECT_EQ(class_of(edges, v), 1) << v;
    for (double v : {100, 101}) EXPECT_EQ(class_of(edges, v), 2) << v;
}

TEST(Classify, ManualEdgesAndClassOf) {
    const std::vector<double> manual = {0, 10, 20, 30};
    const auto edges = class_edges({1, 2, 3}, Method::manual, 0, manual);
    EXPECT_EQ(edges, manual);
    EXPECT_EQ(class_of(edges, 0), 0);
    EXPECT_EQ(class_of(edges, 9.999), 0);
    EXPECT_EQ(class_of(edges, 10), 1);  // lower bound inclusive
    EXPECT_EQ(class_of(edges, 19.5), 1);
    EXPECT_EQ(class_of(edges, 20), 2);
    EXPECT_EQ(class_of(edges, 30), 2);  // the last class includes the max
    EXPECT_EQ(class_of(edges, -5), 0);  // outside the edges: clamped
    EXPECT_EQ(class_of(edges, 99), 2);
    EXPECT_THROW(class_edges({1}, Method::manual, 0, {10, 0}), std::invalid_argument);
    EXPECT_THROW(class_edges({1}, Method::manual, 0, {10}), std::invalid_argument);
}

TEST(Classify, IgnoresNaN) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto with_nan = class_edges({nan, 1, 2, nan, 3, 4}, Method::equal_interval, 3);
    EXPECT_EQ(with_nan, (std::vector<double>{1, 2, 3, 4}));
    EXPECT_EQ(class_edges({4, nan, 3, 2, 1, nan, nan}, Method::quantile, 2),
              class_edges({1, 2, 3, 4}, Method::quantile, 2));
    EXPECT_EQ(class_edges({nan, 1, 2, 3, 50, 51, 52, nan}, Method::jenks, 2),
              class_edges({1, 2, 3, 50, 51, 52}, Method::jenks, 2));
    EXPECT_TRUE(class_edges({nan, nan}, Method::quantile, 4).empty());
    EXPECT_THROW(class_edges({1, 2}, Method::quantile, 0), std::invalid_argument);
}

TEST(Classify, EqualValuesCollapseEdges) {
    const auto edges = class_edges({5, 5, 5, 5, 5, 5, 5, 5, 5, 6}, Method::quantile, 4);
    ASSERT_GE(edges.size(), 2u);
    EXPECT_TRUE(std::adjacent_find(edges.begin(), edges.end(), std::greater_equal<double>()) == edges.end())
        << "edges must be strictly ascending";
    EXPECT_EQ(edges.front(), 5);
    EXPECT_EQ(edges.back(), 6);

    const auto same = class_edges({7, 7, 7}, Method::jenks, 5);
    EXPECT_EQ(same, (std::vector<double>{7, 7}));
    EXPECT_EQ(class_of(same, 7), 0);
    EXPECT_EQ(class_edges({7, 7, 7}, Method::equal_interval, 5), (std::vector<double>{7, 7}));
}

// ---------------------------------------------------------------- labels

TEST(ClassLabels, CountsGetSeparatorsAndNoDecimals) {
    EXPECT_EQ(class_labels({0, 1000, 5000, 12000}),
              (std::vector<std::string>{"0 – 1,000", "1,000 – 5,000", "5,000 – 12,000"}));
    EXPECT_EQ(class_labels({1234567, 2000000}), (std::vector<std::string>{"1,234,567 – 2,000,000"}));
    EXPECT_EQ(class_labels({100, 999, 1000}), (std::vector<std::string>{"100 – 999", "999 – 1,000"}));
}

TEST(ClassLabels, DecimalsFollowTheRange) {
    // Percentages: one decimal.
    EXPECT_EQ(class_labels({12.34, 25.51, 40.26}), (std::vector<std::string>{"12.3 – 25.5", "25.5 – 40.3"}));
    // Large range: whole numbers with separators.
    EXPECT_EQ(class_labels({0.4, 1520.7, 25000.2}), (std::vector<std::string>{"0 – 1,521", "1,521 – 25,000"}));
    // Neighbouring edges that would print alike get more decimals.
    EXPECT_EQ(class_labels({0, 100.2, 100.4, 500}),
              (std::vector<std::string>{"0.0 – 100.2", "100.2 – 100.4", "100.4 – 500.0"}));
    // Small range.
    EXPECT_EQ(class_labels({0.01, 0.02, 0.035}), (std::vector<std::string>{"0.010 – 0.020", "0.020 – 0.035"}));
    // Negative values (no "-0").
    EXPECT_EQ(class_labels({-12.51, -0.01, 7.26}), (std::vector<std::string>{"\u221212.5 – 0.0", "0.0 – 7.3"}));
    // Explicit decimals.
    EXPECT_EQ(class_labels({0, 0.5, 1}, 2), (std::vector<std::string>{"0.00 – 0.50", "0.50 – 1.00"}));
    EXPECT_EQ(class_labels({1000, 2000}, 1), (std::vector<std::string>{"1,000.0 – 2,000.0"}));
    // Degenerate input.
    EXPECT_EQ(class_labels({7, 7}), (std::vector<std::string>{"7"}));
    EXPECT_TRUE(class_labels({}).empty());
    EXPECT_TRUE(class_labels({1}).empty());
}
