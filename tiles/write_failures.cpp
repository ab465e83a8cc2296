#include "tiles/write_failures.h"

#include <cerrno>
#include <cstring>
#include <iostream>

namespace rxmap::tiles {

WriteFailures::WriteFailures(std::string store, std::ostream* log, Clock::duration log_every)
    : store_(std::move(store)), log_(log ? log : &std::cerr), log_every_(log_every) {}

void WriteFailures::record(const std::string& cause, const std::string& detail, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    Cause& c = causes_[cause];
    ++c.total;
    ++c.since_logged;
    if (c.ever_logged && now - c.logged < log_every_) return;
    *log_ << store_ << ": write failed (" << cause << "): " << detail;
    if (c.since_logged > 1) *log_ << " (" << c.since_logged << " failures of this cause since the last line)";
    *log_ << "; counted in rxmap_engine_store_write_errors_total, logged at most once a minute\n";
    c.since_logged = 0;
    c.logged = now;
    c.ever_logged = true;
}

std::string WriteFailures::errno_cause(int error) {
    switch (error) {
        case ENOSPC: return "ENOSPC";
        case EROFS: return "EROFS";
        case EACCES: return "EACCES";
        case EPERM: return "EPERM";
        case EDQUOT: return "EDQUOT";
        case EIO: return "EIO";
        case ENOENT: return "ENOENT";
        case ENOTDIR: return "ENOTDIR";
        case EMFILE: return "EMFILE";
        case ENFILE: return "ENFILE";
        default: return "errno " + std::to_string(error);
    }
}

std::map<std::string, std::uint64_t> WriteFailures::counts() const {
    std::lock_guard lock(mutex_);
    std::map<std::string, std::uint64_t> out;
    for (const auto& [cause, c] : causes_) out[cause] = c.total;
    return out;
}

}  // namespace rxmap::tiles
