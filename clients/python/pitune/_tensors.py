"""Tensors in and out: numpy arrays when numpy is importable, array.array / bytes / lists otherwise.

Everything on the wire is little-endian, as KServe's binary tensor extension wants.
"""

import array
import struct
import sys

# KServe datatype -> (array.array typecode, struct code, bytes per element, numpy dtype string, little-endian)
_TYPES = {
    "FP32": ("f", "f", 4, "<f4"),
    "UINT8": ("B", "B", 1, "u1"),
    "UINT16": ("H", "H", 2, "<u2"),
    "INT32": ("i", "i", 4, "<i4"),
    "INT64": ("q", "q", 8, "<i8"),
    "FP64": ("d", "d", 8, "<f8"),
}

_NUMPY_KINDS = {("f", 4): "FP32", ("u", 1): "UINT8", ("u", 2): "UINT16", ("i", 4): "INT32",
                ("i", 8): "INT64", ("f", 8): "FP64"}

_LITTLE = sys.byteorder == "little"


def numpy_or_none():
    """numpy when it can be imported, else None (looked up each call, so a test can hide it)."""
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def element_size(datatype):
    try:
        return _TYPES[datatype][2]
    except KeyError:
        raise ValueError("datatype %r is not one this client handles (%s)" % (datatype, ", ".join(_TYPES))) from None


def element_count(shape):
    n = 1
    for d in shape:
        n *= int(d)
    return n


def byte_size(shape, datatype):
    return element_count(shape) * element_size(datatype)


def is_numpy_array(value):
    np = numpy_or_none()
    return np is not None and isinstance(value, np.ndarray)


def datatype_of_numpy(arr):
    key = (arr.dtype.kind, arr.dtype.itemsize)
    if key not in _NUMPY_KINDS:
        raise ValueError("numpy dtype %s has no KServe datatype this client handles" % arr.dtype)
    return _NUMPY_KINDS[key]


def numpy_dtype(datatype):
    element_size(datatype)
    return _TYPES[datatype][3]


def _flatten(values, out):
    for v in values:
        if isinstance(v, (list, tuple)):
            _flatten(v, out)
        else:
            out.append(v)
    return out


def _nested_shape(values):
    shape = []
    while isinstance(values, (list, tuple)):
        shape.append(len(values))
        values = values[0] if values else None
    return shape


def to_bytes(value, datatype):
    """The tensor's little-endian bytes, as a bytes-like object (no copy where the layout already fits)."""
    np = numpy_or_none()
    if np is not None and isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value, dtype=numpy_dtype(datatype))
        return memoryview(arr).cast("B")
    if isinstance(value, array.array):
        code = _TYPES[datatype][0]
        if value.typecode != code:
            value = array.array(code, value)
        elif not _LITTLE:
            value = array.array(code, value)
        if not _LITTLE:
            value.byteswap()
        return memoryview(value).cast("B")
    if isinstance(value, (bytes, bytearray, memoryview)):
        mv = memoryview(value)
        return mv.cast("B") if mv.format != "B" or mv.ndim != 1 else mv
    if isinstance(value, (list, tuple)):
        flat = _flatten(value, [])
        code = _TYPES[datatype][1]
        return struct.pack("<%d%s" % (len(flat), code), *flat)
    raise TypeError("a tensor is a numpy array, array.array, bytes-like object or list of numbers, not %s"
                    % type(value).__name__)


def shape_of(value):
    """The shape a value carries by itself (numpy arrays, nested lists), else None."""
    np = numpy_or_none()
    if np is not None and isinstance(value, np.ndarray):
        return list(value.shape)
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
        return _nested_shape(value)
    return None


def from_buffer(buffer, shape, datatype, copy):
    """An output tensor over ``buffer`` (bytes-like, exactly its bytes): a numpy array, else an array.array.

    With ``copy`` False the result is a view (numpy array or memoryview) sharing ``buffer``'s memory.
    """
    shape = [int(d) for d in shape]
    np = numpy_or_none()
    if np is not None:
        arr = np.frombuffer(buffer, dtype=numpy_dtype(datatype)).reshape(shape)
        return arr.copy() if copy else arr
    code = _TYPES[datatype][0]
    if not copy:
        mv = memoryview(buffer)
        if mv.format != "B":
            mv = mv.cast("B")
        # A memoryview over the region: native byte order, which is little-endian on every Pi and PC.
        return mv.cast(code, shape) if shape else mv.cast(code)
    out = array.array(code)
    out.frombytes(bytes(buffer))
    if not _LITTLE:
        out.byteswap()
    return out
