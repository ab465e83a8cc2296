#pragma once
// A layer's numbers for one year at one level: a count, a ratio of two counts,
// or a percent change. Areas of aggregate levels (prefecture, bloc, METI bureau)
// sum their municipalities' counts first and recompute the ratio from the sums,
// never averaging ratios.
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "layers/atlas.h"
#include "layers/facility_model.h"

namespace rxmap::data {

struct IndicatorRef {
    std::string indicator;  // "ipss:population"
    int year = 0;           // 0: the layer's year (or the indicator's only year)
};

struct ValueSpec {
    IndicatorRef numerator;
    // Years whose numerator comes from another source (the population layer's census years).
    std::map<int, IndicatorRef> numerator_by_year;
    std::optional<IndicatorRef> minus;  // numerator - minus (in-migrants - out-migrants)
    std::optional<IndicatorRef> denominator;
    std::vector<IndicatorRef> denominator_plus;  // added to the denominator (labour force = employed + unemployed)
    double multiplier = 1;  // 100 for %, 1000 for per 1,000
    int change_from = 0;    // when set: % change of (numerator/denominator) from this year
    // Draw areas that a source reports only together (IPSS 浜通り地域) as one area.
    bool merged_areas = false;
    // Divide by Japan's value (a location quotient, 特化係数).
    bool relative_to_japan = false;
    // Aggregate levels sum municipalities; false: the table holds the areas' own values (a ratio published by prefecture).
    bool aggregate = true;
    // Facility presence: the model's probability (%) at the numerator (the projected population).
    std::shared_ptr<const FacilityFit> presence;
    const IndicatorRef& numerator_for(int year) const {
        const auto it = numerator_by_year.find(year);
        return it == numerator_by_year.end() ? numerator : it->second;
    }
    // With presence: areas that have the facility today (count >= 1) valued by how many
    // percentage points their probability falls below 50 % (0 when it does not); -1 for none today.
    bool presence_risk = false;
    // Categorical: each area takes the category i (numerator = categories[i]) whose value is highest
    // among those whose numerator is at least min_share % of the denominator; its value is i.
    std::vector<IndicatorRef> categories;
    double min_share = 0;
};

// One category of an area in a categorical layer.
struct CategoryScore {
    int category = 0;
    double value = 0;      // what ranks the categories (a location quotient when relative_to_japan)
    double share = 0;      // numerator / denominator, %
    double numerator = 0;  // e.g. the industry's employees
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct AreaValue {
    double value = kNaN;
    double numerator = kNaN, denominator = kNaN;            // at the year
    double base_numerator = kNaN, base_denominator = kNaN;  // at change_from
    std::vector<CategoryScore> ranking;  // categorical layers: the eligible categories, best first
};

using ValueMap = std::unordered_map<std::string, AreaValue>;  // area code -> value (areas without data absent)

// The areas a layer draws at a level (merged areas replace their members when asked).
std::vector<const Area*> layer_areas(const Atlas& atlas, Level level, bool merged_areas);

ValueMap compute_values(const ValueSpec& spec, int year, Level level, const Atlas& atlas);
// Japan as a whole (sum of every municipality).
std::optional<AreaValue> japan_value(const ValueSpec& spec, int year, const Atlas& atlas);

// "ssdse:C2211@2021" -> {ssdse:C2211, 2021}; "ipss:population" -> {ipss:population, 0}.
IndicatorRef parse_indicator_ref(const std::string& text);
std::string to_string(const IndicatorRef& ref);

}  // namespace rxmap::data
