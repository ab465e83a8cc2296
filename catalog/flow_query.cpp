#include "catalog/flow_query.h"

#include <cmath>

namespace rxmap::catalog {

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::optional<double> positive_number(const std::string& s) {
    try {
        size_t used = 0;
        const double v = std::stod(s, &used);
        if (used == s.size() && v >= 0 && std::isfinite(v)) return v;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

}  // namespace

std::string FlowQuery::key() const {
    std::string k;
    switch (mode) {
        case Mode::gross: k = "gross"; break;
        case Mode::net: k = "net"; break;
        case Mode::focus: k = "focus/" + origin; break;
        case Mode::groups: k = "groups/" + grouping; break;
    }
    if (min_count > 0) k += "/min" + std::to_string(static_cast<long long>(min_count));
    else k += top > 0 ? "/top" + std::to_string(top) : "/all";
    return labels ? k : k + "/nolabels";
}

std::optional<FlowQuery> parse_flow_query(const std::vector<std::string>& segs, const data::Atlas& atlas) {
    FlowQuery q;
    size_t i = 0, segs_end = segs.size();
    if (i < segs.size()) {
        const std::string& mode = segs[i++];
        if (mode == "gross") {
            q.mode = FlowQuery::Mode::gross;
        } else if (mode == "net") {
            q.mode = FlowQuery::Mode::net;
        } else if (mode == "focus") {
            q.mode = FlowQuery::Mode::focus;
            if (i >= segs.size()) return std::nullopt;
            q.origin = data::prefecture_code(segs[i++], atlas);
            if (q.origin.empty()) return std::nullopt;
            q.top = 20;
        } else if (mode == "groups") {
            q.mode = FlowQuery::Mode::groups;
            if (i < segs.size() && (segs[i] == "bloc" || segs[i] == "meti")) q.grouping = segs[i++];
        } else {
            --i;  // no mode: gross, and the segment may be a threshold
        }
    }
    if (i < segs.size() && segs.back() == "nolabels") {
        q.labels = false;
        segs_end = segs.size() - 1;
    }
    if (i < segs_end) {
        const std::string& t = segs[i++];
        if (starts_with(t, "top")) {
            auto n = positive_number(t.substr(3));
            if (!n || *n < 1 || *n > 2209) return std::nullopt;
            q.top = static_cast<int>(*n);
        } else if (starts_with(t, "min")) {
            auto n = positive_number(t.substr(3));
            if (!n) return std::nullopt;
            q.min_count = *n;
            q.top = 0;
        } else if (t == "all") {
            q.top = 0;
        } else {
            return std::nullopt;
        }
    }
    if (i != segs_end) return std::nullopt;
    return q;
}

}  // namespace rxmap::catalog
