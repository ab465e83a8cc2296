#include "tiles/redis_store.h"

#include <hiredis/hiredis.h>

#include <csignal>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "common/prometheus_text.h"
#include "tiles/content_hash.h"
#include "tiles/metatile.h"

namespace rxmap::tiles {

namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
    return tv;
}

std::string where(const RedisStoreOptions& o) { return "redis://" + o.host + ":" + std::to_string(o.port) + "/" + std::to_string(o.db); }

int to_int(const std::string& s, const char* what) {
    try {
        size_t used = 0;
        const int v = std::stoi(s, &used);
        if (used != s.size() || v < 0) throw std::invalid_argument(s);
        return v;
    } catch (const std::exception&) {
        throw std::invalid_argument(std::string("shared cache URL: bad ") + what + " '" + s + "'");
    }
}

}  // namespace

RedisStoreOptions parse_redis_url(const std::string& url) {
    RedisStoreOptions o;
    std::string rest = url;
    const std::string scheme = "redis://";
    if (rest.compare(0, scheme.size(), scheme) == 0) rest = rest.substr(scheme.size());
    else if (rest.find("://") != std::string::npos)
        throw std::invalid_argument("shared cache URL: only redis:// is supported, not '" + url + "'");
    std::string query;
    if (auto q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    if (auto at = rest.rfind('@'); at != std::string::npos) {
        std::string auth = rest.substr(0, at);
        rest = rest.substr(at + 1);
        if (auto colon = auth.find(':'); colon != std::string::npos) auth = auth.substr(colon + 1);
        o.password = auth;
    }
    if (auto slash = rest.find('/'); slash != std::string::npos) {
        const std::string db = rest.substr(slash + 1);
        if (!db.empty()) o.db = to_int(db, "database");
        rest = rest.substr(0, slash);
    }
    if (auto colon = rest.rfind(':'); colon != std::string::npos) {
        o.port = to_int(rest.substr(colon + 1), "port");
        rest = rest.substr(0, colon);
    }
    if (!rest.empty()) o.host = rest;
    std::istringstream params(query);
    std::string param;
    while (std::getline(params, param, '&')) {
        if (param.empty()) continue;
        const auto eq = param.find('=');
        const std::string k = param.substr(0, eq), v = eq == std::string::npos ? "" : param.substr(eq + 1);
        if (k == "prefix") o.key_prefix = v;
        else if (k == "timeout_ms") o.io_timeout = o.connect_timeout = std::chrono::milliseconds(to_int(v, "timeout_ms"));
        else if (k == "backoff_max_ms") o.backoff_max = std::chrono::milliseconds(to_int(v, "backoff_max_ms"));
        else if (k == "connections") o.max_connections = std::max(1, to_int(v, "connections"));
        else throw std::invalid_argument("shared cache URL: unknown parameter '" + k + "'");
    }
    return o;
}

struct RedisStore::Reply {
    redisReply* r = nullptr;
    Reply() = default;
    explicit Reply(redisReply* reply) : r(reply) {}
    Reply(Reply&& o) noexcept : r(o.r) { o.r = nullptr; }
    Reply& operator=(Reply&& o) noexcept {
        std::swap(r, o.r);
        return *this;
    }
    ~Reply() {
        if (r) freeReplyObject(r);
    }
    explicit operator bool() const { return r != nullptr; }
    redisReply* operator->() const { return r; }
};

RedisStore::RedisStore(RedisStoreOptions options) : options_(std::move(options)), backoff_(options_.backoff_min) {
    std::signal(SIGPIPE, SIG_IGN);
    // Say at start whether the shared cache is there; serve either way.
    if (redisContext* c = acquire()) {
        release(c, true);
        std::cerr << "rxmap: shared tile cache " << where(options_) << " reachable (keys " << options_.key_prefix << "…)\n";
    }
}

RedisStore::~RedisStore() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (redisContext* c : idle_) redisFree(c);
    idle_.clear();
}

redisContext* RedisStore::connect() {
    redisContext* c = redisConnectWithTimeout(options_.host.c_str(), options_.port, to_timeval(options_.connect_timeout));
    auto fail = [&](const std::string& why) -> redisContext* {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!down_) std::cerr << "rxmap: shared tile cache " << where(options_) << ": " << why << '\n';
        if (c) redisFree(c);
        return nullptr;
    };
    if (!c) return fail("out of memory");
    if (c->err) return fail(c->errstr);
    redisSetTimeout(c, to_timeval(options_.io_timeout));
    redisEnableKeepAlive(c);
    auto simple = [&](std::vector<const char*> argv) -> std::string {
        Reply r(static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), nullptr)));
        if (!r) return std::string("error: ") + c->errstr;
        if (r->type == REDIS_REPLY_ERROR) return std::string("error: ") + std::string(r->str, r->len);
        return {};
    };
    if (!options_.password.empty()) {
        const std::string e = simple({"AUTH", options_.password.c_str()});
        if (!e.empty()) return fail("AUTH " + e);
    }
    if (options_.db != 0) {
        const std::string db = std::to_string(options_.db);
        const std::string e = simple({"SELECT", db.c_str()});
        if (!e.empty()) return fail("SELECT " + e);
    }
    bool check_policy = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        check_policy = !warned_policy_;
        warned_policy_ = true;
    }
    if (check_policy) {
        const char* argv[] = {"CONFIG", "GET", "maxmemory*"};
        Reply r(static_cast<redisReply*>(redisCommandArgv(c, 3, argv, nullptr)));
        if (r && r->type == REDIS_REPLY_ARRAY) {
            std::string maxmemory, policy;
            for (size_t i = 0; i + 1 < r->elements; i += 2) {
                const std::string k(r->element[i]->str, r->element[i]->len);
                const std::string v(r->element[i + 1]->str, r->element[i + 1]->len);
                if (k == "maxmemory") maxmemory = v;
                else if (k == "maxmemory-policy") policy = v;
            }
            if (maxmemory == "0" || policy == "noeviction")
                std::cerr << "rxmap: shared tile cache " << where(options_) << " has maxmemory " << maxmemory
                          << " and policy " << policy
                          << ": it grows without bound or refuses writes; set maxmemory and allkeys-lru (deploy/redis.conf)\n";
        }
    }
    return c;
}

redisContext* RedisStore::acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        if (!idle_.empty()) {
            redisContext* c = idle_.back();
            idle_.pop_back();
            return c;
        }
        const auto now = std::chrono::steady_clock::now();
        if (down_) {
            if (now < retry_at_ || probing_) {
                ++skipped_;
                return nullptr;
            }
            probing_ = true;  // this request tries; the others keep going without the cache
            lock.unlock();
            redisContext* c = connect();
            lock.lock();
            probing_ = false;
            if (!c) {
                ++errors_;
                retry_at_ = std::chrono::steady_clock::now() + backoff_;
                backoff_ = std::min(backoff_ * 2, options_.backoff_max);
                return nullptr;
            }
            down_ = false;
            up_ = true;
            backoff_ = options_.backoff_min;
            ++reconnects_;
            ++open_;
            std::cerr << "rxmap: shared tile cache " << where(options_) << " reachable again\n";
            return c;
        }
        if (open_ < options_.max_connections) {
            ++open_;
            lock.unlock();
            redisContext* c = connect();
            lock.lock();
            if (c) {
                up_ = true;
                return c;
            }
            --open_;
            ++errors_;
            if (!down_) {
                down_ = true;
                up_ = false;
                retry_at_ = std::chrono::steady_clock::now() + backoff_;
                backoff_ = std::min(backoff_ * 2, options_.backoff_max);
                std::cerr << "rxmap: shared tile cache " << where(options_)
                          << " unreachable; serving without it, reconnecting with backoff\n";
            }
            return nullptr;
        }
        // Every connection is busy: wait a little for one, else go without the cache this time.
        if (!idle_cv_.wait_for(lock, options_.io_timeout, [&] { return !idle_.empty() || down_; })) {
            ++skipped_;
            return nullptr;
        }
    }
}

void RedisStore::release(redisContext* c, bool healthy) {
    std::string error;
    if (!healthy) error = c->errstr[0] ? c->errstr : "connection lost";
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (healthy && !down_) {
            idle_.push_back(c);
            idle_cv_.notify_one();
            return;
        }
        --open_;
        if (!healthy) {
            ++errors_;
            if (!down_) {
                std::cerr << "rxmap: shared tile cache " << where(options_) << ": " << error
                          << "; serving without it, reconnecting with backoff\n";
                down_ = true;
                up_ = false;
                retry_at_ = std::chrono::steady_clock::now() + backoff_;
                backoff_ = std::min(backoff_ * 2, options_.backoff_max);
            }
            // The idle connections went to the same server: drop them too.
            for (redisContext* i : idle_) redisFree(i);
            open_ -= static_cast<int>(idle_.size());
            idle_.clear();
            idle_cv_.notify_all();
        }
    }
    redisFree(c);
}

RedisStore::Reply RedisStore::command(const std::vector<std::string>& args) {
    redisContext* c = acquire();
    if (!c) return {};
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const auto& a : args) {
        argv.push_back(a.data());
        lengths.push_back(a.size());
    }
    Reply r(static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data())));
    if (!r) {
        release(c, false);  // I/O error or timeout: the connection is unusable
        return {};
    }
    release(c, true);
    if (r->type == REDIS_REPLY_ERROR) {
        // Redis answered (e.g. OOM under maxmemory with noeviction): count it, keep the connection.
        if (errors_++ % 1000 == 0)
            std::cerr << "rxmap: shared tile cache " << where(options_) << ": " << std::string(r->str, r->len) << '\n';
        return {};
    }
    return r;
}

namespace {
constexpr std::size_t kHashChars = 40;  // SHA-1 in hex, before the body
}  // namespace

std::string RedisStore::stored_value(const std::string& body) { return content_hash(body) + body; }

TileData RedisStore::read(const TileKey& key) {
    Reply r = command({"GET", key_of(key)});
    if (!r) return nullptr;
    if (r->type == REDIS_REPLY_STRING) {
        const std::string_view value(r->str, r->len);
        if (value.size() > kHashChars && content_hash(value.substr(kHashChars)) == value.substr(0, kHashChars)) {
            ++hits_;
            return std::make_shared<const std::string>(value.substr(kHashChars));
        }
        if (corrupt_++ % 1000 == 0)
            std::cerr << "rxmap: shared tile cache " << where(options_) << ": " << key_of(key)
                      << " does not match its SHA-1: deleted, rendered again\n";
        command({"DEL", key_of(key)});
    }
    ++misses_;
    return nullptr;
}

TileStat RedisStore::stat(const TileKey& key) {
    Reply r = command({"STRLEN", key_of(key)});
    TileStat s;
    if (r && r->type == REDIS_REPLY_INTEGER && r->integer > static_cast<long long>(kHashChars)) {
        s.exists = true;
        s.size = static_cast<std::size_t>(r->integer) - kHashChars;
    }
    return s;
}

void RedisStore::write_metatile(const MetatileTiles& m) {
    std::vector<std::string> args;
    args.reserve(1 + 2 * m.tiles.size());
    args.emplace_back("MSET");
    std::uint64_t bytes = 0;
    for (int row = 0; row < m.n; ++row)
        for (int col = 0; col < m.n; ++col) {
            const TileData& t = m.tiles.at(static_cast<size_t>(row * m.n + col));
            if (!t) continue;
            args.push_back(key_of(m.origin.at(m.origin.x + col, m.origin.y + row)));
            args.push_back(stored_value(*t));
            bytes += t->size();
        }
    if (args.size() == 1) return;
    Reply r = command(args);
    if (!r) {
        write_failures_.record(up_ ? "redis_error" : "unreachable", "MSET of " + std::to_string((args.size() - 1) / 2) +
                                                                       " tiles at " + m.origin.str() + " dropped");
        return;
    }
    written_ += (args.size() - 1) / 2;
    bytes_ += bytes;
}

void RedisStore::expire(const TileKey& key) {
    const Metatile meta = metatile_of(key.z, key.x, key.y, key.metatile);
    std::vector<std::string> args{"DEL"};
    for (int row = 0; row < meta.n; ++row)
        for (int col = 0; col < meta.n; ++col) args.push_back(key_of(key.at(meta.x + col, meta.y + row)));
    command(args);
}

void RedisStore::collect_stats(std::vector<StoreStats>& out) const {
    StoreStats s;
    s.store = "redis";
    s.hits = hits_;
    s.misses = misses_;
    s.tiles_written = written_;
    s.bytes = bytes_;
    s.corrupt = corrupt_;
    s.write_errors = write_failures_.counts();
    out.push_back(s);
}

RedisStats RedisStore::redis_stats() const {
    RedisStats s;
    s.hits = hits_;
    s.misses = misses_;
    s.tiles_written = written_;
    s.bytes_written = bytes_;
    s.errors = errors_;
    s.skipped = skipped_;
    s.reconnects = reconnects_;
    s.up = up_;
    return s;
}

std::string RedisStore::prometheus_text() const {
    const RedisStats s = redis_stats();
    common::PrometheusText o("rxmap_shared_cache_");
    o.metric("up", "gauge", "1 when the last operation reached the shared tile cache (Redis).", s.up ? 1 : 0);
    o.metric("errors_total", "counter", "Failed connections and commands to the shared tile cache.", s.errors);
    o.metric("skipped_total", "counter", "Cache operations not tried while the shared cache was down (backoff).", s.skipped);
    o.metric("reconnects_total", "counter", "Connections made again after the shared cache was down.", s.reconnects);
    return o.text();
}

}  // namespace rxmap::tiles
