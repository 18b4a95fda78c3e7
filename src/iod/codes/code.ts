import { Dataset } from '../../core/dataset.js';
import { DicomError } from '../../core/errors.js';

/** A coded concept: (value, scheme, meaning) as the Code Sequence Macro (PS3.3 Table 8.8-1) carries it. */
export interface Code {
  value: string;
  scheme: string;
  meaning: string;
  schemeVersion?: string;
}

export const code = (value: string, scheme: string, meaning: string): Code => ({ value, scheme, meaning });

/** Code Value is SH (16 characters); longer values (some SNOMED CT ids) go in Long Code Value (UC). */
const SHORT_CODE_MAX = 16;

/** Code Sequence Macro tags, set by number: code items are built by the thousand in an import. */
const CODE_VALUE = 0x00080100;
const CODING_SCHEME_DESIGNATOR = 0x00080102;
const CODING_SCHEME_VERSION = 0x00080103;
const CODE_MEANING = 0x00080104;
const LONG_CODE_VALUE = 0x00080119;

/** One item of a code sequence. */
export function codeItem(c: Code): Dataset {
  if (!c.value || !c.scheme || !c.meaning) {
    throw new DicomError('INVALID_ARGUMENT', `a code needs a value, a scheme and a meaning (got ${JSON.stringify(c)})`);
  }
  const item = new Dataset();
  item.set(c.value.length > SHORT_CODE_MAX ? LONG_CODE_VALUE : CODE_VALUE, c.value);
  item.set(CODING_SCHEME_DESIGNATOR, c.scheme);
  if (c.schemeVersion) item.set(CODING_SCHEME_VERSION, c.schemeVersion);
  item.set(CODE_MEANING, c.meaning);
  return item;
}

/** Reads a code back from a code sequence item. */
export function codeOf(item: Dataset): Code | undefined {
  const value = item.getString('CodeValue') ?? item.getString('LongCodeValue') ?? item.getString('URNCodeValue');
  const scheme = item.getString('CodingSchemeDesignator');
  const meaning = item.getString('CodeMeaning');
  return value && scheme && meaning ? { value, scheme, meaning } : undefined;
}

export const sameCode = (a: Code, b: Code): boolean => a.value === b.value && a.scheme === b.scheme;
