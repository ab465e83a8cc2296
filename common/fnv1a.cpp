#include "common/fnv1a.h"

#include <cstdio>

#include "common/number_text.h"

namespace rxmap::common {

std::uint64_t fnv1a_64(std::string_view bytes, std::uint64_t hash) {
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= kFnv64Prime;
    }
    return hash;
}

std::uint32_t fnv1a_32(std::string_view bytes, std::uint32_t hash) {
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= kFnv32Prime;
    }
    return hash;
}

std::string hex64(std::uint64_t value) {
    std::string out;
    append_hex64(out, value);
    return out;
}

void append_hex64(std::string& out, std::uint64_t value) {
    static constexpr char kDigits[] = "0123456789abcdef";
    const std::size_t at = out.size();
    out.resize(at + 16);
    for (int i = 0; i < 16; ++i) out[at + 15 - static_cast<std::size_t>(i)] = kDigits[(value >> (4 * i)) & 0xf];
}

Fnv64& Fnv64::add(std::string_view bytes) {
    h_ = fnv1a_64("\xff", fnv1a_64(bytes, h_));
    return *this;
}

Fnv64& Fnv64::add(double v) { return add(significant_digits(v, 17)); }

Fnv64& Fnv64::add(long long v) { return add(std::to_string(v)); }

}  // namespace rxmap::common
