# Palettes, classification and legends.
rxmap_test(test_styles SOURCES test_styles.cpp LIBS rxmap_styles)
