#pragma once
// Municipalities per population class in a year, all Japan and outside the 三大都市圏: the table
// beside a facility presence chart, and the classes /api/rank's peers are drawn from. Counted
// from the census in census years (every municipality on its own) or from IPSS in its
// projection years (浜通り projected as one area, so its 13 municipalities are not counted).
#include <optional>
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"

namespace rxmap::queries {

struct PopulationBinsAsk {
    int year = 2020;
    std::optional<std::string> source;  // "census" or "ipss"; none: IPSS where it has the year, else the census
};

// unknown_source: source is neither census nor ipss; no_year: no source (or not the one asked) has the year.
enum class PopulationBinsError { none, unknown_source, no_year };

struct PopulationBinRow {
    std::string label_ja, label_en;  // "8千–1万", "8k–10k"
    double lower = 0, upper = 0;     // lower <= population < upper; upper +inf for the last class
    int all_japan = 0, outside_three_metro = 0;
};

struct PopulationBinsAnswer {
    PopulationBinsError error = PopulationBinsError::none;
    std::string detail;                  // why, in English, when error != none
    int year = 0;
    std::string source, indicator, note;  // "ipss", "ipss:population", what is not counted and why
    std::vector<PopulationBinRow> bins;
    int total_all_japan = 0, total_outside_three_metro = 0;
    std::vector<std::string> not_counted;  // municipality codes without a population that year
};

PopulationBinsAnswer population_bins(const catalog::LayerCatalog& catalog, const PopulationBinsAsk& ask);

}  // namespace rxmap::queries
