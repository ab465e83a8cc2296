#pragma once
// A tile's PNG, byte for byte what mapnik::save_to_string(view, "png8:m=h:z=1") writes, at a
// fraction of its cost. Mapnik's png8 encoder inserts every pixel into its hextree (seven
// levels of double sums per pixel) and looks every pixel up in a hash map; a rendered tile
// has a few hundred distinct colours in long runs. Here each distinct colour enters the same
// tree once, weighted by its pixel count, the palette is chosen by Mapnik's own rules
// (tiles/hextree_palette.*), each colour is looked up once, and Mapnik's own writer
// (mapnik::save_as_png8: bit depth, palette, zlib level 1, no filter) writes the file.
// test_tile_png checks the bytes against Mapnik's on rendered tiles.
#include <cstdint>
#include <optional>
#include <string>

#include <mapnik/image_view.hpp>

namespace rxmap::tiles {

// The PNG of one tile, as "png8:m=h:z=1".
std::string encode_tile_png(const mapnik::image_view_rgba8& view);

// The colour of a tile whose pixels are all alike, or nothing.
std::optional<std::uint32_t> uniform_colour(const mapnik::image_view_rgba8& view);

}  // namespace rxmap::tiles
