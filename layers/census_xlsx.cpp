#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstring>
#include <map>

#include "layers/import_error.h"
#include "layers/stat_sources.h"

namespace rxmap::data {

namespace {

constexpr int kHeaderRows = 9;  // title, notes and three rows of column headings

struct Column {
    int sheet;            // 0: 第１面事項 (population), 1: 第２面事項 (labour)
    int year;             // the 2015 column is the 2015 census recounted on the 2020 boundaries (組替)
    const char* indicator;
    const char* heading;  // first heading cell that starts with this text (headings carry furigana after it)
    const char* label;
};
constexpr Column kColumns[] = {
    {0, 2015, "census:population", "2015年（平成27年）の人口", "2015年の人口（2020年の境域で組替）"},
    {0, 2020, "census:population", "総数", "総人口"},
    {0, 2020, "census:under15", "15歳未満", "15歳未満人口"},
    {0, 2020, "census:working_age", "15～64歳", "15～64歳人口"},
    {0, 2020, "census:elderly", "65歳以上", "65歳以上人口"},
    {1, 2020, "census:employed", "15歳以上\n就業者数", "15歳以上就業者数（常住地）"},
    {1, 2020, "census:employed_it", "G.情報通信業", "情報通信業就業者数（常住地）"},
};
constexpr int kSheets = 2;

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

void import_sheet(OGRLayer& sheet, int sheet_index, const std::string& path, const KnownCodes& known,
                  StatsTable& table, DatasetReport& report) {
    std::map<const Column*, int> columns;
    for (const Column& c : kColumns) {
        if (c.sheet != sheet_index) continue;
        const int index = find_column(sheet, c.heading);
        if (index < 0)
            throw ImportError(path + ": no column headed " + c.heading + " on sheet " + std::to_string(sheet_index + 1));
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
            report.unmatched.push_back(code + " " + area.substr(6));
            continue;
        }
        ++report.matched;
        for (const auto& [column, index] : columns) {
            double value = 0;
            const std::string text = f->IsFieldSetAndNotNull(index) ? f->GetFieldAsString(index) : "";
            if (text == "-") {  // 該当数値なし: none, a true zero (e.g. 双葉町, evacuated in 2015 and 2020)
                table.set(column->indicator, column->year, code, 0);
            } else if (parse_number(text, value)) {
                table.set(column->indicator, column->year, code, value);
            } else {
                report.skipped.push_back("sheet " + std::to_string(sheet_index + 1) + " row " + std::to_string(row) +
                                         " " + code + ": " + column->label + " '" + text + "' is not a number");
            }
        }
    }
}

}  // namespace

DatasetReport import_census_xlsx(const std::string& path, const KnownCodes& known, StatsTable& table) {
    DatasetReport report;
    report.dataset = "census2020_major_results";
    const char* open_options[] = {"HEADERS=DISABLE", "FIELD_TYPES=STRING", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                              open_options));
    if (!ds || ds->GetLayerCount() < kSheets) throw ImportError(path + ": cannot be read as the census workbook");
    for (int s = 0; s < kSheets; ++s) import_sheet(*ds->GetLayer(s), s, path, known, table, report);
    report.rows /= kSheets;  // each area has a row on both sheets
    report.matched /= kSheets;
    report.unmatched.resize(report.unmatched.size() / kSheets);
    return report;
}

}  // namespace rxmap::data
