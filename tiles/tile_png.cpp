#include "tiles/tile_png.h"

#include <cstring>
#include <sstream>
#include <utility>
#include <vector>

#include <mapnik/image_util.hpp>
#include <mapnik/png_io.hpp>

#include "tiles/hextree_palette.h"

namespace rxmap::tiles {

namespace {

constexpr const char* kTileFormat = "png8:m=h:z=1";

// Colour -> its number among the tile's distinct colours (open addressing; a tile has tens to
// a few thousand colours, each looked up once per run of equal pixels).
class ColourSlots {
public:
    ColourSlots() { resize(1024); }

    // The colour's number, a new one (== size() before the call) if it was not there.
    std::uint32_t find_or_add(std::uint32_t colour) {
        if (size_ * 2 >= slots_.size()) resize(slots_.size() * 2);
        std::size_t i = home(colour);
        while (slots_[i] != 0) {
            if (keys_[i] == colour) return slots_[i] - 1;
            i = (i + 1) & mask_;
        }
        keys_[i] = colour;
        slots_[i] = ++size_;
        return size_ - 1;
    }
    std::uint32_t size() const { return size_; }

private:
    std::size_t home(std::uint32_t colour) const { return (colour * 0x9E3779B1u) >> (32 - bits_); }
    void resize(std::size_t capacity) {
        std::vector<std::uint32_t> keys = std::move(keys_), slots = std::move(slots_);
        keys_.assign(capacity, 0);
        slots_.assign(capacity, 0);
        mask_ = capacity - 1;
        bits_ = 0;
        while ((std::size_t{1} << bits_) < capacity) ++bits_;
        for (std::size_t i = 0; i < slots.size(); ++i) {
            if (slots[i] == 0) continue;
            std::size_t j = home(keys[i]);
            while (slots_[j] != 0) j = (j + 1) & mask_;
            keys_[j] = keys[i];
            slots_[j] = slots[i];
        }
    }

    std::vector<std::uint32_t> keys_, slots_;  // slots_: number + 1, 0 = empty
    std::size_t mask_ = 0;
    unsigned bits_ = 0;
    std::uint32_t size_ = 0;
};

// A run of equal pixels in a row: where it ends (the next run starts there, or the next row at
// 0) and its colour's number.
struct Run {
    std::uint32_t end;
    std::uint32_t slot;
};

// The runs of every row, top to bottom, and the distinct colours with their pixel counts in
// order of first occurrence; false at a pixel Mapnik's png8 would leave out (alpha < 5).
bool collect_runs(const mapnik::image_view_rgba8& view, std::vector<Run>& runs,
                  std::vector<std::pair<std::uint32_t, std::uint32_t>>& colours) {
    ColourSlots slots;
    const unsigned width = view.width();
    for (unsigned y = 0; y < view.height(); ++y) {
        const std::uint32_t* row = view.get_row(y);
        for (unsigned x = 0; x < width;) {
            const std::uint32_t pixel = row[x];
            unsigned end = x + 1;
            while (end < width && row[end] == pixel) ++end;
            if ((pixel >> 24) < HextreePalette::kMinAlpha) return false;  // a hole: left to Mapnik
            const std::uint32_t slot = slots.find_or_add(pixel);
            if (slot == colours.size()) colours.emplace_back(pixel, 0);
            colours[slot].second += end - x;
            runs.push_back({end, slot});
            x = end;
        }
    }
    return true;
}

}  // namespace

std::optional<std::uint32_t> uniform_colour(const mapnik::image_view_rgba8& view) {
    const std::uint32_t* first = view.get_row(0);
    for (unsigned x = 1; x < view.width(); ++x)
        if (first[x] != first[0]) return std::nullopt;
    for (unsigned y = 1; y < view.height(); ++y)
        if (std::memcmp(view.get_row(y), first, view.width() * sizeof(std::uint32_t)) != 0) return std::nullopt;
    return first[0];
}

std::string encode_tile_png(const mapnik::image_view_rgba8& view) {
    const unsigned width = view.width(), height = view.height();
    std::vector<Run> runs;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> colours;
    if (width + height <= 3 || !collect_runs(view, runs, colours)) return mapnik::save_to_string(view, kTileFormat);

    const HextreePalette tree(colours);
    const std::vector<std::uint8_t>& index = tree.indices();
    // The rows of palette indices as mapnik::save_as_png8 lays them out: 8 bits a pixel beyond
    // 16 colours, 4 bits (high nibble first) up to 16, 1 bit (all 0) for one colour.
    const std::size_t colour_count = tree.palette().size();
    const unsigned depth = colour_count > 16 ? 8 : colour_count == 1 ? 1 : 4;
    const unsigned row_bytes = depth == 8 ? width : depth == 4 ? ((width + 7) >> 1) & ~3U : ((width + 15) >> 3) & ~1U;
    mapnik::image_gray8 reduced(row_bytes, height);  // zeroed
    if (depth != 1) {
        unsigned x = 0, y = 0;
        std::uint8_t* out = reduced.get_row(0);
        for (const Run& run : runs) {
            const std::uint8_t i = index[run.slot];
            if (depth == 8)
                std::memset(out + x, i, run.end - x);
            else
                for (; x < run.end; ++x) out[x >> 1] |= x % 2 == 0 ? static_cast<std::uint8_t>(i << 4) : i;
            x = run.end;
            if (x == width && ++y < height) {
                x = 0;
                out = reduced.get_row(y);
            }
        }
    }
    mapnik::png_options options;  // Mapnik's defaults for png8 with m=h, and z=1
    options.compression = 1;
    std::ostringstream out;
    mapnik::save_as_png(out, tree.palette(), reduced, width, height, depth, tree.alpha_table(), options);
    return out.str();
}

}  // namespace rxmap::tiles
