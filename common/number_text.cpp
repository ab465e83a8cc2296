#include "common/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace rxmap::common {

std::string significant_digits(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

std::string shortest_number(double v) {
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

double round_to(double v, int decimals) {
    if (!std::isfinite(v)) return v;
    const double f = std::pow(10.0, decimals);
    const double r = std::round(v * f) / f;
    return r == 0 ? 0.0 : r;  // no "-0"
}

std::string grouped_number(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    const size_t begin = s[0] == '-' ? 1 : 0;
    size_t end = s.find('.');
    if (end == std::string::npos) end = s.size();
    for (size_t i = end; i > begin + 3; i -= 3) s.insert(i - 3, ",");
    if (begin == 1) s.replace(0, 1, "\u2212");  // a true minus sign, as typeset tables use
    return s;
}

std::string large_number(double v, bool japanese) {
    const double a = std::abs(v);
    if (japanese && a >= 1e4) return grouped_number(v / 1e4, 1) + "万";
    if (!japanese && a >= 1e6) return grouped_number(v / 1e6, 2) + "M";
    if (!japanese && a >= 1e4) return grouped_number(v / 1e3, 0) + "k";
    return grouped_number(v, 0);
}

}  // namespace rxmap::common
