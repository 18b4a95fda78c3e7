// `tbp-dicom/mesh`: 3D surface meshes in typed arrays, read from and written to Wavefront OBJ (with MTL).
export { parseObj, readObjFile } from './obj-parse.js';
export { writeObjFile, type ObjWriteOptions } from './obj-write.js';
export { parseMtl, type MaterialLibrary } from './mtl.js';
export { meshBounds, pointCount, triangleCount, type SurfaceMesh } from './surface-mesh.js';
