import { MigrationInterface, QueryRunner } from 'typeorm';

/** Assets of the default catalog: decimals and the faucet's daily cap (in whole units). */
const ASSETS: readonly [code: string, decimals: number, faucetPerDay: string][] = [
  ['USDT', 6, '100000'],
  ['USD', 2, '100000'],
  ['BTC', 8, '2'],
  ['ETH', 8, '50'],
  ['SOL', 8, '1000'],
  ['AAPL', 6, '500'],
  ['GOOGL', 6, '500'],
  ['TSLA', 6, '500'],
  ['MSFT', 6, '500'],
  ['AMZN', 6, '500'],
  ['NFLX', 6, '500'],
  ['META', 6, '500'],
  ['NVDA', 6, '500'],
];

export class CreateWalletSchema1763727000000 implements MigrationInterface {
  name = 'CreateWalletSchema1763727000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS wallet`);
    await q.query(`
      CREATE TABLE wallet.assets (
        code text PRIMARY KEY,
        decimals int NOT NULL,
        faucet_daily_limit numeric(38,0) NOT NULL,
        CONSTRAINT assets_decimals_check CHECK (decimals BETWEEN 0 AND 18)
      )`);
    for (const [code, decimals, perDay] of ASSETS) {
      // Whole units to smallest units by appending zeros: exact, no arithmetic.
      await q.query(`INSERT INTO wallet.assets (code, decimals, faucet_daily_limit) VALUES ($1, $2, $3)`, [code, decimals, perDay + '0'.repeat(decimals)]);
    }
    await q.query(`
      CREATE TABLE wallet.accounts (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        kind text NOT NULL,
        asset text NOT NULL,
        available numeric(38,0) NOT NULL DEFAULT 0,
        locked numeric(38,0) NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accounts_owner_kind_asset_key UNIQUE (owner_id, kind, asset),
        CONSTRAINT accounts_asset_fkey FOREIGN KEY (asset) REFERENCES wallet.assets (code),
        CONSTRAINT accounts_kind_check CHECK (kind IN ('SPOT', 'MARGIN', 'EXTERNAL', 'FEES', 'INSURANCE_FUND')),
        CONSTRAINT accounts_available_check CHECK (kind = 'EXTERNAL' OR available >= 0),
        CONSTRAINT accounts_locked_check CHECK (locked >= 0)
      )`);
    await q.query(`
      CREATE TABLE wallet.ledger_transactions (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        reference text NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL,
        CONSTRAINT ledger_transactions_reference_key UNIQUE (reference)
      )`);
    await q.query(`
      CREATE TABLE wallet.postings (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id uuid NOT NULL,
        account_id uuid NOT NULL,
        asset text NOT NULL,
        bucket text NOT NULL,
        amount numeric(38,0) NOT NULL,
        type text NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT postings_transaction_id_fkey FOREIGN KEY (transaction_id) REFERENCES wallet.ledger_transactions (id),
        CONSTRAINT postings_account_id_fkey FOREIGN KEY (account_id) REFERENCES wallet.accounts (id),
        CONSTRAINT postings_amount_check CHECK (amount <> 0),
        CONSTRAINT postings_bucket_check CHECK (bucket IN ('AVAILABLE', 'LOCKED'))
      )`);
    await q.query(`CREATE INDEX postings_transaction_id_idx ON wallet.postings (transaction_id)`);
    await q.query(`CREATE INDEX postings_account_id_idx ON wallet.postings (account_id, id)`);
    await q.query(`CREATE INDEX postings_account_type_created_idx ON wallet.postings (account_id, type, created_at)`);
    // The ledger is append-only, enforced by the database, not by good intentions.
    await q.query(`
      CREATE FUNCTION wallet.forbid_ledger_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
      END $$`);
    await q.query(`CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON wallet.ledger_transactions FOR EACH ROW EXECUTE FUNCTION wallet.forbid_ledger_rewrite()`);
    await q.query(`CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON wallet.postings FOR EACH ROW EXECUTE FUNCTION wallet.forbid_ledger_rewrite()`);
    await q.query(`
      CREATE TABLE wallet.withdrawals (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        asset text NOT NULL,
        amount numeric(38,0) NOT NULL,
        address text NOT NULL,
        status text NOT NULL,
        requested_at timestamptz NOT NULL,
        completes_at timestamptz NOT NULL,
        finished_at timestamptz,
        CONSTRAINT withdrawals_status_check CHECK (status IN ('PENDING', 'COMPLETED', 'CANCELED')),
        CONSTRAINT withdrawals_amount_check CHECK (amount > 0)
      )`);
    await q.query(`CREATE INDEX withdrawals_user_requested_idx ON wallet.withdrawals (user_id, requested_at, id)`);
    await q.query(`CREATE INDEX withdrawals_pending_due_idx ON wallet.withdrawals (completes_at) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE wallet.withdrawals`);
    await q.query(`DROP TABLE wallet.postings`);
    await q.query(`DROP TABLE wallet.ledger_transactions`);
    await q.query(`DROP FUNCTION wallet.forbid_ledger_rewrite()`);
    await q.query(`DROP TABLE wallet.accounts`);
    await q.query(`DROP TABLE wallet.assets`);
    await q.query(`DROP SCHEMA wallet`);
  }
}
