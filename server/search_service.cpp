#include "server/search_service.h"

#include "layers/geometry.h"
#include "server/json_error.h"
#include "server/layer_json.h"
#include "tiles/tile_math.h"

namespace rxmap::server {

namespace {
constexpr size_t kMaxResults = 20;
constexpr size_t kMaxQueryBytes = 200;
}  // namespace

SearchService::SearchService(std::shared_ptr<const styles::LayerCatalog> catalog) : catalog_(std::move(catalog)) {
    const layers::Atlas& atlas = catalog_->atlas();
    // Wards and municipalities (designated cities once, as the city), then prefectures.
    for (layers::Level level : {layers::Level::municipality, layers::Level::ward, layers::Level::prefecture}) {
        for (const layers::Area& a : atlas.at(level)) {
            if (level == layers::Level::ward && a.parent == a.code) continue;  // already listed as a municipality
            OGREnvelope env;
            layers::from_wkb(a.wkb)->getEnvelope(&env);
            const auto sw = tiles::to_lonlat({env.MinX, env.MinY}), ne = tiles::to_lonlat({env.MaxX, env.MaxY});
            const auto centre = tiles::to_lonlat({a.label_x, a.label_y});
            const layers::Area* pref = atlas.find(layers::Level::prefecture, layers::prefecture_area_code(a.pref_code));
            places_.push_back({&a, layers::level_name(level), pref ? pref->name : "", sw.lon, sw.lat, ne.lon, ne.lat,
                               centre.lon, centre.lat});
        }
    }
}

Reply SearchService::handle(const Request& request) {
    const std::string q = request.target.query_value("q").value_or("");
    if (q.empty() || q.size() > kMaxQueryBytes)
        return json_error(400, "bad_parameter", "q must be 1 to 200 bytes of text");
    CPLJSONObject root;
    CPLJSONArray results;
    size_t n = 0;
    for (const Place& p : places_) {
        if (p.area->name.find(q) == std::string::npos && (p.prefecture + p.area->name).find(q) == std::string::npos)
            continue;
        CPLJSONObject o;
        o.Add("code", p.area->code);
        o.Add("name", p.area->name);
        o.Add("prefecture", p.prefecture);
        o.Add("level", p.level);
        o.Add("lon", p.lon);
        o.Add("lat", p.lat);
        CPLJSONArray bbox;
        for (double v : {p.west, p.south, p.east, p.north}) bbox.Add(v);
        o.Add("bbox", bbox);
        results.Add(o);
        if (++n == kMaxResults) break;
    }
    root.Add("query", q);
    root.Add("results", results);
    return json_document(root);
}

}  // namespace rxmap::server
