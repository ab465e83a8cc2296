#include "styles/freetype_stroke_cache.h"

#include <dlfcn.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_GLYPH_H
#include FT_OUTLINE_H
#include FT_STROKER_H

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

template <typename F>
F freetype_function(const char* name) {
    auto f = reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
    if (!f) {
        std::fprintf(stderr, "rxmap: libfreetype's %s not found: %s\n", name, dlerror());
        std::abort();
    }
    return f;
}

using GlyphStroke = FT_Error (*)(FT_Glyph*, FT_Stroker, FT_Bool);
using StrokerSet = void (*)(FT_Stroker, FT_Fixed, FT_Stroker_LineCap, FT_Stroker_LineJoin, FT_Fixed);
using StrokerDone = void (*)(FT_Stroker);

GlyphStroke freetype_glyph_stroke() {
    static const auto f = freetype_function<GlyphStroke>("FT_Glyph_Stroke");
    return f;
}

// The settings of the stroker this thread set last: Mapnik sets its stroker just before each
// halo. A stroker set on another thread, or done with since, is not known here.
struct StrokerSettings {
    FT_Stroker stroker = nullptr;
    std::int64_t radius = 0, cap = 0, join = 0, miter = 0;
};
thread_local StrokerSettings last_set;

std::atomic<bool> enabled{true};
std::atomic<std::uint64_t> hits{0}, misses{0}, bypassed{0};

// Outlines as bytes: the key (settings and the outline moved to touch both axes) and the stroked
// outline, coordinates as 16-bit integers (a glyph of 500 px at most).
struct PlainOutline {
    short contours = 0;
    int points = 0;
    int flags = 0;
};

void append(std::string& out, const void* data, std::size_t size) {
    out.append(static_cast<const char*>(data), size);
}

// Appends outline moved by (-dx, -dy); false when a coordinate does not fit 16 bits.
bool append_outline(std::string& out, const FT_Outline& outline, FT_Pos dx, FT_Pos dy) {
    const PlainOutline head{outline.n_contours, outline.n_points, outline.flags};
    append(out, &head, sizeof head);
    append(out, outline.contours, sizeof(short) * static_cast<std::size_t>(outline.n_contours));
    append(out, outline.tags, static_cast<std::size_t>(outline.n_points));
    for (int i = 0; i < outline.n_points; ++i) {
        const FT_Pos x = outline.points[i].x - dx, y = outline.points[i].y - dy;
        if (x < INT16_MIN || x > INT16_MAX || y < INT16_MIN || y > INT16_MAX) return false;
        const std::int16_t xy[2] = {static_cast<std::int16_t>(x), static_cast<std::int16_t>(y)};
        append(out, xy, sizeof xy);
    }
    return true;
}

// A new outline glyph from bytes written by append_outline, moved by (dx, dy).
FT_Glyph glyph_from(const std::string& bytes, const FT_Glyph like, FT_Pos dx, FT_Pos dy) {
    PlainOutline head;
    const char* p = bytes.data();
    std::memcpy(&head, p, sizeof head);
    p += sizeof head;
    FT_Glyph glyph = nullptr;
    if (FT_New_Glyph(like->library, FT_GLYPH_FORMAT_OUTLINE, &glyph) != 0) return nullptr;
    FT_Outline& outline = reinterpret_cast<FT_OutlineGlyph>(glyph)->outline;
    if (FT_Outline_New(like->library, static_cast<FT_UInt>(head.points), head.contours, &outline) != 0) {
        FT_Done_Glyph(glyph);
        return nullptr;
    }
    glyph->advance = like->advance;
    outline.flags = head.flags | FT_OUTLINE_OWNER;  // the arrays are FT_Outline_New's: freed with the glyph
    std::memcpy(outline.contours, p, sizeof(short) * static_cast<std::size_t>(head.contours));
    p += sizeof(short) * static_cast<std::size_t>(head.contours);
    std::memcpy(outline.tags, p, static_cast<std::size_t>(head.points));
    p += head.points;
    for (int i = 0; i < head.points; ++i, p += 4) {
        std::int16_t xy[2];
        std::memcpy(xy, p, sizeof xy);
        outline.points[i].x = xy[0] + dx;
        outline.points[i].y = xy[1] + dy;
    }
    return glyph;
}

class StrokedOutlines {
public:
    // The stroked outline kept under key, as a new glyph moved by (dx, dy); null if none.
    FT_Glyph find(const std::string& key, const FT_Glyph like, FT_Pos dx, FT_Pos dy) {
        std::lock_guard lock(mutex_);
        const auto it = outlines_.find(key);
        return it == outlines_.end() ? nullptr : glyph_from(it->second, like, dx, dy);
    }

    // Emptied whole when it would pass kBudget: about twice the halos of a Japan-wide seed.
    void keep(std::string key, std::string stroked) {
        std::lock_guard lock(mutex_);
        const std::size_t size = key.size() + stroked.size();
        if (bytes_ + size > kBudget) {
            outlines_.clear();
            bytes_ = 0;
        }
        if (size > kBudget) return;
        if (outlines_.emplace(std::move(key), std::move(stroked)).second) bytes_ += size;
    }

    std::size_t bytes() {
        std::lock_guard lock(mutex_);
        return bytes_;
    }

private:
    std::mutex mutex_;
    std::unordered_map<std::string, std::string> outlines_;
    std::size_t bytes_ = 0;
    static constexpr std::size_t kBudget = std::size_t{8} << 20;
};

StrokedOutlines& stroked_outlines() {
    static StrokedOutlines* outlines = new StrokedOutlines;  // used by renders until the process ends
    return *outlines;
}

FT_Error stroke_uncached(FT_Glyph* pglyph, FT_Stroker stroker, FT_Bool destroy) {
    bypassed.fetch_add(1, std::memory_order_relaxed);
    return freetype_glyph_stroke()(pglyph, stroker, destroy);
}

}  // namespace

// These replace libfreetype's for the whole process (see the header).
extern "C" void FT_Stroker_Set(FT_Stroker stroker, FT_Fixed radius, FT_Stroker_LineCap line_cap,
                               FT_Stroker_LineJoin line_join, FT_Fixed miter_limit) {
    static const auto next = freetype_function<StrokerSet>("FT_Stroker_Set");
    next(stroker, radius, line_cap, line_join, miter_limit);
    last_set = {stroker, radius, line_cap, line_join, miter_limit};
}

extern "C" void FT_Stroker_Done(FT_Stroker stroker) {
    static const auto next = freetype_function<StrokerDone>("FT_Stroker_Done");
    if (last_set.stroker == stroker) last_set = {};
    next(stroker);
}

extern "C" FT_Error FT_Glyph_Stroke(FT_Glyph* pglyph, FT_Stroker stroker, FT_Bool destroy) {
    if (!pglyph || !*pglyph || !stroker || stroker != last_set.stroker || !enabled.load(std::memory_order_relaxed) ||
        (*pglyph)->format != FT_GLYPH_FORMAT_OUTLINE)
        return stroke_uncached(pglyph, stroker, destroy);
    const FT_Glyph glyph = *pglyph;
    const FT_Outline& outline = reinterpret_cast<FT_OutlineGlyph>(glyph)->outline;
    if (outline.n_points == 0) return stroke_uncached(pglyph, stroker, destroy);
    FT_Pos min_x = outline.points[0].x, min_y = outline.points[0].y;
    for (int i = 1; i < outline.n_points; ++i) {
        min_x = std::min(min_x, outline.points[i].x);
        min_y = std::min(min_y, outline.points[i].y);
    }
    if (min_x < 0 || min_y < 0) return stroke_uncached(pglyph, stroker, destroy);
    const FT_Pos dx = min_x, dy = min_y;  // the outline moved to touch both axes

    std::string key;
    key.reserve(48 + static_cast<std::size_t>(outline.n_points) * 5 + static_cast<std::size_t>(outline.n_contours) * 2);
    const std::int64_t settings[4] = {last_set.radius, last_set.cap, last_set.join, last_set.miter};
    append(key, settings, sizeof settings);
    if (!append_outline(key, outline, dx, dy)) return stroke_uncached(pglyph, stroker, destroy);

    if (FT_Glyph kept = stroked_outlines().find(key, glyph, dx, dy)) {
        hits.fetch_add(1, std::memory_order_relaxed);
        if (destroy) FT_Done_Glyph(glyph);
        *pglyph = kept;
        return 0;
    }

    FT_Glyph work = nullptr;
    if (FT_Glyph_Copy(glyph, &work) != 0) return stroke_uncached(pglyph, stroker, destroy);
    FT_Outline_Translate(&reinterpret_cast<FT_OutlineGlyph>(work)->outline, -dx, -dy);
    if (const FT_Error error = freetype_glyph_stroke()(&work, stroker, 1); error != 0) {
        FT_Done_Glyph(work);
        return stroke_uncached(pglyph, stroker, destroy);
    }
    FT_Outline& stroked = reinterpret_cast<FT_OutlineGlyph>(work)->outline;
    std::string bytes;
    if (append_outline(bytes, stroked, 0, 0)) stroked_outlines().keep(std::move(key), std::move(bytes));
    FT_Outline_Translate(&stroked, dx, dy);
    misses.fetch_add(1, std::memory_order_relaxed);
    if (destroy) FT_Done_Glyph(glyph);
    *pglyph = work;
    return 0;
}

namespace rxmap::styles {

StrokeCacheCounts stroke_cache_counts() {
    return {hits.load(), misses.load(), bypassed.load(), stroked_outlines().bytes()};
}

void set_stroke_cache_enabled(bool on) { enabled.store(on); }

}  // namespace rxmap::styles
