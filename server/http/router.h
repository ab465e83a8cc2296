#pragma once
// Maps a decoded request path to the service that owns it.
#include <memory>
#include <string_view>
#include <vector>

#include "server/http/service.h"

namespace rxmap::server {

class Router {
public:
    // Throws std::invalid_argument on a null service, a route that does not
    // start with '/',
    // a suffix on a route that is not a prefix, or a route (path and suffix)
    // already taken. Returns the new route's index.
    std::size_t add(std::shared_ptr<Service> service);
    // Exact route first, then the longest prefix route (with a matching suffix
    // before one without); null if none.
    Service* find(std::string_view path) const;
    // The index (from add) of the route find() picks, or -1.
    long find_index(std::string_view path) const;
    Service& service(std::size_t index) const { return *entries_.at(index).service; }
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        Route route;
        std::shared_ptr<Service> service;
    };
    std::vector<Entry> entries_;
};

}  // namespace rxmap::server
