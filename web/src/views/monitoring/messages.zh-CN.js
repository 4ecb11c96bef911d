// zh-CN messages of the monitoring module (监测): i18n key `monitoring.*`.
export default {
  tabs: { hits: '待研判', scan: '商品扫描', brands: '品牌库' },
  status: { pending: '待研判', confirmed: '已确认', dismissed: '已驳回' },
  // Marketplace platforms by their API codes (issue 14: no raw codes on screen).
  platforms: {
    taobao: '淘宝', tmall: '天猫', jd: '京东', pdd: '拼多多', douyin: '抖音', kuaishou: '快手', xianyu: '闲鱼',
    xiaohongshu: '小红书', wechat: '微信', suning: '苏宁易购', vip: '唯品会', alibaba: '阿里巴巴', dewu: '得物',
  },
  signal: {
    brand: '品牌名', generic_brand: '通用词+语境词', slang: '售假黑话', price: '价格异常', authorized_shop: '授权店铺',
  },
  reason: {
    authorized_shop: '授权店铺', genuine: '正品或价格合理', not_brand: '非该品牌商品', accessory: '兼容配件/描述性使用',
    duplicate: '重复记录', other: '其他（请说明）',
  },
  hit: {
    qHint: '标题、店铺或商品编号', brand: '品牌', platform: '平台', score: '评分', title: '商品标题', shop: '店铺',
    price: '售价', reference: '参考价', listingId: '商品编号', signals: '命中信号', signalKind: '信号',
    signalDetail: '说明', span: '标题片段', seen: '发现', seenText: '首次 {first}，最近 {last}，共 {n} 次',
    hint: '按评分从高到低排列；标题中标记的是扫描器命中的品牌名与黑话。',
    detailTitle: '监测记录详情', confirm: '确认', dismiss: '驳回', confirmTitle: '确认为线索',
    confirmBody: '确认后将生成一条来源为“网络监测”的线索，由属地机关办理。',
    leadRegion: '线索管辖区域', note: '研判意见', dismissTitle: '驳回', reason: '驳回理由',
    confirmed: '已确认并生成线索', dismissed: '已驳回', reviewedAt: '研判时间', lead: '线索编号',
    ratio: '，为参考价的 {pct}%',
  },
  scan: {
    template: '模板：', picked: '已选择 {name}（{size}），将按表格扫描，售价单位为元', uploading: '正在上传并扫描 {size}…', scanning: '正在扫描 {size}…',
    title: '提交商品扫描', formatHint: '上传按模板填写的 Excel 或 CSV 表格（售价单位为元）；也可粘贴 JSONL（每行一条，或一个 JSON 数组，价格单位为分），字段如下：',
    source: '来源说明', sourceHint: '如：2025年11月某平台巡查导出', file: '选择文件', paste: '粘贴内容',
    pasteHint: '每行一个 JSON 对象', sizeHint: '单次不超过 20000 条商品；更大的批次请用命令行 {cmd} 预筛后提交疑似商品',
    submit: '开始扫描', bytes: '约 {kb} KB', resultTitle: '扫描结果（批次 {id}）', brands: '品牌库品牌数',
    listings: '扫描商品', suspected: '疑似侵权', newHits: '新增待研判', updatedHits: '更新 {n} 条',
    malformed: '{n} 行格式有误，已跳过：', line: '行号', problem: '问题', lineN: '第 {n} 行',
    toQueue: '查看待研判队列 →', done: '扫描完成，疑似 {n} 条', badArray: 'JSON 数组格式有误',
    batchTitle: '扫描进度（批次 {id}）', queued: '已交扫描节点，共 {n} 条商品', scanned: '已扫描', already: '此前已扫描（同一品牌库版本）',
    failed: '{n} 条商品所在消息多次写入失败，已放弃扫描（原因见审计日志），请检查后重新上传这些商品',
    batchStatus: { queued: '扫描中', done: '已完成', failed: '提交扫描节点失败' },
  },
  brand: {
    qHint: '编码、名称或权利人', code: '品牌编码', name: '中文名称', nameEn: '拉丁名称', names: '品牌名称',
    genericNames: '通用词', contextTerms: '语境词', rightsHolder: '权利人', trademarks: '注册商标',
    referencePrice: '参考价', categoryPrices: '品类参考价', shops: '授权店铺', yuan: '元',
    namesHint: '出现即视为品牌，如 耐克、Nike（回车添加）', genericHint: '普通词语，如 苹果、小米：需同时出现语境词',
    contextHint: '如 手机、耳机', trademarksHint: '注册号:类别，如 1234567:25;28', shopsHint: '平台:店铺ID，如 tmall:nike-official',
    priceInvalid: '请输入金额（元），如 899.00', createTitle: '新增品牌', editTitle: '编辑品牌',
    import: '导入 CSV', importTitle: '导入品牌库（CSV）', template: '下载导入模板', exportJsonl: '导出扫描器格式',
    importHint: '请按模板填写（UTF-8 编码）。多个值用 | 分隔；品牌编码已存在的行将更新该品牌。任一行有误则整个文件不导入。',
    importPaste: '或在此粘贴 CSV 内容', importRow: '行号', importColumn: '列', imported: '导入完成：新增 {created} 个，更新 {updated} 个',
    trademarkText: '第 {reg} 号（第 {classes} 类）',
  },
};
