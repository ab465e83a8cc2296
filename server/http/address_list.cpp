#include "server/http/address_list.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace rxmap::server {

namespace ip = boost::asio::ip;

std::vector<std::string> split_items(std::string_view text) {
    std::vector<std::string> out;
    std::string item;
    for (char c : std::string(text) + ",") {
        if (c == ',' || c == ' ' || c == '\t') {
            if (!item.empty()) out.push_back(std::move(item));
            item.clear();
        } else {
            item += c;
        }
    }
    return out;
}

AddressList::AddressList(std::string_view text) {
    for (const std::string& item : split_items(text)) {
        if (item == "loopback") {
            loopback_ = true;
            continue;
        }
        try {
            if (item.find('/') != std::string::npos) {
                if (item.find(':') != std::string::npos) v6_.push_back(ip::make_network_v6(item).canonical());
                else v4_.push_back(ip::make_network_v4(item).canonical());
            } else {
                const ip::address a = ip::make_address(item);
                if (a.is_v4()) v4_.emplace_back(a.to_v4(), 32);
                else v6_.emplace_back(a.to_v6(), 128);
            }
        } catch (const std::exception&) {
            throw std::invalid_argument("'" + item + "' is not an address, a network (10.0.0.0/8) or 'loopback'");
        }
    }
}

bool AddressList::contains(std::string_view text) const {
    boost::system::error_code ec;
    ip::address a = ip::make_address(std::string(text), ec);
    if (ec) return false;
    if (a.is_v6() && a.to_v6().is_v4_mapped()) a = ip::make_address_v4(ip::v4_mapped, a.to_v6());
    if (loopback_ && a.is_loopback()) return true;
    if (a.is_v4()) {
        const ip::address_v4 v4 = a.to_v4();
        return std::any_of(v4_.begin(), v4_.end(), [&](const ip::network_v4& n) {
            return ip::network_v4(v4, n.prefix_length()).canonical() == n;
        });
    }
    const ip::address_v6 v6 = a.to_v6();
    return std::any_of(v6_.begin(), v6_.end(), [&](const ip::network_v6& n) {
        return ip::network_v6(v6, n.prefix_length()).canonical() == n;
    });
}

std::string host_without_port(std::string_view host) {
    std::string_view h = host;
    if (!h.empty() && h.front() == '[') {
        const auto close = h.find(']');
        h = close == std::string_view::npos ? h : h.substr(0, close + 1);
    } else if (const auto colon = h.rfind(':'); colon != std::string_view::npos && h.find(':') == colon) {
        h = h.substr(0, colon);
    }
    std::string out(h);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!out.empty() && out.back() == '.') out.pop_back();  // "localhost." is localhost
    return out;
}

std::vector<std::string> default_allowed_hosts() {
    std::vector<std::string> hosts{"localhost", "127.0.0.1", "[::1]"};
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) == 0 && name[0]) hosts.push_back(host_without_port(name));
    return hosts;
}

}  // namespace rxmap::server
