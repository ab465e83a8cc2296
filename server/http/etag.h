#pragma once
// Entity tags (RFC 9110 8.8.3) and If-None-Match (RFC 9110 13.1.2).
#include <cstdint>
#include <string>
#include <string_view>

namespace rxmap::server {

// A strong validator for these bytes: "\"<16 hex digits>\"", the 64-bit FNV-1a
// hash of the bytes. Stable across builds and processes, so every replica
// behind a cache hands out the same tag for the same PNG.
std::string strong_etag(std::string_view bytes);
// The same tag from the bytes' hash, common::fnv1a_64(bytes), computed before.
std::string strong_etag_of_hash(std::uint64_t fnv1a_64_of_bytes);

// True when an If-None-Match field value matches etag (so a GET or HEAD is
// answered 304): "*", or a listed entity-tag equal to etag under the weak
// comparison the RFC prescribes for If-None-Match (W/ prefixes ignored).
// A malformed list matches nothing from the first bad element on.
bool if_none_match_matches(std::string_view if_none_match, std::string_view etag);

// The tag of another representation of the same resource, e.g. the gzip one:
// "\"abc\"" + "gzip" -> "\"abc-gzip\"" (W/ kept). Strong tags must differ
// between content codings.
std::string etag_with_suffix(std::string_view etag, std::string_view suffix);

}  // namespace rxmap::server
