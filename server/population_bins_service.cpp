#include "server/population_bins_service.h"

#include "common/decimal_number.h"
#include "layers/indicator_values.h"
#include "layers/population_bins.h"
#include "server/json_error.h"
#include "server/layer_json.h"

namespace rxmap::server {

namespace {

// The population a year's classes are counted from: the census for census years (every municipality
// on its own), IPSS for its projection years (浜通り projected as one area, not counted).
struct BinSource {
    const char* name;
    const char* indicator;
    const char* note;
};
constexpr BinSource kBinSources[] = {
    {"census", "census:population",
     "国勢調査 (2015: recounted on the 2020 boundaries); every municipality on its own, 双葉町 etc. with no "
     "residents counted as 0. The six 北方領土 villages have no statistics."},
    {"ipss", data::kBinPopulationIndicator,
     "The six 北方領土 villages have no statistics; IPSS projects Fukushima's 13 浜通り municipalities only as one "
     "area (07999), which is not counted."},
};

bool offers(const data::StatsTable& stats, const BinSource& s, int year) {
    const auto years = stats.years(s.indicator);
    return std::find(years.begin(), years.end(), year) != years.end();
}

std::string year_list(const data::StatsTable& stats, const BinSource& s) {
    std::string out;
    for (int y : stats.years(s.indicator)) out += (out.empty() ? "" : ", ") + std::to_string(y);
    return out;
}

}  // namespace

Reply PopulationBinsService::handle(const Request& request) {
    const std::string year_text = request.target.query_value("year").value_or("2020");
    const auto source_name = request.target.query_value("source");
    const auto& atlas = catalog_->atlas();
    const auto whole = common::whole_number(year_text);
    if (!whole || *whole < 1000 || *whole > 9999)
        return json_error(400, "bad_parameter", "year must be a year in decimal digits, not '" + year_text + "'");
    const int year = static_cast<int>(*whole);
    // Without source=: IPSS where it has the year (as before), else the census.
    const BinSource& census = kBinSources[0];
    const BinSource& ipss = kBinSources[1];
    const BinSource* source = nullptr;
    if (!source_name)
        source = offers(atlas.stats, ipss, year) ? &ipss : offers(atlas.stats, census, year) ? &census : nullptr;
    for (const BinSource& s : kBinSources)
        if (source_name && *source_name == s.name) source = &s;
    if (!source) {
        if (source_name) return json_error(400, "bad_parameter", "source must be census or ipss");
        return json_error(400, "bad_parameter", "year must be one of census " + year_list(atlas.stats, census) +
                                                    " or ipss " + year_list(atlas.stats, ipss));
    }
    if (!offers(atlas.stats, *source, year))
        return json_error(400, "bad_parameter",
                          std::string("year must be one of ") + year_list(atlas.stats, *source) + " for source=" + source->name);

    std::set<std::string> municipalities;
    for (const auto& m : atlas.at(data::Level::municipality)) municipalities.insert(m.code);
    std::vector<std::string> missing;
    const auto bins = data::population_bins(atlas.stats, year, municipalities,
                                              catalog_->facilities().three_metro_prefectures,
                                              source->indicator, &missing);
    CPLJSONObject root;
    root.Add("year", year);
    root.Add("source", source->name);
    root.Add("indicator", source->indicator);
    CPLJSONArray rows;
    int total = 0, outside = 0;
    for (const auto& b : bins) {
        CPLJSONObject o;
        o.Add("label", bilingual(b.label_ja, b.label_en));
        o.Add("lower", b.lower);
        add_number(o, "upper", b.upper);
        o.Add("all_japan", b.all_japan);
        o.Add("outside_three_metro", b.outside_three_metro);
        total += b.all_japan;
        outside += b.outside_three_metro;
        rows.Add(o);
    }
    root.Add("bins", rows);
    root.Add("total_all_japan", total);
    root.Add("total_outside_three_metro", outside);
    CPLJSONArray not_counted;
    for (const auto& m : missing) not_counted.Add(m);
    root.Add("not_counted", not_counted);
    root.Add("note", source->note);
    return json_document(root);
}

}  // namespace rxmap::server
