#pragma once
// A small thread-safe memo of values derived from a shared body (an ETag, a
// gzipped copy), keyed by the body's address and valid while the body lives.
// The tile store hands out the same shared_ptr for every hit of a tile, so a
// tile's ETag is computed once, however often it is served.
//
// An entry remembers its body through a weak_ptr: a live weak_ptr proves the
// address still names the same object; an expired one means the address may
// have been reused, and the entry is ignored and replaced.
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace rxmap::server {

template <class Value>
class BodyMemo {
public:
    using Body = std::shared_ptr<const std::string>;

    explicit BodyMemo(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

    std::optional<Value> find(const Body& body) const {
        if (!body) return std::nullopt;
        std::lock_guard lock(mutex_);
        const auto it = map_.find(body.get());
        if (it == map_.end() || it->second.owner.lock().get() != body.get()) return std::nullopt;
        return it->second.value;
    }

    void insert(const Body& body, Value value) {
        if (!body) return;
        std::lock_guard lock(mutex_);
        if (map_.size() >= capacity_ && map_.find(body.get()) == map_.end()) {
            for (auto it = map_.begin(); it != map_.end();)
                it = it->second.owner.expired() ? map_.erase(it) : std::next(it);
            if (map_.size() >= capacity_) map_.clear();  // all alive: start over
        }
        map_[body.get()] = Entry{body, std::move(value)};
    }

    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return map_.size();
    }

private:
    struct Entry {
        std::weak_ptr<const std::string> owner;
        Value value;
    };
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<const std::string*, Entry> map_;
};

}  // namespace rxmap::server
