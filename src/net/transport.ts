import { connect as netConnect, type Socket } from 'node:net';
import type * as Tls from 'node:tls';
import type { ConnectionOptions, TlsOptions } from 'node:tls';
import { readFileSync } from 'node:fs';
import { DicomError } from '../core/errors.js';
import { onFirstUse } from '../core/on-first-use.js';
import { NetError, connectFailureKind } from './errors.js';
import { CertificateDatesError, certificateDatesProblem } from './certificate-dates.js';
import { describeFailure, handshakeFailure } from './connection-hints.js';

/**
 * TLS settings for either side (PS3.15 B.1 "Basic TLS Secure Transport Connection Profile" style): PEM file paths or
 * contents. The acceptor needs key and cert; `ca` lists the authorities trusted for the peer's certificate.
 */
export interface TlsSettings {
  key?: string | Buffer;
  cert?: string | Buffer;
  ca?: string | Buffer | (string | Buffer)[];
  /** Acceptor: require a client certificate signed by `ca`. */
  requestCert?: boolean;
  /** Check the peer's certificate (default true). */
  rejectUnauthorized?: boolean;
  /** Requestor: the name expected in the server certificate (default: the host). */
  servername?: string;
  /**
   * Present `cert` even out of its validity dates as this machine's clock sees them (a peer whose clock is right where
   * this one's is not). By default such a certificate is refused before connecting or listening (CertificateDatesError).
   */
  ignoreCertificateDates?: boolean;
}

/** "host:port" for messages; an IPv6 address in brackets ("[::1]:104"), an IPv4-mapped one as IPv4. */
export function hostPort(host: string | undefined, port: number | undefined): string {
  const h = (host ?? '?').replace(/^::ffff:(?=\d+\.)/, '');
  return `${h.includes(':') ? `[${h}]` : h}:${port ?? '?'}`;
}

/** A PEM value given as text stays as is; anything else is taken as a file path. */
function pem(v: string | Buffer): string | Buffer {
  if (Buffer.isBuffer(v) || v.includes('-----BEGIN')) return v;
  try {
    return readFileSync(v);
  } catch (e) {
    throw new NetError('TLS', `cannot read ${v}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, undefined, e);
  }
}

/**
 * Our own certificate, read, and refused when out of its dates (unless the settings say otherwise): it would show only
 * as the peer refusing the handshake (a server's, as every client refusing it). A certificate that is no certificate is
 * left to TLS, which says so.
 */
function ownCertificate(given: string | Buffer, ignoreDates: boolean | undefined): string | Buffer {
  const cert = pem(given);
  let problem: string | undefined;
  try {
    problem = ignoreDates ? undefined : certificateDatesProblem(cert);
  } catch {
    return cert;
  }
  if (problem) throw new CertificateDatesError(problem, cert === given ? undefined : (given as string));
  return cert;
}

/**
 * Refuses our own certificate when it is out of its dates (CertificateDatesError), for a caller that checks its
 * settings before other work: a batch before it reads its files.
 */
export function checkOwnCertificate(t: TlsSettings | undefined): void {
  if (t?.cert !== undefined) ownCertificate(t.cert, t.ignoreCertificateDates);
}

export function tlsServerOptions(t: TlsSettings): TlsOptions {
  if (!t.key || !t.cert) throw new NetError('TLS', 'TLS on the acceptor needs a private key and a certificate');
  return {
    key: pem(t.key),
    cert: ownCertificate(t.cert, t.ignoreCertificateDates),
    ca: t.ca === undefined ? undefined : Array.isArray(t.ca) ? t.ca.map(pem) : pem(t.ca),
    requestCert: t.requestCert ?? false,
    rejectUnauthorized: t.requestCert ? (t.rejectUnauthorized ?? true) : false,
    minVersion: 'TLSv1.2',
  };
}

export function tlsClientOptions(host: string, t: TlsSettings): ConnectionOptions {
  return {
    host,
    key: t.key === undefined ? undefined : pem(t.key),
    cert: t.cert === undefined ? undefined : ownCertificate(t.cert, t.ignoreCertificateDates),
    ca: t.ca === undefined ? undefined : Array.isArray(t.ca) ? t.ca.map(pem) : pem(t.ca),
    rejectUnauthorized: t.rejectUnauthorized ?? true,
    servername: t.servername ?? (/^[\d.]+$|:/.test(host) ? undefined : host),
    minVersion: 'TLSv1.2',
  };
}

/** node:tls, loaded on first use: it costs about 10 ms of every echo's, send's and serve's start-up. */
export const loadTls = onFirstUse<typeof Tls>('node:tls');

/**
 * Opens a TCP (or TLS) connection with TCP_NODELAY; fails after `timeout` ms. The host and port are the caller's to
 * check (requestAssociation's checkPeerOptions): port 0 would be any port, and Node's message for 70000 would read as
 * a TLS problem below.
 */
export async function openConnection(host: string, port: number, timeout: number, tls?: TlsSettings): Promise<Socket> {
  const tlsConnect = tls ? loadTls().connect : undefined;
  return new Promise<Socket>((resolve, reject) => {
    const peer = hostPort(host, port);
    let socket: Socket;
    try {
      socket = tls && tlsConnect ? tlsConnect({ ...tlsClientOptions(host, tls), port }) : netConnect({ host, port, noDelay: true });
    } catch (e) {
      // Ours (a file not read, a certificate out of its dates) are passed on as they are.
      if (e instanceof DicomError) reject(e);
      else if (tls) reject(new NetError('TLS', `TLS settings: ${describeFailure(e as Error)}`, peer, e));
      else reject(new NetError(connectFailureKind((e as NodeJS.ErrnoException).code), `cannot connect to ${peer}: ${describeFailure(e as Error)}`, peer, e));
      return;
    }
    const timer = timeout > 0 ? setTimeout(() => {
      socket.destroy();
      reject(new NetError('TIMEOUT', `could not connect to ${peer} within ${timeout} ms`, peer));
    }, timeout) : undefined;
    const onError = (e: NodeJS.ErrnoException): void => {
      if (timer) clearTimeout(timer);
      // A system error (ECONNREFUSED, ECONNRESET) is the connection's; the others (ERR_SSL_…, CERT_HAS_EXPIRED) are TLS's.
      const kind = tls && !/^E[A-Z]+$/.test(e.code ?? '') ? 'TLS' : connectFailureKind(e.code);
      reject(new NetError(kind, `cannot connect to ${peer}: ${tls ? handshakeFailure(e, tls.cert !== undefined) : describeFailure(e)}`, peer, e));
    };
    socket.once('error', onError);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      if (timer) clearTimeout(timer);
      socket.off('error', onError);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
