#include "common/decimal_number.h"

#include <charconv>
#include <cmath>

namespace rxmap::common {

namespace {

// '-'? then digits and at most one '.', with a digit somewhere.
bool decimal_shape(std::string_view s, bool allow_point) {
    if (!s.empty() && s.front() == '-') s.remove_prefix(1);
    bool digit = false, point = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            digit = true;
        } else if (c == '.' && allow_point && !point) {
            point = true;
        } else {
            return false;
        }
    }
    return digit;
}

}  // namespace

std::optional<double> decimal_number(std::string_view text) {
    if (text.size() > 64 || !decimal_shape(text, true)) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, std::chars_format::fixed);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<long long> whole_number(std::string_view text) {
    if (!decimal_shape(text, false)) return std::nullopt;
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

}  // namespace rxmap::common
