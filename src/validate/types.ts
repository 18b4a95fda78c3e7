/** How bad a finding is: errors break conformance, warnings are legal but doubtful, info is context. */
export type Severity = 'error' | 'warning' | 'info';

/** Stable finding codes, for tests and machines. */
export type FindingCode =
  | 'MISSING' // a required attribute is absent
  | 'EMPTY' // a Type 1 or 1C attribute (or sequence) is present with no value
  | 'NOT_ALLOWED' // present although its condition says it shall not be
  | 'ITEM_COUNT' // wrong number of sequence items
  | 'VM' // wrong number of values
  | 'VR' // VR differs from the dictionary
  | 'BAD_VALUE' // value does not conform to its VR (DA form, UI syntax, length …)
  | 'ZERO' // zero where the standard forbids it
  | 'NOT_ENUMERATED' // not one of the enumerated values
  | 'UNKNOWN_TERM' // not one of the defined terms (may be a legitimate extension)
  | 'UNKNOWN_ATTRIBUTE' // an even-group element the data dictionary does not define
  | 'MODULE_NOT_ALLOWED'
  | 'PIXEL' // pixel module inconsistent
  | 'SURFACE' // a surface's counts, coordinates and point indices disagree
  | 'LOSSY' // Lossy Image Compression against the transfer syntax
  | 'MODALITY' // SOP Class and Modality disagree
  | 'META' // File Meta Information against the data set
  | 'PRIVATE' // private block problems
  | 'CODING_SCHEME' // a code's scheme PS3.16 Table 8-1 does not list, undeclared in Coding Scheme Identification Sequence
  | 'FUNCTIONAL_GROUP' // functional group macro placement
  | 'REFERENCE' // a reference to another instance of the set does not resolve
  | 'DUPLICATE_UID' // a UID that must be unique is reused
  | 'INCONSISTENT' // series/study attributes disagree across instances
  | 'IOD_UNKNOWN' // the IOD is not known; only common modules were checked
  | 'NOT_CHECKED' // a module without a table in the project
  | 'READ'; // the file could be read only leniently

/** One problem: what is wrong, where, and how bad. */
export interface Finding {
  severity: Severity;
  code: FindingCode;
  /** Module (or check) that found it, e.g. "General Study". */
  module?: string;
  keyword?: string;
  /** "(0020,000D)" */
  tag?: string;
  /** Path inside sequences: "ReferencedImageSequence[0].ReferencedSOPInstanceUID". */
  path?: string;
  message: string;
  file?: string;
  /** On a "… and N more like it" finding: N, the findings of its kind past the cap (ValidateOptions.maxFindings). */
  more?: number;
}

export interface ValidationReport {
  file?: string;
  sopClassUid?: string;
  /** The IOD checked against; undefined when not known. */
  iod?: { id: string; name: string };
  findings: Finding[];
  /** Every error and warning found, those past the cap (counted in a "… and N more like it") too. */
  errors: number;
  warnings: number;
}

/** A private block as the validator needs to know it (the TBP block registers one). */
export interface PrivateBlockRules {
  creator: string;
  group: number;
  entries: readonly {
    element: number;
    keyword: string;
    vr: string;
    vm?: string;
    /** A standard attribute this one mirrors; their values must agree when both are present. */
    sameAs?: string;
  }[];
}

export interface ValidateOptions {
  /** Check against this IOD (id or name) instead of the one the SOP Class names. */
  iod?: string;
  /** Transfer syntax of the data set, when validating a data set without its file. */
  transferSyntaxUid?: string;
  /** Private blocks to check beyond those registered in the core private dictionary. */
  privateBlocks?: readonly PrivateBlockRules[];
  /** Leave out info findings. */
  quiet?: boolean;
  /**
   * Findings of one kind (code, module, and path with its item indices aside) listed before the rest are counted in
   * one "… and N more like it": 100 unless given; 0 lists them all.
   */
  maxFindings?: number;
}
