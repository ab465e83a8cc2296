#pragma once
// JSON pieces that several endpoints share, built with GDAL's CPLJSONObject.
#include <cpl_json.h>

#include <optional>
#include <string>
#include <string_view>

#include "server/http/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

// A number, or null when it is not finite.
void add_number(CPLJSONObject& o, const std::string& key, double v);
CPLJSONObject bilingual(const std::string& ja, const std::string& en);
// An area's "value" and "state" (catalog/value_reading.h): the number with state "value", or
// null with why there is none ("none_today", "no_risk", "no_data"), never a sentinel.
void add_value(CPLJSONObject& o, const catalog::LayerDefinition& d, const data::AreaValue* v);
Response json_document(const CPLJSONObject& o, int max_age_seconds = 300);

// The variant named by the path after `prefix`, without `extension` (".json"); nullopt when unknown.
std::optional<catalog::Variant> variant_from_path(const catalog::LayerCatalog& catalog, std::string_view path,
                                                 std::string_view prefix, std::string_view extension);

// The prefecture named by the request's `pref=` ("20", "20000", 長野県 or 長野) as its code "20":
// "" when there is no pref=, nullopt (and *error says why) when it names no prefecture.
std::optional<std::string> pref_parameter(const Request& request, const data::Atlas& atlas, std::string* error);

}  // namespace rxmap::server
