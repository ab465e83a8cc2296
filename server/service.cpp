#include "server/service.h"

#include <ostream>  // before beast/core/string.hpp, which needs it (Boost 1.74)

#include <boost/beast/core/string.hpp>

namespace rxmap::server {
namespace {
// ASCII case-insensitive comparison of header names and tokens (Boost.StringAlgo).
bool iequals(std::string_view a, std::string_view b) {
    return boost::beast::iequals({a.data(), a.size()}, {b.data(), b.size()});  // ASCII: no locale
}
}  // namespace

std::string_view Request::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

}  // namespace rxmap::server
