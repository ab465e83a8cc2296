#pragma once
// All statistics in one table keyed by area code: indicator -> year -> code -> value.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace rxmap::data {

constexpr const char* kJapanCode = "00000";

struct IndicatorInfo {
    std::string id;       // "census:population", "ssdse:A1101", "ipss:population"
    std::string dataset;  // manifest id of the source
    std::string label;    // Japanese label as published
};

class StatsTable {
public:
    using Values = std::unordered_map<std::string, double>;  // code -> value

    void set(const std::string& indicator, int year, const std::string& code, double value);
    std::optional<double> get(const std::string& indicator, int year, const std::string& code) const;
    const Values* values(const std::string& indicator, int year) const;
    std::vector<int> years(const std::string& indicator) const;

    void describe(IndicatorInfo info) { info_[info.id] = std::move(info); }
    const std::map<std::string, IndicatorInfo>& indicators() const { return info_; }
    // indicator -> year -> code -> value, for storing.
    const std::map<std::string, std::map<int, Values>>& all() const { return data_; }

private:
    std::map<std::string, std::map<int, Values>> data_;
    std::map<std::string, IndicatorInfo> info_;
};

// What one dataset's import did, for the import log.
struct DatasetReport {
    std::string dataset;
    int rows = 0;                          // data rows read
    int matched = 0;                       // rows whose code is a known area (or Japan)
    std::vector<std::string> unmatched;    // "13100 特別区部": rows whose code has no boundary
    std::vector<std::string> without_row;  // "07546 双葉町": municipalities of the boundaries it has no row for
    std::vector<std::string> skipped;      // "row 12: column A1101 '-' is not a number"
    std::vector<std::string> combined;     // codes of areas the source reports only as one (IPSS 07999)
    std::string summary() const;
};

// The codes a statistic may be joined to: every area at every level, and Japan.
using KnownCodes = std::set<std::string>;

}  // namespace rxmap::data
