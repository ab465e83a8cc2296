#include "tiles/client_budget.h"

#include <algorithm>
#include <cmath>

namespace rxmap::tiles {

ClientBudget::ClientBudget(double rate_per_second, int burst, std::size_t max_clients)
    : rate_(rate_per_second), burst_(burst), max_clients_(std::max<std::size_t>(1, max_clients)) {}

void ClientBudget::refill(Bucket& b, Clock::time_point now) const {
    const double seconds = std::chrono::duration<double>(now - b.updated).count();
    if (seconds > 0) b.tokens = std::min(burst_, b.tokens + seconds * rate_);
    b.updated = now;
}

void ClientBudget::forget_idle(Clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        refill(it->second, now);
        it = it->second.tokens >= burst_ ? buckets_.erase(it) : std::next(it);
    }
}

int ClientBudget::take(const std::string& client, Clock::time_point now) {
    if (!limited() || client.empty()) return 0;
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = buckets_.find(client);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_clients_) forget_idle(now);
        // Still full of active clients: serve this one without a bucket rather than refuse a
        // newcomer for what others did (the render queue bound still holds).
        if (buckets_.size() >= max_clients_) return 0;
        it = buckets_.emplace(client, Bucket{burst_, now}).first;
    }
    Bucket& b = it->second;
    refill(b, now);
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
}

}  // namespace rxmap::tiles
