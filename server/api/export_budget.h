#pragma once
// The budget of /api/values exports (CSV, XLSX, GeoJSON of a whole map), apart from
// everything else: exports build on threads of their own (lower priority), never on
// the worker pool that /info, legends, search and rank use, and at most
// `max_in_flight` of them are queued or building at once, `max_per_client` of them
// for one client. Beyond either a request is refused at once (the service answers 503
// + Retry-After), as prints are: a flood of exports cannot stall another client.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace boost::asio {
class thread_pool;
}

namespace rxmap::server {

struct ExportBudgetOptions {
    int threads = 1;            // threads that build exports (nice 10: the rest of the server first)
    int max_in_flight = 8;      // exports queued or building, server-wide
    int max_per_client = 2;     // exports queued or building for one client address
    int retry_after_seconds = 5;
};

struct ExportBudgetStats {
    std::uint64_t admitted = 0, refused_busy = 0, refused_client = 0;
    int in_flight = 0;
};

class ExportBudget {
public:
    explicit ExportBudget(ExportBudgetOptions options = {});
    ~ExportBudget();  // waits for the exports building
    ExportBudget(const ExportBudget&) = delete;
    ExportBudget& operator=(const ExportBudget&) = delete;

    // An admitted export's place in the budget, given back when the last copy goes.
    using Slot = std::shared_ptr<void>;
    // A slot for `client` ("" = not limited per client), or null when over a limit.
    Slot admit(const std::string& client);
    // Runs `job` on the export threads.
    void run(std::function<void()> job);

    const ExportBudgetOptions& options() const { return options_; }
    ExportBudgetStats stats() const;

private:
    void release(const std::string& client);

    const ExportBudgetOptions options_;
    mutable std::mutex mutex_;
    int in_flight_ = 0;
    std::unordered_map<std::string, int> per_client_;
    std::uint64_t admitted_ = 0, refused_busy_ = 0, refused_client_ = 0;
    std::unique_ptr<boost::asio::thread_pool> pool_;
};

}  // namespace rxmap::server
