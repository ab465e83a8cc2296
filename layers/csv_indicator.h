#pragma once
// A user's own CSV as an indicator: one value column keyed by a municipality
// code (5 digits, or 6 with the check digit) or a prefecture (name or 2-digit code).
#include <string>

#include "layers/atlas.h"
#include "layers/stats_table.h"

namespace rxmap::layers {

struct CsvIndicator {
    std::string path;
    std::string key_column = "code";
    std::string value_column = "value";
    std::string indicator;  // "csv:<layer id>"
    int year = 0;
    std::string dataset;    // for the indicator's description
};

// Adds the CSV's values to the atlas's table (read through GDAL's CSV driver, UTF-8).
// Unknown keys and non-numbers are counted and skipped; a missing file or column throws ImportError.
DatasetReport import_csv_indicator(const CsvIndicator& csv, Atlas& atlas);

}  // namespace rxmap::layers
