#pragma once
// ColorBrewer palettes (Cynthia Brewer, colorbrewer2.org; Apache-2.0 licence).
#include <string>
#include <vector>

namespace rxmap::styles {

// Colours ("#rrggbb") of `name` for n classes (3..9); throws std::invalid_argument otherwise.
std::vector<std::string> palette(const std::string& name, int n);
bool has_palette(const std::string& name);

constexpr const char* kNoDataColor = "#d9d9d9";
constexpr const char* kSeaColor = "#dbe9f2";

}  // namespace rxmap::styles
