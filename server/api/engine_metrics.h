#pragma once
// What /metrics asks of the map engine (or anything else with counters): its
// own lines in the Prometheus text format 0.0.4. No dependencies, so tiles/
// may implement it without linking the HTTP server.
//
// Implementations append complete metric families ("# HELP", "# TYPE" and
// samples, each line ending in '\n') whose names do not clash with the
// server's (the engine uses the prefix "rxmap_engine_"), e.g.
//   # HELP rxmap_engine_store_requests_total Tile store lookups by result.
//   # TYPE rxmap_engine_store_requests_total counter
//   rxmap_engine_store_requests_total{store="memory",result="hit"} 1234
// write_prometheus runs on an I/O thread: it must not block (read atomics, or
// take a lock that is only ever held briefly).
#include <functional>
#include <string>
#include <utility>

namespace rxmap::server {

struct EngineMetrics {
    virtual ~EngineMetrics() = default;
    virtual void write_prometheus(std::string& out) const = 0;
};

// Adapter for a source that already renders its text, e.g.
//   std::make_shared<TextMetrics>([engine] { return engine->prometheus_text(); })
class TextMetrics : public EngineMetrics {
public:
    explicit TextMetrics(std::function<std::string()> text) : text_(std::move(text)) {}
    void write_prometheus(std::string& out) const override {
        if (!text_) return;
        std::string t = text_();
        if (!t.empty() && t.back() != '\n') t += '\n';
        out += t;
    }

private:
    std::function<std::string()> text_;
};

}  // namespace rxmap::server
