#pragma once
// Keeps the serving process's resident memory near what it holds. glibc's allocator gives
// threads that allocate at the same time arenas of their own (up to 8 per core) and keeps freed
// memory in each: after a burst of renders every render thread's arena holds its peak (a 1x
// metatile's image alone is 16 MiB, plus Mapnik's buffers), and the I/O threads' arenas theirs.
// A periodic malloc_trim hands the free pages of every arena back to the system (a no-op with
// another allocator).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace rxmap::cli {

// Caps glibc's malloc arenas at one per core (its default: 8 per core). Each arena keeps what the
// threads that allocated in it freed (a render's geometry copies, label and raster buffers) until
// the next trim, so fewer arenas hold less: 17-20 MiB at the end of bench/load.sh's soak, with no
// measured cost to cold renders (2 cores). MALLOC_ARENA_MAX or GLIBC_TUNABLES, when set, win.
// Call before the process starts its threads.
void limit_malloc_arenas();

// For a batch of renders (seed): memory freed is kept for the next metatile instead of being
// unmapped. glibc maps a large block (a 1x metatile's 16 MiB image) afresh for each render and
// the kernel faults it in page by page: 3 % of a cold seed's CPU (perf stat, 40,000 page faults
// against 29,000). MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_ or GLIBC_TUNABLES, when set, win.
void keep_freed_memory();

// A thread that returns the allocator's free pages to the system every `interval`
// (malloc_trim(0): a few milliseconds a call), until destroyed.
class MemoryReleaser {
public:
    explicit MemoryReleaser(std::chrono::milliseconds interval);
    ~MemoryReleaser();
    MemoryReleaser(const MemoryReleaser&) = delete;
    MemoryReleaser& operator=(const MemoryReleaser&) = delete;

private:
    void run(std::chrono::milliseconds interval);

    std::mutex mutex_;
    std::condition_variable stop_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace rxmap::cli
