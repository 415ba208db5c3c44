"""POSIX shared memory regions for Triton's system_shared_memory extension, as the daemon expects them.

A region is a file under /dev/shm that this process creates (never an existing one: O_EXCL), readable and writable
by the daemon's socket group (mode 0660, group set to the socket's), and mapped here. The daemon opens the same file
by its key and reads and writes it with pread/pwrite; here we read and write the mapping, with no copy on reads.
"""

import mmap
import os

from . import _tensors

SHM_DIR = "/dev/shm"
_MODE = 0o660


def check_key(key):
    """Refuses a key the daemon would refuse: one leading '/', no other '/', no '..', 2..255 printable ASCII bytes."""
    if not isinstance(key, str):
        raise TypeError("a shared memory key is a str such as \"/frames\", not %s" % type(key).__name__)
    raw = key.encode("utf-8", "replace")
    if not 2 <= len(raw) <= 255:
        raise ValueError("shared memory key %r must be 2 to 255 bytes" % key)
    if not key.startswith("/") or "/" in key[1:]:
        raise ValueError("shared memory key %r must be one leading '/' and a name with no other '/'" % key)
    if ".." in key:
        raise ValueError("shared memory key %r must not contain '..'" % key)
    if any(not 0x21 <= b <= 0x7E for b in raw):
        raise ValueError("shared memory key %r must be printable ASCII without spaces" % key)
    return key


class SharedMemoryRegion:
    """A /dev/shm file created for this process and mapped read-write.

    ``key`` is the POSIX name ("/pitune-frames"), ``byte_size`` its size. ``group_of``: a path (the daemon's socket)
    whose group the file is given, so a daemon without CAP_DAC_OVERRIDE can open it through the group bits; None
    leaves the file's group as created. Use as a context manager, or call close(), which unmaps, closes and unlinks.

    ``name`` is the name the region is registered under, once Client.register_system_shared_memory or
    Client.create_shared_memory registered it.
    """

    def __init__(self, key, byte_size, group_of=None):
        check_key(key)
        byte_size = int(byte_size)
        if byte_size <= 0:
            raise ValueError("a shared memory region needs at least one byte, not %d" % byte_size)
        self.key = key
        self.byte_size = byte_size
        self.path = SHM_DIR + key
        self.name = None
        # Where the registered part starts in the file (register_system_shared_memory's offset).
        self.registered_offset = 0
        self._client = None
        self._mmap = None
        self._fd = None
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, _MODE)
        try:
            # The umask may have taken the group's bits away; the daemon needs them.
            os.fchmod(fd, _MODE)
            if group_of is not None:
                _give_group(fd, self.path, os.stat(group_of).st_gid, group_of)
            os.ftruncate(fd, byte_size)
            self._mmap = mmap.mmap(fd, byte_size, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        except BaseException:
            os.close(fd)
            os.unlink(self.path)
            raise
        self._fd = fd

    def __repr__(self):
        return "SharedMemoryRegion(key=%r, byte_size=%d, name=%r)" % (self.key, self.byte_size, self.name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def closed(self):
        return self._fd is None

    @property
    def buffer(self):
        """The whole mapping (an mmap object: a writable buffer)."""
        self._check_open()
        return self._mmap

    def _check_open(self):
        if self._fd is None:
            raise ValueError("shared memory region %s is closed" % self.key)

    def _check_range(self, offset, length):
        if offset < 0 or length < 0 or offset + length > self.byte_size:
            raise ValueError("%d bytes at offset %d do not fit in region %s of %d bytes"
                             % (length, offset, self.key, self.byte_size))

    def write(self, data, offset=0, datatype=None):
        """Copies a tensor (numpy array, array.array, bytes-like, list with ``datatype``) in at ``offset``; answers
        the bytes written."""
        self._check_open()
        if datatype is None and _tensors.is_numpy_array(data):
            datatype = _tensors.datatype_of_numpy(data)
        if datatype is not None:
            raw = memoryview(_tensors.to_bytes(data, datatype))
        elif isinstance(data, (list, tuple)):
            raise ValueError("a list needs datatype= (\"FP32\", \"UINT8\", ...) to be written")
        else:
            raw = memoryview(data)
        if raw.format != "B" or raw.ndim != 1:
            raw = raw.cast("B")
        n = raw.nbytes
        self._check_range(offset, n)
        self._mmap[offset:offset + n] = raw
        return n

    def view(self, offset, shape, datatype="FP32"):
        """A tensor over the region at ``offset`` with no copy: a numpy array when numpy is importable, else a
        memoryview cast to the datatype and shape. Writing into it writes the region."""
        self._check_open()
        shape = [int(d) for d in shape]
        n = _tensors.byte_size(shape, datatype)
        self._check_range(offset, n)
        return _tensors.from_buffer(memoryview(self._mmap)[offset:offset + n], shape, datatype, copy=False)

    def read_bytes(self, offset=0, length=None):
        """A copy of ``length`` bytes at ``offset`` (the rest of the region by default)."""
        self._check_open()
        if length is None:
            length = self.byte_size - offset
        self._check_range(offset, length)
        return self._mmap[offset:offset + length]

    def close(self):
        """Unregisters the region (when a client registered it), unmaps, closes and unlinks its file. Idempotent."""
        if self._fd is None:
            return
        client, self._client = self._client, None
        try:
            if client is not None and self.name is not None:
                client.unregister_system_shared_memory(self.name)
        finally:
            self._release()

    def _release(self):
        mm, self._mmap = self._mmap, None
        fd, self._fd = self._fd, None
        try:
            mm.close()
        except BufferError:
            # Views handed out still point into the mapping: it goes when the last of them does.
            pass
        os.close(fd)
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


def _give_group(fd, path, gid, group_of):
    st = os.fstat(fd)
    if st.st_gid == gid:
        return
    try:
        os.fchown(fd, -1, gid)
    except PermissionError:
        raise PermissionError(
            "cannot give %s the group of %s (gid %d): this user is not in that group; "
            "sudo usermod -aG pitune $USER, then log in again" % (path, group_of, gid)) from None
