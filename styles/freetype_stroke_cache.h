#pragma once
// Label halos stroked once per glyph shape while Mapnik renders labels.
//
// Mapnik 3.1 draws a label's halo by stroking every glyph's outline again for every label
// (FT_Glyph_Stroke, FreeType's stroker): 7 % of a cold seed's CPU, for the same few thousand
// glyphs at the same sizes (perf, bench/README.md). freetype_stroke_cache.cpp defines
// FT_Glyph_Stroke, FT_Stroker_Set and FT_Stroker_Done in the program that links it (exported
// through freetype_stroke_cache.dynlist, so libmapnik's calls reach them before libfreetype's)
// and keeps each stroked outline keyed by the glyph's outline and the stroker's settings.
//
// The outlines differ between two labels only by where the glyph stands. The stroker's
// arithmetic moves with the outline when it is shifted by whole 1/64 px units and no coordinate
// changes sign (its halvings round toward zero), so the cache keeps each outline moved to the
// corner of its pixel and moves the stroked outline back: the halo is FreeType's, point for
// point (test_freetype_stroke_cache strokes glyphs both ways and compares). Glyphs with a negative
// coordinate (beyond the image's left or bottom edge) and strokers set elsewhere go to FreeType.
#include <cstddef>
#include <cstdint>

namespace rxmap::styles {

struct StrokeCacheCounts {
    std::uint64_t hits = 0;       // halos copied from the cache
    std::uint64_t misses = 0;     // halos stroked and kept
    std::uint64_t bypassed = 0;   // halos stroked by FreeType alone (see above)
    std::size_t bytes = 0;        // kept now
};

// Kept outlines are bounded at 8 MiB (emptied whole when full).
StrokeCacheCounts stroke_cache_counts();

// Off: every halo is stroked by FreeType (for comparisons). On by default.
void set_stroke_cache_enabled(bool enabled);

}  // namespace rxmap::styles
