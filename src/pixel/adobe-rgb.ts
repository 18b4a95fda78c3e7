import type { CameraExif } from './exif.js';

/**
 * EXIF ColorSpace 0xFFFF, "Uncalibrated": what DCF 2.0 has a camera write for its Adobe RGB option files, naming the
 * space by Interoperability Index "R03" alone (exiftool: "R03 - DCF option file (Adobe RGB)").
 */
const UNCALIBRATED = 0xffff;
const DCF_OPTION_FILE = 'R03';
/** ColorSpace 2: not an EXIF value, but some cameras write it for Adobe RGB, and exiftool reads it so. */
const ADOBE_RGB_NONSTANDARD = 2;

const adobeRgbBy = (exif: CameraExif | undefined): string | undefined =>
  exif?.colorSpace === UNCALIBRATED && exif.interopIndex === DCF_OPTION_FILE ? 'ColorSpace 0xFFFF, Uncalibrated, with Interoperability Index R03, a DCF option file'
    : exif?.colorSpace === ADOBE_RGB_NONSTANDARD ? 'ColorSpace 2' : undefined;

/**
 * The warning for a colour image its EXIF says is Adobe RGB that embeds no ICC profile, which is how cameras write
 * Adobe RGB JPEGs. DICOM names a colour space only by a profile, and the samples are stored as encoded, so the object
 * carries none: viewers (and libvips, which takes an untagged image for sRGB) show the samples as sRGB, duller than
 * they are. Undefined for any other image. Like the probe's other warnings it does not name the file: `import` says which
 * manifest entry and file, `create` has one image.
 */
export function adobeRgbWithoutProfile(exif: CameraExif | undefined): string | undefined {
  const by = adobeRgbBy(exif);
  if (!by) return undefined;
  return `the image is Adobe RGB by its EXIF (${by}) but embeds no ICC profile, and DICOM names a colour space only by one: the object carries none, so viewers will show it as sRGB, its colours duller; to keep them, embed an Adobe RGB (1998) profile in the file first (exiftool "-ICC_Profile<=AdobeRGB1998.icc", an image editor)`;
}
