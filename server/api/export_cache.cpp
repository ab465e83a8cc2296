#include "server/api/export_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "tiles/content_hash.h"

namespace fs = std::filesystem;

namespace rxmap::server {

namespace {

constexpr const char* kMagic = "rxmap-export 1 ";

}  // namespace

ExportCache::ExportCache(std::size_t memory_bytes, fs::path dir)
    : max_bytes_(memory_bytes), dir_(dir.empty() ? fs::path() : dir / "exports") {
    if (dir_.empty()) return;
    std::error_code ec;
    fs::create_directories(dir_ / "tmp", ec);
    for (const auto& e : fs::directory_iterator(dir_ / "tmp", ec)) fs::remove(e.path(), ec);  // torn writes
}

fs::path ExportCache::file_of(const std::string& key) const {
    const std::string hash = tiles::content_hash(key);
    return dir_ / hash.substr(0, 2) / hash;
}

ExportPtr ExportCache::find_in_memory(const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto it = memory_.find(key);
    if (it == memory_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second.at);
    ++memory_hits_;
    return it->second.entry;
}

std::shared_ptr<const std::string> ExportCache::read_file(const fs::path& path, std::string* type,
                                                        std::string* disposition) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return nullptr;
    std::string header;
    std::getline(in, header);
    std::getline(in, *type);
    std::getline(in, *disposition);
    std::ostringstream rest;
    rest << in.rdbuf();
    std::string body = rest.str();
    const bool intact = header.rfind(kMagic, 0) == 0 && header.substr(std::strlen(kMagic)) == tiles::content_hash(body);
    if (intact) return std::make_shared<const std::string>(std::move(body));
    std::error_code ec;
    fs::remove(path, ec);
    std::lock_guard lock(mutex_);
    ++corrupt_;
    std::cerr << "export cache: " << path.string() << " does not match its hash: removed, built again\n";
    return nullptr;
}

ExportPtr ExportCache::find_on_disk(const std::string& key) {
    if (dir_.empty()) {
        std::lock_guard lock(mutex_);
        ++misses_;
        return nullptr;
    }
    const fs::path path = file_of(key);
    auto entry = std::make_shared<ExportEntry>();
    auto body = read_file(path, &entry->content_type, &entry->disposition);
    if (!body) {
        std::lock_guard lock(mutex_);
        ++misses_;
        return nullptr;
    }
    entry->body = std::move(body);
    std::string type, disposition;
    entry->gzip = read_file(path.string() + ".gz", &type, &disposition);
    std::lock_guard lock(mutex_);
    ++disk_hits_;
    remember(key, entry);
    return entry;
}

void ExportCache::remember(const std::string& key, const ExportPtr& entry) {
    if (entry->bytes() > max_bytes_) return;  // bigger than the whole budget: build it each time
    if (auto it = memory_.find(key); it != memory_.end()) {
        bytes_ -= it->second.entry->bytes();
        lru_.erase(it->second.at);
        memory_.erase(it);
    }
    while (bytes_ + entry->bytes() > max_bytes_ && !lru_.empty()) {
        const auto old = memory_.find(lru_.back());
        bytes_ -= old->second.entry->bytes();
        memory_.erase(old);
        lru_.pop_back();
    }
    lru_.push_front(key);
    memory_[key] = Held{entry, lru_.begin()};
    bytes_ += entry->bytes();
}

void ExportCache::write_file(const std::string& key, const ExportEntry& entry, const std::string& body,
                             const std::string& suffix) {
    const fs::path path = file_of(key).string() + suffix;
    std::string tmp_name;
    {
        std::lock_guard lock(mutex_);
        tmp_name = std::to_string(::getpid()) + "." + std::to_string(++tmp_counter_);
    }
    const fs::path tmp = dir_ / "tmp" / tmp_name;
    const std::string header =
        kMagic + tiles::content_hash(body) + "\n" + entry.content_type + "\n" + entry.disposition + "\n";
    int error = 0;
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) error = errno;
    for (const std::string* part : {&header, &body}) {
        std::size_t done = 0;
        while (!error && done < part->size()) {
            const ssize_t n = ::write(fd, part->data() + done, part->size() - done);
            if (n < 0 && errno != EINTR) error = errno;
            if (n > 0) done += static_cast<std::size_t>(n);
        }
    }
    if (fd >= 0 && ::close(fd) != 0 && !error) error = errno;
    std::error_code ec;
    if (!error) {
        fs::create_directories(path.parent_path(), ec);
        if (::rename(tmp.c_str(), path.c_str()) != 0) error = errno;
    }
    if (!error) return;
    fs::remove(tmp, ec);
    write_failures_.record(tiles::WriteFailures::errno_cause(error), path.string() + ": " + std::strerror(error));
}

void ExportCache::put(const std::string& key, const ExportPtr& entry) {
    {
        std::lock_guard lock(mutex_);
        remember(key, entry);
    }
    if (dir_.empty()) return;
    write_file(key, *entry, *entry->body, "");
    if (entry->gzip) write_file(key, *entry, *entry->gzip, ".gz");
}

bool ExportCache::lead_or_join(const std::string& key, Waiter waiter) {
    std::lock_guard lock(mutex_);
    auto [it, fresh] = building_.try_emplace(key);
    if (fresh) return true;
    ++joined_;
    it->second.push_back(std::move(waiter));
    return false;
}

void ExportCache::finish(const std::string& key, const ExportPtr& result) {
    std::vector<Waiter> waiters;
    {
        std::lock_guard lock(mutex_);
        const auto it = building_.find(key);
        if (it == building_.end()) return;
        waiters = std::move(it->second);
        building_.erase(it);
    }
    for (auto& w : waiters) w(result);
}

ExportCacheStats ExportCache::stats() const {
    ExportCacheStats s;
    {
        std::lock_guard lock(mutex_);
        s.memory_hits = memory_hits_;
        s.disk_hits = disk_hits_;
        s.misses = misses_;
        s.builds_joined = joined_;
        s.corrupt = corrupt_;
        s.memory_bytes = bytes_;
        s.entries = memory_.size();
    }
    s.write_errors = write_failures_.counts();
    return s;
}

}  // namespace rxmap::server
