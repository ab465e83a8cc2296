#include "layers/manifest.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace rxmap::data {

Manifest Manifest::read(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot be opened");
    Manifest m;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        if (++line_no == 1 || line.empty()) continue;  // header
        std::vector<std::string> cells;
        std::stringstream s(line);
        for (std::string cell; std::getline(s, cell, '\t');) cells.push_back(cell);
        if (cells.size() != 8) throw std::runtime_error(path + ":" + std::to_string(line_no) + ": expected 8 columns");
        m.datasets_.push_back({cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7]});
    }
    return m;
}

std::vector<std::string> Manifest::credits(const std::vector<std::string>& id_prefixes) const {
    std::vector<std::string> lines;
    for (const std::string& prefix : id_prefixes) {
        bool found = false;
        for (const DatasetInfo& d : datasets_) {
            if (d.id.compare(0, prefix.size(), prefix) != 0) continue;
            found = true;
            if (d.credit != "-" && std::find(lines.begin(), lines.end(), d.credit) == lines.end())
                lines.push_back(d.credit);
        }
        if (!found) throw std::runtime_error("no dataset '" + prefix + "' in the manifest");
    }
    return lines;
}

}  // namespace rxmap::data
