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

}  // namespace rxmap::tiles
