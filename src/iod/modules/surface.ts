import { undecidable, valueIs } from './conditions.js';
import { enumerated, sq, t1, t1c, t2, t2c, t3 } from './define.js';
import { codeSequence } from './macros.js';
import type { ModuleDefinition } from './types.js';

const YES_NO_UNKNOWN = [enumerated(['YES', 'NO', 'UNKNOWN'])];

/** PS3.3 C.27.1 Surface Mesh module (with the Points, Vectors and Surface Mesh Primitives macros). */
export const SURFACE_MESH: ModuleDefinition = {
  id: 'surface-mesh',
  name: 'Surface Mesh',
  section: 'C.27.1',
  attributes: [
    t1('NumberOfSurfaces', { notZero: true }),
    sq('SurfaceSequence', '1', [
      t1('SurfaceNumber'),
      t3('SurfaceComments'),
      t2('SurfaceProcessing', { values: [enumerated(['YES', 'NO'])] }),
      t2c('SurfaceProcessingRatio', valueIs('SurfaceProcessing', ['YES'])),
      t3('SurfaceProcessingDescription'),
      sq('SurfaceProcessingAlgorithmIdentificationSequence', '2C', [], { condition: valueIs('SurfaceProcessing', ['YES']) }),
      t1('RecommendedDisplayGrayscaleValue'),
      t1c('RecommendedDisplayCIELabValue', undecidable, { vm: '3' }),
      t1('RecommendedPresentationOpacity'),
      t1('RecommendedPresentationType', { values: [enumerated(['SURFACE', 'WIREFRAME', 'POINTS'])] }),
      t1('FiniteVolume', { values: YES_NO_UNKNOWN }),
      t1('Manifold', { values: YES_NO_UNKNOWN }),
      sq('SurfacePointsSequence', '1', [t1('NumberOfSurfacePoints', { notZero: true }), t1('PointCoordinatesData'), t3('PointPositionAccuracy'), t3('MeanPointDistance'), t3('MaximumPointDistance'), t3('PointsBoundingBoxCoordinates'), t3('AxisOfRotation'), t3('CenterOfRotation')], { vm: '1' }),
      sq('SurfacePointsNormalsSequence', '2', [t1('NumberOfVectors'), t1('VectorDimensionality', { values: [enumerated([3])] }), t1('VectorCoordinateData')], { vm: '0-1' }),
      sq('SurfaceMeshPrimitivesSequence', '1', [
        t2('LongVertexPointIndexList'), t2('LongEdgePointIndexList'), t2('LongTrianglePointIndexList'),
        sq('TriangleStripSequence', '2', [t1('LongPrimitivePointIndexList')]), sq('TriangleFanSequence', '2', [t1('LongPrimitivePointIndexList')]),
        sq('LineSequence', '2', [t1('LongPrimitivePointIndexList')]), sq('FacetSequence', '2', [t1('LongPrimitivePointIndexList')]),
      ], { vm: '1' }),
    ], { vm: '1-n' }),
  ],
};

/** PS3.3 C.8.32.1 Optical Surface Scanner Series: Modality is OSS. */
export const OPTICAL_SURFACE_SCANNER_SERIES: ModuleDefinition = {
  id: 'optical-surface-scanner-series',
  name: 'Optical Surface Scanner Series',
  section: 'C.8.32.1',
  attributes: [t1('Modality', { values: [enumerated(['OSS'])] })],
};

/** PS3.3 C.8.32.3 Scan Procedure. */
export const SCAN_PROCEDURE: ModuleDefinition = {
  id: 'scan-procedure',
  name: 'Scan Procedure',
  section: 'C.8.32.3',
  attributes: [
    codeSequence('SurfaceScanAcquisitionTypeCodeSequence', '1'),
    codeSequence('SurfaceScanModeCodeSequence', '1'),
    codeSequence('RegistrationMethodCodeSequence', '2C', '0-1', { condition: undecidable }),
    t3('ShotDurationTime'), t3('ShotOffsetTime'), t3('SurfacePointPresentationValueData'), t3('SurfacePointColorCIELabValueData'),
  ],
};

export const UV_MAPPING: ModuleDefinition = {
  id: 'uv-mapping',
  name: 'UV Mapping',
  section: 'C.8.32.4',
  attributes: [
    sq('UVMappingSequence', '1', [
      t1('TextureLabel'),
      sq('ReferencedTextureSequence', '1', [t1('ReferencedSOPClassUID'), t1('ReferencedSOPInstanceUID'), t1c('ReferencedFrameNumber', undecidable)], { vm: '1' }),
      t1('UValueData'), t1('VValueData'),
    ], { vm: '1-n' }),
  ],
};

