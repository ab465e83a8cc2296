#include "server/http/request_fields.h"

#include <algorithm>

#include "server/http/address_list.h"

namespace rxmap::server {

namespace {
std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }
}  // namespace

std::string peer_address(const boost::asio::ip::tcp::socket& socket) {
    boost::system::error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    return ec ? std::string("-") : ep.address().to_string();
}

std::string local_authority(const boost::asio::ip::tcp::socket& socket) {
    boost::system::error_code ec;
    const auto ep = socket.local_endpoint(ec);
    if (ec) return "localhost";
    const std::string host = ep.address().is_v6() ? "[" + ep.address().to_string() + "]" : ep.address().to_string();
    return host + ":" + std::to_string(ep.port());
}

bool has_bare_line_feed(std::string_view bytes) {
    const std::size_t end = bytes.find("\r\n\r\n");
    const std::string_view header = bytes.substr(0, end == std::string_view::npos ? bytes.size() : end);
    for (std::size_t i = header.find('\n'); i != std::string_view::npos; i = header.find('\n', i + 1))
        if (i == 0 || header[i - 1] != '\r') return true;
    return false;
}

bool plausible_host(std::string_view host) {
    if (host.empty() || host.size() > 262) return false;
    for (char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
        if (!ok) return false;
    }
    return true;
}

bool host_allowed(std::string_view host, const std::string& allowed_hosts) {
    static const std::vector<std::string> machine = default_allowed_hosts();
    const std::string name = host_without_port(host);
    if (allowed_hosts.empty()) return std::find(machine.begin(), machine.end(), name) != machine.end();
    for (const std::string& allowed : split_items(allowed_hosts))
        if (host_without_port(allowed) == name) return true;
    return false;
}

Request make_request(const boost::beast::http::request<boost::beast::http::empty_body>& req, RequestTarget target,
                     const ServerOptions& options, const ConnectionTable& connections, const std::string& remote,
                     const std::string& local) {
    namespace http = boost::beast::http;
    Request request;
    request.method = std::string(req.method_string());
    request.raw_target = std::string(req.target());
    request.target = std::move(target);
    if (!options.public_url.empty()) {
        std::string_view base = options.public_url;
        while (!base.empty() && base.back() == '/') base.remove_suffix(1);
        request.base_url = std::string(base);
    } else {
        const std::string_view host = sv(req[http::field::host]);
        if (host.empty() || !plausible_host(host)) request.base_url = "http://" + local;
        else if (host_allowed(host, options.allowed_hosts)) request.base_url = "http://" + std::string(host);
        // else: none, and answers that need one say 400 (see Request::base_url)
    }
    for (const auto& field : req)
        request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request.client = client_address(connections, remote, sv(req["X-Forwarded-For"]));
    return request;
}

}  // namespace rxmap::server
