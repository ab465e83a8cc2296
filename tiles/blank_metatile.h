#pragma once
// Metatiles that nothing is drawn on: half of a Japan-wide seed's metatiles are open sea.
//
// Mapnik paints such a metatile's background over 16 MiB of pixels (64 MiB at @2x) and the
// tiles are then found to be one colour: 5 ms of CPU for nothing. When no layer shown at the
// map's scale has a feature within the extent the renderer would query (the box and the
// map's buffer around it), every pixel is the background: the colour is known without
// rendering. Layers that are not in memory (PostGIS) are not asked: the map is rendered.
#include <cstdint>
#include <optional>

namespace mapnik {
class Map;
}

namespace rxmap::tiles {

// The colour (Mapnik's RGBA pixel) of every pixel of map rendered at scale (1 = 256-px tiles),
// when nothing would be drawn on it; nullopt when something may be, or when the background is
// not a plain opaque colour or transparent.
std::optional<std::uint32_t> blank_colour(const mapnik::Map& map, int scale);

}  // namespace rxmap::tiles
