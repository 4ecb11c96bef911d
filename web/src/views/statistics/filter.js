// The 统计 page's one dimension filter, held in its select as "dimension=code" (docs/statistics.md
// "Case dimensions"). Code tables give most dimensions' values; campaigns (专项行动) are free-text
// tags, so their values are the rows of a figure grouped by campaign: the tags with records.

/** The select's value of `code` of `dimension`. */
export function filterValue(dimension, code) {
  return `${dimension}=${code}`;
}

/**
 * The dimension and code of a select value, or null for none. Dimension keys have no '='; a code
 * (a campaign tag) may, so only the first '=' separates them: '铁拳=2025' stays whole.
 */
export function parseFilter(value) {
  if (!value) return null;
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) return null;
  return { dimension: value.slice(0, at), code: value.slice(at + 1) };
}

/**
 * The campaign filter's values from a figure grouped by campaign: one per tag with records, in the
 * tags' order (zh-CN collation), labelled by the tag. The chosen tag stays listed when the period
 * has none of its records, so the select still names what the (empty) figure is filtered by.
 */
export function campaignValues(rows, chosen = '') {
  const tags = new Set((rows || []).map((r) => r.key).filter((k) => k));
  if (chosen) tags.add(chosen);
  return [...tags].sort((a, b) => a.localeCompare(b, 'zh-CN')).map((tag) => ({ code: tag, label: tag }));
}
