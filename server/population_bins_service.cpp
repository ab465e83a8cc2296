#include "server/population_bins_service.h"

#include "layers/indicator_values.h"
#include "layers/population_bins.h"
#include "server/json_error.h"
#include "server/layer_json.h"

namespace rxmap::server {

Reply PopulationBinsService::handle(const Request& request) {
    const std::string year_text = request.target.query_value("year").value_or("2020");
    const auto& atlas = catalog_->atlas();
    const auto years = atlas.stats.years(layers::kBinPopulationIndicator);
    int year = 0;
    try {
        size_t used = 0;
        year = std::stoi(year_text, &used);
        if (used != year_text.size()) year = 0;
    } catch (const std::exception&) {
    }
    if (std::find(years.begin(), years.end(), year) == years.end())
        return json_error(400, "bad_parameter", "year must be one of 2020, 2025, ..., 2050");

    std::set<std::string> municipalities;
    for (const auto& m : atlas.at(layers::Level::municipality)) municipalities.insert(m.code);
    std::vector<std::string> missing;
    const auto bins = layers::population_bins(atlas.stats, year, municipalities,
                                              catalog_->facilities().three_metro_prefectures,
                                              layers::kBinPopulationIndicator, &missing);
    CPLJSONObject root;
    root.Add("year", year);
    root.Add("source", "ipss:population");
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
    root.Add("note", "The six 北方領土 villages have no statistics; IPSS projects Fukushima's 13 浜通り municipalities only as one area (07999), which is not counted.");
    return json_document(root);
}

}  // namespace rxmap::server
