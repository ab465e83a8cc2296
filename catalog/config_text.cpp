#include "catalog/config_text.h"

#include <sstream>

namespace rxmap::catalog {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::string strip_comment(const std::string& raw) {
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '#') continue;
        const bool starts = i == 0 || raw[i - 1] == ' ' || raw[i - 1] == '\t';
        const bool ends = i + 1 == raw.size() || raw[i + 1] == ' ' || raw[i + 1] == '\t';
        if (starts && (ends || trim(raw.substr(0, i)).empty())) return raw.substr(0, i);
    }
    return raw;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!trim(item).empty()) out.push_back(trim(item));
    return out;
}

}  // namespace rxmap::catalog
