#include "server/service.h"
#include "server/ascii_case.h"

namespace rxmap::server {

std::string_view Request::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

}  // namespace rxmap::server
