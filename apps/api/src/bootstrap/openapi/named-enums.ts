import { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { AccountStatus, CURRENCIES, LANGUAGES, Role, THEMES } from '@lib/auth';
import { CandleInterval, InstrumentKind, MarketStatus } from '@lib/market';
import { OrderSide, OrderStatus, OrderType, TimeInForce } from '@lib/orders';
import { LedgerEntryType, UserAccountKind, WithdrawalStatus } from '@lib/wallet';
import { KLINE_SOURCES } from '../../market/market-requests.dto';

/**
 * The API's shared enums, by the name a generated client gives its type.
 * Inline enums with the same values (in any order) anywhere in the document
 * become a reference to the named schema, so `OrderStatus` is one type, not
 * five copies; a DTO needs no `enumName` for it.
 */
const NAMED_ENUMS: Readonly<Record<string, readonly string[]>> = {
  OrderSide: Object.values(OrderSide),
  OrderType: Object.values(OrderType),
  OrderStatus: Object.values(OrderStatus),
  TimeInForce: Object.values(TimeInForce),
  AccountKind: Object.values(UserAccountKind),
  LedgerEntryType: Object.values(LedgerEntryType),
  WithdrawalStatus: Object.values(WithdrawalStatus),
  AccountStatus: Object.values(AccountStatus),
  Role: Object.values(Role),
  MarketStatus: Object.values(MarketStatus),
  InstrumentKind: Object.values(InstrumentKind),
  CandleInterval: Object.values(CandleInterval),
  KlineSource: KLINE_SOURCES,
  Currency: CURRENCIES,
  Theme: THEMES,
  Language: LANGUAGES,
};

const keyOf = (values: readonly unknown[]) => JSON.stringify([...values].map(String).sort());

export function nameSharedEnums(doc: OpenAPIObject): void {
  const byValues = new Map(Object.entries(NAMED_ENUMS).map(([name, values]) => [keyOf(values), name]));
  const schemas = (doc.components ??= {}).schemas ?? {};
  const used = new Set<string>();
  const replace = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(replace);
    if (node === null || typeof node !== 'object') return node;
    const schema = node as SchemaObject & Record<string, unknown>;
    const name = Array.isArray(schema.enum) && schema.enum.length > 1 ? byValues.get(keyOf(schema.enum)) : undefined;
    if (name) {
      used.add(name);
      const { enum: _values, type: _type, ...siblings } = schema;
      const ref = { $ref: `#/components/schemas/${name}` };
      // OpenAPI 3.0 ignores siblings of a $ref: a description or example is kept beside an allOf.
      return Object.keys(siblings).length === 0 ? ref : { allOf: [ref], ...siblings };
    }
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, replace(child)]));
  };
  doc.paths = replace(doc.paths) as OpenAPIObject['paths'];
  const replaced = replace(schemas) as Record<string, SchemaObject>;
  for (const name of [...used].sort()) replaced[name] = { type: 'string', enum: [...NAMED_ENUMS[name]!] };
  doc.components.schemas = replaced;
}
