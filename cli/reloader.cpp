#include "cli/reloader.h"

#include <malloc.h>

#include <iostream>
#include <sstream>

namespace rxmap::cli {

Reloader::Reloader(Hooks hooks) : hooks_(std::move(hooks)) {}

Reloader::~Reloader() { stop(); }

void Reloader::load_first() {
    const auto start = std::chrono::steady_clock::now();
    auto first = hooks_.load();
    hooks_.install(first);
    std::lock_guard lock(mutex_);
    current_ = std::move(first);
    last_load_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    loaded_at_ = std::chrono::system_clock::now();
    thread_ = std::thread([this] { loop(); });
}

void Reloader::request() {
    std::lock_guard lock(mutex_);
    requested_ = true;
    wake_.notify_all();
}

void Reloader::stop_reloading() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
}

void Reloader::stop() {
    stop_reloading();
    if (thread_.joinable()) thread_.join();
}

std::shared_ptr<Generation> Reloader::current() const {
    std::lock_guard lock(mutex_);
    return current_;
}

void Reloader::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        const auto woken = [this] { return requested_ || stopping_; };
        if (hooks_.changed && hooks_.poll_every.count() > 0) wake_.wait_for(lock, hooks_.poll_every, woken);
        else wake_.wait(lock, woken);
        if (stopping_) break;
        bool reload = requested_;
        requested_ = false;
        auto serving = current_;  // let go before reload_once, which releases it
        lock.unlock();
        if (!reload && hooks_.changed) {
            try {
                reload = hooks_.changed(*serving);
            } catch (const std::exception& e) {
                std::cerr << "rxmap: reload poll failed (still serving data version " << serving->data_version
                          << "): " << e.what() << '\n';
            }
        }
        serving.reset();
        if (reload) reload_once();
        lock.lock();
    }
}

void Reloader::reload_once() {
    const auto start = std::chrono::steady_clock::now();
    const std::string serving = current()->data_version;
    std::cerr << "rxmap: reloading (serving data version " << serving << " meanwhile)\n";
    try {
        auto next = hooks_.load();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;  // stopping: the server drains the generation it has
        }
        next->number = current()->number + 1;
        hooks_.install(next);
        std::shared_ptr<Generation> old;  // released here, on this thread, after the swap
        {
            std::lock_guard lock(mutex_);
            old = std::exchange(current_, next);
            ++reloads_ok_;
            last_load_seconds_ = seconds;
            loaded_at_ = std::chrono::system_clock::now();
        }
        std::cerr << "rxmap: reloaded in " << seconds << " s: generation " << next->number << ", data version "
                  << serving << " -> " << next->data_version
                  << (serving == next->data_version ? " (same import; layer configuration and CSVs read anew)" : "")
                  << '\n';
        const std::weak_ptr<const catalog::LayerCatalog> old_catalog = old->catalog;
        old.reset();
        if (!old_catalog.expired())
            std::cerr << "rxmap: generation " << next->number - 1 << " is still held (" << old_catalog.use_count()
                      << " references)\n";
        malloc_trim(0);  // the old catalogue's pages go back to the system, not only to the allocator
    } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        ++reloads_failed_;
        std::cerr << "rxmap: reload failed, still serving data version " << serving << ": " << e.what() << '\n';
    }
}

std::string Reloader::prometheus_text() const {
    std::lock_guard lock(mutex_);
    std::ostringstream out;
    out << "# HELP rxmap_reloads_total Data reloads (SIGHUP, rxmap import, the --db poll) by result.\n"
           "# TYPE rxmap_reloads_total counter\n"
        << "rxmap_reloads_total{result=\"ok\"} " << reloads_ok_ << '\n'
        << "rxmap_reloads_total{result=\"failed\"} " << reloads_failed_ << '\n'
        << "# HELP rxmap_reload_seconds Time the generation serving now took to load.\n"
           "# TYPE rxmap_reload_seconds gauge\n"
        << "rxmap_reload_seconds " << last_load_seconds_ << '\n'
        << "# HELP rxmap_data_version_info The data version served (the first part of every tile key).\n"
           "# TYPE rxmap_data_version_info gauge\n"
        << "rxmap_data_version_info{version=\"" << (current_ ? current_->data_version : "") << "\"} 1\n"
        << "# HELP rxmap_data_generation The generation serving now: 1 at start, one more per reload.\n"
           "# TYPE rxmap_data_generation gauge\n"
        << "rxmap_data_generation " << (current_ ? current_->number : 0) << '\n'
        << "# HELP rxmap_data_loaded_timestamp_seconds When the generation serving now was installed.\n"
           "# TYPE rxmap_data_loaded_timestamp_seconds gauge\n"
        << "rxmap_data_loaded_timestamp_seconds "
        << std::chrono::duration_cast<std::chrono::seconds>(loaded_at_.time_since_epoch()).count() << '\n';
    return out.str();
}

}  // namespace rxmap::cli
