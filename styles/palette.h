#pragma once
// ColorBrewer palettes (Cynthia Brewer, colorbrewer2.org; Apache-2.0 licence).
#include <string>
#include <vector>

#include "catalog/layer_config.h"

namespace rxmap::styles {

// Colours ("#rrggbb", lower case, lightest first for sequential schemes) of `name` for n classes
// (3..palette_max_classes(name)); throws std::invalid_argument for an unknown name or class count.
std::vector<std::string> palette(const std::string& name, int n);
bool has_palette(const std::string& name);

// qualitative: unordered colours for categories (ColorBrewer Paired, Set3).
enum class PaletteKind { sequential, diverging, qualitative };

// All throw std::invalid_argument for an unknown name.
PaletteKind palette_kind(const std::string& name);
int palette_min_classes(const std::string& name);  // 3 for every ColorBrewer scheme
int palette_max_classes(const std::string& name);  // 9 sequential, 11 diverging, 12 qualitative

// Scheme names: the sequential ones, then the diverging ones, then the qualitative ones.
std::vector<std::string> palette_names();

// ColorBrewer's colour-blind-safe flag for `name` with n classes. Only ColorBrewer's "safe" (1)
// counts; its "possibly safe" (2, e.g. Spectral and RdYlGn for 3..5 classes) is reported as false.
// False for a class count the scheme has no variant for.
bool colorblind_safe(const std::string& name, int n);

// Colours for a diverging map centred on a value (e.g. 0 % change): classes_below classes under the
// centre followed by classes_above classes over it (classes_below + classes_above colours, ordered
// like the palette, e.g. red..blue for RdBu), so that the lightest below-class sits just under the
// centre and the lightest above-class just over it; there is no neutral class.
// Rule: let m = max(classes_below, classes_above). Take the palette's even variant with 2*m classes
// (at least 4, the smallest even variant; at most the largest even variant, 10 for ColorBrewer),
// whose first half lies below the centre and second half above, and slice
// [half - classes_below, half + classes_above). When m exceeds half the largest even variant (m > 5)
// the indices are clamped to the ends, i.e. the darkest colour repeats on the longer side.
// Throws std::invalid_argument for an unknown or non-diverging name, negative counts or no classes.
std::vector<std::string> centered_colors(const std::string& diverging_name, int classes_below,
                                         int classes_above);

// The palettes above, as the layer configuration checks them (catalog/layer_config.h).
catalog::PaletteRules palette_rules();

constexpr const char* kNoDataColor = "#d9d9d9";
constexpr const char* kSeaColor = "#dbe9f2";

}  // namespace rxmap::styles
