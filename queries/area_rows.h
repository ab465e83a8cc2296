#pragma once
// The rows behind a choropleth variant: every area it draws with its prefecture,
// value, class and the numbers the value is computed from. Ranks (/api/rank) and
// downloads (/api/values) read the same rows as /info, so their values agree.
#include <cmath>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"

namespace rxmap::queries {

struct AreaRow {
    const data::Area* area = nullptr;
    std::string prefecture;                       // its prefecture's name; "" above prefectures
    const data::AreaValue* value = nullptr;     // null: no data
    int cls = -1;                                 // class index, -1: no data
    bool has_value() const { return value && std::isfinite(value->value); }
};

// Every area of a choropleth variant in atlas order (merged areas last), or only
// those of one prefecture ("20") when pref_code is given.
std::vector<AreaRow> area_rows(const catalog::LayerCatalog& catalog, const catalog::Variant& variant,
                               const std::string& pref_code = {});

// The labels of the numbers behind a value: "総人口" for ipss:population, and so on.
std::string indicator_label(const data::Atlas& atlas, const std::string& indicator);

// The unit a source publishes an indicator in ({ja, en}): 人 for population counts, 千円 for
// SSDSE's finance amounts (D3…), % for its published ratios (D22…), 施設 for facility counts.
std::pair<std::string, std::string> indicator_unit(const std::string& indicator);

}  // namespace rxmap::queries
