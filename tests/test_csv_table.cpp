// layers/csv_table.h (the one CSV splitter and reader) and read_regions (the one
// parser of facts/regions.csv), on small files and on the real facts file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "layers/boundaries.h"
#include "layers/csv_table.h"
#include "layers/facility_model.h"
#include "layers/regions.h"

namespace fs = std::filesystem;
using namespace rxmap::data;

namespace {

using Cells = std::vector<std::string>;

fs::path write_temp(const std::string& name, const std::string& text) {
    const fs::path p = fs::temp_directory_path() / ("rxmap-csv-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

TEST(CsvLine, QuotesGroupAndEmptyCellsStay) {
    EXPECT_EQ(split_csv_line("a,b,c"), (Cells{"a", "b", "c"}));
    EXPECT_EQ(split_csv_line("13,\"東京都, 特別区部\",,1"), (Cells{"13", "東京都, 特別区部", "", "1"}));
    EXPECT_EQ(split_csv_line("a,"), (Cells{"a", ""}));
    EXPECT_EQ(split_csv_line(",x"), (Cells{"", "x"}));
    EXPECT_EQ(split_csv_line(" a , b"), (Cells{" a ", " b"}));  // spaces are the caller's to trim
    EXPECT_TRUE(split_csv_line("").empty());
}

TEST(CsvTable, HeaderRowsAndLineNumbers) {
    const fs::path p = write_temp("t.csv", "\xEF\xBB\xBFid,name,value\r\n1,一般診療所,3.5\r\n\r\n2,\"a,b\"\r\n");
    const CsvTable t = read_csv_table(p.string());
    EXPECT_EQ(t.header, (Cells{"id", "name", "value"}));  // byte order mark dropped
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].line, 2);
    EXPECT_EQ(t.rows[1].line, 4);  // the blank line 3 is skipped but counted
    EXPECT_EQ(CsvTable::cell(t.rows[0], t.column("name")), "一般診療所");
    EXPECT_EQ(CsvTable::cell(t.rows[1], t.column("name")), "a,b");
    EXPECT_EQ(CsvTable::cell(t.rows[1], t.column("value")), "");  // short row
    try {
        t.column("missing");
        ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), p.string() + ": no column 'missing'");
    }
    fs::remove(p);
    EXPECT_THROW(read_csv_table(p.string()), std::runtime_error);
}

TEST(Regions, RealFactsFile) {
    const std::string path = RXMAP_RAW_DATA_DIR "/facts/regions.csv";
    const Regions regions = read_regions(path);
    ASSERT_EQ(regions.size(), 47u);
    const PrefectureRegion& tokyo = regions.at("13");
    EXPECT_EQ(tokyo.name, "東京都");
    EXPECT_EQ(tokyo.bloc, "関東");
    EXPECT_EQ(tokyo.meti, "関東経済産業局");
    EXPECT_TRUE(tokyo.tokyo_area);
    EXPECT_TRUE(tokyo.three_metro_areas);
    EXPECT_FALSE(regions.at("01").three_metro_areas);
    const std::set<std::string> metro{"11", "12", "13", "14", "21", "23", "24", "26", "27", "28", "29"};
    EXPECT_EQ(three_metro_prefectures(regions), metro);
    EXPECT_EQ(three_metro_prefectures(path), metro);  // facility_model.h, the same parser
}

TEST(Regions, MalformedRowNamesFileAndLine) {
    const std::string header = "pref_code,prefecture,bloc,meti_bureau,tokyo_area,three_metro_areas\n";
    const fs::path p = write_temp("regions.csv", header + "1,北海道,北海道,北海道経済産業局,0,0\n13,東京都,関東,関東経済産業局,1,yes\n");
    try {
        read_regions(p.string());
        ADD_FAILURE() << "no exception";
    } catch (const ImportError& e) {
        EXPECT_NE(std::string(e.what()).find(p.string() + ":3:"), std::string::npos) << e.what();
    }
    const fs::path q = write_temp("regions2.csv", header + "1,北海道,北海道,北海道経済産業局,0,0\n");
    EXPECT_EQ(read_regions(q.string()).count("01"), 1u);  // the leading zero a spreadsheet dropped
    const fs::path r = write_temp("regions3.csv", "pref_code,prefecture\n13,東京都\n");
    EXPECT_THROW(read_regions(r.string()), ImportError);  // no bloc column
    for (const auto& f : {p, q, r}) fs::remove(f);
}

}  // namespace
