#include <cpl_string.h>

#include <fstream>
#include <sstream>

#include "layers/csv_table.h"
#include "layers/import_error.h"
#include "layers/stat_sources.h"

namespace rxmap::data {

std::string read_as_utf8(const std::string& path, const std::string& encoding) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ImportError(path + ": cannot be opened");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (encoding.empty() || EQUAL(encoding.c_str(), "UTF-8")) return bytes.str();
    char* utf8 = CPLRecode(bytes.str().c_str(), encoding.c_str(), CPL_ENC_UTF8);
    std::string text(utf8);
    CPLFree(utf8);
    return text;
}

DatasetReport import_ssdse_csv(const std::string& path, const KnownCodes& known, StatsTable& table) {
    DatasetReport report;
    report.dataset = "ssdse_a_2025";
    std::istringstream text(read_as_utf8(path, "CP932"));
    std::vector<std::vector<std::string>> header;
    std::string line;
    for (int i = 0; i < 3 && std::getline(text, line); ++i) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        header.push_back(split_csv_line(line));
    }
    if (header.size() < 3 || header[0].size() < 4)
        throw ImportError(path + ": expected three header rows (item codes, years, labels)");
    const auto& items = header[0];
    const auto& years = header[1];
    const auto& labels = header[2];
    for (size_t c = 3; c < items.size(); ++c)
        table.describe({"ssdse:" + items[c], report.dataset, c < labels.size() ? labels[c] : items[c]});

    int row = 3;
    while (std::getline(text, line)) {
        ++row;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto cells = split_csv_line(line);
        ++report.rows;
        std::string code = cells.empty() ? "" : cells[0];
        if (!code.empty() && code[0] == 'R') code.erase(0, 1);
        if (code.size() != 5 || !known.count(code)) {
            const std::string name = cells.size() > 2 ? " " + cells[2] : "";
            report.unmatched.push_back(code.empty() ? "(row " + std::to_string(row) + ": no code)" : code + name);
            continue;
        }
        ++report.matched;
        for (size_t c = 3; c < items.size(); ++c) {
            const std::string cell = c < cells.size() ? cells[c] : "";
            double value = 0;
            int year = c < years.size() ? std::atoi(years[c].c_str()) : 0;
            if (parse_number(cell, value) && year > 0) {
                table.set("ssdse:" + items[c], year, code, value);
            } else {
                report.skipped.push_back("row " + std::to_string(row) + " " + code + ": " + items[c] + " '" + cell +
                                         "' is not a number");
            }
        }
    }
    return report;
}

}  // namespace rxmap::data
