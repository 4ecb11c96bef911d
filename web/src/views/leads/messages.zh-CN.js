// zh-CN messages of the leads module (线索): the `leads` area of src/i18n/zh-CN.js.
export default {
  tabs: { list: '线索队列', clusters: '串并分析', alerts: '跨区域预警' },
  status: { new: '待研判', accepted: '已采用', dismissed: '不予采用', converted: '已转案件', merged: '已合并' },
  source: { manual: '人工录入', csv: 'CSV 导入', api: '系统对接', monitoring: '监测发现', complaint: '投诉举报' },
  category: {
    trademark: '商标侵权', patent: '专利侵权', copyright: '著作权侵权', geographic_indication: '地理标志',
    plant_variety: '植物新品种', trade_secret: '商业秘密', counterfeit_goods: '假冒伪劣商品', import_export: '进出口侵权',
    other: '其他',
  },
  obs: {
    phone: '电话', web_shop: '网店（平台:店铺号）', url: '网址', domain: '域名', uscc: '统一社会信用代码', id_number: '身份证号',
    email: '电子邮箱', wechat: '微信号', qq: 'QQ 号', bank_account: '银行账号', waybill: '运单号', ip: 'IP 地址',
    company_name: '企业名称', person_name: '姓名', address: '地址', trademark_reg: '商标注册号',
  },
  field: {
    id: '编号', title: '线索标题', description: '线索描述', category: '线索类别', source: '来源', sourceRef: '来源编号',
    region: '发生地区', agency: '承办机构', status: '状态', reason: '研判意见', createdAt: '登记时间', observables: '可关联要素',
    type: '类型', value: '值', key: '归一化结果', unassigned: '仅看待分派', caseId: '关联案件',
  },
  unassigned: '待分派（领导小组办公室）',
  junk: '无效值，不参与串并',
  create: '登记线索',
  addObservable: '添加要素',
  removeObservable: '删除',
  sourceRefHint: '同一来源编号重复提交只保留一条线索',
  created: '线索已登记',
  existing: '该来源编号的线索已存在，已打开原线索',
  import: {
    button: 'CSV 导入', title: 'CSV 导入线索', file: '选择 CSV 文件', submit: '导入',
    hint: '表头须含 title、region_code、category，可选 source_ref、description、agency_id 及要素列（phone、web_shop、uscc、url 等，一格多个值用分号分隔）。任一行有误则全部不导入。',
    rowErrors: '以下行有误，未导入任何线索：', row: '行', column: '列', message: '问题', whole: '整体',
    done: '导入完成：新增 {created} 条，重复 {duplicates} 条',
  },
  links: {
    title: '关联记录', linked: '串并关联（共享强标识）', similar: '相似记录（仅名称/地址相同，不作串并）', none: '暂无关联记录',
    hidden: '{agency}存在匹配记录', hiddenHint: '该记录不在您的查看范围内，仅提示存在，内容不予显示。',
    requestAccess: '申请查看', requestTitle: '申请查看匹配记录', requestReason: '申请理由', requested: '申请已提交，已记入审计日志',
    sharedKeys: '共享要素', viewCluster: '查看关系图',
  },
  screen: {
    accept: '采用', dismiss: '不予采用', reasonRequired: '不予采用须填写理由', done: '研判结果已保存',
    title: '研判线索',
  },
  merge: {
    button: '合并线索', title: '将其他线索合并到本线索', ids: '被合并线索编号', idsHint: '输入编号后回车，可输入多个', done: '已合并',
  },
  cluster: {
    handle: '簇编号', size: '线索数', regions: '涉及地区', keys: '串联要素', hidden: '范围外机构', crossRegion: '跨区域',
    onlyCross: '仅看跨区域', graph: '关系图', back: '返回串并分析', legendLead: '线索', legendKey: '要素', legendHidden: '范围外匹配（不可见）',
    hiddenNode: '{agency}存在匹配记录',
  },
  alert: {
    kind: '预警类型', cross_region_cluster: '跨区域串并（联合行动候选）', regions: '涉及地区', size: '簇规模',
    createdAt: '预警时间', covering: '覆盖区域', lead: '触发线索', open: '查看关系图',
  },
};
