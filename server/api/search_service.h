#pragma once
// GET /api/search?q=夕張: prefectures, municipalities and wards whose name contains the text
// (Japanese, no kana needed), best matches first, each with its prefecture and its centre and
// bounds in lon/lat so a map can fly there; "total" counts every match (at most 200 listed).
#include <memory>

#include "queries/search.h"
#include "server/http/service.h"
#include "catalog/layer_catalog.h"

namespace rxmap::server {

class SearchService : public Service {
public:
    explicit SearchService(std::shared_ptr<const catalog::LayerCatalog> catalog);
    std::string_view name() const override { return "search"; }
    Route route() const override { return Route{"/api/search"}; }
    Reply handle(const Request& request) override;

private:
    std::shared_ptr<const catalog::LayerCatalog> catalog_;
    queries::PlaceIndex places_;
};

}  // namespace rxmap::server
