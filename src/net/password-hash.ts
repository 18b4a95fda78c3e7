/**
 * Password hashes for the users an acceptor accepts: scrypt (RFC 7914), written in the PHC string format
 * `$scrypt$ln=15,r=8,p=1$SALT$KEY` (base64 without padding), so a users file never holds a password.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

interface ScryptParams {
  /** log2 of the cost N. */
  ln: number;
  r: number;
  p: number;
}

export interface PasswordHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/** 32 MiB and about 0.1 s per check: costly to guess offline, affordable per association. */
const DEFAULT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 1 };
const SALT_LENGTH = 16;
const KEY_LENGTH = 32;

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{22,})$/;

/** Reads a hash as `hashPassword` writes it; undefined when it is not one, or asks for absurd costs. */
export function parsePasswordHash(text: string): PasswordHash | undefined {
  const m = PHC.exec(text);
  if (!m) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 1 || params.ln > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return undefined;
  return { params, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') };
}

function derive(password: Buffer, salt: Buffer, { ln, r, p }: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** ln;
  return new Promise((resolve, reject) => {
    // maxmem: scrypt needs 128·N·r bytes; Node's default limit (32 MiB) would refuse the default cost with any margin.
    scrypt(password, salt, length, { N, r, p, maxmem: 256 * N * r }, (e, key) => (e ? reject(e) : resolve(key)));
  });
}

const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '');

/** A new hash of the password (UTF-8), with a random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(Buffer.from(password, 'utf8'), salt, DEFAULT_PARAMS, KEY_LENGTH);
  const { ln, r, p } = DEFAULT_PARAMS;
  return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
}

/** A hash no password matches (its key is all zeros) that costs as much to check as `like`, or as a new one. */
export function decoyHash(like?: PasswordHash): PasswordHash {
  return { params: like?.params ?? DEFAULT_PARAMS, salt: Buffer.alloc(like?.salt.length ?? SALT_LENGTH), key: Buffer.alloc(like?.key.length ?? KEY_LENGTH) };
}

/** Whether the passcode (its bytes as received) matches the hash; compared in constant time. */
export async function verifyPassword(passcode: Buffer, hash: PasswordHash): Promise<boolean> {
  const key = await derive(passcode, hash.salt, hash.params, hash.key.length);
  return timingSafeEqual(key, hash.key);
}
