// `tbp-dicom/edit`: operations on existing objects. Modify (with Original Attributes, and undo), derive (crops),
// de-identify (PS3.15 profiles and options), and the lesion references of a regional image.
export { modifyFiles, revertFiles, modifyDataset, revertDataset, type Destination, type ModifyFilesOptions } from './modify/modify-files.js';
export { parseAssignment, parseCharsetDeclaration, applyChanges, type Change } from './modify/assignments.js';
export { recordModification, revertModification, type ModificationReason, type ModificationRecord } from './modify/original-attributes.js';
export { EDIT_PRIVATE_CREATOR, EDIT_ELEMENTS } from './modify/edit-private.js';
export { cropImage, type CropOptions, type CroppedImage } from './derive/crop-image.js';
export type { Region } from './pixel-layout.js';
export { deriveHeader, type DerivationOptions } from './derive/derived-header.js';
export { deidentifyFiles, type DeidentifyFilesOptions, type DeidentifyFilesResult } from './deidentify/deidentify-files.js';
export { Deidentifier, type DeidentifyOptions, type DeidentifyOutcome } from './deidentify/deidentifier.js';
export { blankPixels } from './deidentify/pixel-blanking.js';
export { removeJpegMetadata } from './deidentify/jpeg-metadata-removal.js';
export { parseBlankRegion, type BlankRegion } from './deidentify/blank-regions.js';
export { parseProfileOptions, OPTION_INFO, OPTION_NAMES } from './deidentify/options.js';
export { PseudonymStore, readKeyFile, type PseudonymStoreOptions } from './deidentify/pseudonym-store.js';
export { listLesions, addLesionImage, removeLesionImage, clearLesions, type ImageRef, type LesionLink, type LesionReference } from './lesions/lesion-references.js';
