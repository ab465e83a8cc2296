#pragma once
// What the official's-workflow tests (test_server_search_rank.cpp, test_server_values_guides.cpp) share:
// the real catalogue's server with the catalogue, info, rank, values, search and print services
// (server_fixture.h), /info's value at an area's label point, and percent-encoded paths.
#include <gtest/gtest.h>

#include <cpl_json.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <mapnik/image_reader.hpp>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "server_fixture.h"
#include "layers/population_bins.h"
#include "server/api/catalog_service.h"
#include "server/http/http_server.h"
#include "server/api/info_service.h"
#include "server/api/print_service.h"
#include "server/api/rank_service.h"
#include "server/http/request_target.h"
#include "server/api/search_service.h"
#include "server/api/tile_service.h"
#include "server/api/values_service.h"
#include "styles/choropleth_legend.h"
#include "styles/palette.h"
#include "print/print_map.h"
#include "test_server_client.h"
#include "tiles/tile_engine.h"
#include "common/tile_math.h"

namespace rxmap::test::official {

inline const std::string kChange2050 = "population-change/2050/municipality";

class Official : public RealServerSuite {
protected:
    static void SetUpTestSuite() {
        GDALAllRegister();
        const auto catalog = real_catalog();
        start_server({std::make_shared<server::CatalogService>(catalog), std::make_shared<server::InfoService>(catalog),
                      std::make_shared<server::RankService>(catalog), std::make_shared<server::ValuesService>(catalog),
                      std::make_shared<server::SearchService>(catalog), std::make_shared<server::PrintService>(catalog)},
                     2);
    }

    // /info's value for an area, asked at the area's label point (as a click would).
    static double info_value(const std::string& layer, const data::Area& a) {
        const auto ll = tiles::to_lonlat({a.label_x, a.label_y});
        const auto o = json("/info/" + layer + "?lon=" + std::to_string(ll.lon) + "&lat=" + std::to_string(ll.lat));
        EXPECT_EQ(o.GetString("area/code"), a.code);
        return o.GetDouble("value", NAN);
    }

    static const data::Area& area(const std::string& code) {
        const data::Area* a = catalog_->atlas().find(data::Level::municipality, code);
        EXPECT_NE(a, nullptr) << code;
        return *a;
    }
};

inline std::string enc(const std::string& s) { return server::percent_encode_path(s); }

}  // namespace rxmap::test::official

// ctest -R server matches these suite names.
using server_Search = rxmap::test::official::Official;
using server_Rank = rxmap::test::official::Official;
using server_Values = rxmap::test::official::Official;
using server_Official = rxmap::test::official::Official;
