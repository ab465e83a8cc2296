#include "tiles/content_hash.h"

#include <boost/uuid/detail/sha1.hpp>

#include <cstdio>

namespace rxmap::tiles {

std::string content_hash(std::string_view bytes) {
    boost::uuids::detail::sha1 sha;
    sha.process_bytes(bytes.data(), bytes.size());
    boost::uuids::detail::sha1::digest_type digest;
    sha.get_digest(digest);
    char out[41];
    for (int i = 0; i < 5; ++i) std::snprintf(out + 8 * i, 9, "%08x", static_cast<unsigned>(digest[i]));
    return std::string(out, 40);
}

Fnv64& Fnv64::add(std::string_view bytes) {
    for (unsigned char c : bytes) {
        h_ ^= c;
        h_ *= 1099511628211ull;
    }
    h_ ^= 0xff;  // a separator, so ("ab","c") and ("a","bc") differ
    h_ *= 1099511628211ull;
    return *this;
}

Fnv64& Fnv64::add(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return add(std::string_view(buf));
}

Fnv64& Fnv64::add(long long v) { return add(std::string_view(std::to_string(v))); }

std::string Fnv64::hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
}

}  // namespace rxmap::tiles
