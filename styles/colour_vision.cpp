#include "styles/colour_vision.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

namespace rxmap::styles {

namespace {

using Matrix = double[3][3];

// Machado et al. (2009), Table 1, severity 1.0 (linear RGB in, linear RGB out).
constexpr Matrix kDeuteranopia = {{0.367322, 0.860646, -0.227968},
                                  {0.280085, 0.672501, 0.047413},
                                  {-0.011820, 0.042940, 0.968881}};
constexpr Matrix kProtanopia = {{0.152286, 1.052583, -0.204868},
                                {0.114503, 0.786281, 0.099216},
                                {-0.003882, -0.048116, 1.051998}};

int hex_digit(char c, const std::string& hex) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument("bad colour " + hex);
}

// sRGB components 0..1 of "#rrggbb" / "#rgb".
void parse(const std::string& hex, double rgb[3]) {
    if (hex.size() == 7 && hex[0] == '#') {
        for (int i = 0; i < 3; ++i) rgb[i] = (hex_digit(hex[1 + 2 * i], hex) * 16 + hex_digit(hex[2 + 2 * i], hex)) / 255.0;
        return;
    }
    if (hex.size() == 4 && hex[0] == '#') {
        for (int i = 0; i < 3; ++i) rgb[i] = hex_digit(hex[1 + i], hex) * 17 / 255.0;
        return;
    }
    throw std::invalid_argument("bad colour " + hex);
}

double to_linear(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

// CIE L*a*b*'s f(t), with the CIE's exact constants (epsilon 216/24389, kappa 24389/27).
double lab_f(double t) { return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116; }

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

const char* vision_name(Vision v) {
    switch (v) {
        case Vision::deuteranopia: return "deuteranopia";
        case Vision::protanopia: return "protanopia";
        default: return "normal";
    }
}

Lab lab_of(const std::string& hex, Vision vision) {
    double srgb[3], rgb[3];
    parse(hex, srgb);
    for (int i = 0; i < 3; ++i) rgb[i] = to_linear(srgb[i]);
    if (vision != Vision::normal) {
        const Matrix& m = vision == Vision::deuteranopia ? kDeuteranopia : kProtanopia;
        double out[3];
        for (int r = 0; r < 3; ++r)  // a simulated colour outside the gamut is clipped to it
            out[r] = std::clamp(m[r][0] * rgb[0] + m[r][1] * rgb[1] + m[r][2] * rgb[2], 0.0, 1.0);
        std::copy(out, out + 3, rgb);
    }
    // Linear sRGB -> XYZ (IEC 61966-2-1, D65), relative to the D65 white point.
    const double x = (0.4124564 * rgb[0] + 0.3575761 * rgb[1] + 0.1804375 * rgb[2]) / 0.95047;
    const double y = 0.2126729 * rgb[0] + 0.7151522 * rgb[1] + 0.0721750 * rgb[2];
    const double z = (0.0193339 * rgb[0] + 0.1191920 * rgb[1] + 0.9503041 * rgb[2]) / 1.08883;
    const double fx = lab_f(x), fy = lab_f(y), fz = lab_f(z);
    return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

double delta_e76(const Lab& p, const Lab& q) { return std::hypot(p.l - q.l, p.a - q.a, p.b - q.b); }

double delta_e76(const std::string& x, const std::string& y, Vision vision) {
    return delta_e76(lab_of(x, vision), lab_of(y, vision));
}

ClosestPair closest_pair(const std::vector<std::string>& colours) {
    std::set<std::string> seen;
    std::vector<std::string> distinct;
    for (const std::string& c : colours)
        if (seen.insert(lower(c)).second) distinct.push_back(c);
    ClosestPair best{"", "", Vision::normal, std::numeric_limits<double>::infinity()};
    for (Vision v : kVisions)
        for (size_t i = 0; i < distinct.size(); ++i)
            for (size_t j = i + 1; j < distinct.size(); ++j) {
                const double d = delta_e76(distinct[i], distinct[j], v);
                if (d < best.delta_e) best = {distinct[i], distinct[j], v, d};
            }
    return best;
}

}  // namespace rxmap::styles
