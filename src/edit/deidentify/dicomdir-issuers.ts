import { join, resolve, sep } from 'node:path';
import type { Dataset } from '../../core/dataset.js';
import { tag } from '../../core/tag.js';
import { readDicomFile } from '../../io/part10-reader.js';
import { rootRecords } from '../../io/dicomdir-offsets.js';

const PATIENT_ID = tag(0x0010, 0x0020);
const ISSUER_OF_PATIENT_ID = tag(0x0010, 0x0021);
/** Files of one patient record tried before giving up on it: one readable file answers. */
const TRIES_PER_PATIENT = 3;

/**
 * The Issuer of Patient ID of each DICOMDIR patient record that lacks one, read from a file the record's images name.
 * Media creators (dcmmkdir among them) leave the issuer out of the record, while the files carry it; the patient's
 * pseudonym and date shift are keyed by ID and issuer, so without this the DICOMDIR and its files would disagree.
 */
export function recordIssuers(dicomdir: Dataset, dicomdirPath: string): Map<Dataset, string> {
  const folder = resolve(dicomdirPath, '..');
  const issuers = new Map<Dataset, string>();
  const tries = new Map<Dataset, number>();
  for (const [record, root] of rootRecords(dicomdir)) {
    const id = root.getString(PATIENT_ID);
    const components = record.getStrings('ReferencedFileID');
    if (record === root || !id || root.getString(ISSUER_OF_PATIENT_ID) || issuers.has(root) || !components.length) continue;
    if ((tries.get(root) ?? 0) >= TRIES_PER_PATIENT) continue;
    tries.set(root, (tries.get(root) ?? 0) + 1);
    const path = join(folder, ...components);
    if (!path.startsWith(folder + sep)) continue; // a File ID naming a place outside the file-set is not followed
    try {
      const patient = readDicomFile(path, { lenient: true, stopAtTag: tag(0x0010, 0x0022) }).dataset;
      const issuer = patient.getString(ISSUER_OF_PATIENT_ID);
      if (issuer && patient.getString(PATIENT_ID) === id) issuers.set(root, issuer);
    } catch {
      // An unreadable or missing file answers nothing; the next file of the record may.
    }
  }
  return issuers;
}
