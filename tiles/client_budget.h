#pragma once
// Per-client budget for starting cold renders: a token bucket per client (its
// address). A client may start `burst` renders at once and `rate` more per
// second; beyond that its cold requests are refused at once, so that one crawler
// cannot fill the engine's render queue while other clients wait behind it.
// Requests that join a render already queued, and stored tiles, cost nothing.
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace rxmap::tiles {

class ClientBudget {
public:
    using Clock = std::chrono::steady_clock;

    // rate <= 0 or burst <= 0: no limit. At most max_clients buckets are kept; when
    // full, buckets that have refilled completely (idle clients) are forgotten.
    ClientBudget(double rate_per_second, int burst, std::size_t max_clients = 65536);

    // Takes one token for `client` ("" = an internal caller: never limited).
    // Returns 0 when taken, else the whole seconds until a token is due (>= 1).
    int take(const std::string& client, Clock::time_point now = Clock::now());

    bool limited() const { return rate_ > 0 && burst_ > 0; }

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };
    void refill(Bucket& b, Clock::time_point now) const;
    void forget_idle(Clock::time_point now);

    const double rate_;
    const double burst_;
    const std::size_t max_clients_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace rxmap::tiles
