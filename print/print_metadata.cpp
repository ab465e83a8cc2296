#include "print/print_metadata.h"

#include <cairo-pdf.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include "common/xml_escape.h"

namespace rxmap::styles {

namespace {

std::string joined(const std::vector<std::string>& lines, const std::string& separator) {
    std::string out;
    for (const std::string& line : lines) out += (out.empty() ? "" : separator) + line;
    return out;
}

// A PDF literal string holding ASCII only ("ja", "en"): parentheses and backslashes escaped.
std::string pdf_literal(const std::string& text) {
    std::string out = "(";
    for (char c : text) {
        if (c == '(' || c == ')' || c == '\\') out += '\\';
        out += c;
    }
    return out + ")";
}

std::uint32_t crc32(const unsigned char* p, size_t n) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; ++i) c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

void put_be32(std::string& s, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) s += static_cast<char>((v >> shift) & 0xff);
}

}  // namespace

void add_png_dpi(std::string& png, double dpi) {
    constexpr size_t kAfterIhdr = 8 + 4 + 4 + 13 + 4;
    if (png.size() < kAfterIhdr || png.compare(12, 4, "IHDR") != 0) return;
    const auto ppm = static_cast<std::uint32_t>(std::lround(dpi / 0.0254));
    std::string chunk;
    put_be32(chunk, 9);
    std::string body = "pHYs";
    put_be32(body, ppm);
    put_be32(body, ppm);
    body += '\1';  // unit: metre
    chunk += body;
    put_be32(chunk, crc32(reinterpret_cast<const unsigned char*>(body.data()), body.size()));
    png.insert(kAfterIhdr, chunk);
}

PrintMetadata print_metadata(const std::string& variant_key, const PrintTexts& t) {
    PrintMetadata m;
    m.title = t.title;
    m.subject = t.subtitle.empty() ? t.title : t.title + (t.english ? ": " : "：") + t.subtitle;
    m.language = t.english ? "en" : "ja";
    m.keywords = variant_key + ", " + m.language;
    m.credits = t.credits;
    return m;
}

void set_pdf_metadata(cairo_surface_t* pdf, const PrintMetadata& m) {
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, m.title.c_str());
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_SUBJECT, m.subject.c_str());
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_KEYWORDS, m.keywords.c_str());
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_AUTHOR, joined(m.credits, " / ").c_str());
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "rxmap");
}

std::string pdf_with_language(std::string pdf, const std::string& language) {
    // Cairo writes one uncompressed catalogue ("/Type /Catalog") and a classic xref table at the end.
    const size_t catalog = pdf.find("/Type /Catalog");
    const size_t xref = pdf.rfind("\nxref\n");
    const size_t startxref = pdf.rfind("startxref\n");
    if (catalog == std::string::npos || xref == std::string::npos || startxref == std::string::npos || catalog > xref)
        throw std::runtime_error("pdf: no catalogue or cross-reference table to add /Lang to");
    const std::string insert = "\n   /Lang " + pdf_literal(language);
    const size_t at = catalog + std::string("/Type /Catalog").size();
    pdf.insert(at, insert);
    const size_t shift = insert.size();

    // Entries "oooooooooo ggggg n \n" (20 bytes) after "xref\n<first> <count>\n" subsections.
    size_t pos = xref + shift + 6;
    while (true) {
        unsigned first = 0, count = 0;
        int consumed = 0;
        if (std::sscanf(pdf.c_str() + pos, "%u %u%n", &first, &count, &consumed) != 2) break;
        pos = pdf.find('\n', pos) + 1;
        for (unsigned i = 0; i < count; ++i, pos += 20) {
            if (pos + 20 > pdf.size() || pdf[pos + 17] != 'n') continue;  // free entries keep their offsets
            const unsigned long offset = std::stoul(pdf.substr(pos, 10));
            if (offset <= at) continue;
            char entry[11];
            std::snprintf(entry, sizeof entry, "%010lu", offset + shift);
            pdf.replace(pos, 10, entry);
        }
        if (pdf.compare(pos, 7, "trailer") == 0) break;
    }
    const size_t number = startxref + shift + std::string("startxref\n").size();
    const size_t end = pdf.find('\n', number);
    pdf.replace(number, end - number, std::to_string(xref + 1 + shift));
    return pdf;
}

std::string svg_with_metadata(std::string svg, const PrintMetadata& m) {
    const size_t open = svg.find("<svg");
    const size_t close = open == std::string::npos ? open : svg.find('>', open);
    if (close == std::string::npos) throw std::runtime_error("svg: no <svg> element to describe");
    const std::string lang = common::xml_escape(m.language);
    const std::string description = joined({m.subject, joined(m.credits, " / ")}, "\n");
    const std::string head =
        "\n<title>" + common::xml_escape(m.title) + "</title>\n<desc>" + common::xml_escape(description) +
        "</desc>\n<metadata><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><rdf:Description><dc:title>" +
        common::xml_escape(m.title) + "</dc:title><dc:description>" + common::xml_escape(m.subject) + "</dc:description><dc:subject>" +
        common::xml_escape(m.keywords) + "</dc:subject><dc:language>" + lang + "</dc:language><dc:source>" +
        common::xml_escape(joined(m.credits, " / ")) + "</dc:source><dc:creator>rxmap</dc:creator></rdf:Description></rdf:RDF></metadata>";
    svg.insert(close + 1, head);
    svg.insert(close, " xml:lang=\"" + lang + "\" lang=\"" + lang + "\"");
    return svg;
}

}  // namespace rxmap::styles
