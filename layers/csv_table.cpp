#include "layers/csv_table.h"

#include <cpl_string.h>

#include <fstream>
#include <stdexcept>

namespace rxmap::data {

std::vector<std::string> split_csv_line(const std::string& line) {
    const CPLStringList tokens(CSLTokenizeString2(line.c_str(), ",", CSLT_HONOURSTRINGS | CSLT_ALLOWEMPTYTOKENS));
    std::vector<std::string> cells;
    cells.reserve(tokens.size());
    for (int i = 0; i < tokens.size(); ++i) cells.emplace_back(tokens[i]);
    return cells;
}

int CsvTable::column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    throw std::runtime_error(path + ": no column '" + name + "'");
}

const std::string& CsvTable::cell(const Row& row, int column) {
    static const std::string empty;
    return column >= 0 && column < static_cast<int>(row.cells.size()) ? row.cells[column] : empty;
}

CsvTable read_csv_table(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot be opened");
    CsvTable csv;
    csv.path = path;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
        if (line.empty()) continue;
        auto cells = split_csv_line(line);
        if (csv.header.empty())
            csv.header = std::move(cells);
        else
            csv.rows.push_back({number, std::move(cells)});
    }
    if (csv.header.empty()) throw std::runtime_error(path + ": empty file");
    return csv;
}

}  // namespace rxmap::data
