#pragma once
// Idle mapnik::Maps by variant key, at most max_idle of them across all variants,
// the least recently used dropped first, so that the renderer's memory stays bounded
// whatever the traffic (358 variants). In-memory Maps share their level's geometry
// (styles/shared_features.h); a PostGIS Map holds connections. A Map is used by one thread at a time: a render
// takes one (building it when none of its variant is idle, tens of milliseconds)
// and gives it back.
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <mapnik/map.hpp>

namespace rxmap::tiles {

class MapPool {
public:
    using Factory = std::function<std::unique_ptr<mapnik::Map>()>;
    explicit MapPool(std::size_t max_idle) : max_idle_(max_idle) {}

    class Lease {
    public:
        Lease(MapPool& pool, std::string key, std::unique_ptr<mapnik::Map> map)
            : pool_(pool), key_(std::move(key)), map_(std::move(map)) {}
        Lease(const Lease&) = delete;
        ~Lease() { pool_.give_back(std::move(key_), std::move(map_)); }
        mapnik::Map& map() { return *map_; }

    private:
        MapPool& pool_;
        std::string key_;
        std::unique_ptr<mapnik::Map> map_;
    };

    Lease take(const std::string& key, const Factory& factory);
    std::size_t idle() const;
    std::uint64_t built() const;  // Maps built so far (a measure of misses)

private:
    void give_back(std::string key, std::unique_ptr<mapnik::Map> map);

    const std::size_t max_idle_;
    mutable std::mutex mutex_;
    std::list<std::pair<std::string, std::unique_ptr<mapnik::Map>>> idle_;  // most recent first
    std::uint64_t built_ = 0;
};

}  // namespace rxmap::tiles
