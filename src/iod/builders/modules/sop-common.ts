import { Dataset } from '../../../core/dataset.js';
import { Sequence } from '../../../core/element.js';
import { decodeStrings } from '../../../core/value-codec.js';
import { formatDA, formatTM } from '../../../core/values/date-time.js';
import { LOCAL_SCHEME_IDENTIFICATION } from '../../codes/schemes.js';

/** SOP Common Module (C.12.1): identity and creation time of the instance. */
export function setSopCommon(ds: Dataset, sopClassUid: string, sopInstanceUid: string, created: Date): void {
  ds.set('SOPClassUID', sopClassUid);
  ds.set('SOPInstanceUID', sopInstanceUid);
  ds.set('InstanceCreationDate', formatDA(created));
  ds.set('InstanceCreationTime', formatTM(created));
}

const CODING_SCHEME_DESIGNATOR = 0x00080102;

/**
 * Whether any code in the data set tree uses the coding scheme `designator`: elements walked and their bytes read
 * directly (designators are plain ASCII, whatever the character set), as this runs on every object built.
 */
function usesScheme(ds: Dataset, designator: string): boolean {
  for (const el of ds) {
    if (el.tag === CODING_SCHEME_DESIGNATOR && Buffer.isBuffer(el.value) && decodeStrings(el.value, 'SH', [])[0] === designator) return true;
    if (el.value instanceof Sequence && el.value.items.some((item) => usesScheme(item, designator))) return true;
  }
  return false;
}

/**
 * Declares our private coding scheme in Coding Scheme Identification Sequence when a code uses it (PS3.3 C.12.1.1.2:
 * required for private schemes), so a receiver can tell what "99TBP" means.
 */
export function declareCodingSchemes(ds: Dataset): void {
  if (!usesScheme(ds, LOCAL_SCHEME_IDENTIFICATION.designator)) return;
  const item = new Dataset();
  item.set('CodingSchemeDesignator', LOCAL_SCHEME_IDENTIFICATION.designator);
  item.set('CodingSchemeName', LOCAL_SCHEME_IDENTIFICATION.name);
  item.set('CodingSchemeResponsibleOrganization', LOCAL_SCHEME_IDENTIFICATION.responsibleOrganization);
  ds.set('CodingSchemeIdentificationSequence', [item]);
}
