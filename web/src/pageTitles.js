// The browser-tab title of each route (issue 14: one title for every page told nobody where they were):
// "<page> - <module> - 打假信息平台". Keys are i18n keys; a route without an entry takes its module's name.
export const PAGE_TITLE_KEYS = {
  home: 'workbench.title',
  cases: 'cases.tabs.list',
  'cases-incoming': 'cases.tabs.incoming',
  'cases-supervision': 'cases.tabs.supervision',
  'cases-alerts': 'cases.tabs.alerts',
  leads: 'leads.tabs.list',
  'leads-clusters': 'leads.tabs.clusters',
  'leads-alerts': 'leads.tabs.alerts',
  'leads-access': 'leads.tabs.access',
  monitoring: 'monitoring.tabs.hits',
  'monitoring-scan': 'monitoring.tabs.scan',
  'monitoring-brands': 'monitoring.tabs.brands',
  complaints: 'complaints.tabs.queue',
  'complaints-new': 'complaints.tabs.intake',
  'complaints-fairs': 'complaints.tabs.fairs',
  'complaints-figures': 'complaints.tabs.figures',
  'admin-agencies': 'admin.agencies',
  'admin-users': 'admin.users',
  'admin-audit': 'admin.audit',
  'admin-events': 'admin.eventsTab',
  'case-detail': 'cases.detail.title',
  'case-new': 'cases.form.createTitle',
  'case-edit': 'cases.form.editTitle',
  'transfer-detail': 'pages.transferDetail',
  'lead-cluster': 'pages.leadCluster',
  plan: 'plan.tabs.tree',
  'plan-tree': 'plan.tabs.tree',
  'plan-matrix': 'plan.tabs.matrix',
  'plan-assignments': 'plan.tabs.assignments',
  'plan-notices': 'plan.tabs.notices',
  'plan-assessment': 'plan.tabs.assessment',
  credit: 'credit.tabs.disclosures',
  'credit-repairs': 'credit.tabs.repairs',
  'credit-serious-list': 'credit.tabs.seriousList',
  'credit-subjects': 'credit.tabs.subjects',
  'credit-ip-findings': 'credit.tabs.findings',
  'credit-typical': 'credit.tabs.typical',
  'public-typical': 'public.typical.title',
  'public-typical-case': 'public.typical.title',
  'destruction-campaigns': 'destruction.tabs.campaigns',
  'destruction-campaign': 'destruction.campaign.title',
  'public-search': 'public.searchTitle',
  'public-record': 'public.recordTitle',
  'public-repair-status': 'pages.repairStatus',
  statistics: 'statistics.title',
  'statistics-supervision': 'statistics.supervision.title',
  'statistics-cooperation': 'statistics.tabs.cooperation',
  'statistics-publications': 'statistics.tabs.publications',
  'statistics-joint-operations': 'statistics.tabs.joint',
  'statistics-assessment': 'statistics.tabs.assessment',
  'public-annual-figures': 'public.annual.title',
};

/**
 * The breadcrumb of a route: its module (linking to the module's entry) and the page, when the
 * page has a name of its own. [{label, to?}]
 */
export function breadcrumb(route, t, te, moduleEntry) {
  const out = [];
  const mod = route.meta && route.meta.module;
  if (mod && te(`modules.${mod}.name`)) out.push({ label: t(`modules.${mod}.name`), to: moduleEntry || undefined });
  const key = PAGE_TITLE_KEYS[route.name];
  if (key && te(key) && t(key) !== out[0]?.label) out.push({ label: t(key) });
  return out;
}

/** The title for a route: page, module (when different) and the app's short name. */
export function pageTitle(route, t, te) {
  const parts = [];
  const key = PAGE_TITLE_KEYS[route.name];
  if (key && te(key)) parts.push(t(key));
  const mod = route.meta && route.meta.module;
  if (mod && te(`modules.${mod}.name`)) {
    const name = t(`modules.${mod}.name`);
    if (!parts.includes(name)) parts.push(name);
  }
  parts.push(t('app.shortTitle'));
  return parts.join(' - ');
}
