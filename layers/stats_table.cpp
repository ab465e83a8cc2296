#include "layers/stats_table.h"

#include <sstream>

namespace rxmap::data {

void StatsTable::set(const std::string& indicator, int year, const std::string& code, double value) {
    data_[indicator][year][code] = value;
}

std::optional<double> StatsTable::get(const std::string& indicator, int year, const std::string& code) const {
    const Values* v = values(indicator, year);
    if (!v) return std::nullopt;
    auto it = v->find(code);
    if (it == v->end()) return std::nullopt;
    return it->second;
}

const StatsTable::Values* StatsTable::values(const std::string& indicator, int year) const {
    auto it = data_.find(indicator);
    if (it == data_.end()) return nullptr;
    auto y = it->second.find(year);
    return y == it->second.end() ? nullptr : &y->second;
}

std::vector<int> StatsTable::years(const std::string& indicator) const {
    std::vector<int> out;
    auto it = data_.find(indicator);
    if (it != data_.end())
        for (const auto& [year, _] : it->second) out.push_back(year);
    return out;
}

std::string DatasetReport::summary() const {
    std::ostringstream s;
    s << dataset << ": " << rows << " rows, " << matched << " matched a boundary, " << unmatched.size()
      << " unmatched, " << skipped.size() << " values skipped";
    if (!combined.empty()) {
        s << "\n  combined areas (drawn as one):";
        for (const auto& c : combined) s << ' ' << c;
    }
    if (!unmatched.empty()) {
        s << "\n  rows without a boundary (not imported):";
        for (const auto& c : unmatched) s << "\n    " << c;
    }
    if (!without_row.empty()) {
        s << "\n  " << without_row.size() << " boundaries without a row (no data):";
        for (const auto& c : without_row) s << "\n    " << c;
    }
    const size_t shown = std::min<size_t>(skipped.size(), 10);
    for (size_t i = 0; i < shown; ++i) s << "\n  skipped " << skipped[i];
    if (skipped.size() > shown) s << "\n  ... and " << skipped.size() - shown << " more skipped values";
    return s.str();
}

}  // namespace rxmap::data

#include "layers/stat_sources.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace rxmap::data {

bool parse_number(const std::string& text, double& out) {
    std::string digits;
    for (char c : text)
        if (c != ',' && c != ' ') digits += c;
    if (digits.empty()) return false;
    char* end = nullptr;
    errno = 0;
    out = std::strtod(digits.c_str(), &end);
    return errno == 0 && end == digits.c_str() + digits.size() && std::isfinite(out);
}

}  // namespace rxmap::data
