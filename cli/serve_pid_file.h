#pragma once
// How `rxmap import --store X` finds the servers that serve X, to make them reload:
// each `rxmap serve` writes its pid to `<store folder>/rxmap-serve-<pid>.pid` once it
// catches SIGHUP, and removes the file when it exits.
#include <ostream>
#include <string>

namespace rxmap::cli {

class ServePidFile {
public:
    explicit ServePidFile(const std::string& store_file);  // writes it (a warning if it cannot)
    ~ServePidFile();                                         // removes it
    ServePidFile(const ServePidFile&) = delete;
    ServePidFile& operator=(const ServePidFile&) = delete;

private:
    std::string path_;
};

// Sends SIGHUP to every server announced next to this store that is still running as
// `rxmap serve` (a file whose process is gone, or is another program, is removed
// unsignalled). Returns how many were signalled.
int signal_servers(const std::string& store_file, std::ostream& log);

}  // namespace rxmap::cli
