# Issue 8, beyond one machine (included by tests/CMakeLists.txt): the atlas in PostGIS and
# tiles rendered from it, the shared Redis tile cache across engines, sharded seeding.
# The services come from .ci/services.sh; a test skips with the reason when its service is
# missing (CTest reports it as skipped), and fails instead when RXMAP_REQUIRE_SERVICES=1
# (./setup.sh test sets it once .ci/services.sh succeeded).
set(cluster_properties LABELS cluster SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")

rxmap_test(test_cluster_postgis SOURCES test_cluster_postgis.cpp LIBS rxmap_tiles PROPERTIES ${cluster_properties})
target_compile_definitions(test_cluster_postgis PRIVATE RXMAP_BINARY="$<TARGET_FILE:rxmap>")
add_dependencies(test_cluster_postgis rxmap)
rxmap_test(test_cluster_cache SOURCES test_cluster_cache.cpp LIBS rxmap_tilesets rxmap_tiles PROPERTIES ${cluster_properties})
rxmap_test(test_cluster_seed SOURCES test_cluster_seed.cpp LIBS rxmap_tilesets rxmap_cli PROPERTIES ${cluster_properties})
