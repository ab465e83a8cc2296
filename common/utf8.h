#pragma once
// UTF-8 validity (RFC 3629).
#include <cstddef>
#include <string_view>

namespace rxmap::common {

// True when s is well-formed UTF-8: no overlong forms, no UTF-16 surrogates,
// nothing past U+10FFFF, no truncated sequence.
bool is_valid_utf8(std::string_view s);

// Length of the valid UTF-8 sequence that starts at s[i] (1 for ASCII), or 0.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

}  // namespace rxmap::common
