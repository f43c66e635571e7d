import { IntegrationEvent } from './integration-event';

/**
 * What the relay publishes on the Redis channel `<prefix>events`: the event
 * and the relay instance that dispatched it locally already, so that instance
 * skips its own messages.
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
  const { eventId, type, occurredAt, payload } = parsed.event;
  if (typeof eventId !== 'string' || typeof type !== 'string' || typeof occurredAt !== 'string' || !isRecord(payload)) {
    return undefined;
  }
  return { origin: parsed.origin, event: { eventId, type, occurredAt, payload } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
