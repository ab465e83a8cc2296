#include <cpl_error.h>
#include <cpl_json.h>

#include "layers/import_error.h"
#include "layers/stat_sources.h"

namespace rxmap::data {

namespace {
struct Metric {
    const char* indicator;
    const char* label;
};
// Order of each row of `values`, as the file's `metrics` says.
constexpr Metric kMetrics[] = {
    {"ipss:population", "総人口（推計）"},
    {"ipss:under15", "0～14歳人口（推計）"},
    {"ipss:working_age", "15～64歳人口（推計）"},
    {"ipss:elderly", "65歳以上人口（推計）"},
};
}  // namespace

DatasetReport import_ipss_json(const std::string& path, const KnownCodes& known, StatsTable& table) {
    DatasetReport report;
    report.dataset = "ipss2023_projections";
    CPLJSONDocument doc;
    if (!doc.Load(path)) throw ImportError(path + ": not valid JSON (" + CPLGetLastErrorMsg() + ")");
    const CPLJSONObject root = doc.GetRoot();
    const CPLJSONArray years = root.GetArray("years");
    const CPLJSONArray records = root.GetArray("records");
    if (!years.IsValid() || !records.IsValid()) throw ImportError(path + ": no 'years' or 'records' array");
    for (const Metric& m : kMetrics) table.describe({m.indicator, report.dataset, m.label});

    for (int r = 0; r < records.Size(); ++r) {
        const CPLJSONObject rec = records[r];
        const std::string code = rec.GetString("code");
        ++report.rows;
        // kind "9": several municipalities projected as one area (浜通り地域); kept under its own code.
        if (rec.GetString("kind") == "9" && !known.count(code)) {
            report.combined.push_back(code + " " + rec.GetString("municipality"));
        } else if (!known.count(code)) {
            report.unmatched.push_back(code + " " + rec.GetString("municipality"));
            continue;
        }
        ++report.matched;
        const CPLJSONArray values = rec.GetArray("values");
        for (int y = 0; y < years.Size() && y < values.Size(); ++y) {
            const CPLJSONArray row = values[y].ToArray();
            for (int m = 0; m < static_cast<int>(std::size(kMetrics)) && m < row.Size(); ++m) {
                const CPLJSONObject cell = row[m];
                if (cell.GetType() == CPLJSONObject::Type::Integer || cell.GetType() == CPLJSONObject::Type::Long ||
                    cell.GetType() == CPLJSONObject::Type::Double) {
                    table.set(kMetrics[m].indicator, years[y].ToInteger(), code, cell.ToDouble());
                } else {
                    report.skipped.push_back("record " + std::to_string(r) + " " + code + " year " +
                                             std::to_string(years[y].ToInteger()) + ": " + kMetrics[m].indicator +
                                             " is not a number");
                }
            }
        }
    }
    return report;
}

}  // namespace rxmap::data
