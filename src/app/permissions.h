#pragma once
// The one place where permission decisions are made. Use cases call these before touching data;
// handlers never check roles themselves.

#include <initializer_list>
#include <string_view>
#include <vector>

#include "app/principal.h"
#include "core/status.h"

namespace ipe::app {

/// True when `code` lies in the subtree of `ancestor` in the GB/T 2260 table (core/region.h):
/// "000000" covers every code; below it a code the table does not know is in no scope.
bool RegionWithin(std::string_view ancestor, std::string_view code);

/// What a session may do (issue 14). Each capability is granted to a set of roles in one table
/// (permissions.cc); the use cases check them with RequireCapability, and GET /api/v1/session
/// reports the session's list (CapabilityCodes) so that the UI shows only the menus, tabs, buttons
/// and routes the server will answer — one source of truth. Scope (region subtree, own agency)
/// and turn-taking (whose step of a transfer it is) are checked by the use cases on top.
enum class Capability {
  kCaseList,            // case.list — 案件列表 (records within scope)
  kCaseWrite,           // case.write — 登记、修改案件
  kTransferStart,       // transfer.start — 启动移送
  kTransferApprove,     // transfer.approve — 审批移送 (负责人)
  kTransferIncoming,    // transfer.incoming — 接收移送 (公安机关)
  kTransferList,        // transfer.list — 移送与期限 (own agency or supervised region)
  kSupervisionRead,     // supervision.read — 检察监督 (view)
  kSupervisionAct,      // supervision.act — 发起检察监督
  kCaseAlertsRead,      // case_alert.read — 案件预警
  kLeadList,            // lead.list — 线索列表
  kLeadWrite,           // lead.write — 登记、研判线索
  kLeadConvert,         // lead.convert — 线索转为案件
  kLeadReassign,        // lead.reassign — 改派线索
  kLeadAlertsRead,      // lead_alert.read — 串并预警
  kLeadAlertsHandle,    // lead_alert.handle — 处理串并预警
  kLeadAccessDecide,    // lead_access.decide — 审批查看申请
  kMonitoringQueue,     // monitoring.queue — 监测待研判队列
  kMonitoringReview,    // monitoring.review — 研判监测线索
  kMonitoringScan,      // monitoring.scan — 提交监测扫描
  kMonitoringRegistry,  // monitoring.registry — 维护品牌库
  kPlanRead,            // plan.read — 工作要点
  kPlanManage,          // plan.manage — 导入、分解、考核工作要点
  kPlanReport,          // plan.report — 报送工作进展
  kAgencyRead,          // agency.read — 机构列表
  kAgencyWrite,         // agency.write — 新建、修改机构
  kUserRead,            // user.read — 用户列表
  kUserWrite,           // user.write — 新建、修改用户、重置密码
  kTokenManageOthers,   // token.manage_others — 管理他人的 API 令牌
  kAuditRead,           // audit.read — 审计日志
  kCalendarLoad,        // calendar.load — 载入节假日安排
  kCreditRead,          // credit.read — 行政处罚信息公示、信用修复、严重违法失信名单 (scope-filtered)
  kCreditWrite,         // credit.write — 审核公示、决定信用修复、列入或移出名单 (own agency)
  kCreditExport,        // credit.export — 导出公示信息（信用信息共享平台）
  kCreditSupervise,     // credit.supervise — 公示工作监督统计
  kTypicalCaseManage,   // typical_case.manage — 编写、发布、撤下典型案例（以案释法）
  kIpFindingRecord,     // ip_finding.record — 记录、撤销恶意商标注册与非正常专利申请的认定 (知识产权局)
  kCustodyRead,         // custody.read — 涉案物品台账、销毁记录 (scope-filtered)
  kCustodyWrite,        // custody.write — 登记涉案物品、出入库、申请和执行销毁 (own agency)
  kDestructionApprove,  // destruction.approve — 审批销毁申请 (负责人)
  kDestructionUnitManage,  // destruction_unit.manage — 维护无害化销毁单位名录
  kComplaintList,       // complaint.list — 投诉举报（本机构或监督的区域）
  kComplaintIntake,     // complaint.intake — 登记投诉举报（热线、信函、来访、导入、接口）
  kComplaintHandle,     // complaint.handle — 承办：受理、调解、核查、转为线索、告知
  kComplaintRoute,      // complaint.route — 分送、改派、指定管辖
  kComplaintFair,       // complaint.fair — 展会维权：登记、修改展会（市场监管、知识产权部门，办公室）
  kStatisticsRead,      // statistics.read — 统计与形势研判 (figures within scope)
  kDestructionRead,     // destruction.read — 销毁计划与结果、销毁活动、通报 (custody.read roles and 生态环境部门; scope-filtered)
  kDestructionCampaignManage,  // destruction_campaign.manage — 组织销毁活动 (office)
  kEventSubscriptionManage,    // event_subscription.manage — 事件订阅与投递失败处理 (admin)
  kRegionSupervisionRead,      // region_supervision.read — 地区督办（通报、约谈、挂牌督办）(region subtree or responsible agency)
  kRegionSupervisionManage,    // region_supervision.manage — 作出督办决定、审核、延期、销号 (office)
  kRegionSupervisionReport,    // region_supervision.report — 责任单位报送整改进展 (officer, agency_head)
  kCooperationManage,          // cooperation.manage — 维护区域协作组 (office; national region checked by the use case)
  kStatisticsPublish,          // statistics.publish — 公开、撤回年度统计数字 (office; national region checked by the use case)
  kAssessmentRead,             // assessment.read — 平安建设考核结果（考核办公室看全部；其他人看本地区已公布的）
  kAssessmentManage,           // assessment.manage — 制定评分细则、人工评分、公布考核 (office of the nation or a province)
};
/// The last enumerator (tests walk them all).
inline constexpr Capability kLastCapability = Capability::kAssessmentManage;

/// The capability's code as the API reports it ("case.write").
const char* CapabilityCode(Capability c);

/// Whether any of the principal's roles is granted `c` (the system principal holds all).
bool Can(const Principal& p, Capability c);

/// PermissionDenied ("无权<action_zh>") unless Can(p, c).
core::Status RequireCapability(const Principal& p, Capability c, std::string_view action_zh);

/// The codes of every capability the principal holds, in table order.
std::vector<std::string> CapabilityCodes(const Principal& p);

/// PermissionDenied unless the principal holds one of the roles (the system principal passes).
core::Status RequireAnyRole(const Principal& p, std::initializer_list<Role> roles,
                            std::string_view action_zh);

/// PermissionDenied unless `region_code` is inside the principal's region subtree.
core::Status RequireRegion(const Principal& p, std::string_view region_code);

/// Supervisory roles (office, prosecutor, auditor, admin; and the system) see every agency of
/// their region subtree; everyone else works their own agency's records.
bool SeesWholeRegion(const Principal& p);

/// Whether the principal may see a record owned by an agency in a region: supervisory roles
/// (office, prosecutor, auditor, admin) see every agency in their region subtree; everyone else
/// sees their own agency's records within their region subtree.
bool CanSeeRecord(const Principal& p, int64_t owner_agency_id, std::string_view owner_region);

}  // namespace ipe::app
