#pragma once
// Importers for the statistics datasets. Each reads one published file as it
// is, adds its values to the table and reports matches, unknown codes and
// values that are not numbers (counted and skipped, never fatal).
#include <string>

#include "layers/stats_table.h"

namespace rxmap::data {

// 令和2年国勢調査 主な結果 (xlsx through GDAL's XLSX driver): sheet 1 population by age.
DatasetReport import_census_xlsx(const std::string& path, const KnownCodes& known, StatsTable& table);
// SSDSE-A (cp932 CSV, three header rows, codes like R01100): every numeric column.
DatasetReport import_ssdse_csv(const std::string& path, const KnownCodes& known, StatsTable& table);
// IPSS 2023 projections (JSON): population, under15, workingAge, elderly for 2020..2050.
DatasetReport import_ipss_json(const std::string& path, const KnownCodes& known, StatsTable& table);

// The file's text recoded from `encoding` (CP932, …; "" or UTF-8: as is) to UTF-8.
std::string read_as_utf8(const std::string& path, const std::string& encoding);

// "1,234" / "1234.5" -> number; "-", "…", "x", "" -> false.
bool parse_number(const std::string& text, double& out);

}  // namespace rxmap::data
