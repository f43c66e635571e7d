import { IdempotencyStore, canonicalJson } from '@lib/platform';
import { clientOrderIdConflict } from '../../deciders';
import { MarketSpecs, NamedOrder } from '../../ports';
import { PlaceOrderOutcome, PlacedOrderView } from '../../views';
import { PlaceOrderCommand } from './place-order.command';
import { isSameOrder } from './same-order';
import { Settled } from './single-flight';

/**
 * A clientOrderId that names a committed order: the same order (symbol,
 * side, type, time in force, price, quantity) is answered with it (200),
 * another one is a conflict (409 CLIENT_ORDER_ID_CONFLICT), before any other
 * check. With an Idempotency-Key the key is bound to that answer (in its own
 * transaction: nothing is decided in a batch), so reusing the key with
 * another body is refused as usual.
 */
export class OrderRepeats {
  constructor(
    private readonly specs: MarketSpecs,
    private readonly idempotency: IdempotencyStore,
    private readonly view: (userId: string, orderId: string) => Promise<PlacedOrderView>,
  ) {}

  async answer(command: PlaceOrderCommand, existing: NamedOrder): Promise<PlaceOrderOutcome> {
    const { input } = command;
    const spec = input.symbol === existing.symbol ? await this.specs.get(existing.symbol) : undefined;
    if (spec === undefined || !isSameOrder(spec, input, existing)) throw clientOrderIdConflict(input.clientOrderId!, existing.symbol);
    const order = await this.view(input.userId, existing.id);
    if (!command.idempotency) return { kind: 'placed', result: { created: false, order } };
    const stored = await this.idempotency.run({ scope: input.userId, ...command.idempotency }, async () => ({ statusCode: 200, body: JSON.stringify(order) }));
    if (stored.kind === 'key-reused') return stored;
    if (stored.kind === 'replayed') return { kind: 'replayed', statusCode: stored.response.statusCode, body: stored.response.body };
    return { kind: 'placed', result: { created: false, order } };
  }
}

/**
 * A duplicate's answer from the first command's outcome: the order it placed
 * or found, as a repeat (200); with an Idempotency-Key, the first answer
 * replayed (its status, its body). A refusal is the duplicate's refusal too.
 */
export function sharedAnswer(first: Settled<PlaceOrderOutcome>, keyed: boolean): PlaceOrderOutcome {
  if (!first.ok) throw first.error;
  const outcome = first.value;
  if (outcome.kind !== 'placed') return outcome;
  if (!keyed) return { kind: 'placed', result: { created: false, order: outcome.result.order } };
  return { kind: 'replayed', statusCode: outcome.result.created ? 201 : 200, body: JSON.stringify(outcome.result.order) };
}

/** The keys a command leads or waits on in flight (its user's clientOrderId, its user's Idempotency-Key), and what makes a duplicate the same request. */
export function flightOf({ input, idempotency }: PlaceOrderCommand): { keys: string[]; fingerprint: string } {
  const keys = [
    ...(input.clientOrderId !== undefined ? [`clientOrderId:${input.userId}:${input.clientOrderId}`] : []),
    ...(idempotency ? [`idempotency:${input.userId}:${idempotency.key}`] : []),
  ];
  // No key, no duplicate to recognise: the fingerprint is not computed for most orders.
  return { keys, fingerprint: keys.length === 0 ? '' : canonicalJson({ input, idempotency }) };
}
