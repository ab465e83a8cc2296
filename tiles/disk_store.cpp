#include "tiles/disk_store.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <system_error>

#include "tiles/content_hash.h"
#include "tiles/metatile.h"

namespace fs = std::filesystem;

namespace rxmap::tiles {

namespace {

constexpr const char* kMagic = "rxmap-metatile";
constexpr int kFormat = 1;

// A path segment from free text: [A-Za-z0-9._-] kept, the rest %XX; never "." or "..".
std::string segment(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || (c == '.' && !out.empty())) {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out.empty() ? "%" : out;
}

// "population/2020/ward" -> population/2020/ward, each part made safe.
fs::path layer_path(const std::string& layer) {
    fs::path p;
    std::string part;
    std::istringstream in(layer);
    while (std::getline(in, part, '/')) p /= segment(part);
    return p;
}

bool read_file(const fs::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return static_cast<bool>(in) || in.eof();
}

bool process_alive(long pid) {
    if (pid <= 0) return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

}  // namespace

DiskStore::DiskStore(fs::path root, DiskStoreOptions options) : root_(std::move(root)), options_(options) {
    fs::create_directories(root_ / "blobs");
    fs::create_directories(root_ / "meta");
    fs::create_directories(root_ / "tmp");
    sweep_tmp();
}

void DiskStore::sweep_tmp() {
    // A temp file lives for milliseconds. Remove those of processes that are gone, and old
    // ones whatever their pid (pids are reused, e.g. after a container restart).
    std::error_code ec;
    const auto now = fs::file_time_type::clock::now();
    for (const auto& e : fs::directory_iterator(root_ / "tmp", ec)) {
        const std::string name = e.path().filename().string();
        const long pid = std::strtol(name.c_str(), nullptr, 10);
        const auto written = fs::last_write_time(e.path(), ec);
        const bool old = !ec && now - written > std::chrono::minutes(10);
        const bool orphan = pid != static_cast<long>(::getpid()) && !process_alive(pid);
        if ((old || orphan) && fs::remove(e.path(), ec)) ++swept_;
    }
}

fs::path DiskStore::index_path(const TileKey& key) const {
    const Metatile m = metatile_of(key.z, key.x, key.y, key.metatile);
    return root_ / "meta" / segment(key.version) / layer_path(key.layer) / std::to_string(key.scale) /
           std::to_string(m.z) / std::to_string(m.x) / (std::to_string(m.y) + ".meta");
}

fs::path DiskStore::blob_path(const std::string& hash) const {
    return root_ / "blobs" / hash.substr(0, 2) / (hash + ".png");
}

bool DiskStore::lookup(const TileKey& key, Entry& entry, std::time_t* mtime) const {
    const Metatile m = metatile_of(key.z, key.x, key.y, key.metatile);
    const fs::path path = index_path(key);
    std::string text;
    if (!read_file(path, text)) return false;
    std::istringstream in(text);
    std::string magic;
    int format = 0, n = 0;
    if (!(in >> magic >> format >> n) || magic != kMagic || format != kFormat || n != m.n) return false;
    const int wanted = (key.y - m.y) * n + (key.x - m.x);
    Entry found;
    for (int i = 0; i < n * n; ++i) {
        Entry e;
        if (!(in >> e.hash >> e.size)) return false;
        if (i == wanted) found = e;
    }
    std::string end;
    if (!(in >> end) || end != "end") return false;  // truncated: never trusted
    if (found.hash == "-") return false;
    entry = found;
    if (mtime) {
        struct stat st{};
        *mtime = ::stat(path.c_str(), &st) == 0 ? st.st_mtime : 0;
    }
    return true;
}

TileData DiskStore::read(const TileKey& key) {
    Entry e;
    std::string body;
    if (lookup(key, e) && read_file(blob_path(e.hash), body) && body.size() == e.size) {
        if (content_hash(body) == e.hash) {
            ++hits_;
            return std::make_shared<const std::string>(std::move(body));
        }
        // Not the bytes that were written: never served. Other metatiles that share the
        // body find it gone and render again too.
        ++corrupt_;
        std::error_code ec;
        fs::remove(blob_path(e.hash), ec);
        expire(key);
        std::cerr << "disk store: " << blob_path(e.hash).string() << " does not match its SHA-1: removed, "
                  << key.str() << " rendered again\n";
    }
    ++misses_;
    return nullptr;
}

TileStat DiskStore::stat(const TileKey& key) {
    Entry e;
    std::time_t mtime = 0;
    if (!lookup(key, e, &mtime)) return {};
    return {true, e.size, mtime};
}

bool DiskStore::write_atomically(const fs::path& path, const std::string& bytes) {
    const fs::path tmp = root_ / "tmp" / (std::to_string(::getpid()) + '.' + std::to_string(++tmp_counter_) + ".tmp");
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int error = errno;
        write_failures_.record(WriteFailures::errno_cause(error),
                               "cannot create " + tmp.string() + ": " + std::strerror(error));
        return false;
    }
    size_t done = 0;
    int error = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            error = errno;
            break;
        }
        done += static_cast<size_t>(n);
    }
    if (!error && options_.fsync && ::fdatasync(fd) != 0) error = errno;
    if (::close(fd) != 0 && !error) error = errno;
    std::error_code ec;
    if (!error) {
        fs::create_directories(path.parent_path(), ec);
        if (::rename(tmp.c_str(), path.c_str()) != 0) error = errno;
    }
    if (error) {
        write_failures_.record(WriteFailures::errno_cause(error),
                               "cannot write " + path.string() + ": " + std::strerror(error));
        fs::remove(tmp, ec);
    }
    return !error;
}

void DiskStore::write_metatile(const MetatileTiles& m) {
    std::ostringstream index;
    std::uint64_t tiles = 0;
    index << kMagic << ' ' << kFormat << ' ' << m.n << '\n';
    for (int i = 0; i < m.n * m.n; ++i) {
        const TileData& tile = static_cast<size_t>(i) < m.tiles.size() ? m.tiles[i] : nullptr;
        if (!tile) {
            index << "- 0\n";
            continue;
        }
        const std::string hash = content_hash(*tile);
        const fs::path blob = blob_path(hash);
        std::error_code ec;
        const auto size = fs::file_size(blob, ec);
        if (!ec && size == tile->size()) {
            ++dedup_;  // the same body is on disk already (the sea, "no data" …)
        } else {
            if (!write_atomically(blob, *tile)) return;  // no index without its bodies
            ++bodies_;
            bytes_ += tile->size();
        }
        ++tiles;
        index << hash << ' ' << tile->size() << '\n';
    }
    index << "end\n";
    if (write_atomically(index_path(m.origin), index.str())) written_ += tiles;
}

void DiskStore::expire(const TileKey& key) {
    std::error_code ec;
    fs::remove(index_path(key), ec);  // bodies stay: other addresses may share them
}

std::size_t DiskStore::count_blobs() const {
    std::size_t n = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root_ / "blobs", ec); it != fs::recursive_directory_iterator();
         it.increment(ec))
        if (it->is_regular_file()) ++n;
    return n;
}

void DiskStore::collect_stats(std::vector<StoreStats>& out) const {
    StoreStats s;
    s.store = "disk";
    s.hits = hits_;
    s.misses = misses_;
    s.tiles_written = written_;
    s.deduplicated = dedup_;
    s.bytes = bytes_;
    s.bodies = bodies_;
    s.corrupt = corrupt_;
    s.write_errors = write_failures_.counts();
    out.push_back(s);
}

}  // namespace rxmap::tiles
