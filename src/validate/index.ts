export { validate } from './validate.js';
export { validateFiles, type SetReport } from './files.js';
export { formatFinding } from './format.js';
export type { Finding, FindingCode, PrivateBlockRules, Severity, ValidateOptions, ValidationReport } from './types.js';
