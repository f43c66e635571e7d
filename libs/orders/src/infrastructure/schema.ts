import { MarketStateEntity } from './entities/market-state.entity';
import { OrderEntity } from './entities/order.entity';
import { TradeEntity } from './entities/trade.entity';
import { OrderListEntity } from './entities/order-list.entity';
import { CreateOrdersSchema1763728000000 } from './migrations/1763728000000-create-orders-schema';
import { ReduceOnlyOrders1763730600000 } from './migrations/1763730600000-reduce-only-orders';
import { ConditionalOrders1763731000000 } from './migrations/1763731000000-conditional-orders';
import { CreateCountdowns1763731100000 } from './migrations/1763731100000-create-countdowns';
import { OrderLists1763731200000 } from './migrations/1763731200000-order-lists';

export const ORDERS_ENTITIES = [OrderEntity, TradeEntity, MarketStateEntity, OrderListEntity];
export const ORDERS_MIGRATIONS = [CreateOrdersSchema1763728000000, ReduceOnlyOrders1763730600000, ConditionalOrders1763731000000, CreateCountdowns1763731100000, OrderLists1763731200000];
