// 事件推送 API helpers: webhook subscriptions of other agencies' systems and the dead-letter list
// (docs/api.md "Event feeds for other systems"; admins only). Typed by the contract (./http.ts).
import { client, call, byId, type Body, type Id } from './http.ts';
import { registerStatusKind } from '../components/statusKinds.js';

registerStatusKind('event_delivery', {
  pending: { type: 'warning', label: 'admin.events.status.pending' },
  delivered: { type: 'success', label: 'admin.events.status.delivered' },
  dead: { type: 'danger', label: 'admin.events.status.dead' },
});

/** {types:[{code,name_zh}], delivery_statuses:[{code,name_zh}]} */
export const eventTypes = () => call(client.GET('/api/v1/event-types'));
/** 201 the subscription with `secret` (shown once). */
export const createSubscription = (body: Body<'/api/v1/event-subscriptions', 'post'>) =>
  call(client.POST('/api/v1/event-subscriptions', { body }));
export const disableSubscription = (id: Id) =>
  call(client.POST('/api/v1/event-subscriptions/{id}/disable', { params: byId(id) }));
export const replayDelivery = (id: Id) =>
  call(client.POST('/api/v1/event-deliveries/{id}/replay', { params: byId(id) }));
/** Accounts an admin may subscribe (users in their region), for the picker. */
export const findAccounts = (q: string) =>
  call(client.GET('/api/v1/users', { params: { query: { q, page_size: 20, active: true } } }));
