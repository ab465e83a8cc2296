#include "server/service.h"

#include <boost/algorithm/string/predicate.hpp>

namespace rxmap::server {
namespace {
// ASCII case-insensitive comparison of header names and tokens (Boost.StringAlgo).
bool iequals(std::string_view a, std::string_view b) { return boost::algorithm::iequals(a, b); }
}  // namespace

std::string_view Request::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

}  // namespace rxmap::server
