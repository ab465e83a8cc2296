#pragma once
// Failed writes of one store, counted by cause ("ENOSPC", "EROFS", "EACCES", "redis"
// ...) for rxmap_engine_store_write_errors_total{store,cause}, and logged at most
// once a minute per cause, with how many failed since the last line: a full or
// read-only cache disk gives one line a minute, not one per metatile.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <ostream>
#include <string>

namespace rxmap::tiles {

class WriteFailures {
public:
    using Clock = std::chrono::steady_clock;

    // `store` names the store in log lines ("disk store"); `log` defaults to std::cerr.
    explicit WriteFailures(std::string store, std::ostream* log = nullptr,
                           Clock::duration log_every = std::chrono::minutes(1));

    // One failed write: `cause` as counted, `detail` for the log line (path, message).
    void record(const std::string& cause, const std::string& detail, Clock::time_point now = Clock::now());
    // The cause of a failed system call: "ENOSPC", "EROFS", "EACCES", ... or "errno <n>".
    static std::string errno_cause(int error);

    std::map<std::string, std::uint64_t> counts() const;

private:
    struct Cause {
        std::uint64_t total = 0;
        std::uint64_t since_logged = 0;
        Clock::time_point logged{};
        bool ever_logged = false;
    };
    const std::string store_;
    std::ostream* log_;
    const Clock::duration log_every_;
    mutable std::mutex mutex_;
    std::map<std::string, Cause> causes_;
};

}  // namespace rxmap::tiles
