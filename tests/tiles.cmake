# Tests of tiles/ and tilesets/ (included by tests/CMakeLists.txt), one binary (one link): tile stores
# and the one factory that builds them from URLs, the engine's queue, coalescing, render timeouts and
# versions, seeding into MBTiles, the MBTiles layer; issue 21: stored tiles checked against their SHA-1
# before they are served (disk), write failures counted per cause and logged once a minute; the fast
# PNG encoder against Mapnik's.
rxmap_test(test_tiles SOURCES test_tiles_store.cpp test_tiles_engine.cpp test_tiles_seed.cpp
  test_store_integrity.cpp test_tile_png.cpp test_store_factory.cpp test_deadline_timer.cpp
  LIBS rxmap_tilesets rxmap_tiles)
