# Facility presence model and population classes, on the real data fetched into data/local/raw.
# Needs layers/facility_model.cpp and layers/population_bins.cpp in rxmap_layers.
rxmap_test(test_facility_model SOURCES test_facility_model.cpp LIBS rxmap_layers)
