#pragma once
// JSON string literals (RFC 8259) for documents written by hand.
#include <string>
#include <string_view>

namespace rxmap::common {

// The contents of a JSON string for s (no quotes): '"' and '\\' escaped,
// \n \r \t by name, other control characters (and DEL) as \u00XX, valid UTF-8
// as is, and each byte of invalid UTF-8 as \ufffd, so the output is valid JSON
// whatever the input.
std::string json_escape(std::string_view s);

// The same between double quotes: a complete JSON string value.
std::string json_quote(std::string_view s);

}  // namespace rxmap::common
