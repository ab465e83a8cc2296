#include "layers/csv_indicator.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <map>

#include "layers/boundaries.h"
#include "layers/stat_sources.h"

namespace rxmap::layers {

namespace {

// Key cell -> area code, or "" when the key names no area.
std::string area_code(const std::string& key, const Atlas& atlas, const std::map<std::string, std::string>& pref_by_name) {
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

DatasetReport import_csv_indicator(const CsvIndicator& csv, Atlas& atlas) {
    DatasetReport report;
    report.dataset = csv.dataset.empty() ? csv.path : csv.dataset;
    GDALAllRegister();
    const char* options[] = {"AUTODETECT_TYPE=NO", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(csv.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, options));
    if (!ds || ds->GetLayerCount() < 1) throw ImportError(csv.path + ": cannot be read as CSV");
    OGRLayer& layer = *ds->GetLayer(0);
    const int key_i = layer.GetLayerDefn()->GetFieldIndex(csv.key_column.c_str());
    const int value_i = layer.GetLayerDefn()->GetFieldIndex(csv.value_column.c_str());
    if (key_i < 0) throw ImportError(csv.path + ": no column '" + csv.key_column + "'");
    if (value_i < 0) throw ImportError(csv.path + ": no column '" + csv.value_column + "'");

    std::map<std::string, std::string> pref_by_name;
    for (const Area& p : atlas.at(Level::prefecture)) pref_by_name[p.name] = p.code;
    atlas.stats.describe({csv.indicator, report.dataset, csv.value_column});
    int line = 1;  // the header
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
        double value = 0;
        const std::string text = f->GetFieldAsString(value_i);
        if (parse_number(text, value))
            atlas.stats.set(csv.indicator, csv.year, code, value);
        else
            report.skipped.push_back("line " + std::to_string(line) + " " + key + ": '" + text + "' is not a number");
    }
    return report;
}

}  // namespace rxmap::layers
