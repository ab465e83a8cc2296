# Issue 23: vector tiles (tiles/mvt_*, server/vector_tile_service), decoded with GDAL's MVT driver.
rxmap_test(test_vector_tiles SOURCES test_vector_tiles.cpp LIBS rxmap_tilesets rxmap_services)

# The MapLibre view (/vector) in Chromium with software WebGL: PNG colours at 千代田区's label point
# before and after a year change, no tile request for it, hover and pop-up (web/test/vector.test.mjs).
if(TEST web_build)
  rxmap_browser_test(web_vector vector web-test-store 600)
endif()
