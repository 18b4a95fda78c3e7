import type { Dataset } from '../../core/dataset.js';
import { codeOf, type Code } from '../../iod/codes/code.js';
import { CROP_DERIVATION } from '../../iod/codes/derivation.js';
import { PURPOSE_LESION_SURFACE } from '../../iod/codes/purposes.js';
import { LOCAL_SCHEME_IDENTIFICATION } from '../../iod/codes/schemes.js';
import { CAPTURE_PROCEDURES, MULTI_SHOT_REGISTRATION, PHOTOGRAMMETRY_MODE } from '../../tbp/mesh/mesh-codes.js';

/**
 * This toolkit's codes of its local scheme (99TBP, documented in docs/tbp-import.md): words it wrote itself, which
 * identify no one. Another value or meaning under the same designator is someone else's text.
 */
const OWN_CODES: readonly Code[] = [
  ...Object.values(CROP_DERIVATION),
  PURPOSE_LESION_SURFACE,
  ...Object.values(CAPTURE_PROCEDURES),
  PHOTOGRAMMETRY_MODE,
  MULTI_SHOT_REGISTRATION,
];

const OWN = new Set(OWN_CODES.map((c) => `${c.scheme}\0${c.value}\0${c.meaning}`));

/** Whether a code item is one of this toolkit's own local codes, value, scheme and meaning as it writes them. */
export function isOwnCode(item: Dataset): boolean {
  const c = codeOf(item);
  return !!c && OWN.has(`${c.scheme}\0${c.value}\0${c.meaning}`);
}

/** Whether a Coding Scheme Identification item declares this toolkit's local scheme, with the name and keeper it writes. */
export function isOwnSchemeIdentification(item: Dataset): boolean {
  const own = LOCAL_SCHEME_IDENTIFICATION;
  return item.getString('CodingSchemeDesignator') === own.designator && item.getString('CodingSchemeName') === own.name
    && item.getString('CodingSchemeResponsibleOrganization') === own.responsibleOrganization;
}
