import { Dataset } from '../../../core/dataset.js';
import { Sequence } from '../../../core/element.js';
import { decodeStrings } from '../../../core/value-codec.js';
import { fieldsAtOffset, formatDA, formatTM, formatUtcOffset } from '../../../core/values/date-time.js';
import { LOCAL_SCHEME_IDENTIFICATION, isStandardScheme } from '../../codes/schemes.js';

/**
 * SOP Common Module (C.12.1): identity and creation time of the instance; with the study's UTC offset, Timezone Offset
 * From UTC, and the creation time at that offset (which the object's DA and TM values are all read in).
 */
export function setSopCommon(ds: Dataset, sopClassUid: string, sopInstanceUid: string, created: Date, timezoneOffsetMinutes?: number): void {
  ds.set('SOPClassUID', sopClassUid);
  ds.set('SOPInstanceUID', sopInstanceUid);
  const at = timezoneOffsetMinutes === undefined ? created : fieldsAtOffset(created, timezoneOffsetMinutes);
  ds.set('InstanceCreationDate', formatDA(at));
  ds.set('InstanceCreationTime', formatTM(at));
  if (timezoneOffsetMinutes !== undefined) ds.set('TimezoneOffsetFromUTC', formatUtcOffset(timezoneOffsetMinutes));
}

const CODING_SCHEME_DESIGNATOR = 0x00080102;

/**
 * Every coding scheme designator the data set tree uses: elements walked and their bytes read directly (designators are
 * plain ASCII, whatever the character set), as this runs on every object built.
 */
function schemesUsed(ds: Dataset, found: Set<string>): Set<string> {
  for (const el of ds) {
    if (el.tag === CODING_SCHEME_DESIGNATOR && Buffer.isBuffer(el.value)) found.add(decodeStrings(el.value, 'SH', [])[0]!);
    else if (el.value instanceof Sequence) for (const item of el.value.items) schemesUsed(item, found);
  }
  return found;
}

/** The item declaring a scheme: ours with its name and keeper; another's by its designator, all that is known of it. */
function schemeItem(designator: string): Dataset {
  const item = new Dataset();
  item.set('CodingSchemeDesignator', designator);
  if (designator === LOCAL_SCHEME_IDENTIFICATION.designator) {
    item.set('CodingSchemeName', LOCAL_SCHEME_IDENTIFICATION.name);
    item.set('CodingSchemeResponsibleOrganization', LOCAL_SCHEME_IDENTIFICATION.responsibleOrganization);
  }
  return item;
}

/**
 * Declares in Coding Scheme Identification Sequence every coding scheme a code uses that PS3.16 does not list (PS3.3
 * C.12.1.1.2 requires it for private and local schemes): our "99TBP", and one a user's code names ("LOCAL", "99XYZ"),
 * so that a receiver can tell a local scheme's codes from a standard one's.
 */
export function declareCodingSchemes(ds: Dataset): void {
  const items = [...schemesUsed(ds, new Set())].filter((d) => d && !isStandardScheme(d)).map(schemeItem);
  if (items.length) ds.set('CodingSchemeIdentificationSequence', items);
}
