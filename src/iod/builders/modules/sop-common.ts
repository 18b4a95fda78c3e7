import { Dataset } from '../../../core/dataset.js';
import { formatDA, formatTM } from '../../../core/values/date-time.js';
import { LOCAL_SCHEME_IDENTIFICATION } from '../../codes/schemes.js';

/** SOP Common Module (C.12.1): identity and creation time of the instance. */
export function setSopCommon(ds: Dataset, sopClassUid: string, sopInstanceUid: string, created: Date): void {
  ds.set('SOPClassUID', sopClassUid);
  ds.set('SOPInstanceUID', sopInstanceUid);
  ds.set('InstanceCreationDate', formatDA(created));
  ds.set('InstanceCreationTime', formatTM(created));
}

/** Coding scheme designators used anywhere in the data set tree. */
function designators(ds: Dataset, found: Set<string>): Set<string> {
  for (const el of ds) {
    if (el.tag === 0x00080102) found.add(ds.getString(el.tag) ?? '');
    for (const item of ds.items(el.tag)) designators(item, found);
  }
  return found;
}

/**
 * Declares our private coding scheme in Coding Scheme Identification Sequence when a code uses it (PS3.3 C.12.1.1.2:
 * required for private schemes), so a receiver can tell what "99TBP" means.
 */
export function declareCodingSchemes(ds: Dataset): void {
  if (!designators(ds, new Set()).has(LOCAL_SCHEME_IDENTIFICATION.designator)) return;
  const item = new Dataset();
  item.set('CodingSchemeDesignator', LOCAL_SCHEME_IDENTIFICATION.designator);
  item.set('CodingSchemeName', LOCAL_SCHEME_IDENTIFICATION.name);
  item.set('CodingSchemeResponsibleOrganization', LOCAL_SCHEME_IDENTIFICATION.responsibleOrganization);
  ds.set('CodingSchemeIdentificationSequence', [item]);
}
