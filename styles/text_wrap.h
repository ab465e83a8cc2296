#pragma once
// Line breaking for text drawn with Cairo (legends, prints).
#include <string>
#include <vector>

typedef struct _cairo cairo_t;  // <cairo.h>

namespace rxmap::styles {

// `text` at cr's current font split into lines no wider than max_width ('\n' forces a break;
// Japanese breaks at any character with simple kinsoku, other text at spaces; a word wider than a
// line is broken anywhere).
std::vector<std::string> wrap_text(cairo_t* cr, const std::string& text, double max_width);

}  // namespace rxmap::styles
