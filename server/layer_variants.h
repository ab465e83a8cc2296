#pragma once
// Every addressable variant of the catalog's layers, their titles, and the
// extent of Japan that TileJSON and WMTS documents advertise.
#include <string>
#include <string_view>
#include <vector>

#include "styles/layer_catalog.h"

namespace rxmap::server {

// Japan, 与那国島 to 南鳥島 and 沖ノ鳥島 to 宗谷岬, in lon/lat (west, south, east, north).
struct LonLatBounds {
    double west, south, east, north;
};
constexpr LonLatBounds kJapanBounds{122.93, 20.42, 153.99, 45.56};
// Where a map of the whole country opens: lon, lat, zoom.
constexpr double kJapanCenterLon = 138, kJapanCenterLat = 37;
constexpr int kJapanCenterZoom = 5;

// Each definition's default variant, then each year x each level it offers,
// in catalog order, without duplicates (by key). Only paths the catalog
// resolves are listed, so layers with other dimensions (flows) contribute at
// least their default.
std::vector<styles::Variant> all_variants(const styles::LayerCatalog& catalog);

// "総人口 2020年 区・市町村" / "Population 2020 ward": the layer's title and the
// variant's dimensions (year and level for choropleths, the rest of the key
// otherwise).
std::string variant_title_ja(const styles::Variant& variant);
std::string variant_title_en(const styles::Variant& variant);

// The variant's key with '/' replaced by '.', for identifiers that must not
// contain '/' (WMTS layer identifiers): "population.2020.ward".
std::string variant_identifier(const styles::Variant& variant);

// HTML/XML text and attribute escaping (& < > " ').
std::string xml_escape(std::string_view s);

}  // namespace rxmap::server
