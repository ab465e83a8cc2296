#pragma once
// Mapbox Vector Tile 2.1 encoding (protobuf through protozero): a layer collects features, each
// with an id, a geometry type, its command integers (tiles/mvt_geometry.h) and its properties;
// keys and values are shared within a layer, as the spec asks.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rxmap::tiles {

enum class MvtGeometryType : std::uint32_t { point = 1, linestring = 2, polygon = 3 };

using MvtValue = std::variant<std::string, double, std::int64_t>;

struct MvtFeature {
    std::optional<std::uint64_t> id;
    MvtGeometryType type = MvtGeometryType::polygon;
    std::vector<std::uint32_t> geometry;  // command integers (MoveTo, LineTo, ClosePath)
    std::vector<std::pair<std::string, MvtValue>> properties;
};

class MvtLayer {
public:
    explicit MvtLayer(std::string name, std::uint32_t extent = 4096);
    // A feature without geometry (clipped away, collapsed) is dropped.
    void add(MvtFeature feature);
    bool empty() const { return features_.empty(); }
    std::size_t size() const { return features_.size(); }
    // The Layer message (version 2).
    std::string encode() const;

private:
    std::string name_;
    std::uint32_t extent_;
    std::vector<MvtFeature> features_;
};

// The Tile message of the layers that have features (an empty tile is a valid, empty message).
std::string encode_tile(const std::vector<MvtLayer>& layers);

}  // namespace rxmap::tiles
