// finalize_response (CORS, 304, gzip, Vary) and the response head as written on the
// wire, without sockets: what a browser or a cache sees of every answer.
#include "server/http/compression.h"
#include "server/http/etag.h"
#include "server/http/finalize_response.h"
#include "server/http/response_head.h"

#include <gtest/gtest.h>

using namespace rxmap::server;

namespace {

Response body_of(std::string content_type, std::string body) {
    Response r;
    r.content_type = std::move(content_type);
    r.body = std::make_shared<const std::string>(std::move(body));
    return r;
}

const std::string* field(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return &v;
    return nullptr;
}

}  // namespace

TEST(server_Finalize, PngGetsTheAnyOriginCorsFieldAndNoVaryNorGzip) {
    const CorsPolicy cors("*");
    Response png = body_of("image/png", std::string(4000, 'x'));
    png.set("ETag", strong_etag(*png.body));
    const FinalAnswer out = finalize_response(png, {"", "", true}, FinalizeSettings{cors});
    ASSERT_NE(field(out.response, "Access-Control-Allow-Origin"), nullptr);
    EXPECT_EQ(*field(out.response, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(field(out.response, "Vary"), nullptr);
    EXPECT_FALSE(out.gzipped);
    EXPECT_EQ(out.response.body, png.body);  // the same shared bytes, not a copy
}

TEST(server_Finalize, MatchingIfNoneMatchGives304KeepingValidatorsAndCors) {
    const CorsPolicy cors("*");
    Response png = body_of("image/png", "png bytes");
    const std::string tag = strong_etag(*png.body);
    png.set("ETag", tag).set("Cache-Control", "public, max-age=60").set("X-Other", "dropped");
    const FinalAnswer out = finalize_response(png, {"", "W/" + tag, false}, FinalizeSettings{cors});
    EXPECT_TRUE(out.not_modified);
    EXPECT_EQ(out.response.status, 304u);
    EXPECT_EQ(out.response.body, nullptr);
    EXPECT_EQ(*field(out.response, "ETag"), tag);
    EXPECT_EQ(*field(out.response, "Cache-Control"), "public, max-age=60");
    EXPECT_EQ(*field(out.response, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(field(out.response, "X-Other"), nullptr);

    const FinalAnswer other = finalize_response(png, {"", "\"0000000000000000\"", false}, FinalizeSettings{cors});
    EXPECT_EQ(other.response.status, 200u);
    EXPECT_FALSE(other.not_modified);
}

TEST(server_Finalize, JsonIsGzippedForClientsThatAcceptItWithItsOwnTagAndVary) {
    const CorsPolicy cors("https://a.example");
    const std::string json = "{\"values\":[" + std::string(2000, '1') + "]}";
    Response doc = body_of("application/json", json);
    doc.set("ETag", "\"abc\"").set("Vary", "Accept-Language");

    const FinalAnswer gz = finalize_response(doc, {"https://a.example", "", true}, FinalizeSettings{cors});
    EXPECT_TRUE(gz.gzipped);
    EXPECT_EQ(*field(gz.response, "Content-Encoding"), "gzip");
    EXPECT_EQ(gzip_decompress(*gz.response.body), json);
    EXPECT_EQ(*field(gz.response, "ETag"), "\"abc-gzip\"");
    EXPECT_EQ(*field(gz.response, "Access-Control-Allow-Origin"), "https://a.example");
    EXPECT_EQ(*field(gz.response, "Vary"), "Accept-Language, Origin, Accept-Encoding");

    // Not accepted, or a stranger's origin: identity, and still Vary: Accept-Encoding.
    const FinalAnswer plain = finalize_response(doc, {"https://b.example", "", false}, FinalizeSettings{cors});
    EXPECT_FALSE(plain.gzipped);
    EXPECT_EQ(*plain.response.body, json);
    EXPECT_EQ(*field(plain.response, "ETag"), "\"abc\"");
    EXPECT_EQ(field(plain.response, "Access-Control-Allow-Origin"), nullptr);
    EXPECT_EQ(*field(plain.response, "Vary"), "Accept-Language, Origin, Accept-Encoding");

    // The gzip tag is what a revalidation names: 304 then.
    const FinalAnswer again = finalize_response(doc, {"https://a.example", "\"abc-gzip\"", true}, FinalizeSettings{cors});
    EXPECT_EQ(again.response.status, 304u);
    EXPECT_FALSE(again.gzipped);
}

TEST(server_Finalize, SmallOrErrorAnswersAreNotGzipped) {
    const CorsPolicy cors("");
    const FinalAnswer small = finalize_response(body_of("application/json", "{}"), {"", "", true}, FinalizeSettings{cors});
    EXPECT_FALSE(small.gzipped);
    EXPECT_EQ(field(small.response, "Vary"), nullptr);
    EXPECT_EQ(field(small.response, "Access-Control-Allow-Origin"), nullptr);  // CORS off
    Response error = body_of("application/json", std::string(1000, ' '));
    error.status = 503;
    EXPECT_FALSE(finalize_response(error, {"", "", true}, FinalizeSettings{cors}).gzipped);
}

TEST(server_ResponseHead, StatusLineFieldsLengthAndConnection) {
    Response png = body_of("image/png", std::string(1234, 'p'));
    png.set("ETag", "\"t\"").set("X-Split", "a\r\nInjected: 1");
    std::string head;
    append_response_head(head, png, {11, true, "Thu, 03 Dec 2026 06:00:00 GMT"});
    EXPECT_EQ(head,
              "HTTP/1.1 200 OK\r\nServer: rxmap\r\nDate: Thu, 03 Dec 2026 06:00:00 GMT\r\n"
              "X-Content-Type-Options: nosniff\r\nContent-Type: image/png\r\nETag: \"t\"\r\nX-Split: a  Injected: 1\r\nContent-Length: 1234\r\n\r\n");

    Response not_modified;
    not_modified.status = 304;
    not_modified.set("ETag", "\"t\"").set("ETag", "\"u\"");  // the later one wins
    head.clear();
    append_response_head(head, not_modified, {11, false, "D"});
    EXPECT_EQ(head, "HTTP/1.1 304 Not Modified\r\nServer: rxmap\r\nDate: D\r\nX-Content-Type-Options: nosniff\r\nETag: \"u\"\r\nConnection: close\r\n\r\n");

    head.clear();
    append_response_head(head, Response{}, {10, true, "D"});
    EXPECT_EQ(head, "HTTP/1.0 200 OK\r\nServer: rxmap\r\nDate: D\r\nX-Content-Type-Options: nosniff\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n");
}

TEST(server_ResponseHead, HttpDateIsImfFixdate) {
    EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's example
    EXPECT_EQ(http_date_now().size(), 29u);
}
