import { valueBytes, type Dataset } from '../core/dataset.js';
import type { Element } from '../core/element.js';
import { lookupKeyword } from '../core/dictionary.js';
import { uint32Values } from '../core/value-codec.js';
import { where, type FindingSink } from './context.js';

const MODULE = 'Surface Mesh';

/**
 * The Surface Mesh module's numbers against its data (PS3.3 C.27): as many Surface Sequence items as Number of
 * Surfaces; three coordinates per point and Number of Vectors × Vector Dimensionality normal components; triangle
 * and edge lists whole, their point indices (1-based) among the surface's points. The module tables check presence
 * only; a viewer given disagreeing numbers reads past the data or draws garbage.
 */
export function checkSurfaces(ds: Dataset, sink: FindingSink): void {
  const surfaces = ds.items('SurfaceSequence');
  const count = ds.getNumber('NumberOfSurfaces');
  if (count !== undefined && ds.has('SurfaceSequence') && count !== surfaces.length) {
    sink.at('error', 'SURFACE', MODULE, at('', 'NumberOfSurfaces'), `is ${count}, but Surface Sequence has ${surfaces.length} item(s)`);
  }
  surfaces.forEach((surface, i) => checkSurface(surface, `SurfaceSequence[${i}]`, sink));
}

function checkSurface(surface: Dataset, prefix: string, sink: FindingSink): void {
  const pointsPath = `${prefix}.SurfacePointsSequence[0]`;
  const points = surface.items('SurfacePointsSequence')[0];
  const pointCount = points?.getNumber('NumberOfSurfacePoints');
  const coordinates = points && floatsIn(points.element('PointCoordinatesData'));
  if (pointCount !== undefined && coordinates !== undefined && coordinates !== pointCount * 3) {
    sink.at('error', 'SURFACE', MODULE, at(pointsPath, 'PointCoordinatesData'), `holds ${coordinates} coordinates, but Number of Surface Points ${pointCount} needs ${pointCount * 3}`);
  }
  const normals = surface.items('SurfacePointsNormalsSequence')[0];
  if (normals) {
    const vectors = normals.getNumber('NumberOfVectors');
    const dimensions = normals.getNumber('VectorDimensionality');
    const components = floatsIn(normals.element('VectorCoordinateData'));
    if (vectors !== undefined && dimensions !== undefined && components !== undefined && components !== vectors * dimensions) {
      sink.at('error', 'SURFACE', MODULE, at(`${prefix}.SurfacePointsNormalsSequence[0]`, 'VectorCoordinateData'),
        `holds ${components} values, but ${vectors} vectors of ${dimensions} need ${vectors * dimensions}`);
    }
  }
  const primitives = surface.items('SurfaceMeshPrimitivesSequence')[0];
  if (!primitives) return;
  const primitivesPath = `${prefix}.SurfaceMeshPrimitivesSequence[0]`;
  for (const [keyword, size, shape] of [['LongTrianglePointIndexList', 3, 'triangles'], ['LongEdgePointIndexList', 2, 'edges']] as const) {
    const el = primitives.element(keyword);
    if (!el || el.length === 0) continue;
    const indices = uint32Values(valueBytes(el))!;
    if (indices.length % size !== 0) sink.at('error', 'SURFACE', MODULE, at(primitivesPath, keyword), `holds ${indices.length} point indices, not whole ${shape} of ${size}`);
    if (pointCount === undefined) continue;
    const outside = indices.findIndex((p) => p < 1 || p > pointCount);
    if (outside >= 0) sink.at('error', 'SURFACE', MODULE, at(primitivesPath, keyword), `index ${outside + 1} is point ${indices[outside]}, but the points are numbered 1 to ${pointCount}`);
  }
}

const at = (prefix: string, keyword: string) => where(prefix, lookupKeyword(keyword)!.tag, keyword);

/** How many 32-bit floats (OF) an element holds; undefined when it is absent. */
const floatsIn = (el: Element | undefined): number | undefined => (el ? Math.floor(el.length / 4) : undefined);
