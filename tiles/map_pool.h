#pragma once
// Idle mapnik::Maps of one layer. A Map is used by one thread at a time: a
// render takes one (building it if none is idle) and gives it back.
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <mapnik/map.hpp>

namespace rxmap::tiles {

class MapPool {
public:
    using Factory = std::function<std::unique_ptr<mapnik::Map>()>;
    explicit MapPool(Factory factory) : factory_(std::move(factory)) {}

    class Lease {
    public:
        Lease(MapPool& pool, std::unique_ptr<mapnik::Map> map) : pool_(pool), map_(std::move(map)) {}
        Lease(const Lease&) = delete;
        ~Lease() { pool_.give_back(std::move(map_)); }
        mapnik::Map& map() { return *map_; }

    private:
        MapPool& pool_;
        std::unique_ptr<mapnik::Map> map_;
    };

    Lease take();

private:
    void give_back(std::unique_ptr<mapnik::Map> map);

    Factory factory_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<mapnik::Map>> idle_;
};

}  // namespace rxmap::tiles
