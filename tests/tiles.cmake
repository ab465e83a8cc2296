# Tests of tiles/ (included by tests/CMakeLists.txt): tile stores, the engine's
# queue, coalescing and versions, seeding into MBTiles, the MBTiles layer.
rxmap_test(test_tiles_store SOURCES test_tiles_store.cpp LIBS rxmap_tiles)
rxmap_test(test_tiles_engine SOURCES test_tiles_engine.cpp LIBS rxmap_tilesets rxmap_tiles)
rxmap_test(test_tiles_seed SOURCES test_tiles_seed.cpp LIBS rxmap_tilesets rxmap_tiles)
# Issue 21: stored tiles checked against their SHA-1 before they are served (disk), write
# failures counted per cause and logged once a minute.
rxmap_test(test_store_integrity SOURCES test_store_integrity.cpp LIBS rxmap_tilesets rxmap_tiles)
rxmap_test(test_tile_png SOURCES test_tile_png.cpp LIBS rxmap_tilesets rxmap_tiles)
# Issue 22: the engine's parts on their own: the tile cache from URLs, the render timeouts.
rxmap_test(test_store_factory SOURCES test_store_factory.cpp LIBS rxmap_tiles)
rxmap_test(test_deadline_timer SOURCES test_deadline_timer.cpp LIBS rxmap_tiles)
