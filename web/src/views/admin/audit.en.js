// English names of audit actions and object types (the `audit` area of src/i18n/en.js).
export default {
  action: {
    session: { login: 'Log in', logout: 'Log out' },
    user: { create: 'Create user', update: 'Update user', password: 'Reset password' },
    token: { create: 'Create API token', revoke: 'Revoke API token' },
    agency: { create: 'Create agency', update: 'Update agency', sync: 'Sync agencies' },
    calendar: { load: 'Load holiday arrangement' },
    case: { create: 'Register case', update: 'Update case', close: 'Close case', import: 'Import cases' },
    transfer: {
      start: 'Start transfer', approve: 'Approve transfer', reject: 'Reject transfer', send: 'Send to police', receive: 'Receive transfer',
      forward: 'Forward', file: 'File', not_file: 'Not file', handover: 'Hand over goods', request_review: 'Request review',
      review_uphold: 'Uphold', review_reverse: 'Reverse', propose_supervision: 'Propose supervision',
      return: 'Return', extend: 'Extend',
    },
    supervision: { create: 'Supervise', answer: 'Answer supervision' },
    lead: {
      create: 'Register lead', import: 'Import leads', accept: 'Accept lead', dismiss: 'Dismiss lead', merge: 'Merge leads',
      reassign: 'Reassign lead', convert: 'Convert lead', alert: 'Cluster alert', alert_ack: 'Handle alert',
      access_request: 'Request access', access_approve: 'Approve access', access_refuse: 'Refuse access',
    },
    monitoring: { scan: 'Submit scan', confirm: 'Confirm hit', dismiss: 'Dismiss hit' },
    brand: { create: 'Create brand', update: 'Update brand', import: 'Import brands' },
    hit: { confirm: 'Confirm hit', dismiss: 'Dismiss hit' },
    export: { brands: 'Export brands', plan_matrix: 'Export matrix', cases: 'Export cases' },
    plan: {
      import: 'Import plan', due_date: 'Set due date', due_dates: 'Set due dates', assign_holder: 'Assign holder',
      notice: 'Send notice', notice_ack: 'Acknowledge notice', report: 'Report progress', rubric: 'Edit rubric', score: 'Score',
    },
  },
  entity: {
    user: 'User', agency: 'Agency', token: 'API token', session: 'Session', case: 'Case', transfer: 'Transfer',
    supervision: 'Supervision', lead: 'Lead', lead_alert: 'Cluster alert', lead_access_request: 'Access request',
    monitoring_scan: 'Scan', hit: 'Hit', brand: 'Brand', calendar_year: 'Holiday year', plan: 'Work plan',
    plan_assignment: 'Assignment', plan_notice: 'Notice', plan_report: 'Report', plan_score: 'Score',
    plan_unassigned: 'Unassigned holder',
  },
};
