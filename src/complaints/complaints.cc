#include "complaints/complaints.h"

#include <algorithm>

#include "core/file_type.h"
#include "core/strings.h"

namespace ipe::complaints {
namespace {

struct StatusInfo {
  Status status;
  const char* name;
  const char* label;
};
constexpr StatusInfo kStatuses[] = {
    {Status::kReceived, "received", "待分送"},
    {Status::kPending, "pending", "待受理"},
    {Status::kAccepted, "accepted", "已受理（调解中）"},
    {Status::kSuspended, "suspended", "检测鉴定中（计时暂停）"},
    {Status::kMediationEnded, "mediation_ended", "调解结束待告知"},
    {Status::kRefused, "refused", "不予受理"},
    {Status::kConverted, "converted", "已转线索"},
    {Status::kFiled, "filed", "已立案"},
    {Status::kNotFiled, "not_filed", "不予立案"},
    {Status::kClosed, "closed", "办结"},
};

struct ActionInfo {
  Action action;
  const char* name;
  const char* label;
};
constexpr ActionInfo kActions[] = {
    {Action::kRoute, "route", "分送"},
    {Action::kTransfer, "transfer", "改派"},
    {Action::kAccept, "accept", "受理"},
    {Action::kRefuse, "refuse", "不予受理"},
    {Action::kSuspend, "suspend", "检测鉴定（暂停计时）"},
    {Action::kResume, "resume", "恢复计时"},
    {Action::kEndMediation, "end_mediation", "结束调解"},
    {Action::kNotifyParties, "notify_parties", "告知双方"},
    {Action::kConvert, "convert", "转为线索"},
    {Action::kFile, "file", "立案"},
    {Action::kNotFile, "not_file", "不予立案"},
    {Action::kNotifyReporter, "notify_reporter", "告知举报人"},
};

bool In(Status s, std::initializer_list<Status> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// The status `action` leads to from `from`, or nullopt when it does not apply.
std::optional<Status> ComplaintStep(Status from, Action action) {
  using S = Status;
  switch (action) {
    case Action::kRoute: return from == S::kReceived ? std::optional(S::kPending) : std::nullopt;
    case Action::kTransfer:
      return In(from, {S::kReceived, S::kPending}) ? std::optional(S::kPending) : std::nullopt;
    case Action::kAccept: return from == S::kPending ? std::optional(S::kAccepted) : std::nullopt;
    case Action::kRefuse: return from == S::kPending ? std::optional(S::kRefused) : std::nullopt;
    case Action::kSuspend:
      return from == S::kAccepted ? std::optional(S::kSuspended) : std::nullopt;
    case Action::kEndMediation:
      return In(from, {S::kAccepted, S::kSuspended}) ? std::optional(S::kMediationEnded)
                                                     : std::nullopt;
    case Action::kNotifyParties:
      return from == S::kMediationEnded ? std::optional(S::kClosed) : std::nullopt;
    // A complaint that reveals a violation (第二十三条) gives a lead and goes on as it was.
    case Action::kConvert: return from != S::kReceived ? std::optional(from) : std::nullopt;
    default: return std::nullopt;
  }
}

std::optional<Status> ReportStep(Status from, Action action) {
  using S = Status;
  switch (action) {
    case Action::kRoute: return from == S::kReceived ? std::optional(S::kPending) : std::nullopt;
    case Action::kTransfer:
      return In(from, {S::kReceived, S::kPending}) ? std::optional(S::kPending) : std::nullopt;
    case Action::kSuspend:
      return In(from, {S::kPending, S::kConverted}) ? std::optional(S::kSuspended) : std::nullopt;
    case Action::kConvert: return from == S::kPending ? std::optional(S::kConverted) : std::nullopt;
    case Action::kFile: return from == S::kConverted ? std::optional(S::kFiled) : std::nullopt;
    case Action::kNotFile:
      return In(from, {S::kPending, S::kConverted}) ? std::optional(S::kNotFiled) : std::nullopt;
    case Action::kNotifyReporter:
      return In(from, {S::kFiled, S::kNotFiled}) ? std::optional(S::kClosed) : std::nullopt;
    default: return std::nullopt;
  }
}

bool IsSixDigits(std::string_view s) {
  return s.size() == 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool Blank(std::string_view s) { return core::TrimSpace(s).empty(); }

}  // namespace

const char* KindName(Kind k) { return k == Kind::kComplaint ? "complaint" : "report"; }
const char* KindLabel(Kind k) { return k == Kind::kComplaint ? "投诉" : "举报"; }
std::optional<Kind> ParseKind(std::string_view s) {
  if (s == "complaint") return Kind::kComplaint;
  if (s == "report") return Kind::kReport;
  return std::nullopt;
}

const char* StatusName(Status s) {
  for (const auto& i : kStatuses) {
    if (i.status == s) return i.name;
  }
  return "?";
}

std::optional<Status> ParseStatus(std::string_view s) {
  for (const auto& i : kStatuses) {
    if (s == i.name) return i.status;
  }
  return std::nullopt;
}

const char* StatusLabel(Kind k, Status s) {
  if (s == Status::kPending) return k == Kind::kComplaint ? "待受理" : "待核查";
  for (const auto& i : kStatuses) {
    if (i.status == s) return i.label;
  }
  return "?";
}

std::vector<Status> StatusesOf(Kind k) {
  using S = Status;
  if (k == Kind::kComplaint) {
    return {S::kReceived, S::kPending, S::kAccepted, S::kSuspended, S::kMediationEnded,
            S::kRefused, S::kClosed};
  }
  return {S::kReceived, S::kPending, S::kSuspended, S::kConverted, S::kFiled, S::kNotFiled,
          S::kClosed};
}

bool IsOpen(Status s) { return s != Status::kRefused && s != Status::kClosed; }

const char* ActionName(Action a) {
  for (const auto& i : kActions) {
    if (i.action == a) return i.name;
  }
  return "?";
}

const char* ActionLabel(Action a) {
  for (const auto& i : kActions) {
    if (i.action == a) return i.label;
  }
  return "?";
}

core::Result<Status> NextStatus(Kind k, Status from, Action action,
                                std::optional<Status> resume_to) {
  std::optional<Status> to;
  if (action == Action::kResume) {
    if (from == Status::kSuspended && resume_to &&
        (k == Kind::kComplaint ? *resume_to == Status::kAccepted
                               : In(*resume_to, {Status::kPending, Status::kConverted}))) {
      to = resume_to;
    }
  } else {
    to = k == Kind::kComplaint ? ComplaintStep(from, action) : ReportStep(from, action);
  }
  if (!to) {
    return core::FailedPrecondition(std::string(KindLabel(k)) + "当前状态为「" +
                                    StatusLabel(k, from) + "」，不能" + ActionLabel(action) +
                                    " (step not allowed in this status)");
  }
  return *to;
}

const std::vector<Ground>& RefusalGrounds() {
  static const std::vector<Ground> k = {
      {"not_competent", "投诉事项不属于市场监督管理部门职责，或者本行政机关不具有处理权限",
       "第十五条第（一）项"},
      {"already_handled",
       "法院、仲裁机构、市场监督管理部门或者其他行政机关、消费者协会或者依法成立的其他调解组织已经受理或者处理过同一消费者权益争议",
       "第十五条第（二）项"},
      {"not_consumer",
       "不是为生活消费需要购买、使用商品或者接受服务，或者不能证明与被投诉人之间存在消费者权益争议",
       "第十五条第（三）项"},
      {"time_limit", "投诉人知道或者应当知道自己的权益受到被投诉人侵害之日起超过三年",
       "第十五条第（四）项"},
      {"missing_material", "未提供本办法第九条第一款和第十条规定的材料", "第十五条第（五）项"},
      {"other_law", "法律、法规、规章规定不予受理的其他情形", "第十五条第（六）项"},
  };
  return k;
}

const std::vector<Ground>& MediationEndings() {
  static const std::vector<Ground> k = {
      {"agreement", "达成调解协议", "第二十二条"},
      {"withdrawn", "投诉人撤回投诉或者双方自行和解", "第二十一条第一款第（一）项"},
      {"testing_disagreement", "对委托检定、检验、检测、鉴定的技术机构或者费用承担无法协商一致",
       "第二十一条第一款第（二）项"},
      {"absent_or_refused", "投诉人或者被投诉人无正当理由不参加调解，或者被投诉人明确拒绝调解",
       "第二十一条第一款第（三）项"},
      {"no_agreement", "经组织调解，投诉人或者被投诉人明确表示无法达成调解协议",
       "第二十一条第一款第（四）项"},
      {"time_limit", "自投诉受理之日起四十五个工作日内未能达成调解协议",
       "第二十一条第一款第（五）项"},
      {"inadmissible", "受理后发现存在本办法第十五条规定情形", "第二十一条第一款第（六）项"},
      {"other_law", "法律、法规、规章规定的应当终止调解的其他情形", "第二十一条第一款第（七）项"},
  };
  return k;
}

const Ground* FindGround(const std::vector<Ground>& table, std::string_view code) {
  for (const Ground& g : table) {
    if (code == g.code) return &g;
  }
  return nullptr;
}

const std::vector<Channel>& Channels() {
  static const std::vector<Channel> k = {
      {"portal", "网上（门户表单）"}, {"hotline", "12315 热线电话"}, {"letter", "信函、传真"},
      {"visit", "来访（窗口）"},      {"import", "批量导入"},        {"api", "平台接口"},
      {"fair", "展会现场"},
  };
  return k;
}

bool IsChannel(std::string_view code) {
  return std::any_of(Channels().begin(), Channels().end(),
                     [code](const Channel& c) { return code == c.code; });
}

const std::vector<Subject>& Subjects() {
  static const std::vector<Subject> k = {
      {"trademark", "商标", {"market_regulation"}},
      {"patent", "专利", {"ip_office", "market_regulation"}},
      {"copyright", "著作权", {"copyright"}},
      {"geographic_indication", "地理标志", {"market_regulation", "ip_office"}},
      {"counterfeit_goods", "假冒伪劣商品", {"market_regulation"}},
      {"product_quality", "产品质量", {"market_regulation"}},
      {"consumer_rights", "消费者权益", {"market_regulation"}},
      {"other", "其他", {"market_regulation"}},
  };
  return k;
}

const Subject* FindSubject(std::string_view code) {
  for (const Subject& s : Subjects()) {
    if (code == s.code) return &s;
  }
  return nullptr;
}

std::vector<FieldProblem> ValidateIntake(const Intake& in) {
  std::vector<FieldProblem> out;
  auto add = [&out](std::string field, std::string message) {
    out.push_back({std::move(field), std::move(message)});
  };
  if (!IsChannel(in.channel)) add("channel", "来源渠道无效");
  if (!FindSubject(in.subject)) add("subject", "事项类别无效");
  if (!IsSixDigits(in.respondent_region)) {
    add("respondent_region", "请填写被投诉（举报）人所在地的行政区划代码（6 位数字）");
  }
  if (Blank(in.respondent_name)) add("respondent_name", "请填写被投诉（举报）人的名称或姓名");
  if (Blank(in.facts)) {
    add("facts", in.kind == Kind::kComplaint ? "请填写消费者权益争议事实"
                                             : "请填写涉嫌违法的具体线索（第二十四条）");
  }
  int complainants = 0, representatives = 0, agents = 0;
  for (size_t i = 0; i < in.persons.size(); ++i) {
    const Person& p = in.persons[i];
    std::string prefix = "persons[" + std::to_string(i) + "].";
    if (p.role == "complainant") {
      ++complainants;
    } else if (p.role == "representative") {
      ++representatives;
    } else if (p.role == "agent") {
      ++agents;
    } else {
      add(prefix + "role", "身份应为 complainant、representative 或 agent");
      continue;
    }
    if (Blank(p.name)) add(prefix + "name", "请填写姓名或名称");
    if (Blank(p.phone)) add(prefix + "phone", "请填写联系电话");
    if (in.kind == Kind::kComplaint && p.role != "agent" && Blank(p.address)) {
      add(prefix + "address", "请填写通讯地址（第九条）");
    }
    if (p.role == "agent" && Blank(p.id_number)) {
      add(prefix + "id_number", "受托人须提供身份证明（第十条）");
    }
  }
  if (representatives > 2) add("persons", "共同投诉最多推选两名代表人（第十一条）");
  if (agents > 1) add("persons", "只能有一名受托人");
  if (agents > 0 && !in.power_of_attorney) {
    add("power_of_attorney", "委托他人投诉须提供授权委托书原件（第十条）");
  }
  if (in.kind == Kind::kComplaint) {
    if (in.anonymous) add("anonymous", "投诉不能匿名：须提供投诉人的姓名、电话和通讯地址（第九条）");
    if (complainants == 0) add("persons", "请填写投诉人的姓名、电话和通讯地址（第九条）");
    if (representatives > 0 && complainants < 2) {
      add("persons", "只有两名以上投诉人共同投诉时才推选代表人（第十一条）");
    }
    if (Blank(in.respondent_address)) add("respondent_address", "请填写被投诉人的地址（第九条）");
    if (Blank(in.request)) add("request", "请填写具体的投诉请求（第九条）");
  } else {
    if (in.anonymous && !in.persons.empty()) {
      add("persons", "匿名举报不填写举报人信息");
    }
    if (!in.anonymous && complainants == 0) {
      add("persons", "实名举报请填写举报人的姓名和联系电话，或选择匿名举报");
    }
    if (representatives > 0) add("persons", "举报不设代表人");
  }
  return out;
}

std::string AttachmentTypeProblem(std::string_view content_type, std::string_view bytes) {
  return core::FileTypeProblem(content_type, bytes, {"image/jpeg", "image/png", "application/pdf"});
}

std::string PrincipalName(const Intake& in) {
  if (in.anonymous) return "";
  for (const Person& p : in.persons) {
    if (p.role == "complainant") return p.name;
  }
  return "";
}

}  // namespace ipe::complaints
