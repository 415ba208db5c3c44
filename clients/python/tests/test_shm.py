"""Triton's system shared memory through the client: regions, infer through them, and every bad-region case."""

import array
import itertools
import os
import stat
import subprocess
import sys

import numpy as np
import pytest

import pitune
from conftest import ITEM_SHAPE, MODEL, OUTPUT, PACKAGE_ROOT, frames

_counter = itertools.count()


def key():
    return "/pitune-pytest-%d-%d" % (os.getpid(), next(_counter))


@pytest.fixture
def regions(client):
    """Regions a test creates, closed (unregistered, unlinked) after it whatever happened."""
    made = []

    def create(byte_size=None, rows=1, name=None):
        if byte_size is None:
            byte_size = client.shm_layout(MODEL, rows)[2]
        region = client.create_shared_memory(name or "r%d" % next(_counter), key(), byte_size)
        made.append(region)
        return region

    yield create
    for region in made:
        region.close()


def serves(client):
    return client.infer(MODEL, frames(1, seed=99))[OUTPUT].shape == (1, 2)


def test_the_server_advertises_system_shared_memory(client):
    assert "system_shared_memory" in client.server_metadata()["extensions"]


def test_a_region_is_0660_in_the_sockets_group_registered_listed_and_gone_after_close(client, daemon, regions):
    region = regions(byte_size=4096, name="listed")
    st = os.stat(region.path)
    assert stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o660
    assert st.st_gid == os.stat(daemon.socket_path).st_gid
    entry = {"name": "listed", "key": region.key, "offset": 0, "byte_size": 4096}
    assert entry in client.get_system_shared_memory_status()
    assert client.get_system_shared_memory_status("listed") == [entry]
    region.close()
    assert not os.path.exists(region.path)
    assert all(r["name"] != "listed" for r in client.get_system_shared_memory_status())
    with pytest.raises(pitune.PiTuneError) as e:
        client.get_system_shared_memory_status("listed")
    assert e.value.status == 400 and "listed" in e.value.message


def test_a_region_takes_the_group_of_the_file_it_is_told_to(tmp_path):
    # Root here, so any group can be given: the socket's stand-in gets group 1 and the region must follow it.
    socket_like = tmp_path / "sock"
    socket_like.write_bytes(b"")
    os.chown(socket_like, -1, 1)
    with pitune.SharedMemoryRegion(key(), 64, group_of=str(socket_like)) as region:
        assert os.stat(region.path).st_gid == 1
    assert not os.path.exists(region.path)


def test_a_region_refuses_a_key_the_daemon_would_refuse_and_an_existing_file():
    for bad in ("frames", "/a/b", "/..x", "/", "/" + "k" * 255, "/with space"):
        with pytest.raises(ValueError):
            pitune.SharedMemoryRegion(bad, 64)
    with pitune.SharedMemoryRegion(key(), 64) as region:
        with pytest.raises(FileExistsError):
            pitune.SharedMemoryRegion(region.key, 64)


@pytest.mark.parametrize("rows", [1, 4])
def test_infer_through_shared_memory_equals_the_binary_path(client, regions, rows):
    x = frames(rows, seed=10 + rows)
    expected = client.infer(MODEL, x)[OUTPUT]
    region = regions(rows=rows)
    region.write(x, 0)
    out = client.infer_shm(MODEL, region, shape=[rows] + ITEM_SHAPE)
    y = out[OUTPUT]
    assert y.shape == (rows, 2) and y.dtype == np.float32
    np.testing.assert_allclose(y, expected, rtol=0, atol=1e-6)
    # A view into the region, not a copy: the bytes at the output's offset are the answer.
    whole = region.view(0, [region.byte_size], "UINT8")
    assert np.shares_memory(y, whole)
    _, output_offset, _ = client.shm_layout(MODEL, rows)
    assert region.read_bytes(output_offset, y.nbytes) == y.tobytes()


def test_frames_written_into_the_input_view_are_what_the_daemon_reads(client, regions):
    region = regions()
    frame = region.view(0, [1] + ITEM_SHAPE, "FP32")
    for seed in (20, 21):
        x = frames(1, seed=seed)
        frame[...] = x
        np.testing.assert_allclose(client.infer_shm(MODEL, region)[OUTPUT], client.infer(MODEL, x)[OUTPUT],
                                   rtol=0, atol=1e-6)


def test_infer_through_shared_memory_without_numpy(client, regions, monkeypatch):
    x = frames(1, seed=30)
    expected = client.infer(MODEL, x)[OUTPUT].ravel().tolist()
    values = array.array("f")
    values.frombytes(x.tobytes())
    region = regions()
    monkeypatch.setitem(sys.modules, "numpy", None)
    assert region.write(values) == x.nbytes
    y = client.infer_shm(MODEL, region)[OUTPUT]
    assert isinstance(y, memoryview) and y.format == "f" and y.shape == (1, 2)
    assert all(abs(p - q) <= 1e-6 for p, q in zip(y.tolist()[0], expected))


def test_unregistering_all_leaves_none_of_this_users_regions(client, regions):
    regions(byte_size=128)
    regions(byte_size=256)
    assert len(client.get_system_shared_memory_status()) >= 2
    client.unregister_system_shared_memory()
    assert client.get_system_shared_memory_status() == []


# --- bad regions: each a 400 with the daemon's text naming the region or key, and the daemon serves on ------------

@pytest.mark.parametrize("bad", ["frames", "/a/b", "/../etc/passwd", "/..", "/" + "k" * 300])
def test_a_bad_key_is_refused_with_400(client, bad):
    with pytest.raises(pitune.PiTuneError) as e:
        client.register_system_shared_memory("badkey", bad, 64)
    assert e.value.status == 400
    assert "key" in e.value.message
    assert serves(client)


def test_a_symlink_is_refused_with_400(client, regions):
    target = regions(byte_size=4096)
    link = key()
    os.symlink(target.path, "/dev/shm" + link)
    try:
        with pytest.raises(pitune.PiTuneError) as e:
            client.register_system_shared_memory("link", link, 4096)
    finally:
        os.unlink("/dev/shm" + link)
    assert e.value.status == 400 and link in e.value.message
    assert serves(client)


def test_a_region_larger_than_its_file_is_refused_with_400(client):
    with pitune.SharedMemoryRegion(key(), 4096) as region:
        with pytest.raises(pitune.PiTuneError) as e:
            client.register_system_shared_memory("toolarge", region, 8192)
        assert e.value.status == 400
        assert '"toolarge" (key %s)' % region.key in e.value.message and "8192" in e.value.message
    assert serves(client)


def test_a_name_registered_twice_is_refused_with_400(client, regions):
    regions(byte_size=128, name="twice")
    with pitune.SharedMemoryRegion(key(), 128) as other:
        with pytest.raises(pitune.PiTuneError) as e:
            client.register_system_shared_memory("twice", other, 128)
    assert e.value.status == 400 and "twice" in e.value.message
    assert serves(client)


def test_infer_naming_an_unknown_input_region_is_refused_with_400(client, regions):
    outputs = regions()
    with pitune.SharedMemoryRegion(key(), client.shm_layout(MODEL)[2]) as region:
        region.name = "never-registered"
        with pytest.raises(pitune.PiTuneError) as e:
            client.infer_shm(MODEL, region, output_region=outputs)
    assert e.value.status == 400 and e.value.message.startswith('input "x": unknown shared-memory region "never-registered"'), e.value.message
    assert serves(client)


def test_infer_naming_an_unknown_output_region_is_refused_with_400(client, regions):
    inputs = regions()
    inputs.write(frames(1, seed=41))
    with pitune.SharedMemoryRegion(key(), 64) as region:
        region.name = "never-registered-out"
        with pytest.raises(pitune.PiTuneError) as e:
            client.infer_shm(MODEL, inputs, output_region=region)
    assert e.value.status == 400
    assert 'output "%s"' % OUTPUT in e.value.message and '"never-registered-out"' in e.value.message
    assert serves(client)


def test_infer_through_an_input_region_too_small_is_refused_with_400(client, regions):
    # Registered for half the input's bytes (the file is large enough): the input does not fit in the region.
    outputs = regions()
    input_bytes, _, total = client.shm_layout(MODEL)
    with pitune.SharedMemoryRegion(key(), total) as region:
        client.register_system_shared_memory("small", region, input_bytes // 2)
        try:
            with pytest.raises(pitune.PiTuneError) as e:
                client.infer_shm(MODEL, region, output_region=outputs)
        finally:
            client.unregister_system_shared_memory("small")
    assert e.value.status == 400
    assert '"small" (key %s)' % region.key in e.value.message and str(input_bytes // 2) in e.value.message
    assert serves(client)


def test_infer_with_the_outputs_past_the_region_is_refused_with_400(client):
    input_bytes, _, total = client.shm_layout(MODEL)
    with pitune.SharedMemoryRegion(key(), total) as region:
        client.register_system_shared_memory("noroom", region, input_bytes)
        try:
            with pytest.raises(pitune.PiTuneError) as e:
                client.infer_shm(MODEL, region)
        finally:
            client.unregister_system_shared_memory("noroom")
    assert e.value.status == 400
    assert 'output "%s"' % OUTPUT in e.value.message and '"noroom" (key %s)' % region.key in e.value.message
    assert serves(client)


def test_infer_through_a_region_whose_file_was_removed_is_refused_with_400(client, regions):
    region = regions(name="removed")
    region.write(frames(1, seed=40))
    os.unlink(region.path)
    with pytest.raises(pitune.PiTuneError) as e:
        client.infer_shm(MODEL, region)
    # Noticed on this use, or a moment before by the daemon's sweep (every 10 s), which forgets the region.
    assert e.value.status == 400
    assert ('"removed" (key %s) was removed' % region.key in e.value.message
            or 'unknown shared-memory region "removed"' in e.value.message), e.value.message
    assert all(r["name"] != "removed" for r in client.get_system_shared_memory_status())
    assert serves(client)


def test_infer_through_a_region_whose_file_was_truncated_is_refused_with_400(client, regions):
    region = regions(name="shrunk")
    region.write(frames(1, seed=42))
    os.truncate(region.path, 100)
    with pytest.raises(pitune.PiTuneError) as e:
        client.infer_shm(MODEL, region)
    assert e.value.status == 400
    assert '"shrunk" (key %s)' % region.key in e.value.message and "100 bytes" in e.value.message
    assert serves(client)


def test_a_region_registered_at_an_offset_in_its_file_reads_and_answers_there(client):
    # Triton's offsets in an infer request count from the registered start, not from the file's.
    _, output_offset, total = client.shm_layout(MODEL)
    x = frames(1, seed=50)
    expected = client.infer(MODEL, x)[OUTPUT]
    with pitune.SharedMemoryRegion(key(), 4096 + total) as region:
        region.write(x, 4096)
        client.register_system_shared_memory("at-offset", region, total, offset=4096)
        try:
            y = client.infer_shm(MODEL, region)[OUTPUT]
            np.testing.assert_allclose(y, expected, rtol=0, atol=1e-6)
            assert region.read_bytes(4096 + output_offset, y.nbytes) == y.tobytes()
        finally:
            client.unregister_system_shared_memory("at-offset")


_AS_NOBODY = r"""
import os, sys
sys.path.insert(0, sys.argv[1])
os.setgroups([]); os.setgid(65534); os.setuid(65534)
import pitune
for stand_in, key in ((sys.argv[2], sys.argv[3]), (sys.argv[4], sys.argv[5])):
    try:
        with pitune.SharedMemoryRegion(key, 64, group_of=stand_in) as region:
            print("created", os.stat(region.path).st_gid)
    except PermissionError as e:
        print("refused", e)
    print("left behind", os.path.exists("/dev/shm" + key))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="becomes uid 65534 to be outside the socket's group")
def test_a_user_outside_the_sockets_group_is_told_how_to_join_and_one_inside_needs_no_chown():
    # As uid/gid 65534 (nobody/nogroup): a socket of group root cannot be given, and nothing is left in /dev/shm;
    # a socket of group nogroup is the group the file already has, so nothing needs changing.
    stand_ins = []
    try:
        for gid in (0, 65534):
            path = "/dev/shm" + key()
            with open(path, "wb"):
                pass
            os.chown(path, 0, gid)
            stand_ins.append(path)
        run = subprocess.run(
            [sys.executable, "-c", _AS_NOBODY, str(PACKAGE_ROOT), stand_ins[0], key(), stand_ins[1], key()],
            capture_output=True, text=True, timeout=60)
    finally:
        for path in stand_ins:
            os.unlink(path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("refused cannot give /dev/shm/pitune-pytest-")
    assert "(gid 0): this user is not in that group; sudo usermod -aG pitune $USER" in lines[0]
    assert lines[1:] == ["left behind False", "created 65534", "left behind False"]
