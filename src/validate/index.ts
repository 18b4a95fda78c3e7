export { validate } from './validate.js';
export { validateEach, validateFiles, type SetReport, type SetTotals } from './files.js';
export { formatFinding } from './format.js';
export type { Finding, FindingCode, PrivateBlockRules, Severity, ValidateOptions, ValidationReport } from './types.js';
