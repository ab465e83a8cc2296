#pragma once
// What Mapnik loads from disk, registered in one place: input plugins, the Noto CJK fonts and the
// flow maps' arrowhead marker.
#include <string>

namespace rxmap::styles {

// Registers Mapnik's input plugins and the Noto CJK fonts. Call once, before any thread renders.
void register_mapnik_resources();
// An SVG arrowhead (pointing right, +x) for flow maps, written once to a temporary folder.
const std::string& arrowhead_marker_path();

}  // namespace rxmap::styles
