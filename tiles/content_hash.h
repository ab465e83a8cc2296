#pragma once
// A content address for tile bodies (SHA-1, hex, by OpenSSL). Version strings use the cheaper
// FNV-1a of common/fnv1a.h.
#include <string>
#include <string_view>

namespace rxmap::tiles {

// 40 hex digits: SHA-1 of the bytes. Used as the name of a stored tile body.
std::string content_hash(std::string_view bytes);

}  // namespace rxmap::tiles
