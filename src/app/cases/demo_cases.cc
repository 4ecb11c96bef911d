// Demo cases in every state of the two-law-linkage workflow, created through the real use cases
// (so their findings, timelines, clocks and audit records are genuine).
#include "app/cases/demo_cases.h"

#include "app/accounts/accounts.h"
#include "app/cases/case_store.h"
#include "app/cases/cases.h"
#include "app/cases/transfers.h"
#include "app/credit/credit.h"

namespace ipe::app {
namespace {

struct DemoCase {
  const char* number;
  const char* title;
  const char* conduct;
  const char* category;
  int days_ago;          // act date relative to today, so the demo works under any clock
  int64_t business_fen;  // 非法经营数额
  int64_t sales_fen;     // 销售金额 (0 = not given)
  const char* company;
  const char* uscc;
  // How far the workflow goes: "open", "transfer_started", "approved", "sent", "filed",
  // "not_filed_supervised", "closed_penalty" (以罚代刑 candidate when over threshold).
  const char* stage;
  // Issue 18's dimensions (nullptr: not filled in, shown as 未填写).
  const char* channel;
  const char* trade;
  const char* goods_class;
};

constexpr DemoCase kCases[] = {
    {"沪市监案〔2025〕101号", "某贸易公司销售假冒耐克运动鞋案", "sell_counterfeit_goods", "trademark",
     40, 0, 1200000, "上海某贸易有限公司", "91310110666007217T", "open", "offline", "domestic", "25"},
    {"沪市监案〔2025〕102号", "某服饰公司假冒阿迪达斯注册商标案", "counterfeit_trademark", "trademark",
     70, 8600000, 0, "上海某服饰有限公司", nullptr, "transfer_started", "online", "domestic", "25"},
    {"沪市监案〔2025〕103号", "某电子公司假冒华为注册商标案", "counterfeit_trademark", "trademark",
     95, 26000000, 0, "上海某电子科技有限公司", nullptr, "approved", "offline", "export", "09"},
    {"沪市监案〔2025〕104号", "某箱包店销售假冒路易威登商品案", "sell_counterfeit_goods", "trademark",
     110, 0, 7500000, "上海某箱包经营部", nullptr, "sent", "online", "import", "18"},
    {"沪市监案〔2024〕205号", "某化妆品公司假冒注册商标案", "counterfeit_trademark", "trademark",
     160, 6200000, 0, "上海某化妆品有限公司", nullptr, "filed", "online", "domestic", "03"},
    {"沪市监案〔2024〕206号", "某五金店非法制造注册商标标识案", "illegal_marks", "trademark",
     195, 5300000, 0, "上海某五金经营部", nullptr, "not_filed_supervised", nullptr, nullptr, nullptr},
    {"沪市监案〔2024〕207号", "某商行销售假冒白酒案", "sell_counterfeit_goods", "trademark",
     230, 0, 6800000, "上海某商行", nullptr, "closed_penalty", "offline", "domestic", "33"},
    {"沪市监案〔2024〕208号", "某小店销售假冒洗发水案", "sell_counterfeit_goods", "trademark",
     245, 0, 1800000, "上海某日用品店", nullptr, "closed_penalty", "offline", nullptr, "03"},
};

}  // namespace

core::Result<int> LoadCasesDemo(Context& ctx) {
  IPE_ASSIGN_OR_RETURN(Principal officer, PrincipalForLogin(ctx, "sh_officer"));
  IPE_ASSIGN_OR_RETURN(Principal head, PrincipalForLogin(ctx, "sh_head"));
  IPE_ASSIGN_OR_RETURN(Principal police, PrincipalForLogin(ctx, "sh_police"));
  IPE_ASSIGN_OR_RETURN(Principal prosecutor, PrincipalForLogin(ctx, "sh_prosecutor"));
  int created = 0;
  bool published_one = false;
  for (const DemoCase& d : kCases) {
    {
      IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
      IPE_ASSIGN_OR_RETURN(auto existing, CaseStore(*tx).IdByNumber(officer.agency_id, d.number));
      if (existing) continue;
    }
    CaseInput in;
    in.case_number = d.number;
    in.title = d.title;
    in.category = d.category;
    in.conduct = d.conduct;
    in.source = "inspection";
    in.act_date_from = core::LocalDate(ctx.Now()).AddDays(-d.days_ago);
    in.campaign_tags = {"铁拳" + std::to_string(in.act_date_from->Year())};
    if (d.business_fen) in.amounts.illegal_business = core::Fen(d.business_fen);
    if (d.sales_fen) in.amounts.sales = core::Fen(d.sales_fen);
    if (d.channel) in.channel = d.channel;
    if (d.trade) in.trade = d.trade;
    if (d.goods_class) in.goods_class = d.goods_class;
    CaseParty company;
    company.name = d.company;
    if (d.uscc) company.uscc = d.uscc;
    in.parties.push_back(company);
    CaseParty person;
    person.kind = "person";
    person.name = "王某某";
    person.id_number = "11010519491231002X";
    person.phone = "13900139000";
    person.role = "legal_representative";
    in.parties.push_back(person);
    IPE_ASSIGN_OR_RETURN(Case c, CreateCase(ctx, officer, in));
    ++created;
    std::string stage = d.stage;
    if (stage == "open") continue;
    if (stage == "closed_penalty") {
      CaseClosing closing;
      closing.penalty_decision_no = std::string("沪市监罚决字 ") + d.number;
      closing.penalty_date = core::LocalDate(ctx.Now());
      closing.fine = core::Fen::FromYuan(50000);
      closing.confiscation = "没收侵权商品";
      closing.destruction_ordered = true;
      IPE_RETURN_IF_ERROR(CloseCase(ctx, officer, c.id, closing).status());
      // The first such case's disclosure is reviewed and published (the portal then has a
      // record); the others stay drafts in the agency's queue.
      if (!published_one) {
        DisclosureFilter of_case;
        of_case.q = *closing.penalty_decision_no;
        IPE_ASSIGN_OR_RETURN(auto drafts, ListDisclosures(ctx, officer, of_case, {1, 20}));
        for (const Disclosure& dr : drafts.items) {
          if (dr.case_id != c.id || dr.status != "draft") continue;
          IPE_ASSIGN_OR_RETURN(Disclosure edited,
                               UpdateDisclosureDraft(ctx, officer, dr.id,
                                                     {dr.violation_type, dr.facts,
                                                      "《中华人民共和国商标法》第六十条第二款"},
                                                     dr.version));
          IPE_RETURN_IF_ERROR(PublishDisclosure(ctx, officer, dr.id, edited.version).status());
          published_one = true;
        }
        // The office draws a typical case (以案释法) from it and publishes it on the portal.
        IPE_ASSIGN_OR_RETURN(auto office, PrincipalForLogin(ctx, "office"));
        TypicalCaseInput typical;
        typical.case_id = c.id;
        typical.title = d.title;
        typical.category = d.category;
        typical.body = std::string("经查，") + d.company +
                       "在未经商标注册人许可的情况下，购进并销售假冒他人注册商标的商品。其法定代表人"
                       "王某某（联系电话13900139000）对进货来源不能作出合理说明。执法人员现场扣押"
                       "侵权商品，上海市市场监督管理局依法责令立即停止侵权行为，没收侵权商品，并处罚款"
                       "人民币5万元。";
        typical.lesson = "销售明知是假冒注册商标的商品，既损害商标权利人的合法权益，也侵害消费者权益。"
                         "经营者应当建立进货查验制度，索取并留存供货方资质和商品来源凭证。";
        IPE_ASSIGN_OR_RETURN(TypicalCase draft, CreateTypicalCase(ctx, office, typical));
        IPE_RETURN_IF_ERROR(PublishTypicalCase(ctx, office, draft.id, draft.version).status());
      }
      continue;
    }
    IPE_ASSIGN_OR_RETURN(Transfer t, StartCaseTransfer(ctx, officer, c.id,
                                                       {{"sh_officer", "sh_head"},
                                                        "经专案组核实，涉案数额达到立案追诉标准。",
                                                        false}));
    if (stage == "transfer_started") continue;
    IPE_RETURN_IF_ERROR(ActOnTransfer(ctx, head, t.id, {"approve", "", {}, {}, "", ""}).status());
    if (stage == "approved") continue;
    IPE_ASSIGN_OR_RETURN(auto police_agency, PrincipalForLogin(ctx, "sh_police"));
    TransferAction send{"send", "", police_agency.agency_id, {true, true, true, true, false}, "", ""};
    IPE_RETURN_IF_ERROR(ActOnTransfer(ctx, officer, t.id, send).status());
    if (stage == "sent") continue;
    IPE_RETURN_IF_ERROR(ActOnTransfer(ctx, police, t.id, {"receive", "", {}, {}, "", ""}).status());
    if (stage == "filed") {
      IPE_RETURN_IF_ERROR(ActOnTransfer(ctx, police, t.id, {"file", "", {}, {}, "", ""}).status());
      continue;
    }
    IPE_RETURN_IF_ERROR(
        ActOnTransfer(ctx, police, t.id, {"not_file", "现有证据不足以证明达到追诉标准", {}, {}, "", ""})
            .status());
    IPE_RETURN_IF_ERROR(
        Supervise(ctx, prosecutor, c.id, "request_reasons", "请书面说明不立案理由").status());
  }
  return created;
}

}  // namespace ipe::app
