#include "styles/legend.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "common/number_text.h"
#include "styles/palette.h"

// Legend labels: class edges as text a person reads.
namespace rxmap::styles {

namespace {

bool is_whole(double v) { return std::abs(v - std::round(v)) <= 1e-9 * std::max(1.0, std::abs(v)); }

std::string format_number(double v, int decimals) { return common::grouped_number(v, decimals); }

int auto_decimals(const std::vector<double>& edges) {
    if (std::all_of(edges.begin(), edges.end(), is_whole)) return 0;
    const double span = edges.back() - edges.front();
    int d = 0;
    if (span >= 100)
        d = 0;
    else if (span >= 1)
        d = 1;
    else if (span > 0)
        d = 1 + static_cast<int>(std::ceil(-std::log10(span)));
    else
        d = 1;
    for (d = std::min(d, 6); d < 6; ++d) {
        bool distinct = true;
        for (size_t i = 1; i < edges.size() && distinct; ++i)
            if (edges[i] != edges[i - 1] && format_number(edges[i], d) == format_number(edges[i - 1], d))
                distinct = false;
        if (distinct) break;
    }
    return d;
}

}  // namespace

std::vector<std::string> class_labels(const std::vector<double>& edges, int decimals) {
    std::vector<std::string> labels;
    if (edges.size() < 2) return labels;
    const int d = decimals < 0 ? auto_decimals(edges) : decimals;
    for (size_t i = 0; i + 1 < edges.size(); ++i) {
        const std::string lo = format_number(edges[i], d), hi = format_number(edges[i + 1], d);
        labels.push_back(lo == hi ? lo : lo + " \u2013 " + hi);
    }
    return labels;
}

LegendEntry no_data_entry() { return {kNoDataColor, "データなし", "No data"}; }

std::vector<std::string> reading_class_labels(const std::vector<double>& edges, int decimals, bool japanese) {
    std::vector<std::string> labels;
    if (edges.size() < 2) return labels;
    // The layer's digits, but none when every edge is whole (「0 – 20」, not 「0.0 – 20.0」).
    const int d = decimals < 0 || std::all_of(edges.begin(), edges.end(), is_whole) ? auto_decimals(edges) : decimals;
    const double largest = std::max(std::abs(edges.front()), std::abs(edges.back()));
    const bool large = d == 0 && largest >= 100000;  // counts: 「17.6万 – 490.7万」
    auto text = [&](double v) { return large ? common::large_number(v, japanese) : format_number(v, d); };
    const size_t n = edges.size() - 1;  // classes
    // An outer manual edge far beyond its neighbour class is a cap, not a value: 「4.00以上」, 「−10未満」.
    auto far = [&](size_t outer, size_t inner, size_t next) {
        return n >= 3 && std::abs(edges[outer] - edges[inner]) > 8 * std::abs(edges[inner] - edges[next]);
    };
    for (size_t i = 0; i < n; ++i) {
        const std::string lo = text(edges[i]), hi = text(edges[i + 1]);
        if (i + 1 == n && edges[i] > 0 && far(i + 1, i, i - 1))
            labels.push_back(lo + (japanese ? "以上" : " or more"));
        else if (i == 0 && edges[1] < 0 && far(0, 1, 2))
            labels.push_back(japanese ? hi + "未満" : "below " + hi);
        else
            labels.push_back(lo == hi ? lo : lo + " \u2013 " + hi);
    }
    return labels;
}

std::vector<LegendEntry> class_entries(const std::vector<double>& edges, const std::vector<std::string>& colors,
                                       int decimals, bool with_no_data) {
    if (edges.size() < 2 || colors.size() != edges.size() - 1)
        throw std::invalid_argument("class_entries needs one colour per class");
    std::vector<LegendEntry> entries;
    const std::vector<std::string> ja = reading_class_labels(edges, decimals, true);
    const std::vector<std::string> en = reading_class_labels(edges, decimals, false);
    for (size_t i = 0; i < colors.size(); ++i) entries.push_back({colors[i], ja[i], en[i]});
    if (with_no_data) entries.push_back(no_data_entry());
    return entries;
}

}  // namespace rxmap::styles
