#pragma once
// One thread that runs each armed action once its deadline has passed, sleeping until the
// earliest. The tile engine arms one per request waiting for a render: a request not
// answered by render_timeout is answered overloaded from here (the action checks whether
// it was answered meanwhile). Actions run on the timer's thread, outside its lock.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace rxmap::tiles {

class DeadlineTimer {
public:
    using Clock = std::chrono::steady_clock;

    DeadlineTimer();
    ~DeadlineTimer();  // stop()
    DeadlineTimer(const DeadlineTimer&) = delete;
    DeadlineTimer& operator=(const DeadlineTimer&) = delete;

    void arm(Clock::time_point deadline, std::function<void()> action);
    // Drops the actions not yet due and joins the thread; arm() does nothing afterwards.
    void stop();

private:
    void loop();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::multimap<Clock::time_point, std::function<void()>> due_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace rxmap::tiles
