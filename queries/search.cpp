#include "queries/search.h"

#include <algorithm>

#include "layers/geometry.h"
#include "common/tile_math.h"

namespace rxmap::queries {

namespace {

// How well a name answers the text (match_name), or -1 for no match.
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

const char* match_name(MatchKind m) {
    static const char* const kNames[] = {"exact", "prefix", "contains", "with-prefecture"};
    return kNames[static_cast<int>(m)];
}

PlaceIndex::PlaceIndex(const data::Atlas& atlas) {
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

SearchAnswer PlaceIndex::search(const std::string& q) const {
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
    SearchAnswer answer;
    answer.total = static_cast<int>(matches.size());
    answer.truncated = matches.size() > kMaxSearchResults;
    for (size_t i = 0; i < matches.size() && i < kMaxSearchResults; ++i)
        answer.hits.push_back({matches[i].second, static_cast<MatchKind>(matches[i].first)});
    return answer;
}

}  // namespace rxmap::queries
