// dciodvfy (dicom3tools 2022) knows none of Surface Scan Mesh, Encapsulated OBJ or MTL, but it does know their
// modules: Surface Mesh (in Surface Segmentation) and Manufacturing 3D Model with the Encapsulated Document and
// Enhanced General Equipment modules (in Encapsulated STL). A copy relabelled with that SOP Class lets dciodvfy check
// them; errors about modules only the stand-in IOD has are left out.
import { join } from 'node:path';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { dciodvfyErrors } from '../tbp/tools.js';

export const SURFACE_SEGMENTATION = '1.2.840.10008.5.1.4.1.1.66.5';
export const ENCAPSULATED_STL = '1.2.840.10008.5.1.4.1.1.104.3';

/** Errors of the stand-in IOD's own modules (Segmentation content, STL frame of reference), not ours. */
const STAND_IN_ONLY = [
  /Unrecognized enumerated value <OSS>/,
  /Module=<ContentIdentificationMacro>/,
  /Module=<SurfaceSegmentation>/,
];

export function dciodvfyAs(file: string, sopClassUid: string, dir: string, extra: RegExp[] = []): string[] {
  const { dataset } = readDicomFile(file);
  dataset.set('SOPClassUID', sopClassUid);
  if (sopClassUid === ENCAPSULATED_STL) dataset.set('MIMETypeOfEncapsulatedDocument', 'model/stl');
  const copy = join(dir, `stand-in-${Math.random().toString(36).slice(2)}.dcm`);
  writeDicomFile(copy, { dataset }, {});
  return dciodvfyErrors(copy).filter((line) => ![...STAND_IN_ONLY, ...extra].some((p) => p.test(line)));
}
