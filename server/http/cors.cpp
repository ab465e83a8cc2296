#include "server/http/cors.h"

#include <algorithm>

namespace rxmap::server {
namespace {

std::string normalize(std::string_view origin) {
    while (!origin.empty() && origin.back() == '/') origin.remove_suffix(1);
    std::string out(origin);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_tchar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

CorsPolicy::CorsPolicy(std::string_view spec) {
    std::size_t i = 0;
    while (i < spec.size()) {
        while (i < spec.size() && (spec[i] == ',' || spec[i] == ' ' || spec[i] == '\t')) ++i;
        const std::size_t start = i;
        while (i < spec.size() && spec[i] != ',' && spec[i] != ' ' && spec[i] != '\t') ++i;
        if (i == start) continue;
        const std::string_view item = spec.substr(start, i - start);
        if (item == "*")
            any_ = true;
        else if (std::string o = normalize(item); !o.empty() && std::find(origins_.begin(), origins_.end(), o) == origins_.end())
            origins_.push_back(std::move(o));
    }
}

bool CorsPolicy::allows(std::string_view origin) const {
    if (any_) return true;
    if (origin.empty() || origins_.empty()) return false;
    return std::find(origins_.begin(), origins_.end(), normalize(origin)) != origins_.end();
}

std::string CorsPolicy::allow_origin(std::string_view origin) const {
    if (any_) return "*";
    if (allows(origin)) return std::string(origin);
    return {};
}

std::string allowed_request_headers(std::string_view field) {
    if (field.size() > 1024) return {};
    bool any_token = false;
    for (char c : field) {
        if (c == ',' || c == ' ' || c == '\t') continue;
        if (!is_tchar(c)) return {};
        any_token = true;
    }
    return any_token ? std::string(field) : std::string();
}

}  // namespace rxmap::server
