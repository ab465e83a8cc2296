#pragma once
// Built exports, kept: an export depends only on the data and cartography version and
// its parameters (the key), so it is built once and then answered from here. In memory
// (least recently used first out, bounded in bytes: bodies and their gzip copies), and
// with a directory on disk too (`rxmap serve --cache-dir DIR`: DIR/exports/), so a
// restart does not build them again.
//
// A file on disk starts with a line "rxmap-export 1 <SHA-1 of the body>", then the
// content type and the Content-Disposition a line each, then the body; a file whose
// body does not match it (a torn write, a flipped bit) is counted, removed and built
// again, never served. Files are written under DIR/exports/tmp/ and renamed into place.
//
// Requests for an export already being built join that build (lead_or_join): one
// build, however many ask.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "tiles/write_failures.h"

namespace rxmap::server {

struct ExportEntry {
    std::string content_type;
    std::string disposition;  // Content-Disposition
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const std::string> gzip;  // null when the type is not worth compressing (XLSX)
    std::size_t bytes() const { return (body ? body->size() : 0) + (gzip ? gzip->size() : 0); }
};
using ExportPtr = std::shared_ptr<const ExportEntry>;

struct ExportCacheStats {
    std::uint64_t memory_hits = 0, disk_hits = 0, misses = 0, builds_joined = 0, corrupt = 0;
    std::size_t memory_bytes = 0, entries = 0;
    std::map<std::string, std::uint64_t> write_errors;  // by cause
};

class ExportCache {
public:
    // dir "" = memory only.
    ExportCache(std::size_t memory_bytes, std::filesystem::path dir = {});

    // Never blocks on I/O: for the I/O thread.
    ExportPtr find_in_memory(const std::string& key);
    // Reads DIR/exports (blocking); a hit is kept in memory. Null when absent or damaged.
    ExportPtr find_on_disk(const std::string& key);
    // Keeps a built export in memory and on disk.
    void put(const std::string& key, const ExportPtr& entry);

    // The first request for a key not being built leads (true: it builds, then calls
    // finish); the others join (false) and are called back by finish with its result
    // (null: the build failed or was refused).
    using Waiter = std::function<void(ExportPtr)>;
    bool lead_or_join(const std::string& key, Waiter waiter);
    void finish(const std::string& key, const ExportPtr& result);

    ExportCacheStats stats() const;
    std::filesystem::path file_of(const std::string& key) const;  // for tests

private:
    void remember(const std::string& key, const ExportPtr& entry);  // memory; mutex_ held
    void write_file(const std::string& key, const ExportEntry& entry, const std::string& body, const std::string& suffix);
    // The body of a file that matches its hash (its two header lines in *type, *disposition), or null.
    std::shared_ptr<const std::string> read_file(const std::filesystem::path& path, std::string* type,
                                                 std::string* disposition);

    const std::size_t max_bytes_;
    const std::filesystem::path dir_;
    mutable std::mutex mutex_;
    std::list<std::string> lru_;  // front = most recently used
    struct Held {
        ExportPtr entry;
        std::list<std::string>::iterator at;
    };
    std::unordered_map<std::string, Held> memory_;
    std::size_t bytes_ = 0;
    std::unordered_map<std::string, std::vector<Waiter>> building_;
    std::uint64_t memory_hits_ = 0, disk_hits_ = 0, misses_ = 0, joined_ = 0, corrupt_ = 0;
    std::uint64_t tmp_counter_ = 0;
    tiles::WriteFailures write_failures_{"export cache"};
};

}  // namespace rxmap::server
