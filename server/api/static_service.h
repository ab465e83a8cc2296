#pragma once
// GET|HEAD of the map viewer's files, built by web/ (npm run build) into a web
// root (default web/dist):
//
//   /              -> index.html   the viewer
//   /embed         -> embed.html   the map with legend and credits only (iframes)
//   /<file>        -> that file below the web root, e.g. /assets/viewer-3F2A.js
//
// Route "/" (a prefix route): every path that no other service claims comes
// here, so unknown paths get this service's 404 JSON. Only regular files below
// the web root are served: decoded segments that are empty, "." or "..", hold
// '/', '\\' or NUL, or start with '.' (hidden files) are refused, and the
// resolved path (symlinks followed) must still lie inside the web root.
//
// Responses carry Content-Type by extension, an ETag (strong_etag() of the bytes,
// etag.h; the session answers 304 to a matching If-None-Match) and
// Cache-Control: "public, max-age=31536000, immutable" under /assets/ (file
// names there carry a content hash), "no-cache" elsewhere (the browser
// revalidates). Files are kept in memory and
// re-read when their size or modification time changes.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/http/service.h"

namespace rxmap::server {

struct StaticServiceOptions {
    // Larger files are not served (413 would be wrong: the client asked for
    // nothing big; they answer 404 and are logged). The viewer's bundle is ~200 KiB.
    std::uintmax_t max_file_bytes = 16u * 1024u * 1024u;
    int immutable_max_age_seconds = 31536000;  // for /assets/
};

class StaticService : public Service {
public:
    explicit StaticService(std::filesystem::path web_root, StaticServiceOptions options = {});
    std::string_view name() const override { return "static"; }
    Route route() const override { return Route{"/"}; }
    Reply handle(const Request& request) override;

    // The relative file path a request path maps to ("index.html" for "/"),
    // or nullopt when the path is refused (see above). Exposed for tests.
    static std::optional<std::string> file_for(const std::vector<std::string>& segments);
    // Content-Type for a file name, by extension.
    static std::string_view content_type_for(std::string_view file_name);

    const std::filesystem::path& web_root() const { return root_; }

private:
    struct Entry {
        std::filesystem::file_time_type mtime;
        std::uintmax_t size = 0;
        std::shared_ptr<const std::string> body;
        std::string etag;
    };
    std::optional<Entry> load(const std::string& relative);

    std::filesystem::path root_;  // absolute; resolved (symlinks) on each request
    StaticServiceOptions options_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> cache_;
};

}  // namespace rxmap::server
