# Palettes and classification (test_styles_palettes.cpp), legends (test_styles_legends.cpp): one binary.
rxmap_test(test_styles SOURCES test_styles_palettes.cpp test_styles_legends.cpp LIBS rxmap_styles)
# The legend tests release fontconfig's caches at exit (FcFini) for LeakSanitizer builds.
target_link_libraries(test_styles PRIVATE fontconfig)
# Colour difference (CIE76 ΔE) in normal and simulated colour-deficient vision (styles/colour_vision.h).
rxmap_test(test_colour_vision SOURCES test_colour_vision.cpp LIBS rxmap_styles)
# The in-memory datasource of tiles, flows and prints (envelopes computed once).
rxmap_test(test_memory_layer SOURCES test_memory_layer.cpp LIBS rxmap_styles)
