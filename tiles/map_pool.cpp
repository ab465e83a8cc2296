#include "tiles/map_pool.h"

#include <algorithm>

namespace rxmap::tiles {

MapPool::Lease MapPool::take(const std::string& key, const Factory& factory) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = std::find_if(idle_.begin(), idle_.end(), [&](const auto& entry) { return entry.first == key; });
        if (it != idle_.end()) {
            auto map = std::move(it->second);
            idle_.erase(it);
            return Lease(*this, key, std::move(map));
        }
        ++built_;
    }
    return Lease(*this, key, factory());  // built outside the lock: it takes tens of milliseconds
}

void MapPool::give_back(std::string key, std::unique_ptr<mapnik::Map> map) {
    if (!map) return;
    std::unique_ptr<mapnik::Map> dropped;  // destroyed outside the lock
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.emplace_front(std::move(key), std::move(map));
    if (idle_.size() > std::max<std::size_t>(1, max_idle_)) {
        dropped = std::move(idle_.back().second);
        idle_.pop_back();
    }
}

std::size_t MapPool::idle() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return idle_.size();
}

std::uint64_t MapPool::built() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return built_;
}

}  // namespace rxmap::tiles
