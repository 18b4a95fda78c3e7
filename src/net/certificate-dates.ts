import type * as Crypto from 'node:crypto';
import { DicomError } from '../core/errors.js';
import { onFirstUse } from '../core/on-first-use.js';

const crypto = onFirstUse<typeof Crypto>('node:crypto');

/**
 * Why a certificate (PEM or DER; the first of a chain) cannot be presented at `now`, naming its dates; undefined
 * when it is within them. A requestor checks its own certificate before connecting, a server before listening: out of
 * its dates, it would show only as the peer's refusal of the handshake.
 */
export function certificateDatesProblem(cert: string | Buffer, now = new Date()): string | undefined {
  const { validFrom, validTo } = new (crypto().X509Certificate)(cert);
  const dates = `valid from ${validFrom} to ${validTo}`;
  if (now < new Date(validFrom)) return `the certificate is not valid yet (${dates}): check this machine's clock, or give one valid now`;
  if (now > new Date(validTo)) return `the certificate has expired (${dates}): renew it, or check this machine's clock`;
  return undefined;
}

/**
 * Our own certificate (TlsSettings.cert) out of its validity dates, refused before a requestor connects or a server
 * listens. `file` is set when the certificate was given as a file path; `problem` is what is wrong, naming the dates.
 */
export class CertificateDatesError extends DicomError {
  constructor(
    readonly problem: string,
    file?: string,
  ) {
    super('INVALID_ARGUMENT', `TLS certificate (cert): ${problem}`, { file });
    this.name = 'CertificateDatesError';
  }
}
