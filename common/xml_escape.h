#pragma once
// Text for XML and HTML documents (WMTS capabilities, HTML attributions of TileJSON and MBTiles).
#include <string>
#include <string_view>

namespace rxmap::common {

// Escapes & < > " ' for text and attribute values, and drops the control characters XML 1.0
// forbids (tab, LF and CR stay).
std::string xml_escape(std::string_view s);

}  // namespace rxmap::common
