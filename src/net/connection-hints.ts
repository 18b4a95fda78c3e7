import type { State } from './association.js';

/**
 * What a failed connection means, for the codes Node and OpenSSL give TLS and socket failures, and the setting to
 * change: "SELF_SIGNED_CERT_IN_CHAIN" alone leaves a user guessing which side's certificate is wrong.
 */
const TLS_HINTS: [RegExp, string][] = [
  [/^ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED$/, 'the peer requires a client certificate (--tls-cert and --tls-key)'],
  [/^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?)$/,
    "the peer's certificate is not signed by a trusted authority (give that authority's certificate with --tls-ca)"],
  [/^ERR_TLS_CERT_ALTNAME_INVALID$/, "the peer's certificate is not issued for the host name or address connected to"],
  [/^CERT_HAS_EXPIRED$/, "the peer's certificate has expired (or this machine's clock is wrong)"],
  [/^CERT_NOT_YET_VALID$/, "the peer's certificate is not valid yet"],
  [/^ERR_SSL_(TLSV1_ALERT_UNKNOWN_CA|SSLV3_ALERT_BAD_CERTIFICATE|SSLV3_ALERT_CERTIFICATE_UNKNOWN|TLSV1_ALERT_ACCESS_DENIED|TLSV1_ALERT_DECRYPT_ERROR)$/,
    'the peer does not accept our certificate (is it signed by an authority the peer trusts?)'],
  // Over TLS 1.2 a server that requires a client certificate and got none ends the handshake with alert 40, which is
  // also what it says when the two sides share no cipher suite (TLS 1.3 has alert 116 for the first).
  [/^ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE$/,
    'the peer ended the handshake: does it require a client certificate (give --tls-cert and --tls-key)? otherwise the two sides share no cipher suite'],
  [/^ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED$/,
    'the peer refused our certificate as expired: check the dates of --tls-cert (openssl x509 -noout -dates -in FILE), and the clocks of both machines'],
  [/^ERR_SSL_WRONG_VERSION_NUMBER$/, 'the peer does not speak TLS on this port'],
  [/^ERR_OSSL_X509_KEY_VALUES_MISMATCH$/, 'the private key does not belong to the certificate'],
  [/^ERR_OSSL_(UNSUPPORTED|PEM_NO_START_LINE|PEM_BAD_BASE64_DECODE)$/, 'a key or certificate is not in PEM form (or the key is encrypted)'],
];

/** The hint for a TLS failure's code, if it is a known one. */
export function tlsHint(code: string | undefined): string | undefined {
  return code === undefined ? undefined : TLS_HINTS.find(([pattern]) => pattern.test(code))?.[1];
}

/** A socket or TLS error as "CODE: message — what it means" (each part when known). */
export function describeFailure(e: Error & { code?: string }, hint = tlsHint(e.code)): string {
  // OpenSSL's "…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:file:line:" → its reason
  const reason = /error:[0-9A-F]+:[^:]*routines:[^:]*:([^:]+)/.exec(e.message)?.[1];
  const message = reason ?? e.message.replace(/^.*?: /, '');
  const text = !e.code ? message : message.includes(e.code) ? e.code : `${e.code} ${message}`;
  return hint ? `${text} — ${hint}` : text;
}

/**
 * A connection reset during the TLS handshake: usually a peer without TLS on that port. Over TLS 1.2 a peer that
 * checks client certificates after the handshake, as Node does, refuses one (expired, of an authority it does not
 * trust) the same way.
 */
const RESET_IN_HANDSHAKE = 'the peer closed the connection during the TLS handshake (does it accept TLS on this port?)';
const RESET_IN_HANDSHAKE_WITH_CERT = 'the peer closed the connection during the TLS handshake (does it accept TLS on this port? does it refuse our client certificate? has it expired, is it signed by an authority the peer trusts?)';

/**
 * A failed TLS handshake, either side's: a reset means the peer does not speak TLS there (or, when we sent one, refuses
 * our certificate), other codes as tlsHint says.
 */
export function handshakeFailure(e: Error & { code?: string }, sentCertificate = false): string {
  return describeFailure(e, e.code === 'ECONNRESET' ? (sentCertificate ? RESET_IN_HANDSHAKE_WITH_CERT : RESET_IN_HANDSHAKE) : undefined);
}

/** A client's failed handshake as the server sees it, for the codes whose meaning differs from the client's view. */
const CLIENT_HANDSHAKE_HINTS: [RegExp, string][] = [
  [/^ECONNRESET$/, "the client closed the connection during the TLS handshake (does it trust this server's certificate?)"],
  [/^ERR_SSL_(WRONG_VERSION_NUMBER|HTTP_REQUEST|LENGTH_TOO_SHORT|PACKET_LENGTH_TOO_LONG|RECORD_LENGTH_MISMATCH)$/, 'the client does not speak TLS (a plain DICOM association request?)'],
  [/^ERR_SSL_UNSUPPORTED_PROTOCOL$/, 'the client offers only TLS versions before 1.2, which this server refuses'],
  [/^ERR_SSL_NO_SHARED_CIPHER$/, 'the client offers no cipher suite this server accepts'],
  [/^ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE$/, 'the client sent no certificate, and one is required (--tls-require-client-cert)'],
  [/^ERR_SSL_(TLSV1_ALERT_UNKNOWN_CA|SSLV3_ALERT_BAD_CERTIFICATE|SSLV3_ALERT_CERTIFICATE_UNKNOWN|TLSV1_ALERT_ACCESS_DENIED|TLSV1_ALERT_DECRYPT_ERROR)$/, "the client does not accept this server's certificate (is it signed by an authority the client trusts?)"],
  [/^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?)$/,
    "the client's certificate is not signed by an authority of --tls-ca"],
  [/^CERT_HAS_EXPIRED$/, "the client's certificate has expired: the client needs a new one (or its clock, or this machine's, is wrong)"],
  [/^CERT_NOT_YET_VALID$/, "the client's certificate is not valid yet (is a clock wrong?)"],
  [/^ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED$/, "the client refuses this server's certificate as expired: renew the server's --tls-cert"],
];

const clientHint = (code: string | undefined): string | undefined =>
  code === undefined ? undefined : CLIENT_HANDSHAKE_HINTS.find(([pattern]) => pattern.test(code))?.[1] ?? tlsHint(code);

/**
 * A client's failed TLS handshake, for the server's log. Node refuses a client's certificate after the handshake by
 * closing the connection, which the error reports as a reset: `refused` (the socket's authorizationError) says why.
 */
export function clientHandshakeFailure(e: Error & { code?: string }, refused?: string): string {
  if (refused) return `its certificate was refused: ${refused} — ${clientHint(refused) ?? 'it does not verify against --tls-ca'}`;
  return describeFailure(e, clientHint(e.code));
}

/**
 * A requestor that closed the connection after its A-RELEASE-RQ without waiting for our A-RELEASE-RP (or reading it):
 * PS3.8 (Table 9-10, AA-4) makes a close before the reply no orderly release but an abort of the provider's.
 */
export const RELEASE_THEN_CLOSED = 'the peer asked to release the association, then closed the connection before our reply (A-RELEASE-RP)';

/**
 * What a connection closed without release or abort was in the middle of, by PS3.8 state (every state a peer can close
 * the connection in; Sta13 is the close awaited): "closed in state Sta6" alone says nothing to someone who does not know
 * the state machine.
 */
const CLOSED_DURING: Record<Exclude<State, 'Sta1' | 'Sta13'>, string> = {
  // Acceptor: PS3.8 lets a peer close before its request (AA-5): a port check, a client that gave up.
  Sta2: 'the peer closed the connection without sending an association request',
  // Acceptor: its A-ASSOCIATE-RQ was being decided (a password checked), and is answered nothing.
  Sta3: 'the peer closed the connection before its association request was answered',
  // Requestor: the connection is opened before the association exists (not kept as a state here).
  Sta4: 'the peer closed the connection before the association request was sent',
  // Plain TCP: often a peer that expects TLS.
  Sta5: 'the peer closed the connection before answering the association request (does it expect TLS? then --tls)',
  Sta6: 'the peer closed the connection while the association was open, without releasing or aborting it (did it fail or reach a limit? its log says why)',
  Sta7: 'the peer closed the connection instead of answering our release request',
  Sta8: RELEASE_THEN_CLOSED,
  // Release collision: both sides asked to release at once.
  Sta9: 'the peer closed the connection while both sides were releasing, before our release response',
  Sta10: 'the peer closed the connection while both sides were releasing, instead of answering our release request',
  Sta11: 'the peer closed the connection while both sides were releasing, instead of answering our release request',
  Sta12: 'the peer closed the connection while both sides were releasing, before our release response',
};

/**
 * Over TLS 1.3 a server checks the client's certificate after the handshake has completed on the client's side, so a
 * refused certificate shows as the connection closing when the association request has gone.
 */
const TLS_CLOSED_BEFORE_ANSWER = 'the peer closed the TLS connection before answering the association request (did it refuse our client certificate? has it expired, is it signed by an authority the peer trusts?)';

/** The plain-language meaning of a connection the peer closed in `state` (over TLS or not), before our last word. */
export function closedHint(state: Exclude<State, 'Sta1' | 'Sta13'>, tls: boolean): string {
  return state === 'Sta5' && tls ? TLS_CLOSED_BEFORE_ANSWER : CLOSED_DURING[state];
}
