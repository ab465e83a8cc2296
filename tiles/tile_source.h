#pragma once
// The one thing the HTTP server needs from the map engine: a PNG for a layer
// and a tile address. The engine knows nothing of HTTP (OSRM's split).
#include <memory>
#include <string>
#include <string_view>

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
};

// Thread-safe; get() may block while a tile renders.
class TileSource {
public:
    virtual ~TileSource() = default;
    virtual bool has_layer(std::string_view layer_id) const = 0;
    virtual TileResult get(std::string_view layer_id, const TileAddress& address) = 0;
};

}  // namespace rxmap::tiles
