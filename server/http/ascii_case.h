#pragma once
// ASCII case-insensitive comparisons of header names and tokens ("content-length" is
// "Content-Length"), with no locale: Beast's iequals on string_views.
#include <ostream>  // before beast/core/string.hpp, which needs it (Boost 1.74)
#include <string_view>

#include <boost/beast/core/string.hpp>

namespace rxmap::server {

inline bool iequals(std::string_view a, std::string_view b) {
    return boost::beast::iequals({a.data(), a.size()}, {b.data(), b.size()});
}

inline bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

inline bool iends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}

}  // namespace rxmap::server
