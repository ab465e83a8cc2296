#pragma once
// A user's own CSV as an indicator, or a whole statistics table (a new SSDSE edition, a prefecture's
// table) as a dataset of indicators: value columns keyed by a municipality code (01100, 011002 with
// the check digit, R01100 as SSDSE writes it, 01100_札幌市 as the census does) or a prefecture (name
// or 2-digit code).
#include <string>

#include "layers/atlas.h"
#include "layers/stats_table.h"

namespace rxmap::data {

struct CsvIndicator {
    std::string path;
    std::string key_column = "code";
    std::string value_column = "value";  // "*": every other column
    std::string indicator;  // "csv:<layer id>", or a dataset's id: then each column is "<id>:<column>"
    int year = 0;
    int year_row = 0;       // a header row giving each column's year (SSDSE: 2); 0 = `year` for all
    int header_rows = 1;    // rows above the data; the first names the columns
    std::string encoding;   // of the file: "" = UTF-8, "CP932" for SSDSE and most government tables
    std::string dataset;    // for the indicator's description
};

// Adds the CSV's values to the atlas's table (read through GDAL's CSV driver, recoded to UTF-8 first).
// Unknown keys and non-numbers are counted and skipped; a missing file or column throws ImportError.
DatasetReport import_csv_indicator(const CsvIndicator& csv, Atlas& atlas);

}  // namespace rxmap::data
