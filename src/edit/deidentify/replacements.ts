import { generateUid, uidFromKey } from '../../core/uid-generate.js';
import { uidInfo } from '../../core/uid-registry.js';
import { PseudonymStore } from './pseudonym-store.js';

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const code = (bytes: Buffer, length: number): string => {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[bytes[i]! % BASE32.length];
  return out;
};

/** Shifts fall between 1 and 10 years back, so shifted dates never look current. */
const MIN_SHIFT_DAYS = 365;
const SHIFT_RANGE_DAYS = 3285;

/** The replacement values de-identification writes, all consistent per original through one store. */
export class Replacements {
  constructor(readonly store: PseudonymStore) {}

  /** Registered UIDs (SOP Classes, transfer syntaxes, coding schemes, well-known frames of reference) are persistent and kept. */
  uid(original: string): string {
    const clean = original.replace(/[\0 ]+$/, '');
    if (!clean || uidInfo(clean)) return clean;
    const key = this.store.key;
    return this.store.value('uid', clean, () => (key ? uidFromKey(key, clean) : generateUid()));
  }

  /** Replaces Patient ID and Patient's Name, so one patient's objects still group together. */
  patient(patientKey: string): string {
    return this.store.value('patient', patientKey, (b) => `ANON${code(b, 10)}`);
  }

  /** Days every date of this patient moves (negative: into the past). */
  dateShiftDays(patientKey: string): number {
    return Number(this.store.value('shift', patientKey, (b) => String(-(MIN_SHIFT_DAYS + (b.readUInt32BE(0) % SHIFT_RANGE_DAYS)))));
  }

  /** A lesion label (Tracking ID, Lesion ID) replaced per patient: the same lesion links across images and visits. */
  lesion(patientKey: string, label: string): string {
    return this.store.value('lesion', `${patientKey}\0${label}`, (b) => `LESION-${code(b, 10)}`);
  }
}
