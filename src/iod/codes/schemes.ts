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

/**
 * Designators of coding schemes PS3.16 Table 8-1 lists, which a receiver knows without a declaration: those codes are
 * likely to use. A scheme not here is declared in Coding Scheme Identification Sequence (PS3.3 C.12.1.1.2 requires an
 * item for each scheme Table 8-1 does not list); declaring one Table 8-1 lists as well does no harm.
 */
const STANDARD_SCHEMES = new Set([
  'ACR', 'ASTM-sigpurpose', 'BARI', 'BI', 'C4', 'C5', 'CD2', 'DC', DCM, 'DCMUID', 'FMA', 'GMDN', 'HPC', 'I10', 'I10P', 'I9',
  'I9C', 'IBSI', 'ISO3166_1', 'ISO639_1', 'ISO639_2', 'ITIS_TSN', 'LN', 'MDC', 'MDNS', 'MSH', 'NCDR', 'NCIt', 'NDC', 'NEU',
  'NICIP', 'NYUMCCG', 'POS', 'PUBCHEM_CID', 'RADLEX', 'RFC3066', 'RFC5646', SCT, 'SNM3', 'SRT', 'UBERON', 'UCUM', 'UMLS', 'UPC',
]);

export const isStandardScheme = (designator: string): boolean => STANDARD_SCHEMES.has(designator);
