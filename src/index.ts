// The package's main entry (`tbp-dicom`): the DICOM codec. Reading and writing Part 10 files and data sets, the data
// dictionary and UID registry, value parsing, DICOM JSON, the text dump and re-encoding. The other capabilities have
// their own entries (`tbp-dicom/net`, `/archive`, `/validate`, `/edit`, `/tbp`, `/mesh`; docs/library.md), so that a
// program loads only what it uses.
export { DicomError, type DicomErrorCode, type DicomErrorDetails } from './core/errors.js';
export { DEFAULT_LIMITS, limitsInForce, setLimitsInForce, type Limits } from './core/limits-in-force.js';
export * from './core/tag.js';
export { VRS, isVR, isStringVR, isBulkVR, isNumericBinaryVR, isMultiValuedText, usesCharacterSet, numericWidth, type VR } from './core/vr.js';
export { Element, Encapsulated, Sequence, isBulkRef, loadBulk, type BulkRef, type BulkSource, type ElementValue, type Fragment } from './core/element.js';
export * from './core/dataset.js';
export * from './core/attribute-path.js';
export * from './core/implementation.js';
export * from './core/values/age-string.js';
export * from './core/values/date-time.js';
export * from './core/values/number-strings.js';
export * from './core/values/person-name.js';
export * from './core/values/uid-syntax.js';
export { lookupTag, lookupKeyword, keywordOf, tagOf, defaultVR, registerPrivateDictionary, definePrivateBlock, lookupPrivate, lookupPrivateKeyword } from './core/dictionary.js';
export type { DictionaryEntry, PrivateDictionaryEntry, PrivateEntryDefinition, PrivateElementSpec, PrivateBlockDefinition } from './core/dictionary.js';
export { uidInfo, uidName, uidByKeyword, sopClasses, isStorageSopClass, transferSyntaxUids, type UidInfo, type UidType } from './core/uid-registry.js';
export { generateUid, uidFromKey } from './core/uid-generate.js';
export { decodeText, encodeText, canEncode, isKnownCharset, parseSpecificCharacterSet } from './core/charset.js';
export * from './io/transfer-syntax.js';
export * from './io/part10-reader.js';
export { readUnknownInKnownVR } from './io/unknown-vr.js';
export { encodeDataset, encodeDicom, writeDicomFile, writeNewDicomFile, type WriteOptions, type Writable } from './io/part10-writer.js';
export type { SequenceLengthPolicy } from './io/dataset-writer.js';
export type { ReadOptions } from './io/read-options.js';
export { datasetToJson, datasetFromJson, dicomJsonText, writeDicomJson, MAX_INLINE_BINARY, type JsonOptions, type JsonReadOptions, type JsonAttribute, type JsonDataset } from './io/dicom-json.js';
export { fileBulkDataUri, resolveFileBulkData, type FileRange } from './io/bulk-data-uri.js';
export { readDicomFileForBulkData, type FileWithBulkData } from './io/file-bulk-data.js';
export { dumpFile, dumpDataset, type DumpOptions } from './io/dump.js';
export { convertFile, type ConvertOptions } from './io/convert.js';
