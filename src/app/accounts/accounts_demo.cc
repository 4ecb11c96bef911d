// The demo agencies and users (demo.h lists the accounts).
#include "app/accounts/accounts_demo.h"

#include <map>
#include <string>
#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"
#include "app/crypto.h"

namespace ipe::app {
namespace {

struct DemoAgency {
  const char* name;
  const char* short_name;
  const char* kind;
  const char* level;
  const char* region;
};

constexpr DemoAgency kAgencies[] = {
    {"上海市市场监督管理局", "市市场监管局", "market_regulation", "provincial", "310000"},
    {"上海市公安局", "市公安局", "police", "provincial", "310000"},
    {"上海市人民检察院", "市检察院", "procuratorate", "provincial", "310000"},
    {"上海市浦东新区市场监督管理局", "浦东新区市场监管局", "market_regulation", "county", "310115"},
    {"广东省市场监督管理局", "省市场监管局", "market_regulation", "provincial", "440000"},
    {"广东省人民检察院", "省检察院", "procuratorate", "provincial", "440000"},
    {"深圳市市场监督管理局", "市市场监管局", "market_regulation", "prefecture", "440300"},
    {"深圳市公安局", "市公安局", "police", "prefecture", "440300"},
    {"北京市市场监督管理局", "市市场监管局", "market_regulation", "provincial", "110000"},
    {"上海市生态环境局", "市生态环境局", "other", "provincial", "310000"},
};

struct DemoUser {
  const char* login;
  const char* display_name;
  const char* roles;      // ','-separated
  const char* agency;     // canonical name
  const char* region;
};

// The national units come from the reference table (SyncReferenceData runs first).
constexpr DemoUser kUsers[] = {
    {"admin", "系统管理员", "admin,office,auditor", "全国打击侵权假冒工作领导小组办公室", "000000"},
    {"office", "王协调", "office", "全国打击侵权假冒工作领导小组办公室", "000000"},
    {"auditor", "赵审计", "auditor", "全国打击侵权假冒工作领导小组办公室", "000000"},
    {"sh_officer", "李执法", "officer", "上海市市场监督管理局", "310000"},
    {"sh_head", "陈局长", "agency_head,officer", "上海市市场监督管理局", "310000"},
    {"sh_police", "周警官", "police", "上海市公安局", "310000"},
    {"sh_prosecutor", "吴检察官", "prosecutor", "上海市人民检察院", "310000"},
    {"pd_officer", "郑执法", "officer", "上海市浦东新区市场监督管理局", "310115"},
    {"gd_officer", "黄执法", "officer", "广东省市场监督管理局", "440000"},
    {"gd_prosecutor", "林检察官", "prosecutor", "广东省人民检察院", "440000"},
    {"sz_officer", "何执法", "officer", "深圳市市场监督管理局", "440300"},
    {"sz_police", "罗警官", "police", "深圳市公安局", "440300"},
    {"analyst", "孙研判", "analyst", "全国打击侵权假冒工作领导小组办公室", "000000"},
    // An agency user of the 2020 work plan: reports on 国家知识产权局's own assignments.
    {"cnipa_officer", "钱专利", "officer", "国家知识产权局", "000000"},
    // The environment department reads Shanghai's destruction plans and results (issue 17).
    {"sh_env", "冯环保", "environment", "上海市生态环境局", "310000"},
};

}  // namespace

core::Result<DemoReport> LoadAccountsDemo(Context& ctx) {
  DemoReport report;
  Principal system = Principal::System();
  for (const DemoAgency& a : kAgencies) {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto existing, AccountsStore(*tx).AgencyIdByName(a.name));
    tx.reset();  // CreateAgency writes: SQLite has one writer
    if (existing) continue;
    Agency agency;
    agency.name = a.name;
    agency.short_name = a.short_name;
    agency.kind = a.kind;
    agency.level = a.level;
    agency.region_code = a.region;
    IPE_RETURN_IF_ERROR(CreateAgency(ctx, system, agency).status());
    ++report.agencies_created;
  }
  // The demo users share two published passwords: each is hashed once (argon2id salts it; the
  // users holding it share that salt, which only tells that their passwords are equal — they are
  // published anyway).
  std::map<std::string, std::string> hashes;
  for (const DemoUser& u : kUsers) {
    std::optional<User> existing;
    std::optional<int64_t> agency_id;
    {
      IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
      AccountsStore store(*tx);
      IPE_ASSIGN_OR_RETURN(existing, store.FindUserByLogin(u.login));
      IPE_ASSIGN_OR_RETURN(agency_id, store.AgencyIdByName(u.agency));
    }  // CreateUser writes: SQLite has one writer
    if (existing) continue;
    if (!agency_id) {
      return core::FailedPrecondition(std::string("演示数据缺少机构 (demo agency missing): ") +
                                      u.agency);
    }
    NewUser nu;
    nu.login = u.login;
    nu.display_name = u.display_name;
    nu.password = std::string(u.login) == kDemoAdminLogin ? kDemoAdminPassword : kDemoUserPassword;
    std::string roles = u.roles;
    size_t start = 0;
    for (;;) {
      size_t comma = roles.find(',', start);
      nu.roles.push_back(roles.substr(start, comma == std::string::npos ? comma : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    nu.agency_id = *agency_id;
    nu.region_code = u.region;
    nu.skip_password_policy = true;  // the demo passwords are published: refused for real users
    std::string& hash = hashes[nu.password];
    if (hash.empty()) {
      IPE_ASSIGN_OR_RETURN(hash, HashPassword(nu.password));
    }
    nu.password_hash = hash;
    IPE_RETURN_IF_ERROR(CreateUser(ctx, system, nu).status());
    ++report.users_created;
  }
  return report;
}

}  // namespace ipe::app
