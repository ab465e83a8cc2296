#pragma once
// What the tile engine counts (renders, queue, overload by reason, requests by result, the
// stores' hits and writes) and its Prometheus text, metric names prefixed rxmap_engine_.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tiles/tile_store.h"

namespace rxmap::tiles {

// Upper bounds (seconds) of the render time histogram.
constexpr double kRenderSecondsBuckets[] = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
constexpr int kRenderBucketCount = sizeof(kRenderSecondsBuckets) / sizeof(kRenderSecondsBuckets[0]);

struct EngineStats {
    std::uint64_t renders = 0, render_failures = 0, tiles_rendered = 0;
    std::uint64_t render_micros = 0;                      // sum of render times
    std::uint64_t render_buckets[kRenderBucketCount + 1]{};  // non-cumulative; last = +Inf
    std::uint64_t coalesced = 0;           // requests that joined a queued or running render
    std::uint64_t overloaded_queue = 0;    // refused: queue full
    std::uint64_t overloaded_timeout = 0;  // gave up waiting (render_timeout)
    std::uint64_t overloaded_client = 0;   // refused: the client's render budget was used up
    int waiting = 0;                       // requests waiting for a render now
    std::size_t maps_idle = 0;             // Mapnik maps kept idle (MapPool)
    std::uint64_t maps_built = 0;
    std::uint64_t abandoned_renders = 0;   // renders that every waiter gave up on
    std::uint64_t requests_ok = 0, requests_unknown_layer = 0, requests_out_of_range = 0, requests_failed = 0;
    int in_flight = 0;     // metatiles rendering now
    int queue_depth = 0;   // metatiles waiting for a render thread
    int queue_limit = 0;
    int render_threads = 0;
    std::vector<StoreStats> stores;
};

// The Prometheus text exposition of the stats (families rxmap_engine_*).
std::string engine_prometheus_text(const EngineStats& stats);

}  // namespace rxmap::tiles
