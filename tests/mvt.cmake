# Issue 23: vector tiles (tiles/mvt_*, server/vector_tile_service), decoded with GDAL's MVT driver.
rxmap_test(test_vector_tiles SOURCES test_vector_tiles.cpp LIBS rxmap_services)
