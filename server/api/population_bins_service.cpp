#include "server/api/population_bins_service.h"

#include "common/decimal_number.h"
#include "queries/population_bins.h"
#include "server/http/json_error.h"
#include "server/api/layer_json.h"

namespace rxmap::server {

Reply PopulationBinsService::handle(const Request& request) {
    const std::string year_text = request.target.query_value("year").value_or("2020");
    const auto whole = common::whole_number(year_text);
    if (!whole || *whole < 1000 || *whole > 9999)
        return json_error(400, "bad_parameter", "year must be a year in decimal digits, not '" + year_text + "'");
    const queries::PopulationBinsAnswer a =
        queries::population_bins(*catalog_, {static_cast<int>(*whole), request.target.query_value("source")});
    if (a.error != queries::PopulationBinsError::none) return json_error(400, "bad_parameter", a.detail);

    CPLJSONObject root;
    root.Add("year", a.year);
    root.Add("source", a.source);
    root.Add("indicator", a.indicator);
    CPLJSONArray rows;
    for (const queries::PopulationBinRow& b : a.bins) {
        CPLJSONObject o;
        o.Add("label", bilingual(b.label_ja, b.label_en));
        o.Add("lower", b.lower);
        add_number(o, "upper", b.upper);
        o.Add("all_japan", b.all_japan);
        o.Add("outside_three_metro", b.outside_three_metro);
        rows.Add(o);
    }
    root.Add("bins", rows);
    root.Add("total_all_japan", a.total_all_japan);
    root.Add("total_outside_three_metro", a.total_outside_three_metro);
    CPLJSONArray not_counted;
    for (const auto& m : a.not_counted) not_counted.Add(m);
    root.Add("not_counted", not_counted);
    root.Add("note", a.note);
    return json_document(root);
}

}  // namespace rxmap::server
