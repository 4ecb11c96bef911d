// 事件推送 API helpers: webhook subscriptions of other agencies' systems and the dead-letter list
// (docs/api.md "Event feeds for other systems"; admins only).
import { api } from './client.js';
import { registerStatusKind } from '../components/statusKinds.js';

registerStatusKind('event_delivery', {
  pending: { type: 'warning', label: 'admin.events.status.pending' },
  delivered: { type: 'success', label: 'admin.events.status.delivered' },
  dead: { type: 'danger', label: 'admin.events.status.dead' },
});

/** {types:[{code,name_zh}], delivery_statuses:[{code,name_zh}]} */
export const eventTypes = () => api.get('/event-types');
/** 201 the subscription with `secret` (shown once). */
export const createSubscription = (body) => api.post('/event-subscriptions', body);
export const disableSubscription = (id) => api.post(`/event-subscriptions/${id}/disable`, {});
export const replayDelivery = (id) => api.post(`/event-deliveries/${id}/replay`, {});
/** Accounts an admin may subscribe (users in their region), for the picker. */
export const findAccounts = (q) => api.get('/users', { q, page_size: 20, active: true });
