#pragma once
// What a printed page carries around its maps: frames, title and subtitle, the legend, the north
// arrow, scale bars, the inset's caption, notes and credit lines, where the layout put them.
typedef struct _cairo cairo_t;  // <cairo.h>

#include "print/print_layout.h"

namespace rxmap::styles {

// The white gap that sets the inset off from the main map (drawn before the inset's map).
void clear_inset(cairo_t* cr, const PrintLayout& layout);
// Everything but the maps, on top of them.
void draw_furniture(cairo_t* cr, const PrintLayout& layout, const PrintTexts& texts);

}  // namespace rxmap::styles
