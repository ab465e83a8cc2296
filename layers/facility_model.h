#pragma once
// Facility presence model: the probability that a municipality has at least one
// facility of a type, as a logistic function of ln(population):
//
//     P(present | P) = 1 / (1 + exp(-(a + b ln P)))
//
// Fitted types: 13 SSDSE-A facility counts (municipality level), fitted by maximum
// likelihood (fit_logistic). Reference types: published 50 % / 80 % populations
// (facts/facility_presence_reference.csv) define the curve through the two points.
// See docs/facility-model.md.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "layers/logistic_fit.h"
#include "layers/stats_table.h"

namespace rxmap::data {

struct FacilityFit {
    std::string id;         // stable ASCII id for URLs: "general-clinic", "starbucks"
    std::string facility;   // Japanese display name: 一般診療所
    std::string indicator;  // "ssdse:I5102"; empty for reference types
    int year = 0;           // year of the counts (fitted) or 0 (reference)
    double a = 0, b = 0;    // logit P = a + b ln(population); NaN when there is no curve
    int n = 0;              // sample size (municipalities with a population > 0 and a count)
    int present = 0;        // of which count >= 1
    double sample_min_population = 0, sample_max_population = 0;  // range the curve rests on (fitted)
    bool converged = false; // true when the curve is usable (status converged or exact)
    int iterations = 0;
    FitStatus status = FitStatus::too_few;
    double p50_population = 0, p80_population = 0;  // exp((logit(p) - a) / b); NaN when no curve
    std::string kind;       // "fitted" or "reference"
    std::string note;       // sample, exclusions and status (fitted); vintage and source (reference)

    // Probability of presence at `population` (> 0); NaN when the fit has no curve.
    double probability(double population) const;
    // Population at which the probability is `p` (0 < p < 1); NaN when the fit has no curve.
    double population_at(double p) const;
};

// One of the 13 SSDSE-A facility counts that fit_facilities models.
struct FacilityType {
    const char* id;         // "general-clinic"
    const char* name;       // 一般診療所
    const char* indicator;  // "ssdse:I5102"
    int year;               // the column's year in SSDSE-A-2025 (2022)
};
const std::vector<FacilityType>& ssdse_facility_types();

// Total population used as the regressor: SSDSE-A A1101 (2020 census), the same rows as the counts.
constexpr const char* kFacilityPopulationIndicator = "ssdse:A1101";

// Fits the 13 SSDSE facility types, in the order of ssdse_facility_types(). The sample is every
// code with both a count and a population > 0 (双葉町 had 0 residents in 2020 and drops out),
// excluding codes whose prefecture ("13" of "13101") is in `excluded_prefectures`.
// Uses the latest year the table holds for each indicator.
std::vector<FacilityFit> fit_facilities(const StatsTable& stats,
                                        const std::set<std::string>& excluded_prefectures = {});

// Prefecture codes ("11", "12", ...) with three_metro_areas = 1 in facts/regions.csv (read_regions).
// Throws ImportError when the file cannot be read or lacks the columns.
std::set<std::string> three_metro_prefectures(const std::string& regions_csv_path);

// A row of facts/facility_presence_reference.csv.
struct ReferencePoint {
    std::string id;                      // facility_id(facility)
    std::string facility;                // Japanese name as published
    std::optional<double> p50_population;
    double p80_population = 0;
    std::string vintage;                 // data_vintage: "2010"
    std::string quoted_from;
};

// Every row, in file order (including types that are also fitted, and rows with only p80).
// Throws std::runtime_error naming the file and line on a malformed row.
std::vector<ReferencePoint> read_reference_points(const std::string& reference_csv_path);

// The logistic through (p50_population, 0.5) and (p80_population, 0.8); kind "reference".
// Throws std::invalid_argument unless 0 < p50 < p80.
FacilityFit logistic_through(const std::string& facility, double p50_population, double p80_population);

// Reference types: rows with both p50 and p80 whose facility is not one of the 13 fitted types,
// as curves through their two points (status exact). Rows with only p80 are left out.
std::vector<FacilityFit> reference_facilities(const std::string& reference_csv_path);

// Stable ASCII id for a Japanese facility name ("一般診療所" -> "general-clinic"). Names without
// a listed id get "ref-" and 8 hex digits of a hash of the name (stable while the name is).
std::string facility_id(std::string_view japanese_name);

// The first fit whose id or Japanese name equals `id_or_japanese_name`, or nullptr.
const FacilityFit* find_facility(const std::vector<FacilityFit>& fits, std::string_view id_or_japanese_name);

}  // namespace rxmap::data
