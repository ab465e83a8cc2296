# Issue 8, beyond one machine (included by tests/CMakeLists.txt): the atlas in PostGIS and
# tiles rendered from it, the shared Redis tile cache across engines, sharded seeding.
# The services come from .ci/services.sh; a test skips with the reason when its service is
# missing (CTest reports it as skipped), and fails instead when RXMAP_REQUIRE_SERVICES=1
# (./setup.sh test sets it once .ci/services.sh succeeded).
function(rxmap_cluster_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    RXMAP_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    RXMAP_RAW_DATA_DIR="${CMAKE_SOURCE_DIR}/data/local/raw"
    RXMAP_TEST_STORE="${CMAKE_BINARY_DIR}/test-store/rxmap.gpkg")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 300 LABELS cluster SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")
endfunction()

rxmap_cluster_test(test_cluster_postgis SOURCES test_cluster_postgis.cpp LIBS rxmap_tiles)
target_compile_definitions(test_cluster_postgis PRIVATE RXMAP_BINARY="$<TARGET_FILE:rxmap>")
add_dependencies(test_cluster_postgis rxmap)
rxmap_cluster_test(test_cluster_cache SOURCES test_cluster_cache.cpp LIBS rxmap_tiles)
rxmap_cluster_test(test_cluster_seed SOURCES test_cluster_seed.cpp LIBS rxmap_tiles)
