using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace PiTune.Api.SharedMemory;

/// <summary>
/// The registered regions, by owner uid and name. A region is a way into the daemon's memory and the client's, so every
/// register is checked (key syntax, no symbolic link, a regular file owned by the caller, size caps,
/// overflow-safe bounds) and every use checks the file again (removed: closed; truncated: refused). A region belongs to
/// the uid that registered it: to any other it is unknown. A timer sweeps regions whose file was removed.
/// </summary>
internal sealed class SharedMemoryRegistry : IDisposable
{
    /// <summary>How often regions whose file was removed are looked for between uses.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<(uint Owner, string Name), SharedMemoryRegion> _regions = [];
    private readonly Lock _lock = new();
    private readonly SharedMemoryOptions _options;
    private readonly ILogger _logger;
    private readonly uint _daemonUid;
    private readonly ITimer _sweep;
    private long _totalBytes;
    private bool _disposed;

    public SharedMemoryRegistry(SharedMemoryOptions options, TimeProvider time, ILogger logger, uint? daemonUid = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _logger = logger;
        _daemonUid = daemonUid ?? ShmNative.EffectiveUid();
        _sweep = time.CreateTimer(static state => ((SharedMemoryRegistry)state!).Sweep(), this, SweepInterval, SweepInterval);
    }

    public bool Enabled => _options.Enabled;

    /// <summary>Regions registered now, by everyone.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _regions.Count;
            }
        }
    }

    /// <summary>Registers a region for <paramref name="caller"/>; the refusal's message, or null.</summary>
    public string? Register(uint caller, string name, string key, long offset, long byteSize)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        if (ShmNames.NameProblem(name) is { } badName)
        {
            return badName;
        }

        string region = $"region \"{name}\"";
        if (ShmNames.KeyProblem(key) is { } badKey)
        {
            return $"{region}: {badKey}";
        }

        string described = $"shared-memory region \"{name}\" (key {key})";
        string path = ShmNames.Directory + key;
        if (offset < 0 || byteSize < 1)
        {
            return $"{described}: offset must be 0 or more and byte_size 1 or more, were {offset} and {byteSize}";
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_regions.ContainsKey((caller, name)))
            {
                return $"{described}: a region named \"{name}\" is already registered; unregister it first (POST /v2/systemsharedmemory/region/{name}/unregister) or choose another name";
            }

            if (_regions.Count >= _options.MaxRegions)
            {
                return $"{described}: {_regions.Count} regions are registered, the limit Api:SharedMemory:MaxRegions ({_options.MaxRegions}); unregister one first";
            }

            if (_options.MaxTotalBytes - _totalBytes < byteSize)
            {
                return $"{described}: its byte_size {byteSize} with the {_totalBytes} bytes registered would pass Api:SharedMemory:MaxTotalBytes ({_options.MaxTotalBytes}); unregister a region or register fewer bytes";
            }

            int errno = ShmNative.TryOpen(path, out SafeFileHandle handle);
            if (errno != 0)
            {
                return $"{described}: cannot open {path}: {OpenProblem(errno)}";
            }

            string? problem = Check(handle, caller, described, path, offset, byteSize);
            if (problem is not null)
            {
                handle.Dispose();
                return problem;
            }

            _regions.Add((caller, name), new SharedMemoryRegion(name, key, offset, byteSize, caller, handle));
            _totalBytes += byteSize;
        }

        SharedMemoryLog.Registered(_logger, name, caller, key, offset, byteSize);
        return null;
    }

    /// <summary>Closes <paramref name="caller"/>'s region <paramref name="name"/>; an unknown name is no error (as Triton).</summary>
    public void Unregister(uint caller, string name)
    {
        SharedMemoryRegion? removed;
        lock (_lock)
        {
            removed = _regions.Remove((caller, name), out SharedMemoryRegion? r) ? r : null;
            if (removed is not null)
            {
                _totalBytes -= removed.ByteSize;
            }
        }

        if (removed is not null)
        {
            removed.Dispose();
            SharedMemoryLog.Unregistered(_logger, removed.Name, removed.Key, caller);
        }
    }

    /// <summary>Closes every region <paramref name="caller"/> registered.</summary>
    public void UnregisterAll(uint caller)
    {
        foreach (SharedMemoryRegion region in Regions(caller))
        {
            Unregister(caller, region.Name);
        }
    }

    /// <summary><paramref name="caller"/>'s regions, by name.</summary>
    public IReadOnlyList<SharedMemoryRegion> Regions(uint caller)
    {
        lock (_lock)
        {
            return [.. _regions.Values.Where(r => r.Owner == caller).OrderBy(r => r.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary><paramref name="caller"/>'s region <paramref name="name"/>, or the message saying it is unknown.</summary>
    public SharedMemoryRegion? Find(uint caller, string name, out string? error)
    {
        lock (_lock)
        {
            if (_regions.TryGetValue((caller, name), out SharedMemoryRegion? region))
            {
                error = null;
                return region;
            }
        }

        error = $"unknown shared-memory region \"{ShmNames.Shown(name)}\"; register it first (POST /v2/systemsharedmemory/region/NAME/register)";
        return null;
    }

    /// <summary>
    /// <paramref name="caller"/>'s region <paramref name="name"/>, ready for <paramref name="byteSize"/> bytes at
    /// <paramref name="offset"/>: known, large enough, its file still there and not shrunk. Otherwise the message;
    /// a region whose file was removed is closed here, and said once.
    /// </summary>
    public SharedMemoryRegion? Resolve(uint caller, string name, long offset, long byteSize, out string? error)
    {
        if (Find(caller, name, out error) is not { } region)
        {
            return null;
        }

        if (offset < 0 || byteSize < 0 || offset > region.ByteSize || byteSize > region.ByteSize - offset)
        {
            error = $"{region.Described} holds {region.ByteSize} bytes; shared_memory_offset {offset} and shared_memory_byte_size {byteSize} do not fit in it: register a larger region or ask for less";
            return null;
        }

        error = CheckStill(region);
        return error is null ? region : null;
    }

    /// <summary>Whether <paramref name="region"/>'s file is still there and long enough; closes it when it was removed.</summary>
    public string? CheckStill(SharedMemoryRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        int errno = region.Stat(out ShmFileStat stat);
        if (errno == ShmNative.Closed)
        {
            return region.ClosedMessage("used it");
        }

        if (errno != 0 || stat.Links == 0)
        {
            Vanish(region);
            return region.RemovedMessage;
        }

        if (stat.Size < region.Offset + region.ByteSize)
        {
            return $"{region.Described}: its file {region.FilePath} is now {stat.Size} bytes, shorter than the registered offset {region.Offset} + byte_size {region.ByteSize}; grow it back (ftruncate) or register it again";
        }

        return null;
    }

    /// <summary>Closes every region whose file was removed (the timer's work; a test calls it).</summary>
    public void Sweep()
    {
        SharedMemoryRegion[] all;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            all = [.. _regions.Values];
        }

        foreach (SharedMemoryRegion region in all)
        {
            int errno = region.Stat(out ShmFileStat stat);
            if (errno != ShmNative.Closed && (errno != 0 || stat.Links == 0))
            {
                Vanish(region);
            }
        }
    }

    public void Dispose()
    {
        _sweep.Dispose();
        SharedMemoryRegion[] all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _regions.Values];
            _regions.Clear();
            _totalBytes = 0;
        }

        foreach (SharedMemoryRegion region in all)
        {
            region.Dispose();
        }
    }

    private void Vanish(SharedMemoryRegion region)
    {
        bool removed;
        lock (_lock)
        {
            // Only the same region object: the name may have been registered again since.
            removed = _regions.TryGetValue((region.Owner, region.Name), out SharedMemoryRegion? current) && ReferenceEquals(current, region)
                && _regions.Remove((region.Owner, region.Name));
            if (removed)
            {
                _totalBytes -= region.ByteSize;
            }
        }

        if (removed)
        {
            region.CloseRemoved();
            SharedMemoryLog.Vanished(_logger, region.Name, region.Owner, region.FilePath);
        }
    }

    private string? Check(SafeFileHandle handle, uint caller, string described, string path, long offset, long byteSize)
    {
        int errno = ShmNative.TryStat(handle, out ShmFileStat stat);
        if (errno != 0)
        {
            return $"{described}: cannot stat {path}: {ShmNative.Describe(errno)}";
        }

        if (!stat.IsRegular)
        {
            return $"{described}: {path} is {stat.Kind}, not a regular file; create it with shm_open";
        }

        if (stat.Uid != caller)
        {
            // Not "or the daemon's uid" for any caller: the daemon runs as root, and root's own files in /dev/shm (other
            // services' shared memory) would then be another user's to read and overwrite through infer.
            return stat.Uid == _daemonUid
                ? $"{described}: {path} is owned by uid {stat.Uid}, the daemon's, not by the caller (uid {caller}); a region's file must be the caller's own: create it yourself"
                : $"{described}: {path} is owned by uid {stat.Uid}; a region's file must be owned by the caller (uid {caller}): create it yourself";
        }

        if (stat.Size > _options.MaxRegionBytes)
        {
            return $"{described}: {path} is {stat.Size} bytes, larger than Api:SharedMemory:MaxRegionBytes ({_options.MaxRegionBytes}); use a smaller file";
        }

        if (offset > stat.Size || byteSize > stat.Size - offset)
        {
            return $"{described}: offset {offset} + byte_size {byteSize} is past the end of {path} ({stat.Size} bytes); ftruncate it larger first or register less";
        }

        return null;
    }

    private static string OpenProblem(int errno) => errno switch
    {
        ShmNative.ENOENT => "no such file; create it first (shm_open with O_CREAT)",
        ShmNative.ELOOP => "it is a symbolic link, and the daemon does not follow links in /dev/shm; register the file itself",
        ShmNative.EISDIR => "it is a directory, not a regular file; create it with shm_open",
        ShmNative.EACCES or ShmNative.EPERM =>
            "permission denied; give the file mode 0660 and the group of the daemon's socket (fchown to its group), as the Python client does",
        ShmNative.ENXIO => "it is a device or socket nothing serves, not a regular file; create it with shm_open",
        _ => ShmNative.Describe(errno),
    };
}
