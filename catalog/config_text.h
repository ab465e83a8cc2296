#pragma once
// The lexical rules of the layer configuration files (styles/layers.conf): white space,
// comments, comma lists, placeholders.
#include <string>
#include <vector>

namespace rxmap::catalog {

// Without leading and trailing spaces, tabs and carriage returns.
std::string trim(const std::string& s);
// A line without its comment. A comment starts at a '#' that begins the line or follows white
// space and is followed by white space or the end: "# note" is a comment, "#ff0000" is not.
std::string strip_comment(const std::string& raw);
// text with every `from` replaced by `to` (placeholders such as {code}).
std::string replace_all(std::string text, const std::string& from, const std::string& to);
// "a, b,,c" -> {"a", "b", "c"}: trimmed, empty items dropped.
std::vector<std::string> split_list(const std::string& s);

}  // namespace rxmap::catalog
