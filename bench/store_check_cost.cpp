// What the integrity check of stored tiles costs per read (issue 21): for every blob of a disk
// cache (`rxmap serve --cache-dir DIR`, DIR/blobs), the time to read it from the page cache and
// the time to compute its SHA-1 (tiles/content_hash.cpp, OpenSSL), which the disk store and the
// Redis store compare with the name or the stored hash before serving.
//
//   g++ -O2 -std=c++17 -I. bench/store_check_cost.cpp tiles/content_hash.cpp -lcrypto -o /tmp/store_check_cost
//   /tmp/store_check_cost DIR/blobs
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tiles/content_hash.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIR/blobs\n", argv[0]);
        return 2;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(argv[1]))
        if (e.is_regular_file()) files.push_back(e.path());
    if (files.empty()) return 1;
    using clock = std::chrono::steady_clock;
    double read_us = 0, hash_us = 0;
    std::size_t bytes = 0, mismatches = 0;
    const int rounds = 5;
    for (int round = 0; round < rounds; ++round)
        for (const auto& f : files) {
            auto t = clock::now();
            std::ifstream in(f, std::ios::binary);
            std::ostringstream s;
            s << in.rdbuf();
            const std::string body = s.str();
            read_us += std::chrono::duration<double, std::micro>(clock::now() - t).count();
            t = clock::now();
            const std::string hash = rxmap::tiles::content_hash(body);
            hash_us += std::chrono::duration<double, std::micro>(clock::now() - t).count();
            bytes += body.size();
            if (hash != f.stem().string()) ++mismatches;
        }
    const double n = static_cast<double>(files.size()) * rounds;
    std::printf("%zu blobs, mean %.1f KiB: read %.1f us, SHA-1 %.1f us per tile (%.0f MB/s); %zu mismatches\n",
                files.size(), bytes / n / 1024, read_us / n, hash_us / n, bytes / hash_us, mismatches / rounds);
    return 0;
}
