#include "styles/text_wrap.h"

#include <cairo.h>

#include <string_view>

namespace rxmap::styles {

namespace {

// Code points of UTF-8 text as byte ranges; malformed bytes count as single characters.
struct Char {
    size_t pos, len;
    char32_t cp;
};

std::vector<Char> utf8_chars(std::string_view s) {
    std::vector<Char> out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
        if (i + len > s.size()) len = 1;
        char32_t cp = len == 1 ? c : c & (0x7f >> len);
        for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
        out.push_back({i, len, cp});
        i += len;
    }
    return out;
}

// Scripts written without spaces: a line may break before any of their characters.
bool breaks_anywhere(char32_t cp) {
    return (cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x20000 && cp <= 0x3ffff);
}

// Simple kinsoku: these never start a line...
bool no_line_start(char32_t cp) {
    static const std::u32string chars =
        U"、。，．・：；？！ー）］｝」』】〕〉》〙〗’”ゝゞヽヾ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ…‥％"
        U",.;:!?)]}%";
    return chars.find(cp) != std::u32string::npos;
}
// ...and these never end one.
bool no_line_end(char32_t cp) {
    static const std::u32string chars = U"（［｛「『【〔〈《〘〖‘“";
    return chars.find(cp) != std::u32string::npos;
}

// Units the wrapper never splits (unless one alone is wider than a line): a space, one CJK character
// (with attached kinsoku punctuation), or a run of other non-space characters (a word).
std::vector<std::string> wrap_tokens(std::string_view text) {
    std::vector<std::string> tokens;
    bool last_is_word = false, glue_next = false;
    for (const Char& c : utf8_chars(text)) {
        const std::string_view bytes = text.substr(c.pos, c.len);
        if (c.cp == ' ' || c.cp == '\t' || c.cp == 0x3000) {
            tokens.emplace_back(" ");
            last_is_word = glue_next = false;
            continue;
        }
        const bool cjk = breaks_anywhere(c.cp);
        const bool attach = !tokens.empty() && tokens.back() != " " &&
                            (glue_next || no_line_start(c.cp) || (!cjk && last_is_word));
        if (attach)
            tokens.back() += bytes;
        else
            tokens.emplace_back(bytes);
        glue_next = no_line_end(c.cp);
        last_is_word = !cjk;
    }
    return tokens;
}

double text_width(cairo_t* cr, const std::string& s) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, s.c_str(), &e);
    return e.x_advance;
}

}  // namespace

std::vector<std::string> wrap_text(cairo_t* cr, const std::string& text, double max_width) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (true) {
        const size_t nl = text.find('\n', start);
        const std::string paragraph = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        std::string line;
        bool pending_space = false;
        auto flush = [&] {
            if (!line.empty()) lines.push_back(line);
            line.clear();
            pending_space = false;
        };
        for (const std::string& token : wrap_tokens(paragraph)) {
            if (token == " ") {
                pending_space = !line.empty();
                continue;
            }
            const std::string candidate = line + (pending_space ? " " : "") + token;
            if (text_width(cr, candidate) <= max_width) {
                line = candidate;
                pending_space = false;
                continue;
            }
            flush();
            if (text_width(cr, token) <= max_width) {
                line = token;
                continue;
            }
            for (const Char& c : utf8_chars(token)) {  // a word wider than the line: break it anywhere
                const std::string ch = token.substr(c.pos, c.len);
                if (!line.empty() && text_width(cr, line + ch) > max_width) flush();
                line += ch;
            }
        }
        flush();
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    return lines;
}

}  // namespace rxmap::styles
