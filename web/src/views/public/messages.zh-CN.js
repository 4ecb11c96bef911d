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
};
