#pragma once
// The last step of every answer, between the service and the socket: the CORS
// field, 304 to a matching If-None-Match, gzip for clients that accept it, and one
// Vary field. Pure: it sees the response, what the request asked for and the
// server's settings, never a socket, so it is tested on its own.
#include <cstddef>
#include <memory>
#include <string>

#include "server/http/body_memo.h"
#include "server/http/cors.h"
#include "server/http/service.h"

namespace rxmap::server {

// What the request said that shapes the answer.
struct AnswerPreferences {
    std::string origin;         // Origin field ("" = none)
    std::string if_none_match;  // If-None-Match field ("" = none)
    bool accepts_gzip = false;  // Accept-Encoding allows gzip
};

struct FinalizeSettings {
    const CorsPolicy& cors;
    bool gzip = true;  // ServerOptions::gzip, gzip_min_bytes, gzip_level
    std::size_t gzip_min_bytes = 256;
    int gzip_level = 6;
    // gzip copies of shared bodies (cached documents), by body; null = none kept.
    BodyMemo<std::shared_ptr<const std::string>>* gzip_memo = nullptr;
};

struct FinalAnswer {
    Response response;
    bool not_modified = false;  // answered 304
    bool gzipped = false;       // body gzip-encoded here
};

// CORS: "*", or the request's Origin when listed (the answer then varies by Origin).
// gzip: only 200 answers in a text type of gzip_min_bytes or more, not encoded yet
// (Vary: Accept-Encoding whether or not this client accepts it). A 200 with an ETag
// matching If-None-Match becomes a bodiless 304 that keeps the validator and caching
// fields (RFC 9110 15.4.5); a gzipped answer's tag carries "-gzip".
FinalAnswer finalize_response(Response response, const AnswerPreferences& request, const FinalizeSettings& settings);

}  // namespace rxmap::server
