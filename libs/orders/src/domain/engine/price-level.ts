import { OrderType, Side, TimeInForce } from './order-book.types';

/**
 * A live order inside the book: a node of its level's doubly linked list, so that
 * cancel, fill and amend unlink it in O(1) from a Map lookup by id.
 */
export class OrderNode {
  prev: OrderNode | null = null;
  next: OrderNode | null = null;
  level: PriceLevel | null = null;

  constructor(
    readonly id: string,
    readonly ownerId: string,
    readonly side: Side,
    readonly type: OrderType,
    readonly timeInForce: TimeInForce,
    public price: bigint,
    public quantity: bigint,
    public filled: bigint,
    public remaining: bigint,
    public sequence: number,
  ) {}
}

/** All orders at one price on one side, in time priority (head first). */
export class PriceLevel {
  head: OrderNode | null = null;
  tail: OrderNode | null = null;
  /** Sum of the remaining quantity of the level's orders. */
  total = 0n;
  count = 0;
  /** The pass that last changed this level: lets a pass list its deltas without a Map. */
  touchedInPass = 0;

  constructor(
    readonly side: Side,
    readonly price: bigint,
  ) {}

  append(node: OrderNode): void {
    node.level = this;
    node.prev = this.tail;
    node.next = null;
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.total += node.remaining;
    this.count++;
  }

  /** Unlinks the node; the caller adjusts `total` (a fill already took its part). */
  unlink(node: OrderNode): void {
    if (node.prev === null) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = null;
    node.next = null;
    node.level = null;
    this.count--;
  }
}
