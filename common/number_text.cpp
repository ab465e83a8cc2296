#include "common/number_text.h"

#include <charconv>
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

}  // namespace rxmap::common
