#include "app/accounts/audit_vocabulary.h"

#include <algorithm>

namespace ipe::app {
namespace {

const AuditTerm* Find(const std::vector<AuditTerm>& terms, std::string_view code) {
  auto it = std::find_if(terms.begin(), terms.end(),
                         [&](const AuditTerm& t) { return t.code == code; });
  return it == terms.end() ? nullptr : &*it;
}

std::string_view Label(const AuditTerm* t, std::string_view code, bool english) {
  if (!t) return code;
  return english ? t->en : t->zh;
}

}  // namespace

const std::vector<AuditTerm>& AuditActions() {
  static const std::vector<AuditTerm> k = {
      {"session.login", "登录", "Log in"},
      {"session.logout", "退出登录", "Log out"},
      {"user.create", "新建用户", "Create user"},
      {"user.update", "修改用户", "Update user"},
      {"user.password", "重置密码", "Reset password"},
      {"token.create", "新建 API 令牌", "Create API token"},
      {"token.revoke", "吊销 API 令牌", "Revoke API token"},
      {"agency.create", "新建机构", "Create agency"},
      {"agency.update", "修改机构", "Update agency"},
      {"agency.sync", "同步机构名录", "Sync agencies"},
      {"calendar.load", "载入节假日安排", "Load holiday arrangement"},
      {"case.create", "登记案件", "Register case"},
      {"case.update", "修改案件", "Update case"},
      {"case.close", "结案", "Close case"},
      {"case.import", "导入案件", "Import cases"},
      {"transfer.start", "启动移送", "Start transfer"},
      {"transfer.approve", "批准移送", "Approve transfer"},
      {"transfer.reject", "不予移送", "Reject transfer"},
      {"transfer.send", "移送公安机关", "Send to police"},
      {"transfer.receive", "接收移送", "Receive transfer"},
      {"transfer.forward", "转送", "Forward"},
      {"transfer.file", "立案", "File"},
      {"transfer.not_file", "不予立案", "Not file"},
      {"transfer.handover", "移交涉案物品", "Hand over goods"},
      {"transfer.request_review", "提请复议", "Request review"},
      {"transfer.review_uphold", "维持不予立案", "Uphold refusal"},
      {"transfer.review_reverse", "撤销不予立案", "Reverse refusal"},
      {"transfer.propose_supervision", "建议立案监督", "Propose supervision"},
      {"transfer.return", "反向移送", "Return"},
      {"transfer.extend", "延长办理期限", "Extend"},
      {"supervision.request_reasons", "要求说明不立案理由", "Request reasons for not filing"},
      {"supervision.notify_filing", "通知立案", "Notify filing"},
      {"supervision.suggest_transfer", "建议移送", "Suggest transfer"},
      {"supervision.answer", "答复检察监督", "Answer supervision"},
      {"lead.create", "登记线索", "Register lead"},
      {"lead.import", "导入线索", "Import leads"},
      {"lead.accept", "受理线索", "Accept lead"},
      {"lead.dismiss", "不予受理线索", "Dismiss lead"},
      {"lead.merge", "合并线索", "Merge leads"},
      {"lead.reassign", "改派线索", "Reassign lead"},
      {"lead.convert", "线索转为案件", "Convert lead"},
      {"lead.alert", "串并预警", "Cluster alert"},
      {"lead.alert_ack", "处理串并预警", "Handle alert"},
      {"lead.access_request", "申请查看线索", "Request access"},
      {"lead.access_approve", "同意查看申请", "Approve access"},
      {"lead.access_refuse", "不同意查看申请", "Refuse access"},
      {"monitoring.scan", "提交监测扫描", "Submit scan"},
      {"monitoring.scan.done", "监测扫描完成", "Scan finished"},
      {"monitoring.hit.confirm", "确认监测结果", "Confirm hit"},
      {"monitoring.hit.dismiss", "驳回监测结果", "Dismiss hit"},
      {"monitoring.brand.create", "新建品牌", "Create brand"},
      {"monitoring.brand.update", "修改品牌", "Update brand"},
      {"monitoring.brand.delete", "删除品牌", "Delete brand"},
      {"monitoring.brand.import", "导入品牌库", "Import brands"},
      {"export.brands", "导出品牌库", "Export brands"},
      {"export.plan_matrix", "导出任务矩阵", "Export task matrix"},
      {"plan.import", "导入工作要点", "Import plan"},
      {"plan.due_date", "设置完成时限", "Set due date"},
      {"plan.due_dates", "批量设置完成时限", "Set due dates"},
      {"plan.assign_holder", "指定承办单位", "Assign holder"},
      {"plan.notice", "发送督办通知", "Send notice"},
      {"plan.notice_ack", "签收通知", "Acknowledge notice"},
      {"plan.report", "报送工作进展", "Report progress"},
      {"plan.rubric", "修改考核细则", "Edit rubric"},
      {"plan.score", "考核评分", "Score"},
      {"disclosure.draft", "生成公示草稿", "Draft disclosure"},
      {"disclosure.update", "修改公示信息", "Update disclosure"},
      {"disclosure.publish", "公示处罚信息", "Publish disclosure"},
      {"disclosure.withhold", "决定不予公示", "Withhold disclosure"},
      {"disclosure.withdraw", "撤下公示信息", "Withdraw disclosure"},
      {"disclosure.export", "导出公示信息", "Export disclosures"},
      {"repair.apply", "收到信用修复申请", "Credit repair applied"},
      {"repair.approve", "同意信用修复", "Approve credit repair"},
      {"repair.refuse", "不同意信用修复", "Refuse credit repair"},
      {"serious_list.add", "列入严重违法失信名单", "Add to serious-violation list"},
      {"serious_list.remove", "移出严重违法失信名单", "Remove from serious-violation list"},
      {"credit.regrade", "重算信用风险分类", "Regrade credit risk"},
      {"credit.person_lookup", "查询个人信用档案", "Look up a person's credit record"},
      {"ip_finding.record", "记录知识产权失信认定", "Record IP misconduct finding"},
      {"ip_finding.revoke", "撤销知识产权失信认定", "Revoke IP misconduct finding"},
      {"typical_case.create", "新建典型案例", "Create typical case"},
      {"typical_case.update", "修改典型案例", "Update typical case"},
      {"typical_case.publish", "发布典型案例", "Publish typical case"},
      {"typical_case.withdraw", "撤下典型案例", "Withdraw typical case"},
      {"custody.store_create", "设立保管场所", "Create a store"},
      {"custody.register", "登记涉案物品", "Register a seized item"},
      {"custody.store_in", "物品入库", "Put an item into storage"},
      {"custody.move", "物品移库", "Move an item between stores"},
      {"custody.sample", "抽样取证", "Sample an item as evidence"},
      {"custody.return", "退还当事人", "Return an item to the owner"},
      {"custody.hand_over", "移交公安机关", "Hand an item to the police"},
      {"custody.retain", "留存（民事诉讼）", "Retain an item for a civil case"},
      {"custody.photo", "上传涉案物品照片", "Add a photo of a seized item"},
      {"destruction.apply", "申请销毁", "Apply for destruction"},
      {"destruction.approve", "批准销毁", "Approve a destruction"},
      {"destruction.reject", "不予批准销毁", "Reject a destruction"},
      {"destruction.execute", "记录销毁执行", "Record a destruction's execution"},
      {"destruction.supervise", "记录销毁监督", "Record a destruction's supervision"},
      {"destruction.close", "销毁办结", "Close a destruction"},
      {"destruction_unit.create", "名录新增销毁单位", "Add a destruction unit"},
      {"destruction_unit.update", "修改销毁单位", "Edit a destruction unit"},
      {"destruction_campaign.create", "组织销毁活动", "Create a destruction campaign"},
      {"destruction_campaign.close", "结束销毁活动", "Close a destruction campaign"},
      {"destruction.campaign_attach", "参加销毁活动", "Attach a destruction to a campaign"},
      {"destruction.campaign_detach", "退出销毁活动", "Detach a destruction from a campaign"},
      // 投诉举报 (docs/complaints.md)
      {"complaint.submit", "登记投诉举报", "Complaint entered"},
      {"complaint.assign", "指定承办人", "Assign a complaint"},
      {"complaint.transfer", "分送、改派投诉举报", "Transfer a complaint"},
      {"complaint.dispute", "提出管辖争议", "Jurisdiction dispute"},
      {"complaint.accept", "受理投诉", "Accept a complaint"},
      {"complaint.refuse", "不予受理投诉", "Refuse a complaint"},
      {"complaint.suspend", "检测鉴定暂停计时", "Pause for testing"},
      {"complaint.resume", "恢复计时", "Resume the clock"},
      {"complaint.end_mediation", "结束调解", "End mediation"},
      {"complaint.notify", "记录告知", "Record a notice"},
      {"complaint.extend", "延长核查期限", "Extend verification"},
      {"complaint.not_file", "举报不予立案", "Report not filed"},
      {"complaint.filed", "举报已立案", "Report filed"},
      {"complaint.convert", "投诉举报转为线索", "Complaint to lead"},
      {"complaint.attachment", "收到投诉举报附件", "Complaint attachment received"},
      {"complaint_fair.create", "登记展会", "Trade fair entered"},
      {"complaint_fair.update", "修改展会", "Trade fair changed"},
      // 统计 (docs/statistics.md)
      {"export.statistics", "导出统计数据", "Export statistics"},
      {"export.statistics_report", "下载形势报告", "Download a situation report"},
      {"statistics.rebuild", "重算统计汇总", "Recompute statistics"},
      {"region_supervision.open", "作出地区督办决定", "Open a regional supervision"},
      {"region_supervision.report", "报送督办整改进展", "Report rectification progress"},
      {"region_supervision.return", "退回继续整改", "Return for further rectification"},
      {"region_supervision.extend", "延长整改期限", "Extend the rectification deadline"},
      {"region_supervision.remove", "督办事项验收销号", "Remove a regional supervision after review"},
      {"cooperation_group.create", "新建区域协作组", "Create cooperation group"},
      {"cooperation_group.update", "修改区域协作组", "Change cooperation group"},
      {"statistics.publish", "公开年度统计数字", "Publish annual figures"},
      {"statistics.withdraw", "撤回公开的年度数字", "Withdraw published annual figures"},
      {"coop_meeting.create", "记录联席会议", "Record joint meeting"},
      {"psa_rubric.save", "保存平安建设考核评分细则", "Save assessment rubric"},
      {"psa_manual.set", "平安建设考核人工评分", "Enter manual assessment points"},
      {"psa_assessment.publish", "公布平安建设考核结果", "Publish assessment"},
      {"export.psa_assessment", "导出平安建设考核结果", "Export assessment"},
      {"coop_task.done", "办结联席会议任务", "Close joint-meeting task"},
      {"event_subscription.create", "新建事件订阅", "Create event subscription"},
      {"event_subscription.disable", "停用事件订阅", "Disable event subscription"},
      {"event_delivery.replay", "重新投递事件", "Replay event delivery"},
  };
  return k;
}

const std::vector<AuditTerm>& AuditEntityTypes() {
  static const std::vector<AuditTerm> k = {
      {"user", "用户", "User"},
      {"agency", "机构", "Agency"},
      {"api_token", "API 令牌", "API token"},
      {"session", "会话", "Session"},
      {"calendar_year", "节假日年度", "Holiday year"},
      {"case", "案件", "Case"},
      {"transfer", "移送", "Transfer"},
      {"lead", "线索", "Lead"},
      {"lead_alert", "串并预警", "Cluster alert"},
      {"lead_access_request", "查看申请", "Access request"},
      {"monitoring_scan", "监测扫描", "Scan"},
      {"monitoring_hit", "监测结果", "Hit"},
      {"brand", "品牌", "Brand"},
      {"plan", "工作要点", "Work plan"},
      {"plan_assignment", "任务分工", "Assignment"},
      {"plan_notice", "督办通知", "Notice"},
      {"plan_report", "进展报告", "Progress report"},
      {"plan_score", "考核评分", "Score"},
      {"plan_unassigned", "待指定单位", "Unassigned holder"},
      {"disclosure", "处罚信息公示", "Disclosure"},
      {"credit_repair", "信用修复申请", "Credit repair"},
      {"serious_listing", "严重违法失信名单", "Serious-violation listing"},
      {"credit_subject", "企业信用档案", "Credit subject"},
      {"credit_person", "个人信用档案", "Person's credit record"},
      {"ip_finding", "知识产权失信认定", "IP misconduct finding"},
      {"typical_case", "典型案例", "Typical case"},
      {"custody_store", "保管场所", "Store"},
      {"custody_item", "涉案物品", "Seized item"},
      {"destruction", "销毁", "Destruction"},
      {"destruction_unit", "销毁单位", "Destruction unit"},
      {"destruction_campaign", "销毁活动", "Destruction campaign"},
      {"complaint", "投诉举报", "Complaint or report"},
      {"complaint_fair", "展会", "Trade fair"},
      {"statistics", "统计指标", "Statistics"},
      {"region_supervision", "地区督办事项", "Regional supervision"},
      {"cooperation_group", "区域协作组", "Cooperation group"},
      {"stat_publication", "公开的年度数字", "Published annual figures"},
      {"coop_meeting", "联席会议", "Joint meeting"},
      {"psa_assessment", "平安建设考核", "Local-government assessment"},
      {"coop_task", "联席会议任务", "Joint-meeting task"},
      {"event_subscription", "事件订阅", "Event subscription"},
      {"event_delivery", "事件投递", "Event delivery"},
  };
  return k;
}

const AuditTerm* FindAuditAction(std::string_view code) { return Find(AuditActions(), code); }
const AuditTerm* FindAuditEntityType(std::string_view code) {
  return Find(AuditEntityTypes(), code);
}

std::string_view AuditActionLabel(std::string_view code, bool english) {
  return Label(FindAuditAction(code), code, english);
}
std::string_view AuditEntityLabel(std::string_view code, bool english) {
  return Label(FindAuditEntityType(code), code, english);
}

}  // namespace ipe::app
