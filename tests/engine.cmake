# Tests of the map engine (layers/, styles/, tiles/) on the real data fetched into data/local/raw.
rxmap_test(test_import SOURCES test_import.cpp LIBS rxmap_layers)
rxmap_test(test_render SOURCES test_render.cpp LIBS rxmap_tiles)
rxmap_test(test_flows SOURCES test_flows.cpp LIBS rxmap_tiles)
# Boundaries of one's own (GeoPackage, cp932 Shapefile in EPSG:6676, FlatGeobuf, a merger), made by ogr2ogr
# from the shipped N03 files at test time into the build tree.
rxmap_test(test_boundary_sources SOURCES test_boundary_sources.cpp LIBS rxmap_tiles)
target_compile_definitions(test_boundary_sources PRIVATE RXMAP_TEST_WORK_DIR="${CMAKE_CURRENT_BINARY_DIR}/boundary-sources")
# Variant Maps of a level share its geometry (styles/shared_features.*): memory, pixels, concurrency.
rxmap_test(test_shared_features SOURCES test_shared_features.cpp LIBS rxmap_tiles)
# Mapnik's font cache holds mapped font files, not copies (styles/mapnik_resources.*): its own process,
# so that no other test's labels have loaded the fonts first.
rxmap_test(test_font_cache SOURCES test_font_cache.cpp LIBS rxmap_tiles)
