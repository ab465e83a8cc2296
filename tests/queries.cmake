# Tests of queries/ (included by tests/CMakeLists.txt): rank, info, search, values, population
# bins and facilities as plain structs, on the real atlas and catalogue (no HTTP).
rxmap_test(test_queries SOURCES test_queries.cpp LIBS rxmap_queries rxmap_tiles)
