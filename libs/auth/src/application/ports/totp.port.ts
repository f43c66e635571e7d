/** TOTP arithmetic (RFC 6238), from a library; the replay and guess rules are the application's. */
export abstract class TotpAuthenticator {
  /** A new random secret, base32 (160 bits, what RFC 4226 recommends). */
  abstract newSecret(): string;
  /** The otpauth:// URI an authenticator app scans. */
  abstract keyUri(secret: string, account: string): string;
  /** The URI as a QR code, a PNG data URI. */
  abstract qrCodePng(uri: string): Promise<string>;
  /** The time step, within the drift allowed around `atMs`, whose code is `code`; null when none. */
  abstract matchStep(secret: string, code: string, atMs: number): number | null;
}
