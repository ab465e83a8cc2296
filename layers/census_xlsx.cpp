#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstring>
#include <map>

#include "layers/boundaries.h"
#include "layers/stat_sources.h"

namespace rxmap::layers {

namespace {

constexpr int kCensusYear = 2020;
constexpr int kHeaderRows = 9;  // title, notes and three rows of column headings

struct Column {
    const char* indicator;
    const char* heading;  // first heading cell that starts with this text
    const char* label;
};
// Sheet 1 (第１面事項): total population and the three age groups (persons).
constexpr Column kSheet1[] = {
    {"census:population", "総数", "総人口"},
    {"census:under15", "15歳未満", "15歳未満人口"},
    {"census:working_age", "15～64歳", "15～64歳人口"},
    {"census:elderly", "65歳以上", "65歳以上人口"},
};

// Field index of the first heading cell starting with `heading`, or -1.
int find_column(OGRLayer& layer, const char* heading) {
    layer.ResetReading();
    for (int row = 0; row < kHeaderRows; ++row) {
        std::unique_ptr<OGRFeature> f(layer.GetNextFeature());
        if (!f) break;
        for (int i = 0; i < f->GetFieldCount(); ++i)
            if (f->IsFieldSetAndNotNull(i) && std::strncmp(f->GetFieldAsString(i), heading, std::strlen(heading)) == 0)
                return i;
    }
    return -1;
}

}  // namespace

DatasetReport import_census_xlsx(const std::string& path, const KnownCodes& known, StatsTable& table) {
    DatasetReport report;
    report.dataset = "census2020_major_results";
    const char* open_options[] = {"HEADERS=DISABLE", "FIELD_TYPES=STRING", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                              open_options));
    if (!ds || ds->GetLayerCount() < 1) throw ImportError(path + ": cannot be read as a spreadsheet");
    OGRLayer& sheet = *ds->GetLayer(0);

    std::map<const Column*, int> columns;
    for (const Column& c : kSheet1) {
        const int index = find_column(sheet, c.heading);
        if (index < 0) throw ImportError(path + ": no column headed " + c.heading + " on sheet 1");
        columns[&c] = index;
        table.describe({c.indicator, report.dataset, c.label});
    }

    sheet.ResetReading();
    int row = 0;
    for (auto& f : sheet) {
        ++row;
        // Area cells read "01100_札幌市"; headings and notes have no code.
        const std::string area = f->IsFieldSetAndNotNull(1) ? f->GetFieldAsString(1) : "";
        if (row <= kHeaderRows || area.size() < 6 || area[5] != '_') continue;
        const std::string code = area.substr(0, 5);
        ++report.rows;
        if (!known.count(code)) {
            report.unmatched.push_back(code);
            continue;
        }
        ++report.matched;
        for (const auto& [column, index] : columns) {
            double value = 0;
            const std::string text = f->IsFieldSetAndNotNull(index) ? f->GetFieldAsString(index) : "";
            if (parse_number(text, value)) {
                table.set(column->indicator, kCensusYear, code, value);
            } else {
                report.skipped.push_back("row " + std::to_string(row) + " " + code + ": " + column->heading + " '" +
                                         text + "' is not a number");
            }
        }
    }
    return report;
}

}  // namespace rxmap::layers
