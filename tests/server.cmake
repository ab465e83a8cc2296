# Tests of server/ (included by tests/CMakeLists.txt).
rxmap_test(test_request_parser SOURCES test_request_parser.cpp LIBS rxmap_server)
rxmap_test(test_server_units SOURCES test_server_units.cpp LIBS rxmap_server)
rxmap_test(test_http_server SOURCES test_http_server.cpp LIBS rxmap_server)
