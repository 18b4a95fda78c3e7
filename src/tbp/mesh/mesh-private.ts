import { definePrivateBlock, type PrivateElementSpec } from '../../core/dictionary.js';
import type { PrivateKey } from '../../core/attribute-path.js';
import type { Dataset } from '../../core/dataset.js';

/**
 * The TBP 3D acquisition block (docs/mesh.md): what the TBP repository proposed as a "TBP 3D Module" and a
 * "Photogrammetry Module", plus what an OBJ → Surface Scan Mesh → OBJ round trip needs and the standard cannot hold.
 * Its own creator in group 0013 beside "TBP DICOM 1.0", so the two blocks evolve independently.
 */
export const MESH_CREATOR = 'TBP DICOM MESH 1.0';
export const MESH_GROUP = 0x0013;

export const MESH_ELEMENTS = {
  /** INSTANT_CAPTURE (one multi-camera shot), CONTINUOUS_SCANNING, or OTHER: LO, as a CS value holds only 16 characters. */
  TBPMeshCaptureProcedure: { element: 0x01, vr: 'LO', vm: '1', name: 'TBP Mesh Capture Procedure' },
  /** Share of the body surface the mesh covers, 0-100 %. */
  TBPMeshBodyCoverage: { element: 0x02, vr: 'FD', vm: '1', name: 'TBP Mesh Body Coverage' },
  /** Body regions missing from the mesh: coded anatomic regions (CID 4029), one item each. */
  TBPMeshMissingBodyPartSequence: { element: 0x03, vr: 'SQ', vm: '1', name: 'TBP Mesh Missing Body Part Sequence' },
  /** Reconstruction error (mean distance of the reconstruction from the observations), mm. */
  TBPMeshReconstructionError: { element: 0x04, vr: 'FD', vm: '1', name: 'TBP Mesh Reconstruction Error' },
  /** Reconstruction algorithm name and version. */
  TBPMeshReconstructionAlgorithm: { element: 0x05, vr: 'LO', vm: '1', name: 'TBP Mesh Reconstruction Algorithm' },
  /** Photogrammetry cameras: focal length (mm), exposure time (s), aperture (f-number). */
  TBPMeshFocalLength: { element: 0x10, vr: 'FD', vm: '1', name: 'TBP Mesh Photogrammetry Focal Length' },
  TBPMeshExposureTime: { element: 0x11, vr: 'FD', vm: '1', name: 'TBP Mesh Photogrammetry Exposure Time' },
  TBPMeshAperture: { element: 0x12, vr: 'FD', vm: '1', name: 'TBP Mesh Photogrammetry Aperture' },
  /** Points 1..N are the OBJ vertices in order; later points are texture-seam copies. */
  TBPMeshSourceVertexCount: { element: 0x20, vr: 'UL', vm: '1', name: 'TBP Mesh Source Vertex Count' },
  /** For each seam copy, the 1-based OBJ vertex it copies. */
  TBPMeshSeamSources: { element: 0x21, vr: 'OL', vm: '1', name: 'TBP Mesh Seam Point Sources' },
  /** OBJ faces with more than three corners that were fan-triangulated. */
  TBPMeshPolygonsTriangulated: { element: 0x22, vr: 'UL', vm: '1', name: 'TBP Mesh Polygons Triangulated' },
  /** OBJ groups/objects: names (one per line) and the 0-based first triangle of each. */
  TBPMeshGroupNames: { element: 0x23, vr: 'UT', vm: '1', name: 'TBP Mesh Group Names' },
  TBPMeshGroupFirstTriangles: { element: 0x24, vr: 'OL', vm: '1', name: 'TBP Mesh Group First Triangles' },
  /** The OBJ's own v texture coordinates (0 at the bottom), kept because 1 - (1 - v) is not exact in float32. */
  TBPMeshObjTextureV: { element: 0x25, vr: 'OF', vm: '1', name: 'TBP Mesh OBJ Texture V' },
  /** The OBJ's u texture coordinates, kept here only when there is no texture image for a UV Mapping to reference. */
  TBPMeshObjTextureU: { element: 0x26, vr: 'OF', vm: '1', name: 'TBP Mesh OBJ Texture U' },
  /**
   * The statement that began each group, `g` or `o` (one per line), so that an object comes back as an object. Written
   * only when there is an `o`; absent (and in objects written before it was defined), every group is a `g`.
   */
  TBPMeshGroupStatements: { element: 0x27, vr: 'UT', vm: '1', name: 'TBP Mesh Group Statements' },
} as const satisfies Record<string, PrivateElementSpec>;

export type MeshKeyword = keyof typeof MESH_ELEMENTS;

const block = definePrivateBlock(MESH_CREATOR, MESH_GROUP, MESH_ELEMENTS);

export const meshKey = (keyword: MeshKeyword): PrivateKey => block.key(keyword);

export function setMeshPrivate(ds: Dataset, keyword: MeshKeyword, value: string | number | readonly number[] | Dataset[] | Buffer): void {
  ds.set(meshKey(keyword), value as string, block.vr(keyword));
}
