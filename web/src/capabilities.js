// What the session may do, as the server reports it (GET /api/v1/session → capabilities, issue 14).
// Routes carry meta.cap (one code or a list, any of which opens the page); the router guard,
// the menu and the tabs ask `routeAllowed`, so a role never reaches a page the server would answer
// with 无权访问. Pure functions of (capabilities, route records): unit-tested in capabilities.test.js.

/** True when `caps` (the session's list) holds any of `needed` (a code, a list, or nothing). */
export function allows(caps, needed) {
  if (!needed || (Array.isArray(needed) && needed.length === 0)) return true;
  const list = Array.isArray(needed) ? needed : [needed];
  return list.some((c) => caps.includes(c));
}

/** A matched route is allowed when every record on its path allows it (parents and the leaf). */
export function matchedAllowed(caps, matched) {
  return matched.every((r) => allows(caps, r.meta && r.meta.cap));
}

// The page each role should land on (the first that the role holds wins): police work the
// transfers sent to them; everyone else starts at the 工作台 (home), which lists their 待办.
export const LANDING = [
  { role: 'police', route: 'cases-incoming' },
];

/** The route name a user lands on after login or on "/" with no other target. */
export function landingRoute(user) {
  if (!user) return 'home';
  for (const l of LANDING) {
    if (user.roles.includes(l.role) && user.roles.length === 1) return l.route;
  }
  return 'home';
}

// The tab each role opens a module on, when the session may open it (else the module's first
// tab it may): the police work the transfers sent to them, prosecutors the supervision. The first
// matching row wins.
export const DEFAULT_TABS = [
  { role: 'police', module: 'cases', route: 'cases-incoming' },
  { role: 'prosecutor', module: 'cases', route: 'cases-supervision' },
];

/**
 * The route name a module's menu entry opens for this user: the role's default tab when
 * `allowed(name)` holds, else the first of `tabs` allowed; null when none is.
 */
export function moduleTab(user, moduleKey, tabs, allowed) {
  const roles = (user && user.roles) || [];
  for (const d of DEFAULT_TABS) {
    if (d.module === moduleKey && roles.includes(d.role) && tabs.includes(d.route) && allowed(d.route)) {
      return d.route;
    }
  }
  return tabs.find(allowed) || null;
}
