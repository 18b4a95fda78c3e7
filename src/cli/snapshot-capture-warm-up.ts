import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeDicom } from '../io/part10-writer.js';
import { buildCreatedObject } from '../tbp/create-object.js';
import { loadManifest } from '../tbp/manifest-load.js';
import { ObjectMetaSchema } from '../tbp/object-meta.js';
import { readMeta } from '../tbp/meta-file.js';

/** `create dermoscopic` metadata with every UID given: none is made up (nothing random may run at build time). */
const META = {
  patient: { name: 'Doe^Jane', id: 'WARM-UP', birthDate: '1980-04-02', sex: 'F' },
  study: { instanceUid: '2.25.1', date: '2024-09-01', time: '12:00:00', description: 'Total Body Photography' },
  equipment: { manufacturer: 'tbp-dicom', model: 'warm-up', serialNumber: '1', softwareVersions: '1' },
  seriesInstanceUid: '2.25.2',
  sopInstanceUid: '2.25.3',
  frameOfReferenceUid: '2.25.4',
  site: 'chest',
  lesion: { id: 'L01', trackingUid: '2.25.5', vertexId: 5, position3d: [0.1, 0, 0.05] },
  dermoscopy: { magnification: 10, polarization: 'polarized', contact: 'contact' },
};

/**
 * What the capture snapshot runs while it is built: `import`'s manifest reading (YAML, schema) on the sample manifest,
 * and `create dermoscopic`'s path (metadata check, JPEG probe and EXIF, the Dermoscopic Photography builder, encoding)
 * once, in memory, on the sample JPEG of this checkout, so that runs start with that bytecode compiled (`create` of
 * one JPEG 105 → 85 ms). Run from the bundle in dist/snapshot/, whose
 * URL `import.meta.url` is; without the sample (not a checkout) there is nothing to run.
 */
export async function warmUpCapture(): Promise<void> {
  const sample = (path: string): string => fileURLToPath(new URL(`../../samples/${path}`, import.meta.url));
  const image = sample('capture/dermoscopy/L01.jpg');
  const manifest = sample('capture/manifest.yaml');
  if (!existsSync(image) || !existsSync(manifest)) return;
  loadManifest(manifest);
  const { built } = await buildCreatedObject('dermoscopic', readMeta(ObjectMetaSchema, META, 'warm-up'), image);
  encodeDicom(built, { transferSyntaxUid: built.transferSyntaxUid });
}
