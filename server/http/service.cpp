#include "server/http/service.h"
#include "server/http/ascii_case.h"

namespace rxmap::server {

std::string_view Request::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

}  // namespace rxmap::server
