using System.Runtime.InteropServices;

namespace PiTune.Tests.Api;

/// <summary>A file in the real /dev/shm under a unique key ("/pitune-test-…"), as shm_open makes one; removed on dispose.</summary>
internal sealed partial class ShmFile : IDisposable
{
    public ShmFile(long size, string? key = null)
    {
        Key = key ?? $"/pitune-test-{Guid.NewGuid():N}";
        using (var stream = new FileStream(Path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            stream.SetLength(size);
        }

        if (!OperatingSystem.IsWindows())
        {
            // As the Python client makes it: the owner and the socket's group may read and write.
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        }
    }

    public string Key { get; }

    public string Path => "/dev/shm" + Key;

    /// <summary>A key no file has, unique to the test.</summary>
    public static string UnusedKey() => $"/pitune-test-{Guid.NewGuid():N}";

    public void Write(long offset, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(bytes);
    }

    public void Write(long offset, float[] values) => Write(offset, MemoryMarshal.AsBytes(values.AsSpan()));

    public byte[] Read(long offset, int count)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read);
        stream.Position = offset;
        byte[] bytes = new byte[count];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public float[] ReadFloats(long offset, int count) => MemoryMarshal.Cast<byte, float>(Read(offset, count * 4)).ToArray();

    public void Truncate(long size)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write);
        stream.SetLength(size);
    }

    public void Chown(int uid, int gid) => Assert.Equal(0, ChownNative(Path, uid, gid));

    public void Unlink() => File.Delete(Path);

    public void Dispose() => File.Delete(Path);

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int ChownNative(string path, int uid, int gid);
}
