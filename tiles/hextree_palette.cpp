#include "tiles/hextree_palette.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

namespace rxmap::tiles {

namespace {

// mapnik::RGBAPolicy and hextree's defaults for "png8:m=h" (256 colours, gamma 2.0, full transparency).
constexpr unsigned kMaxLevels = 6;
constexpr unsigned kMaxAlpha = 250;
constexpr unsigned kMaxColors = 256;
constexpr double kGamma = 2.0;

double gamma(double b, double g) { return 255 * std::pow(b / 255, g); }

// gamma(i, 1 / kGamma) for each channel value: made once, not for every tile.
const double* gamma_lut() {
    static const auto lut = [] {
        std::array<double, 256> t{};
        for (unsigned i = 0; i < 256; ++i) t[i] = gamma(i, 1 / kGamma);
        return t;
    }();
    return lut.data();
}

unsigned index_from_level(unsigned level, const mapnik::rgba& c) {
    const unsigned shift = 7 - level;
    return (((c.a >> shift) & 1) << 3) | (((c.r >> shift) & 1) << 2) | (((c.g >> shift) & 1) << 1) | ((c.b >> shift) & 1);
}

}  // namespace

HextreePalette::HextreePalette(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& colours) {
    nodes_.reserve(colours.size() * 3 + 16);
    nodes_.emplace_back();
    for (const auto& [pixel, weight] : colours) insert(pixel, weight);

    // hextree::create_palette
    assign_node_colors();
    collect_palette(sorted_, 0);
    std::sort(sorted_.begin(), sorted_.end(), mean_order);
    for (const auto& c : sorted_) sorted_keys_.push_back(mean_key(c));
    remap_.resize(sorted_.size());
    std::vector<mapnik::rgba> ordered;  // colours with alpha < 255 first
    ordered.reserve(sorted_.size());
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i < sorted_.size(); ++i)
            if ((sorted_[i].a < 255) == (pass == 0)) {
                remap_[i] = static_cast<unsigned>(ordered.size());
                ordered.push_back(sorted_[i]);
            }
    for (const auto& c : ordered) {
        palette_.emplace_back(c.r, c.g, c.b);
        alpha_.push_back(c.a);
    }
    indices_.reserve(colours.size());
    for (const auto& entry : colours) indices_.push_back(static_cast<std::uint8_t>(nearest(entry.first)));
}

void HextreePalette::insert(std::uint32_t pixel, std::uint32_t weight) {
    const mapnik::rgba c(pixel);
    const double* lut = gamma_lut();
    int cur = 0;
    for (unsigned level = 0;; ++level) {
        Node& n = nodes_[static_cast<std::size_t>(cur)];
        n.pixel_count += weight;
        n.reds += weight * lut[c.r];
        n.greens += weight * lut[c.g];
        n.blues += weight * lut[c.b];
        n.alphas += static_cast<double>(weight) * c.a;
        if (level == kMaxLevels) {
            ++colors_;
            return;
        }
        const unsigned idx = index_from_level(level, c);
        if (n.children[idx] < 0) {
            n.children_count++;
            const int child = static_cast<int>(nodes_.size());
            nodes_[static_cast<std::size_t>(cur)].children[idx] = child;  // before emplace_back moves nodes_
            nodes_.emplace_back();
        }
        cur = nodes_[static_cast<std::size_t>(cur)].children[idx];
    }
}

void HextreePalette::compute_cost(int index) {
    Node& r = nodes_[static_cast<std::size_t>(index)];
    r.reduce_cost = r.pixel_count / 1000.0;
    if (r.children_count == 0) return;
    const double mean_r = r.reds / r.pixel_count, mean_g = r.greens / r.pixel_count;
    const double mean_b = r.blues / r.pixel_count, mean_a = r.alphas / r.pixel_count;
    for (int child_index : r.children) {
        if (child_index < 0) continue;
        compute_cost(child_index);
        const Node& child = nodes_[static_cast<std::size_t>(child_index)];
        r.reduce_cost += child.reduce_cost;
        const double dr = child.reds / child.pixel_count - mean_r;
        const double dg = child.greens / child.pixel_count - mean_g;
        const double db = child.blues / child.pixel_count - mean_b;
        const double da = child.alphas / child.pixel_count - mean_a;
        r.reduce_cost += (dr * dr + dg * dg + db * db + da * da) * child.alphas / 255;
    }
}

void HextreePalette::assign_node_colors() {
    // hextree::assign_node_colors: from the root, split the colour of highest penalty into its
    // children while colours remain. Mapnik breaks ties by node address; creation order here.
    compute_cost(0);
    auto worse_first = [this](int lhs, int rhs) {
        const double a = nodes_[static_cast<std::size_t>(lhs)].reduce_cost;
        const double b = nodes_[static_cast<std::size_t>(rhs)].reduce_cost;
        return a != b ? a > b : lhs > rhs;
    };
    std::set<int, decltype(worse_first)> heap(worse_first);
    int tries = 0;
    colors_ = 1;
    nodes_[0].count = static_cast<int>(nodes_[0].pixel_count);
    heap.insert(0);
    while (!heap.empty() && colors_ < kMaxColors && tries < 16) {
        const int cur_index = *heap.begin();
        heap.erase(heap.begin());
        Node& cur = nodes_[static_cast<std::size_t>(cur_index)];
        if (cur.children_count + colors_ - 1 > kMaxColors) {
            tries++;
            continue;
        }
        tries = 0;
        if (cur.pixel_count > 0 && cur.children_count > 0 &&
            ((cur.reduce_cost / cur.pixel_count + 1) * std::log(double(cur.pixel_count))) > 15) {
            colors_--;
            cur.count = 0;
            for (int child : cur.children) {
                if (child < 0) continue;
                Node& n = nodes_[static_cast<std::size_t>(child)];
                n.count = static_cast<int>(n.pixel_count);
                heap.insert(child);
                colors_++;
            }
        }
    }
}

void HextreePalette::collect_palette(std::vector<mapnik::rgba>& out, int index) const {
    const Node& n = nodes_[static_cast<std::size_t>(index)];
    if (n.count != 0) {
        const unsigned count = static_cast<unsigned>(n.count);
        std::uint8_t a = std::uint8_t(n.alphas / float(count));
        if (a > kMaxAlpha) a = 255;
        if (a < kMinAlpha) a = 0;
        out.emplace_back(static_cast<std::uint8_t>(std::round(gamma(n.reds / count, kGamma))),
                         static_cast<std::uint8_t>(std::round(gamma(n.greens / count, kGamma))),
                         static_cast<std::uint8_t>(std::round(gamma(n.blues / count, kGamma))), a);
    }
    for (int child : n.children)
        if (child >= 0) collect_palette(out, child);
}

int HextreePalette::nearest(std::uint32_t pixel) const {
    // hextree::quantize: the palette entry nearest in r, g, b, a, searched around the
    // entry of the same mean.
    if (colors_ == 1) return static_cast<int>(remap_[0]);
    const mapnik::rgba c(pixel);
    const int a = c.a;
    auto distance = [&](const mapnik::rgba& p, int& sum) {
        const int dr = p.r - c.r, dg = p.g - c.g, db = p.b - c.b, da = p.a - a;
        sum = dr + db + dg + da;
        return dr * dr + dg * dg + db * db + da * da;
    };
    std::size_t ind = static_cast<std::size_t>(
        std::lower_bound(sorted_keys_.begin(), sorted_keys_.end(), mean_key(c)) - sorted_keys_.begin());
    if (ind == sorted_.size()) ind--;
    int sum = 0;
    int dist = distance(sorted_[ind], sum);
    const int poz = static_cast<int>(ind);
    for (int i = poz - 1; i >= 0; i--) {
        const int d = distance(sorted_[static_cast<std::size_t>(i)], sum);
        if (sum * sum / 4 > dist) break;
        if (d < dist) {
            ind = static_cast<std::size_t>(i);
            dist = d;
        }
    }
    for (std::size_t i = static_cast<std::size_t>(poz) + 1; i < sorted_.size(); i++) {
        const int d = distance(sorted_[i], sum);
        if (sum * sum / 4 > dist) break;
        if (d < dist) {
            ind = i;
            dist = d;
        }
    }
    return static_cast<int>(remap_[ind]);
}

}  // namespace rxmap::tiles
