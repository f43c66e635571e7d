import { IntegrationEvent } from './integration-event';

/**
 * What the relay publishes on the Redis channel `<prefix>events`: the event
 * (with its outbox `position`) and the relay instance that dispatched it
 * locally already, so that instance skips its own messages.
 */
export interface BusMessage {
  readonly origin: string;
  readonly event: IntegrationEvent;
}

export function encodeBusMessage(origin: string, event: IntegrationEvent): string {
  return JSON.stringify({ v: 1, origin, event });
}

/** Undefined for anything that is not a well-formed message (it is then ignored). */
export function decodeBusMessage(raw: string): BusMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || parsed.v !== 1 || typeof parsed.origin !== 'string' || !isRecord(parsed.event)) return undefined;
  const { eventId, type, occurredAt, payload, position } = parsed.event;
  if (typeof eventId !== 'string' || typeof type !== 'string' || typeof occurredAt !== 'string' || !isRecord(payload)) {
    return undefined;
  }
  // The outbox row id; optional (a message from an older instance has none), a positive integer string when present.
  if (position !== undefined && (typeof position !== 'string' || !/^[1-9]\d{0,18}$/.test(position))) return undefined;
  return { origin: parsed.origin, event: position === undefined ? { eventId, type, occurredAt, payload } : { eventId, type, occurredAt, payload, position } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
