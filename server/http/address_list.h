#pragma once
// Lists from the command line that say who may do what: client addresses
// (--metrics-allow: "loopback, 10.0.0.0/8, 192.0.2.7") and Host names
// (--allowed-hosts: "maps.example.jp, localhost"). Items are separated by commas or
// spaces.
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

namespace rxmap::server {

// Client addresses: exact addresses, networks in CIDR notation, and the word
// "loopback" (127.0.0.0/8 and ::1). An IPv4 address mapped into IPv6 (::ffff:a.b.c.d)
// is matched as the IPv4 address. Throws std::invalid_argument for an item that is
// none of these.
class AddressList {
public:
    explicit AddressList(std::string_view text);
    bool contains(std::string_view address) const;

private:
    bool loopback_ = false;
    std::vector<boost::asio::ip::network_v4> v4_;
    std::vector<boost::asio::ip::network_v6> v6_;
};

// The items of a list separated by commas or spaces.
std::vector<std::string> split_items(std::string_view text);

// The host of a Host field without its port, lower-case: "Maps.Example.jp:8080" ->
// "maps.example.jp", "[::1]:80" -> "[::1]".
std::string host_without_port(std::string_view host);

// This machine's names for --allowed-hosts' default: localhost, 127.0.0.1, [::1] and
// its host name (gethostname), lower-case.
std::vector<std::string> default_allowed_hosts();

}  // namespace rxmap::server
