#pragma once
// GET /static/{layer…}.{png|pdf|svg}: a printed map (title, legend, scale bar, north
// arrow, credits) of any layer variant, as print/print_map.h draws it.
//
//   ?pref=20 | ?bbox=west,south,east,north | ?japan=1   what to show (default: japan)
//   ?paper=A4|A3&orientation=portrait|landscape          page (default: A4 portrait)
//   ?width=2480&height=3508                               or the page in pixels
//   ?dpi=300                                              72..300 here (the CLI allows 600)
//   ?lang=ja|en
//
// Answers 404 for an unknown layer, 400 (JSON) for a parameter out of its limits
// (dpi, more than 10,000 px per side or 40 million pixels, paper other than A4/A3,
// unknown prefecture, bad bbox) and 503 + Retry-After when the prints queued or
// rendering would pass max_concurrent or max_pixels_in_flight, so that no burst of
// requests can exhaust memory. Prints render on threads of their own (lower
// priority), never on the tile path nor the shared worker pool.
#include <cstdint>
#include <memory>
#include <string>

#include "server/http/service.h"
#include "catalog/layer_catalog.h"
#include "print/print_page.h"

namespace boost::asio {
class thread_pool;
}

namespace rxmap::server {

struct PrintServiceOptions {
    styles::PrintLimits limits = {72, 300, 300, 10000, 40000000};
    // Prints queued or rendering, and the sum of their pages' pixels. A page's
    // raster takes 4 bytes a pixel and Cairo/Mapnik about as much again while it
    // renders: 80 Mpx bounds prints at ~640 MiB; a lone print is always admitted.
    int max_concurrent = 4;
    std::int64_t max_pixels_in_flight = 80'000'000;
    // Threads that render prints (nice 10: tiles first when the cores are busy).
    int threads = 1;
    int max_age_seconds = 300;
    int retry_after_seconds = 5;
};

class PrintService : public Service {
public:
    explicit PrintService(std::shared_ptr<const catalog::LayerCatalog> catalog, PrintServiceOptions options = {});
    ~PrintService() override;  // waits for the prints running
    std::string_view name() const override { return "print"; }
    Route route() const override { return Route{"/static/"}; }
    Reply handle(const Request& request) override;

private:
    struct InFlight;  // prints and pixels admitted and not yet answered
    struct Slot;      // one admitted print's share of InFlight

    std::shared_ptr<const catalog::LayerCatalog> catalog_;
    PrintServiceOptions options_;
    std::shared_ptr<InFlight> in_flight_;
    std::unique_ptr<boost::asio::thread_pool> pool_;
};

}  // namespace rxmap::server
