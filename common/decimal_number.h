#pragma once
// Numbers as a query string may give them: decimal only. "12", "-3.5", "0.25" and
// ".5" are numbers; "0x10", "1e999", "1e3", "nan", "inf", "+1", " 1", "1 " and "" are
// not (strtod and std::stod would take several of these, and hex coordinates would
// silently move a click to the other side of the world).
#include <optional>
#include <string_view>

namespace rxmap::common {

// A finite decimal number: an optional '-', digits with at most one '.', at least one digit.
std::optional<double> decimal_number(std::string_view text);
// A whole decimal number: an optional '-' and digits, within long long.
std::optional<long long> whole_number(std::string_view text);

}  // namespace rxmap::common
