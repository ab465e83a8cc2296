// The viewer's files (server/static_service.h) through the HTTP server: ETags are
// strong_etag() of the bytes (etag.h), and the session answers 304 to a matching
// If-None-Match, for the plain and the gzip copy alike.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "server/http/etag.h"
#include "server/http/http_server.h"
#include "server/api/static_service.h"
#include "test_server_client.h"

namespace fs = std::filesystem;
using namespace rxmap::server;
using rxmap::test::fetch;
using rxmap::test::field;

namespace {

class StaticFiles : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("rxmap-static-" + std::to_string(::getpid()));
        fs::create_directories(root_ / "assets");
        std::ofstream(root_ / "index.html") << "<!doctype html><title>rxmap</title>";
        std::ofstream(root_ / "assets" / "viewer.js") << big_js_;
        ServerOptions opts;
        opts.address = "127.0.0.1";
        opts.port = 0;
        opts.io_threads = 1;
        opts.worker_threads = 1;
        opts.access_log = false;
        server_ = std::make_unique<HttpServer>(opts, std::vector<std::shared_ptr<Service>>{
                                                         std::make_shared<StaticService>(root_)});
        port_ = server_->start();
    }
    void TearDown() override {
        server_.reset();
        fs::remove_all(root_);
    }

    const std::string index_ = "<!doctype html><title>rxmap</title>";
    const std::string big_js_ = std::string(4000, 'x') + ";\n";  // above gzip_min_bytes
    fs::path root_;
    std::unique_ptr<HttpServer> server_;
    std::uint16_t port_ = 0;
};

TEST_F(StaticFiles, EtagIsTheStrongEtagOfTheBytes) {
    const auto res = fetch(port_, "/");
    ASSERT_EQ(res.result_int(), 200u);
    EXPECT_EQ(res.body(), index_);
    EXPECT_EQ(field(res, "ETag"), strong_etag(index_));
    EXPECT_EQ(field(res, "Cache-Control"), "no-cache");
}

TEST_F(StaticFiles, MatchingIfNoneMatchIs304) {
    const std::string tag = strong_etag(index_);
    for (const std::string& inm : {tag, "W/" + tag, "\"other\", " + tag, std::string("*")}) {
        const auto res = fetch(port_, "/", {{"If-None-Match", inm}});
        EXPECT_EQ(res.result_int(), 304u) << inm;
        EXPECT_TRUE(res.body().empty()) << inm;
        EXPECT_EQ(field(res, "ETag"), tag) << inm;
        EXPECT_EQ(field(res, "Cache-Control"), "no-cache") << inm;
    }
    EXPECT_EQ(fetch(port_, "/", {{"If-None-Match", "\"0000000000000000\""}}).result_int(), 200u);
}

TEST_F(StaticFiles, GzipCopyHasItsOwnTag) {
    const std::string tag = strong_etag(big_js_);
    const auto plain = fetch(port_, "/assets/viewer.js");
    ASSERT_EQ(plain.result_int(), 200u);
    EXPECT_EQ(field(plain, "ETag"), tag);
    const auto gz = fetch(port_, "/assets/viewer.js", {{"Accept-Encoding", "gzip"}});
    ASSERT_EQ(gz.result_int(), 200u);
    EXPECT_EQ(field(gz, "Content-Encoding"), "gzip");
    EXPECT_EQ(field(gz, "ETag"), etag_with_suffix(tag, "gzip"));
    EXPECT_EQ(fetch(port_, "/assets/viewer.js", {{"Accept-Encoding", "gzip"}, {"If-None-Match", field(gz, "ETag")}})
                  .result_int(),
              304u);
    // The plain tag does not validate the gzip copy (RFC 9110: strong tags differ by coding).
    EXPECT_EQ(fetch(port_, "/assets/viewer.js", {{"Accept-Encoding", "gzip"}, {"If-None-Match", tag}}).result_int(),
              200u);
}

}  // namespace
