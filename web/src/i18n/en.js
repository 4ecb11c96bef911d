// English messages: same keys as zh-CN.js (a test checks they match).
import planMessages from '../views/plan/messages.en.js';
import casesMessages from '../views/cases/messages.en.js';
import leadsMessages from '../views/leads/messages.en.js';
import monitoringMessages from '../views/monitoring/messages.en.js';
import creditMessages from '../views/credit/messages.en.js';
import destructionMessages from '../views/destruction/messages.en.js';
import statisticsMessages from '../views/statistics/messages.en.js';
import complaintsMessages from '../views/complaints/messages.en.js';
import publicMessages from '../views/public/messages.en.js';
import workbenchMessages from '../views/workbench/messages.en.js';

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
    title: 'IP Enforcement Information Platform',
    shortTitle: 'IP Enforcement',
    subtitle: 'National fight against IP infringement and counterfeit goods',
  },
  pages: { transferDetail: 'Transfer', leadCluster: 'Cluster', repairStatus: 'Credit repair status' },
  common: {
    chooseFile: 'Choose file', noFileChosen: 'No file chosen',
    search: 'Search', reset: 'Reset', create: 'New', edit: 'Edit', save: 'Save', cancel: 'Cancel',
    confirm: 'OK', close: 'Close', actions: 'Actions', detail: 'Details', loading: 'Loading…',
    all: 'All', yes: 'Yes', no: 'No', empty: 'No data', emptyFiltered: 'No records match the filters; adjust or reset them and search again', total: '{n} in total', totalAtLeast: '{n}+ in total', retry: 'Retry',
    export: 'Export CSV', exporting: 'Exporting…', exported: 'Exported {n} records',
    exportTruncated: 'Too many records: only the first {n} were exported; narrow the filter',
    keyword: 'Keyword', region: 'Region', agency: 'Agency', status: 'Status', dateRange: 'Date range',
    startDate: 'From', endDate: 'To', national: 'Nationwide',
    saved: 'Saved', created: 'Created', pleaseSelect: 'Select', pleaseInput: 'Enter',
  },
  login: {
    title: 'Sign in', submit: 'Sign in', login: 'Login', password: 'Password',
    loginPlaceholder: 'Login name', passwordPlaceholder: 'Password',
    loginRequired: 'Enter your login', passwordRequired: 'Enter your password',
    wrongCredentials: 'Wrong login or password.',
    locked: 'Too many failed attempts: sign-in is locked for 15 minutes.',
    serverDown: 'Cannot reach the server. Try again later or contact your administrator.',
    unavailable: 'The service is unavailable (database unreachable). Try again later.',
    failed: 'Sign-in failed',
    hint: 'For authorised enforcement and administration staff only. Every action is audited.',
    sessionExpired: 'Your session has ended. Please sign in again.',
  },
  shell: {
    breadcrumb: 'You are here',
    user: 'User', agency: 'Agency', scope: 'Scope', logout: 'Sign out', language: 'Language',
    loggedOut: 'Signed out', collapse: 'Collapse', expand: 'Expand',
  },
  tokens: { title: 'My API tokens', create: 'New token', secretOnce: 'The token is shown only once; copy it now and keep it safe:' },
  modules: {
    home: { name: 'Workbench', desc: 'To-do items, key figures and the regional map.' },
    plan: { name: 'Work plan', desc: 'Import the annual national work plan, assign tasks to lead and participating agencies, track progress and supervision.' },
    cases: { name: 'Cases', desc: 'Administrative and criminal cases: registration, workflow, statutory deadlines, transfers to police and prosecutors, amounts exact to the fen.' },
    leads: { name: 'Leads', desc: 'Receive, assess and assign leads; correlate them by phone, address, account and credit code to find networks across regions.' },
    monitoring: { name: 'Monitoring', desc: 'E-commerce listing monitoring: rules on marks and prices flag suspected counterfeits and raise leads for the local agency.' },
    credit: { name: 'Credit', desc: 'Dishonest-entity records, credit-code checks, joint sanctions and credit repair.' },
    complaints: { name: 'Complaints', desc: 'Complaints and reports from right holders and the public: intake, referral, reply deadlines and outcomes.' },
    destruction: { name: 'Destruction', desc: 'Plans, registration and supervision of the destruction of infringing and counterfeit goods.' },
    statistics: { name: 'Statistics', desc: 'Figures by region, agency and period for cases, leads and enforcement, with reports and trends.' },
    admin: { name: 'Administration', desc: 'Agencies, users and roles, audit log.' },
  },
  construction: {
    title: 'Under construction',
    body: 'This module is being built and is not open yet. When ready it will provide:',
    note: 'No sample data is shown here; the module will work on the platform\'s real data once released.',
    back: 'Back to home',
  },
  dashboard: {
    calendarHow: 'Deadlines falling in {year} are refused rather than guessed. Once the State Council notice is out, load it with {cmd}.',
    calendarMissing: 'The {year} holiday arrangement is not loaded',
    title: 'Home', counts: 'Overview', modules: 'Modules', map: 'By province',
    mapMetric: { agencies: 'Agencies', users: 'Users' },
    mapEmpty: 'No figures by province yet',
    ready: 'Available', building: 'Under construction', badge: 'Planned', open: 'Open', scopeNote: 'Scope: {scope}',
    count: { agencies: 'Agencies', users: 'Users' },
  },
  admin: {
    title: 'Administration', agencies: 'Agencies', users: 'Users and roles', audit: 'Audit log',
    agency: {
      name: 'Name', shortName: 'Short name', kind: 'Kind', level: 'Level', region: 'Region',
      aliases: 'Aliases', aliasesHint: 'Press Enter to add each alias', active: 'Status',
      createTitle: 'New agency', editTitle: 'Edit agency', disable: 'Disable', enable: 'Enable', disableConfirm: 'Disable agency "{name}"? It will no longer be offered in agency pickers or accept new assignments; its records stay, and it can be enabled again.',
      disabledMsg: 'Agency disabled', enabledMsg: 'Agency enabled',
    },
    user: {
      login: 'Login', displayName: 'Name', roles: 'Roles', agency: 'Agency', region: 'Scope',
      active: 'Status', createdAt: 'Created', password: 'Initial password', newPassword: 'New password',
      passwordHint: 'At least 12 characters; not containing the login; not a dictionary word, a common pattern or a published (demo) password',
      createTitle: 'New user', editTitle: 'Edit user', resetPassword: 'Reset password',
      resetTitle: 'Reset password: {name}', resetDone: 'Password reset; tell the user through a safe channel',
      disable: 'Disable', enable: 'Enable', disableConfirm: 'Disable user "{name}"? They will not be able to sign in.',
      disabledMsg: 'User disabled', enabledMsg: 'User enabled', generate: 'Generate',
      tokens: 'API tokens', tokensTitle: 'API tokens: {name}', tokensEmpty: 'No live API tokens',
      tokensHint: 'Tokens expire after 90 days by default; all of a user\'s tokens are revoked when their password changes or is reset.',
      tokenName: 'Name', tokenExpires: 'Expires', tokenLastUsed: 'Last used', tokenRevoke: 'Revoke',
      tokenRevokeConfirm: 'Revoke token "{name}"? Programs using it lose access at once.', tokenRevoked: 'Token revoked',
    },
    auditLog: {
      at: 'Time', actor: 'Actor', action: 'Action', entityType: 'Entity type', entityId: 'Entity ID',
      summary: 'Summary', before: 'Before', after: 'After', hash: 'Hash', seq: 'No.',
      actorLogin: 'Login', actorPlaceholder: 'login', 
      chainOk: 'Audit chain verified: {n} records, no tampering found.',
      chainBad: 'Audit chain broken at record {seq} (id {id}): {reason}',
      chainChecking: 'Verifying the audit chain…', verify: 'Verify again', detailTitle: 'Audit record #{seq}',
    },
  },
  roles: {
    admin: 'Administrator', office: 'Leading group office', officer: 'Enforcement officer',
    agency_head: 'Agency head', police: 'Police', prosecutor: 'Prosecutor', analyst: 'Analyst',
    auditor: 'Auditor', environment: 'Environment department',
  },
  agencyKind: {
    market_regulation: 'Market regulation', customs: 'Customs', police: 'Police',
    procuratorate: 'Procuratorate', court: 'Court', ip_office: 'IP office', copyright: 'Copyright',
    agriculture: 'Agriculture', forestry: 'Forestry and grassland',
    leading_group_office: 'Leading group office', other: 'Other',
  },
  agencyLevel: { national: 'National', provincial: 'Provincial', prefecture: 'Prefecture', county: 'County' },
  status: { active: 'Active', disabled: 'Disabled', ok: 'OK', bad: 'Broken' },
  errors: {
    forbidden: 'Permission denied',
    forbiddenBody: 'Your roles or region scope do not cover this. Ask your agency\'s administrator.',
    network: 'Cannot reach the server. Check the network or try again later.',
    unavailable: 'The service is unavailable. Try again later.',
    generic: 'The operation failed',
    notFound: 'Page not found',
    notFoundBody: 'The page does not exist or was removed.',
    validation: 'Check the fields marked in red',
  },
};
