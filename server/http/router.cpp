#include "server/http/router.h"

#include <stdexcept>

namespace rxmap::server {

std::size_t Router::add(std::shared_ptr<Service> service) {
    if (!service) throw std::invalid_argument("Router::add: null service");
    Route route = service->route();
    if (route.path.empty() || route.path.front() != '/')
        throw std::invalid_argument("Router::add: route must start with '/': " + route.path);
    if (!route.suffix.empty() && !route.is_prefix())
        throw std::invalid_argument("Router::add: a suffix needs a prefix route (ending in '/'): " + route.path);
    for (const Entry& e : entries_)
        if (e.route.path == route.path && e.route.suffix == route.suffix)
            throw std::invalid_argument("Router::add: route taken twice: " + route.path + route.suffix);
    entries_.push_back(Entry{std::move(route), std::move(service)});
    return entries_.size() - 1;
}

long Router::find_index(std::string_view path) const {
    long best = -1;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const Route& route = entries_[i].route;
        const std::string& r = route.path;
        if (!route.is_prefix()) {
            if (path == r) return static_cast<long>(i);
            continue;
        }
        const std::string& sfx = route.suffix;
        const bool root = r == "/" && sfx.empty();  // route "/" takes "/" itself too (the map viewer)
        if ((!root && path.size() <= r.size() + sfx.size()) || path.compare(0, r.size(), r) != 0) continue;
        if (!sfx.empty() && path.compare(path.size() - sfx.size(), sfx.size(), sfx) != 0) continue;
        if (best < 0) {
            best = static_cast<long>(i);
            continue;
        }
        const Route& b = entries_[static_cast<std::size_t>(best)].route;
        if (r.size() > b.path.size() || (r.size() == b.path.size() && sfx.size() > b.suffix.size()))
            best = static_cast<long>(i);
    }
    return best;
}

Service* Router::find(std::string_view path) const {
    const long i = find_index(path);
    return i < 0 ? nullptr : entries_[static_cast<std::size_t>(i)].service.get();
}

}  // namespace rxmap::server
