#include "server/print_service.h"

#include <boost/program_options.hpp>

#include <charconv>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>

#include <malloc.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/json_error.h"
#include "server/layer_json.h"
#include "server/request_target.h"
#include "styles/print_map.h"

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
            char* end = nullptr;
            p.dpi = std::strtod(dpi->c_str(), &end);
            if (dpi->empty() || end != dpi->c_str() + dpi->size() || !std::isfinite(p.dpi))
                throw styles::PrintError("dpi must be a number, not '" + *dpi + "'");
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

void add_render_options(boost::program_options::options_description& o, RenderArgs& a) {
    namespace po = boost::program_options;
    o.add_options()
        ("layer", po::value(&a.layer), "layer variant, e.g. population/2020/municipality or migration/net/top30")
        ("pref", po::value(&a.pref), "a prefecture: code (20) or name (長野県)")
        ("bbox", po::value(&a.bbox), "lon/lat box: west,south,east,north")
        ("japan", po::bool_switch(&a.japan), "all of Japan, with an inset of the southwestern islands")
        ("size", po::value(&a.size), "page in pixels, WIDTHxHEIGHT (instead of --paper)")
        ("paper", po::value(&a.paper), "A4 or A3 (default A4)")
        ("orientation", po::value(&a.orientation), "portrait (default) or landscape")
        ("dpi", po::value(&a.dpi)->default_value(a.dpi), "resolution, 72..600")
        ("format", po::value(&a.format), "png, pdf or svg (default: from --out)")
        ("lang", po::value(&a.lang)->default_value(a.lang), "ja or en")
        ("out", po::value(&a.out), "output file");
}

int run_render(const RenderArgs& a, const std::function<std::shared_ptr<const catalog::LayerCatalog>()>& load_catalog) {
    auto fail = [](const std::string& why) {
        std::cerr << "rxmap render: " << why << '\n';
        return 2;
    };
    try {
        if (a.layer.empty()) return fail("--layer is required (see GET /layers for the variants)");
        if (a.out.empty()) return fail("--out is required");
        std::string format_name = a.format;
        if (format_name.empty()) {
            const size_t dot = a.out.rfind('.');
            if (dot == std::string::npos || a.out.find('/', dot) != std::string::npos)
                return fail("give --format, or an --out file ending in .png, .pdf or .svg");
            format_name = a.out.substr(dot);
        }
        const auto format = styles::parse_print_format(format_name);
        if (!format) return fail("format must be png, pdf or svg, not " + format_name);
        if (a.lang != "ja" && a.lang != "en") return fail("--lang must be ja or en");
        styles::PageRequest p;
        if (!a.size.empty()) {
            const auto [w, h] = styles::parse_page_size(a.size);
            p.width = w;
            p.height = h;
        }
        p.paper = a.paper;
        p.orientation = a.orientation;
        p.dpi = a.dpi;
        const styles::PageSpec page = styles::resolve_page(p, styles::PrintLimits{});
        if (a.japan + !a.pref.empty() + !a.bbox.empty() != 1) return fail("give exactly one of --pref, --bbox or --japan");

        const auto catalog = load_catalog();
        const auto variant = catalog->resolve(a.layer);
        if (!variant) return fail("no layer " + a.layer + " (see GET /layers for the variants)");
        const styles::PrintArea area = styles::parse_print_area(
            a.pref.empty() ? std::nullopt : std::optional<std::string>(a.pref),
            a.bbox.empty() ? std::nullopt : std::optional<std::string>(a.bbox), a.japan, catalog->atlas());
        const styles::PrintOutput out = styles::render_print(*variant, *catalog, area, page, *format, a.lang);
        std::ofstream file(a.out, std::ios::binary);
        file.write(out.bytes.data(), static_cast<std::streamsize>(out.bytes.size()));
        file.close();
        if (!file) {
            std::cerr << "rxmap render: cannot write " << a.out << '\n';
            return 1;
        }
        std::cerr << "rxmap render: wrote " << a.out << " (" << variant->key() << ", "
                  << (page.paper.empty() ? "" : page.paper + (page.landscape ? " landscape, " : " portrait, "))
                  << page.width << "x" << page.height << " px at " << page.dpi << " dpi, " << out.bytes.size()
                  << " bytes; scale bar " << out.layout.main.scale_bar.length_km << " km)\n";
        return 0;
    } catch (const styles::PrintError& e) {
        return fail(e.what());
    }
}

}  // namespace rxmap::server
