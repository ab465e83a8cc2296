#include "styles/classify.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <iterator>
#include <stdexcept>

namespace rxmap::styles {

namespace {

// Fisher-Jenks natural breaks by dynamic programming over sorted values:
// minimises the within-class sum of squared deviations. O(k n^2), fine for ~2,000 areas.
std::vector<double> jenks(const std::vector<double>& v, int k) {
    const int n = static_cast<int>(v.size());
    std::vector<double> s1(n + 1, 0), s2(n + 1, 0);
    for (int i = 0; i < n; ++i) {
        s1[i + 1] = s1[i] + v[i];
        s2[i + 1] = s2[i] + v[i] * v[i];
    }
    auto ssd = [&](int a, int b) {  // values a..b-1
        const double cnt = b - a, sum = s1[b] - s1[a];
        return (s2[b] - s2[a]) - sum * sum / cnt;
    };
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<std::vector<double>> cost(k + 1, std::vector<double>(n + 1, inf));
    std::vector<std::vector<int>> split(k + 1, std::vector<int>(n + 1, 0));
    cost[0][0] = 0;
    for (int c = 1; c <= k; ++c)
        for (int end = c; end <= n; ++end)
            for (int start = c - 1; start < end; ++start) {
                const double total = cost[c - 1][start] + ssd(start, end);
                if (total < cost[c][end]) {
                    cost[c][end] = total;
                    split[c][end] = start;
                }
            }
    std::vector<double> edges(k + 1);
    edges[k] = v.back();
    int end = n;
    for (int c = k; c >= 1; --c) {
        const int start = split[c][end];
        edges[c - 1] = v[start];
        end = start;
    }
    return edges;
}
}  // namespace

std::vector<double> class_edges(std::vector<double> values, Method method, int classes,
                                const std::vector<double>& manual_edges) {
    if (method == Method::manual || method == Method::categorical) {
        if (manual_edges.size() < 2 || !std::is_sorted(manual_edges.begin(), manual_edges.end()))
            throw std::invalid_argument("manual breaks need at least two ascending edges");
        return manual_edges;
    }
    if (classes < 1) throw std::invalid_argument("at least one class");
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
                 values.end());
    if (values.empty()) return {};
    std::sort(values.begin(), values.end());
    const double lo = values.front(), hi = values.back();
    std::vector<double> edges;
    switch (method) {
        case Method::quantile:
            for (int i = 0; i <= classes; ++i) {
                const size_t idx = std::min(values.size() - 1, i * values.size() / classes);
                edges.push_back(i == classes ? hi : values[idx]);
            }
            break;
        case Method::equal_interval:
            for (int i = 0; i <= classes; ++i) edges.push_back(lo + (hi - lo) * i / classes);
            break;
        case Method::jenks:
            edges = jenks(values, std::min<int>(classes, static_cast<int>(values.size())));
            break;
        case Method::manual:
        case Method::categorical:
            break;
    }
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    if (edges.size() == 1) edges.push_back(edges.front());
    return edges;
}

int class_of(const std::vector<double>& edges, double v) {
    const int last = static_cast<int>(edges.size()) - 2;
    const auto it = std::upper_bound(edges.begin(), edges.end(), v);
    return std::clamp(static_cast<int>(it - edges.begin()) - 1, 0, last);
}

}  // namespace rxmap::styles
