#include "server/http/connection_table.h"

#include <boost/algorithm/string/classification.hpp>
#include <boost/algorithm/string/split.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <vector>

namespace rxmap::server {

namespace {

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> parts;
    boost::algorithm::split(parts, text, boost::algorithm::is_any_of(", \t"), boost::algorithm::token_compress_on);
    std::vector<std::string> out;
    for (auto& p : parts)
        if (!p.empty()) out.push_back(std::move(p));
    return out;
}

}  // namespace

ConnectionTable::ConnectionTable(std::size_t max_per_client, const std::string& trusted_proxies)
    : max_per_client_(max_per_client) {
    for (auto& address : split_list(trusted_proxies)) trusted_.insert(std::move(address));
}

bool ConnectionTable::admit(const std::string& address) {
    if (is_trusted_proxy(address)) return true;
    std::lock_guard lock(mutex_);
    std::size_t& open = per_client_[address];
    if (max_per_client_ > 0 && open >= max_per_client_) return false;
    ++open;
    return true;
}

void ConnectionTable::release(const std::string& address) {
    if (is_trusted_proxy(address)) return;
    std::lock_guard lock(mutex_);
    auto it = per_client_.find(address);
    if (it == per_client_.end()) return;
    if (--it->second == 0) per_client_.erase(it);
}

void ConnectionTable::waiting(const std::shared_ptr<Session>& session, WaitingSlot& slot) {
    std::lock_guard lock(mutex_);
    if (slot.listed) {
        waiting_.splice(waiting_.end(), waiting_, slot.position);  // a new wait goes last, in its old node
    } else {
        slot.position = waiting_.emplace(waiting_.end());
        slot.listed = true;
    }
    *slot.position = session;
}

void ConnectionTable::busy(WaitingSlot& slot) {
    std::lock_guard lock(mutex_);
    if (slot.listed) slot.position->reset();  // emptied, kept for the session's next wait
}

void ConnectionTable::leave(WaitingSlot& slot) {
    std::lock_guard lock(mutex_);
    if (!slot.listed) return;
    waiting_.erase(slot.position);
    slot.listed = false;
}

std::shared_ptr<Session> ConnectionTable::take_longest_waiting() {
    std::lock_guard lock(mutex_);
    // Empty entries (sessions busy with a request, or gone) are skipped. The session's
    // slot still says "listed": the node stays, emptied, until the session waits again
    // or leaves.
    for (auto& entry : waiting_)
        if (auto session = entry.lock()) {
            entry.reset();
            return session;
        }
    return nullptr;
}

std::string client_address(const ConnectionTable& table, const std::string& peer, std::string_view forwarded_for) {
    if (forwarded_for.empty() || !table.is_trusted_proxy(peer)) return peer;
    auto hops = split_list(forwarded_for);
    for (auto it = hops.rbegin(); it != hops.rend(); ++it)
        if (!table.is_trusted_proxy(*it)) return *it;
    return peer;
}

}  // namespace rxmap::server
