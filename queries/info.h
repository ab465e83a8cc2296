#pragma once
// What a map says about one area: the area at a point (or with a code) on a variant, with its
// value and state, class and legend label, the numbers behind the value, its prefecture's and
// Japan's value, the series over the layer's years and, for facility layers, the probability
// itself and the populations at 50 %/80 %. Flow layers answer the prefecture's flows instead
// (flow_info.h). For click pop-ups, tables, comparisons (/info), vector tiles and prints.
#include <optional>
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"
#include "catalog/value_reading.h"
#include "layers/indicator_values.h"
#include "layers/geometry.h"
#include "queries/area_finder.h"
#include "queries/bilingual.h"
#include "queries/flow_info.h"

namespace rxmap::queries {

struct InfoAsk {
    std::optional<std::string> code;  // "20382", or a member of a merged area ("07545"); else the point
    double lon = 0, lat = 0;          // degrees
    bool outline = false;             // add the area's simplified boundary
};

// no_area: no area with that code at the level, or none at the point (sea, outside Japan).
enum class InfoError { none, no_area };

// The numbers a value is computed from, each with its label (reading text), indicator code
// (kept in the data, never in reading text) and unit as published (地方税 in 千円).
struct InfoNumbers {
    double numerator = data::kNaN;
    std::string numerator_label, numerator_code;
    Bilingual numerator_unit;
    bool has_denominator = false;
    double denominator = data::kNaN;
    std::string denominator_label, denominator_code;  // sums as "A + B"
    Bilingual denominator_unit;
    int base_year = 0;                                // change layers; 0 for others
    double base = data::kNaN;
    std::string base_label;
    Bilingual base_unit;
    bool has_facilities_today = false;                // facility-risk layers: the count today
    double facilities_today = data::kNaN;
    std::string facilities_today_label, facilities_today_code;
};

// One of a categorical layer's first three eligible categories (industry-top: an industry).
struct TopCategory {
    Bilingual name;
    std::string code;                                 // the category's indicator
    double value = data::kNaN, share = data::kNaN, numerator = data::kNaN;  // value: LQ when relative to Japan; share %
};

// Facility layers: the probability (%) at the area's projected population, the populations at
// 50 %/80 %, the mean probability of its prefecture's and Japan's municipalities that year,
// and the probability over the years.
struct FacilityReading {
    std::string name;                                 // 一般病院
    double population = data::kNaN, probability = data::kNaN;
    double p50_population = data::kNaN, p80_population = data::kNaN;
    double prefecture_mean_probability = data::kNaN, japan_mean_probability = data::kNaN;
    std::vector<std::pair<int, double>> probability_series;  // year, % (NaN without people)
};

struct SeriesPoint {
    int year = 0;
    const data::AreaValue* value = nullptr;           // catalog::value_state reads it
};

struct InfoAnswer {
    InfoError error = InfoError::none;
    std::string detail;                               // why, in English, when error != none
    std::optional<FlowInfo> flow;                     // flow layers: this instead of what follows

    const data::Area* area = nullptr;
    double lon = 0, lat = 0;                          // its label point, degrees
    data::GeometryPtr outline;                        // lon/lat, simplified to ~1/500 of its size; when asked
    std::optional<std::string> prefecture;            // its prefecture's name
    const data::AreaValue* value = nullptr;
    catalog::ValueState state = catalog::ValueState::no_data;  // merged when asked for a member of a merged area
    std::optional<std::pair<std::string, std::string>> asked;  // that member: code, name
    std::optional<InfoNumbers> numbers;               // when there is a value
    std::optional<std::vector<TopCategory>> top_categories;  // categorical layers and industry-lq/*
    int cls = -1;                                     // class index, -1: no data
    Bilingual class_label;
    std::string color;                                // the class's "#rrggbb"
    // Ward and municipality levels of layers offered by prefecture: the prefecture's value
    // (NaN when it has none) and, for categorical layers, its category's label.
    std::optional<double> prefecture_value;
    std::optional<Bilingual> prefecture_class_label;
    double japan_value = data::kNaN;
    std::optional<Bilingual> japan_note;              // why there is no value for Japan
    std::optional<FacilityReading> facility;
    std::optional<std::vector<SeriesPoint>> series;   // layers with more than one year
    std::vector<std::string> merged_members;          // a merged area's members: "双葉町 (07545)"
    Bilingual merged_reason;                          // why they are shown as one
};

InfoAnswer info(const catalog::LayerCatalog& catalog, AreaFinder& finder, const catalog::Variant& variant,
                const InfoAsk& ask);

}  // namespace rxmap::queries
