# Tests of tiles/ (included by tests/CMakeLists.txt): tile stores, the engine's
# queue, coalescing and versions, seeding into MBTiles, the MBTiles layer.
rxmap_test(test_tiles_store SOURCES test_tiles_store.cpp LIBS rxmap_tiles)
rxmap_test(test_tiles_engine SOURCES test_tiles_engine.cpp LIBS rxmap_tiles)
rxmap_test(test_tiles_seed SOURCES test_tiles_seed.cpp LIBS rxmap_tiles)
rxmap_test(test_tile_png SOURCES test_tile_png.cpp LIBS rxmap_tiles)
