#include "tiles/memory_store.h"

#include "common/fnv1a.h"
#include "tiles/content_hash.h"
#include "tiles/metatile.h"

namespace rxmap::tiles {
namespace {

// splitmix64's finalizer: a bijection of 64-bit values that spreads every input bit.
std::uint64_t mix(std::uint64_t v) {
    v = (v ^ (v >> 30)) * 0xbf58476d1ce4e5b9ull;
    v = (v ^ (v >> 27)) * 0x94d049bb133111ebull;
    return v ^ (v >> 31);
}

std::uint64_t identity(const TileKey& k) {
    return common::fnv1a_64(k.layer, common::fnv1a_64(std::string_view("\0", 1), common::fnv1a_64(k.version)));
}

// Scale, z, x and y packed without loss: z <= 30 and x, y < 2^28 (tile math allows z <= 22).
std::uint64_t address(const TileKey& k) {
    return (std::uint64_t(k.scale & 3) << 61) | (std::uint64_t(k.z & 31) << 56) |
           (std::uint64_t(k.x & 0xfffffff) << 28) | std::uint64_t(k.y & 0xfffffff);
}

}  // namespace

MemoryStore::Fingerprint MemoryStore::fingerprint(const TileKey& key) {
    const std::uint64_t id = identity(key);
    return {id ^ mix(address(key)), id};
}

MemoryStore::Index::iterator MemoryStore::find_locked(Shard& shard, const Fingerprint& fp) {
    auto it = shard.index.find(fp.index);
    if (it == shard.index.end() || it->second.identity != fp.identity) return shard.index.end();
    return it;
}

TileData MemoryStore::read(const TileKey& key) {
    if (HeldTile hit = read_in_memory(key)) return std::move(hit.png);
    ++misses_;
    return nullptr;
}

HeldTile MemoryStore::read_in_memory(const TileKey& key) {
    const Fingerprint fp = fingerprint(key);  // hashed outside the lock
    Shard& shard = shard_of(fp.index);
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = find_locked(shard, fp);
    if (it == shard.index.end()) return {};
    ++shard.hits;
    Entry& e = it->second;
    if (!e.read_since_sweep) e.read_since_sweep = true;  // written once per sweep, not per hit
    return {e.data, e.body_hash};
}

TileStat MemoryStore::stat(const TileKey& key) {
    const Fingerprint fp = fingerprint(key);
    Shard& shard = shard_of(fp.index);
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = find_locked(shard, fp);
    if (it == shard.index.end()) return {};
    return {true, it->second.data->size(), it->second.mtime};
}

void MemoryStore::write_metatile(const MetatileTiles& m) {
    const std::time_t now = std::time(nullptr);
    std::lock_guard<std::mutex> lock(mutex_);
    for (int row = 0; row < m.n; ++row)
        for (int col = 0; col < m.n; ++col) {
            const size_t i = static_cast<size_t>(row * m.n + col);
            if (i < m.tiles.size() && m.tiles[i]) write_locked(m.origin.at(m.origin.x + col, m.origin.y + row), m.tiles[i], now);
        }
}

TileData MemoryStore::write(const TileKey& key, TileData tile) {
    std::lock_guard<std::mutex> lock(mutex_);
    return write_locked(key, std::move(tile), std::time(nullptr));
}

TileData MemoryStore::write_locked(const TileKey& key, TileData tile, std::time_t now) {
    if (!tile || tile->size() + kEntryOverhead > max_bytes_) return tile;
    const Fingerprint fp = fingerprint(key);
    Shard& shard = shard_of(fp.index);
    {
        std::lock_guard<std::mutex> lock(shard.mutex);
        auto old = shard.index.find(fp.index);
        if (old != shard.index.end()) erase_locked(shard, old);  // this tile's older body, or a key sharing its index
    }
    auto [body_it, fresh] = bodies_.try_emplace(content_hash(*tile));
    Body& body = body_it->second;
    if (fresh) {
        body.data = std::move(tile);
        body.fnv = common::fnv1a_64(*body.data);
        bytes_ += body.data->size();
    } else {
        ++dedup_;  // an identical body is held already: share it
    }
    ++body.refs;
    ++written_;
    ring_.push_front(fp.index);
    {
        std::lock_guard<std::mutex> lock(shard.mutex);
        shard.index.emplace(fp.index, Entry{fp.identity, body.data, body.fnv, &body_it->first, now, ring_.begin()});
    }
    bytes_ += kEntryOverhead;
    TileData shared = body.data;
    evict_locked();
    return shared;
}

void MemoryStore::evict_locked() {
    // The sweep: from the oldest end, a read entry gets a second chance, the first unread one goes.
    while (bytes_ > max_bytes_ && !ring_.empty()) {
        Shard& shard = shard_of(ring_.back());
        std::lock_guard<std::mutex> lock(shard.mutex);
        auto victim = shard.index.find(ring_.back());
        if (victim == shard.index.end()) {
            ring_.pop_back();  // not reached: every ring entry is indexed
        } else if (victim->second.read_since_sweep) {
            victim->second.read_since_sweep = false;
            ring_.splice(ring_.begin(), ring_, victim->second.place);
        } else {
            erase_locked(shard, victim);
        }
    }
}

void MemoryStore::expire(const TileKey& key) {
    const Metatile m = metatile_of(key.z, key.x, key.y, key.metatile);
    std::lock_guard<std::mutex> lock(mutex_);
    for (int row = 0; row < m.n; ++row)
        for (int col = 0; col < m.n; ++col) {
            const Fingerprint fp = fingerprint(key.at(m.x + col, m.y + row));
            Shard& shard = shard_of(fp.index);
            std::lock_guard<std::mutex> shard_lock(shard.mutex);
            auto it = find_locked(shard, fp);
            if (it != shard.index.end()) erase_locked(shard, it);
        }
}

void MemoryStore::erase_locked(Shard& shard, Index::iterator it) {
    Entry& e = it->second;
    bytes_ -= kEntryOverhead;
    auto body = bodies_.find(*e.sha1);
    if (body != bodies_.end() && --body->second.refs == 0) {
        bytes_ -= body->second.data->size();
        bodies_.erase(body);
    }
    ring_.erase(e.place);
    shard.index.erase(it);
}

std::size_t MemoryStore::bytes() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bytes_;
}

std::size_t MemoryStore::entries() const {
    std::size_t n = 0;
    for (const Shard& shard : shards_) {
        std::lock_guard<std::mutex> lock(shard.mutex);
        n += shard.index.size();
    }
    return n;
}

std::size_t MemoryStore::distinct_bodies() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bodies_.size();
}

void MemoryStore::collect_stats(std::vector<StoreStats>& out) const {
    StoreStats s;
    s.store = "memory";
    s.misses = misses_;
    s.tiles_written = written_;
    s.deduplicated = dedup_;
    for (const Shard& shard : shards_) {
        std::lock_guard<std::mutex> lock(shard.mutex);
        s.hits += shard.hits;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    s.bytes = bytes_;
    s.bodies = bodies_.size();
    out.push_back(s);
}

}  // namespace rxmap::tiles
