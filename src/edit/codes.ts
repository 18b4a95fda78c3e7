import { Dataset } from '../core/dataset.js';
import { code, codeItem, type Code } from '../iod/codes/code.js';
import { DCM } from '../iod/codes/schemes.js';

/** The software identity written into Contributing Equipment. */
export const TOOLKIT_EQUIPMENT = { manufacturer: 'tbp-dicom', modelName: 'tbp-dicom', softwareVersions: '0.1.0' } as const;

/** PS3.16 CID 7005 Contributing Equipment Purposes of Reference. */
export const EQUIPMENT_PURPOSE = {
  processing: code('109102', DCM, 'Processing Equipment'),
  deidentifying: code('109104', DCM, 'De-identifying Equipment'),
} as const satisfies Record<string, Code>;

export interface EquipmentDescription {
  manufacturer: string;
  modelName?: string;
  softwareVersions?: string;
}

/** Appends an item to Contributing Equipment Sequence (0018,A001) saying which equipment did what (C.12.1.1.5). */
export function addContributingEquipment(ds: Dataset, equipment: EquipmentDescription, purpose: Code, when?: string): void {
  const item = new Dataset(ds);
  item.set('Manufacturer', equipment.manufacturer);
  if (equipment.modelName) item.set('ManufacturerModelName', equipment.modelName);
  if (equipment.softwareVersions) item.set('SoftwareVersions', equipment.softwareVersions);
  item.set('PurposeOfReferenceCodeSequence', [codeItem(purpose)]);
  if (when) item.set('ContributionDateTime', when);
  ds.set('ContributingEquipmentSequence', [...ds.items('ContributingEquipmentSequence'), item]);
}
