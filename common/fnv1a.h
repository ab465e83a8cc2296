#pragma once
// FNV-1a (Fowler–Noll–Vo), 32 and 64 bit: a cheap, stable, non-cryptographic hash.
// Its values are persisted or compared across processes (ETags, tile versions,
// PostGIS schema names, facility ids), so they must never change: the constants
// below are the published offset bases and primes.
#include <cstdint>
#include <string>
#include <string_view>

namespace rxmap::common {

constexpr std::uint64_t kFnv64OffsetBasis = 14695981039346656037ull;
constexpr std::uint64_t kFnv64Prime = 1099511628211ull;
constexpr std::uint32_t kFnv32OffsetBasis = 2166136261u;
constexpr std::uint32_t kFnv32Prime = 16777619u;

// The hash of bytes, or, given the hash of a prefix, of prefix + bytes.
std::uint64_t fnv1a_64(std::string_view bytes, std::uint64_t hash = kFnv64OffsetBasis);
std::uint32_t fnv1a_32(std::string_view bytes, std::uint32_t hash = kFnv32OffsetBasis);

// 16 lowercase hex digits.
std::string hex64(std::uint64_t value);
void append_hex64(std::string& out, std::uint64_t value);

// A running 64-bit hash of several fields. Each field is followed by a separator
// byte, so ("ab", "c") and ("a", "bc") differ.
class Fnv64 {
public:
    Fnv64& add(std::string_view bytes);
    Fnv64& add(double v);  // as "%.17g" (exact)
    Fnv64& add(long long v);
    std::uint64_t value() const { return h_; }
    std::string hex() const { return hex64(h_); }

private:
    std::uint64_t h_ = kFnv64OffsetBasis;
};

}  // namespace rxmap::common
