import { Injectable } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';
import { toDataURL } from 'qrcode';
import { TotpAuthenticator } from '../../application/ports';
import { TOTP_DIGITS, TOTP_DRIFT_STEPS, TOTP_ISSUER, TOTP_PERIOD_SECONDS, timeStepOf } from '../../domain';

/** RFC 6238 with `otpauth` (HMAC-SHA1, 6 digits, 30 s), QR codes with `qrcode`. */
@Injectable()
export class OtpauthTotp extends TotpAuthenticator {
  newSecret(): string {
    return new Secret({ size: 20 }).base32;
  }

  keyUri(secret: string, account: string): string {
    return this.totp(secret, account).toString();
  }

  qrCodePng(uri: string): Promise<string> {
    return toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  }

  matchStep(secret: string, code: string, atMs: number): number | null {
    // validate() compares in constant time and answers the matching step's offset from now's.
    const delta = this.totp(secret, '').validate({ token: code, timestamp: atMs, window: TOTP_DRIFT_STEPS });
    return delta === null ? null : timeStepOf(atMs) + delta;
  }

  private totp(secret: string, label: string): TOTP {
    return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
  }
}
