# The map viewer (web/) in a real browser, included by tests/CMakeLists.txt.
#
# web_build   rebuilds web/dist from web/src (npm run build), so the test sees the
#             current sources; needs web/node_modules (setup.sh runs npm ci).
# web_viewer  node's test runner: web/test/viewer.test.mjs starts the rxmap server
#             built here (on a free port, with its own store), drives Debian's
#             Chromium (/usr/bin/chromium, installed by setup.sh) through
#             playwright-core, and saves screenshots to tests/artifacts/web/.
# web_a11y    web/test/a11y.test.mjs (issue 20): axe-core over every state (0 violations of
#             WCAG 2.0/2.1 A and AA), the keyboard-only path, the state in the URL (reload,
#             back, forward), the pop-up following the area, the sticky table head, the phone.
# web_embed   web/test/embed.test.mjs (issue 20): /embed at 320x480, 600x400 and 1024x768,
#             at least 60 % map at 320x480 for every layer, the embed code on a phone page.
find_program(RXMAP_NODE NAMES node nodejs)
find_program(RXMAP_NPM NAMES npm)
if(NOT RXMAP_NODE)
  set(RXMAP_NODE node)  # still registered: the test must run (setup.sh installs Node.js)
endif()
if(NOT RXMAP_NPM)
  set(RXMAP_NPM npm)
endif()

add_test(NAME web_build
  COMMAND ${RXMAP_NPM} run build
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web)
set_tests_properties(web_build PROPERTIES
  FIXTURES_SETUP rxmap_web_dist
  TIMEOUT 120
  LABELS web)

# One browser test: node's test runner over web/test/<file>.test.mjs against the rxmap built here.
# RXMAP_PORT=0: rxmap binds a free port itself and the test reads it from the server's log, so
# parallel ctest runs never collide. Browser tests take turns (RESOURCE_LOCK): on 2 cores two
# Chromiums beside each other miss their waits and skew web_viewer's throttled timings.
function(rxmap_browser_test name file store timeout)
  add_test(NAME ${name}
    COMMAND ${RXMAP_NODE} --test --test-reporter=spec ${CMAKE_SOURCE_DIR}/web/test/${file}.test.mjs
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web)
  set_tests_properties(${name} PROPERTIES
    FIXTURES_REQUIRED rxmap_web_dist
    ENVIRONMENT "RXMAP_BIN=$<TARGET_FILE:rxmap>;RXMAP_REPO=${CMAKE_SOURCE_DIR};RXMAP_PORT=0;RXMAP_WEB_ROOT=${CMAKE_SOURCE_DIR}/web/dist;RXMAP_STORE=${CMAKE_BINARY_DIR}/${store}/rxmap.gpkg;RXMAP_ARTIFACTS=${CMAKE_SOURCE_DIR}/tests/artifacts/web;CHROMIUM=/usr/bin/chromium"
    TIMEOUT ${timeout}
    RESOURCE_LOCK rxmap_web_browser
    LABELS web)
endfunction()

rxmap_browser_test(web_viewer viewer web-test-store 900)
rxmap_browser_test(web_a11y a11y web-test-store 900)
rxmap_browser_test(web_embed embed web-test-store 900)

# Issue 21: the production build (web_build) ships no source maps.
add_test(NAME web_build_no_source_maps
  COMMAND ${RXMAP_NODE} --test --test-reporter=spec ${CMAKE_SOURCE_DIR}/web/test/build.test.mjs
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web)
set_tests_properties(web_build_no_source_maps PROPERTIES
  FIXTURES_REQUIRED rxmap_web_dist
  TIMEOUT 60
  LABELS web)

# web_readings: what a person reads (issue 20): pop-ups of sample areas on every layer of
# /layers (no sentinel, no item ids, units), the shared-link and year-change pop-ups, the peer
# table and legend formats; its own store.
rxmap_browser_test(web_readings readings web-readings-store 900)
