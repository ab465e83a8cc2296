#pragma once
// Services for the cluster tests (tests/test_cluster_*.cpp):
//
// - PostgreSQL + PostGIS: RXMAP_TEST_PG_URL (default postgresql://rxmap@127.0.0.1:5432/rxmap_test),
//   started by .ci/services.sh. Each test process uses its own prefix (pointer table and
//   schemas), dropped at the end.
// - Redis: a private redis-server per test on a free loopback port (the tests stop and
//   restart it), from Debian's redis-server package (.ci/services.sh installs it).
//
// A test whose service is missing is skipped with the reason, unless RXMAP_REQUIRE_SERVICES=1
// (./setup.sh test sets it after .ci/services.sh succeeded, so in CI they always run): then
// it fails.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <hiredis/hiredis.h>

#include "layers/postgis_store.h"

namespace rxmap::test {

inline bool services_required() {
    const char* v = std::getenv("RXMAP_REQUIRE_SERVICES");
    return v && std::string(v) == "1";
}

// Skips (or, when services are required, fails) the current test with the reason.
#define RXMAP_NEED_SERVICE(ok, why)                                                                         \
    do {                                                                                                    \
        if (!(ok)) {                                                                                        \
            if (::rxmap::test::services_required()) FAIL() << "service unavailable (RXMAP_REQUIRE_SERVICES=1): " << (why); \
            GTEST_SKIP() << "service unavailable, skipped: " << (why) << " (run .ci/services.sh)";          \
        }                                                                                                   \
    } while (0)

inline std::string pg_url() {
    const char* v = std::getenv("RXMAP_TEST_PG_URL");
    return v && *v ? v : "postgresql://rxmap@127.0.0.1:5432/rxmap_test";
}

// "" when PostGIS answers, else why not.
inline std::string pg_unavailable() {
    try {
        const auto v = data::pg_query(pg_url(), "SELECT postgis_lib_version()");
        return v.empty() ? "no PostGIS in " + pg_url() : "";
    } catch (const std::exception& e) {
        return e.what();
    }
}

// A prefix of this process (and a counter), dropped again by the guard.
struct PgPrefix {
    data::PgLocation db;
    explicit PgPrefix(const std::string& tag) {
        db.url = pg_url();
        db.prefix = "rxt" + tag + "_" + std::to_string(::getpid());
    }
    ~PgPrefix() {
        try {
            data::pg_drop_all(db);
        } catch (...) {
        }
    }
};

inline int free_port() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(s);
    return ntohs(a.sin_port);
}

inline std::string find_redis_server() {
    for (const char* p : {"/usr/bin/redis-server", "/usr/local/bin/redis-server"})
        if (::access(p, X_OK) == 0) return p;
    return {};
}

// A private redis-server on 127.0.0.1:<port>, no persistence, allkeys-lru under maxmemory.
class RedisProcess {
public:
    explicit RedisProcess(std::string maxmemory = "64mb") : maxmemory_(std::move(maxmemory)), port_(free_port()) {}
    ~RedisProcess() { kill(); }
    int port() const { return port_; }
    std::string url(const std::string& prefix) const {
        return "redis://127.0.0.1:" + std::to_string(port_) + "/0?prefix=" + prefix;
    }

    // "" when it answers PING, else why not.
    std::string start() {
        const std::string bin = find_redis_server();
        if (bin.empty()) return "no redis-server binary (apt-get install redis-server)";
        // Everything allocated before fork: the child of a threaded process only execs.
        const std::string port = std::to_string(port_);
        const std::string dir = std::filesystem::temp_directory_path().string();
        pid_ = ::fork();
        if (pid_ == 0) {
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);  // its start banner
            ::execl(bin.c_str(), bin.c_str(), "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--daemonize", "no", "--dir", dir.c_str(), "--maxmemory", maxmemory_.c_str(),
                    "--maxmemory-policy", "allkeys-lru", "--loglevel", "warning", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 200; ++i) {
            if (ping()) return "";
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return "redis-server exited at start (port " + std::to_string(port_) + ")";
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        return "redis-server did not answer on port " + std::to_string(port_);
    }
    // SIGKILL, as a crash would.
    void kill() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }
    bool ping() const {
        timeval tv{0, 200000};
        redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, tv);
        bool ok = false;
        if (c && !c->err) {
            auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
            ok = r && r->type == REDIS_REPLY_STATUS;
            if (r) freeReplyObject(r);
        }
        if (c) redisFree(c);
        return ok;
    }
    // One integer field of INFO (e.g. used_memory, evicted_keys), or -1.
    long long info(const std::string& field) const {
        timeval tv{1, 0};
        redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, tv);
        long long v = -1;
        if (c && !c->err) {
            auto* r = static_cast<redisReply*>(redisCommand(c, "INFO"));
            if (r && r->type == REDIS_REPLY_STRING) {
                const std::string text(r->str, r->len);
                const auto at = text.find("\r\n" + field + ":");
                if (at != std::string::npos) v = std::atoll(text.c_str() + at + field.size() + 3);
            }
            if (r) freeReplyObject(r);
        }
        if (c) redisFree(c);
        return v;
    }

private:
    std::string maxmemory_;
    int port_;
    pid_t pid_ = -1;
};

}  // namespace rxmap::test
