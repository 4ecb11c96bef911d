// Confirmation before an irreversible action (issue 14): the message says what will happen, the
// buttons are 确定/取消 in the session's language. Resolves true when confirmed, false otherwise.
//
//   if (!(await confirmAction(t, t('admin.agency.disableConfirm', { name }), t('admin.agency.disable')))) return;
import { ElMessageBox } from 'element-plus';

export async function confirmAction(t, message, title, { danger = true } = {}) {
  try {
    await ElMessageBox.confirm(message, title, {
      type: danger ? 'warning' : 'info',
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
    });
    return true;
  } catch {
    return false;
  }
}
