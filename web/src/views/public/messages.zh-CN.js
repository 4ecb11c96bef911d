// zh-CN messages of the public portal: i18n key `public.*`.
export default {
  title: '知识产权领域行政处罚信息公示', subtitle: '依据《市场监督管理行政处罚信息公示规定》公开',
  footer: '公示信息由作出处罚决定的机关依法发布；自然人的身份证号已部分隐藏，住址、联系方式等个人信息不予公开。',
  searchTitle: '行政处罚信息查询', qLabel: '查询条件', qHint: '输入当事人名称、统一社会信用代码或处罚决定书文号',
  search: '查询', total: '共 {n} 条公示信息', totalAtLeast: '共 {n}+ 条公示信息', decidedOn: '决定日期 {date}',
  back: '← 返回查询', recordTitle: '行政处罚信息摘要', decisionNo: '处罚决定书文号', party: '当事人', creditCode: '统一社会信用代码',
  idNumber: '身份证号', violationType: '违法行为类型', facts: '主要违法事实', legalBasis: '处罚依据', penalty: '处罚内容',
  agency: '作出决定的机关', decisionDate: '作出决定日期', period: '公示期', periodText: '{from} 至 {to}',
  gone: '未找到该公示信息：可能尚未公示、已撤下或公示期已满。',
  repair: {
    title: '申请信用修复', intro: '受到行政处罚的当事人在公示满 6 个月（食品、药品、特种设备领域满 1 年）且已履行处罚决定、未再受到同类处罚、未被列入严重违法失信名单的，可以申请提前停止公示。',
    applicant: '申请人', phone: '联系电话', statement: '申请说明', statementHint: '说明履行处罚、整改情况，并作出守信承诺',
    fulfilled: '履行情况', fulfilledText: '已全部履行行政处罚决定（缴清罚款等）', submit: '提交申请', required: '不能为空',
    received: '申请已受理。受理编号 {no}，查询码 {code}（请妥善保存，查询码仅显示这一次）。',
    queryLink: '查询信用修复申请进度', queryTitle: '信用修复申请进度查询', receiptNo: '受理编号', queryCode: '查询码',
    submittedOn: '申请日期', status: '办理状态', decidedOn: '决定日期', reason: '审核意见',
  },
};
