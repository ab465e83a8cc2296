#pragma once
// Every limit and timeout of the HTTP server, with its default. Each is
// enforced in exactly one place, named in its comment.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace rxmap::server {

struct ServerOptions {
    // Listening socket (listener.cpp). port 0 = let the OS pick a free port;
    // HttpServer::start() returns the port actually bound.
    std::string address = "0.0.0.0";
    std::uint16_t port = 8080;

    // I/O threads (http_server.cpp), each running its own event loop (accept on the
    // first; read, write and memory-hit answers on all): a connection is handed to the
    // loops in turn when accepted and stays on its loop, as on one of nginx's workers.
    // Nothing on these threads may block.
    int io_threads = 2;
    // Threads of the worker pool that runs blocking service work, such as /info
    // and legends (http_server.cpp); tiles and prints never use it (they answer
    // asynchronously from the engine's and the print service's own threads).
    // 0 = std::thread::hardware_concurrency().
    int worker_threads = 0;
    // Jobs queued or running on the worker pool, server-wide (session.cpp).
    // Beyond it a request that needs the pool is answered 503 at once.
    std::size_t max_pending_jobs = 1024;

    // Request line + header fields, in bytes (session.cpp, via the Beast
    // parser's header_limit). Beyond it: 431 and close.
    std::size_t max_header_bytes = 8 * 1024;
    // Request target (path + query), in bytes (session.cpp). Beyond it: 414.
    std::size_t max_target_bytes = 2 * 1024;

    // Time to receive a whole request header, from the accept (first request)
    // or from its first byte (later requests) (session.cpp). A client that
    // trickles its header (slow loris) is dropped when it runs out.
    std::chrono::milliseconds read_timeout{10'000};
    // Time a keep-alive connection may sit idle between requests (session.cpp).
    std::chrono::milliseconds idle_timeout{30'000};
    // Time to write one whole response (session.cpp).
    std::chrono::milliseconds write_timeout{30'000};
    // After answering an error that closes the connection (400, 413, 431), how
    // long and how many bytes to keep reading and discarding so that the client
    // sees the response rather than a TCP reset (session.cpp).
    std::chrono::milliseconds linger_timeout{2'000};
    std::size_t linger_max_bytes = 64 * 1024;

    // Open client connections (listener.cpp). At the cap, the connection that has
    // waited longest for a request (idle keep-alive, or a header still arriving) is
    // closed to admit the new one; only when none is waiting does the new
    // connection get a canned 503 and close.
    std::size_t max_connections = 1024;
    // Open connections from one client address (listener.cpp), so that one client
    // cannot hold the server's connections: beyond it a canned 503 and close.
    // 0 = no limit. Connections from a trusted proxy are not counted.
    std::size_t max_client_connections = 64;
    // Peers allowed to name the client in X-Forwarded-For (session.cpp: the
    // client of per-client limits is then the last address in that field that is
    // not itself a trusted proxy), e.g. "127.0.0.1" for the nginx of deploy/.
    // Addresses separated by commas or spaces; "" = trust no one.
    std::string trusted_proxies;

    // Retry-After (seconds) sent with a 503 that the server itself decides
    // (too many connections, worker queue full) (session.cpp, listener.cpp).
    int retry_after_seconds = 1;
    // CORS (session.cpp, cors.h). "*" = any origin (Access-Control-Allow-Origin: *
    // on every response); "" = no CORS headers and OPTIONS is answered 405; else
    // a list of origins separated by commas or spaces ("https://a.jp,
    // http://localhost:5173"): a request whose Origin is listed gets it echoed
    // back, and every response carries Vary: Origin. OPTIONS preflights (Origin
    // + Access-Control-Request-Method) are answered 204 with the allowed methods
    // (GET, HEAD), the requested headers, and Access-Control-Max-Age.
    std::string cors_allow_origin = "*";
    int cors_max_age_seconds = 86400;

    // gzip (session.cpp, compression.h): 200 answers in JSON, XML or text of at
    // least gzip_min_bytes are compressed for clients that send
    // Accept-Encoding: gzip, and carry Vary: Accept-Encoding. PNGs never are.
    // Compression runs on the I/O thread; a body that services share (a cached
    // document such as the WMTS capabilities) is compressed once.
    bool gzip = true;
    std::size_t gzip_min_bytes = 256;
    int gzip_level = 6;

    // Base of the absolute URLs that TileJSON and WMTS documents contain, e.g.
    // "https://maps.example.jp/rxmap" (no trailing slash). Empty: "http://" + the
    // request's Host header (or the local address when it has none or an odd
    // one). Set it behind a reverse proxy or TLS terminator (session.cpp).
    std::string public_url;
    // Without public_url, the Host names whose requests may put their Host into absolute
    // URLs (request_fields.cpp); a request with another Host gets 400 from TileJSON and
    // WMTS, so that no Host header (`Host: attacker.example`) is echoed into a document
    // a shared cache may keep. Names separated by commas or spaces, compared without the
    // port and case; "" = localhost, 127.0.0.1, [::1] and the machine's host name.
    std::string allowed_hosts;
    // Client addresses that may read /metrics (metrics_service.cpp; 403 for others):
    // addresses, CIDR networks and "loopback" (address_list.h). Behind a trusted proxy
    // the client it names in X-Forwarded-For decides, not the proxy.
    std::string metrics_allow = "loopback";
    // Exports (/api/values) and prints (/static) are not limited here but by budgets of
    // their own, on threads of their own: ExportBudgetOptions (export_budget.h:
    // --export-threads, --max-exports, --max-client-exports; kept copies: export_cache.h,
    // --export-cache-mb) and PrintServiceOptions (print_service.h).
    // One line per request to stderr (access_log.cpp).
    bool access_log = true;
    // A drain (HttpServer::drain, on SIGINT/SIGTERM) waits this long at most for the answers
    // still to come; replace_services this long for requests on the old services.
    std::chrono::milliseconds drain_timeout{20'000};
};

}  // namespace rxmap::server
