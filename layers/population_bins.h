#pragma once
// Municipalities by population class, for all Japan and outside the 三大都市圏, in any year the
// table has (2020 census-based IPSS base year, projections to 2050).
#include <set>
#include <string>
#include <vector>

#include "layers/stats_table.h"

namespace rxmap::data {

struct PopulationBin {
    std::string label_ja, label_en;  // "8千–1万", "8k–10k"
    double lower = 0, upper = 0;     // lower <= population < upper; upper is +inf for the last class
    int all_japan = 0;
    int outside_three_metro = 0;
};

// The 11 classes with zero counts: 0–2千, 2–4千, 4–6千, 6–8千, 8千–1万, 1–2万, 2–5万, 5–10万,
// 10–20万, 20–50万, 50万–.
std::vector<PopulationBin> population_bin_classes();

// Index of the class holding `population` (>= 0), or -1 for a negative or NaN value.
int population_bin_index(double population);

constexpr const char* kBinPopulationIndicator = "ipss:population";

// Counts the municipalities in `municipality_codes` (the municipality level: designated cities as one
// city, e.g. "01100", not their wards "01101", and no prefectures "PP000") by their value of
// `indicator` in `year`. A municipality is outside the 三大都市圏 when its prefecture (first two
// digits) is not in `three_metro_prefectures` (see three_metro_prefectures() in facility_model.h).
//
// Codes without a value that year are not counted; they are appended to `*missing` when given.
// With ipss:population these are the 6 Northern Territory villages (01695–01700, no statistics at all)
// and Fukushima's 13 浜通り municipalities, which IPSS projects only as the combined area 07999
// 浜通り地域: one population for 13 municipalities cannot be put into per-municipality classes, so
// they are left out of every IPSS year (2020–2050), and 07999 (not a municipality code) is never
// counted. Pass indicator "census:population" (year 2020) to count them from the census instead;
// the census has no figure for 双葉町 (07546, evacuated in 2020, published as "-"), so it is missing there.
std::vector<PopulationBin> population_bins(const StatsTable& stats, int year,
                                           const std::set<std::string>& municipality_codes,
                                           const std::set<std::string>& three_metro_prefectures,
                                           const std::string& indicator = kBinPopulationIndicator,
                                           std::vector<std::string>* missing = nullptr);

}  // namespace rxmap::data
