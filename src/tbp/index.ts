// `tbp-dicom/tbp`: total body photography. A capture session (manifest) imported as linked DICOM objects, single
// objects made from one image, the lesion report of a study, and 3D body meshes as DICOM and back.
export { importCapture, type ImportOptions, type ImportProgress, type ImportResult, type ImportedObject, type ImportedLesion, type ObjectLink } from './capture-import.js';
export { loadManifest, parseManifest, type LoadedManifest } from './manifest-load.js';
export type { Manifest, ManifestSite, RegionalImageEntry, LesionEntry, LesionImageEntry, Calibration, MeshFacts } from './manifest-schema.js';
export type { ObjectMeta } from './object-meta.js';
export type { MeshMeta } from './mesh/mesh-meta.js';
export { createObject, type CreateKind, type CreateOptions, type CreatedObject } from './create-object.js';
export { markTextures, readLesions, type LesionReport, type ShownLesion, type ReportedReference } from './lesion-report.js';
export { buildMeshObjects, type MeshObjectsOptions, type MeshObjectsResult, type WrittenMeshObject } from './mesh/build-mesh-objects.js';
export { exportMesh, type ExportedMesh, type ExportMeshOptions } from './mesh/export-mesh.js';
export { MESH_ENCODINGS, type MeshEncoding } from './mesh/mesh-datasets.js';
export { TBP_CREATOR, TBP_GROUP, TBP_ELEMENTS, tbpKey, type TbpKeyword } from './private-dictionary.js';
