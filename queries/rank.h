#pragma once
// Where an area stands among others on a choropleth variant, with the whole ordered list.
// 1 is the largest value; equal values share a position (1, 2, 2, 4). facility-risk layers
// rank by the probability of keeping the facility, lowest first (1: the area most at risk),
// and leave out the areas without the facility today (counted in none_today).
//
// Groups: `prefecture` the areas of one prefecture, `japan` every area of the level, `peers`
// the wards and municipalities in the same population class as population_bins.h in the
// variant's year (2020 for layers without projections): 辰野町 among all 1–2万 municipalities.
//
// Answered by /api/rank; vector tiles, prints and the CLI ask the same. Which scopes mean
// something for a layer (catalog::offers_rank) and flows or categorical layers (nothing to
// rank) are the caller's to check first.
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"
#include "catalog/value_reading.h"
#include "layers/indicator_values.h"

namespace rxmap::queries {

enum class RankScope { prefecture, japan, peers };
const char* scope_name(RankScope s);  // "prefecture", "japan", "peers"

struct RankAsk {
    std::string code;                          // the area to place ("20382"; a member of a merged area too); "" for the list only
    RankScope within = RankScope::prefecture;
    std::string pref_code;                     // "20": the prefecture's list when no code is given
};

// Why there is no ranking. unknown_area, no_area_in_prefecture: no such area (or no area of that
// prefecture) at this level; the others are asks that mean nothing at this level or without an
// area (a prefecture group of prefectures, peers of nothing). An area that has no place (no value,
// none of the facility today) is not an error: has_area and !ranked, with its state.
enum class RankError { none, unknown_area, no_area_in_prefecture, needs_local_level, needs_code_or_pref, needs_code };

struct RankedArea {
    const data::Area* area = nullptr;
    std::string prefecture;                    // its prefecture's name; "" above prefectures
    const data::AreaValue* value = nullptr;
    catalog::ValueState state = catalog::ValueState::no_data;
    int cls = -1;                              // class index, -1: no data
    int position = 0;                          // 1-based; 0 when the area has no place
    double probability = data::kNaN;           // facility-risk layers: % of keeping the facility
};

struct RankGroup {
    RankScope within = RankScope::prefecture;
    std::string code;                          // prefecture group: "20"
    std::string name_ja, name_en, rule_ja, rule_en;
    // peers: the population class and the year it is read in.
    int population_year = 0;
    double population_lower = 0, population_upper = 0;  // upper +inf for the last class
};

struct RankAnswer {
    RankError error = RankError::none;
    std::string detail;                        // why, in English, when error != none
    // The area asked for (when code was given). Without a place (no value, none of the facility
    // today, or no population class of its own): ranked false, position 0, and its state.
    bool has_area = false;
    bool ranked = false;
    RankedArea area;
    RankGroup group;
    bool by_probability = false;               // facility-risk: ascending probability of keeping it
    std::vector<RankedArea> list;              // the group, best position first
    int count = 0;                             // areas ranked
    int no_data = 0;                           // areas of the group without a value
    int none_today = 0;                        // facility-risk: areas without the facility today
};

RankAnswer rank(const catalog::LayerCatalog& catalog, const catalog::Variant& variant, const RankAsk& ask);

}  // namespace rxmap::queries
