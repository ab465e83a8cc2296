#include "server/router.h"

#include <stdexcept>

namespace rxmap::server {

void Router::add(std::shared_ptr<Service> service) {
    if (!service) throw std::invalid_argument("Router::add: null service");
    Route route = service->route();
    if (route.path.empty() || route.path.front() != '/')
        throw std::invalid_argument("Router::add: route must start with '/': " + route.path);
    for (const Entry& e : entries_)
        if (e.route.path == route.path)
            throw std::invalid_argument("Router::add: route taken twice: " + route.path);
    entries_.push_back(Entry{std::move(route), std::move(service)});
}

Service* Router::find(std::string_view path) const {
    const Entry* best = nullptr;
    for (const Entry& e : entries_) {
        const std::string& r = e.route.path;
        if (!e.route.is_prefix()) {
            if (path == r) return e.service.get();
        } else if (path.size() > r.size() && path.compare(0, r.size(), r) == 0) {
            if (!best || r.size() > best->route.path.size()) best = &e;
        }
    }
    return best ? best->service.get() : nullptr;
}

}  // namespace rxmap::server
