using Microsoft.Win32.SafeHandles;

namespace PiTune.Api.SharedMemory;

/// <summary>
/// A registered region: the held descriptor of <c>/dev/shm + key</c>, and the window [offset, offset + byte_size) of it
/// a client may name. Read and written with pread/pwrite, never mapped: a client that truncates its file would turn a
/// mapping into SIGBUS in the daemon; a pread past the end only comes back short.
/// </summary>
internal sealed class SharedMemoryRegion(string name, string key, long offset, long byteSize, uint owner, SafeFileHandle handle) : IDisposable
{
    private volatile bool _removed;

    public string Name { get; } = name;

    public string Key { get; } = key;

    /// <summary>Where the region starts in its file.</summary>
    public long Offset { get; } = offset;

    public long ByteSize { get; } = byteSize;

    /// <summary>The uid that registered it; only that uid can name it.</summary>
    public uint Owner { get; } = owner;

    public string FilePath => ShmNames.Directory + Key;

    /// <summary>"region "frames" (key /frames)", for messages.</summary>
    public string Described => $"shared-memory region \"{Name}\" (key {Key})";

    /// <summary>The message for a region whose file was unlinked, which the daemon closed.</summary>
    public string RemovedMessage => $"{Described} was removed: its file {FilePath} was unlinked, so the daemon closed it; create and register it again";

    /// <summary>fstat of the held descriptor; errno on failure, <see cref="ShmNative.Closed"/> when it was closed meanwhile (<see cref="ClosedMessage"/>).</summary>
    public int Stat(out ShmFileStat stat) => ShmNative.TryStat(handle, out stat);

    /// <summary>Fills <paramref name="target"/> from <paramref name="at"/> bytes into the region; an error message, or null.</summary>
    public string? Read(long at, Span<byte> target)
    {
        long position = Offset + at;
        try
        {
            while (!target.IsEmpty)
            {
                int n = RandomAccess.Read(handle, target, position);
                if (n == 0)
                {
                    return $"{Described}: its file {FilePath} ended at byte {position}, before the tensor's end; the client shrank it";
                }

                target = target[n..];
                position += n;
            }

            return null;
        }
        catch (ObjectDisposedException)
        {
            return ClosedMessage("read it");
        }
        catch (IOException ex)
        {
            return $"{Described}: reading {FilePath} failed: {ex.Message}";
        }
    }

    /// <summary>Writes <paramref name="source"/> at <paramref name="at"/> bytes into the region; an error message, or null.</summary>
    public string? Write(long at, ReadOnlySpan<byte> source)
    {
        try
        {
            RandomAccess.Write(handle, source, Offset + at);
            return null;
        }
        catch (ObjectDisposedException)
        {
            return ClosedMessage("wrote into it");
        }
        catch (IOException ex)
        {
            return $"{Described}: writing {FilePath} failed: {ex.Message}";
        }
    }

    /// <summary>
    /// Why a request that still holds the region finds it closed: unregistered, or closed because its file was removed
    /// (by the sweep, or another request, between this request finding it and using it), which is said as at a use.
    /// </summary>
    public string ClosedMessage(string during) => _removed ? RemovedMessage : $"{Described} was unregistered while the request {during}; register it again";

    /// <summary>Closes it because its file was removed.</summary>
    public void CloseRemoved()
    {
        _removed = true; // before the close, so whoever sees it closed sees why
        handle.Dispose();
    }

    public void Dispose() => handle.Dispose();
}
