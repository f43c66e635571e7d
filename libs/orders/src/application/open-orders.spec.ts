import { Order, OrderData } from '../domain';
import { OpenOrders } from './open-orders';

const order = (id: string, userId: string) => new Order({ id, userId } as OrderData);

describe('OpenOrders: open orders by id, indexed by owner', () => {
  it('keeps the owner index in step with set, replace, delete and clear', () => {
    const open = new OpenOrders();
    open.set('a', order('a', 'alice')).set('b', order('b', 'bob')).set('c', order('c', 'alice'));
    expect(open.ofUser('alice').map((o) => o.state.id).sort()).toEqual(['a', 'c']);
    open.set('a', order('a', 'alice'));
    expect(open.ofUser('alice')).toHaveLength(2);
    open.delete('c');
    expect(open.ofUser('alice').map((o) => o.state.id)).toEqual(['a']);
    expect(open.ofUser('bob').map((o) => o.state.id)).toEqual(['b']);
    open.clear();
    expect([open.size, open.ofUser('alice'), open.ofUser('bob')]).toEqual([0, [], []]);
  });
});
