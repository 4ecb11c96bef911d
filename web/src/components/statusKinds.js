// Status tag vocabularies: kind → value → {type (Element Plus tag type), label (i18n key)}.
// Modules add their own workflow states with registerStatusKind('case', {...}).
export const STATUS_KINDS = {
  active: {
    true: { type: 'success', label: 'status.active' },
    false: { type: 'info', label: 'status.disabled' },
  },
  chain: {
    true: { type: 'success', label: 'status.ok' },
    false: { type: 'danger', label: 'status.bad' },
  },
};

export function registerStatusKind(kind, values) {
  STATUS_KINDS[kind] = values;
}

export function statusOf(kind, value) {
  const map = STATUS_KINDS[kind] || {};
  return map[String(value)] || null;
}
