# Issue 23: vector tiles (tiles/mvt_*, server/vector_tile_service), decoded with GDAL's MVT driver.
rxmap_test(test_vector_tiles SOURCES test_vector_tiles.cpp LIBS rxmap_services)

# The MapLibre view (/vector) in Chromium with software WebGL: PNG colours at 千代田区's label point
# before and after a year change, no tile request for it, hover and pop-up (web/test/vector.test.mjs).
if(TEST web_build)
  add_test(NAME web_vector
    COMMAND ${RXMAP_NODE} --test --test-reporter=spec ${CMAKE_SOURCE_DIR}/web/test/vector.test.mjs
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web)
  set_tests_properties(web_vector PROPERTIES
    FIXTURES_REQUIRED rxmap_web_dist
    ENVIRONMENT "RXMAP_BIN=$<TARGET_FILE:rxmap>;RXMAP_REPO=${CMAKE_SOURCE_DIR};RXMAP_PORT=0;RXMAP_WEB_ROOT=${CMAKE_SOURCE_DIR}/web/dist;RXMAP_STORE=${CMAKE_BINARY_DIR}/web-test-store/rxmap.gpkg;RXMAP_ARTIFACTS=${CMAKE_SOURCE_DIR}/tests/artifacts/web;CHROMIUM=/usr/bin/chromium"
    TIMEOUT 600
    RESOURCE_LOCK rxmap_web_browser
    LABELS web)
endif()
