#pragma once
// A tile store shared by every rxmap node: Redis (hiredis), one key per tile,
// "<prefix><TileKey::str()>" (the version in the key: new data or a new style never
// reads old tiles). A metatile is written with one MSET, so a reader sees all its tiles
// or none. The byte budget and the eviction are the server's: maxmemory with
// maxmemory-policy allkeys-lru (deploy/redis.conf, .ci/services.sh); a server without
// an eviction policy is reported at the first connection.
//
// Never in the way: when Redis is down or slow (connect and I/O time out after
// io_timeout), reads are misses and writes are dropped, the error is counted and
// logged once, and the store stays away for a backoff that doubles from backoff_min to
// backoff_max; then one request tries to reconnect. Meanwhile the engine renders and
// serves as if there were no shared cache. Put a node's MemoryStore in front of it
// (CompositeStore): hot tiles never cross the network.
//
// Each value is the body's SHA-1 (40 hex digits) followed by the body: a read checks it,
// and a value that fails (overwritten, truncated, another writer's format) is counted
// (StoreStats::corrupt), deleted and read as a miss. Failed writes are counted by cause
// ("redis_error", "unreachable") and logged at most once a minute (write_failures.h).
//
// Ignores SIGPIPE process-wide (hiredis writes to sockets that Redis may have closed).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "tiles/tile_store.h"
#include "tiles/write_failures.h"

struct redisContext;

namespace rxmap::tiles {

struct RedisStoreOptions {
    std::string host = "127.0.0.1";
    int port = 6379;
    int db = 0;
    std::string password;
    std::string key_prefix = "rxmap:";
    std::chrono::milliseconds connect_timeout{250};
    std::chrono::milliseconds io_timeout{250};
    std::chrono::milliseconds backoff_min{100};
    std::chrono::milliseconds backoff_max{5000};
    int max_connections = 16;  // open at once (each request or render thread uses one at a time)
};

// redis://[:password@]host[:port][/db][?prefix=rxmap:&timeout_ms=250]. Throws std::invalid_argument.
RedisStoreOptions parse_redis_url(const std::string& url);

struct RedisStats {
    std::uint64_t hits = 0, misses = 0, tiles_written = 0, bytes_written = 0;
    std::uint64_t errors = 0;      // failed connects and commands
    std::uint64_t skipped = 0;     // operations not tried while down (backoff)
    std::uint64_t reconnects = 0;  // successful connects after being down
    bool up = false;               // the last operation reached Redis
};

class RedisStore : public TileStore {
public:
    explicit RedisStore(RedisStoreOptions options);
    ~RedisStore() override;

    TileData read(const TileKey& key) override;
    TileStat stat(const TileKey& key) override;  // mtime unknown (0)
    // The value stored for a tile body: its SHA-1 in hex, then the body.
    static std::string stored_value(const std::string& body);
    void write_metatile(const MetatileTiles& metatile) override;
    void expire(const TileKey& key) override;
    void collect_stats(std::vector<StoreStats>& out) const override;  // store="redis"

    RedisStats redis_stats() const;
    // rxmap_shared_cache_{up,errors_total,skipped_total,reconnects_total} (Prometheus text).
    std::string prometheus_text() const;
    const RedisStoreOptions& options() const { return options_; }
    std::string key_of(const TileKey& key) const { return options_.key_prefix + key.str(); }

private:
    struct Reply;
    redisContext* acquire();                       // nullptr while down or when no connection can be had
    void release(redisContext* c, bool healthy);  // !healthy: closed, and the store goes down for a backoff
    redisContext* connect();
    // Runs one command; nullptr (and the failure counted) when Redis could not be reached.
    Reply command(const std::vector<std::string>& args);

    RedisStoreOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable idle_cv_;
    std::vector<redisContext*> idle_;
    int open_ = 0;
    bool down_ = false;
    bool probing_ = false;
    bool warned_policy_ = false;
    std::chrono::steady_clock::time_point retry_at_{};
    std::chrono::milliseconds backoff_;
    std::atomic<std::uint64_t> hits_{0}, misses_{0}, written_{0}, bytes_{0};
    std::atomic<std::uint64_t> errors_{0}, skipped_{0}, reconnects_{0};
    std::atomic<bool> up_{false};
    std::atomic<std::uint64_t> corrupt_{0};
    WriteFailures write_failures_{"shared tile cache"};
};

}  // namespace rxmap::tiles
