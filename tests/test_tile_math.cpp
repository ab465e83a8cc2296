#include "common/tile_math.h"

#include <gtest/gtest.h>

using namespace rxmap::tiles;

TEST(TileMath, MercatorRoundTrip) {
    for (double lon : {-179.9, -10.0, 0.0, 139.7528, 153.98}) {
        for (double lat : {-80.0, 0.0, 24.3, 35.6940, 45.5}) {
            const LonLat back = to_lonlat(to_mercator({lon, lat}));
            EXPECT_NEAR(back.lon, lon, 1e-9);
            EXPECT_NEAR(back.lat, lat, 1e-9);
        }
    }
}

TEST(TileMath, KnownTiles) {
    // 千代田区 (Tokyo Station area) at z5 lies in tile 28/12, the tile the README shows.
    const TileXY t5 = tile_at({139.7528, 35.6940}, 5);
    EXPECT_EQ(t5.x, 28);
    EXPECT_EQ(t5.y, 12);
    const TileXY t10 = tile_at({139.7528, 35.6940}, 10);
    EXPECT_EQ(t10.x, 909);
    EXPECT_EQ(t10.y, 403);
    EXPECT_EQ(tile_at({0.0, 0.0}, 0).x, 0);
}

TEST(TileMath, TileContainsItsPoint) {
    for (int z = 0; z <= 18; ++z) {
        const LonLat p{141.3545, 43.0621};  // 札幌
        const TileXY t = tile_at(p, z);
        const Bounds b = tile_bounds(z, t.x, t.y);
        const Mercator m = to_mercator(p);
        EXPECT_LE(b.minx, m.x);
        EXPECT_GT(b.maxx, m.x);
        EXPECT_LE(b.miny, m.y);
        EXPECT_GT(b.maxy, m.y);
        const LonLat o = tile_origin(z, t.x, t.y);
        EXPECT_LE(o.lon, p.lon);
        EXPECT_GE(o.lat, p.lat);
    }
}

TEST(TileMath, BoundsTileTheWorld) {
    const Bounds world = tile_bounds(0, 0, 0);
    EXPECT_DOUBLE_EQ(world.minx, -kOriginShift);
    EXPECT_DOUBLE_EQ(world.maxy, kOriginShift);
    const Bounds a = tile_bounds(3, 2, 5), b = tile_bounds(3, 3, 5);
    EXPECT_DOUBLE_EQ(a.maxx, b.minx);
    const Bounds block = block_bounds(3, 2, 4, 2);
    EXPECT_DOUBLE_EQ(block.minx, tile_bounds(3, 2, 5).minx);
    EXPECT_DOUBLE_EQ(block.miny, tile_bounds(3, 3, 5).miny);
    EXPECT_NEAR(resolution(0), 156543.03392804097, 1e-6);
}

TEST(TileMath, Validity) {
    EXPECT_TRUE(valid_tile(0, 0, 0));
    EXPECT_FALSE(valid_tile(0, 1, 0));
    EXPECT_FALSE(valid_tile(5, 32, 0));
    EXPECT_FALSE(valid_tile(-1, 0, 0));
    EXPECT_FALSE(valid_tile(99, 0, 0));
    EXPECT_EQ(tms_row(5, 12), 19);
}
