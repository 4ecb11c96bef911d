#include "storage/backup.h"

#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "storage/db.h"

extern char** environ;

namespace ipe::storage {
namespace {

bool IsPostgres(std::string_view url) {
  return url.substr(0, 13) == "postgresql://" || url.substr(0, 11) == "postgres://";
}

// The schema a URL's `options=-csearch_path=<schema>` names ("" for none): the tests' and a
// shared database's way of giving each store its own schema.
std::string SchemaOf(std::string_view url) {
  for (std::string_view key : {"search_path%3D", "search_path="}) {
    size_t at = url.find(key);
    if (at == std::string_view::npos) continue;
    std::string_view rest = url.substr(at + key.size());
    return std::string(rest.substr(0, rest.find_first_of("&%,")));
  }
  return "";
}

// Runs `args` (args[0] looked up on PATH), its output to stderr; Unavailable unless it exits 0.
core::Status RunTool(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    return core::Unavailable("无法运行 " + args[0] +
                             " (cannot run it; apt-get install postgresql-client-15)");
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return core::Unavailable(args[0] + " 失败 (failed; its messages are above)");
  }
  return core::Status::Ok();
}

// Copies every page of `from`'s main database into `to`'s (sqlite3_backup), retrying while a
// writer holds a lock.
core::Status CopyPages(sqlite3* from, sqlite3* to, const std::string& what) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) return core::Unavailable(what + ": " + sqlite3_errmsg(to));
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(b, 1024);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return core::Unavailable(what + ": " + sqlite3_errstr(rc));
  return core::Status::Ok();
}

// Opens `path` with `flags`; the handle closes with the returned object.
struct SqliteFile {
  sqlite3* db = nullptr;
  ~SqliteFile() { sqlite3_close(db); }
};

core::Status OpenFile(const std::string& path, int flags, SqliteFile& file) {
  int rc = sqlite3_open_v2(path.c_str(), &file.db, flags, nullptr);
  if (rc != SQLITE_OK) {
    return core::Unavailable("无法打开 (cannot open) " + path + ": " + sqlite3_errstr(rc));
  }
  sqlite3_busy_timeout(file.db, 5000);
  return core::Status::Ok();
}

core::Status CopySqlite(const std::string& from_path, const std::string& to_path,
                        bool from_backup) {
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(to_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  SqliteFile from, to;
  IPE_RETURN_IF_ERROR(OpenFile(from_path, SQLITE_OPEN_READONLY, from));
  IPE_RETURN_IF_ERROR(OpenFile(to_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, to));
  IPE_RETURN_IF_ERROR(CopyPages(from.db, to.db, from_backup ? "恢复 (restore)" : "备份 (backup)"));
  return core::Status::Ok();
}

}  // namespace

core::Status Backup(std::string_view url, const std::string& out) {
  if (IsPostgres(url)) {
    std::vector<std::string> args = {"pg_dump", "--format=custom", "--no-owner", "--file", out};
    if (std::string schema = SchemaOf(url); !schema.empty()) {
      args.insert(args.end(), {"--schema", schema});
    }
    args.insert(args.end(), {"--dbname", std::string(url)});
    return RunTool(args);
  }
  IPE_ASSIGN_OR_RETURN(std::string path, SqlitePathOf(url));
  std::error_code ec;
  std::filesystem::remove(out, ec);  // the backup API writes into an empty file
  return CopySqlite(path, out, false);
}

core::Status Restore(std::string_view url, const std::string& in) {
  if (!std::filesystem::exists(in)) return core::NotFound("备份文件不存在 (no such backup): " + in);
  char magic[5] = {};
  std::ifstream(in, std::ios::binary).read(magic, 5);
  bool pg_copy = std::string_view(magic, 5) == "PGDMP";
  if (IsPostgres(url)) {
    if (!pg_copy)
      return core::InvalidArgument("不是 PostgreSQL 备份 (not a pg_dump archive): " + in);
    return RunTool({"pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                    "--dbname", std::string(url), in});
  }
  if (pg_copy) return core::InvalidArgument("这是 PostgreSQL 备份 (a pg_dump archive): " + in);
  IPE_ASSIGN_OR_RETURN(std::string path, SqlitePathOf(url));
  // The WAL of the replaced store must not be replayed over the restored pages.
  std::error_code ec;
  std::filesystem::remove(path + "-wal", ec);
  std::filesystem::remove(path + "-shm", ec);
  return CopySqlite(in, path, true);
}

}  // namespace ipe::storage
