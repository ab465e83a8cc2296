// styles/colour_vision.h: CIE L*a*b* of sRGB colours, CIE76 ΔE, and the Machado et al. (2009)
// dichromacy simulation, against published values and the measurements of issue 20.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "styles/colour_vision.h"

using namespace rxmap::styles;

namespace {

void expect_lab(const Lab& got, double l, double a, double b, double tolerance = 0.01) {
    EXPECT_NEAR(got.l, l, tolerance);
    EXPECT_NEAR(got.a, a, tolerance);
    EXPECT_NEAR(got.b, b, tolerance);
}

}  // namespace

TEST(ColourVision, LabOfSrgbPrimaries) {
    // Published sRGB (D65) values, e.g. Bruce Lindbloom's calculator and CSS Color 4's examples.
    expect_lab(lab_of("#ffffff"), 100, 0, 0);
    expect_lab(lab_of("#000000"), 0, 0, 0);
    expect_lab(lab_of("#ff0000"), 53.24, 80.09, 67.20);
    expect_lab(lab_of("#00ff00"), 87.73, -86.18, 83.18);
    expect_lab(lab_of("#0000ff"), 32.30, 79.19, -107.86);
    expect_lab(lab_of("#808080"), 53.59, 0, 0);
    expect_lab(lab_of("#F00"), 53.24, 80.09, 67.20);  // short form, upper case
}

TEST(ColourVision, DeltaE76IsEuclideanInLab) {
    EXPECT_NEAR(delta_e76("#000000", "#ffffff"), 100, 1e-3);
    EXPECT_NEAR(delta_e76("#ff0000", "#ff0000"), 0, 1e-12);
    // red vs blue: sqrt(20.94² + 0.90² + 175.06²)
    EXPECT_NEAR(delta_e76("#ff0000", "#0000ff"), 176.31, 0.02);
}

TEST(ColourVision, MachadoSeverityOneSimulation) {
    // Greys are unchanged: every row of the matrices sums to 1.
    for (Vision v : kVisions) {
        expect_lab(lab_of("#ffffff", v), 100, 0, 0, 0.02);
        expect_lab(lab_of("#808080", v), 53.59, 0, 0, 0.02);
    }
    // Pure red becomes the matrices' first column (clipped): an olive for deuteranopes, darker for
    // protanopes, whose long-wave cones are missing.
    expect_lab(lab_of("#ff0000", Vision::deuteranopia), 59.75, -5.43, 63.84, 0.02);
    expect_lab(lab_of("#ff0000", Vision::protanopia), 40.29, -3.67, 47.47, 0.02);
    // Red and green, far apart normally, come close.
    EXPECT_GT(delta_e76("#d7191c", "#1a9641"), 80);
    EXPECT_LT(delta_e76("#d7191c", "#1a9641", Vision::deuteranopia), 40);
}

TEST(ColourVision, ReproducesTheIssueMeasurements) {
    // Issue 20: facility-risk's 現在なし/リスクなし at ΔE 3.1 under deuteranopia; industry-top's
    // ColorBrewer colours at 4.0 (deuteranopia) and 4.6 (protanopia).
    EXPECT_NEAR(delta_e76("#ded6c5", "#c9e0bf", Vision::deuteranopia), 3.1, 0.05);
    EXPECT_NEAR(delta_e76("#fccde5", "#d9d9d9", Vision::deuteranopia), 4.0, 0.05);
    EXPECT_NEAR(delta_e76("#33a02c", "#ff7f00", Vision::protanopia), 4.6, 0.05);
    const ClosestPair p = closest_pair({"#ded6c5", "#c9e0bf", "#fcae91", "#a50f15", "#d9d9d9"});
    EXPECT_EQ(p.vision, Vision::deuteranopia);
    EXPECT_EQ(p.x, "#ded6c5");
    EXPECT_EQ(p.y, "#c9e0bf");
}

TEST(ColourVision, ClosestPairIgnoresRepeatsAndBadInputThrows) {
    EXPECT_TRUE(std::isinf(closest_pair({"#123456", "#123456", "#123456"}).delta_e));
    EXPECT_NEAR(closest_pair({"#000000", "#FFFFFF", "#ffffff"}).delta_e, 100, 1e-3);
    EXPECT_THROW(lab_of("red"), std::invalid_argument);
    EXPECT_THROW(lab_of("#12345"), std::invalid_argument);
    EXPECT_THROW(lab_of("#gg0000"), std::invalid_argument);
    EXPECT_STREQ(vision_name(Vision::protanopia), "protanopia");
}
