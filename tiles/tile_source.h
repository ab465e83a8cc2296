#pragma once
// The one thing the HTTP server needs from the map engine: a PNG for a layer
// and a tile address. The engine knows nothing of HTTP (OSRM's split).
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "tiles/held_tile.h"

namespace rxmap::tiles {

struct TileAddress {
    int z = 0;
    int x = 0;
    int y = 0;      // XYZ scheme: y counts from the north
    int scale = 1;  // 2 for {y}@2x.png (512 px)
};

enum class TileStatus {
    ok,
    unknown_layer,  // no such layer id
    out_of_range,   // z outside the layer's zooms, or x/y outside 0..2^z-1
    overloaded,     // render queue full: retry later
    failed,         // the render itself failed (logged)
};

struct TileResult {
    TileStatus status = TileStatus::failed;
    std::shared_ptr<const std::string> png;  // set when status == ok
    std::string message;                     // human-readable reason otherwise
    int retry_after_seconds = 0;             // with overloaded: when to try again (0: the server's default)
};

using TileCallback = std::function<void(TileResult)>;

// Thread-safe.
class TileSource {
public:
    virtual ~TileSource() = default;
    virtual bool has_layer(std::string_view layer_id) const = 0;
    // Blocks while the tile is read or rendered.
    virtual TileResult get(std::string_view layer_id, const TileAddress& address) = 0;
    // Calls `done` exactly once: before returning when the answer needs no I/O (a tile
    // held in memory, an unknown layer), else later on a thread of the source's own, so
    // that the caller (an I/O thread of the HTTP server) never waits. `client` names the
    // requester for per-client budgets ("" = none). The default runs get() inline: only
    // for sources whose get() never waits long (an MBTiles file read).
    virtual void get_async(std::string_view layer_id, const TileAddress& address, const std::string& client,
                           TileCallback done) {
        (void)client;
        done(get(layer_id, address));
    }
    // The tile when the source holds it in memory (its bytes and their hash), else nothing:
    // never blocks, never calls back, so the server answers a stored tile on its I/O thread
    // with no more than a lookup. Nothing says nothing else (not stored, unknown layer, out
    // of range): get_async answers those. Counted like a get_async answer. The default
    // holds nothing.
    virtual HeldTile get_in_memory(std::string_view layer_id, const TileAddress& address) {
        (void)layer_id;
        (void)address;
        return {};
    }
};

}  // namespace rxmap::tiles
