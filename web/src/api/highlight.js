// The monitoring pages' pure helpers (api/monitoring.ts re-exports them; node --test runs them without
// a TypeScript step): signal highlighting of a listing title and the score's tag type.

/**
 * Splits a title into plain and highlighted parts from signal spans. Spans are [start, end) in
 * UTF-16 code units (what String.prototype.slice counts), as the server sends them. Overlapping
 * spans merge; each part carries the kinds of the signals that cover it.
 * → [{ text, kinds: [] }]
 */
export function highlightParts(title, signals) {
  const text = String(title ?? '');
  const spans = (signals || [])
    .filter((s) => Array.isArray(s.span) && s.span.length === 2)
    .map((s) => ({ start: Math.max(0, s.span[0]), end: Math.min(text.length, s.span[1]), kind: s.kind }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const parts = [];
  let pos = 0;
  for (let i = 0; i < spans.length; ) {
    const start = Math.max(spans[i].start, pos);
    let end = spans[i].end;
    const kinds = new Set([spans[i].kind]);
    let j = i + 1;
    while (j < spans.length && spans[j].start < end) {
      end = Math.max(end, spans[j].end);
      kinds.add(spans[j].kind);
      j += 1;
    }
    if (start > pos) parts.push({ text: text.slice(pos, start), kinds: [] });
    if (end > start) parts.push({ text: text.slice(start, end), kinds: [...kinds] });
    pos = Math.max(pos, end);
    i = j;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos), kinds: [] });
  return parts;
}

/** Score in [0,1] → a tag type: ≥ 0.8 danger, ≥ 0.6 warning, else info. */
export function scoreType(score) {
  if (score >= 0.8) return 'danger';
  if (score >= 0.6) return 'warning';
  return 'info';
}
