// Why a list is empty (issue 14): an officer sees only the agency's own records, a supervisory
// role every agency of its region — said in the list itself, so "暂无数据" is never a riddle.
//   <DataTable … :empty-text="scopeEmpty('cases.empty')" />
// with i18n keys cases.empty.own and cases.empty.region ({region} is the user's region name).
import { session } from '../api/session.ts';
import { i18n } from '../i18n/index.js';

export function scopeEmpty(base) {
  const { t } = i18n.global;
  const user = session.user || {};
  const region = user.region?.name || '';
  return user.sees_whole_region ? t(`${base}.region`, { region }) : t(`${base}.own`, { agency: user.agency?.name || '' });
}
