#pragma once
// What the session takes from a request header beyond Beast's parse: a check the
// parser cannot make in time, and the Request a service sees.
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include "server/http/connection_table.h"
#include "server/http/server_options.h"
#include "server/http/service.h"

namespace rxmap::server {

// The peer's address ("-" when unknown), and the socket's own "address:port"
// ("localhost" when unknown).
std::string peer_address(const boost::asio::ip::tcp::socket& socket);
std::string local_authority(const boost::asio::ip::tcp::socket& socket);

// A line ended by LF alone in the request header (up to its blank line, or all of
// `bytes` while that has not arrived). HTTP/1.1 lines end with CRLF; the parser would
// wait for one that never comes, so the session refuses such a request at once.
bool has_bare_line_feed(std::string_view bytes);

// A Host field fit to put in a URL: host name or IP literal with optional port.
bool plausible_host(std::string_view host);

// True when the Host field's name (without port, any case) is in allowed_hosts
// (ServerOptions::allowed_hosts; "" = this machine's names, address_list.h).
bool host_allowed(std::string_view host, const std::string& allowed_hosts);

// The Request a service sees (Request::base_url, client: see service.h). `local` is
// the socket's own "address:port", the authority when Host is missing or odd.
Request make_request(const boost::beast::http::request<boost::beast::http::empty_body>& req, RequestTarget target,
                     const ServerOptions& options, const ConnectionTable& connections, const std::string& remote,
                     const std::string& local);

}  // namespace rxmap::server
