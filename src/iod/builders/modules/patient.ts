import type { Dataset } from '../../../core/dataset.js';
import { formatDA } from '../../../core/values/date-time.js';
import { parseAS } from '../../../core/values/age-string.js';

export type Sex = 'M' | 'F' | 'O';

export interface PatientInfo {
  /** Person Name in DICOM form ("Doe^Jane"). */
  name: string;
  id: string;
  /** DA or ISO date. */
  birthDate?: string;
  sex?: Sex;
  /** Age String ("044Y"). */
  age?: string;
  /** Metres. */
  size?: number;
  /** Kilograms. */
  weight?: number;
  history?: string;
}

/** Patient Module (C.7.1.1): Type 2 attributes are always present, empty when unknown. */
export function setPatient(ds: Dataset, p: PatientInfo): void {
  ds.set('PatientName', p.name);
  ds.set('PatientID', p.id);
  ds.set('PatientBirthDate', p.birthDate ? formatDA(p.birthDate) : null);
  ds.set('PatientSex', p.sex ?? null);
}

/** Patient Study Module (C.7.2.2): what was measured or told at this visit; all Type 3. */
export function setPatientStudy(ds: Dataset, p: PatientInfo): void {
  if (p.age !== undefined) {
    parseAS(p.age);
    ds.set('PatientAge', p.age);
  }
  if (p.size !== undefined) ds.set('PatientSize', p.size);
  if (p.weight !== undefined) ds.set('PatientWeight', p.weight);
  if (p.history !== undefined) ds.set('AdditionalPatientHistory', p.history);
}
