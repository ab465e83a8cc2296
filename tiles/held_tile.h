#pragma once
// A tile held in memory, and the FNV-1a 64 hash of its bytes (common/fnv1a.h),
// computed once when it was stored, so that the server makes its ETag without
// reading the bytes again. Returned by TileStore::read_in_memory and
// TileSource::get_in_memory.
#include <cstdint>
#include <memory>
#include <string>

namespace rxmap::tiles {

struct HeldTile {
    std::shared_ptr<const std::string> png;  // null: not held
    std::uint64_t body_hash = 0;             // common::fnv1a_64(*png)
    explicit operator bool() const { return png != nullptr; }
};

}  // namespace rxmap::tiles
