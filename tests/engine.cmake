# Tests of the map engine (layers/, styles/, tiles/) on the real data fetched into data/local/raw.
rxmap_test(test_import SOURCES test_import.cpp LIBS rxmap_layers)
rxmap_test(test_render SOURCES test_render.cpp LIBS rxmap_tiles)
rxmap_test(test_flows SOURCES test_flows.cpp LIBS rxmap_tiles)
