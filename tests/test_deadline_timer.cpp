// The engine's render timeouts (tiles/deadline_timer.h): actions run once, in deadline order,
// not before their time; stop() drops the ones not yet due.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "tiles/deadline_timer.h"

using rxmap::tiles::DeadlineTimer;
using namespace std::chrono_literals;

TEST(DeadlineTimer, RunsActionsInDeadlineOrderNotBefore) {
    DeadlineTimer timer;
    std::mutex m;
    std::vector<int> order;
    std::vector<DeadlineTimer::Clock::time_point> ran_at(3);
    const auto start = DeadlineTimer::Clock::now();
    const DeadlineTimer::Clock::time_point deadlines[] = {start + 120ms, start + 40ms, start + 80ms};
    for (int i = 0; i < 3; ++i)
        timer.arm(deadlines[i], [&, i] {
            std::lock_guard<std::mutex> lock(m);
            order.push_back(i);
            ran_at[i] = DeadlineTimer::Clock::now();
        });
    // Poll (a busy machine may run them late, never early or out of order).
    for (int tries = 0; tries < 500; ++tries) {
        {
            std::lock_guard<std::mutex> lock(m);
            if (order.size() == 3) break;
        }
        std::this_thread::sleep_for(10ms);
    }
    std::lock_guard<std::mutex> lock(m);
    ASSERT_EQ(order, (std::vector<int>{1, 2, 0}));
    for (int i = 0; i < 3; ++i) EXPECT_GE(ran_at[i], deadlines[i]);
}

TEST(DeadlineTimer, StopDropsWhatIsNotDue) {
    std::atomic<int> ran{0};
    {
        DeadlineTimer timer;
        timer.arm(DeadlineTimer::Clock::now() + 1h, [&] { ++ran; });
        timer.stop();
        timer.arm(DeadlineTimer::Clock::now(), [&] { ++ran; });  // after stop: ignored
    }  // the destructor does not wait an hour
    EXPECT_EQ(ran.load(), 0);
}
