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
 * Designators of every coding scheme PS3.16 Table 8-1 lists (2024e), which a receiver knows without a declaration. A
 * scheme not here is declared in Coding Scheme Identification Sequence (PS3.3 C.12.1.1.2 requires an item for each
 * scheme Table 8-1 does not list) and the validator warns of one left undeclared; declaring one Table 8-1 lists as well
 * does no harm. The standard's JSON extract (../shared/standard/) leaves PS3.16 out, so the list is the table's first
 * column written out, in the table's order; "99SDM" is Table 8-1's own entry, whatever its private-looking prefix.
 */
const STANDARD_SCHEMES = new Set([
  'ACR', 'ASTM-sigpurpose', 'BARI', 'BI', 'C4', 'C5', 'caDSR', 'CD2', 'CTV3', 'DC', DCM, 'DCMUID', 'FMA', 'HPC', 'I10',
  'I10C', 'I10P', 'I11', 'I9', 'I9C', 'ICDO3', 'IBSI', 'IETF4646', 'ISO639_1', 'ISO639_2', 'ISO3166_1', 'ISO5218_1',
  'ISO_OID', 'ITIS_TSN', 'LN', 'MA', 'MAYOASRG', 'MDC', 'MDNS', 'MGI', 'MSH', 'NBD', 'NBG', 'NCDR', 'NCIt', 'NDC', 'NEU',
  'NICIP', 'NPI', 'NYUMCCG', 'PATHLEX', 'POS', 'PUBCHEM_CID', 'RADLEX', 'RADELEMENT', 'RFC3066', 'RFC-3881', 'RFC5646',
  'RO', 'RRID', 'RXNORM', '99SDM', 'SCPECG', 'SNM3', SCT, 'SRT', 'UBERON', 'UCUM', 'UMLS', 'UNS', 'UPC',
]);

export const isStandardScheme = (designator: string): boolean => STANDARD_SCHEMES.has(designator);
