#pragma once
// Layers generated from the facility presence model (layers/facility_model.h):
//   facility-probability/{facility}/{year}: probability (%) that a municipality of its
//     projected population has the facility;
//   facility-risk/{facility}/{year}: municipalities that have it today and whose probability
//     falls below 50 %, coloured by how far below.
#include <vector>

#include "layers/facility_model.h"
#include "catalog/layer_definition.h"

namespace rxmap::catalog {

std::vector<LayerDefinition> facility_layers(const std::vector<data::FacilityFit>& fits);

}  // namespace rxmap::catalog
