#pragma once
// What a printed file says about itself. PNG: its dpi. PDF and SVG, for catalogues, screen readers
// and search: title, subject (indicator and year), keywords, language and credits. PDF: the Info
// dictionary (Title, Subject, Keywords, Author = the credits, Creator) and the catalogue's /Lang;
// SVG: xml:lang, <title>, <desc> and Dublin Core <metadata>.
#include <string>
#include <vector>

#include "print/print_layout.h"

typedef struct _cairo_surface cairo_surface_t;  // <cairo.h>

namespace rxmap::styles {

struct PrintMetadata {
    std::string title;     // the page's title
    std::string subject;   // indicator, year and level: 「総人口 2020年・市区町村別」
    std::string keywords;  // the variant key and the language: "population/2020/ward, ja"
    std::string language;  // "ja" | "en"
    std::vector<std::string> credits;
};

// Adds a pHYs chunk (pixels per metre) after a PNG's IHDR, so that it prints at its dpi; a string
// that is not a PNG is left as it is.
void add_png_dpi(std::string& png, double dpi);

// A print's metadata from its words: the subject is the title with the subtitle (year, level,
// area, or a flow map's mode), the keywords the variant's key and the language.
PrintMetadata print_metadata(const std::string& variant_key, const PrintTexts& texts);

// Title, subject, keywords, author (the credits joined by " / ") and creator on a PDF surface,
// before anything is drawn on it.
void set_pdf_metadata(cairo_surface_t* pdf, const PrintMetadata&);

// The finished PDF with /Lang in its catalogue dictionary (Cairo 1.16 has no call for it); the
// cross-reference offsets after the insertion are moved to match. Throws std::runtime_error
// when the file has no catalogue or cross-reference table where Cairo writes them.
std::string pdf_with_language(std::string pdf, const std::string& language);

// The finished SVG with xml:lang and lang on its root element and, first inside it, <title>,
// <desc> (subject, then the credits) and <metadata> (Dublin Core title, description, language,
// source). Throws std::runtime_error when there is no <svg> element.
std::string svg_with_metadata(std::string svg, const PrintMetadata&);

}  // namespace rxmap::styles
