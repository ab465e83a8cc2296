#pragma once
// Mapnik's png8 hextree quantizer (mapnik/hextree.hpp, "m=h"), fed with distinct colours and
// their pixel counts instead of one pixel at a time. The tree, the split rule that picks the
// palette, the palette's order and the nearest-colour search are Mapnik's, so the palette and
// every pixel's index are the ones mapnik::save_to_string("png8:m=h") computes; only the sums
// are formed by multiplication rather than repeated addition (the same to ~1e-13).
#include <cstdint>
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
    // The palette index of each colour given, in the order given (hextree::quantize's answer).
    const std::vector<std::uint8_t>& indices() const { return indices_; }

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
    unsigned colors_ = 0;
    std::vector<mapnik::rgba> sorted_;  // palette sorted by mean, for the search
    std::vector<std::uint64_t> sorted_keys_;  // mean_key of each, to find the start
    std::vector<unsigned> remap_;       // sorted_ index -> palette index
    std::vector<mapnik::rgb> palette_;
    std::vector<unsigned> alpha_;
    std::vector<std::uint8_t> indices_;
};

// mapnik::rgba::mean_sort_cmp (the palette's order: by r+g+b+a, then a, r, g, b), inlined:
// it is called for every distinct colour's search.
inline bool mean_order(const mapnik::rgba& x, const mapnik::rgba& y) {
    const int t1 = x.a + x.r + x.g + x.b, t2 = y.a + y.r + y.g + y.b;
    if (t1 != t2) return t1 < t2;
    if (x.a != y.a) return x.a < y.a;
    if (x.r != y.r) return x.r < y.r;
    if (x.g != y.g) return x.g < y.g;
    return x.b < y.b;
}

// A number that orders colours as mean_order does: the sum above a, r, g, b.
inline std::uint64_t mean_key(const mapnik::rgba& c) {
    return (std::uint64_t{c.a} + c.r + c.g + c.b) << 32 | std::uint64_t{c.a} << 24 | std::uint64_t{c.r} << 16 |
           std::uint64_t{c.g} << 8 | c.b;
}

}  // namespace rxmap::tiles
