#pragma once
// Each facility's presence model (logit P(at least one) = a + b ln population): the populations
// at which the probability reaches 50 % and 80 %, the fit's sample and status, on all Japan or
// outside the 三大都市圏, with MLIT's published reference points beside them.
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"

namespace rxmap::queries {

enum class FacilitySample { all, outside_three_metro };
const char* sample_name(FacilitySample s);  // "all", "outside-three-metro"

struct FacilityModelRow {
    std::string id, facility, kind;  // "hospital", 一般病院, "fitted" or "reference"
    std::string indicator;           // "ssdse:I5101"; "" for reference types
    int count_year = 0;              // year of the counts; 0 for reference types
    double a = 0, b = 0;             // NaN when there is no curve
    int n = 0, present = 0;          // municipalities in the sample, of which with the facility
    std::string status;              // "converged", "exact", "no-variation", …
    double p50_population = 0, p80_population = 0;  // NaN when there is no curve
    std::string note;
};

struct PublishedPoint {
    std::string facility;
    double p50_population = 0;       // NaN when only the 80 % point is published
    double p80_population = 0;
    std::string vintage, quoted_from;
};

struct FacilitiesAnswer {
    std::string model;               // the model in words
    FacilitySample sample = FacilitySample::all;
    std::vector<FacilityModelRow> models;
    std::vector<PublishedPoint> published;
};

FacilitiesAnswer facilities(const catalog::LayerCatalog& catalog, FacilitySample sample);

}  // namespace rxmap::queries
