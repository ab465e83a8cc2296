# Tests of styles/, one binary (one link): palettes and classification (test_styles_palettes.cpp),
# legends (test_styles_legends.cpp), colour difference (CIE76 ΔE) in normal and simulated
# colour-deficient vision (styles/colour_vision.h), the in-memory datasource of tiles, flows and prints
# (envelopes computed once).
rxmap_test(test_styles SOURCES test_styles_palettes.cpp test_styles_legends.cpp test_colour_vision.cpp
  test_memory_layer.cpp LIBS rxmap_styles)
# The legend tests release fontconfig's caches at exit (FcFini) for LeakSanitizer builds.
target_link_libraries(test_styles PRIVATE fontconfig)
