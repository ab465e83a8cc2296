#include "server/http/access_log.h"

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

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
        bool full;
        {
            std::lock_guard lock(mutex_);
            // Bounded: if stderr blocks (a full pipe), lines are dropped rather than memory grown.
            if (pending_.size() < kMaxPending) append_access_log(pending_, entry);
            full = pending_.size() >= kBatchBytes;
        }
        // The writer wakes by itself every kInterval; waking it per line would cost a
        // context switch per request.
        if (full) wake_.notify_one();
    }

    void flush() {
        std::unique_lock lock(mutex_);
        flush_requested_ = true;
        wake_.notify_one();
        written_.wait(lock, [this] { return !flush_requested_ && pending_.empty() && !writing_; });
    }

private:
    static constexpr std::size_t kMaxPending = 16u << 20;
    static constexpr std::size_t kBatchBytes = 64u << 10;
    static constexpr std::chrono::milliseconds kInterval{100};

    void run() {
        std::string batch;
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait_for(lock, kInterval,
                           [this] { return stopping_ || flush_requested_ || pending_.size() >= kBatchBytes; });
            if (!pending_.empty()) {
                batch.swap(pending_);
                writing_ = true;
                lock.unlock();
                std::fwrite(batch.data(), 1, batch.size(), stderr);
                batch.clear();
                lock.lock();
                writing_ = false;
            }
            flush_requested_ = false;
            written_.notify_all();
            if (stopping_ && pending_.empty()) return;
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_, written_;
    std::string pending_;
    bool writing_ = false, stopping_ = false, flush_requested_ = false;
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
