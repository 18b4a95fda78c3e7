/**
 * The dummy of an encapsulated document (action D): an empty document of its MIME type, which that type's readers open
 * (a viewer given zeros for a PDF, an XML parser for a CDA, a mesh tool for an STL, export-mesh for an OBJ or MTL,
 * each fails). Nothing of the original is in it.
 */

/**
 * A PDF of one blank page (US Letter): a catalog, a page tree and the page, with the cross-reference table giving each
 * object's byte offset, as PDF readers look objects up by it.
 */
function emptyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  // Each entry is 20 bytes, its end of line two ("space, newline").
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A binary STL of no triangle: an 80-byte header (not starting "solid", which would make it read as ASCII STL) and a count of 0. */
function emptyStl(): Buffer {
  const stl = Buffer.alloc(84, ' ');
  stl.write('ANONYMIZED', 0, 'latin1');
  stl.writeUInt32LE(0, 80);
  return stl;
}

/** By MIME type (lower case): the PDF, CDA (text/XML), STL, OBJ and MTL the Encapsulated Document IODs hold. */
const EMPTY_DOCUMENTS = new Map<string, Buffer>([
  ['application/pdf', emptyPdf()],
  // The root of an HL7 CDA document, in its namespace: well-formed XML that holds nothing.
  ['text/xml', Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"/>\n', 'latin1')],
  ['model/stl', emptyStl()],
  // An OBJ of no vertex (a comment), an MTL of one material that says nothing.
  ['model/obj', Buffer.from('# ANONYMIZED\n', 'latin1')],
  ['model/mtl', Buffer.from('newmtl ANONYMIZED\n', 'latin1')],
]);

/** The empty document of a MIME type (MIME Type of Encapsulated Document), or undefined for a type not known here. */
export const emptyDocument = (mimeType: string): Buffer | undefined => EMPTY_DOCUMENTS.get(mimeType.trim().toLowerCase());
