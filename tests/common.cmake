# Tests of common/ (included by tests/CMakeLists.txt).
rxmap_test(test_common SOURCES test_common.cpp LIBS rxmap_common)
