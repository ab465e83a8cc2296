// common/: the small utilities every library shares. Hash values are pinned
// because they are persisted or compared across processes (ETags, tile
// versions, PostGIS schema names, facility ids).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/fnv1a.h"
#include "common/json_text.h"
#include "common/number_text.h"
#include "common/prometheus_text.h"
#include "common/utf8.h"

namespace rxmap::common {
namespace {

TEST(Fnv1a, PublishedTestVectors) {
    EXPECT_EQ(fnv1a_64(""), 0xcbf29ce484222325ull);  // the offset basis
    EXPECT_EQ(fnv1a_64("a"), 0xaf63dc4c8601ec8cull);
    EXPECT_EQ(fnv1a_64("foobar"), 0x85944171f73967e8ull);
    EXPECT_EQ(fnv1a_32(""), 0x811c9dc5u);
    EXPECT_EQ(fnv1a_32("a"), 0xe40c292cu);
    EXPECT_EQ(fnv1a_32("foobar"), 0xbf9cf968u);
}

TEST(Fnv1a, ContinuesFromAPrefixHash) {
    EXPECT_EQ(fnv1a_64("bar", fnv1a_64("foo")), fnv1a_64("foobar"));
    EXPECT_EQ(fnv1a_32("bar", fnv1a_32("foo")), fnv1a_32("foobar"));
    // Bytes above 0x7f hash as unsigned: 未知の施設 gave the facility id ref-20fa5a74.
    EXPECT_EQ(fnv1a_32("未知の施設"), 0x20fa5a74u);
}

TEST(Fnv1a, RunningHashSeparatesFields) {
    EXPECT_EQ(Fnv64().add("ab").add("c").hex(), "20ba9b3025a8b421");
    EXPECT_EQ(Fnv64().add("a").add("bc").hex(), "a0a3542c19b900ab");
    // Doubles as "%.17g" (0.1 -> "0.10000000000000001"), integers in decimal: tile versions
    // stored in caches were made so.
    EXPECT_EQ(Fnv64().add("population").add(0.1).add(42LL).hex(), "7e655d6e46e1ef3b");
    EXPECT_EQ(Fnv64().add(0.1).value(), Fnv64().add("0.10000000000000001").value());
    EXPECT_EQ(hex64(0xabcull), "0000000000000abc");
}

TEST(Utf8, SequenceLengthsAndValidity) {
    EXPECT_EQ(utf8_sequence_length("A", 0), 1u);
    EXPECT_EQ(utf8_sequence_length("\xC3\xA9", 0), 2u);           // é
    EXPECT_EQ(utf8_sequence_length("日本", 3), 3u);                // 本
    EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x97\xBE", 0), 4u);   // U+1F5FE
    EXPECT_EQ(utf8_sequence_length("\xE6\x97", 0), 0u);           // truncated
    EXPECT_EQ(utf8_sequence_length("\xC1\x81", 0), 0u);           // overlong 'A'
    EXPECT_EQ(utf8_sequence_length("\xED\xA0\x80", 0), 0u);       // surrogate D800
    EXPECT_EQ(utf8_sequence_length("\xF4\x90\x80\x80", 0), 0u);   // past U+10FFFF
    EXPECT_EQ(utf8_sequence_length("a", 1), 0u);                  // past the end
    EXPECT_TRUE(is_valid_utf8("一般診療所"));
    EXPECT_FALSE(is_valid_utf8("ok\x80"));
}

TEST(JsonText, EscapesWhatJsonRequires) {
    EXPECT_EQ(json_escape("a\"b\\c\nd\re\tf"), "a\\\"b\\\\c\\nd\\re\\tf");
    EXPECT_EQ(json_escape(std::string("\x01\b\f\x1f\x7f", 5)), "\\u0001\\u0008\\u000c\\u001f\\u007f");
    EXPECT_EQ(json_escape(std::string("a\0b", 3)), "a\\u0000b");
    EXPECT_EQ(json_escape("東京都 / Tōkyō"), "東京都 / Tōkyō");
    EXPECT_EQ(json_escape("bad\xFF\xC3"), "bad\\ufffd\\ufffd");
    EXPECT_EQ(json_quote("名前 \"x\""), "\"名前 \\\"x\\\"\"");
    EXPECT_EQ(json_quote(""), "\"\"");
}

// What a person reads (legends, prints): the layer's digits, separators, a true minus, no "−0".
TEST(NumberText, ForAPerson) {
    EXPECT_EQ(grouped_number(1234567.891, 0), "1,234,568");
    EXPECT_EQ(grouped_number(-25.94, 1), "\u221225.9");
    EXPECT_EQ(grouped_number(-0.04, 1), "0.0");
    EXPECT_EQ(large_number(175685, true), "17.6万");
    EXPECT_EQ(large_number(4906551, true), "490.7万");
    EXPECT_EQ(large_number(7000, true), "7,000");
    EXPECT_EQ(large_number(4906551, false), "4.91M");
    EXPECT_EQ(large_number(175685, false), "176k");
    EXPECT_EQ(large_number(-7000, false), "\u22127,000");
    EXPECT_DOUBLE_EQ(round_to(-6.9749999, 2), -6.97);
    EXPECT_EQ(shortest_number(round_to(12.345678901234, 3)), "12.346");  // no 15-digit floats in a CSV
    EXPECT_EQ(shortest_number(round_to(-0.0001, 2)), "0");
}

TEST(NumberText, SignificantDigits) {
    EXPECT_EQ(significant_digits(2.5), "2.5");
    EXPECT_EQ(significant_digits(300), "300");
    EXPECT_EQ(significant_digits(1234567.0), "1.23457e+06");  // what iostreams print
    EXPECT_EQ(significant_digits(0.1, 17), "0.10000000000000001");
    EXPECT_EQ(significant_digits(122.93, 10), "122.93");
    EXPECT_EQ(significant_digits(-0.000123456789, 9), "-0.000123456789");
}

TEST(NumberText, ShortestReadsBack) {
    EXPECT_EQ(shortest_number(0.1), "0.1");
    EXPECT_EQ(shortest_number(20037508.342789244), "20037508.342789244");
    EXPECT_EQ(shortest_number(559082264.0287178), "559082264.0287178");
    EXPECT_EQ(shortest_number(-3), "-3");
    for (double v : {1.0 / 3, 2.0 / 7, 1e-300, 6.02214076e23})
        EXPECT_EQ(std::stod(shortest_number(v)), v) << v;
}

TEST(PrometheusText, Numbers) {
    EXPECT_EQ(prometheus_number(3), "3");
    EXPECT_EQ(prometheus_number(-12345678901.0), "-12345678901");
    EXPECT_EQ(prometheus_number(0.0025), "0.0025");
    EXPECT_EQ(prometheus_number(1.0 / 3), "0.333333333");
    EXPECT_EQ(prometheus_number(std::numeric_limits<double>::quiet_NaN()), "NaN");
    EXPECT_EQ(prometheus_number(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(prometheus_label("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
}

TEST(PrometheusText, FamiliesAndSamples) {
    PrometheusText t("rxmap_test_");
    t.family("requests_total", "counter", "Requests by status.");
    t.sample("requests_total", "status=\"ok\"", 12u);
    t.sample("requests_total", "", std::uint64_t{18446744073709551615ull});
    t.sample("up", "", true);
    t.sample("temperature", "", prometheus_number(-1.5));
    EXPECT_EQ(t.text(),
              "# HELP rxmap_test_requests_total Requests by status.\n"
              "# TYPE rxmap_test_requests_total counter\n"
              "rxmap_test_requests_total{status=\"ok\"} 12\n"
              "rxmap_test_requests_total 18446744073709551615\n"
              "rxmap_test_up 1\n"
              "rxmap_test_temperature -1.5\n");
}

TEST(PrometheusText, HistogramIsCumulative) {
    PrometheusText t;
    // 2 at or below 0.05 s, 1 at or below 1 s, 4 above: count 7.
    t.histogram("render_seconds", "layer=\"a\"", {0.05, 1}, {2, 1}, 7, "12.5");
    EXPECT_EQ(t.text(),
              "render_seconds_bucket{layer=\"a\",le=\"0.05\"} 2\n"
              "render_seconds_bucket{layer=\"a\",le=\"1\"} 3\n"
              "render_seconds_bucket{layer=\"a\",le=\"+Inf\"} 7\n"
              "render_seconds_sum{layer=\"a\"} 12.5\n"
              "render_seconds_count{layer=\"a\"} 7\n");
    // A count read before a bucket moved never leaves +Inf below the last bound.
    PrometheusText racing;
    racing.histogram("d", "", {0.1}, {5}, 4, "0");
    EXPECT_EQ(racing.text(), "d_bucket{le=\"0.1\"} 5\nd_bucket{le=\"+Inf\"} 5\nd_sum 0\nd_count 5\n");
}

}  // namespace
}  // namespace rxmap::common
