#pragma once
// What the styles tests (test_styles_*.cpp) share: a "#rrggbb" colour as numbers.
#include <string>

namespace rxmap::test::styles_support {

struct Rgb {
    int r, g, b;
};

inline Rgb rgb(const std::string& hex) {
    return {std::stoi(hex.substr(1, 2), nullptr, 16), std::stoi(hex.substr(3, 2), nullptr, 16),
            std::stoi(hex.substr(5, 2), nullptr, 16)};
}

}  // namespace rxmap::test::styles_support
