// Runs every file of the fuzz seed corpus (tests/fuzz/corpus) through the
// libFuzzer target's entry point, so the corpus and the target's checks are
// exercised by every CTest run, with or without clang.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int run(const std::string& bytes) {
    return LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

TEST(server_FuzzCorpus, EverySeedPassesTheTargetsChecks) {
    const std::filesystem::path dir = RXMAP_SOURCE_DIR "/tests/fuzz/corpus";
    ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        SCOPED_TRACE(entry.path().filename().string());
        EXPECT_EQ(run(read_file(entry.path())), 0);  // a failed check aborts the test binary
        ++files;
    }
    EXPECT_GE(files, 12);
}

TEST(server_FuzzCorpus, EdgeInputs) {
    for (const std::string& input : {std::string(), std::string("\n\n\n\n"), std::string("/"), std::string(1, '\0'),
                                    std::string("/%"), std::string("/%0"), std::string(4096, '/'),
                                    std::string("/tiles/") + std::string(300, '9') + "/1/1.png",
                                    std::string("http://"), std::string("\xff\xfe\n\xff\n\xff\n\xff\n\xff")})
        EXPECT_EQ(run(input), 0);
}
