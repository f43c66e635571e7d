/** API keys (docs/api-keys.md): how HMAC secrets are kept at rest, and how long a listen key lives. */
export interface ApiKeysConfig {
  /** The AES-256-GCM key (32 bytes) the HMAC secrets are encrypted with. */
  readonly encryptionKey: Buffer;
  /** LISTEN_KEY_TTL_MS: a listen key lives this long after its creation or its last extension (PUT /user-stream). */
  readonly listenKeyTtlMs: number;
}
