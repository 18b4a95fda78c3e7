/**
 * What decompresses a file whose transfer syntax a peer does not take, for `send`'s advice: this toolkit does not
 * decompress (docs/encoding.md), and dcmtk has one tool per family of codecs, none for JPEG 2000.
 */
const DCMTK_DECODERS: [RegExp, string, string][] = [
  // JPEG Baseline, Extended, Lossless (and the retired processes in between)
  [/^1\.2\.840\.10008\.1\.2\.4\.(5\d|6\d|70)$/, 'dcmdjpeg', 'JPEG'],
  [/^1\.2\.840\.10008\.1\.2\.4\.8[01]$/, 'dcmdjpls', 'JPEG-LS'],
  [/^1\.2\.840\.10008\.1\.2\.5$/, 'dcmdrle', 'RLE'],
];
const JPEG_2000 = /^1\.2\.840\.10008\.1\.2\.4\.9[0-3]$/;

/** The advice that ends "…, or " in send's message, for a file of this compressed transfer syntax. */
export function decompressionAdvice(transferSyntaxUid: string): string {
  const dcmtk = DCMTK_DECODERS.find(([pattern]) => pattern.test(transferSyntaxUid));
  if (dcmtk) return `decompress the file first (dcmtk's ${dcmtk[1]} decodes ${dcmtk[2]})`;
  if (JPEG_2000.test(transferSyntaxUid)) {
    return 'decompress the file first with a tool that decodes JPEG 2000, such as GDCM\'s gdcmconv --raw (dcmtk has no JPEG 2000 decoder, and tbp-dicom convert does not decompress)';
  }
  return 'decompress the file first with a tool that decodes it (tbp-dicom convert does not decompress)';
}
