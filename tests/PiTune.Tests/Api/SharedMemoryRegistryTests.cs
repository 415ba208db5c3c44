using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PiTune.Api.SharedMemory;
using PiTune.Tests.Support;

namespace PiTune.Tests.Api;

/// <summary>The registry's guards, on real files in /dev/shm: what a region may be, who may use it, and what happens when its file goes.</summary>
public sealed class SharedMemoryRegistryTests : IDisposable
{
    // Files the test makes are the test's own: the caller is the test's uid, the daemon another.
    private static readonly uint Caller = ShmNative.EffectiveUid();
    private static readonly uint Daemon = Caller + 4242;
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger<SharedMemoryRegistry> _log = new();
    private readonly List<IDisposable> _cleanup = [];

    [Theory]
    [InlineData("frames", "", "is 0 characters")]
    [InlineData("frames", "/", "is 1 characters")]
    [InlineData("frames", "frames", "does not start with '/'")]
    [InlineData("frames", "/a/b", "has a '/' after the first")]
    [InlineData("frames", "//a", "has a '/' after the first")]
    [InlineData("frames", "/..", "holds \"..\"")]
    [InlineData("frames", "/a..b", "holds \"..\"")]
    [InlineData("frames", "/.", "is \"/.\"")]
    [InlineData("frames", "/a b", "not printable ASCII")]
    [InlineData("frames", "/é", "not printable ASCII")]
    [InlineData("bad/name", "/frames", "may hold only letters")]
    [InlineData("", "/frames", "a region name is 1 to 128 characters")]
    public void A_key_or_name_that_is_not_a_shm_name_is_refused_naming_it(string name, string key, string expected)
    {
        using SharedMemoryRegistry registry = Registry();

        string? error = registry.Register(Caller, name, key, 0, 16);

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void A_key_longer_than_a_file_name_is_refused()
    {
        using SharedMemoryRegistry registry = Registry();

        string? error = registry.Register(Caller, "frames", "/" + new string('a', 255), 0, 16);

        Assert.Contains("is 256 characters; a key is 2 to 255", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_in_dev_shm_is_refused_even_to_a_good_file()
    {
        ShmFile target = File(4096);
        string link = ShmFile.UnusedKey();
        System.IO.File.CreateSymbolicLink("/dev/shm" + link, target.Path);
        _cleanup.Add(new Deleter("/dev/shm" + link));
        using SharedMemoryRegistry registry = Registry();

        string? error = registry.Register(Caller, "frames", link, 0, 16);

        Assert.Contains($"shared-memory region \"frames\" (key {link}): cannot open /dev/shm{link}: it is a symbolic link", error, StringComparison.Ordinal);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void A_directory_or_a_fifo_is_refused_as_not_a_regular_file()
    {
        string dir = ShmFile.UnusedKey();
        Directory.CreateDirectory("/dev/shm" + dir);
        _cleanup.Add(new Deleter("/dev/shm" + dir, directory: true));
        string fifo = ShmFile.UnusedKey();
        Fifo.Create("/dev/shm" + fifo);
        _cleanup.Add(new Deleter("/dev/shm" + fifo));
        using SharedMemoryRegistry registry = Registry();

        Assert.Contains("it is a directory, not a regular file", registry.Register(Caller, "d", dir, 0, 16), StringComparison.Ordinal);
        Assert.Contains($"/dev/shm{fifo} is a FIFO, not a regular file", registry.Register(Caller, "f", fifo, 0, 16), StringComparison.Ordinal);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void A_missing_file_is_refused_saying_to_create_it()
    {
        using SharedMemoryRegistry registry = Registry();
        string key = ShmFile.UnusedKey();

        Assert.Contains($"cannot open /dev/shm{key}: no such file; create it first", registry.Register(Caller, "frames", key, 0, 16), StringComparison.Ordinal);
    }

    [RootFact]
    public void A_file_owned_by_another_uid_is_refused()
    {
        RootFactAttribute.Require();
        ShmFile file = File(4096);
        file.Chown(65534, 65534);
        using SharedMemoryRegistry registry = Registry();

        string? error = registry.Register(Caller, "frames", file.Key, 0, 16);

        Assert.Contains($"{file.Path} is owned by uid 65534; a region's file must be owned by the caller (uid {Caller})", error, StringComparison.Ordinal);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void A_file_owned_by_the_daemons_uid_is_the_daemons_callers_only()
    {
        ShmFile file = File(4096); // the test's, standing for the daemon's own below
        using SharedMemoryRegistry registry = Registry(daemonUid: Caller);

        // The daemon runs as root, and root's files in /dev/shm are other services' shared memory: a user naming one must not read or write it.
        Assert.Contains($"{file.Path} is owned by uid {Caller}, the daemon's, not by the caller (uid {Caller + 1})", registry.Register(Caller + 1, "frames", file.Key, 0, 16), StringComparison.Ordinal);
        Assert.Null(registry.Register(Caller, "frames", file.Key, 0, 16));
    }

    [Fact]
    public void A_file_larger_than_the_cap_is_refused_naming_the_key()
    {
        ShmFile file = File(8192);
        using SharedMemoryRegistry registry = Registry(new SharedMemoryOptions { MaxRegionBytes = 4096 });

        string? error = registry.Register(Caller, "frames", file.Key, 0, 16);

        Assert.Contains("is 8192 bytes, larger than Api:SharedMemory:MaxRegionBytes (4096)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, 4097L, "offset 0 + byte_size 4097 is past the end")]
    [InlineData(4000L, 97L, "offset 4000 + byte_size 97 is past the end")]
    [InlineData(4097L, 1L, "offset 4097 + byte_size 1 is past the end")]
    [InlineData(long.MaxValue, 2L, "is past the end")]
    [InlineData(2L, long.MaxValue, "is past the end")]
    [InlineData(-1L, 16L, "offset must be 0 or more and byte_size 1 or more, were -1 and 16")]
    [InlineData(0L, 0L, "offset must be 0 or more and byte_size 1 or more, were 0 and 0")]
    public void Offset_and_size_past_the_file_or_overflowing_are_refused(long offset, long byteSize, string expected)
    {
        ShmFile file = File(4096);
        using SharedMemoryRegistry registry = Registry(new SharedMemoryOptions { MaxTotalBytes = long.MaxValue });

        string? error = registry.Register(Caller, "frames", file.Key, offset, byteSize);

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void The_region_limit_and_the_total_bytes_limit_are_refused_naming_their_keys()
    {
        ShmFile file = File(4096);
        using SharedMemoryRegistry registry = Registry(new SharedMemoryOptions { MaxRegions = 2, MaxTotalBytes = 3000 });

        Assert.Null(registry.Register(Caller, "a", file.Key, 0, 1000));
        Assert.Contains("with the 1000 bytes registered would pass Api:SharedMemory:MaxTotalBytes (3000)", registry.Register(Caller, "b", file.Key, 0, 2001), StringComparison.Ordinal);
        Assert.Null(registry.Register(Caller, "b", file.Key, 1000, 2000));
        Assert.Contains("2 regions are registered, the limit Api:SharedMemory:MaxRegions (2)", registry.Register(Caller, "c", file.Key, 0, 1), StringComparison.Ordinal);

        registry.Unregister(Caller, "a");
        Assert.Null(registry.Register(Caller, "c", file.Key, 0, 1000));
    }

    [Fact]
    public void A_name_already_registered_is_refused_naming_it()
    {
        ShmFile file = File(4096);
        using SharedMemoryRegistry registry = Registry();

        Assert.Null(registry.Register(Caller, "frames", file.Key, 0, 16));
        Assert.Contains("a region named \"frames\" is already registered", registry.Register(Caller, "frames", file.Key, 0, 16), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_uid_naming_a_region_is_told_it_is_unknown_and_cannot_unregister_it()
    {
        ShmFile file = File(4096);
        using SharedMemoryRegistry registry = Registry();
        Assert.Null(registry.Register(Caller, "frames", file.Key, 0, 16));

        Assert.Null(registry.Resolve(Caller + 1, "frames", 0, 16, out string? error));
        Assert.Contains("unknown shared-memory region \"frames\"", error, StringComparison.Ordinal);
        Assert.Empty(registry.Regions(Caller + 1));
        registry.Unregister(Caller + 1, "frames");
        registry.UnregisterAll(Caller + 1);

        Assert.NotNull(registry.Resolve(Caller, "frames", 0, 16, out error));
        Assert.Null(error);
    }

    [Fact]
    public void A_tensor_past_the_regions_end_is_refused_before_any_read()
    {
        ShmFile file = File(4096);
        using SharedMemoryRegistry registry = Registry();
        Assert.Null(registry.Register(Caller, "frames", file.Key, 1000, 100));

        Assert.Null(registry.Resolve(Caller, "frames", 50, 51, out string? error));
        Assert.Contains($"shared-memory region \"frames\" (key {file.Key}) holds 100 bytes; shared_memory_offset 50 and shared_memory_byte_size 51 do not fit", error, StringComparison.Ordinal);
        Assert.Null(registry.Resolve(Caller, "frames", long.MaxValue, long.MaxValue, out error));
        Assert.NotNull(registry.Resolve(Caller, "frames", 50, 50, out error));
    }

    [Fact]
    public void Reads_and_writes_land_at_the_regions_offset_in_the_file()
    {
        ShmFile file = File(4096);
        file.Write(1010, [1, 2, 3, 4]);
        using SharedMemoryRegistry registry = Registry();
        Assert.Null(registry.Register(Caller, "frames", file.Key, 1000, 100));
        SharedMemoryRegion region = registry.Resolve(Caller, "frames", 10, 4, out _)!;

        byte[] read = new byte[4];
        Assert.Null(region.Read(10, read));
        Assert.Null(region.Write(20, [9, 8, 7]));

        Assert.Equal([1, 2, 3, 4], read);
        Assert.Equal([9, 8, 7], file.Read(1020, 3));
    }

    [Fact]
    public void A_file_removed_after_register_is_closed_at_its_next_use_and_said_once()
    {
        ShmFile file = File(4096);
        using SharedMemoryRegistry registry = Registry();
        Assert.Null(registry.Register(Caller, "frames", file.Key, 0, 100));
        file.Unlink();

        Assert.Null(registry.Resolve(Caller, "frames", 0, 100, out string? error));
        Assert.Contains($"shared-memory region \"frames\" (key {file.Key}) was removed: its file {file.Path} was unlinked", error, StringComparison.Ordinal);
        Assert.Null(registry.Resolve(Caller, "frames", 0, 100, out error));
        Assert.Contains("unknown shared-memory region \"frames\"", error, StringComparison.Ordinal);

        Assert.Equal(0, registry.Count);
        Assert.Single(_log.Entries, e => e.Id.Id == 3252 && e.Level == LogLevel.Information);
    }

    [Fact]
    public void The_sweep_closes_a_region_whose_file_was_removed_without_waiting_for_a_use()
    {
        ShmFile kept = File(4096);
        ShmFile removed = File(4096);
        using SharedMemoryRegistry registry = Registry(new SharedMemoryOptions { MaxTotalBytes = 200 });
        Assert.Null(registry.Register(Caller, "kept", kept.Key, 0, 100));
        Assert.Null(registry.Register(Caller, "gone", removed.Key, 0, 100));
        removed.Unlink();

        _time.Advance(SharedMemoryRegistry.SweepInterval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, registry.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["kept"], registry.Regions(Caller).Select(r => r.Name));
        Assert.Contains(_log.Entries, e => e.Id.Id == 3252 && e.Message.Contains("gone", StringComparison.Ordinal));
        Assert.Null(registry.Register(Caller, "again", kept.Key, 0, 100)); // the removed region's bytes no longer count
    }

    [Fact]
    public void A_file_truncated_after_register_is_refused_naming_it_and_works_again_when_grown_back()
    {
        ShmFile file = File(4096);
        using SharedMemoryRegistry registry = Registry();
        Assert.Null(registry.Register(Caller, "frames", file.Key, 0, 4096));
        SharedMemoryRegion region = registry.Resolve(Caller, "frames", 0, 4096, out _)!;
        file.Truncate(100);

        Assert.Null(registry.Resolve(Caller, "frames", 0, 16, out string? error));
        Assert.Contains("is now 100 bytes, shorter than the registered offset 0 + byte_size 4096; grow it back", error, StringComparison.Ordinal);
        // A read that raced the truncate comes back short, not as a crash.
        Assert.Contains("ended at byte 100", region.Read(0, new byte[4096]), StringComparison.Ordinal);

        file.Truncate(4096);
        Assert.NotNull(registry.Resolve(Caller, "frames", 0, 16, out error));
    }

    [Fact]
    public void A_region_the_sweep_closes_while_a_request_holds_it_is_said_to_be_removed_not_unregistered()
    {
        // The request found the region; the sweep closed it (its file was unlinked) before the request looked at it.
        ShmFile file = File(4096);
        using SharedMemoryRegistry registry = Registry();
        Assert.Null(registry.Register(Caller, "in", file.Key, 0, 64));
        SharedMemoryRegion held = registry.Resolve(Caller, "in", 0, 8, out _)!;
        file.Unlink();
        registry.Sweep();

        string removed = $"shared-memory region \"in\" (key {file.Key}) was removed: its file {file.Path} was unlinked, so the daemon closed it; create and register it again";
        Assert.Equal(removed, registry.CheckStill(held));
        Assert.Equal(removed, held.Read(0, new byte[8]));
        Assert.Equal(removed, held.Write(0, [1, 2, 3]));
        Assert.Single(_log.Entries, e => e.Id.Id == 3252);
    }

    [Fact]
    public void A_region_unregistered_while_a_request_holds_it_is_said_to_be_unregistered_not_removed()
    {
        ShmFile file = File(4096);
        using SharedMemoryRegistry registry = Registry();
        Assert.Null(registry.Register(Caller, "out", file.Key, 0, 64));
        SharedMemoryRegion held = registry.Resolve(Caller, "out", 0, 8, out _)!;

        registry.Unregister(Caller, "out");

        Assert.Equal($"shared-memory region \"out\" (key {file.Key}) was unregistered while the request used it; register it again", registry.CheckStill(held));
        Assert.Contains("was unregistered", held.Write(0, [1, 2, 3]), StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Entries, e => e.Id.Id == 3252);
        Assert.Equal(new byte[3], file.Read(0, 3));
    }

    [RootFact]
    public void Unregistering_all_closes_only_the_callers_regions_and_dispose_closes_the_rest()
    {
        RootFactAttribute.Require();
        ShmFile file = File(4096);
        ShmFile nobodys = File(4096);
        nobodys.Chown(65534, 65534);
        SharedMemoryRegistry registry = Registry();
        Assert.Null(registry.Register(Caller, "a", file.Key, 0, 16));
        Assert.Null(registry.Register(Caller, "b", file.Key, 0, 16));
        Assert.Null(registry.Register(65534, "a", nobodys.Key, 0, 16));
        SharedMemoryRegion other = registry.Resolve(65534, "a", 0, 16, out _)!;

        registry.UnregisterAll(Caller);
        Assert.Equal(1, registry.Count);
        Assert.Null(other.Read(0, new byte[16]));

        registry.Dispose();
        Assert.Equal(0, registry.Count);
        Assert.Contains("was unregistered", other.Read(0, new byte[16]), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (IDisposable d in _cleanup)
        {
            d.Dispose();
        }
    }

    private SharedMemoryRegistry Registry(SharedMemoryOptions? options = null, uint? daemonUid = null) =>
        new(options ?? new SharedMemoryOptions(), _time, _log, daemonUid ?? Daemon);

    private ShmFile File(long size)
    {
        var file = new ShmFile(size);
        _cleanup.Add(new Deleter(file.Path));
        return file;
    }

    private sealed class Deleter(string path, bool directory = false) : IDisposable
    {
        public void Dispose()
        {
            if (directory)
            {
                Directory.Delete(path);
            }
            else
            {
                System.IO.File.Delete(path);
            }
        }
    }
}
