/** API keys (docs/api-keys.md): how HMAC secrets are kept at rest. */
export interface ApiKeysConfig {
  /** The AES-256-GCM key (32 bytes) the HMAC secrets are encrypted with. */
  readonly encryptionKey: Buffer;
}
