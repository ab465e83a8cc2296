#include "server/http/etag.h"

#include "common/fnv1a.h"

namespace rxmap::server {
namespace {

bool is_ows(char c) { return c == ' ' || c == '\t'; }

// The opaque-tag (quotes included) of an entity-tag, W/ stripped.
std::string_view opaque(std::string_view tag) {
    if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
    return tag;
}

}  // namespace

std::string strong_etag(std::string_view bytes) { return strong_etag_of_hash(common::fnv1a_64(bytes)); }

std::string strong_etag_of_hash(std::uint64_t hash) {
    std::string tag;
    tag.reserve(18);
    tag += '"';
    common::append_hex64(tag, hash);
    tag += '"';
    return tag;
}

bool if_none_match_matches(std::string_view field, std::string_view etag) {
    const std::string_view want = opaque(etag);
    if (want.size() < 2) return false;
    std::size_t i = 0;
    const std::size_t n = field.size();
    auto skip_separators = [&] {
        while (i < n && (is_ows(field[i]) || field[i] == ',')) ++i;
    };
    skip_separators();
    if (i < n && field[i] == '*') {
        std::size_t j = i + 1;
        while (j < n && is_ows(field[j])) ++j;
        return j == n;  // "*" alone
    }
    while (i < n) {
        const std::size_t start = i;
        if (n - i >= 2 && field[i] == 'W' && field[i + 1] == '/') i += 2;
        if (i >= n || field[i] != '"') return false;
        const std::size_t close = field.find('"', i + 1);
        if (close == std::string_view::npos) return false;
        if (opaque(field.substr(start, close + 1 - start)) == want) return true;
        i = close + 1;
        while (i < n && is_ows(field[i])) ++i;
        if (i < n && field[i] != ',') return false;
        skip_separators();
    }
    return false;
}

std::string etag_with_suffix(std::string_view etag, std::string_view suffix) {
    if (etag.size() < 2 || etag.back() != '"') return std::string(etag);
    std::string out(etag.substr(0, etag.size() - 1));
    out += '-';
    out += suffix;
    out += '"';
    return out;
}

}  // namespace rxmap::server
