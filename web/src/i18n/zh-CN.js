// zh-CN messages (the default). Keys are English, named after docs/glossary.md / docs/api.md terms:
// <area>.<thing>; module keys are the API's module keys (GET /dashboard → modules[].key).
import planMessages from '../views/plan/messages.zh-CN.js';
import casesMessages from '../views/cases/messages.zh-CN.js';
import leadsMessages from '../views/leads/messages.zh-CN.js';
import monitoringMessages from '../views/monitoring/messages.zh-CN.js';
import creditMessages from '../views/credit/messages.zh-CN.js';
import destructionMessages from '../views/destruction/messages.zh-CN.js';
import statisticsMessages from '../views/statistics/messages.zh-CN.js';
import complaintsMessages from '../views/complaints/messages.zh-CN.js';
import publicMessages from '../views/public/messages.zh-CN.js';
import workbenchMessages from '../views/workbench/messages.zh-CN.js';

export default {
  plan: planMessages,
  cases: casesMessages,
  leads: leadsMessages,
  monitoring: monitoringMessages,
  credit: creditMessages,
  destruction: destructionMessages,
  statistics: statisticsMessages,
  complaints: complaintsMessages,
  public: publicMessages,
  workbench: workbenchMessages,
  app: {
    title: '打击侵权假冒信息共享平台',
    shortTitle: '打假信息平台',
    subtitle: '全国打击侵犯知识产权和制售假冒伪劣商品工作',
  },
  pages: { transferDetail: '移送详情', leadCluster: '串并详情', repairStatus: '信用修复申请进度' },
  common: {
    search: '查询', reset: '重置', create: '新建', edit: '编辑', save: '保存', cancel: '取消',
    confirm: '确定', close: '关闭', actions: '操作', detail: '详情', loading: '加载中…',
    all: '全部', chooseFile: '选择文件', noFileChosen: '未选择文件', yes: '是', no: '否', empty: '暂无数据', emptyFiltered: '没有符合筛选条件的记录，可调整或重置筛选条件后再查询', total: '共 {n} 条', totalAtLeast: '共 {n}+ 条', retry: '重试',
    export: '导出 CSV', exporting: '正在导出…', exported: '已导出 {n} 条记录',
    exportTruncated: '记录过多，仅导出前 {n} 条，请缩小查询条件',
    keyword: '关键字', region: '行政区划', agency: '机构', status: '状态', dateRange: '日期范围',
    startDate: '开始日期', endDate: '结束日期', national: '全国',
    saved: '已保存', created: '已创建', pleaseSelect: '请选择', pleaseInput: '请输入',
  },
  login: {
    title: '用户登录', submit: '登录', login: '登录名', password: '密码',
    loginPlaceholder: '请输入登录名', passwordPlaceholder: '请输入密码',
    loginRequired: '请输入登录名', passwordRequired: '请输入密码',
    wrongCredentials: '登录名或密码错误，请重新输入。',
    locked: '登录失败次数过多，账号或本机已暂时锁定，请 15 分钟后再试。',
    serverDown: '无法连接服务器，请稍后再试或联系系统管理员。',
    unavailable: '服务暂不可用（数据库无法访问），请稍后再试。',
    failed: '登录失败',
    hint: '仅限授权的执法与管理人员使用，所有操作均记入审计日志。',
    sessionExpired: '登录已失效，请重新登录。',
  },
  shell: {
    breadcrumb: '当前位置',
    user: '用户', agency: '所属机构', scope: '管辖范围', logout: '退出登录', language: '语言',
    loggedOut: '已退出登录', collapse: '收起导航', expand: '展开导航',
  },
  tokens: { title: '我的 API 令牌', create: '新建令牌', secretOnce: '令牌只显示这一次，请立即复制并妥善保存：' },
  modules: {
    home: { name: '工作台', desc: '待办事项、关键指标与地区分布。' },
    plan: { name: '工作要点', desc: '导入年度《全国打击侵犯知识产权和制售假冒伪劣商品工作要点》，将任务分解到牵头和参与单位，跟踪进度、督办与考核。' },
    cases: { name: '案件', desc: '行政与刑事案件的登记、办理流程、法定期限提醒，行政执法与刑事司法衔接（移送、立案监督），涉案金额按分精确统计。' },
    leads: { name: '线索', desc: '线索的接收、研判与分派；按电话、地址、账号、统一社会信用代码等标识串并分析，发现团伙与跨区域关联。' },
    monitoring: { name: '监测', desc: '电商平台商品监测：按商标、价格等规则识别疑似侵权假冒商品，生成线索并推送属地机关。' },
    credit: { name: '信用', desc: '侵权假冒失信主体信息归集，统一社会信用代码校验，联合惩戒与信用修复的记录与公示。' },
    complaints: { name: '投诉', desc: '权利人和公众的投诉举报受理、转办、答复时限管理与结果反馈。' },
    destruction: { name: '销毁', desc: '侵权假冒物品的集中销毁计划、登记、环保处置与监督记录。' },
    statistics: { name: '统计', desc: '按地区、部门和时间汇总案件、线索与执法数据，生成统计报表与趋势分析。' },
    admin: { name: '系统管理', desc: '机构、用户与角色、审计日志。' },
  },
  construction: {
    title: '建设中',
    body: '本模块正在建设，暂未开放。建成后将提供以下功能：',
    note: '本页不展示任何示例数据；模块上线后将直接使用平台的真实数据。',
    back: '返回首页',
  },
  dashboard: {
    calendarHow: '期限计算将在 {year} 年的日期上报错而不猜测。国务院办公厅通知发布后，请用命令 {cmd} 载入。',
    calendarMissing: '{year} 年节假日安排尚未载入',
    title: '首页', counts: '平台概况', modules: '功能模块', map: '各省（区、市）分布',
    mapMetric: { agencies: '机构数', users: '用户数' },
    mapEmpty: '暂无按省份统计的数据',
    ready: '已上线', building: '建设中', badge: '建设中', open: '进入', scopeNote: '统计范围：{scope}',
    count: { agencies: '机构', users: '用户' },
  },
  admin: {
    title: '系统管理', agencies: '机构管理', users: '用户与角色', audit: '审计日志', eventsTab: '事件推送',
    events: {
      subscriptions: '事件订阅（其他部门系统）', deliveries: '投递记录', create: '新建订阅',
      noSubscriptions: '暂无事件订阅：新建订阅后，其他部门的系统可实时收到移送、监督等事件',
      noDeliveries: '暂无符合条件的投递记录',
      name: '订阅名称', account: '对接账号', accountHint: '选择该部门用于系统对接的账号（按其权限范围推送）',
      types: '事件类型', url: '接收地址', counts: '已送达/待投递/失败',
      countsText: '{delivered} / {pending} / {dead}', active: '状态', on: '启用', off: '已停用',
      disable: '停用', disableConfirm: '确定停用订阅“{name}”？停用后不再向该地址推送事件，已生成的待投递记录不再尝试。',
      disabled: '订阅已停用', nameRequired: '请填写订阅名称', typesRequired: '请至少选择一种事件类型',
      urlRequired: '请填写 https:// 接收地址',
      secretTitle: '签名密钥', secretOnce: '密钥仅显示这一次，请立即交给对方系统保存，用于校验推送签名（见接口文档）。',
      createdAt: '生成时间', eventType: '事件', eventId: '事件编号', attempts: '尝试次数', lastError: '最近一次失败原因',
      replay: '重新投递', replayConfirm: '确定重新投递事件 {id}？将从第 1 次尝试开始重新推送。', replayed: '已重新加入投递队列',
      status: { label: '投递状态', pending: '待投递', delivered: '已送达', dead: '投递失败' },
    },
    agency: {
      name: '机构名称', shortName: '简称', kind: '机构类型', level: '层级', region: '所在地区',
      aliases: '别名', aliasesHint: '输入后回车可添加多个别名', active: '状态',
      createTitle: '新建机构', editTitle: '编辑机构', disable: '停用', enable: '启用', disableConfirm: '确定停用机构“{name}”？停用后它不再出现在单位选择中，不能再被指定为责任单位；已有记录保留，可随时重新启用。',
      disabledMsg: '机构已停用', enabledMsg: '机构已启用',
    },
    user: {
      login: '登录名', displayName: '姓名', roles: '角色', agency: '所属机构', region: '管辖范围',
      active: '状态', createdAt: '创建时间', password: '初始密码', newPassword: '新密码',
      passwordHint: '至少 12 个字符，不能包含登录名，不能是字典词、常见模式或公开的演示密码',
      createTitle: '新建用户', editTitle: '编辑用户', resetPassword: '重置密码',
      resetTitle: '重置密码：{name}', resetDone: '密码已重置，请通过安全渠道告知用户',
      disable: '停用', enable: '启用', disableConfirm: '确定停用用户“{name}”？停用后该用户无法登录。',
      disabledMsg: '用户已停用', enabledMsg: '用户已启用', generate: '生成随机密码',
      tokens: 'API 令牌', tokensTitle: 'API 令牌：{name}', tokensEmpty: '没有有效的 API 令牌',
      tokensHint: '令牌默认 90 天后过期；用户修改或被重置密码时，其全部令牌随之吊销。',
      tokenName: '名称', tokenExpires: '过期时间', tokenLastUsed: '最近使用', tokenRevoke: '吊销',
      tokenRevokeConfirm: '确定吊销令牌“{name}”？使用它的程序将立即无法访问。', tokenRevoked: '令牌已吊销',
    },
    auditLog: {
      at: '时间', actor: '操作人', action: '操作', entityType: '对象类型', entityId: '对象编号',
      summary: '摘要', before: '修改前', after: '修改后', hash: '哈希', seq: '序号',
      actorLogin: '登录名', actorPlaceholder: '登录名', 
      chainOk: '审计链校验通过：共 {n} 条记录，未发现篡改。',
      chainBad: '审计链校验失败：第 {seq} 条记录（编号 {id}）异常 — {reason}',
      chainChecking: '正在校验审计链…', verify: '重新校验', detailTitle: '审计记录 #{seq}',
    },
  },
  roles: {
    admin: '系统管理员', office: '领导小组办公室', officer: '执法人员', agency_head: '机关负责人',
    police: '公安机关', prosecutor: '检察机关', analyst: '研判分析员', auditor: '审计员', environment: '生态环境部门',
  },
  agencyKind: {
    market_regulation: '市场监管', customs: '海关', police: '公安', procuratorate: '检察院',
    court: '法院', ip_office: '知识产权局', copyright: '版权', agriculture: '农业农村',
    forestry: '林业和草原', leading_group_office: '领导小组办公室', other: '其他',
  },
  agencyLevel: { national: '国家级', provincial: '省级', prefecture: '地市级', county: '县级' },
  status: { active: '启用', disabled: '停用', ok: '正常', bad: '异常' },
  errors: {
    forbidden: '无权访问',
    forbiddenBody: '您的角色或管辖范围不包含此项操作。如需权限，请联系本单位系统管理员。',
    network: '无法连接服务器，请检查网络或稍后再试。',
    unavailable: '服务暂不可用，请稍后再试。',
    generic: '操作失败',
    notFound: '页面不存在',
    notFoundBody: '您访问的页面不存在或已移除。',
    validation: '请检查标红的字段',
  },
};
