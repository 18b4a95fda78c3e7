import { present, rootItemsAbove, undecidable, valueIs } from './conditions.js';
import { defined, enumerated, sq, t1, t1c, t2, t2c, t3 } from './define.js';
import { ALGORITHM_IDENTIFICATION, IMAGE_SOP_INSTANCE_REFERENCE, SOP_INSTANCE_REFERENCE, codeSequence } from './macros.js';
import type { AttributeDefinition, ModuleDefinition } from './types.js';

const YES_NO_UNKNOWN = [enumerated(['YES', 'NO', 'UNKNOWN'])];

/** PS3.3 Table C.27-2 Points Macro. */
const POINTS: readonly AttributeDefinition[] = [
  t1('NumberOfSurfacePoints', { notZero: true }),
  t1('PointCoordinatesData'),
  t3('PointPositionAccuracy'),
  t3('MeanPointDistance'),
  t3('MaximumPointDistance'),
  t3('PointsBoundingBoxCoordinates'),
  t3('AxisOfRotation'),
  t1c('CenterOfRotation', present('AxisOfRotation')),
];

/** PS3.3 Table C.27-3 Vectors Macro (surface normals are 3-vectors). */
const VECTORS: readonly AttributeDefinition[] = [
  t1('NumberOfVectors'),
  t1('VectorDimensionality', { values: [enumerated([3])] }),
  t3('VectorAccuracy'),
  t1('VectorCoordinateData'),
];

const PRIMITIVE = [t1('LongPrimitivePointIndexList')];

/** PS3.3 Table C.27-4 Surface Mesh Primitives Macro. */
const SURFACE_MESH_PRIMITIVES: readonly AttributeDefinition[] = [
  t2('LongVertexPointIndexList'), t2('LongEdgePointIndexList'), t2('LongTrianglePointIndexList'),
  sq('TriangleStripSequence', '2', PRIMITIVE), sq('TriangleFanSequence', '2', PRIMITIVE),
  sq('LineSequence', '2', PRIMITIVE), sq('FacetSequence', '2', PRIMITIVE),
];

/** PS3.3 C.27.1 Surface Mesh module (Table C.27-1). */
export const SURFACE_MESH: ModuleDefinition = {
  id: 'surface-mesh',
  name: 'Surface Mesh',
  section: 'C.27.1',
  attributes: [
    t1('NumberOfSurfaces', { notZero: true }),
    sq('SurfaceSequence', '1', [
      t1('SurfaceNumber'),
      t3('SurfaceComments'),
      codeSequence('SegmentedPropertyCategoryCodeSequence', '3'),
      codeSequence('SegmentedPropertyTypeCodeSequence', '3'),
      t2('SurfaceProcessing', { values: [enumerated(['YES', 'NO'])] }),
      t2c('SurfaceProcessingRatio', valueIs('SurfaceProcessing', ['YES']), { absentOtherwise: true }),
      t3('SurfaceProcessingDescription'),
      sq('SurfaceProcessingAlgorithmIdentificationSequence', '2C', ALGORITHM_IDENTIFICATION, { vm: '0-1', condition: valueIs('SurfaceProcessing', ['YES']), absentOtherwise: true }),
      t1('RecommendedDisplayGrayscaleValue'),
      t1('RecommendedDisplayCIELabValue', { vm: '3' }),
      t1('RecommendedPresentationOpacity'),
      // C.27.1.1.3 lists the presentation types as Defined Terms.
      t1('RecommendedPresentationType', { values: [defined(['SURFACE', 'WIREFRAME', 'POINTS'])] }),
      t3('RecommendedPointRadius'),
      t3('RecommendedLineThickness'),
      t1('FiniteVolume', { values: YES_NO_UNKNOWN }),
      t1('Manifold', { values: YES_NO_UNKNOWN }),
      sq('SurfacePointsSequence', '1', POINTS, { vm: '1' }),
      sq('SurfacePointsNormalsSequence', '2', VECTORS, { vm: '0-1' }),
      sq('SurfaceMeshPrimitivesSequence', '1', SURFACE_MESH_PRIMITIVES, { vm: '1' }),
    ], { vm: '1-n' }),
  ],
};

/** PS3.3 C.8.29.1 Optical Surface Scanner Series module (Table C.8.29-1). */
export const OPTICAL_SURFACE_SCANNER_SERIES: ModuleDefinition = {
  id: 'optical-surface-scanner-series',
  name: 'Optical Surface Scanner Series',
  section: 'C.8.29.1',
  attributes: [
    t1('Modality', { values: [enumerated(['OSS'])] }),
    sq('ReferencedPerformedProcedureStepSequence', '1C', SOP_INSTANCE_REFERENCE, { vm: '1', condition: undecidable }),
    sq('ReferencedSurfaceDataSequence', '2', SOP_INSTANCE_REFERENCE),
  ],
};

/** PS3.3 C.8.29.2 Scan Procedure module (Table C.8.29-2). */
export const SCAN_PROCEDURE: ModuleDefinition = {
  id: 'scan-procedure',
  name: 'Scan Procedure',
  section: 'C.8.29.2',
  attributes: [
    codeSequence('SurfaceScanAcquisitionTypeCodeSequence', '1'),
    codeSequence('SurfaceScanModeCodeSequence', '2', '0-n'),
    // "Required if the IOD stores data that has been derived from multiple shots": not decidable from the data set.
    codeSequence('RegistrationMethodCodeSequence', '1C', '1', { condition: undecidable }),
    t1('InstanceNumber'),
    t1('AcquisitionNumber'),
    t1('AcquisitionDateTime'),
    t1('ShotDurationTime'),
    t3('ShotOffsetTime'),
  ],
};

/** PS3.3 C.27.6 UV Mapping module (Table C.27.6-1). */
export const UV_MAPPING: ModuleDefinition = {
  id: 'uv-mapping',
  name: 'UV Mapping',
  section: 'C.27.6',
  attributes: [
    sq('UVMappingSequence', '1', [
      t1c('ReferencedSurfaceNumber', rootItemsAbove('SurfaceSequence', 1)),
      t1('TextureLabel'),
      t1('UValueData'),
      t1('VValueData'),
      sq('ReferencedTextureSequence', '1', IMAGE_SOP_INSTANCE_REFERENCE, { vm: '1' }),
    ], { vm: '1-n' }),
  ],
};
