/**
 * Text a peer sent (a username, a UID, an AE title) as log lines show it. Written as it came, a line break in it would
 * end serve's log line and let the peer forge the next ones (`stored … → …`).
 */
import { uidLabel } from '../core/uid-registry.js';
import { isValidUid } from '../core/values/uid-syntax.js';
import { aeTitleProblem } from './ae-title.js';

/** Quoted, with control characters escaped, cut at 64 characters. */
export const quotePeerText = (text: string): string => JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);

/** A UID a peer sent: its name when the registry knows it, as it is when it is a valid UID, else quoted (quotePeerText). */
export const peerUid = (uid: string): string => (isValidUid(uid) ? uidLabel(uid) : quotePeerText(uid));

/** An AE title a peer sent: as it is when valid, else quoted (quotePeerText). */
export const peerAeTitle = (ae: string): string => (aeTitleProblem(ae) ? quotePeerText(ae) : ae);
