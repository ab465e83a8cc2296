#pragma once
// How far apart two colours look, in normal vision and with simulated colour-vision deficiency:
// sRGB -> CIE L*a*b* (D65) and CIE76 ΔE, with dichromacy simulated by the matrices of Machado,
// Oliveira & Fernandes (2009, "A Physiologically-based Model for Simulation of Color Vision
// Deficiency", IEEE TVCG 15(6)) at severity 1.0, applied to linear RGB.
// Used to check that every legend's colours stay apart (tests/test_legend_colours.cpp).
#include <string>
#include <vector>

namespace rxmap::styles {

enum class Vision { normal, deuteranopia, protanopia };
const char* vision_name(Vision);  // "normal", "deuteranopia", "protanopia"
constexpr Vision kVisions[] = {Vision::normal, Vision::deuteranopia, Vision::protanopia};

struct Lab {
    double l = 0, a = 0, b = 0;
};

// "#rrggbb" or "#rgb" (either case) as seen with `vision`; throws std::invalid_argument otherwise.
Lab lab_of(const std::string& hex, Vision vision = Vision::normal);
double delta_e76(const Lab& x, const Lab& y);
double delta_e76(const std::string& hex_x, const std::string& hex_y, Vision vision = Vision::normal);

// The pair of distinct colours (compared case-insensitively; a repeated colour is one colour)
// that look closest in any of the three visions. delta_e is +infinity for fewer than two colours.
struct ClosestPair {
    std::string x, y;
    Vision vision = Vision::normal;
    double delta_e = 0;
};
ClosestPair closest_pair(const std::vector<std::string>& colours);

}  // namespace rxmap::styles
