/** Coding scheme designators used by the built-in tables. */
export const SCT = 'SCT';
export const DCM = 'DCM';
/**
 * Our local scheme for concepts DICOM's extensible context groups do not have (a crop of a wide-field image).
 * "99" marks a private designator (PS3.16 8.2); objects using it declare it in Coding Scheme Identification Sequence.
 */
export const LOCAL_SCHEME = '99TBP';

export interface SchemeIdentification {
  designator: string;
  name: string;
  responsibleOrganization: string;
}

export const LOCAL_SCHEME_IDENTIFICATION: SchemeIdentification = {
  designator: LOCAL_SCHEME,
  name: 'tbp-dicom local codes (see docs/tbp-import.md)',
  responsibleOrganization: 'tbp-dicom project',
};
