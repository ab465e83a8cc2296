#include "layers/regions.h"

#include <cpl_string.h>

#include <fstream>

#include "layers/import_error.h"

namespace rxmap::layers {

Regions read_regions(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ImportError(path + ": cannot be opened");
    Regions regions;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_no == 1 || line.empty()) continue;  // header
        const CPLStringList cells(CSLTokenizeString2(line.c_str(), ",", CSLT_HONOURSTRINGS | CSLT_ALLOWEMPTYTOKENS));
        if (cells.size() < 6 || std::string(cells[0]).size() != 2)
            throw ImportError(path + ":" + std::to_string(line_no) +
                              ": expected pref_code,prefecture,bloc,meti_bureau,tokyo_area,three_metro_areas");
        PrefectureRegion r{cells[0], cells[1], cells[2], cells[3], std::string(cells[4]) == "1",
                           std::string(cells[5]) == "1"};
        regions[r.pref_code] = r;
    }
    return regions;
}

}  // namespace rxmap::layers
