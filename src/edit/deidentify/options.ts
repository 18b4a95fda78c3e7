import { DicomError } from '../../core/errors.js';
import type { ProfileOption } from './profile-types.js';

/** A code of PS3.16 CID 7050 "De-identification Method" (coding scheme DCM). */
export interface MethodCode {
  value: string;
  meaning: string;
}

export const BASIC_PROFILE_CODE: MethodCode = { value: '113100', meaning: 'Basic Application Confidentiality Profile' };

/** Recorded for an image whose burned-in text was blanked (PS3.15 E.3.1); Table E.1-1 has no column for it. */
export const CLEAN_PIXEL_DATA_CODE: MethodCode = { value: '113101', meaning: 'Clean Pixel Data Option' };

interface OptionInfo {
  /** The name the command line takes (`--option retain-uids`). */
  cliName: string;
  code: MethodCode;
}

/** Every PS3.15 E.3 option this implementation offers, with its CID 7050 code. */
export const OPTION_INFO: Record<ProfileOption, OptionInfo> = {
  cleanGraphics: { cliName: 'clean-graphics', code: { value: '113103', meaning: 'Clean Graphics Option' } },
  cleanStructuredContent: { cliName: 'clean-structured-content', code: { value: '113104', meaning: 'Clean Structured Content Option' } },
  cleanDescriptors: { cliName: 'clean-descriptors', code: { value: '113105', meaning: 'Clean Descriptors Option' } },
  retainLongitudinalFullDates: {
    cliName: 'retain-longitudinal-full-dates',
    code: { value: '113106', meaning: 'Retain Longitudinal Temporal Information Full Dates Option' },
  },
  retainLongitudinalModifiedDates: {
    cliName: 'retain-longitudinal-modified-dates',
    code: { value: '113107', meaning: 'Retain Longitudinal Temporal Information Modified Dates Option' },
  },
  retainPatientCharacteristics: { cliName: 'retain-patient-characteristics', code: { value: '113108', meaning: 'Retain Patient Characteristics Option' } },
  retainDeviceIdentity: { cliName: 'retain-device-identity', code: { value: '113109', meaning: 'Retain Device Identity Option' } },
  retainUids: { cliName: 'retain-uids', code: { value: '113110', meaning: 'Retain UIDs Option' } },
  retainSafePrivate: { cliName: 'retain-safe-private', code: { value: '113111', meaning: 'Retain Safe Private Option' } },
  retainInstitutionIdentity: { cliName: 'retain-institution-identity', code: { value: '113112', meaning: 'Retain Institution Identity Option' } },
};

export const OPTION_NAMES = Object.keys(OPTION_INFO) as ProfileOption[];

/** Parses command-line option names (`retain-uids`, or the library's `retainUids`) into a checked option set. */
export function parseProfileOptions(names: readonly string[]): Set<ProfileOption> {
  const set = new Set<ProfileOption>();
  for (const name of names) {
    const option = OPTION_NAMES.find((o) => o === name || OPTION_INFO[o].cliName === name);
    if (!option) {
      const known = OPTION_NAMES.map((o) => OPTION_INFO[o].cliName).join(', ');
      throw new DicomError('INVALID_ARGUMENT', `unknown de-identification option "${name}"; expected one of ${known}`);
    }
    set.add(option);
  }
  return checkProfileOptions(set);
}

/** The two longitudinal options are alternatives (PS3.15 E.3.6): full dates or modified dates, not both. */
export function checkProfileOptions(options: ReadonlySet<ProfileOption>): Set<ProfileOption> {
  if (options.has('retainLongitudinalFullDates') && options.has('retainLongitudinalModifiedDates')) {
    throw new DicomError('INVALID_ARGUMENT', 'choose either retain-longitudinal-full-dates or retain-longitudinal-modified-dates, not both');
  }
  return new Set(options);
}
