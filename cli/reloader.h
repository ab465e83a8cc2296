#pragma once
// Reloads `rxmap serve` without downtime: on request (SIGHUP) or when a poll finds the
// data changed (with --db, the PostGIS pointer naming another schema), one background
// thread loads a new Generation while the current one serves, then installs it. A load
// that fails leaves the current generation serving; it is logged and counted.
//
//   rxmap_reloads_total{result="ok"|"failed"}, rxmap_reload_seconds (the last load),
//   rxmap_data_version_info{version="…"} 1, rxmap_data_loaded_timestamp_seconds
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "cli/serve_generation.h"

namespace rxmap::cli {

class Reloader {
public:
    struct Hooks {
        std::function<std::shared_ptr<Generation>()> load;               // throws when it fails
        std::function<void(const std::shared_ptr<Generation>&)> install;  // swaps it in; throws when it cannot
        std::function<bool(const Generation&)> changed;                  // the poll; empty: none
        std::chrono::seconds poll_every{0};
    };
    explicit Reloader(Hooks hooks);
    ~Reloader();  // stop()
    Reloader(const Reloader&) = delete;
    Reloader& operator=(const Reloader&) = delete;

    // The first generation, on this thread (throws when it fails), installed; then the
    // reload thread starts.
    void load_first();
    // Asks for a reload; any thread, never blocks (a signal handler's thread). Requests
    // during a load make one more load after it.
    void request();
    // No more reloads; a load under way is dropped rather than installed. Never blocks.
    void stop_reloading();
    // stop_reloading() and waits for the reload thread.
    void stop();

    std::shared_ptr<Generation> current() const;
    std::string prometheus_text() const;

private:
    void loop();
    void reload_once();

    Hooks hooks_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool requested_ = false;
    bool stopping_ = false;
    std::shared_ptr<Generation> current_;
    std::uint64_t reloads_ok_ = 0, reloads_failed_ = 0;
    double last_load_seconds_ = 0;
    std::chrono::system_clock::time_point loaded_at_;
    std::thread thread_;
};

}  // namespace rxmap::cli
