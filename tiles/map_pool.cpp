#include "tiles/map_pool.h"

namespace rxmap::tiles {

MapPool::Lease MapPool::take() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!idle_.empty()) {
            auto map = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(map));
        }
    }
    return Lease(*this, factory_());  // built outside the lock: it takes tens of milliseconds
}

void MapPool::give_back(std::unique_ptr<mapnik::Map> map) {
    if (!map) return;
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(map));
}

}  // namespace rxmap::tiles
