#pragma once
// Prefectures, municipalities and wards by name (Japanese, no kana needed), best first: the
// name itself or but for its last 都道府県市区町村 (「長野」 → 長野県, 長野市), then names
// starting with the text, then containing it, then 「県名+市町村名」; within those prefectures,
// municipalities, wards, then by code. Each place with its prefecture, centre and bounds in
// lon/lat, so a map can fly there.
#include <memory>
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"

namespace rxmap::queries {

constexpr size_t kMaxSearchResults = 200;     // 「町」 alone matches ~740 names; a list longer than this is no answer
constexpr size_t kMaxSearchQueryBytes = 200;

enum class MatchKind { exact, prefix, contains, with_prefecture };
const char* match_name(MatchKind m);  // "exact", "prefix", "contains", "with-prefecture"

struct Place {
    const data::Area* area = nullptr;
    std::string level, prefecture;           // "municipality", 長野県
    double west = 0, south = 0, east = 0, north = 0;  // bounds, lon/lat
    double lon = 0, lat = 0;                  // label point
};

struct SearchHit {
    const Place* place = nullptr;
    MatchKind match = MatchKind::exact;
};

struct SearchAnswer {
    std::vector<SearchHit> hits;  // at most kMaxSearchResults, best first
    int total = 0;                // every match
    bool truncated = false;       // total > hits.size()
};

// The places of an atlas (designated cities once, as the city), built once: bounds need every
// boundary read.
class PlaceIndex {
public:
    explicit PlaceIndex(const data::Atlas& atlas);
    // `text`: 1 to kMaxSearchQueryBytes bytes (the caller checks).
    SearchAnswer search(const std::string& text) const;

private:
    std::vector<Place> places_;
};

}  // namespace rxmap::queries
