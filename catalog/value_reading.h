#pragma once
// How a layer's value reads for a person: its digits, whether a high value is good or bad,
// the ranks that mean something for it, and the states that are not numbers (a facility-risk
// layer's -1 "none today" and 0 "not at risk" are class keys for the tiles, never values to print).
// /layers, /info, /api/rank, /api/values and the legends read these, so they agree.
#include <string>
#include <vector>

#include "catalog/layer_definition.h"

namespace rxmap::catalog {

// "value" when the area has a number to read; otherwise why it has none.
enum class ValueState { value, none_today, no_risk, no_data, merged };
const char* state_name(ValueState s);
ValueState value_state(const LayerDefinition& d, const data::AreaValue* v);

// The decimals a reader sees the value with: the layer's `decimals`, else 0.
int value_digits(const LayerDefinition& d);

// "better", "worse" or "neither" (the layer's `higher_is`).
const std::string& higher_is(const LayerDefinition& d);

// The groups /api/rank answers for (within=): "prefecture", "japan", "peers". None for
// categories; no "peers" for facility layers (their probability follows population by
// construction, so peers of one population class have nearly the same one).
std::vector<std::string> rank_scopes(const LayerDefinition& d);
bool offers_rank(const LayerDefinition& d, const std::string& within);

}  // namespace rxmap::catalog
