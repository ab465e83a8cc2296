#include "server/api/search_service.h"

#include "server/http/json_error.h"
#include "server/api/layer_json.h"

namespace rxmap::server {

SearchService::SearchService(std::shared_ptr<const catalog::LayerCatalog> catalog)
    : catalog_(std::move(catalog)), places_(catalog_->atlas()) {}

Reply SearchService::handle(const Request& request) {
    const std::string q = request.target.query_value("q").value_or("");
    if (q.empty() || q.size() > queries::kMaxSearchQueryBytes)
        return json_error(400, "bad_parameter", "q must be 1 to 200 bytes of text");
    const queries::SearchAnswer found = places_.search(q);
    CPLJSONObject root;
    CPLJSONArray results;
    for (const queries::SearchHit& hit : found.hits) {
        const queries::Place& p = *hit.place;
        CPLJSONObject o;
        o.Add("code", p.area->code);
        o.Add("name", p.area->name);
        o.Add("prefecture", p.prefecture);
        o.Add("level", p.level);
        o.Add("match", queries::match_name(hit.match));
        o.Add("lon", p.lon);
        o.Add("lat", p.lat);
        CPLJSONArray bbox;
        for (double v : {p.west, p.south, p.east, p.north}) bbox.Add(v);
        o.Add("bbox", bbox);
        results.Add(o);
    }
    root.Add("query", q);
    root.Add("total", found.total);
    root.Add("truncated", found.truncated);
    root.Add("results", results);
    return json_document(root);
}

}  // namespace rxmap::server
