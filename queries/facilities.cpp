#include "queries/facilities.h"

#include "layers/facility_model.h"
#include "layers/indicator_values.h"
#include "layers/logistic_fit.h"

namespace rxmap::queries {

const char* sample_name(FacilitySample s) { return s == FacilitySample::all ? "all" : "outside-three-metro"; }

FacilitiesAnswer facilities(const catalog::LayerCatalog& catalog, FacilitySample sample) {
    const catalog::FacilityModels& models = catalog.facilities();
    FacilitiesAnswer a;
    a.model = "logit P(at least one) = a + b ln(population); maximum likelihood (Newton-Raphson)";
    a.sample = sample;
    for (const data::FacilityFit& f : sample == FacilitySample::all ? models.all_japan : models.outside_three_metro)
        a.models.push_back({f.id, f.facility, f.kind, f.indicator, f.year, f.a, f.b, f.n, f.present,
                            data::fit_status_name(f.status), f.p50_population, f.p80_population, f.note});
    for (const data::ReferencePoint& p : models.published)
        a.published.push_back({p.facility, p.p50_population.value_or(data::kNaN), p.p80_population, p.vintage, p.quoted_from});
    return a;
}

}  // namespace rxmap::queries
