#include "server/api/facilities_service.h"

#include "queries/facilities.h"
#include "server/http/json_error.h"
#include "server/api/layer_json.h"

namespace rxmap::server {

namespace {

CPLJSONObject fit_json(const queries::FacilityModelRow& f) {
    CPLJSONObject o;
    o.Add("id", f.id);
    o.Add("facility", f.facility);
    o.Add("kind", f.kind);
    if (!f.indicator.empty()) {
        o.Add("indicator", f.indicator);
        o.Add("count_year", f.count_year);
    }
    add_number(o, "a", f.a);
    add_number(o, "b", f.b);
    o.Add("n", f.n);
    o.Add("present", f.present);
    o.Add("status", f.status);
    add_number(o, "p50_population", f.p50_population);
    add_number(o, "p80_population", f.p80_population);
    o.Add("note", f.note);
    o.Add("layer", "/tiles/facility-probability/" + f.id + "/{year}/{z}/{x}/{y}.png");
    return o;
}

}  // namespace

Reply FacilitiesService::handle(const Request& request) {
    const std::string sample = request.target.query_value("sample").value_or("all");
    if (sample != "all" && sample != "outside-three-metro")
        return json_error(400, "bad_parameter", "sample must be all or outside-three-metro");
    const queries::FacilitiesAnswer a = queries::facilities(
        *catalog_, sample == "all" ? queries::FacilitySample::all : queries::FacilitySample::outside_three_metro);
    CPLJSONObject root;
    root.Add("model", a.model);
    root.Add("sample", queries::sample_name(a.sample));
    CPLJSONArray fits;
    for (const auto& f : a.models) fits.Add(fit_json(f));
    root.Add("facilities", fits);
    CPLJSONArray published;
    for (const queries::PublishedPoint& p : a.published) {
        CPLJSONObject o;
        o.Add("facility", p.facility);
        add_number(o, "p50_population", p.p50_population);
        add_number(o, "p80_population", p.p80_population);
        o.Add("vintage", p.vintage);
        o.Add("quoted_from", p.quoted_from);
        published.Add(o);
    }
    root.Add("published_reference", published);
    return json_document(root);
}

}  // namespace rxmap::server
