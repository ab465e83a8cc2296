#include "server/api/static_service.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>

#include "server/http/etag.h"
#include "server/http/json_error.h"

namespace rxmap::server {

namespace fs = std::filesystem;

namespace {

bool is_inside(const fs::path& root, const fs::path& p) {
    auto r = root.begin(), q = p.begin();
    for (; r != root.end(); ++r, ++q)
        if (q == p.end() || *r != *q) return false;
    return true;
}

Response not_found(std::string_view path) {
    return json_error(404, "not_found", "no file or endpoint for " + std::string(path));
}

}  // namespace

StaticService::StaticService(fs::path web_root, StaticServiceOptions options)
    : root_(fs::absolute(web_root)), options_(options) {
    std::error_code ec;
    if (!fs::is_directory(root_, ec))
        std::fprintf(stderr, "static: web root %s not found: the viewer is not served until it is built (cd web && npm ci && npm run build)\n",
                     root_.string().c_str());
}

std::optional<std::string> StaticService::file_for(const std::vector<std::string>& segments) {
    if (segments.empty()) return std::string("index.html");
    if (segments.size() == 1 && segments[0] == "embed") return std::string("embed.html");
    if (segments.size() == 1 && segments[0] == "vector") return std::string("vector.html");  // MapLibre view
    std::string out;
    for (const std::string& s : segments) {
        if (s.empty() || s.front() == '.') return std::nullopt;  // "", ".", "..", hidden files
        if (s.find_first_of(std::string_view("/\\\0:", 4)) != std::string::npos) return std::nullopt;
        if (!out.empty()) out += '/';
        out += s;
    }
    return out;
}

std::string_view StaticService::content_type_for(std::string_view file_name) {
    const std::size_t dot = file_name.rfind('.');
    const std::string_view ext = dot == std::string_view::npos ? std::string_view() : file_name.substr(dot + 1);
    struct Type {
        std::string_view ext, type;
    };
    static constexpr Type kTypes[] = {
        {"html", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"webmanifest", "application/manifest+json"},
        {"txt", "text/plain; charset=utf-8"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"ico", "image/x-icon"},
        {"woff", "font/woff"},
        {"woff2", "font/woff2"},
        {"ttf", "font/ttf"},
        {"otf", "font/otf"},
    };
    for (const Type& t : kTypes)
        if (t.ext == ext) return t.type;
    return "application/octet-stream";
}

std::optional<StaticService::Entry> StaticService::load(const std::string& relative) {
    std::error_code ec;
    // Resolved per request: the web root may be built (or rebuilt) while the server runs.
    const fs::path root = fs::canonical(root_, ec);
    if (ec) return std::nullopt;
    // Follow symlinks, then insist that the file is still below the web root.
    const fs::path file = fs::canonical(root / fs::path(relative), ec);
    if (ec || !is_inside(root, file) || file == root) return std::nullopt;
    const fs::file_status st = fs::status(file, ec);
    if (ec || !fs::is_regular_file(st)) return std::nullopt;
    const std::uintmax_t size = fs::file_size(file, ec);
    if (ec) return std::nullopt;
    const fs::file_time_type mtime = fs::last_write_time(file, ec);
    if (ec) return std::nullopt;
    if (size > options_.max_file_bytes) {
        std::fprintf(stderr, "static: %s is larger than %ju bytes: not served\n", relative.c_str(),
                     options_.max_file_bytes);
        return std::nullopt;
    }

    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = cache_.find(relative);
        if (it != cache_.end() && it->second.size == size && it->second.mtime == mtime) return it->second;
    }
    // Small files from the page cache: read here rather than on the worker pool,
    // which may be busy rendering tiles.
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return std::nullopt;
    Entry e;
    e.mtime = mtime;
    e.size = body.size();
    e.etag = strong_etag(body);
    e.body = std::make_shared<const std::string>(std::move(body));
    std::lock_guard<std::mutex> lock(mutex_);
    if (cache_.size() >= 512) cache_.clear();  // rebuilds leave old hashed names behind
    cache_[relative] = e;
    return e;
}

Reply StaticService::handle(const Request& request) {
    const std::optional<std::string> relative = file_for(request.target.segments);
    if (!relative) return not_found(request.target.path);
    const std::optional<Entry> entry = load(*relative);
    if (!entry) return not_found(request.target.path);

    const bool immutable = relative->rfind("assets/", 0) == 0;
    const std::string cache_control =
        immutable ? "public, max-age=" + std::to_string(options_.immutable_max_age_seconds) + ", immutable"
                  : std::string("no-cache");
    // The session answers 304 to a matching If-None-Match (and tags the gzip copy apart).
    Response r;
    r.status = 200;
    r.content_type = std::string(content_type_for(*relative));
    r.body = entry->body;
    r.set("ETag", entry->etag);
    r.set("Cache-Control", cache_control);
    r.set("X-Content-Type-Options", "nosniff");
    return r;
}

}  // namespace rxmap::server
