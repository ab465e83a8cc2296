#include "server/search_service.h"

#include <algorithm>

#include "layers/geometry.h"
#include "server/json_error.h"
#include "server/layer_json.h"
#include "common/tile_math.h"

namespace rxmap::server {

namespace {
constexpr size_t kMaxResults = 200;  // 「町」 alone matches ~740 names; a list longer than this is no answer
constexpr size_t kMaxQueryBytes = 200;
}  // namespace

SearchService::SearchService(std::shared_ptr<const catalog::LayerCatalog> catalog) : catalog_(std::move(catalog)) {
    const data::Atlas& atlas = catalog_->atlas();
    // Wards and municipalities (designated cities once, as the city), then prefectures.
    for (data::Level level : {data::Level::municipality, data::Level::ward, data::Level::prefecture}) {
        for (const data::Area& a : atlas.at(level)) {
            if (level == data::Level::ward && a.parent == a.code) continue;  // already listed as a municipality
            OGREnvelope env;
            data::from_wkb(a.wkb)->getEnvelope(&env);
            const auto sw = tiles::to_lonlat({env.MinX, env.MinY}), ne = tiles::to_lonlat({env.MaxX, env.MaxY});
            const auto centre = tiles::to_lonlat({a.label_x, a.label_y});
            const data::Area* pref = atlas.find(data::Level::prefecture, data::prefecture_area_code(a.pref_code));
            places_.push_back({&a, data::level_name(level), pref ? pref->name : "", sw.lon, sw.lat, ne.lon, ne.lat,
                               centre.lon, centre.lat});
        }
    }
}

namespace {

// How well a name answers the query: 0 the name itself, or the name but for a last
// 都道府県市区町村 (「長野」 for 長野県 and 長野市, 「府中」 for 府中市 and 府中町); 1 a name that
// starts with it; 2 a name that contains it; 3 only the prefecture and the name together
// (「長野県松本」); -1 no match.
int match_rank(const std::string& name, const std::string& with_prefecture, const std::string& q) {
    static const char* const kSuffixes[] = {"都", "道", "府", "県", "市", "区", "町", "村"};
    if (name == q || with_prefecture == q) return 0;
    for (const char* suffix : kSuffixes)
        if (name == q + suffix) return 0;
    if (name.rfind(q, 0) == 0) return 1;
    if (name.find(q) != std::string::npos) return 2;
    if (with_prefecture.find(q) != std::string::npos) return 3;
    return -1;
}

int level_order(const std::string& level) { return level == "prefecture" ? 0 : level == "municipality" ? 1 : 2; }

}  // namespace

Reply SearchService::handle(const Request& request) {
    const std::string q = request.target.query_value("q").value_or("");
    if (q.empty() || q.size() > kMaxQueryBytes)
        return json_error(400, "bad_parameter", "q must be 1 to 200 bytes of text");
    // Every match, best first: exact (or exact but for 県/市/町…), then prefix, then
    // anywhere in the name; within those prefectures, municipalities, wards; then by code.
    std::vector<std::pair<int, const Place*>> matches;
    for (const Place& p : places_) {
        const int rank = match_rank(p.area->name, p.level == "prefecture" ? p.area->name : p.prefecture + p.area->name, q);
        if (rank >= 0) matches.emplace_back(rank, &p);
    }
    std::stable_sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        const int la = level_order(a.second->level), lb = level_order(b.second->level);
        if (la != lb) return la < lb;
        return a.second->area->code < b.second->area->code;
    });
    CPLJSONObject root;
    CPLJSONArray results;
    for (size_t i = 0; i < matches.size() && i < kMaxResults; ++i) {
        const Place& p = *matches[i].second;
        CPLJSONObject o;
        o.Add("code", p.area->code);
        o.Add("name", p.area->name);
        o.Add("prefecture", p.prefecture);
        o.Add("level", p.level);
        static const char* const kMatch[] = {"exact", "prefix", "contains", "with-prefecture"};
        o.Add("match", kMatch[matches[i].first]);
        o.Add("lon", p.lon);
        o.Add("lat", p.lat);
        CPLJSONArray bbox;
        for (double v : {p.west, p.south, p.east, p.north}) bbox.Add(v);
        o.Add("bbox", bbox);
        results.Add(o);
    }
    root.Add("query", q);
    root.Add("total", static_cast<int>(matches.size()));
    root.Add("truncated", matches.size() > kMaxResults);
    root.Add("results", results);
    return json_document(root);
}

}  // namespace rxmap::server
