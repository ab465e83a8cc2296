#include "layers/postgis_store.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <libpq-fe.h>
#include <ogrsf_frmts.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <regex>
#include <sstream>

#include "common/fnv1a.h"
#include "layers/store.h"

namespace rxmap::data {

namespace {

using Conn = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

void check_prefix(const std::string& prefix) {
    static const std::regex ok("[a-z][a-z0-9_]{0,30}");
    if (!std::regex_match(prefix, ok))
        throw ImportError("database prefix '" + prefix + "': use 1-31 of [a-z0-9_], starting with a letter");
}

// The URL without its password, for messages.
std::string describe(const std::string& url) {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
    if (!opts) {
        if (err) PQfreemem(err);
        return "(unparsable connection string)";
    }
    std::string host, port, user, dbname;
    for (PQconninfoOption* o = opts; o->keyword; ++o) {
        if (!o->val) continue;
        const std::string k = o->keyword;
        if (k == "host" || k == "hostaddr") host = o->val;
        else if (k == "port") port = o->val;
        else if (k == "user") user = o->val;
        else if (k == "dbname") dbname = o->val;
    }
    PQconninfoFree(opts);
    return "postgresql://" + (user.empty() ? "" : user + "@") + (host.empty() ? "localhost" : host) +
           (port.empty() ? "" : ":" + port) + "/" + dbname;
}

Conn connect(const std::string& url) {
    Conn c(PQconnectdb(url.c_str()), &PQfinish);
    if (!c || PQstatus(c.get()) != CONNECTION_OK)
        throw ImportError("cannot connect to " + describe(url) + ": " +
                          (c ? std::string(PQerrorMessage(c.get())) : std::string("out of memory")));
    PQsetNoticeProcessor(c.get(), [](void*, const char*) {}, nullptr);  // "drop cascades to …"
    return c;
}

Result exec(PGconn* c, const std::string& sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    Result r(PQexecParams(c, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0),
             &PQclear);
    const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw ImportError("postgres: " + std::string(PQerrorMessage(c)) + " (in: " + sql.substr(0, 120) + ")");
    return r;
}

std::string pointer_table(const PgLocation& db) { return "public." + db.prefix + "_current"; }

// Schemas this prefix created: <prefix>_s<8 hex>_<yyyymmdd>t<hhmmss>_<pid>.
std::string schema_pattern(const PgLocation& db) { return "^" + db.prefix + "_s[0-9a-f]{8}_[0-9]{8}t[0-9]{6}_[0-9]+$"; }

std::string new_schema_name(const PgLocation& db, const std::string& fingerprint) {
    const std::uint32_t h = common::fnv1a_32(fingerprint);
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[64];
    std::snprintf(buf, sizeof buf, "_s%08x_%04d%02d%02dt%02d%02d%02d_%d", h, utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(::getpid()));
    return db.prefix + buf;
}

// One statement through GDAL's connection (inside its transaction). Throws on error.
void gdal_sql(GDALDataset& ds, const std::string& sql) {
    CPLErrorReset();
    OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result) ds.ReleaseResultSet(result);
    if (CPLGetLastErrorType() == CE_Failure)
        throw ImportError("postgres: " + std::string(CPLGetLastErrorMsg()) + " (in: " + sql.substr(0, 120) + ")");
}

GDALDatasetUniquePtr open_pg(const std::string& url, bool update, const std::string& schema = {}) {
    GDALAllRegister();
    CPLStringList open_options;
    if (!schema.empty()) open_options.SetNameValue("SCHEMAS", schema.c_str());
    const std::string name = "PG:" + url;
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(name.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY),
                                              nullptr, open_options.List(), nullptr));
    if (!ds) throw ImportError("cannot open " + describe(url) + " with GDAL: " + CPLGetLastErrorMsg());
    return ds;
}

void drop_old_schemas(const PgLocation& db, std::ostream& log) {
    try {
        Conn c = connect(db.url);
        exec(c.get(), "BEGIN");
        exec(c.get(), "SET LOCAL lock_timeout = '10s'");
        exec(c.get(), "SELECT pg_advisory_xact_lock(hashtext($1))", {"rxmap-import:" + db.prefix});
        Result r = exec(c.get(),
                        "SELECT nspname FROM pg_namespace WHERE nspname ~ $1 AND nspname NOT IN "
                        "(SELECT schema_name FROM " + pointer_table(db) + " UNION ALL SELECT unnest(previous) FROM " +
                            pointer_table(db) + ") ORDER BY nspname",
                        {schema_pattern(db)});
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            const std::string schema = PQgetvalue(r.get(), i, 0);
            exec(c.get(), "DROP SCHEMA \"" + schema + "\" CASCADE");
            log << "database: dropped old schema " << schema << '\n';
        }
        exec(c.get(), "COMMIT");
    } catch (const ImportError& e) {
        // The import itself succeeded; the next one tries again.
        log << "database: old schemas not dropped this time: " << e.what() << '\n';
    }
}

}  // namespace

PgConnection pg_connection(const std::string& url) {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
    if (!opts) {
        std::string message = err ? err : "invalid connection string";
        if (err) PQfreemem(err);
        throw ImportError("database URL: " + message);
    }
    PgConnection c;
    for (PQconninfoOption* o = opts; o->keyword; ++o) {
        if (!o->val) continue;
        const std::string k = o->keyword;
        if (k == "host" || (k == "hostaddr" && c.host.empty())) c.host = o->val;
        else if (k == "port") c.port = o->val;
        else if (k == "user") c.user = o->val;
        else if (k == "password") c.password = o->val;
        else if (k == "dbname") c.dbname = o->val;
    }
    PQconninfoFree(opts);
    return c;
}

std::optional<PgCurrent> pg_current(const PgLocation& db) {
    check_prefix(db.prefix);
    Conn c = connect(db.url);
    Result exists = exec(c.get(), "SELECT to_regclass($1) IS NOT NULL", {pointer_table(db)});
    if (std::string(PQgetvalue(exists.get(), 0, 0)) != "t") return std::nullopt;
    Result r = exec(c.get(), "SELECT schema_name, fingerprint, imported_at::text FROM " + pointer_table(db) + " WHERE id = 1");
    if (PQntuples(r.get()) == 0) return std::nullopt;
    return PgCurrent{PQgetvalue(r.get(), 0, 0), PQgetvalue(r.get(), 0, 1), PQgetvalue(r.get(), 0, 2)};
}

std::string pg_write_atlas(const PgLocation& db, const Atlas& atlas, std::ostream& log, const PgImportOptions& options) {
    check_prefix(db.prefix);
    const auto start = std::chrono::steady_clock::now();
    const std::string schema = new_schema_name(db, atlas.fingerprint);
    auto ds = open_pg(db.url, true);
    if (ds->StartTransaction() != OGRERR_NONE)
        throw ImportError("cannot start a transaction on " + describe(db.url) + ": " + CPLGetLastErrorMsg());
    try {
        // One import at a time per prefix; released with the transaction.
        gdal_sql(*ds, "SELECT pg_advisory_xact_lock(hashtext('rxmap-import:" + db.prefix + "'))");
        gdal_sql(*ds, "CREATE TABLE IF NOT EXISTS " + pointer_table(db) +
                          " (id integer PRIMARY KEY CHECK (id = 1), schema_name text NOT NULL, fingerprint text NOT NULL,"
                          " imported_at timestamptz NOT NULL DEFAULT now(), previous text[] NOT NULL DEFAULT '{}')");
        gdal_sql(*ds, "CREATE SCHEMA \"" + schema + "\"");
        StoreTableOptions tables;
        tables.layer_options = {"SCHEMA=" + schema, "GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=GIST",
                                "PRECISION=NO", "OVERWRITE=NO"};
        tables.after_table = options.after_table;
        write_atlas_tables(*ds, atlas, tables);
        const std::string q = "\"" + schema + "\".";
        for (const char* t : {"areas_ward", "areas_municipality", "areas_prefecture", "areas_bloc", "areas_meti",
                              "areas_merged"})
            gdal_sql(*ds, "CREATE UNIQUE INDEX ON " + q + t + " (code)");
        gdal_sql(*ds, "CREATE INDEX ON " + q + "stats (indicator, year, code)");
        for (const char* t : {"areas_ward", "areas_municipality", "areas_prefecture", "areas_bloc", "areas_meti",
                              "areas_merged", "stats", "indicators", "flows", "meta"})
            gdal_sql(*ds, std::string("ANALYZE ") + q + t);
        if (options.after_table) options.after_table("indexes");
        // The swap: readers see the old schema until this commits, then the new one.
        gdal_sql(*ds, "INSERT INTO " + pointer_table(db) + " AS p (id, schema_name, fingerprint) VALUES (1, '" + schema +
                          "', " + "'" + std::regex_replace(atlas.fingerprint, std::regex("'"), "''") +
                          "') ON CONFLICT (id) DO UPDATE SET schema_name = EXCLUDED.schema_name, fingerprint = "
                          "EXCLUDED.fingerprint, imported_at = now(), previous = (ARRAY[p.schema_name] || p.previous)[1:" +
                          std::to_string(std::max(0, options.keep_previous)) + "]");
        if (ds->CommitTransaction() != OGRERR_NONE)
            throw ImportError("commit failed: " + std::string(CPLGetLastErrorMsg()));
    } catch (...) {
        ds->RollbackTransaction();
        log << "database: import into " << schema << " failed; rolled back, " << describe(db.url)
            << " still serves what it served\n";
        throw;
    }
    ds.reset();
    log << "database: " << describe(db.url) << " now serves schema " << schema << " (" << atlas.fingerprint << "), loaded in "
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
    drop_old_schemas(db, log);
    return schema;
}

Atlas pg_read_atlas(const PgLocation& db, PgCurrent* current) {
    for (int attempt = 0;; ++attempt) {
        const auto cur = pg_current(db);
        if (!cur)
            throw ImportError(describe(db.url) + " holds no imported atlas (prefix " + db.prefix +
                              "): run `rxmap import --db URL` first");
        try {
            auto ds = open_pg(db.url, false, cur->schema);
            Atlas atlas = read_atlas_tables(*ds, describe(db.url) + " schema " + cur->schema);
            if (atlas.fingerprint != cur->fingerprint)
                throw ImportError("schema " + cur->schema + " holds fingerprint '" + atlas.fingerprint + "', the pointer says '" +
                                  cur->fingerprint + "'");
            if (current) *current = *cur;
            return atlas;
        } catch (const ImportError&) {
            // Two imports may have come and dropped the schema meanwhile: read the pointer again once.
            if (attempt > 0 || pg_current(db).value_or(PgCurrent{}).schema == cur->schema) throw;
        }
    }
}

Atlas pg_load_or_import(const SourceFiles& files, const std::string& store_path, const PgLocation& db, std::ostream& log,
                        bool force) {
    Atlas atlas = load_or_import(files, store_path, log, force);
    const auto cur = pg_current(db);
    if (!force && cur && cur->fingerprint == atlas.fingerprint) {
        log << "database: " << describe(db.url) << " is current (schema " << cur->schema << ", imported "
            << cur->imported_at << ")\n";
        return atlas;
    }
    pg_write_atlas(db, atlas, log);
    return atlas;
}

void pg_drop_all(const PgLocation& db) {
    check_prefix(db.prefix);
    Conn c = connect(db.url);
    exec(c.get(), "BEGIN");
    exec(c.get(), "SELECT pg_advisory_xact_lock(hashtext($1))", {"rxmap-import:" + db.prefix});
    Result r = exec(c.get(), "SELECT nspname FROM pg_namespace WHERE nspname ~ $1", {schema_pattern(db)});
    for (int i = 0; i < PQntuples(r.get()); ++i)
        exec(c.get(), "DROP SCHEMA \"" + std::string(PQgetvalue(r.get(), i, 0)) + "\" CASCADE");
    exec(c.get(), "DROP TABLE IF EXISTS " + pointer_table(db));
    exec(c.get(), "COMMIT");
}

std::vector<std::string> pg_query(const std::string& url, const std::string& sql) {
    Conn c = connect(url);
    Result r = exec(c.get(), sql);
    std::vector<std::string> rows;
    for (int i = 0; i < PQntuples(r.get()); ++i) rows.emplace_back(PQgetisnull(r.get(), i, 0) ? "" : PQgetvalue(r.get(), i, 0));
    return rows;
}

}  // namespace rxmap::data
