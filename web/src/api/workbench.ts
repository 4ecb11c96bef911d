// GET /api/v1/workbench (docs/workbench.md, typed by the contract: ./http.ts): the session's 待办, counts, figures and map; and the
// menu and tab badges (待办 per module and per tab), kept in one small reactive store that the
// shell and the module tabs show.
import { reactive, readonly } from 'vue';
import { client, call, type Query } from './http.ts';

// Which tab lists the items of each 待办 kind (the kinds of app/workbench/workbench.h). A kind
// missing here still counts on its module's menu badge; it just marks no tab.
export const KIND_TAB: Record<string, string> = {
  transfer: 'cases-incoming',
  transfer_overdue: 'cases-incoming',
  case_alert: 'cases-alerts',
  supervision: 'cases-supervision',
  notice: 'plan',
  report: 'plan',
  lead: 'leads',
  lead_unassigned: 'leads',
  access: 'leads-access',
  lead_alert: 'leads-alerts',
  hit: 'monitoring',
  disclosure: 'credit',
  disclosure_overdue: 'credit',
  repair: 'credit-repairs',
  complaint_overdue: 'complaints',
  complaint_due_soon: 'complaints',
  complaint_unrouted: 'complaints',
  fair_complaint_overdue: 'complaints',
  fair_complaint_due_soon: 'complaints',
  destruction_approval: 'destruction-applications',
  custody_held: 'destruction-reconciliation',
  licence_expiring: 'destruction-units',
  region_task: 'statistics-supervision',
  region_review: 'statistics-supervision',
  region_overdue: 'statistics-supervision',
  coop_task: 'statistics-cooperation',
  joint_operation: 'statistics-joint-operations',
};

type Count = { module: string; kind: string; count: number };

const state = reactive({ badges: {} as Record<string, number>, tabs: {} as Record<string, number> });
export const workbenchBadges = readonly(state);

/** The 工作台 of the session; refreshes the menu and tab badges as a side effect. */
export async function fetchWorkbench(perKind = 10) {
  const wb = await call(client.GET('/api/v1/workbench', { params: { query: { per_kind: perKind } } }));
  state.badges = wb.badges || {};
  state.tabs = tabCounts(wb.counts);
  return wb;
}

/** Refresh the badges only (after an action elsewhere); errors leave the old ones. */
export async function refreshBadges() {
  try {
    await fetchWorkbench(1);
  } catch { /* badges are a convenience: the 工作台 page reports errors */ }
}

/** Sums per module of the counts (the server sends them as `badges` too). */
export function badgesOf(counts: Count[] | null | undefined) {
  const out: Record<string, number> = {};
  for (const c of counts || []) out[c.module] = (out[c.module] || 0) + c.count;
  return out;
}

/** Sums per tab (route name) of the counts, by KIND_TAB. */
export function tabCounts(counts: Count[] | null | undefined) {
  const out: Record<string, number> = {};
  for (const c of counts || []) {
    const tab = KIND_TAB[c.kind];
    if (tab) out[tab] = (out[tab] || 0) + c.count;
  }
  return out;
}

/** The map one level down (a province's prefectures …) for `region`. */
export const workbenchMap = (region: string) =>
  call(client.GET('/api/v1/workbench/map', { params: { query: { region } } }));
/** Monthly trends for a period {from, to}. */
export const workbenchTrends = (period: Query<'/api/v1/workbench/trends', 'get'>) =>
  call(client.GET('/api/v1/workbench/trends', { params: { query: period } }));
/** The working-day calendar the clocks count on (docs/calendar.md). */
export const workingCalendar = () => call(client.GET('/api/v1/calendar'));
