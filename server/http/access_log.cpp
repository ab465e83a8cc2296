#include "server/http/access_log.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace rxmap::server {
namespace {

constexpr std::size_t kMaxLoggedTarget = 512;

void append_escaped(std::string& out, std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    for (char ch : s.substr(0, kMaxLoggedTarget)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out.push_back(ch);
        }
    }
    if (s.size() > kMaxLoggedTarget) out += "...";
}

}  // namespace

void append_access_log(std::string& line, const AccessLogEntry& e) {
    // Once per request: appended in place, numbers by to_chars (no locale, no printf).
    char number[32];
    auto append_number = [&](auto value, auto... format) {
        line.append(number, std::to_chars(number, number + sizeof number, value, format...).ptr);
    };
    line += "access remote=";
    append_escaped(line, e.remote.empty() ? std::string_view("-") : e.remote);
    line += " method=";
    append_escaped(line, e.method);
    line += " target=\"";
    append_escaped(line, e.target);
    line += "\" status=";
    append_number(e.status);
    line += " bytes=";
    append_number(e.bytes);
    line += " ms=";
    append_number(e.latency_ms, std::chars_format::fixed, 2);
    line += '\n';
}

std::string format_access_log(const AccessLogEntry& e) {
    std::string line;
    append_access_log(line, e);
    return line;
}

namespace {

// One thread's lines waiting for the writer. Only its own thread and the writer take the lock,
// so the I/O threads never contend with each other for it (one shared buffer cost a contended
// lock and a cache line moving between the cores on every request).
struct ThreadLines {
    std::mutex mutex;
    std::string lines;
};

class LogWriter {
public:
    LogWriter() : thread_([this] { run(); }) {}
    ~LogWriter() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

    void append(const AccessLogEntry& entry) {
        thread_local std::shared_ptr<ThreadLines> mine;  // the registry holds it too, past the thread's end
        if (!mine) mine = enlist();
        bool full;
        {
            std::lock_guard lock(mine->mutex);
            // Bounded: if stderr blocks (a full pipe), lines are dropped rather than memory grown.
            if (mine->lines.size() < kMaxPending) append_access_log(mine->lines, entry);
            full = mine->lines.size() >= kBatchBytes;
        }
        // The writer wakes by itself every kInterval; waking it per line would cost a
        // context switch per request.
        if (full) {
            {
                std::lock_guard lock(mutex_);
                batch_ready_ = true;
            }
            wake_.notify_one();
        }
    }

    void flush() {
        std::unique_lock lock(mutex_);
        const std::uint64_t asked = ++flushes_asked_;
        wake_.notify_one();
        written_.wait(lock, [&] { return flushes_done_ >= asked; });
    }

private:
    static constexpr std::size_t kMaxPending = 16u << 20;  // per thread
    static constexpr std::size_t kBatchBytes = 64u << 10;
    static constexpr std::chrono::milliseconds kInterval{100};

    std::shared_ptr<ThreadLines> enlist() {
        auto lines = std::make_shared<ThreadLines>();
        std::lock_guard lock(mutex_);
        threads_.push_back(lines);
        return lines;
    }

    // Every thread's lines into `batch`, in each thread's order; forgets threads that have ended.
    void gather(std::string& batch) {
        for (auto& t : threads_) {
            std::lock_guard lock(t->mutex);
            batch += t->lines;
            t->lines.clear();
        }
        threads_.erase(std::remove_if(threads_.begin(), threads_.end(), [](const auto& t) { return t.use_count() == 1; }),
                       threads_.end());
    }

    void run() {
        std::string batch;
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait_for(lock, kInterval,
                           [this] { return stopping_ || batch_ready_ || flushes_asked_ > flushes_done_; });
            // A flush asked before this pass covers every line appended before it was asked.
            const std::uint64_t asked = flushes_asked_;
            batch_ready_ = false;
            gather(batch);
            if (!batch.empty()) {
                lock.unlock();
                std::fwrite(batch.data(), 1, batch.size(), stderr);
                std::fflush(stderr);
                batch.clear();
                lock.lock();
            }
            flushes_done_ = asked;
            written_.notify_all();
            if (stopping_) {
                gather(batch);  // lines appended while the last batch was written
                std::fwrite(batch.data(), 1, batch.size(), stderr);
                return;
            }
        }
    }

    std::mutex mutex_;  // threads_ and the flags; taken before a ThreadLines' lock
    std::condition_variable wake_, written_;
    std::vector<std::shared_ptr<ThreadLines>> threads_;
    bool batch_ready_ = false, stopping_ = false;
    std::uint64_t flushes_asked_ = 0, flushes_done_ = 0;
    std::thread thread_;
};

LogWriter& log_writer() {
    static LogWriter writer;
    return writer;
}

}  // namespace

void write_access_log(const AccessLogEntry& entry) { log_writer().append(entry); }

void flush_access_log() { log_writer().flush(); }

}  // namespace rxmap::server
