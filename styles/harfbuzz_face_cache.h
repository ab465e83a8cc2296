#pragma once
// HarfBuzz faces kept with their FreeType faces while Mapnik renders labels.
//
// Mapnik 3.1 shapes every label with a font from hb_ft_font_create, and that call builds a new
// HarfBuzz face each time: the new face loads and checks the font's layout tables (GSUB and GPOS,
// large in the CJK fonts) and compiles a new shape plan for every label: 8-9 % of a cold seed's
// CPU (perf, bench/README.md). harfbuzz_face_cache.cpp defines hb_ft_font_create in the program
// that links it (exported through harfbuzz_face_cache.dynlist, so libmapnik's calls reach it before
// libharfbuzz's): it makes the font as HarfBuzz does, then gives it the face cached on the FreeType
// face (HarfBuzz's hb_ft_face_create_cached), so tables and shape plans are built once per FreeType
// face, that is once per font per metatile render. The glyphs and positions are HarfBuzz's own
// (test_harfbuzz_face_cache compares them); the cached face goes with the FreeType face.
#include <cstdint>

namespace rxmap::styles {

// Fonts made with a cached face so far (0 when Mapnik's calls do not reach the cache).
std::uint64_t harfbuzz_fonts_with_cached_face();

}  // namespace rxmap::styles
