#pragma once
// Mapnik's png8 hextree quantizer (mapnik/hextree.hpp, "m=h"), fed with distinct colours and
// their pixel counts instead of one pixel at a time. The tree, the split rule that picks the
// palette, the palette's order and the nearest-colour search are Mapnik's, so the palette and
// every pixel's index are the ones mapnik::save_to_string("png8:m=h") computes; only the sums
// are formed by multiplication rather than repeated addition (the same to ~1e-13).
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include <mapnik/palette.hpp>

namespace rxmap::tiles {

class HextreePalette {
public:
    // colours: distinct ARGB pixels (mapnik's layout) with their counts, in the order each
    // first occurs in the image (the order Mapnik grows its tree in). None may be below
    // Mapnik's visibility threshold (alpha < 5): callers encode such tiles with Mapnik.
    explicit HextreePalette(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& colours);

    const std::vector<mapnik::rgb>& palette() const { return palette_; }
    const std::vector<unsigned>& alpha_table() const { return alpha_; }
    // The palette index of a pixel: the interface mapnik::save_as_png8 calls per pixel.
    int quantize(unsigned pixel) const;

    static constexpr unsigned kMinAlpha = 5;  // mapnik's RGBAPolicy::MIN_ALPHA

private:
    struct Node {
        int children[16];
        double reds = 0, greens = 0, blues = 0, alphas = 0;
        int count = 0;             // != 0: a palette colour
        unsigned pixel_count = 0;  // pixels under this node
        double reduce_cost = 0;
        std::uint8_t children_count = 0;
        Node() { std::fill(children, children + 16, -1); }
    };

    void insert(std::uint32_t pixel, std::uint32_t weight);
    void compute_cost(int node);
    void assign_node_colors();
    void collect_palette(std::vector<mapnik::rgba>& out, int node) const;
    int nearest(std::uint32_t pixel) const;

    std::vector<Node> nodes_;  // nodes_[0] is the root; indices follow creation order
    double gamma_lut_[256];
    unsigned colors_ = 0;
    std::vector<mapnik::rgba> sorted_;  // palette sorted by mean, for the search
    std::vector<unsigned> remap_;       // sorted_ index -> palette index
    std::vector<mapnik::rgb> palette_;
    std::vector<unsigned> alpha_;
    std::unordered_map<std::uint32_t, std::uint8_t> index_of_;  // each distinct colour's index
    mutable std::uint32_t last_pixel_ = 0;
    mutable int last_index_ = -1;
};

}  // namespace rxmap::tiles
