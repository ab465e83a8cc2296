#pragma once
// Every value behind a choropleth variant, to take away: one row per area (only one
// prefecture's when asked) with its prefecture, value, state, class and its label, and the
// numbers the value is computed from. Values are rounded to the layer's digits + 2 (no
// 15-digit floats), counts to 2 decimals; an area without a number has its state and NaN,
// never −1 or 0. /api/values writes these through GDAL's CSV, XLSX and GeoJSON drivers.
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"
#include "catalog/value_reading.h"
#include "layers/indicator_values.h"
#include "layers/geometry.h"

namespace rxmap::queries {

struct ValueRow {
    const data::Area* area = nullptr;
    std::string prefecture_code, prefecture;  // "20", 長野県; "" above prefectures
    catalog::ValueState state = catalog::ValueState::no_data;
    double value = data::kNaN;                 // finite only when state is value
    double numerator = data::kNaN, denominator = data::kNaN;
    double base_value = data::kNaN;            // change layers: the numerator in base_year
    int cls = -1;                              // class index, -1: no data
    std::string class_label;                   // the legend's Japanese label (データなし for -1)
};

struct ValuesTable {
    std::string numerator_label;               // 総人口; 推計人口 for facility layers
    std::string denominator_label;             // "" without a denominator
    int base_year = 0;                         // change layers' base year; 0 for others
    std::string credits;                       // the credit lines joined by " / "
    std::vector<ValueRow> rows;                // atlas order, merged areas last
};

// `pref_code` "20": only that prefecture's areas; "": every area of the variant.
ValuesTable values(const catalog::LayerCatalog& catalog, const catalog::Variant& variant, const std::string& pref_code);

// The row's area boundary in Web Mercator (EPSG:3857), for writers that carry geometry.
data::GeometryPtr boundary(const ValueRow& row);

}  // namespace rxmap::queries
