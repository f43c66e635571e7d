import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { EntityManager } from 'typeorm';

export interface IdempotentRequest {
  /** Whose key it is: the user id. */
  readonly scope: string;
  /** The client's Idempotency-Key (validated by the caller). */
  readonly key: string;
  /** requestHash() of the request. */
  readonly requestHash: string;
}

/** A response as sent: the status and the exact bytes of the body (null: no body). */
export interface StoredResponse {
  readonly statusCode: number;
  readonly body: string | null;
}

export type IdempotencyOutcome =
  /** First time: the handler ran and its response is now stored with the key. */
  | { readonly kind: 'executed'; readonly response: StoredResponse }
  /** The same request was done before: its stored response, not a new execution. */
  | { readonly kind: 'replayed'; readonly response: StoredResponse }
  /** The key was used before for a different request (method, path or body). */
  | { readonly kind: 'key-reused' };

/**
 * Runs a request at most once per (scope, key), and hands back the first
 * response to every repeat.
 *
 * How: the whole request runs in ONE transaction whose first statement is
 *
 *     INSERT INTO platform.idempotency_keys (scope, key, request_hash) VALUES (...)
 *     ON CONFLICT DO NOTHING RETURNING 1
 *
 * - It returns a row: this request owns the key. The handler runs inside the
 *   same transaction (it is ambient: every query through TransactionHost joins
 *   it), then the response is written to the row, then everything commits at
 *   once. The effects of the handler and the stored response are never apart.
 * - Another transaction holds the same key uncommitted (a concurrent request):
 *   PostgreSQL makes this INSERT wait on the primary key until that one ends.
 *   If it commits, the INSERT returns nothing and the committed row is read
 *   (READ COMMITTED: each statement sees what was committed before it ran). If
 *   it rolls back, the INSERT succeeds and this request executes instead.
 * - It returns nothing: the row is committed with its response (a row is
 *   never visible without one, as both are written in one transaction). Same
 *   request hash: replay that response. Another hash: the key was reused for
 *   a different request.
 *
 * Errors are not stored: when the handler throws, the transaction rolls back,
 * the key with it, and a retry with the same key executes again. Only
 * responses the handler returned are replayed.
 *
 * Every query goes through the ambient transaction's EntityManager
 * (TransactionHost.tx), never another pooled connection: a request waiting on
 * the key already holds a connection, and one taking a second could exhaust
 * the pool under load while the owner of the key waits for one (a deadlock).
 * For the same reason the handler must use TransactionHost too.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get em(): EntityManager {
    return this.txHost.tx;
  }

  /**
   * Runs `execute` in a new transaction unless this (scope, key) is known;
   * `execute` must resolve to the response it will send, exactly as sent.
   * Joins the surrounding transaction when one is active (never call it
   * inside one: a rollback of the caller would forget the key).
   */
  async run(request: IdempotentRequest, execute: () => Promise<StoredResponse>): Promise<IdempotencyOutcome> {
    return this.txHost.withTransaction(async (): Promise<IdempotencyOutcome> => {
      // A second round only when the row went away (expired) between the INSERT and the SELECT.
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await this.claim(request)) {
          const response = await execute();
          await this.complete(request, response);
          return { kind: 'executed', response };
        }
        const previous = await this.previous(request);
        if (previous) return previous;
      }
      throw new Error('Idempotency key could not be claimed nor read');
    });
  }

  /**
   * The two halves of `run` for a caller that owns the transaction and
   * answers after other work in it (a market's batch): claims the key in the
   * ambient transaction, or returns the committed outcome of an earlier
   * request. After 'claimed' the caller must `complete` it in the same
   * transaction with the response it will send.
   */
  async claimOrFind(request: IdempotentRequest): Promise<{ kind: 'claimed' } | IdempotencyOutcome> {
    if (!this.txHost.isTransactionActive()) throw new Error('claimOrFind needs the caller\'s transaction');
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.claim(request)) return { kind: 'claimed' };
      const previous = await this.previous(request);
      if (previous) return previous;
    }
    throw new Error('Idempotency key could not be claimed nor read');
  }

  /**
   * The committed outcome of this (scope, key), if any, without claiming it:
   * for callers that check things before they can run (a repeat must replay
   * the first answer even when those checks would fail now).
   */
  async find(request: IdempotentRequest): Promise<IdempotencyOutcome | undefined> {
    return this.previous(request);
  }

  /**
   * For a caller that owns the transaction and stores the answers of several
   * requests it carried out in it (a market's batch): every key with its
   * response in ONE statement, so the effects and the stored answers commit
   * together. A key another request holds makes this statement wait until
   * that one ends; the keys it then finds taken (committed by that request)
   * are returned by their index: the caller rolls back and answers those
   * requests with `find`, and carries out the others again without them.
   */
  async recordAll(records: readonly { readonly request: IdempotentRequest; readonly response: StoredResponse }[]): Promise<number[]> {
    if (records.length === 0) return [];
    if (!this.txHost.isTransactionActive()) throw new Error('recordAll needs the caller\'s transaction');
    const rows: { scope: string; key: string }[] = await this.em.query(
      `INSERT INTO platform.idempotency_keys (scope, key, request_hash, status_code, response_body)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[])
       ON CONFLICT DO NOTHING RETURNING scope, key`,
      [
        records.map((r) => r.request.scope),
        records.map((r) => r.request.key),
        records.map((r) => r.request.requestHash),
        records.map((r) => r.response.statusCode),
        records.map((r) => r.response.body),
      ],
    );
    const stored = new Set(rows.map((r) => `${r.scope}\u0000${r.key}`));
    return records.flatMap((r, i) => (stored.has(`${r.request.scope}\u0000${r.request.key}`) ? [] : [i]));
  }

  /** Deletes the keys created before `cutoff` (their repeats then execute again); returns how many. */
  async deleteCreatedBefore(cutoff: Date): Promise<number> {
    const [, deleted]: [unknown, number] = await this.em.query(`DELETE FROM platform.idempotency_keys WHERE created_at < $1`, [cutoff]);
    return deleted;
  }

  private async claim({ scope, key, requestHash }: IdempotentRequest): Promise<boolean> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO platform.idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [scope, key, requestHash],
    );
    return rows.length === 1;
  }

  /** Stores the response of a key claimed by claimOrFind, in the same transaction. */
  async complete({ scope, key }: IdempotentRequest, response: StoredResponse): Promise<void> {
    await this.em.query(`UPDATE platform.idempotency_keys SET status_code = $3, response_body = $4 WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      response.statusCode,
      response.body,
    ]);
  }

  private async previous({ scope, key, requestHash }: IdempotentRequest): Promise<IdempotencyOutcome | undefined> {
    const rows: { request_hash: string; status_code: number | null; response_body: string | null }[] = await this.em.query(
      `SELECT request_hash, status_code, response_body FROM platform.idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    const row = rows[0];
    if (!row) return undefined;
    // A committed row always has its response (both are written in one transaction).
    if (row.status_code === null) throw new Error('Idempotency key committed without a response');
    if (row.request_hash !== requestHash) return { kind: 'key-reused' };
    return { kind: 'replayed', response: { statusCode: row.status_code, body: row.response_body } };
  }
}
