#pragma once
// data/manifest.tsv: every dataset file with its source, licence and credit line.
#include <string>
#include <vector>

namespace rxmap::data {

struct DatasetInfo {
    std::string id, path, format, encoding, source_url, licence, credit, sha256;
};

class Manifest {
public:
    static Manifest read(const std::string& path);  // throws std::runtime_error naming file and line
    // Distinct credit lines of the datasets whose id equals or starts with each prefix
    // ("n03" covers every N03 file); a prefix that matches nothing throws.
    std::vector<std::string> credits(const std::vector<std::string>& id_prefixes) const;
    const std::vector<DatasetInfo>& datasets() const { return datasets_; }

private:
    std::vector<DatasetInfo> datasets_;
};

}  // namespace rxmap::data
