// zh-CN messages of the credit module (信用与公示): i18n key `credit.*`.
export default {
  tabs: { disclosures: '行政处罚信息公示' },
  status: { draft: '待公示', published: '已公示', withheld: '不予公示', withdrawn: '已撤下' },
  penaltyKind: {
    warning: '警告', criticism: '通报批评', fine: '罚款', confiscate_gains: '没收违法所得', confiscate_property: '没收非法财物',
    suspend_permit: '暂扣许可证件', lower_qualification: '降低资质等级', revoke_permit: '吊销许可证件',
    restrict_operation: '限制开展生产经营活动', order_suspension: '责令停产停业', order_closure: '责令关闭',
    restrict_employment: '限制从业', revoke_license: '吊销营业执照',
  },
  withholdReason: {
    minor: '当事人为未成年人', state_secret: '涉及国家秘密', commercial_secret: '涉及商业秘密', privacy: '涉及个人隐私',
    other: '其他依法不予公开的情形',
  },
  withdrawKind: {
    revoked: '行政处罚决定被撤销', changed: '行政处罚决定被变更', confirmed_illegal: '行政处罚决定被确认违法', void: '行政处罚决定被确认无效',
  },
  redaction: { resident_id: '身份证号', phone: '电话', bank_account: '银行账号', address: '详细地址', person_name: '他人姓名' },
  qHint: '当事人、信用代码或决定书文号', overdueOnly: '仅看已超期',
  hint: '案件以行政处罚结案后自动生成公示草稿；须自作出决定之日起 20 个工作日内审核公示（总局令第45号 第九条）。',
  decisionNo: '决定书文号', party: '当事人', penalty: '处罚内容', decisionDate: '决定日期', deadline: '公示时限',
  noDeadline: '时限待定（节假日安排未载入）', overdue: '已超期', shownUntil: '公示至 {date}', review: '审核',
  detailTitle: '行政处罚信息公示', overdueAlert: '已超过公示时限，请尽快审核公示（逾期情况将通报领导小组办公室）。',
  idNumber: '身份证号', creditCode: '统一社会信用代码', agency: '作出决定的机关', target: '“双公示”提示时限 {at}（未经核实）',
  publishedAt: '公示时间', displayUntil: '公示截止', displayBasis: '公示期依据', withheldReason: '不予公示理由',
  withdrawReason: '撤下理由', violationType: '违法行为类型', facts: '主要违法事实', legalBasis: '处罚依据',
  legalBasisHint: '如：《中华人民共和国商标法》第六十条第二款', publicFacts: '公示内容预览（已脱敏）',
  redacted: '已自动隐去：{kinds}', reviewHint: '公示前请核对预览：系统按号码、地址的形态自动脱敏，健康状况等需人工删除。',
  required: '不能为空', save: '保存', saved: '已保存', publish: '公示', withhold: '不予公示', withdraw: '撤下',
  publishConfirm: '公示后，当事人信息和处罚内容将在公示平台向社会公开，直至公示期满。确定公示吗？',
  published: '已公示，公示至 {date}', withheldTitle: '不予公示', withholdTitle: '不予公示', reason: '理由', note: '说明',
  withheld: '已决定不予公示', withdrawTitle: '撤下公示信息', withdrawBody: '处罚决定被撤销、变更或确认违法、无效的，应自其发生之日起 3 个工作日内撤下（第十一条）。撤下后公众将无法查询该记录。',
  withdrawKindLabel: '撤下原因', changedOn: '决定变更日期', withdrawn: '已撤下',
};
