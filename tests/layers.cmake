# Statistical map layers on the real data (test_map_layers_*.cpp, one binary), and the assembled server
# over HTTP (test_endpoints_*.cpp; small configs and CSVs in tests/fixtures/).
rxmap_test(test_map_layers SOURCES test_map_layers_values.cpp test_map_layers_areas.cpp
  test_map_layers_config.cpp test_map_layers_industry.cpp LIBS rxmap_tiles)
rxmap_test(test_endpoints SOURCES test_endpoints_maps.cpp test_endpoints_info.cpp LIBS rxmap_cli)
# The one CSV splitter/reader (layers/csv_table.h) and the one regions.csv parser.
rxmap_test(test_csv_table SOURCES test_csv_table.cpp LIBS rxmap_layers)
# Issue 21: a damaged store (pages overwritten) is set aside and rebuilt from the raw inputs.
rxmap_test(test_store_rebuild SOURCES test_store_rebuild.cpp LIBS rxmap_tiles)
# Every legend's colours apart by CIE76 ΔE >= 7 in normal, deuteranope and protanope vision, and the
# patterns and grouped colours on the tiles (tests/test_legend_colours.cpp).
rxmap_test(test_legend_colours SOURCES test_legend_colours.cpp LIBS rxmap_services rxmap_tiles)
# Issue 22: the atlas store's one interface (GeoPackage or PostGIS).
rxmap_test(test_atlas_store SOURCES test_atlas_store.cpp LIBS rxmap_layers)
