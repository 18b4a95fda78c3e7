import { DicomError } from '../../core/errors.js';
import { assertValidUid } from '../../core/values/uid-syntax.js';

/** Builders refuse bad input when they are called, naming the IOD and the field, so a built object is valid. */
export function invalid(what: string, message: string): never {
  throw new DicomError('INVALID_ARGUMENT', `${what}: ${message}`);
}

/** A Type 1 value: present and not blank. */
export function requireText(what: string, field: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') invalid(what, `${field} is required`);
  return value;
}

export function requireUid(what: string, field: string, uid: string | undefined): string {
  requireText(what, field, uid);
  try {
    assertValidUid(uid!);
  } catch (e) {
    invalid(what, `${field}: ${(e as Error).message}`);
  }
  return uid!;
}

export function requirePositive(what: string, field: string, value: number | undefined): number | undefined {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) invalid(what, `${field} must be a positive number (got ${value})`);
  return value;
}
