#!/usr/bin/python3
"""Runs inside the e2e guest, in a throwaway systemd unit (systemd-run) with some of pitune.service's
directives: reports what the unit sees of /dev/shm and whether it can open a region file another user
made, the way the daemon opens one (O_RDWR|O_NOFOLLOW|O_CLOEXEC, then pwrite). One line, key=value:
  python3 shm_probe.py /e2e-probe /tmp/e2e-probe-tmp HOST_SHM_DEV
The results go into docs/systemd-hardening.md ("Shared memory and the unit")."""
import errno
import os
import sys

key, tmp_file, host_dev = sys.argv[1], sys.argv[2], sys.argv[3]
path = "/dev/shm" + key
facts = []


def status_field(name):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return line.split(":", 1)[1].strip()
    return "?"


def outcome(action):
    try:
        action()
        return "ok"
    except OSError as error:
        return errno.errorcode.get(error.errno, str(error.errno))


facts.append("groups=" + (",".join(str(g) for g in os.getgroups()) or "-"))
# CAP_DAC_OVERRIDE is bit 1, CAP_DAC_READ_SEARCH bit 2, CAP_FOWNER bit 3.
cap_eff = int(status_field("CapEff"), 16)
facts.append("dac_override=" + ("yes" if cap_eff & 0b1110 else "no"))
facts.append("same_shm=" + ("yes" if str(os.stat("/dev/shm").st_dev) == host_dev else "no"))
facts.append("sees_file=" + ("yes" if os.path.lexists(path) else "no"))
facts.append("sees_tmp=" + ("yes" if os.path.lexists(tmp_file) else "no"))


def open_and_write():
    fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.pwrite(fd, b"probe", 0)
    finally:
        os.close(fd)


facts.append("open_rw=" + outcome(open_and_write))
own = "/dev/shm/e2e-probe-own-%d" % os.getpid()


def create_own():
    os.close(os.open(own, os.O_CREAT | os.O_EXCL | os.O_RDWR | os.O_CLOEXEC, 0o600))
    os.unlink(own)


facts.append("create=" + outcome(create_own))
print(" ".join(facts))
