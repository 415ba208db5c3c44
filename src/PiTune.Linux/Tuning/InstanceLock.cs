using System.Globalization;
using Microsoft.Win32.SafeHandles;
using PiTune.Core.Platform;
using PiTune.Linux.Files;

namespace PiTune.Linux.Tuning;

/// <summary>
/// One PiTune per machine root. Two locks, both flock(2), both dropped by the kernel when the holder exits however
/// it exits: <c>{State:Directory}/pitune.lock</c> (holding the holder's PID, for an admin's <c>cat</c>), so a
/// second daemon never takes a live ledger for a crash's leftovers; and the root directory itself, so two daemons
/// with different state directories cannot tune one machine. Locking the root directory creates nothing in the
/// tree, works on a read-only root and under ProtectSystem=strict, and holds across mount namespaces (the lock
/// is on the inode): a daemon started by hand meets the one systemd started. Take it before anything reads or
/// writes the state directory or the machine.
/// </summary>
public sealed class InstanceLock : IDisposable
{
    public const string FileName = "pitune.lock";

    private readonly SafeFileHandle? _state;
    private readonly SafeFileHandle? _root;

    private InstanceLock(SafeFileHandle? state, SafeFileHandle? root)
    {
        _state = state;
        _root = root;
    }

    /// <summary>Takes both locks, or neither; never throws for an expected fault.</summary>
    public static InstanceLockAttempt TryAcquire(string root, string stateDirectory) =>
        TryAcquire(root, stateDirectory, "/proc/locks");

    internal static InstanceLockAttempt TryAcquire(string root, string stateDirectory, string procLocks)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(stateDirectory);
        var warnings = new List<string>();
        string lockFile;
        try
        {
            root = Path.GetFullPath(root);
            lockFile = Path.Join(Path.GetFullPath(stateDirectory), FileName);
        }
        catch (ArgumentException)
        {
            // An empty path or one with a NUL in it: the configuration check that follows names the key.
            warnings.Add($"no instance lock: Platform:Root \"{root}\" or State:Directory \"{stateDirectory}\" is not a path");
            return new InstanceLockAttempt(new InstanceLock(null, null), null, warnings);
        }

        SafeFileHandle? state = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
            int errno = NativeLock.TryOpen(lockFile, directory: false, out SafeFileHandle handle);
            if (errno == 0)
            {
                errno = NativeLock.TryLock(handle);
                if (errno == Errno.EAGAIN)
                {
                    handle.Dispose();
                    int? pid = HolderInProcLocks(lockFile, procLocks) ?? PidInFile(lockFile);
                    return Refused(pid is { } p
                        ? $"another PiTune (PID {p}) holds {lockFile}; stop it first"
                        : $"another PiTune holds {lockFile} (its PID could not be found); stop it first");
                }
            }

            if (errno == 0)
            {
                state = handle;

                // The PID is for people; the lock is the flock, so a full disk that keeps it from being written is no reason to stop.
                _ = NativeLock.TryReplaceContent(handle, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            }
            else
            {
                handle.Dispose();
                warnings.Add($"the lock {lockFile} cannot be taken ({Errno.Classify(errno, write: true).Detail}); only the lock on the root {root} keeps a second PiTune out");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"the lock {lockFile} cannot be taken ({ex.Message}); only the lock on the root {root} keeps a second PiTune out");
        }

        int rootErrno = NativeLock.TryOpen(root, directory: true, out SafeFileHandle rootHandle);
        if (rootErrno == 0)
        {
            rootErrno = NativeLock.TryLock(rootHandle);
            if (rootErrno == Errno.EAGAIN)
            {
                rootHandle.Dispose();
                state?.Dispose();
                return Refused(HolderInProcLocks(root, procLocks) is { } p
                    ? $"another PiTune (PID {p}) is tuning the machine root {root} (it holds a lock on that directory); stop it first"
                    : $"another PiTune is tuning the machine root {root} (it holds a lock on that directory; its PID could not be found); stop it first");
            }
        }

        if (rootErrno != 0)
        {
            rootHandle.Dispose();
            warnings.Add($"the machine root {root} cannot be locked ({Errno.Classify(rootErrno, write: false).Detail})");
            return new InstanceLockAttempt(new InstanceLock(state, null), null, warnings);
        }

        return new InstanceLockAttempt(new InstanceLock(state, rootHandle), null, warnings);

        InstanceLockAttempt Refused(string why) => new(null, why, warnings);
    }

    /// <summary>Releases both locks; the lock file stays (removing it would race a starting daemon that has it open).</summary>
    public void Dispose()
    {
        _root?.Dispose();
        _state?.Dispose();
    }

    /// <summary>The PID /proc/locks gives for the flock on <paramref name="path"/>'s inode; null when it is not there.</summary>
    private static int? HolderInProcLocks(string path, string procLocks)
    {
        if (NativeStat.TryStat(path, followLinks: true, out NativeStat.Identity identity) != 0)
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(procLocks);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF"; a waiter's line has "->" after the number, and we never wait.
        foreach (string line in text.Split('\n'))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 6 && fields[1] == "FLOCK" && fields[5] == identity.LocksKey &&
                int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0)
            {
                return pid;
            }
        }

        return null;
    }

    /// <summary>The PID the holder wrote in the lock file, read without taking a lock (.NET's File API would try one).</summary>
    private static int? PidInFile(string lockFile)
    {
        Span<byte> buffer = stackalloc byte[32];
        ReadResult<int> read = NativeFileReader.Read(NativeFileReader.Encode(lockFile), lockFile, buffer);
        return read.IsOk && int.TryParse(buffer[..read.Value].TrimEnd((byte)'\n'), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0
            ? pid
            : null;
    }
}
