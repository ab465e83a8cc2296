#include "cli/memory_release.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cstdlib>

namespace rxmap::cli {

void limit_malloc_arenas() {
#if defined(__GLIBC__)
    if (std::getenv("MALLOC_ARENA_MAX") || std::getenv("GLIBC_TUNABLES")) return;
    mallopt(M_ARENA_MAX, static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
#endif
}

void keep_freed_memory() {
#if defined(__GLIBC__)
    if (std::getenv("MALLOC_MMAP_THRESHOLD_") || std::getenv("MALLOC_TRIM_THRESHOLD_") || std::getenv("GLIBC_TUNABLES"))
        return;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest: a 1x metatile's image comes from the heap
    mallopt(M_TRIM_THRESHOLD, 1 << 30);   // and its pages stay with the process for the next one
#endif
}

MemoryReleaser::MemoryReleaser(std::chrono::milliseconds interval) : thread_([this, interval] { run(interval); }) {}

MemoryReleaser::~MemoryReleaser() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_.notify_one();
    thread_.join();
}

void MemoryReleaser::run(std::chrono::milliseconds interval) {
    std::unique_lock lock(mutex_);
    while (!stop_.wait_for(lock, interval, [this] { return stopping_; })) {
        lock.unlock();
#if defined(__GLIBC__)
        malloc_trim(0);
#endif
        lock.lock();
    }
}

}  // namespace rxmap::cli
