#pragma once
// Maps a decoded request path to the service that owns it.
#include <memory>
#include <string_view>
#include <vector>

#include "server/service.h"

namespace rxmap::server {

class Router {
public:
    // Throws std::invalid_argument on a null service, a route that does not
    // start with '/', or a route already taken.
    void add(std::shared_ptr<Service> service);
    // Exact route first, then the longest prefix route; null if none.
    Service* find(std::string_view path) const;
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        Route route;
        std::shared_ptr<Service> service;
    };
    std::vector<Entry> entries_;
};

}  // namespace rxmap::server
