#pragma once
// Hashes for the tile stores: a content address for tile bodies (SHA-1, hex) and
// a cheap 64-bit FNV-1a for version strings.
#include <cstdint>
#include <string>
#include <string_view>

namespace rxmap::tiles {

// 40 hex digits: SHA-1 of the bytes. Used as the name of a stored tile body.
std::string content_hash(std::string_view bytes);

class Fnv64 {
public:
    Fnv64& add(std::string_view bytes);
    Fnv64& add(double v);  // as its shortest exact text
    Fnv64& add(long long v);
    std::uint64_t value() const { return h_; }
    std::string hex() const;  // 16 hex digits

private:
    std::uint64_t h_ = 14695981039346656037ull;
};

}  // namespace rxmap::tiles
