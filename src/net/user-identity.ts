/**
 * User identity negotiation (PS3.7 D.3.3.7): the item a requestor sends, how an identity is named in messages, and
 * the acceptor's decision on it.
 */
import { UserIdentityType, type UserIdentityRq } from './pdu.js';
import { NetError } from './errors.js';
import { quotePeerText } from './peer-text.js';

export interface UsernameIdentity {
  username: string;
  /** Sends a username and passcode (type 2) rather than the username alone (type 1); may be empty. */
  password?: string;
  /** Ask the acceptor to confirm the identity; the association then fails if it does not. */
  positiveResponse?: boolean;
}

/** The user identity item for a username, with a passcode when one is given (types 1 and 2). */
export function usernameIdentity(o: UsernameIdentity): UserIdentityRq {
  const primary = Buffer.from(o.username, 'utf8');
  const secondary = Buffer.from(o.password ?? '', 'utf8');
  if (primary.length === 0) throw new NetError('PROTOCOL', 'the username of the user identity is empty');
  // The type, the flag and the two fields' lengths share the item's 16-bit length with the fields.
  if (primary.length + secondary.length > 0xffff - 6) {
    throw new NetError('PROTOCOL', `the username and password take ${primary.length + secondary.length} bytes in UTF-8; at most ${0xffff - 6} fit in the user identity item`);
  }
  return {
    type: o.password === undefined ? UserIdentityType.Username : UserIdentityType.UsernameAndPasscode,
    positiveResponseRequested: o.positiveResponse ?? false,
    primary,
    secondary,
  };
}

const TYPE_NAMES: Record<number, string> = {
  [UserIdentityType.Username]: 'username',
  [UserIdentityType.UsernameAndPasscode]: 'username and passcode',
  [UserIdentityType.Kerberos]: 'Kerberos service ticket',
  [UserIdentityType.Saml]: 'SAML assertion',
  [UserIdentityType.Jwt]: 'JSON web token',
};

/** The username of a type 1 or 2 identity; undefined for the others (tickets, assertions, tokens). */
export function usernameOf(identity: UserIdentityRq): string | undefined {
  const t = identity.type;
  return t === UserIdentityType.Username || t === UserIdentityType.UsernameAndPasscode ? identity.primary.toString('utf8') : undefined;
}

/** A username for a log line: quoted, with control characters escaped (it comes from the peer), cut at 64 characters. */
export const quoteUsername = quotePeerText;

/** An identity for messages: the user for types 1 and 2, else the kind of credential. Never the passcode. */
export function describeIdentity(identity: UserIdentityRq): string {
  const username = usernameOf(identity);
  if (username !== undefined) return `user ${quoteUsername(username)}`;
  return TYPE_NAMES[identity.type] ?? `user identity of unknown type ${identity.type}`;
}

/** An acceptor's decision on the user identity of an A-ASSOCIATE-RQ. */
export type IdentityDecision =
  | {
      accept: true;
      /** The user the association acts for (types 1 and 2). */
      username?: string;
      /**
       * The server response, sent when the requestor asked for a positive response (empty for types 1 and 2).
       * Absent: no response item, the answer of an acceptor that cannot confirm this kind of identity.
       */
      serverResponse?: Buffer;
    }
  | {
      accept: false;
      /** Why, for the acceptor's log; the requestor is told only that the association is rejected. */
      why: string;
    };

/** Decides on a requestor's user identity (undefined: it sent none). */
export type IdentityCheck = (identity: UserIdentityRq | undefined) => IdentityDecision | Promise<IdentityDecision>;

/**
 * The default: any identity, or none, is accepted. A username (types 1 and 2) is confirmed when the requestor asks,
 * without checking the passcode, as PS3.15 B.4 (Basic User Identity) allows; a ticket, assertion or token cannot be
 * confirmed here (its response would have to be the server's own ticket or assertion), so it gets no response.
 */
export const acceptAnyIdentity: IdentityCheck = (identity) => {
  const username = identity && usernameOf(identity);
  return username === undefined ? { accept: true } : { accept: true, username, serverResponse: Buffer.alloc(0) };
};
