#pragma once
// A blocking HTTP/1.1 client for the server tests: one request per
// connection (or several on one), with a deadline on every operation.
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace rxmap::test {

namespace http = boost::beast::http;
using Headers = std::vector<std::pair<std::string, std::string>>;
using HttpResponse = http::response<http::string_body>;

class HttpClient {
public:
    explicit HttpClient(std::uint16_t port, std::chrono::seconds timeout = std::chrono::seconds(120))
        : stream_(ioc_), timeout_(timeout) {
        stream_.expires_after(timeout_);
        stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    }

    // Throws boost::system::system_error on a transport error or timeout.
    HttpResponse request(std::string_view method, const std::string& target, const Headers& headers = {}) {
        const boost::beast::string_view m(method.data(), method.size());
        http::request<http::empty_body> req;
        req.version(11);
        req.target(target);
        req.method_string(m);
        req.set(http::field::host, "127.0.0.1");
        for (const auto& [k, v] : headers) req.set(k, v);
        stream_.expires_after(timeout_);
        http::write(stream_, req);
        http::response_parser<http::string_body> parser;
        parser.skip(method == "HEAD");
        parser.body_limit(64u << 20);
        http::read(stream_, buffer_, parser);
        return parser.release();
    }

    boost::beast::tcp_stream& stream() { return stream_; }

private:
    boost::asio::io_context ioc_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::chrono::seconds timeout_;
};

inline HttpResponse fetch(std::uint16_t port, const std::string& target, const Headers& headers = {},
                          std::string_view method = "GET") {
    HttpClient c(port);
    return c.request(method, target, headers);
}

inline std::string field(const HttpResponse& r, std::string_view name) {
    return std::string(r[boost::beast::string_view(name.data(), name.size())]);
}

}  // namespace rxmap::test
