#include "cli/serve_pid_file.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace fs = std::filesystem;

namespace rxmap::cli {

namespace {

constexpr const char* kPrefix = "rxmap-serve-";
constexpr const char* kSuffix = ".pid";

fs::path folder_of(const std::string& store_file) {
    const fs::path parent = fs::path(store_file).parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

// The process runs `rxmap serve` (its /proc cmdline: "…/rxmap\0serve\0…"), so that a
// stale file naming a pid reused by another program is never signalled.
bool is_rxmap_serve(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto end = cmdline.find('\0');
    if (end == std::string::npos) return false;
    return fs::path(cmdline.substr(0, end)).filename() == "rxmap" &&
           cmdline.compare(end + 1, 6, std::string("serve\0", 6)) == 0;
}

}  // namespace

ServePidFile::ServePidFile(const std::string& store_file)
    : path_((folder_of(store_file) / (kPrefix + std::to_string(::getpid()) + kSuffix)).string()) {
    std::ofstream out(path_);
    out << ::getpid() << '\n';
    if (!out) {
        std::cerr << "rxmap: cannot write " << path_ << " (rxmap import will not signal this server)\n";
        path_.clear();
    }
}

ServePidFile::~ServePidFile() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove(path_, ignored);
}

int signal_servers(const std::string& store_file, std::ostream& log) {
    int signalled = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder_of(store_file), ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(kPrefix, 0) != 0 || entry.path().extension() != kSuffix) continue;
        std::ifstream in(entry.path());
        long pid = 0;
        if (in >> pid && pid > 0 && is_rxmap_serve(static_cast<pid_t>(pid)) &&
            ::kill(static_cast<pid_t>(pid), SIGHUP) == 0) {
            log << "rxmap import: asked the server with pid " << pid << " to reload (SIGHUP)\n";
            ++signalled;
        } else {
            fs::remove(entry.path(), ec);  // its server is gone
        }
    }
    return signalled;
}

}  // namespace rxmap::cli
