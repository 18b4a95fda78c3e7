#!/usr/bin/python3
"""Reads DICOM files with pydicom, a reader independent of ours, and prints what it saw as one JSON document.

Usage: pydicom-read.py [--pixels DIR] [--private-dictionary FILE] FILE...

One entry per file, in order: `problems` (every exception, warning and pydicom log message: strict reading makes
an invalid value an error), the transfer syntax, every element of the meta information and the data set under a
flattened path ("00081115[0].0020000E") with its VR and its value as pydicom decodes it, and for images the
pixel_array's shape, dtype, sha256 and mean per channel. With --pixels DIR the decoded array of file N is also
written to DIR/N.raw (little endian, C order) so a test can compare it sample by sample. --private-dictionary
names a JSON file {"CREATOR": {"00091001": "LO", ...}}: the VRs of private elements, which an Implicit VR file
does not carry (PS3.5 7.1.3), given to pydicom as a user would give it a vendor's private dictionary.
"""
import argparse
import hashlib
import json
import logging
import sys
import warnings

import numpy
import pydicom
from pydicom import config
from pydicom.datadict import add_private_dict_entries
from pydicom.dataset import validate_file_meta
from pydicom.encaps import decode_data_sequence, read_item
from pydicom.filebase import DicomBytesIO
from pydicom.pixel_data_handlers import numpy_handler, pillow_handler
from pydicom.pixel_data_handlers.util import convert_color_space
from pydicom.valuerep import validate_value

# `enforce_valid_values = True` under its pydicom 2.3 name: a value pydicom would warn about raises instead.
config.settings.reading_validation_mode = config.RAISE
# Native pixels through numpy, JPEG Baseline through Pillow (libjpeg); no other decoder, even when installed.
config.pixel_data_handlers = [numpy_handler, pillow_handler]

TEXT = {'AE', 'AS', 'CS', 'DA', 'DT', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT'}
INTEGER = {'US', 'SS', 'UL', 'SL', 'IS'}
REAL = {'FL', 'FD', 'DS'}
# 64-bit integers go out as text: a JSON number past 2**53 loses digits in JavaScript.
WIDE = {'SV', 'UV'}
# pydicom keeps these as the file's bytes; ours are little endian whatever the transfer syntax.
WORD = {'OW': 2, 'OF': 4, 'OL': 4, 'OD': 8, 'OV': 8}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def values(v):
    if v is None or v == '':
        return []
    # several values come as a MultiValue (text) or a list (binary numbers)
    return list(v) if isinstance(v, (list, pydicom.multival.MultiValue)) else [v]


def encode(elem, little_endian):
    vr, v = elem.VR, elem.value
    if vr == 'AT':
        return [f'{int(t):08X}' for t in values(v)]
    if vr in TEXT:
        text = [str(x) for x in values(v)]
        for x in text:
            # reading checks only some VRs (lengths, DS, IS, PN): the rest (CS, UI, DA, TM, AE, AS, UR …) here
            validate_value(vr, x, config.WARN)
        return text
    if vr in INTEGER:
        return [int(x) for x in values(v)]
    if vr in REAL:
        return [float(x) for x in values(v)]
    if vr in WIDE:
        return [str(int(x)) for x in values(v)]
    if elem.is_undefined_length and elem.tag == 0x7FE00010:
        # encapsulated pixel data: the Basic Offset Table and each fragment
        with DicomBytesIO(v) as fp:
            fp.is_little_endian = True
            table = read_item(fp) or b''
        return {'offsetTable': sha256(table), 'fragments': [sha256(f) for f in decode_data_sequence(v)]}
    data = bytes(v or b'')
    if not little_endian and vr in WORD:
        size = WORD[vr]
        data = numpy.frombuffer(data, f'>u{size}').astype(f'<u{size}').tobytes()
    return {'length': len(data), 'sha256': sha256(data)}


def walk(ds, prefix, little_endian, out):
    for elem in ds:
        path = f'{prefix}{elem.tag:08X}'
        if elem.VR == 'SQ':
            out[path] = {'vr': 'SQ', 'items': len(elem.value)}
            for i, item in enumerate(elem.value):
                walk(item, f'{path}[{i}].', little_endian, out)
        else:
            out[path] = {'vr': elem.VR, 'value': encode(elem, little_endian)}


def pixels(ds, raw_path):
    photometric = str(ds.PhotometricInterpretation)
    arr = ds.pixel_array
    if ds.file_meta.TransferSyntaxUID.is_compressed and photometric.startswith('YBR_FULL'):
        # the Pillow handler hands back YCbCr for YBR_FULL(_422); made RGB here as a viewer would show it
        arr = convert_color_space(arr, photometric, 'RGB')
    data = numpy.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder('<')).tobytes()
    if raw_path:
        with open(raw_path, 'wb') as f:
            f.write(data)
    samples = int(ds.get('SamplesPerPixel', 1))
    mean = arr.reshape(-1, samples).mean(axis=0)
    return {'shape': list(arr.shape), 'dtype': arr.dtype.name, 'sha256': sha256(data), 'mean': [float(m) for m in mean]}


class Collect(logging.Handler):
    # pydicom logs some findings at INFO only: a wrong meta group length, pixel data no handler could decode
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(f'log: {record.getMessage()}')


def read(path, raw_path):
    entry = {'path': path, 'problems': []}
    log = Collect()
    logging.getLogger('pydicom').addHandler(log)
    logging.getLogger('pydicom').setLevel(logging.INFO)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            ds = pydicom.dcmread(path)
            syntax = ds.file_meta.TransferSyntaxUID
            entry['transferSyntax'] = str(syntax)
            elements = {}
            walk(ds.file_meta, '', True, elements)
            walk(ds, '', syntax.is_little_endian, elements)
            entry['elements'] = elements
            # raises when meta information a Part 10 file needs (PS3.10 7.1) is missing or empty
            validate_file_meta(ds.file_meta, enforce_standard=True)
            if 'PixelData' in ds:
                entry['pixels'] = pixels(ds, raw_path)
        except Exception as e:  # anything pydicom refuses is the finding, not a crash of this script
            entry['problems'].append(f'{type(e).__name__}: {e}')
    logging.getLogger('pydicom').removeHandler(log)
    entry['problems'] += [f'warning: {w.message}' for w in caught] + log.messages
    return entry


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--pixels')
    parser.add_argument('--private-dictionary')
    parser.add_argument('files', nargs='*')
    args = parser.parse_args()
    if args.private_dictionary:
        with open(args.private_dictionary) as f:
            for creator, entries in json.load(f).items():
                add_private_dict_entries(creator, {int(t, 16): (vr, '1-n', '', '') for t, vr in entries.items()})
    out = [read(p, args.pixels and f'{args.pixels}/{i}.raw') for i, p in enumerate(args.files)]
    json.dump(out, sys.stdout)


main()
