#pragma once
// An origin–destination table between prefectures (read by layers/flows.h, kept in the Atlas).
#include <map>
#include <string>
#include <utility>

namespace rxmap::data {

struct FlowTable {
    std::map<std::pair<std::string, std::string>, double> counts;  // (origin, destination) prefecture codes "13"
    double total() const;
    double get(const std::string& from, const std::string& to) const;
};

}  // namespace rxmap::data
