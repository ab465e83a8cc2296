#pragma once
// Every addressable variant of the catalog's layers and their titles.
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"

namespace rxmap::server {

// Each definition's default variant, then each year x each level it offers,
// in catalog order, without duplicates (by key). Only paths the catalog
// resolves are listed, so layers with other dimensions (flows) contribute at
// least their default.
std::vector<catalog::Variant> all_variants(const catalog::LayerCatalog& catalog);

// "総人口 2020年 区・市町村" / "Population 2020 ward": the layer's title and the
// variant's dimensions (year and level for choropleths, the rest of the key
// otherwise).
std::string variant_title_ja(const catalog::Variant& variant);
std::string variant_title_en(const catalog::Variant& variant);

// The variant's key with '/' replaced by '.', for identifiers that must not
// contain '/' (WMTS layer identifiers): "population.2020.ward".
std::string variant_identifier(const catalog::Variant& variant);

}  // namespace rxmap::server
