import { definePrivateBlock, type PrivateElementSpec } from '../core/dictionary.js';
import type { PrivateKey } from '../core/attribute-path.js';
import type { VR } from '../core/vr.js';
// The mesh block ("TBP DICOM MESH 1.0", docs/mesh.md) is registered with this one, so that whatever names or reads the
// TBP attributes (dump, modify, validate, Implicit VR reading) knows the mesh object's too.
import './mesh/mesh-private.js';

/**
 * The TBP private block (docs/private-dictionary.md). The TBP Dermoscopic Module drafts Lesion ID, Vertex ID and
 * 2D/3D Coordinate Data as (0010,1301-1304), which the standard does not define and which sit in the Patient group;
 * they are written here instead, in odd group 0013 under the creator "TBP DICOM 1.0". Group 0013 has no standard
 * meaning; blocks are keyed by creator, so sharing the group with another creator (RSNA CTP uses "CTP" there) is safe.
 * Elements are addressed by the low byte; the high byte is whichever block (0x10-0xFF) the creator reserved.
 */
export const TBP_CREATOR = 'TBP DICOM 1.0';
export const TBP_GROUP = 0x0013;

export const TBP_ELEMENTS = {
  /** The lesion's identifier in the capture (the device's lesion table). */
  TBPLesionID: { element: 0x01, vr: 'LO', vm: '1', name: 'TBP Lesion ID' },
  /** Index of the mesh vertex nearest the lesion, in the ordered vertex list of the surface mesh (0-based). */
  TBPVertexID: { element: 0x02, vr: 'UL', vm: '1', name: 'TBP Vertex ID' },
  /** Lesion position in the regional image: column, row in pixels from the top left pixel's centre. */
  TBP2DCoordinateData: { element: 0x03, vr: 'FD', vm: '2', name: 'TBP 2D Coordinate Data' },
  /** Lesion position on the surface mesh: x, y, z in the mesh's coordinates (the capture's frame of reference). */
  TBP3DCoordinateData: { element: 0x04, vr: 'FD', vm: '3', name: 'TBP 3D Coordinate Data' },
  /** The manifest id of the image this object was made from ("R1"), for tracing back to the device export. */
  TBPCaptureImageID: { element: 0x05, vr: 'LO', vm: '1', name: 'TBP Capture Image ID' },
  /** On a regional image: one item per lesion it shows (lesion id, tracking id/UID, 2D position, lesion images). */
  TBPLesionSequence: { element: 0x10, vr: 'SQ', vm: '1', name: 'TBP Lesion Sequence' },
  /** Camera intrinsics ("VL Image Calibration" of the TBP repository): focal length in pixels (f, or fx\fy). */
  TBPFocalLengthPixels: { element: 0x20, vr: 'FD', vm: '1-2', name: 'TBP Focal Length in Pixels' },
  /** Principal point: column, row in pixels. */
  TBPPrincipalPoint: { element: 0x21, vr: 'FD', vm: '2', name: 'TBP Principal Point' },
  /** Radial distortion coefficients k1, k2, … of the Brown-Conrady model. */
  TBPRadialDistortion: { element: 0x22, vr: 'FD', vm: '1-n', name: 'TBP Radial Distortion' },
  /** Whether the lens is parfocal (focus holds while zooming): YES or NO. */
  TBPParfocal: { element: 0x23, vr: 'CS', vm: '1', name: 'TBP Parfocal' },
  /** Focus distance in metres. */
  TBPFocusDistance: { element: 0x24, vr: 'FD', vm: '1', name: 'TBP Focus Distance' },
  /** Processing the device applied to a regional image ("super-res"). */
  TBPImageProcessing: { element: 0x30, vr: 'LO', vm: '1', name: 'TBP Image Processing' },
} as const satisfies Record<string, PrivateElementSpec>;

export type TbpKeyword = keyof typeof TBP_ELEMENTS;

/** The draft TBP Dermoscopic Module tags in group 0010, read when an input carries them. */
export const DRAFT_TAGS: Partial<Record<TbpKeyword, number>> = {
  TBPLesionID: 0x00101301,
  TBPVertexID: 0x00101302,
  TBP2DCoordinateData: 0x00101303,
  TBP3DCoordinateData: 0x00101304,
};

const block = definePrivateBlock(TBP_CREATOR, TBP_GROUP, TBP_ELEMENTS);

/** Names a TBP private attribute for Dataset get/set: (0013,"TBP DICOM 1.0",xx). */
export const tbpKey = (keyword: TbpKeyword): PrivateKey => block.key(keyword);

export const tbpVR = (keyword: TbpKeyword): VR => block.vr(keyword);
