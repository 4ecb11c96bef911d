// zh-CN names of audit actions and object types (the `audit` area of src/i18n/zh-CN.js, issue 14):
// audit.action.<area>.<verb> for the action code "<area>.<verb>", audit.entity.<type>.
export default {
  action: {
    session: { login: '登录', logout: '退出登录' },
    user: { create: '新建用户', update: '修改用户', password: '重置密码' },
    token: { create: '新建 API 令牌', revoke: '吊销 API 令牌' },
    agency: { create: '新建机构', update: '修改机构', sync: '同步机构名录' },
    calendar: { load: '载入节假日安排' },
    case: { create: '登记案件', update: '修改案件', close: '结案', import: '导入案件' },
    transfer: {
      start: '启动移送', approve: '批准移送', reject: '不予移送', send: '移送公安机关', receive: '接收移送',
      forward: '转送', file: '立案', not_file: '不予立案', handover: '移交涉案物品', request_review: '提请复议',
      review_uphold: '维持不予立案', review_reverse: '撤销不予立案', propose_supervision: '建议立案监督',
      return: '反向移送', extend: '延长办理期限',
    },
    supervision: { create: '发起检察监督', answer: '答复检察监督' },
    lead: {
      create: '登记线索', import: '导入线索', accept: '受理线索', dismiss: '不予受理', merge: '合并线索',
      reassign: '改派线索', convert: '线索转为案件', alert: '串并预警', alert_ack: '处理串并预警',
      access_request: '申请查看线索', access_approve: '同意查看申请', access_refuse: '不同意查看申请',
    },
    monitoring: { scan: '提交监测扫描', confirm: '确认监测结果', dismiss: '驳回监测结果' },
    brand: { create: '新建品牌', update: '修改品牌', import: '导入品牌库' },
    hit: { confirm: '确认监测结果', dismiss: '驳回监测结果' },
    export: { brands: '导出品牌库', plan_matrix: '导出任务矩阵', cases: '导出案件' },
    plan: {
      import: '导入工作要点', due_date: '设置完成时限', due_dates: '批量设置完成时限', assign_holder: '指定承办单位',
      notice: '发送督办通知', notice_ack: '签收通知', report: '报送工作进展', rubric: '修改考核细则', score: '考核评分',
    },
  },
  entity: {
    user: '用户', agency: '机构', token: 'API 令牌', session: '会话', case: '案件', transfer: '移送',
    supervision: '检察监督', lead: '线索', lead_alert: '串并预警', lead_access_request: '查看申请',
    monitoring_scan: '监测扫描', hit: '监测结果', brand: '品牌', calendar_year: '节假日年度', plan: '工作要点',
    plan_assignment: '任务分工', plan_notice: '督办通知', plan_report: '进展报告', plan_score: '考核评分',
    plan_unassigned: '待指定单位',
  },
};
