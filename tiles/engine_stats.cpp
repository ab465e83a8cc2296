#include "tiles/engine_stats.h"

#include <iterator>

#include "common/number_text.h"
#include "common/prometheus_text.h"

namespace rxmap::tiles {

std::string engine_prometheus_text(const EngineStats& s) {
    common::PrometheusText o("rxmap_engine_");
    // One family with a sample per store: store="memory", store="disk" ...
    const auto per_store = [&](std::string_view name, std::string_view type, std::string_view help,
                               std::uint64_t StoreStats::*field) {
        o.family(name, type, help);
        for (const auto& st : s.stores)
            o.sample(name, "store=\"" + common::prometheus_label(st.store) + "\"", st.*field);
    };
    o.metric("renders_total", "counter", "Metatiles rendered.", s.renders);
    o.metric("render_failures_total", "counter", "Metatile renders that failed.", s.render_failures);
    o.metric("tiles_rendered_total", "counter", "Tiles cut from rendered metatiles.", s.tiles_rendered);
    o.family("render_seconds", "histogram", "Time to render one metatile (Mapnik and PNG encoding).");
    std::uint64_t count = 0;
    for (std::uint64_t n : s.render_buckets) count += n;
    o.histogram("render_seconds", "", {std::begin(kRenderSecondsBuckets), std::end(kRenderSecondsBuckets)},
                {std::begin(s.render_buckets), std::end(s.render_buckets) - 1}, count,
                common::significant_digits(static_cast<double>(s.render_micros) / 1e6));
    o.metric("renders_in_flight", "gauge", "Metatiles rendering now.", s.in_flight);
    o.metric("render_queue_depth", "gauge", "Metatiles waiting for a render thread.", s.queue_depth);
    o.metric("render_queue_limit", "gauge",
             "Metatiles queued or rendering beyond which requests are refused.", s.queue_limit);
    o.metric("maps_idle", "gauge",
             "Idle Mapnik maps kept for the next render (bounded: each holds the areas' geometry).", s.maps_idle);
    o.metric("maps_built_total", "counter",
             "Mapnik maps built (a variant drawn again after its map was dropped builds one).", s.maps_built);
    o.metric("render_threads", "gauge", "Render threads.", s.render_threads);
    o.metric("coalesced_requests_total", "counter",
             "Requests that joined a render already queued or running.", s.coalesced);
    o.family("overloaded_total", "counter", "Requests answered overloaded (503), by reason.");
    o.sample("overloaded_total", "reason=\"queue_full\"", s.overloaded_queue);
    o.sample("overloaded_total", "reason=\"render_timeout\"", s.overloaded_timeout);
    o.sample("overloaded_total", "reason=\"client_budget\"", s.overloaded_client);
    o.metric("waiting_requests", "gauge", "Requests waiting for a render now (they hold no thread).", s.waiting);
    o.metric("abandoned_renders_total", "counter",
             "Renders that outlived render_timeout (finished in the background).", s.abandoned_renders);
    o.family("requests_total", "counter", "Tile requests by result.");
    o.sample("requests_total", "status=\"ok\"", s.requests_ok);
    o.sample("requests_total", "status=\"unknown_layer\"", s.requests_unknown_layer);
    o.sample("requests_total", "status=\"out_of_range\"", s.requests_out_of_range);
    o.sample("requests_total", "status=\"overloaded\"", s.overloaded_queue + s.overloaded_timeout + s.overloaded_client);
    o.sample("requests_total", "status=\"failed\"", s.requests_failed);
    per_store("cache_hits_total", "counter", "Tile reads found in a store.", &StoreStats::hits);
    per_store("cache_misses_total", "counter", "Tile reads not found in a store.", &StoreStats::misses);
    per_store("store_tiles_written_total", "counter", "Tiles written to a store.", &StoreStats::tiles_written);
    per_store("store_deduplicated_tiles_total", "counter",
              "Tiles written whose body a store held already (sea and other identical tiles), kept once.",
              &StoreStats::deduplicated);
    per_store("store_bytes", "gauge", "Bytes held (memory) or written by this process (disk).", &StoreStats::bytes);
    per_store("store_bodies", "gauge",
              "Distinct tile bodies held (memory) or written by this process (disk).", &StoreStats::bodies);
    per_store("store_corrupt_total", "counter",
              "Stored tiles whose body failed its content hash on read: removed and rendered again.",
              &StoreStats::corrupt);
    o.family("store_write_errors_total", "counter", "Failed writes to a store, by store and cause (ENOSPC, EROFS ...).");
    for (const auto& st : s.stores)
        for (const auto& [cause, n] : st.write_errors)
            o.sample("store_write_errors_total",
                     "store=\"" + common::prometheus_label(st.store) + "\",cause=\"" + common::prometheus_label(cause) + "\"",
                     n);
    return o.text();
}

}  // namespace rxmap::tiles
