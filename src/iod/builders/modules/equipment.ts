import type { Dataset } from '../../../core/dataset.js';
import { requireText } from '../check.js';

export interface EquipmentInfo {
  manufacturer: string;
  model?: string;
  serialNumber?: string;
  softwareVersions?: string | string[];
  institution?: string;
  department?: string;
  stationName?: string;
}

const versions = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** General Equipment Module (C.7.5.1): Manufacturer is Type 2, the rest Type 3. */
export function setGeneralEquipment(ds: Dataset, e: EquipmentInfo): void {
  ds.set('Manufacturer', e.manufacturer ?? null);
  if (e.institution) ds.set('InstitutionName', e.institution);
  if (e.department) ds.set('InstitutionalDepartmentName', e.department);
  if (e.stationName) ds.set('StationName', e.stationName);
  if (e.model) ds.set('ManufacturerModelName', e.model);
  if (e.serialNumber) ds.set('DeviceSerialNumber', e.serialNumber);
  if (versions(e.softwareVersions).length) ds.set('SoftwareVersions', versions(e.softwareVersions));
}

/** Enhanced General Equipment Module (C.7.5.2): the same attributes, all Type 1, so missing ones are refused. */
export function checkEnhancedEquipment(what: string, e: EquipmentInfo): void {
  requireText(what, 'equipment manufacturer', e.manufacturer);
  requireText(what, 'equipment model', e.model);
  requireText(what, 'equipment serial number', e.serialNumber);
  requireText(what, 'equipment software versions', versions(e.softwareVersions).join(''));
}
