#include "server/http/finalize_response.h"
#include "server/http/ascii_case.h"

#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include "server/http/compression.h"
#include "server/http/etag.h"

namespace rxmap::server {

namespace {

// The value of a response field the service set, or null.
std::string* find_header(Response& r, std::string_view name) {
    for (auto& [k, v] : r.headers)
        if (iequals(k, name)) return &v;
    return nullptr;
}

// Fields a 304 keeps (RFC 9110 15.4.5), besides the CORS ones.
bool kept_in_304(std::string_view name) {
    for (std::string_view keep : {"ETag", "Cache-Control", "Expires", "Vary", "Content-Location", "Last-Modified"})
        if (iequals(name, keep)) return true;
    return name.rfind("Access-Control-", 0) == 0;
}

// Bodies at least this big are remembered gzipped (by body) for the next
// request: services that cache a document share one body between requests.
constexpr std::size_t kGzipMemoMinBytes = 16 * 1024;

std::shared_ptr<const std::string> gzipped(const std::shared_ptr<const std::string>& body, const FinalizeSettings& s) {
    if (s.gzip_memo)
        if (auto hit = s.gzip_memo->find(body)) return *hit;
    try {
        auto gz = std::make_shared<const std::string>(gzip_compress(*body, s.gzip_level));
        if (s.gzip_memo && body->size() >= kGzipMemoMinBytes) s.gzip_memo->insert(body, gz);
        return gz;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "server: gzip failed, sending identity: %s\n", e.what());
        return nullptr;
    }
}

}  // namespace

FinalAnswer finalize_response(Response response, const AnswerPreferences& request, const FinalizeSettings& s) {
    FinalAnswer out;
    std::vector<std::string> vary;
    for (auto it = response.headers.begin(); it != response.headers.end();) {
        if (iequals(it->first, "Vary")) {
            vary.push_back(std::move(it->second));
            it = response.headers.erase(it);
        } else {
            ++it;
        }
    }

    if (s.cors.enabled()) {
        std::string allow = s.cors.allow_origin(request.origin);
        if (!allow.empty()) response.set("Access-Control-Allow-Origin", std::move(allow));
        if (s.cors.varies_by_origin()) vary.emplace_back("Origin");
    }

    const bool compressible_answer = s.gzip && response.status == 200 && response.body &&
                                     response.body->size() >= s.gzip_min_bytes &&
                                     compressible(response.content_type) && !find_header(response, "Content-Encoding");
    bool use_gzip = compressible_answer && request.accepts_gzip;
    if (compressible_answer) vary.emplace_back("Accept-Encoding");

    // Conditional GET: the tag of the representation actually sent (gzip has its own).
    if (std::string* etag = find_header(response, "ETag"); etag && response.status == 200) {
        if (use_gzip) *etag = etag_with_suffix(*etag, "gzip");
        if (!request.if_none_match.empty() && if_none_match_matches(request.if_none_match, *etag)) {
            Response not_modified;
            not_modified.status = 304;
            for (auto& h : response.headers)
                if (kept_in_304(h.first)) not_modified.headers.push_back(std::move(h));
            response = std::move(not_modified);
            out.not_modified = true;
            use_gzip = false;
        }
    }

    if (use_gzip)
        if (auto gz = gzipped(response.body, s)) {
            response.body = std::move(gz);
            response.set("Content-Encoding", "gzip");
            out.gzipped = true;
        }

    if (!vary.empty()) {
        std::string joined;
        for (const auto& v : vary) {
            if (v.empty() || joined.find(v) != std::string::npos) continue;
            if (!joined.empty()) joined += ", ";
            joined += v;
        }
        response.set("Vary", joined);
    }
    out.response = std::move(response);
    return out;
}

}  // namespace rxmap::server
