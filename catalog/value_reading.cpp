#include "catalog/value_reading.h"

#include <algorithm>
#include <cmath>

namespace rxmap::catalog {

const char* state_name(ValueState s) {
    switch (s) {
        case ValueState::value: return "value";
        case ValueState::none_today: return "none_today";
        case ValueState::no_risk: return "no_risk";
        case ValueState::no_data: return "no_data";
        case ValueState::merged: return "merged";
    }
    return "no_data";
}

ValueState value_state(const LayerDefinition& d, const data::AreaValue* v) {
    if (!v || !std::isfinite(v->value)) return ValueState::no_data;
    if (d.value.presence_risk) {  // see data::presence_values: -1 none today, 0 not below 50 %
        if (v->value < 0) return ValueState::none_today;
        if (v->value == 0) return ValueState::no_risk;
    }
    return ValueState::value;
}

int value_digits(const LayerDefinition& d) { return d.decimals >= 0 ? d.decimals : 0; }

const std::string& higher_is(const LayerDefinition& d) { return d.higher_is; }

std::vector<std::string> rank_scopes(const LayerDefinition& d) {
    if (d.kind != LayerDefinition::Kind::choropleth || d.method == Method::categorical) return {};
    if (!d.rank_scopes.empty()) return d.rank_scopes;
    if (d.value.presence) return {"prefecture", "japan"};
    return {"prefecture", "peers", "japan"};
}

bool offers_rank(const LayerDefinition& d, const std::string& within) {
    const auto scopes = rank_scopes(d);
    return std::find(scopes.begin(), scopes.end(), within) != scopes.end();
}

}  // namespace rxmap::catalog
