// Use-case tests on SQLite in memory with a fixed clock.
#include <gtest/gtest.h>

#include <future>
#include <set>
#include <thread>

#include "app/accounts/accounts.h"
#include "app/accounts/audit.h"
#include "app/accounts/audit_vocabulary.h"
#include "app/accounts/login_limiter.h"
#include "app/context.h"
#include "core/limits.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

constexpr const char* kPassword = "Str0ng-Passw0rd";

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenDatabase("sqlite::memory:");
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ctx_ = std::make_unique<Context>(*db_, clock_);
    Agency office{0, "全国打击侵权假冒工作领导小组办公室", "领导小组办公室", "leading_group_office",
                  "national", "000000", {}, true};
    auto a = CreateAgency(*ctx_, Principal::System(), office);
    ASSERT_TRUE(a.has_value()) << a.error().ToString();
    office_id_ = a->id;
    Agency sh{0, "上海市市场监督管理局", "市市场监管局", "market_regulation", "provincial",
              "310000", {}, true};
    auto b = CreateAgency(*ctx_, Principal::System(), sh);
    ASSERT_TRUE(b.has_value());
    sh_id_ = b->id;
    admin_ = MakeUser("root", {"admin"}, office_id_, "000000");
  }

  Principal MakeUser(const std::string& login, std::vector<std::string> roles, int64_t agency,
                     const std::string& region) {
    NewUser u{login, login, kPassword, std::move(roles), agency, region};
    auto created = CreateUser(*ctx_, Principal::System(), u);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value());
    return *p;
  }

  int64_t AuditCount() {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query("SELECT count(*) FROM audit_log");
    return (*rows)[0].Int(0);
  }

  core::FakeClock clock_{core::Timestamp{1'700'000'000}};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
  int64_t office_id_ = 0;
  int64_t sh_id_ = 0;
  Principal admin_;
};

TEST_F(AccountsTest, CreateUserValidatesEveryField) {
  NewUser u{"Bad Login!", "", "weak", {"officer", "pirate"}, 0, "31"};
  auto r = CreateUser(*ctx_, admin_, u);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& fe : r.error().field_errors()) fields.insert(fe.field);
  EXPECT_EQ(fields, (std::set<std::string>{"login", "display_name", "roles", "agency_id",
                                           "region_code", "password"}));
}

TEST_F(AccountsTest, DuplicateLoginIsAlreadyExistsAndWritesNothing) {
  MakeUser("li.si", {"officer"}, sh_id_, "310000");
  int64_t audit = AuditCount();
  NewUser again{"li.si", "李四", kPassword, {"officer"}, sh_id_, "310000"};
  auto r = CreateUser(*ctx_, admin_, again);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kAlreadyExists);
  EXPECT_EQ(AuditCount(), audit);
}

TEST_F(AccountsTest, OnlyAdminsCreateUsersAndOnlyWithinTheirRegion) {
  Principal officer = MakeUser("officer1", {"officer"}, sh_id_, "310000");
  NewUser u{"new.one", "新人", kPassword, {"officer"}, sh_id_, "310000"};
  EXPECT_EQ(CreateUser(*ctx_, officer, u).error().code(), core::StatusCode::kPermissionDenied);
  Principal sh_admin = MakeUser("sh.admin", {"admin"}, sh_id_, "310000");
  u.region_code = "440300";
  EXPECT_EQ(CreateUser(*ctx_, sh_admin, u).error().code(), core::StatusCode::kPermissionDenied);
  u.region_code = "310115";
  auto made = CreateUser(*ctx_, sh_admin, u);
  ASSERT_TRUE(made.has_value());
  // Issue 12 (6): nor into an agency outside the admin's region — the national office with the
  // office role, or another province's regulator — at creation or by a later change.
  Agency gd{0, "广东省市场监督管理局", "省市场监管局", "market_regulation", "provincial", "440000",
            {}, true};
  auto gd_made = CreateAgency(*ctx_, Principal::System(), gd);
  ASSERT_TRUE(gd_made.has_value());
  int64_t audit = AuditCount();
  NewUser national{"nat.office", "国家办", kPassword, {"office"}, office_id_, "310000"};
  auto r = CreateUser(*ctx_, sh_admin, national);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kPermissionDenied);
  ASSERT_EQ(r.error().field_errors().size(), 1u);
  EXPECT_EQ(r.error().field_errors()[0].field, "agency_id");
  NewUser other{"gd.one", "广东", kPassword, {"officer"}, gd_made->id, "310000"};
  EXPECT_EQ(CreateUser(*ctx_, sh_admin, other).error().code(), core::StatusCode::kPermissionDenied);
  UserPatch move;
  move.agency_id = office_id_;
  EXPECT_EQ(UpdateUser(*ctx_, sh_admin, made->id, move).error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(AuditCount(), audit);
  // The national admin may.
  EXPECT_TRUE(CreateUser(*ctx_, admin_, national).has_value());
}

TEST_F(AccountsTest, LoginCreatesASessionAndWrongPasswordsAreThrottled) {
  MakeUser("wang.wu", {"officer"}, sh_id_, "310000");
  auto ok = Login(*ctx_, "wang.wu", kPassword, "10.0.0.1");
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  auto auth = AuthenticateSession(*ctx_, ok->session_secret);
  ASSERT_TRUE(auth.has_value());
  EXPECT_EQ(auth->principal.login, "wang.wu");
  EXPECT_EQ(auth->csrf_token, ok->csrf_token);

  int64_t audit = AuditCount();
  for (int i = 0; i < 4; ++i) {  // three free failures, the fourth starts the delays
    EXPECT_EQ(Login(*ctx_, "wang.wu", "wrong-password", "10.0.0.1").error().code(),
              core::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(Login(*ctx_, "wang.wu", kPassword, "10.0.0.1").error().code(),
            core::StatusCode::kResourceExhausted);
  EXPECT_EQ(AuditCount(), audit);  // refused logins write nothing
  clock_.Advance(core::limits::kFirstDelaySeconds);
  EXPECT_TRUE(Login(*ctx_, "wang.wu", kPassword, "10.0.0.1").has_value());
}

// Issue 12 point 9: before, five wrong passwords from anywhere locked the account for everyone.
TEST_F(AccountsTest, Issue12WrongPasswordsFromOneSourceDoNotLockOthersOut) {
  MakeUser("feng", {"officer"}, sh_id_, "310000");
  for (int i = 0; i < 20; ++i) {
    clock_.Advance(core::limits::kMaxDelaySeconds);  // every attempt gets through its delay
    EXPECT_EQ(Login(*ctx_, "feng", "wrong-password", "203.0.113.7").error().code(),
              core::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(Login(*ctx_, "feng", kPassword, "203.0.113.7").error().code(),
            core::StatusCode::kResourceExhausted);
  EXPECT_TRUE(Login(*ctx_, "feng", kPassword, "10.1.1.1").has_value());
}

TEST(LoginLimiter, Issue12DelaysGrowWithEachFailureOfAPair) {
  LoginLimiter limiter;
  core::Timestamp now{1'000'000};
  for (int i = 0; i < core::limits::kFreeFailuresPerPair; ++i) {
    EXPECT_TRUE(limiter.Admit("a", "s", now).allowed) << i;
  }
  int64_t expected = core::limits::kFirstDelaySeconds;
  for (int round = 0; round < 5; ++round) {
    ASSERT_TRUE(limiter.Admit("a", "s", now).allowed) << round;
    auto refused = limiter.Admit("a", "s", now);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after_seconds, expected) << round;
    now = now.AddSeconds(expected);
    expected *= 2;
  }
  EXPECT_TRUE(limiter.Admit("a", "other-source", now).allowed);
}

// Issue 12 point 8: the old throttle checked before it counted, so a burst passed it.
TEST(LoginLimiter, Issue12AttemptsAreCountedBeforeThePasswordIsChecked) {
  LoginLimiter limiter;
  core::Timestamp now{1'000'000};
  int admitted = 0;
  for (int i = 0; i < 100; ++i) {  // all "in flight" at once: none has failed yet
    admitted += limiter.Admit("user" + std::to_string(i), "s", now).allowed;
  }
  EXPECT_EQ(admitted, core::limits::kAttemptsPerSource);
  // A success gives its attempt back: an office behind one address can still log in all day.
  limiter.RecordSuccess("user0", "s");
  EXPECT_TRUE(limiter.Admit("boss", "s", now).allowed);
  EXPECT_FALSE(limiter.Admit("boss2", "s", now).allowed);
  now = now.AddSeconds(core::limits::kSourceWindowSeconds);
  EXPECT_TRUE(limiter.Admit("boss2", "s", now).allowed);
}

TEST(HashGate, Issue12RefusesBeyondTheQueueInsteadOfWaiting) {
  HashGate gate(1, 1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::thread running([&] { ASSERT_TRUE(gate.Run([&] { released.wait(); }).ok()); });
  while (gate.running() < 1) std::this_thread::yield();
  std::thread waiting([&] { ASSERT_TRUE(gate.Run([] {}).ok()); });
  while (gate.waiting() < 1) std::this_thread::yield();
  bool ran = false;
  core::Status refused = gate.Run([&] { ran = true; });
  EXPECT_EQ(refused.code(), core::StatusCode::kResourceExhausted);
  EXPECT_FALSE(ran);
  release.set_value();
  running.join();
  waiting.join();
  EXPECT_TRUE(gate.Run([&] { ran = true; }).ok());
  EXPECT_TRUE(ran);
}

TEST_F(AccountsTest, SessionsExpireWhenIdleAndAbsolutely) {
  MakeUser("zhao", {"officer"}, sh_id_, "310000");
  auto s = Login(*ctx_, "zhao", kPassword, "c");
  ASSERT_TRUE(s.has_value());
  clock_.Advance(29 * 60);
  EXPECT_TRUE(AuthenticateSession(*ctx_, s->session_secret).has_value());  // refreshes last_seen
  clock_.Advance(29 * 60);
  EXPECT_TRUE(AuthenticateSession(*ctx_, s->session_secret).has_value());
  clock_.Advance(31 * 60);
  EXPECT_EQ(AuthenticateSession(*ctx_, s->session_secret).error().code(),
            core::StatusCode::kUnauthenticated);

  auto s2 = Login(*ctx_, "zhao", kPassword, "c");
  ASSERT_TRUE(s2.has_value());
  for (int i = 0; i < 17; ++i) {  // active every 29 minutes for more than 8 hours
    clock_.Advance(29 * 60);
    auto a = AuthenticateSession(*ctx_, s2->session_secret);
    if (i < 16) EXPECT_TRUE(a.has_value()) << i;
    else EXPECT_FALSE(a.has_value());
  }
}

TEST_F(AccountsTest, DisablingAUserEndsTheirSessionsAndLogins) {
  Principal p = MakeUser("qian", {"officer"}, sh_id_, "310000");
  auto s = Login(*ctx_, "qian", kPassword, "c");
  ASSERT_TRUE(s.has_value());
  UserPatch patch;
  patch.active = false;
  ASSERT_TRUE(UpdateUser(*ctx_, admin_, p.user_id, patch).has_value());
  EXPECT_FALSE(AuthenticateSession(*ctx_, s->session_secret).has_value());
  EXPECT_EQ(Login(*ctx_, "qian", kPassword, "c").error().code(), core::StatusCode::kUnauthenticated);
}

TEST_F(AccountsTest, PasswordChangeNeedsTheOldPasswordForSelf) {
  Principal p = MakeUser("sun", {"officer"}, sh_id_, "310000");
  EXPECT_EQ(SetPassword(*ctx_, p, p.user_id, "An0ther-Passw0rd", std::string("bad")).code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_TRUE(SetPassword(*ctx_, p, p.user_id, "An0ther-Passw0rd", std::string(kPassword)).ok());
  EXPECT_FALSE(Login(*ctx_, "sun", kPassword, "c").has_value());
  EXPECT_TRUE(Login(*ctx_, "sun", "An0ther-Passw0rd", "c").has_value());
}

// Issue 12 point 11: an admin changing their own password skipped the old one.
TEST_F(AccountsTest, Issue12AdminsGiveTheOldPasswordToo) {
  EXPECT_EQ(SetPassword(*ctx_, admin_, admin_.user_id, "An0ther-Passw0rd", std::nullopt).code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      SetPassword(*ctx_, admin_, admin_.user_id, "An0ther-Passw0rd", std::string(kPassword)).ok());
  // Resetting someone else's needs no old password.
  Principal p = MakeUser("he.yi", {"officer"}, sh_id_, "310000");
  EXPECT_TRUE(SetPassword(*ctx_, admin_, p.user_id, "Vq9-harbour-Tindle", std::nullopt).ok());
}

TEST(PasswordPolicy, Issue12RefusesGuessablePasswords) {
  for (const char* weak : {"Password123", "Password1234", "Admin@12345", "Demo@12345",
                           "xDemo@12345!!", "short", "aaaaaaaaaaaaaaaa", "qwertyuiop12"}) {
    core::Status st = CheckPasswordPolicy(weak, "li.si");
    EXPECT_EQ(st.code(), core::StatusCode::kInvalidArgument) << weak;
    ASSERT_FALSE(st.field_errors().empty()) << weak;
    EXPECT_EQ(st.field_errors()[0].field, "password");
  }
  EXPECT_FALSE(CheckPasswordPolicy("li.si.li.si.1", "li.si").ok()) << "contains the login";
  EXPECT_FALSE(CheckPasswordPolicy("zhangsan2024!", "ZhangSan2024!").ok()) << "is the login";
  EXPECT_FALSE(CheckPasswordPolicy(std::string("Kq7-lant\0ern-Vexo", 17), "li.si").ok());
  EXPECT_TRUE(CheckPasswordPolicy("Kq7-lantern-Vexo", "li.si").ok());
  EXPECT_TRUE(CheckPasswordPolicy("春眠不觉晓处处闻啼鸟夜来风雨声", "li.si").ok());
}

TEST_F(AccountsTest, ApiTokensAuthenticateUntilRevoked) {
  Principal p = MakeUser("zhou", {"analyst"}, office_id_, "000000");
  auto t = CreateApiToken(*ctx_, p, "对接", std::nullopt);
  ASSERT_TRUE(t.has_value());
  auto who = AuthenticateToken(*ctx_, t->secret);
  ASSERT_TRUE(who.has_value());
  EXPECT_EQ(who->login, "zhou");
  EXPECT_TRUE(who->via_api_token);
  ASSERT_TRUE(RevokeApiToken(*ctx_, p, t->token.id).ok());
  EXPECT_FALSE(AuthenticateToken(*ctx_, t->secret).has_value());
}

// Issue 12 point 10: tokens never expired by default, minted child tokens and survived a
// password change.
TEST_F(AccountsTest, Issue12TokensExpireByDefaultAndDieWithThePassword) {
  Principal p = MakeUser("wei", {"analyst"}, office_id_, "000000");
  auto t = CreateApiToken(*ctx_, p, "对接", std::nullopt);
  ASSERT_TRUE(t.has_value());
  ASSERT_TRUE(t->token.expires_at.has_value());
  EXPECT_EQ(t->token.expires_at->seconds - clock_.Now().seconds,
            core::limits::kApiTokenDefaultSeconds);
  auto via_token = AuthenticateToken(*ctx_, t->secret);
  ASSERT_TRUE(via_token.has_value());
  EXPECT_EQ(CreateApiToken(*ctx_, *via_token, "子令牌", std::nullopt).error().code(),
            core::StatusCode::kPermissionDenied);
  auto far = clock_.Now().AddSeconds(core::limits::kApiTokenMaxSeconds + 1);
  EXPECT_EQ(CreateApiToken(*ctx_, p, "远", far).error().code(), core::StatusCode::kInvalidArgument);

  ASSERT_TRUE(SetPassword(*ctx_, p, p.user_id, "An0ther-Passw0rd", std::string(kPassword)).ok());
  EXPECT_FALSE(AuthenticateToken(*ctx_, t->secret).has_value());

  auto t2 = CreateApiToken(*ctx_, p, "第二个", std::nullopt);
  ASSERT_TRUE(t2.has_value());
  clock_.Advance(core::limits::kApiTokenDefaultSeconds);
  EXPECT_FALSE(AuthenticateToken(*ctx_, t2->secret).has_value());
}

TEST_F(AccountsTest, Issue12AdminsListAndRevokeOthersTokens) {
  Principal p = MakeUser("jiang", {"analyst"}, sh_id_, "310000");
  Principal other_admin = MakeUser("gd.admin", {"admin"}, office_id_, "440000");
  auto t = CreateApiToken(*ctx_, p, "对接", std::nullopt);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(ListUserApiTokens(*ctx_, p, p.user_id).error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(ListUserApiTokens(*ctx_, other_admin, p.user_id).error().code(),
            core::StatusCode::kNotFound);
  auto listed = ListUserApiTokens(*ctx_, admin_, p.user_id);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1u);
  int64_t audit = AuditCount();
  ASSERT_TRUE(RevokeUserApiToken(*ctx_, admin_, p.user_id, t->token.id).ok());
  EXPECT_EQ(AuditCount(), audit + 1);
  EXPECT_FALSE(AuthenticateToken(*ctx_, t->secret).has_value());
  EXPECT_EQ(RevokeUserApiToken(*ctx_, admin_, p.user_id, t->token.id).code(),
            core::StatusCode::kNotFound);
}

TEST_F(AccountsTest, EveryWriteIsAuditedAndTheChainVerifies) {
  int64_t before = AuditCount();
  MakeUser("wu.yi", {"officer"}, sh_id_, "310000");
  EXPECT_EQ(AuditCount(), before + 1);
  auto v = VerifyAudit(*db_);
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->ok) << v->reason;
  EXPECT_EQ(v->records, AuditCount());
}

// Issue 14: the log viewer names every action and object type; a record whose code has no name
// is refused in its transaction instead of reaching the log as a raw code.
TEST_F(AccountsTest, AuditRefusesActionsAndObjectTypesWithoutAName) {
  int64_t before = AuditCount();
  auto append = [&](const std::string& action, const std::string& type) {
    auto tx = db_->Begin(storage::TxMode::kWrite);
    EXPECT_TRUE(tx.has_value());
    core::Status st = AppendAudit(**tx, admin_, clock_.Now(), {action, type, "1", "测试"});
    if (st.ok()) EXPECT_TRUE((*tx)->Commit().ok());
    return st;
  };
  EXPECT_EQ(append("case.frobnicate", "case").code(), core::StatusCode::kInternal);
  EXPECT_EQ(append("case.create", "gizmo").code(), core::StatusCode::kInternal);
  EXPECT_EQ(AuditCount(), before);
  EXPECT_TRUE(append("case.create", "case").ok());
  EXPECT_EQ(AuditCount(), before + 1);
  // Every name is given in both languages and no code is listed twice.
  for (const auto* list : {&AuditActions(), &AuditEntityTypes()}) {
    std::set<std::string_view> seen;
    for (const AuditTerm& t : *list) {
      EXPECT_FALSE(t.zh.empty()) << t.code;
      EXPECT_FALSE(t.en.empty()) << t.code;
      EXPECT_TRUE(seen.insert(t.code).second) << "listed twice: " << t.code;
    }
  }
}

TEST_F(AccountsTest, AuditVerifyNamesTheFirstEditedRecord) {
  MakeUser("feng", {"officer"}, sh_id_, "310000");
  {
    auto tx = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE((*tx)->Exec("UPDATE audit_log SET after_json = '{}' WHERE seq = 2").has_value());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto v = VerifyAudit(*db_);
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 2);
}

TEST_F(AccountsTest, AuditVerifyDetectsADeletedMiddleRecord) {
  MakeUser("chu", {"officer"}, sh_id_, "310000");
  {
    auto tx = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE((*tx)->Exec("DELETE FROM audit_log WHERE seq = 2").has_value());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto v = VerifyAudit(*db_);
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->ok);
  EXPECT_EQ(v->bad_seq, 2);
}

TEST_F(AccountsTest, AuditListIsForAuditorsAndFilters) {
  Principal officer = MakeUser("wei", {"officer"}, sh_id_, "310000");
  EXPECT_EQ(ListAudit(*ctx_, officer, {}, {}).error().code(), core::StatusCode::kPermissionDenied);
  AuditFilter f;
  f.action = "user.";
  auto page = ListAudit(*ctx_, admin_, f, {1, 50});
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->total, 2);  // root and wei
  for (const auto& r : page->items) EXPECT_EQ(r.action, "user.create");
}

TEST_F(AccountsTest, FindAgencyIdTakesTheFullOrAUniqueShortName) {
  auto by_name = FindAgencyId(*ctx_, admin_, "上海市市场监督管理局");
  ASSERT_TRUE(by_name.has_value()) << by_name.error().ToString();
  EXPECT_EQ(*by_name, sh_id_);
  auto by_short = FindAgencyId(*ctx_, admin_, "领导小组办公室");
  ASSERT_TRUE(by_short.has_value()) << by_short.error().ToString();
  EXPECT_EQ(*by_short, office_id_);
  EXPECT_EQ(FindAgencyId(*ctx_, admin_, "无此机构").error().code(), core::StatusCode::kNotFound);
  Agency bj{0, "北京市市场监督管理局", "市市场监管局", "market_regulation", "provincial",
            "110000", {}, true};
  ASSERT_TRUE(CreateAgency(*ctx_, Principal::System(), bj).has_value());
  EXPECT_EQ(FindAgencyId(*ctx_, admin_, "市市场监管局").error().code(),
            core::StatusCode::kInvalidArgument);  // Shanghai's and Beijing's
}

TEST_F(AccountsTest, GetUserByLoginFindsDisabledUsersWithinTheCallersRegion) {
  Principal p = MakeUser("yang", {"officer"}, sh_id_, "310000");
  UserPatch patch;
  patch.active = false;
  ASSERT_TRUE(UpdateUser(*ctx_, admin_, p.user_id, patch).has_value());
  auto u = GetUserByLogin(*ctx_, Principal::System(), "yang");
  ASSERT_TRUE(u.has_value()) << u.error().ToString();
  EXPECT_EQ(u->id, p.user_id);
  EXPECT_FALSE(u->active);
  EXPECT_EQ(GetUserByLogin(*ctx_, admin_, "nobody").error().code(), core::StatusCode::kNotFound);
  Principal gd_admin = MakeUser("gd.admin", {"admin"}, office_id_, "440000");
  EXPECT_EQ(GetUserByLogin(*ctx_, gd_admin, "yang").error().code(), core::StatusCode::kNotFound);
}

}  // namespace
}  // namespace ipe::app
