#include "queries/population_bins.h"

#include <algorithm>
#include <set>

#include "layers/population_bins.h"

namespace rxmap::queries {

namespace {

// The population a year's classes are counted from.
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

PopulationBinsAnswer failed(PopulationBinsError error, std::string detail) {
    PopulationBinsAnswer a;
    a.error = error;
    a.detail = std::move(detail);
    return a;
}

}  // namespace

PopulationBinsAnswer population_bins(const catalog::LayerCatalog& catalog, const PopulationBinsAsk& ask) {
    const data::Atlas& atlas = catalog.atlas();
    const BinSource& census = kBinSources[0];
    const BinSource& ipss = kBinSources[1];
    const BinSource* source = nullptr;
    if (!ask.source)
        source = offers(atlas.stats, ipss, ask.year) ? &ipss : offers(atlas.stats, census, ask.year) ? &census : nullptr;
    for (const BinSource& s : kBinSources)
        if (ask.source && *ask.source == s.name) source = &s;
    if (!source) {
        if (ask.source) return failed(PopulationBinsError::unknown_source, "source must be census or ipss");
        return failed(PopulationBinsError::no_year, "year must be one of census " + year_list(atlas.stats, census) +
                                                         " or ipss " + year_list(atlas.stats, ipss));
    }
    if (!offers(atlas.stats, *source, ask.year))
        return failed(PopulationBinsError::no_year, std::string("year must be one of ") + year_list(atlas.stats, *source) +
                                                         " for source=" + source->name);

    std::set<std::string> municipalities;
    for (const auto& m : atlas.at(data::Level::municipality)) municipalities.insert(m.code);
    PopulationBinsAnswer a;
    a.year = ask.year;
    a.source = source->name;
    a.indicator = source->indicator;
    a.note = source->note;
    for (const data::PopulationBin& b : data::population_bins(atlas.stats, ask.year, municipalities,
                                                              catalog.facilities().three_metro_prefectures,
                                                              source->indicator, &a.not_counted)) {
        a.bins.push_back({b.label_ja, b.label_en, b.lower, b.upper, b.all_japan, b.outside_three_metro});
        a.total_all_japan += b.all_japan;
        a.total_outside_three_metro += b.outside_three_metro;
    }
    return a;
}

}  // namespace rxmap::queries
