#include "server/api/export_budget.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

namespace rxmap::server {

ExportBudget::ExportBudget(ExportBudgetOptions options)
    : options_(options),
      pool_(std::make_unique<boost::asio::thread_pool>(static_cast<std::size_t>(std::max(1, options.threads)))) {}

ExportBudget::~ExportBudget() { pool_->join(); }

ExportBudget::Slot ExportBudget::admit(const std::string& client) {
    {
        std::lock_guard lock(mutex_);
        if (in_flight_ >= options_.max_in_flight) {
            ++refused_busy_;
            return nullptr;
        }
        if (!client.empty()) {
            int& mine = per_client_[client];
            if (mine >= options_.max_per_client) {
                ++refused_client_;
                return nullptr;
            }
            ++mine;
        }
        ++in_flight_;
        ++admitted_;
    }
    // The deleter gives the place back; the budget outlives its slots (the service
    // that holds both joins the pool before it goes).
    return Slot(static_cast<void*>(this), [this, client](void*) { release(client); });
}

void ExportBudget::release(const std::string& client) {
    std::lock_guard lock(mutex_);
    --in_flight_;
    if (client.empty()) return;
    auto it = per_client_.find(client);
    if (it != per_client_.end() && --it->second <= 0) per_client_.erase(it);
}

void ExportBudget::run(std::function<void()> job) {
    boost::asio::post(*pool_, [job = std::move(job)] {
        // Per thread on Linux: tiles, /info and the rest get the cores first.
        static thread_local const bool niced =
            setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10) == 0;
        (void)niced;
        job();
    });
}

ExportBudgetStats ExportBudget::stats() const {
    std::lock_guard lock(mutex_);
    return {admitted_, refused_busy_, refused_client_, in_flight_};
}

}  // namespace rxmap::server
