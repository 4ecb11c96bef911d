// Accessible names for the inputs Element Plus renders without one (issue 14, axe-core "label"): a
// select's inner combobox and a number input take the text of the form item they sit in (the label
// the user sees), the pagination's page-size select says what it is. Runs on every DOM change of the
// app, only touching inputs that have no name yet, so pages that label their inputs keep theirs.
const NAMELESS = 'input:not([aria-label]):not([aria-labelledby]), textarea:not([aria-label]):not([aria-labelledby])';

/** The visible label an input should be named by, or '' (pure; exported for the unit test). */
export function labelTextFor(input) {
  if (input.id && input.ownerDocument.querySelector(`label[for="${CSS.escape(input.id)}"]`)) return '';
  if (input.closest('label')) return '';
  if (input.closest('.el-pagination__sizes')) return '每页条数';
  if (input.closest('.el-pagination__jump')) return '跳转页码';
  const item = input.closest('.el-form-item');
  const label = item && item.querySelector(':scope > .el-form-item__label');
  const text = label ? label.textContent.trim() : '';
  if (text) return text;
  return input.getAttribute('placeholder') || '';
}

export function nameInputs(root) {
  for (const input of root.querySelectorAll(NAMELESS)) {
    if (input.type === 'hidden') continue;
    const text = labelTextFor(input);
    if (text) input.setAttribute('aria-label', text);
  }
}

export function watchInputNames(root) {
  nameInputs(root);
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => { pending = false; nameInputs(root); });
  }).observe(root, { childList: true, subtree: true });
}
