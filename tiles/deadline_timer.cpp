#include "tiles/deadline_timer.h"

#include <vector>

namespace rxmap::tiles {

DeadlineTimer::DeadlineTimer() : thread_([this] { loop(); }) {}

DeadlineTimer::~DeadlineTimer() { stop(); }

void DeadlineTimer::arm(Clock::time_point deadline, std::function<void()> action) {
    bool earliest;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
        earliest = due_.empty() || deadline < due_.begin()->first;
        due_.emplace(deadline, std::move(action));
    }
    if (earliest) wake_.notify_one();
}

void DeadlineTimer::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        due_.clear();
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void DeadlineTimer::loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        if (due_.empty()) {
            wake_.wait(lock);
            continue;
        }
        const auto next = due_.begin()->first;
        if (Clock::now() < next) {
            wake_.wait_until(lock, next);
            continue;
        }
        std::vector<std::function<void()>> now_due;
        const auto now = Clock::now();
        while (!due_.empty() && due_.begin()->first <= now) {
            now_due.push_back(std::move(due_.begin()->second));
            due_.erase(due_.begin());
        }
        lock.unlock();
        for (auto& action : now_due) action();
        lock.lock();
    }
}

}  // namespace rxmap::tiles
