#include "layers/store_check.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "layers/import_error.h"

namespace rxmap::data {

std::string store_damage(const std::string& path) {
    sqlite3* db = nullptr;
    // Read-only and without creating: a check never changes the file.
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        std::string why = db ? sqlite3_errmsg(db) : "cannot open";
        sqlite3_close(db);
        return why;
    }
    std::string problems;
    sqlite3_stmt* stmt = nullptr;
    // quick_check(10): the first ten problems at most, and stops early.
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(10)", -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(stmt, 0);
            std::string line = text ? reinterpret_cast<const char*>(text) : "";  // one problem, on one line
            if (line == "ok") continue;
            for (std::size_t at = 0; (at = line.find('\n', at)) != std::string::npos;) line.replace(at, 1, "; ");
            if (!problems.empty()) problems += "; ";
            problems += line;
        }
    }
    if (rc != SQLITE_DONE && problems.empty()) problems = sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    if (problems.size() > 200) problems = problems.substr(0, 200) + " …";  // the first problems say enough
    return problems;
}

std::string set_store_aside(const std::string& path) {
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &utc);
    const std::string aside = path + ".damaged-" + stamp;
    if (std::rename(path.c_str(), aside.c_str()) != 0)
        throw ImportError("store " + path + " is damaged and cannot be set aside as " + aside + ": " +
                          std::strerror(errno));
    for (const char* companion : {"-wal", "-shm"}) {
        std::error_code ec;
        if (std::filesystem::exists(path + companion, ec))
            std::filesystem::rename(path + companion, aside + companion, ec);
    }
    return aside;
}

}  // namespace rxmap::data
