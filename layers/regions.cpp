#include "layers/regions.h"

#include "layers/csv_table.h"
#include "layers/import_error.h"

namespace rxmap::data {

Regions read_regions(const std::string& path) {
    CsvTable csv;
    try {
        csv = read_csv_table(path);
    } catch (const std::runtime_error& e) {
        throw ImportError(e.what());
    }
    int code_col = 0, name_col = 0, bloc_col = 0, meti_col = 0, tokyo_col = 0, metro_col = 0;
    try {
        code_col = csv.column("pref_code");
        name_col = csv.column("prefecture");
        bloc_col = csv.column("bloc");
        meti_col = csv.column("meti_bureau");
        tokyo_col = csv.column("tokyo_area");
        metro_col = csv.column("three_metro_areas");
    } catch (const std::runtime_error& e) {
        throw ImportError(e.what());
    }
    Regions regions;
    for (const CsvTable::Row& row : csv.rows) {
        auto cell = [&](int column) -> const std::string& { return CsvTable::cell(row, column); };
        std::string code = cell(code_col);
        if (code.size() == 1) code = "0" + code;  // a spreadsheet may have dropped the leading zero
        auto flag = [&](int column) { return cell(column) == "0" || cell(column) == "1"; };
        if (code.size() != 2 || !flag(tokyo_col) || !flag(metro_col))
            throw ImportError(path + ":" + std::to_string(row.line) +
                              ": expected a two-digit pref_code and tokyo_area, three_metro_areas 0 or 1");
        PrefectureRegion r{code, cell(name_col), cell(bloc_col), cell(meti_col), cell(tokyo_col) == "1",
                           cell(metro_col) == "1"};
        regions[r.pref_code] = r;
    }
    return regions;
}

std::set<std::string> three_metro_prefectures(const Regions& regions) {
    std::set<std::string> prefs;
    for (const auto& [code, r] : regions)
        if (r.three_metro_areas) prefs.insert(code);
    return prefs;
}

}  // namespace rxmap::data
