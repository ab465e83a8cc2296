# Tests of styles/, one binary (one link): palettes and classification (test_styles_palettes.cpp),
# legends (test_styles_legends.cpp), colour difference (CIE76 ΔE) in normal and simulated
# colour-deficient vision (styles/colour_vision.h), the in-memory datasource of tiles, flows and prints
# (envelopes computed once).
rxmap_test(test_styles SOURCES test_styles_palettes.cpp test_styles_legends.cpp test_colour_vision.cpp
  test_memory_layer.cpp LIBS rxmap_styles)
# The legend tests release fontconfig's caches at exit (FcFini) for LeakSanitizer builds.
target_link_libraries(test_styles PRIVATE fontconfig)
# HarfBuzz faces kept with their FreeType faces (styles/harfbuzz_face_cache.*): linked like the
# rxmap program, so Mapnik's label shaping reaches the cache.
rxmap_test(test_harfbuzz_face_cache SOURCES test_harfbuzz_face_cache.cpp LIBS rxmap_styles rxmap_harfbuzz_face_cache)
# Label halos stroked once per glyph shape (styles/freetype_stroke_cache.*): linked like the rxmap
# program, so Mapnik's halos reach the cache.
rxmap_test(test_freetype_stroke_cache SOURCES test_freetype_stroke_cache.cpp LIBS rxmap_styles rxmap_freetype_stroke_cache)
