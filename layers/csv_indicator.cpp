#include "layers/csv_indicator.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cctype>
#include <map>
#include <sstream>

#include "layers/csv_table.h"
#include "layers/import_error.h"
#include "layers/stat_sources.h"

namespace rxmap::data {

namespace {

// Key cell -> area code, or "" when the key names no area.
std::string area_code(std::string key, const Atlas& atlas, const std::map<std::string, std::string>& pref_by_name) {
    if (key.size() > 5 && key[0] >= 'A' && key[0] <= 'Z' && std::isdigit(static_cast<unsigned char>(key[1])))
        key.erase(0, 1);  // SSDSE's R01100
    if (key.size() > 6 && key[5] == '_') key.resize(5);  // the census's 01100_札幌市
    if (key == "全国" || key == "00" || key == kJapanCode) return kJapanCode;
    if (key.size() == 6 && key.find_first_not_of("0123456789") == std::string::npos)
        return area_code(key.substr(0, 5), atlas, pref_by_name);  // JIS code with check digit
    if (key.size() == 5) {
        for (Level l : {Level::ward, Level::municipality, Level::prefecture})
            if (atlas.find(l, key)) return key;
        return {};
    }
    if ((key.size() == 2 || key.size() == 1) && key.find_first_not_of("0123456789") == std::string::npos) {
        const std::string pref = key.size() == 1 ? "0" + key : key;
        return atlas.find(Level::prefecture, prefecture_area_code(pref)) ? prefecture_area_code(pref) : "";
    }
    auto it = pref_by_name.find(key);
    return it == pref_by_name.end() ? "" : it->second;
}

}  // namespace

namespace {

// The file as GDAL's CSV driver reads it: UTF-8, the naming header row first, then the data. Header rows
// beyond the first (SSDSE's years and labels) are returned in `extra_headers`.
std::string prepared_copy(const CsvIndicator& csv, std::vector<std::string>& extra_headers) {
    if (csv.encoding.empty() && csv.header_rows <= 1) return csv.path;
    std::istringstream text(read_as_utf8(csv.path, csv.encoding));
    std::string out, line;
    for (int row = 1; std::getline(text, line); ++row) {
        if (row > 1 && row <= csv.header_rows) extra_headers.push_back(line);
        else out += line + '\n';
    }
    const std::string copy = "/vsimem/rxmap_" + std::to_string(reinterpret_cast<uintptr_t>(&csv)) + ".csv";
    VSILFILE* f = VSIFOpenL(copy.c_str(), "wb");
    VSIFWriteL(out.data(), 1, out.size(), f);
    VSIFCloseL(f);
    return copy;
}

}  // namespace

DatasetReport import_csv_indicator(const CsvIndicator& csv, Atlas& atlas) {
    DatasetReport report;
    report.dataset = csv.dataset.empty() ? csv.path : csv.dataset;
    GDALAllRegister();
    std::vector<std::string> extra_headers;
    const std::string readable = prepared_copy(csv, extra_headers);
    const char* options[] = {"AUTODETECT_TYPE=NO", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(readable.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options));
    if (readable != csv.path) VSIUnlink(readable.c_str());  // GDAL keeps what it needs open
    if (!ds || ds->GetLayerCount() < 1) throw ImportError(csv.path + ": cannot be read as CSV");
    OGRLayer& layer = *ds->GetLayer(0);
    OGRFeatureDefn& defn = *layer.GetLayerDefn();
    const int key_i = defn.GetFieldIndex(csv.key_column.c_str());
    if (key_i < 0) throw ImportError(csv.path + ": no column '" + csv.key_column + "'");

    // Value columns: field index -> (indicator, year).
    std::vector<std::string> years_row;
    if (csv.year_row > 1) {
        if (csv.year_row > static_cast<int>(extra_headers.size()) + 1)
            throw ImportError(csv.path + ": no header row " + std::to_string(csv.year_row) + " for the years");
        years_row = split_csv_line(extra_headers[csv.year_row - 2]);
    }
    const bool dataset = csv.indicator.find(':') == std::string::npos;  // a dataset id, not "csv:<layer>"
    std::map<int, std::pair<std::string, int>> columns;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        const std::string name = defn.GetFieldDefn(i)->GetNameRef();
        if (i == key_i || (csv.value_column != "*" && name != csv.value_column)) continue;
        const int year = i < static_cast<int>(years_row.size()) ? std::atoi(years_row[i].c_str()) : csv.year;
        columns[i] = {dataset ? csv.indicator + ":" + name : csv.indicator, year > 0 ? year : csv.year};
    }
    if (columns.empty()) throw ImportError(csv.path + ": no column '" + csv.value_column + "'");

    std::map<std::string, std::string> pref_by_name;
    for (const Area& p : atlas.at(Level::prefecture)) pref_by_name[p.name] = p.code;
    std::map<int, int> numbers;                           // per column: cells that were numbers
    std::map<int, std::vector<std::string>> not_numbers;  // per column: the cells that were not
    int line = csv.header_rows;
    for (auto& f : layer) {
        ++line;
        ++report.rows;
        const std::string key = f->GetFieldAsString(key_i);
        const std::string code = area_code(key, atlas, pref_by_name);
        if (code.empty()) {
            report.unmatched.push_back(key + " (line " + std::to_string(line) + ")");
            continue;
        }
        ++report.matched;
        for (const auto& [i, target] : columns) {
            double value = 0;
            const std::string text = f->GetFieldAsString(i);
            if (parse_number(text, value)) {
                atlas.stats.set(target.first, target.second, code, value);
                ++numbers[i];
            } else {
                not_numbers[i].push_back("line " + std::to_string(line) + " " + key + ": " +
                                         defn.GetFieldDefn(i)->GetNameRef() + " '" + text + "' is not a number");
            }
        }
    }
    for (const auto& [i, target] : columns) {
        // With "*", a column without any number (SSDSE's prefecture and municipality names) is a label.
        if (csv.value_column == "*" && !numbers[i]) continue;
        atlas.stats.describe({target.first, report.dataset, defn.GetFieldDefn(i)->GetNameRef()});
        report.skipped.insert(report.skipped.end(), not_numbers[i].begin(), not_numbers[i].end());
    }
    return report;
}

}  // namespace rxmap::data
