#pragma once
// CSV as rxmap reads it: the small UTF-8 tables in data/facts/, declared
// tables, flows and SSDSE rows. Lines are split by GDAL's tokenizer.
#include <string>
#include <vector>

namespace rxmap::data {

// The cells of one line: double quotes group ("a,\"b,c\"" -> a | b,c) and are
// removed, empty cells are kept ("a,,b" -> a | "" | b; "a," -> a | ""). No
// cells for an empty line.
std::vector<std::string> split_csv_line(const std::string& line);

// A whole file with a header row.
struct CsvTable {
    struct Row {
        int line = 0;  // 1-based line number in the file, for messages
        std::vector<std::string> cells;
    };
    std::string path;
    std::vector<std::string> header;
    std::vector<Row> rows;

    // Index of a header cell; throws std::runtime_error "<path>: no column '<name>'".
    int column(const std::string& name) const;
    // The cell, or "" when the row is shorter (trailing cells left out).
    static const std::string& cell(const Row& row, int column);
};

// Reads path: a UTF-8 byte order mark and '\r' line ends are dropped, blank
// lines skipped; the first line left is the header. Throws std::runtime_error
// naming the file when it cannot be opened or is empty.
CsvTable read_csv_table(const std::string& path);

}  // namespace rxmap::data
