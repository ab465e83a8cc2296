# Palettes, classification and legends.
rxmap_test(test_styles SOURCES test_styles.cpp LIBS rxmap_styles)
# The test releases fontconfig's caches at exit (FcFini) for LeakSanitizer builds.
target_link_libraries(test_styles PRIVATE fontconfig)
