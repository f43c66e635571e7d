import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService, CLS_ID } from 'nestjs-cls';
import { EntityManager } from 'typeorm';
import { canonicalJson } from '../idempotency/idempotent-request';
import { advisoryLockKey } from '../leadership/advisory-lock-key';

/** An admin action as it is recorded. */
export interface AuditAction {
  /** The admin (null: the platform itself). */
  readonly actorId: string | null;
  /** What was done, e.g. USER_SUSPENDED, MARKET_UPDATED, PRICE_SHOCK. */
  readonly action: string;
  /** What it was done to, e.g. `user:<id>`, `market:BTC-USDT`. */
  readonly target: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason?: string | null;
  /**
   * The request that did it; by default the X-Request-Id of the context the
   * append runs in. Give it when the append runs elsewhere: in a market's
   * turn (a batch has a context of its own), read with currentRequestId()
   * before queuing the command.
   */
  readonly requestId?: string | null;
}

export interface AuditEntry extends Required<AuditAction> {
  readonly seq: string;
  readonly requestId: string | null;
  readonly at: string;
  readonly prevHash: string;
  readonly hash: string;
}

export type AuditVerification = { readonly ok: true; readonly entries: number } | { readonly ok: false; readonly entries: number; readonly firstBad: { readonly seq: string; readonly reason: 'HASH_MISMATCH' | 'BROKEN_LINK' | 'GAP' } };

interface Row {
  seq: string;
  actor_id: string | null;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  request_id: string | null;
  created_at: Date;
  prev_hash: string;
  hash: string;
}

/** The hash of the chain's start (no row before the first). */
export const GENESIS_HASH = '0'.repeat(64);
const LOCK = advisoryLockKey('platform.audit_log');
const VERIFY_PAGE = 1000;

/**
 * The admin audit log (docs/operations.md, "Audit log"): every admin action
 * appended in the action's own transaction, each row carrying the SHA-256 of
 * the row before it and of itself (canonical JSON of its fields), so a row
 * changed, inserted or removed afterwards is found by `verify`. Appends take
 * a transaction-scoped advisory lock: admin actions are rare, and the chain
 * must have one order.
 */
@Injectable()
export class AuditLog {
  /** Per transaction (its entity manager): the appends queued in it. */
  private readonly queues = new WeakMap<EntityManager, Promise<void>>();

  constructor(
    private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
  ) {}

  /** The X-Request-Id of the request this runs in (null outside one). */
  currentRequestId(): string | null {
    return this.cls.isActive() ? ((this.cls.get(CLS_ID) as string | undefined) ?? null) : null;
  }

  /** Appends the action; call it inside the action's transaction (it joins the ambient one). */
  async append(action: AuditAction): Promise<void> {
    // A transaction needs a context to live in: a caller outside any (a timer, a feed tick) gets one of its own.
    if (!this.cls.isActive()) return this.cls.run(() => this.append(action));
    await this.tx.withTransaction(async () => {
      // The advisory lock orders transactions; appends of one transaction (its handlers may run side by side) queue here.
      const em = this.tx.tx;
      const mine = (this.queues.get(em) ?? Promise.resolve()).catch(() => undefined).then(() => this.write(em, action));
      this.queues.set(em, mine);
      await mine;
    });
  }

  private async write(em: EntityManager, action: AuditAction): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock($1)`, [LOCK.toString()]);
    const [last]: { seq: string; hash: string }[] = await em.query(`SELECT seq::text, hash FROM platform.audit_log ORDER BY audit_log.seq DESC LIMIT 1`);
    const seq = last ? (BigInt(last.seq) + 1n).toString() : '1';
    const prevHash = last?.hash ?? GENESIS_HASH;
    const requestId = action.requestId !== undefined ? action.requestId : this.currentRequestId();
    const at = new Date();
    const entry = { seq, actorId: action.actorId, action: action.action, target: action.target, before: action.before ?? null, after: action.after ?? null, reason: action.reason ?? null, requestId, at: at.toISOString() };
    await em.query(
      `INSERT INTO platform.audit_log (seq, actor_id, action, target, before, after, reason, request_id, created_at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11)`,
      [seq, entry.actorId, entry.action, entry.target, JSON.stringify(entry.before), JSON.stringify(entry.after), entry.reason, requestId, at, prevHash, hashOf(prevHash, entry)],
    );
  }

  /** Newest first: `before` a seq (the previous page's last), filtered by actor, action or target. */
  async page(filter: { actorId?: string; action?: string; target?: string; before?: string; limit: number }): Promise<AuditEntry[]> {
    const rows: Row[] = await this.tx.tx.query(
      `SELECT seq::text, actor_id, action, target, before, after, reason, request_id, created_at, prev_hash, hash FROM platform.audit_log
        WHERE ($1::uuid IS NULL OR actor_id = $1) AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR target = $3) AND ($4::bigint IS NULL OR audit_log.seq < $4)
        ORDER BY audit_log.seq DESC LIMIT $5`,
      [filter.actorId ?? null, filter.action ?? null, filter.target ?? null, filter.before ?? null, filter.limit],
    );
    return rows.map(entryOf);
  }

  /** Recomputes the chain from the first row: the first row whose hash, link or place is wrong, or ok. */
  async verify(): Promise<AuditVerification> {
    let prevHash = GENESIS_HASH;
    let expected = 1n;
    let entries = 0;
    for (;;) {
      const rows: Row[] = await this.tx.tx.query(
        `SELECT seq::text, actor_id, action, target, before, after, reason, request_id, created_at, prev_hash, hash FROM platform.audit_log WHERE audit_log.seq >= $1 ORDER BY audit_log.seq LIMIT $2`,
        [expected.toString(), VERIFY_PAGE],
      );
      for (const row of rows) {
        const e = entryOf(row);
        if (BigInt(e.seq) !== expected) return { ok: false, entries, firstBad: { seq: e.seq, reason: 'GAP' } };
        if (e.prevHash !== prevHash) return { ok: false, entries, firstBad: { seq: e.seq, reason: 'BROKEN_LINK' } };
        const { hash: _hash, prevHash: _prev, ...fields } = e;
        if (hashOf(prevHash, fields) !== e.hash) return { ok: false, entries, firstBad: { seq: e.seq, reason: 'HASH_MISMATCH' } };
        prevHash = e.hash;
        expected += 1n;
        entries += 1;
      }
      if (rows.length < VERIFY_PAGE) return { ok: true, entries };
    }
  }
}

function hashOf(prevHash: string, entry: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalJson(entry)}`).digest('hex');
}

function entryOf(r: Row): AuditEntry {
  return {
    seq: r.seq,
    actorId: r.actor_id,
    action: r.action,
    target: r.target,
    before: r.before,
    after: r.after,
    reason: r.reason,
    requestId: r.request_id,
    at: r.created_at.toISOString(),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
