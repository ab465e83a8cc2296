// Printed maps on the real data: PDF text and metadata (pdftotext, pdfinfo), SVG as XML, PNG sizes and
// pixels (長野県 in a class colour, 那覇 in the Okinawa inset), flow layers, other pages for the eye.
#include "print_support.h"

using namespace rxmap;
using namespace rxmap::test::print_support;

// ---------------------------------------------------------------- rendering

TEST(PrintRender, PdfCarriesTitleAndCredits) {
    const auto& pdf = renders().nagano_pdf.bytes;
    ASSERT_GT(pdf.size(), 1000u);
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    const std::string text = run("pdftotext -enc UTF-8 '" + (kArtifacts / "population_nagano_a4.pdf").string() + "' - 2>&1");
    EXPECT_NE(text.find("総人口"), std::string::npos) << text;
    EXPECT_NE(text.find(kN03Credit), std::string::npos) << text;
    EXPECT_NE(text.find("長野県"), std::string::npos) << text;
    EXPECT_NE(text.find("km"), std::string::npos) << text;
    // Vector output: the page is A4 in points, not a raster image.
    const std::string info = run("pdfinfo '" + (kArtifacts / "population_nagano_a4.pdf").string() + "' 2>&1");
    EXPECT_NE(info.find("595.") , std::string::npos) << info;
    EXPECT_NE(info.find("841.") , std::string::npos) << info;
    const std::string images = run("pdfimages -list '" + (kArtifacts / "population_nagano_a4.pdf").string() + "' 2>&1");
    EXPECT_EQ(images.find("image  "), std::string::npos) << images;
}

// Issue 20: prints carry title, subject (indicator and year), language and credits as metadata,
// for catalogues and screen readers; the PDF stays readable after /Lang is added.
// A field of pdfinfo's output ("Title:   長野県 総人口" -> "長野県 総人口"), or "" when missing.
std::string pdfinfo_field(std::string info, const std::string& name) {
    info.insert(0, "\n");
    const size_t at = info.find("\n" + name + ":");
    if (at == std::string::npos) return "";
    const size_t begin = info.find_first_not_of(' ', at + name.size() + 2);
    return info.substr(begin, info.find('\n', begin) - begin);
}

TEST(PrintRender, PdfMetadataHasTitleSubjectLanguageAndCredits) {
    const std::string& pdf = renders().nagano_pdf.bytes;  // also saves the file
    const std::string file = (kArtifacts / "population_nagano_a4.pdf").string();
    const std::string info = run("pdfinfo '" + file + "' 2>&1");
    EXPECT_EQ(pdfinfo_field(info, "Title"), "長野県 総人口") << info;
    EXPECT_EQ(pdfinfo_field(info, "Subject"), "長野県 総人口：2020年・市区町村別（政令指定都市は区別）") << info;
    EXPECT_EQ(pdfinfo_field(info, "Keywords"), "population/2020/ward, ja") << info;
    EXPECT_EQ(pdfinfo_field(info, "Author").rfind(kN03Credit + " / ", 0), 0u) << info;
    EXPECT_EQ(info.find("rror"), std::string::npos) << info;  // no "Syntax Error" from a broken xref
    EXPECT_NE(pdf.find("/Lang (ja)"), std::string::npos);
    const auto v = variant("population/2020/municipality");
    const auto en = styles::render_print(v, *layer_catalog(), pref("20"), paper("A4", "portrait", 72), PrintFormat::pdf, "en");
    save("population_nagano_a4_en.pdf", en.bytes);
    EXPECT_NE(en.bytes.find("/Lang (en)"), std::string::npos);
    const std::string en_info = run("pdfinfo '" + (kArtifacts / "population_nagano_a4_en.pdf").string() + "' 2>&1");
    EXPECT_EQ(pdfinfo_field(en_info, "Title"), "Nagano: Population") << en_info;
    EXPECT_EQ(en_info.find("rror"), std::string::npos) << en_info;
    const std::string text = run("pdftotext -enc UTF-8 '" + (kArtifacts / "population_nagano_a4_en.pdf").string() + "' - 2>&1");
    EXPECT_NE(text.find("Population"), std::string::npos) << text;
}

TEST(PrintRender, SvgHasTitleDescriptionAndLanguage) {
    const auto v = variant("aging/2050/prefecture");
    const auto svg = styles::render_print(v, *layer_catalog(), japan(), paper("A4", "landscape", 72), PrintFormat::svg, "en");
    save("aging_japan_a4_en.svg", svg.bytes);
    CPLXMLNode* root = CPLParseXMLString(svg.bytes.c_str());
    ASSERT_NE(root, nullptr);
    const CPLXMLNode* el = nullptr;
    for (CPLXMLNode* n = root; n; n = n->psNext)
        if (n->eType == CXT_Element && std::string(n->pszValue) == "svg") el = n;
    ASSERT_NE(el, nullptr);
    EXPECT_STREQ(CPLGetXMLValue(el, "xml:lang", ""), "en");
    EXPECT_STREQ(CPLGetXMLValue(el, "lang", ""), "en");
    EXPECT_STREQ(CPLGetXMLValue(el, "title", ""), "Share aged 65 and over");
    const std::string desc = CPLGetXMLValue(el, "desc", "");
    EXPECT_NE(desc.find("2050"), std::string::npos) << desc;
    EXPECT_NE(desc.find(kN03Credit), std::string::npos) << desc;
    EXPECT_STREQ(CPLGetXMLValue(el, "metadata.rdf:RDF.rdf:Description.dc:language", ""), "en");
    CPLDestroyXMLNode(root);
}

TEST(PrintRender, PngSizeFollowsPaperAndDpi) {
    const Image portrait = decode_png(renders().japan_png.bytes);
    EXPECT_EQ(portrait.width, 2480);
    EXPECT_EQ(portrait.height, 3508);
    const auto v = variant("aging/2050/municipality");
    const auto landscape = styles::render_print(v, *layer_catalog(), pref("20"), paper("A4", "landscape", 300), PrintFormat::png);
    save("aging_nagano_a4_landscape_300.png", landscape.bytes);
    const Image l = decode_png(landscape.bytes);
    EXPECT_EQ(l.width, 3508);
    EXPECT_EQ(l.height, 2480);
    // pHYs: 300 dpi = 11811 pixels per metre.
    const std::string& png = landscape.bytes;
    const size_t phys = png.find("pHYs");
    ASSERT_NE(phys, std::string::npos);
    const auto ppm = (static_cast<unsigned char>(png[phys + 4]) << 24) | (static_cast<unsigned char>(png[phys + 5]) << 16) |
                     (static_cast<unsigned char>(png[phys + 6]) << 8) | static_cast<unsigned char>(png[phys + 7]);
    EXPECT_EQ(ppm, 11811);
}

TEST(PrintRender, SvgIsXml) {
    const auto v = variant("population-change/2050/prefecture");
    const auto svg = styles::render_print(v, *layer_catalog(), japan(), paper("A4", "landscape", 72), PrintFormat::svg);
    save("population-change_japan_a4_landscape.svg", svg.bytes);
    EXPECT_NE(svg.bytes.find("<svg"), std::string::npos);
    CPLXMLNode* root = CPLParseXMLString(svg.bytes.c_str());
    ASSERT_NE(root, nullptr);
    bool found = false;
    for (CPLXMLNode* n = root; n; n = n->psNext)
        if (n->eType == CXT_Element && std::string(n->pszValue) == "svg") found = true;
    EXPECT_TRUE(found);
    CPLDestroyXMLNode(root);
}

TEST(PrintRender, NaganoIsDrawnInClassColours) {
    const auto& out = renders().nagano_png;
    const Image img = decode_png(out.bytes);
    ASSERT_EQ(img.width, 2480);
    const auto& classes = styles::choropleth(*layer_catalog(), variant("population/2020")).colors;
    const styles::MapFrame& f = out.layout.main;
    // Inside 長野県: 松本 basin, 佐久, 伊那 valley (away from the labels of the larger cities).
    for (auto [lon, lat] : {std::pair{137.75, 36.35}, {138.35, 36.15}, {137.85, 35.55}}) {
        const auto [x, y] = pixel_of(f, lon, lat);
        ASSERT_TRUE(f.rect.contains(x, y));
        const std::uint32_t c = img.mode(x, y, 20);
        EXPECT_TRUE(is_one_of(c, classes)) << lon << "," << lat << " is " << hex(c);
        EXPECT_FALSE(near_color(c, rgb_of(styles::kSeaColor)));
    }
    // Outside, the neighbours are faded (lighter than any class colour's darkest channel would allow).
    const auto [sx, sy] = pixel_of(f, 137.0, 35.3);  // 岐阜県
    const std::uint32_t faded = img.mode(sx, sy, 20);
    EXPECT_FALSE(is_one_of(faded, classes)) << hex(faded);
    // The legend sits inside the frame and hides no part of 長野県's label points.
    EXPECT_TRUE(out.layout.legend_inside);
}

TEST(PrintRender, JapanHasSouthwesternIslandsInset) {
    const auto& out = renders().japan_png;
    const Image img = decode_png(out.bytes);
    ASSERT_TRUE(out.layout.inset);
    const styles::MapFrame& inset = *out.layout.inset;
    const styles::MapFrame& main = out.layout.main;
    EXPECT_TRUE(main.rect.contains(inset.rect.x + 1, inset.rect.y + 1));
    EXPECT_LT(inset.rect.width, main.rect.width / 2);
    // 那覇 (127.68 E, 26.21 N) lies in the inset, on land.
    const auto [nx, ny] = pixel_of(inset, 127.68, 26.21);
    ASSERT_TRUE(inset.rect.contains(nx, ny));
    std::vector<std::string> land = styles::choropleth(*layer_catalog(), variant("population/2020")).colors;
    land.push_back(styles::kNoDataColor);
    const std::uint32_t naha = img.mode(nx, ny, 2);
    EXPECT_TRUE(is_one_of(naha, land)) << hex(naha);
    // The East China Sea west of 沖縄本島 is sea, in the inset too.
    const auto [wx, wy] = pixel_of(inset, 126.3, 26.6);
    EXPECT_TRUE(near_color(img.mode(wx, wy, 3), rgb_of(styles::kSeaColor))) << hex(img.mode(wx, wy, 3));
    // The main map ends at 30 N: no Okinawa in it, and its scale bar is for Honshu's latitudes.
    EXPECT_GE(tiles::to_lonlat({0, main.extent.miny}).lat, 29.9);
    EXPECT_GT(main.scale_bar.latitude, 33);
    // 東京 on the main map is land.
    const auto [tx, ty] = pixel_of(main, 139.45, 35.7);
    EXPECT_TRUE(is_one_of(img.mode(tx, ty, 4), land)) << hex(img.mode(tx, ty, 4));
}

TEST(PrintRender, FlowLayerPrintsAlone) {
    const auto v = variant("migration");
    const auto out = styles::render_print(v, *layer_catalog(), japan(), paper("A4", "landscape", 150), PrintFormat::png);
    save("migration_japan_a4_landscape_150.png", out.bytes);
    const Image img = decode_png(out.bytes);
    EXPECT_EQ(img.width, 1754);
    const auto pdf = styles::render_print(v, *layer_catalog(), japan(), paper("A4", "landscape", 300), PrintFormat::pdf, "en");
    const auto path = save("migration_japan_a4_landscape_en.pdf", pdf.bytes);
    run("pdftoppm -png -r 50 -singlefile '" + path.string() + "' '" + (kArtifacts / "migration_japan_a4_landscape_en_pdf").string() + "'");
    const std::string text = run("pdftotext -enc UTF-8 '" + path.string() + "' - 2>&1");
    EXPECT_NE(text.find(v.definition->title_en), std::string::npos) << text;
    EXPECT_NE(text.find(kN03Credit), std::string::npos) << text;
}

TEST(PrintRender, OtherPagesForTheEye) {
    // Not checked beyond rendering: examples to look at in tests/artifacts/print/.
    const auto a3 = styles::render_print(variant("population-change/2050/municipality"), *layer_catalog(), japan(),
                                         paper("A3", "landscape", 100), PrintFormat::png, "en");
    save("population-change_japan_a3_landscape_100_en.png", a3.bytes);
    const auto tokyo = styles::render_print(variant("aging/2050"), *layer_catalog(), pref("13"), paper("A4", "portrait", 100),
                                            PrintFormat::png);
    save("aging_tokyo_a4_100.png", tokyo.bytes);
    EXPECT_FALSE(tokyo.layout.note_lines.empty());
    const auto bbox = styles::render_print(
        variant("population/2020"), *layer_catalog(),
        styles::parse_print_area(std::nullopt, std::string("139.3,35.4,140.1,35.9"), false, layer_catalog()->atlas()),
        paper("A4", "landscape", 100), PrintFormat::png);
    save("population_tokyo_bay_a4_landscape_100.png", bbox.bytes);
}
