#include "server/api/print_service.h"

#include <charconv>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <optional>

#include <malloc.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "common/decimal_number.h"
#include "server/http/json_error.h"
#include "server/api/layer_json.h"
#include "server/http/request_target.h"
#include "print/print_map.h"

namespace rxmap::server {

namespace {

std::optional<int> int_param(const Request& r, const char* key) {
    const auto v = r.target.query_value(key);
    if (!v) return std::nullopt;
    long long n = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec == std::errc::result_out_of_range) return std::numeric_limits<int>::max();  // refused by the limits
    if (ec != std::errc() || end != v->data() + v->size() || v->empty())
        throw styles::PrintError(std::string(key) + " must be a whole number of pixels, not '" + *v + "'");
    if (n > std::numeric_limits<int>::max()) return std::numeric_limits<int>::max();
    if (n < 1) throw styles::PrintError(std::string(key) + " must be positive");
    return static_cast<int>(n);
}

bool flag_param(const Request& r, const char* key) {
    const auto v = r.target.query_value(key);
    if (!v) return false;
    if (v->empty() || *v == "1" || *v == "true" || *v == "yes") return true;
    if (*v == "0" || *v == "false" || *v == "no") return false;
    throw styles::PrintError(std::string(key) + " must be 1 or 0");
}

// RFC 6266: an ASCII fallback and the UTF-8 name (Japanese layer ids).
std::string content_disposition(const std::string& name) {
    std::string ascii;
    for (unsigned char c : name) ascii += (c < 0x80 && c != '"' && c != '\\') ? static_cast<char>(c) : '_';
    return "inline; filename=\"" + ascii + "\"; filename*=UTF-8''" + percent_encode_path(name);
}

}  // namespace

struct PrintService::InFlight {
    std::mutex mutex;
    int prints = 0;
    std::int64_t pixels = 0;
};

// Gives back an admitted print's share when its job is gone (answered or dropped).
struct PrintService::Slot {
    Slot(std::shared_ptr<InFlight> in_flight, std::int64_t page_pixels)
        : shared(std::move(in_flight)), pixels(page_pixels) {}
    Slot(const Slot&) = delete;
    ~Slot() {
        std::lock_guard lock(shared->mutex);
        --shared->prints;
        shared->pixels -= pixels;
    }
    std::shared_ptr<InFlight> shared;
    const std::int64_t pixels;
};

PrintService::PrintService(std::shared_ptr<const catalog::LayerCatalog> catalog, PrintServiceOptions options)
    : catalog_(std::move(catalog)),
      options_(options),
      in_flight_(std::make_shared<InFlight>()),
      pool_(std::make_unique<boost::asio::thread_pool>(static_cast<std::size_t>(std::max(1, options_.threads)))) {}

PrintService::~PrintService() { pool_->join(); }

Reply PrintService::handle(const Request& request) {
    const std::string& path = request.target.path;
    const size_t dot = path.rfind('.');
    const auto format = dot == std::string::npos || dot < path.rfind('/') ? std::nullopt
                                                                          : styles::parse_print_format(path.substr(dot));
    if (!format) return json_error(404, "not_found", "no print at " + path + " (use .png, .pdf or .svg)");
    const auto variant = variant_from_path(*catalog_, path, "/static/", path.substr(dot));
    if (!variant) return json_error(404, "unknown_layer", "no layer at " + path + " (see /layers)");

    styles::PageSpec page;
    styles::PrintArea area;
    std::string lang;
    try {
        styles::PageRequest p;
        p.width = int_param(request, "width");
        p.height = int_param(request, "height");
        p.paper = request.target.query_value("paper").value_or("");
        p.orientation = request.target.query_value("orientation").value_or("");
        if (const auto dpi = request.target.query_value("dpi")) {
            const auto n = common::decimal_number(*dpi);
            if (!n) throw styles::PrintError("dpi must be a decimal number, not '" + *dpi + "'");
            p.dpi = *n;
        }
        page = styles::resolve_page(p, options_.limits);
        auto pref = request.target.query_value("pref");
        auto bbox = request.target.query_value("bbox");
        bool japan = flag_param(request, "japan");
        if (!pref && !bbox && !request.target.query_value("japan")) japan = true;
        area = styles::parse_print_area(pref, bbox, japan, catalog_->atlas());
        lang = request.target.query_value("lang").value_or("ja");
        if (lang != "ja" && lang != "en") throw styles::PrintError("lang must be ja or en");
    } catch (const styles::PrintError& e) {
        return json_error(400, "bad_parameter", e.what());
    }

    // Limits: prints and pixels in flight (PrintServiceOptions), checked at once.
    const std::int64_t pixels = static_cast<std::int64_t>(page.width) * page.height;
    {
        std::lock_guard lock(in_flight_->mutex);
        const bool room = in_flight_->prints == 0 || (in_flight_->prints < options_.max_concurrent &&
                                                      in_flight_->pixels + pixels <= options_.max_pixels_in_flight);
        if (!room) {
            Response busy = json_error(503, "busy", "too many prints at once; retry shortly");
            busy.set("Retry-After", std::to_string(options_.retry_after_seconds));
            return busy;
        }
        ++in_flight_->prints;
        in_flight_->pixels += pixels;
    }
    auto slot = std::make_shared<Slot>(in_flight_, pixels);
    auto catalog = catalog_;
    const catalog::Variant v = *variant;
    const styles::PrintFormat f = *format;
    const int max_age = options_.max_age_seconds;
    auto* pool = pool_.get();
    return Reply::async([=](Reply::Respond respond) {
        boost::asio::post(*pool, [=, respond = std::move(respond)] {
            // Per thread on Linux: the tile path gets the cores first.
            setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
            Response r;
            try {
                styles::PrintOutput out = styles::render_print(v, *catalog, area, page, f, lang);
                r.content_type = styles::print_content_type(f);
                r.body = std::make_shared<const std::string>(std::move(out.bytes));
                r.set("Cache-Control", "public, max-age=" + std::to_string(max_age));
                r.set("Content-Disposition", content_disposition(styles::print_file_name(v, area, f)));
            } catch (const styles::PrintError& e) {
                r = json_error(400, "bad_parameter", e.what());
            } catch (const std::exception& e) {
                std::fprintf(stderr, "print: %s failed: %s\n", v.key().c_str(), e.what());
                r = json_error(500, "print_failed", "the map could not be printed");
            }
            // A big page's buffers are freed now: give the pages back to the system, so
            // that the resident size returns to the tile cache's plus a small overhead.
            malloc_trim(0);
            respond(std::move(r));
            (void)slot;  // released with this job, after the answer is handed over
        });
    });
}

}  // namespace rxmap::server
