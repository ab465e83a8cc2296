#pragma once
// Who holds the server's connections: open connections per client address (for
// ServerOptions::max_client_connections), and the connections waiting for a
// request — idle keep-alive, or a header still arriving — oldest first, so that at
// max_connections the longest-waiting one is closed for a newcomer instead of the
// newcomer being refused. Thread-safe: the listener and every session use it.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace rxmap::server {

class Session;

class ConnectionTable {
public:
    // A session's place in the waiting list; only ConnectionTable touches it.
    struct WaitingSlot {
        bool listed = false;
        std::list<std::weak_ptr<Session>>::iterator position;
    };

    // trusted_proxies: addresses separated by commas or spaces (ServerOptions).
    ConnectionTable(std::size_t max_per_client, const std::string& trusted_proxies);

    bool is_trusted_proxy(const std::string& address) const { return trusted_.count(address) > 0; }

    // Counts a new connection of `address`; false (not counted) when that client has
    // max_per_client open already. Trusted proxies are never refused.
    bool admit(const std::string& address);
    // Uncounts a connection admitted before.
    void release(const std::string& address);

    // The session waits for a request from now on / no longer. Each session keeps one
    // node of the list from its first wait until it leaves (no allocation per request).
    void waiting(const std::shared_ptr<Session>& session, WaitingSlot& slot);
    void busy(WaitingSlot& slot);
    void leave(WaitingSlot& slot);  // the session is closing
    // The session that has waited longest, taken off the list (null when none).
    std::shared_ptr<Session> take_longest_waiting();

private:
    const std::size_t max_per_client_;
    std::unordered_set<std::string> trusted_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::size_t> per_client_;
    std::list<std::weak_ptr<Session>> waiting_;  // oldest first; empty entries are busy sessions
};

// The client a request comes from: the peer, or, when the peer is a trusted proxy,
// the last address of X-Forwarded-For that is not a trusted proxy itself.
std::string client_address(const ConnectionTable& table, const std::string& peer, std::string_view forwarded_for);

}  // namespace rxmap::server
