// zh-CN messages of the cases module (案件): the `cases` area of src/i18n/zh-CN.js.
// Vocabularies are keyed by their API codes (docs/api.md); server-sent names are shown as sent.
export default {
  tabs: { list: '案件列表', incoming: '移送接收', supervision: '检察监督', alerts: '预警' },
  status: { open: '办理中', closed: '已结案' },
  transferStatus: {
    awaiting_decision: '待审批', approved: '已批准待移送', rejected: '不予移送', sent: '已移送待接收', accepted: '已接收',
    filed: '已立案', not_filed: '不予立案', handed_over: '已移交', review_requested: '复议中', review_upheld: '复议维持',
    supervision_proposed: '已建议立案监督', returned: '已反向移送',
  },
  deadline: { none: '无期限', ok: '期限内', due_soon: '即将到期', overdue: '已超期' },
  alert: { open: '未处理', resolved: '已解除' },
  field: {
    caseNumber: '案件编号', title: '案件名称', category: '案件类别', conduct: '违法行为', source: '案件来源',
    campaign: '专项行动', campaignYear: '年度', agency: '办案机关', region: '所属地区', status: '状态',
    actDate: '违法行为时间', actDateFrom: '开始日期', actDateTo: '结束日期', goods: '涉案商品',
    harmToHealth: '严重危害人体健康', parties: '当事人', rights: '被侵犯的权利', amounts: '涉案金额（元）',
    counts: '数量', createdAt: '登记时间', updatedAt: '更新时间', closedAt: '结案时间', thresholdMet: '是否达到追诉标准',
    version: '版本',
  },
  amount: {
    illegal_business: '非法经营数额', illegal_gains: '违法所得', sales: '销售金额', unsold_value: '货值金额',
    loss: '损失数额',
  },
  count: { marks: '标识件数', copies: '复制品数量', rights_involved: '涉及权利数' },
  party: {
    kind: '类型', company: '单位', person: '个人', name: '名称/姓名', uscc: '统一社会信用代码', idNumber: '身份证号',
    phone: '联系电话', address: '住址', role: '身份', add: '添加当事人', remove: '删除',
    roles: { party: '当事人', legal_representative: '法定代表人', accomplice: '共同违法人' },
    masked: '您不属于办案机关，自然人的个人信息已按规定脱敏显示。',
  },
  right: {
    kind: '权利类型', regNumber: '注册号/专利号/登记号', holder: '权利人', description: '说明', add: '添加权利', remove: '删除',
    kinds: {
      trademark: '注册商标', patent: '专利', copyright: '著作权', geographic_indication: '地理标志',
      plant_variety: '植物新品种', trade_secret: '商业秘密',
    },
  },
  list: {
    create: '登记案件', keywordPlaceholder: '编号、名称、商品、当事人（1–2 个字也可）', met: '达到追诉标准',
    notMet: '未达到', csvName: '案件', transfer: '移送',
  },
  form: {
    createTitle: '登记案件', editTitle: '编辑案件', basics: '基本信息', amountHint: '单位：元，最多两位小数，不填表示未认定',
    amountFormat: '请输入金额（元），最多两位小数', amountNegative: '金额不能为负数', amountTooLarge: '金额过大',
    countFormat: '请输入非负整数', saved: '案件已保存', created: '案件已登记',
    conflict: '该案件已被他人修改或已结案（版本冲突）。请重新加载后再修改。', reload: '重新加载',
    campaignPick: '选择专项行动', addCampaign: '添加', back: '返回',
  },
  detail: {
    title: '案件详情', edit: '编辑', close: '结案', startTransfer: '启动移送', basics: '案件信息',
    findings: '追诉标准认定', timeline: '办理时间线', transfer: '移送公安（两法衔接）', noFindings: '尚无认定结果：需填写违法行为、违法行为时间（据此确定适用的司法解释）和涉案金额',
    noTransfer: '尚未启动移送。', noEvents: '暂无记录', penalty: '行政处罚', notFound: '案件不存在或不在您的管辖范围内',
    back: '返回列表',
  },
  finding: {
    article: '刑法条文', crime: '罪名', met: '是否达到', level: '档次', basis: '认定依据', source: '规则来源',
    confidence: '可信度', unconfirmed: '未核实', unconfirmedNote: '标有“未核实”的规则尚未与法律原文核对，仅供参考。',
    levels: { basic: '基本', aggravated: '情节特别严重', attempt: '未遂', repeat_offender: '再犯（从重）', suspicion: '合理怀疑' },
    confidences: { C: '已核对原文', S: '二手资料', M: '未核实' },
    metYes: '达到', metNo: '未达到', articleN: '第{n}条',
  },
  transfer: {
    status: '移送状态', currentStep: '当前环节', dueAt: '办理期限', remaining: '剩余 {d} 天 {h} 小时 {m} 分',
    overdueBy: '已超期 {d} 天 {h} 小时 {m} 分', noDeadline: '本环节无固定期限', police: '接收公安机关',
    suspicionOnly: '涉嫌犯罪（合理怀疑，知识产权案件）', documents: '移送材料（《行政执法机关移送涉嫌犯罪案件的规定》第六条）',
    history: '办理记录', step: '环节', at: '时间', actor: '操作人', decision: '决定', reasons: '理由', onTime: '是否按时',
    onTimeYes: '按时', onTimeNo: '超期', actionsTitle: '可执行的操作', noActions: '当前环节无需您操作。',
    docs: {
      transfer_letter: '涉嫌犯罪案件移送书', investigation_report: '涉嫌犯罪案件情况的调查报告', items_list: '涉案物品清单',
      inspection_reports: '有关检验报告或者鉴定结论', other: '其他有关涉嫌犯罪的材料',
    },
    steps: {
      start: '启动移送（专案组核实）', verify_and_report: '专案组核实并提出书面报告', head_decision: '负责人审批', transfer_to_police: '向公安机关移送',
      police_receipt: '公安机关接收', police_forward: '公安机关接收/转送', police_filing_decision: '公安机关立案审查',
      agency_review_request: '提请复议', police_review_decision: '公安机关复议', agency_supervision_proposal: '建议检察院立案监督',
      handover_items: '移交涉案物品', done: '已办结',
    },
    actions: {
      approve: '批准移送', reject: '不批准', send: '移送公安机关', receive: '接收', forward: '转送有管辖权的机关',
      file: '立案', not_file: '不予立案', handover: '移交涉案物品', request_review: '提请复议',
      review_uphold: '维持不予立案', review_reverse: '撤销原决定、立案', propose_supervision: '建议检察院立案监督',
      return: '反向移送（退回行政机关）',
    },
    start: {
      title: '启动移送', team: '专案组成员', teamHint: '至少 2 名执法人员的登录名，输入后回车', report: '书面报告',
      suspicion: '知识产权案件：有合理理由怀疑涉嫌犯罪（第三条第二款）', teamMin: '专案组至少需要 2 名执法人员',
      reportRequired: '请填写书面报告', started: '已启动移送，等待负责人审批',
    },
    dialog: { title: '{action}', reasons: '理由', reasonsRequired: '请填写理由（依法记录在案）', police: '公安机关', policeRequired: '请选择公安机关', done: '已提交：{action}' },
  },
  close: {
    title: '结案', kind: '结案方式', kinds: { penalty: '行政处罚', dismissed: '不予处罚/撤销' },
    decisionNo: '处罚决定书文号', date: '处罚决定日期', fine: '罚款（元）', confiscation: '没收', destruction: '责令销毁侵权物品',
    riskTitle: '以罚代刑风险', risk: '本案已达到刑事追诉标准且尚未移送公安机关。依法应当移送，不得以行政处罚代替移送（《行政执法机关移送涉嫌犯罪案件的规定》第十一条）。若仍结案，系统将向机关负责人和同级检察院发出“以罚代刑”预警。',
    confirmRisk: '我已知悉上述风险，仍要结案', closed: '案件已结案', decisionRequired: '请填写处罚决定书文号',
  },
  supervision: {
    title: '检察监督', candidates: '以罚代刑线索（达到追诉标准但未移送即结案）', transfers: '移送案件', actions: '监督事项',
    requestReasons: '要求说明不立案理由', notifyFiling: '通知立案', suggestTransfer: '建议移送',
    kinds: { request_reasons: '要求说明不立案理由（7 日）', notify_filing: '通知立案（15 日）', suggest_transfer: '建议移送' },
    note: '监督意见', dueAt: '答复期限', answer: '答复', answeredAt: '答复时间', created: '监督事项已发出', kind: '事项',
    answerTitle: '答复监督事项', noCandidates: '暂无以罚代刑线索', case: '案件', agency: '办案机关', fine: '罚款',
  },
  incoming: { title: '移送接收', onlyMine: '仅显示移送给本机关的', state: '期限状态', case: '案件', from: '移送机关', open: '办理' },
  alerts: {
    kind: '预警类型', message: '内容', createdAt: '预警时间', resolvedAt: '解除时间', case: '案件', state: '状态',
    kinds: { penalty_instead_of_prosecution: '以罚代刑', deadline_overdue: '办理超期' },
  },
  apiMissing: '服务器尚未提供案件接口（{path}）。',
};
