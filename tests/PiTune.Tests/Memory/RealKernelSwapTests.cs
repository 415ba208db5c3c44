using System.Buffers.Binary;
using PiTune.Core.Memory;
using PiTune.Core.Metrics;
using PiTune.Core.Platform;
using PiTune.Linux.Memory;
using PiTune.Memory;
using Xunit.Abstractions;

namespace PiTune.Tests.Memory;

/// <summary>
/// The one test that touches this machine's kernel: a 16 MiB swap file of its own in a temporary folder, turned on with
/// priority 7, then off and on again by the controller through swapoff(2)/swapon(2). It never touches any other swap
/// area (it skips when the machine already uses swap) nor any vm tunable, and always removes its file.
/// xunit 2 has no dynamic skip without another package: a skip passes and prints "SKIPPED: reason" to the test output.
/// </summary>
public sealed class RealKernelSwapTests(ITestOutputHelper output)
{
    private const int Priority = 7;
    private const long Size = 16L << 20;

    [Fact]
    public async Task The_controller_turns_a_real_swap_file_off_and_on_again_with_its_priority()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip("needs Linux and root (CAP_SYS_ADMIN) for swapon/swapoff");
            return;
        }

        string folder = Path.Join(Directory.Exists("/var/tmp") ? "/var/tmp" : Path.GetTempPath(), $"pitune-swaptest-{Guid.NewGuid():N}");
        string file = Path.Join(folder, "swapfile");
        var kernel = new KernelSwapControl();
        var entry = new SwapEntry(file, "file", Size, 0, Priority);
        using var bed = new MemoryBed(new MemoryOptions { Swappiness = null, VfsCachePressure = null, DisableSwap = SwapOffMode.Always }, root: "/", swapControl: kernel);
        if (bed.Swaps().Count > 0)
        {
            Skip($"this machine already uses swap ({string.Join(", ", bed.Swaps().Select(s => s.Filename))}); the test never touches it");
            return;
        }

        Directory.CreateDirectory(folder);
        try
        {
            WriteSwapFile(file);
            SwapCallResult on = kernel.SwapOn(entry);
            if (!on.IsOk)
            {
                Skip($"the kernel refuses a swap file in {folder}: swapon failed with {on.Describe()}");
                return;
            }

            Assert.Equal(Priority, Listed(bed, file)?.Priority);
            MemoryController controller = bed.Create();
            controller.Start();

            controller.OnSnapshot(RealSnapshot(bed));
            await controller.SwapRoundTask;
            controller.OnSnapshot(RealSnapshot(bed));
            Assert.Null(Listed(bed, file));
            output.WriteLine(string.Join("\n", bed.Log.Entries.Select(e => e.Message)));

            bed.Options.Set(new MemoryOptions { Swappiness = null, VfsCachePressure = null, DisableSwap = SwapOffMode.Never });
            controller.OnSnapshot(RealSnapshot(bed));
            await controller.SwapRoundTask;
            controller.OnSnapshot(RealSnapshot(bed));

            SwapEntry? back = Listed(bed, file);
            Assert.NotNull(back);
            Assert.Equal(Priority, back.Priority);
            Assert.Equal(1, bed.Count(1623));
            Assert.Equal(1, bed.Count(1625));
            Assert.Empty(bed.Ledger.Entries);
            output.WriteLine(File.ReadAllText("/proc/swaps"));
        }
        finally
        {
            kernel.SwapOff(file);
            Directory.Delete(folder, recursive: true);
            Assert.Null(Listed(bed, file));
        }
    }

    private void Skip(string reason) => output.WriteLine($"SKIPPED: {reason}");

    private static SwapEntry? Listed(MemoryBed bed, string file) => bed.Swaps().FirstOrDefault(s => s.Filename == file);

    private static ResourceMetrics RealSnapshot(MemoryBed bed)
    {
        MemInfo m = bed.Machine.MemInfo.Read().Value;
        return new ResourceMetrics(1, bed.Time.GetUtcNow(), default,
            new MemoryMetrics(m.UsedPercent, m.TotalBytes, m.AvailableBytes, m.SwapUsedBytes, 0, 0), default, default, default);
    }

    /// <summary>
    /// What mkswap writes (include/linux/swap.h, union swap_header): version 1 and the last page at byte 1024, a UUID,
    /// and "SWAPSPACE2" in the last ten bytes of the first page. Written in full (no holes: swapon refuses sparse files).
    /// </summary>
    private static void WriteSwapFile(string path)
    {
        int page = Environment.SystemPageSize;
        byte[] header = new byte[page];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(1024), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(1028), (uint)((Size / page) - 1));
        Guid.NewGuid().TryWriteBytes(header.AsSpan(1036, 16));
        "SWAPSPACE2"u8.CopyTo(header.AsSpan(page - 10));
        using (FileStream stream = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(header);
            byte[] zeros = new byte[1 << 20];
            for (long written = page; written < Size; written += zeros.Length)
            {
                stream.Write(zeros, 0, (int)Math.Min(zeros.Length, Size - written));
            }

            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
